"""The real pipeline on the bundled sample articles: contacts, dates, merging, provenance."""

from __future__ import annotations

from diplo.export import position_records
from diplo.store import Store
from diplo.writer import ingest
from tests.conftest import SAMPLES


def find(contacts: list[dict], *surnames: str, date: str) -> list[dict]:
    return [c for c in contacts if c["date"] == date
            and all(any(s in p["label"] for p in c["participants"]) for s in surnames)]


def test_one_call_reported_by_five_articles_is_one_event_with_five_sources(sample_contacts):
    [call] = find(sample_contacts, "Lecornu", "Shoigu", date="2024-04-03")
    assert call["kind"] == "phone_call" and call["date_precision"] == "day"
    assert sorted({s["document"] for s in call["sources"]}) == sorted(p.stem for p in SAMPLES.glob("*.txt"))
    assert call["duration_minutes"] == 60
    assert call["initiator"]["country"] == "FR"
    assert {p["country"] for p in call["participants"]} == {"FR", "RU"}


def test_earlier_contacts_known_from_first_since_and_last_time_phrases(sample_contacts):
    [previous] = find(sample_contacts, "Lecornu", "Shoigu", date="2022-10-23")
    assert previous["kind"] == "phone_call" and previous["source_count"] == 5


def test_month_dates_keep_month_precision(sample_contacts):
    [lavrov_blinken] = find(sample_contacts, "Lavrov", "Blinken", date="2023-04")
    assert lavrov_blinken["date_precision"] == "month" and lavrov_blinken["source_count"] == 3
    # "le mois précédent" is read against April 2023 in the same sentence, not the article's date
    [shoigu_austin] = find(sample_contacts, "Shoigu", "Austin", date="2023-03")
    assert shoigu_austin["source_count"] == 3


def test_presidents_calls_and_visit(sample_contacts):
    assert find(sample_contacts, "Macron", "Putin", date="2022-09")
    [visit] = find(sample_contacts, "Macron", "Putin", date="2022-02")
    assert visit["kind"] in ("visit", "meeting")


def test_negated_and_hypothetical_mentions_are_not_contacts(sample_contacts):
    # "rien n'indique qu'il s'y parle directement avec des responsables occidentaux" (Lavrov, G20)
    # "il y aurait des contacts ... plutôt que des pourparlers directs avec Poutine" (Macron)
    assert all(c["date"] for c in sample_contacts)
    assert not [c for c in sample_contacts if c["date"] and c["date"].startswith("2024-03")]
    assert len(sample_contacts) == len({(c["date"], tuple(sorted(p["label"] for p in c["participants"])))
                                        for c in sample_contacts})


def test_every_source_points_at_its_sentence(sample_store, sample_contacts):
    with Store.open_for_reading(sample_store) as store:
        texts = {row["document"]: row["text"] for row in store.select_named("article-text")}
    assert set(texts) == {p.stem for p in SAMPLES.glob("*.txt")}
    for contact in sample_contacts:
        for source in contact["sources"]:
            assert texts[source["document"]][source["start"]:source["end"]] == source["sentence"]


def test_positions_name_holder_stance_and_source(sample_store):
    with Store.open_for_reading(sample_store) as store:
        positions = position_records(store)
    condemnations = [p for p in positions if p["stance"] == "condemn" and "Lecornu" in p["holder"]["label"]]
    assert condemnations and all(p["sources"] for p in condemnations)
    assert {p["stance"] for p in positions} >= {"condemn", "offer", "deny", "demand", "warn"}


def test_reingesting_an_article_replaces_it_and_duplicates_nothing(tmp_path):
    store_path = tmp_path / "store"
    ingest([SAMPLES], store_path, progress=False)
    with Store.open_for_reading(store_path) as store:
        first = sorted(str(q) for q in store.quads() if "graph/registry" not in str(q.graph_name)
                       and "generatedAtTime" not in str(q.predicate))
    ingest([SAMPLES / "001_bfcc9a164cfeb27e.txt"], store_path, progress=False)
    with Store.open_for_reading(store_path) as store:
        second = sorted(str(q) for q in store.quads() if "graph/registry" not in str(q.graph_name)
                        and "generatedAtTime" not in str(q.predicate))
    assert first == second
