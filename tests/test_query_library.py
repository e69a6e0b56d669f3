"""Each named query's behaviour on a small graph built here, through the real RDF mapping and merge.

The graph: four articles about registry officials, with known dates, precisions, sources,
positions and one dispute, so that every answer below is known in advance.
"""

from __future__ import annotations

import datetime as dt

import pytest

import queries
from diplo import rdf
from diplo.errors import QueryError, UsageError
from diplo.namespaces import REGISTRY_GRAPH, article_graph
from diplo.store import Store
from ingest.model import Article, ContactClaim, Evidence, Extraction, PartialDate, PositionClaim
from diplo.merging import rebuild_merged_graph
from ingest.registry import load_registry


def person(name: str, date: PartialDate | None = None):
    registry = load_registry()
    return next(p for p in registry.people.values() if p.name == name).actor(date)


def article(doc_id: str, sentences: list[str]) -> tuple[Extraction, list[Evidence]]:
    text = " ".join(sentences)
    evidence, start = [], 0
    for sentence in sentences:
        evidence.append(Evidence(sentence, start, start + len(sentence)))
        start += len(sentence) + 1
    return Extraction(Article(doc_id, f"{doc_id}.txt", text, "en", title=f"Report {doc_id}")), evidence


def call(doc_id: str, evidence: Evidence, names: tuple[str, str], date: PartialDate, ordinal: int,
         kind: str = "phone_call", **details) -> ContactClaim:
    return ContactClaim(doc_id, kind, [person(n, date) for n in names], date, [evidence], ordinal=ordinal, **details)


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    lavrov_blinken = ("Sergey Lavrov", "Antony Blinken")
    first, ev1 = article("first", ["Lavrov and Blinken spoke by phone in April 2023.",
                                   "Moscow denied any plan to attack.", "Washington said an attack was planned."])
    first.contacts.append(call("first", ev1[0], lavrov_blinken, PartialDate(2023, 4), 0))
    first.positions += [
        PositionClaim("first", person("Sergey Lavrov"), "deny", "plan to attack", ev1[1], ordinal=0),
        PositionClaim("first", person("Antony Blinken"), "assert", "an attack was planned", ev1[2], ordinal=1)]
    second, ev2 = article("second", ["The two ministers had a call in April 2023."])
    second.contacts.append(call("second", ev2[0], lavrov_blinken, PartialDate(2023, 4), 0))
    lecornu_shoigu = ("Sébastien Lecornu", "Sergei Shoigu")
    third, ev3 = article("third", ["Lecornu called Shoigu on 23 October 2022.",
                                   "Lecornu called Shoigu again on 3 April 2024 for an hour.",
                                   "In June 2024 Lecornu met Belousov."])
    third.contacts += [
        call("third", ev3[0], lecornu_shoigu, PartialDate(2022, 10, 23), 0),
        call("third", ev3[1], lecornu_shoigu, PartialDate(2024, 4, 3), 1, duration_minutes=60,
             initiator=person("Sébastien Lecornu")),
        call("third", ev3[2], ("Sébastien Lecornu", "Andrei Belousov"), PartialDate(2024, 6), 2, kind="meeting")]
    fourth, ev4 = article("fourth", ["Macron and Putin spoke in 2022.", "Paris denied it had offered talks.",
                                     "The Elysee offered talks."])
    fourth.contacts.append(call("fourth", ev4[0], ("Emmanuel Macron", "Vladimir Putin"), PartialDate(2022), 0))
    fourth.positions += [  # a denial answering a claim of the same country is no dispute
        PositionClaim("fourth", person("Emmanuel Macron"), "deny", "offered talks", ev4[1], ordinal=0),
        PositionClaim("fourth", person("Emmanuel Macron"), "offer", "talks", ev4[2], ordinal=1)]
    path = tmp_path_factory.mktemp("small") / "store"
    with Store.open_for_writing(path) as store:
        store.replace_graph(REGISTRY_GRAPH, rdf.registry_quads(load_registry()))
        for extraction in (first, second, third, fourth):
            quads, shared = rdf.article_quads(extraction, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
            store.replace_graph(article_graph(extraction.article.doc_id), quads, shared)
        rebuild_merged_graph(store)
    return path


def ask(store_path, name: str, **params) -> list[dict]:
    with Store.open_for_reading(store_path) as store:
        return queries.run(store, queries.named(name), params)[1]


def test_contacts_between_people_by_any_name_and_case(small_store):
    [april] = ask(small_store, "contacts-between", actor1="LAVROV", actor2="antony blinken")
    assert (april["date"], april["date_precision"], april["kind"], april["sources"]) == ("2023-04", "month",
                                                                                         "phone_call", 2)
    calls = ask(small_store, "contacts-between", actor1="Lecornu", actor2="Choïgou")
    assert [(c["date"], c["date_precision"]) for c in calls] == [("2022-10-23", "day"), ("2024-04-03", "day")]
    assert (calls[1]["duration_minutes"], calls[1]["initiator"]) == (60, "Sébastien Lecornu")
    assert calls[0]["duration_minutes"] is None and calls[0]["initiator"] is None


def test_contacts_between_countries_and_in_a_period(small_store):
    both = ask(small_store, "contacts-between", actor1="France", actor2="RU")
    assert [(c["date"], c["participant2"]) for c in both] == [
        ("2022", "Vladimir Putin"), ("2022-10-23", "Sergei Shoigu"), ("2024-04-03", "Sergei Shoigu"),
        ("2024-06", "Andrei Belousov")]
    later = ask(small_store, "contacts-between", actor1="France", actor2="Russia", **{"from": "2024-04-04"})
    assert [c["date"] for c in later] == ["2024-06"]
    # a year-precision contact lies in any period that overlaps its year
    assert [c["date"] for c in ask(small_store, "contacts-between", actor1="Macron", actor2="Putin",
                                   **{"from": "2022-06-01", "to": "2022-06-30"})] == ["2022"]


def test_a_parameter_is_data_not_sparql(small_store):
    # looked up as one literal: no actor has that name, and no other query ran
    with pytest.raises(UsageError, match="no actor matches 'lavrov\" \\) } } SELECT"):
        ask(small_store, "contacts-between", actor1='lavrov" ) } } SELECT * WHERE { ?s ?p ?o } #', actor2="Blinken")


def test_a_date_parameter_must_be_an_iso_date(small_store):
    with pytest.raises(UsageError, match=r"from='01/04/2023' is not an ISO date: give YYYY, YYYY-MM or YYYY-MM-DD"):
        ask(small_store, "actor-timeline", actor="Lavrov", **{"from": "01/04/2023"})
    with pytest.raises(UsageError, match="before='2024-13' is not an ISO date"):
        ask(small_store, "last-contact-before", actor1="Lavrov", actor2="Blinken", before="2024-13")
    assert ask(small_store, "actor-timeline", actor="Lavrov", **{"from": "2023", "to": "2023-04-30"})


def test_an_actor_that_nothing_matches_is_named(small_store):
    with pytest.raises(UsageError, match="no actor matches 'Nobody Atall'"):
        ask(small_store, "actor-timeline", actor="Nobody Atall")
    assert ask(small_store, "actor-timeline", actor="RU")  # a country code is a key too


def test_a_mistyped_query_name_suggests_the_closest():
    with pytest.raises(QueryError, match="no query named 'contact-between' \\(did you mean 'contacts-between'\\?"):
        queries.named("contact-between")


def test_parameters_are_checked(small_store):
    with Store.open_for_reading(small_store) as store:
        with pytest.raises(UsageError, match="needs --param actor2"):
            queries.run(store, queries.named("contacts-between"), {"actor1": "Lavrov"})
        with pytest.raises(UsageError, match="has no parameter year"):
            queries.run(store, queries.named("contacts-between"), {"actor1": "a", "actor2": "b", "year": "2024"})


def test_last_contact_before_and_the_gap_before_each_contact(small_store):
    [last] = ask(small_store, "last-contact-before", actor1="Shoigu", actor2="Lecornu", before="2024-04-03")
    assert last["date"] == "2022-10-23"
    gaps = ask(small_store, "contact-gaps", actor1="Lecornu", actor2="Shoigu")
    assert [(g["date"], g["previous"]) for g in gaps] == [("2022-10-23", None), ("2024-04-03", "2022-10-23")]


def test_the_gap_before_a_contact_with_a_country_counts_each_of_its_officials(small_store):
    # Belousov is not Shoigu, but both are Russia: Lecornu's June meeting comes after his April call
    gaps = ask(small_store, "contact-gaps", actor1="Lecornu", actor2="Russia")
    assert [(g["date"], g["previous"]) for g in gaps] == [
        ("2022-10-23", None), ("2024-04-03", "2022-10-23"), ("2024-06", "2024-04-03")]
    assert ask(small_store, "contact-gaps", actor1="Russia", actor2="Russia") == []


def test_contacts_by_office_follow_the_holder_at_the_date(small_store):
    rows = ask(small_store, "contacts-by-office", office1="defence_minister", country1="FR",
               office2="defence_minister", country2="Russia")
    assert [(r["date"], r["holder2"]) for r in rows] == [
        ("2022-10-23", "Sergei Shoigu"), ("2024-04-03", "Sergei Shoigu"), ("2024-06", "Andrei Belousov")]


def test_actor_timeline_and_counterparts(small_store):
    timeline = ask(small_store, "actor-timeline", actor="Lecornu")
    assert [(r["date"], r["kind"], r["counterpart"], r["counterpart_country"]) for r in timeline] == [
        ("2022-10-23", "phone_call", "Sergei Shoigu", "RU"), ("2024-04-03", "phone_call", "Sergei Shoigu", "RU"),
        ("2024-06", "meeting", "Andrei Belousov", "RU")]
    assert [r["date"] for r in ask(small_store, "actor-timeline", actor="Lecornu", to="2023")] == ["2022-10-23"]
    counterparts = ask(small_store, "actor-counterparts", actor="Lecornu")
    assert [(r["counterpart"], r["contacts"], r["first"], r["last"]) for r in counterparts] == [
        ("Sergei Shoigu", 2, "2022-10-23", "2024-04-03"), ("Andrei Belousov", 1, "2024-06", "2024-06")]


def test_positions_with_their_sentences(small_store):
    [denial] = ask(small_store, "positions", actor="Lavrov", stance="deny")
    assert (denial["holder"], denial["document"], denial["sentence"]) == (
        "Sergey Lavrov", "first", "Moscow denied any plan to attack.")
    assert {r["stance"] for r in ask(small_store, "positions", actor="France")} == {"deny", "offer"}


def test_disputed_claims_pair_a_denial_with_another_countrys_claim(small_store):
    [dispute] = ask(small_store, "disputed-claims")
    assert (dispute["document"], dispute["denier"], dispute["claimant"], dispute["claim_stance"]) == (
        "first", "Sergey Lavrov", "Antony Blinken", "assert")
    assert dispute["denial_sentence"] == "Moscow denied any plan to attack."
    assert ask(small_store, "disputed-claims", actor="Blinken") == [dispute]
    assert ask(small_store, "disputed-claims", actor="United States") == [dispute]
    assert ask(small_store, "disputed-claims", actor="Macron") == []


def test_single_source_events_come_first(small_store):
    rows = ask(small_store, "single-source-events", actor="Russia")
    assert [(r["date"], r["sources"]) for r in rows] == [
        ("2022", 1), ("2022-10-23", 1), ("2024-04-03", 1), ("2024-06", 1), ("2023-04", 2)]
    assert set(rows[-1]["participants"].split("; ")) == {"Sergey Lavrov", "Antony Blinken"}


def test_provenance_of_an_event(small_store):
    [april] = ask(small_store, "contacts-between", actor1="Lavrov", actor2="Blinken")
    sources = ask(small_store, "provenance", event=april["event"])
    assert [(s["document"], s["sentence"]) for s in sources] == [
        ("first", "Lavrov and Blinken spoke by phone in April 2023."),
        ("second", "The two ministers had a call in April 2023.")]
