"""Named queries answer the design card's questions on the ingested sample articles.

Each query's behaviour in detail is tested on a small built graph in test_query_library.py."""

from __future__ import annotations

import json

import pytest

import queries
from diplo.store import Store
from tests.conftest import run_diplo

EXAMPLE_PARAMETERS = {"actor1": "Lecornu", "actor2": "Choïgou", "actor": "Poutine", "before": "2024-04-03",
                      "office1": "defence_minister", "country1": "FR", "office2": "defence_minister", "country2": "RU",
                      "event": None}


def example(query, store) -> dict[str, str]:
    params = {p: EXAMPLE_PARAMETERS[p] for p in query.required}
    if "event" in params:  # the provenance of the first event the graph holds
        params["event"] = store.select_named("contacts")[0]["event"]
    return params


@pytest.mark.parametrize("query", queries.available(), ids=lambda q: q.name)
def test_every_named_query_is_documented_and_runs(sample_store, query):
    assert query.purpose and query.text.startswith("#")
    with Store.open_for_reading(sample_store) as store:
        columns, rows = queries.run(store, query, example(query, store))
    assert columns and rows, f"{query.name} returned nothing on the sample graph"


def between(store_path, **params) -> list[dict]:
    with Store.open_for_reading(store_path) as store:
        return queries.run(store, queries.named("contacts-between"), params)[1]


def test_contacts_between_two_people_by_any_spelling(sample_store):
    [call] = between(sample_store, actor1="Lavrov", actor2="Blinken")
    assert (call["date"], call["date_precision"], call["kind"], call["sources"]) == ("2023-04", "month", "phone_call", 3)
    calls = between(sample_store, actor1="lecornu", actor2="Choïgou")
    assert [c["date"] for c in calls] == ["2022-10-23", "2024-04-03"]
    assert calls[1]["duration_minutes"] == 60 and calls[1]["initiator"] == "Sébastien Lecornu"
    assert [c["date"] for c in between(sample_store, actor1="Shoigu", actor2="Austin")] == ["2023-03"]


def test_contacts_between_a_period_and_between_countries(sample_store):
    assert [c["date"] for c in between(sample_store, actor1="Lecornu", actor2="Shoigu", **{"from": "2023-01-01"})] \
        == ["2024-04-03"]
    assert [c["date"] for c in between(sample_store, actor1="Lecornu", actor2="Shoigu", to="2023")] == ["2022-10-23"]
    dates = [c["date"] for c in between(sample_store, actor1="France", actor2="RU")]
    assert dates == sorted(dates) and {"2022-09", "2024-04-03"} <= set(dates)


def test_cli_query_list_json_and_malformed_file(sample_store, tmp_path):
    listing = run_diplo("query", "--list")
    assert listing.returncode == 0 and "contacts-between" in listing.stdout
    result = run_diplo("query", "contacts-between", "--store", str(sample_store), "--param", "actor1=Lavrov",
                       "--param", "actor2=Blinken", "--format", "json")
    assert [(r["date"], r["kind"]) for r in json.loads(result.stdout)] == [("2023-04", "phone_call")]
    (tmp_path / "bad.rq").write_text("SELECT ?x WHERE { ?x ?y }")
    bad = run_diplo("query", "--file", str(tmp_path / "bad.rq"), "--store", str(sample_store))
    assert bad.returncode == 1 and bad.stderr.startswith("Error: malformed SPARQL: error at")
    assert bad.stderr.strip().count("\n") == 0


def test_last_contact_before_and_the_gap_it_closes(sample_store):
    with Store.open_for_reading(sample_store) as store:
        _, [last] = queries.run(store, queries.named("last-contact-before"),
                                {"actor1": "Lecornu", "actor2": "Choïgou", "before": "2024-04-03"})
    assert (last["date"], last["kind"]) == ("2022-10-23", "phone_call")


def test_contacts_by_office_whoever_held_it(sample_store):
    with Store.open_for_reading(sample_store) as store:
        _, rows = queries.run(store, queries.named("contacts-by-office"),
                              {"office1": "defence_minister", "country1": "FR", "office2": "defence_minister",
                               "country2": "RU"})
    assert [(r["date"], r["holder1"], r["holder2"]) for r in rows] == [
        ("2022-10-23", "Sébastien Lecornu", "Sergei Shoigu"), ("2024-04-03", "Sébastien Lecornu", "Sergei Shoigu")]


def test_actor_timeline_and_counterparts(sample_store):
    with Store.open_for_reading(sample_store) as store:
        _, timeline = queries.run(store, queries.named("actor-timeline"), {"actor": "Poutine"})
        _, counterparts = queries.run(store, queries.named("actor-counterparts"), {"actor": "Poutine"})
    assert [(r["date"], r["counterpart"]) for r in timeline] == [("2022-02", "Emmanuel Macron"),
                                                                 ("2022-09", "Emmanuel Macron")]
    assert [(r["counterpart"], r["contacts"], r["first"], r["last"]) for r in counterparts] == [
        ("Emmanuel Macron", 2, "2022-02", "2022-09")]


def test_the_april_2024_call_was_the_first_since_october_2022(sample_store):
    with Store.open_for_reading(sample_store) as store:
        _, rows = queries.run(store, queries.named("contact-gaps"), {"actor1": "Lecornu", "actor2": "Choïgou"})
    assert [(r["date"], r["previous"]) for r in rows] == [("2022-10-23", None), ("2024-04-03", "2022-10-23")]
