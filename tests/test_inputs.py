"""Every input form goes through the real pipeline: HTML, JSON Lines, other encodings, long
texts, English; and what must not be a contact is not one."""

from __future__ import annotations

import html
import json

import pytest

from diplo.export import contact_records
from diplo.store import Store
from ingest.analyse import pipeline
from diplo.writer import ingest
from tests.conftest import FIXTURES, SAMPLES

SEED = SAMPLES / "000_d5955d1b45ef4db1.txt"


def contacts_of(store_path) -> list[dict]:
    with Store.open_for_reading(store_path) as store:
        return contact_records(store)


def pairs(contacts: list[dict]) -> set[tuple[str, tuple[str, ...]]]:
    return {(c["date"], tuple(sorted(p["label"].split()[-1] for p in c["participants"]))) for c in contacts}


def test_html_page_is_reduced_to_its_article(tmp_path):
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in SEED.read_text(encoding="utf-8").split("\n") if p.strip())
    page = (f"<html><head><title>Défense</title></head><body><nav><a href='/'>Accueil</a> | <a href='/monde'>Monde</a>"
            f"</nav><article><h1>Lecornu et Choïgou</h1>{paragraphs}</article>"
            f"<footer>Nous utilisons des cookies. © 2024 Exemple</footer></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    report = ingest([tmp_path / "page.html"], tmp_path / "store", progress=False)
    assert report.articles == 1 and not report.rejected
    found = contacts_of(tmp_path / "store")
    assert ("2022-10-23", ("Lecornu", "Shoigu")) in pairs(found)
    assert {s["document"] for c in found for s in c["sources"]} == {"page"}


def test_json_lines_records_are_articles_named_by_their_id(tmp_path):
    records = [{"id": f"wire-{p.stem[:3]}", "text": p.read_text(encoding="utf-8"), "language": "fr"}
               for p in sorted(SAMPLES.glob("*.txt"))]
    (tmp_path / "batch.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    ingest([tmp_path / "batch.jsonl"], tmp_path / "store", progress=False)
    [call] = [c for c in contacts_of(tmp_path / "store") if c["date"] == "2024-04-03"]
    assert sorted({s["document"] for s in call["sources"]}) == sorted(r["id"] for r in records)


def test_windows_1252_article_is_extracted_like_the_utf8_one(tmp_path):
    (tmp_path / "latin.txt").write_bytes(SEED.read_text(encoding="utf-8").replace("’", "'").encode("cp1252"))
    ingest([tmp_path / "latin.txt"], tmp_path / "store", progress=False)
    assert ("2023-04", ("Blinken", "Lavrov")) in pairs(contacts_of(tmp_path / "store"))


def test_text_longer_than_spacys_limit_is_cut_not_fatal(tmp_path, monkeypatch):
    nlp = pipeline("fr")
    monkeypatch.setattr(nlp, "max_length", 2000)  # the seed article is longer than this
    ingest([SEED], tmp_path / "store", progress=False)
    assert len(SEED.read_text(encoding="utf-8")) > nlp.max_length
    assert ("2022-10-23", ("Lecornu", "Shoigu")) in pairs(contacts_of(tmp_path / "store"))


AUTHORED = FIXTURES / "authored"  # stories written for the tests about real office holders; none happened


def test_planned_and_cancelled_meetings_are_not_contacts(tmp_path):
    ingest([AUTHORED / "annulation.txt"], tmp_path / "store", progress=False)
    found = pairs(contacts_of(tmp_path / "store"))
    # the Monday call is a contact; the Friday meeting it arranged was cancelled
    assert ("2019-03-11", ("Kagame", "Kenyatta")) in found
    assert not [p for p in found if p[0] in ("2019-03-08", "2019-03-15")]
    # "un sommet ... a été évoqué, mais aucune date n'a été fixée": no contact with Widodo
    assert not [p for p in found if "Widodo" in p[1]]


def test_relative_dates_use_the_metadata_date(tmp_path):
    ingest([AUTHORED / "appel.txt", AUTHORED / "visite.txt"], tmp_path / "store", progress=False)
    found = pairs(contacts_of(tmp_path / "store"))
    assert ("2021-06-09", ("Kagame", "Kenyatta")) in found  # "mercredi" before Thursday 10 June 2021
    assert ("2021-02", ("Kagame", "Kenyatta")) in found  # "depuis février dernier"
    assert ("2021-08-02", ("Kenyatta", "Widodo")) in found  # "lundi", published that Monday
    assert ("2021-07-14", ("Kenyatta", "Widodo")) in found  # "le 14 juillet", the year from the reference


@pytest.mark.parametrize("name", ["scheduled.txt"])
def test_english_article_is_recognised_and_ingested(tmp_path, name):
    report = ingest([AUTHORED / name], tmp_path / "store", progress=False)
    assert report.articles == 1 and not report.rejected
    found = pairs(contacts_of(tmp_path / "store"))
    assert ("2022-05-18", ("Kenyatta", "Marsudi")) in found
    # "We have a scheduled call. We'll see if that works out.": planned, not held
    assert not [p for p in found if "Kagame" in p[1]]
