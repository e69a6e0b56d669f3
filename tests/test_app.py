"""The Streamlit page (app.py) driven by streamlit.testing's AppTest on real ingested stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from diplo.writer import ingest
from tests.conftest import write_article

APP = str(Path(__file__).resolve().parent.parent / "app.py")
HOSTILE_ARTICLE = """Appel entre Paris et Kiev

Paris, le 14 mars 2024 - Le ministre français des Affaires étrangères, Stéphane Séjourné, s'est entretenu par \
téléphone mercredi avec son homologue ukrainien Dmytro Kouleba <script>window.diploXss = 1</script>\
<img src=x onerror="window.diploXss = 2"> [lien](javascript:alert(1)).

Les deux ministres ont évoqué la situation sur le front.
"""


def open_page(monkeypatch, store: Path, **query) -> AppTest:
    monkeypatch.setenv("DIPLO_STORE", str(store))
    page = AppTest.from_file(APP, default_timeout=120)
    for name, value in query.items():
        page.query_params[name] = value
    return page.run()


def timeline_spec(page: AppTest) -> dict:
    [chart] = [c for c in page.get("plotly_chart") if c.proto.id and "timeline" in c.proto.id]
    return json.loads(chart.proto.spec)


def shown_caption(page: AppTest) -> str:
    return next(c.value for c in page.caption if "contact events" in c.value)


def all_markdown(page: AppTest) -> str:
    return "\n".join(m.value for m in page.markdown)


def test_timeline_draws_every_sample_contact_as_spans(monkeypatch, sample_store):
    page = open_page(monkeypatch, sample_store)
    assert not page.exception
    assert shown_caption(page).startswith("6 of 6 contact events")
    traces = timeline_spec(page)["data"]
    rows = {row for trace in traces for row in trace["y"]}
    assert "Antony Blinken — Sergey Lavrov" in rows and "Sergei Shoigu — Sébastien Lecornu" in rows
    call = next(t for t in traces if t["name"] == "phone call")
    april = call["y"].index("Antony Blinken — Sergey Lavrov")
    # "avril 2023" is a month: a bar from 1 April over 30 days, not a point on the first day
    assert call["base"][april] == "2023-04-01" and call["x"][april] == 30 * 24 * 3600 * 1000


def test_filters_change_what_is_shown_and_live_in_the_url(monkeypatch, sample_store):
    page = open_page(monkeypatch, sample_store)
    page.multiselect(key="kind").select("talks").run()
    assert shown_caption(page).startswith("1 of 6")
    assert page.query_params["kind"] in ("talks", ["talks"])
    assert [row["participants"] for row in page.dataframe[0].value.to_dict("records")] == [
        "Lloyd Austin; Sergei Shoigu"]
    shared = open_page(monkeypatch, sample_store, country="US")
    assert shown_caption(shared).startswith("2 of 6")
    assert shown_caption(open_page(monkeypatch, sample_store, min_sources="5")).startswith("2 of 6")
    april = open_page(monkeypatch, sample_store, **{"from": "2023-04", "to": "2023-04"})
    assert shown_caption(april).startswith("1 of 6")
    # a URL edited by hand gives a page, not a traceback
    odd = open_page(monkeypatch, sample_store, min_sources="many", **{"from": "1800", "to": "x"})
    assert not odd.exception and shown_caption(odd).startswith("6 of 6")


def test_the_detail_shows_every_source_with_its_sentence(monkeypatch, sample_store):
    page = open_page(monkeypatch, sample_store)
    choice = page.selectbox(key="event")
    lavrov = next(i for i, label in enumerate(choice.options) if "Sergey Lavrov" in label)
    choice.select_index(lavrov).run()
    text = all_markdown(page)
    assert "**Sources:** 3" in text and "April 2023 \\(month precision\\)" in text
    assert text.count(":orange-background[") >= 3
    assert "Lavrov" in text and "Blinken" in text


def test_a_shared_url_opens_on_its_event(monkeypatch, sample_store, sample_contacts):
    april = next(e for e in sample_contacts if e["date"] == "2023-04")
    page = open_page(monkeypatch, sample_store, event=april["id"])
    assert "**Sources:** 3" in all_markdown(page)
    assert page.query_params["event"] == april["id"]


def test_the_detail_shows_disputed_claims_of_its_articles(monkeypatch, sample_store):
    page = open_page(monkeypatch, sample_store)
    choice = page.selectbox(key="event")
    choice.select_index(next(i for i, label in enumerate(choice.options) if "2024-04-03" in label)).run()
    text = all_markdown(page)
    assert "#### Disputed claims" in text and "(denies)" in text


def test_a_missing_or_empty_store_says_how_to_ingest(monkeypatch, tmp_path):
    missing = open_page(monkeypatch, tmp_path / "nowhere")
    assert not missing.exception
    assert "no diplo-kg store" in missing.error[0].value
    assert "diplo ingest ARTICLES --store" in missing.code[0].value
    report = ingest([write_article(tmp_path, "empty-of-contacts.txt",
                                   "Budget de l'État\n\nLe gouvernement a présenté mardi son projet de budget pour "
                                   "l'année prochaine. Le débat aura lieu au Parlement à partir du mois prochain, "
                                   "et les députés de l'opposition ont déjà annoncé de nombreux amendements.")],
                    tmp_path / "store", progress=False)
    assert report.articles == 1
    empty = open_page(monkeypatch, tmp_path / "store")
    assert not empty.exception and "no dated contact events" in empty.warning[0].value


def test_article_text_is_shown_escaped(monkeypatch, tmp_path):
    ingest([write_article(tmp_path, "hostile.txt", HOSTILE_ARTICLE)], tmp_path / "store", progress=False)
    page = open_page(monkeypatch, tmp_path / "store")
    page.selectbox(key="event").select_index(0).run()
    assert not page.exception
    markdown = [m for m in page.markdown if "script" in m.value]
    assert markdown, "the evidence sentence should be shown"
    assert all(not m.proto.allow_html for m in page.markdown)
    assert all("<script>" not in m.value and "\\<script\\>" in m.value for m in markdown)
    assert all("](javascript" not in m.value for m in markdown)
    # the whole article is shown too, around the highlighted sentence
    assert any("Les deux ministres ont évoqué la situation sur le front\\." in m.value for m in page.markdown)


def test_sparql_tab_runs_a_query_and_shows_parser_errors(monkeypatch, sample_store):
    page = open_page(monkeypatch, sample_store)
    [editor] = page.text_area
    editor.set_value("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").run()
    page.button(key="sparql_run").click().run()
    assert page.dataframe[-1].value.iloc[0, 0] > 100
    page.text_area[0].set_value("SELECT ?x WHERE { ?x ?y }").run()
    page.button(key="sparql_run").click().run()
    assert page.error and page.error[0].value.startswith("malformed SPARQL")
    page.text_area[0].set_value("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }").run()
    page.button(key="sparql_run").click().run()
    assert "SERVICE is not allowed" in page.error[0].value


@pytest.mark.parametrize("by, row", [("country", "RU — US"), ("actor", "Lloyd Austin — Sergei Shoigu")])
def test_rows_are_pairs_of_actors_or_of_countries(monkeypatch, sample_store, by, row):
    page = open_page(monkeypatch, sample_store, by=by)
    assert row in {r for trace in timeline_spec(page)["data"] for r in trace["y"]}


def test_a_document_id_is_shown_as_text_never_as_markdown(monkeypatch, tmp_path):
    # an id that, read as markdown, is an image the browser would fetch from another host
    beacon = "![t](http://127.0.0.1:18890/beacon.png)"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": beacon, "text": HOSTILE_ARTICLE.replace("<script>", "")}) + "\n",
                    encoding="utf-8")
    ingest([feed], tmp_path / "store", progress=False)
    page = open_page(monkeypatch, tmp_path / "store")
    page.selectbox(key="event").select_index(0).run()
    assert not page.exception
    labels = [e.label for e in page.expander] + [m.value for m in page.markdown]
    assert any("beacon" in label for label in labels)
    assert not [label for label in labels if "](http" in label or "![" in label]
