"""The registry's data build: the committed holders file is what the vendored sources give."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources


def holders() -> list[dict]:
    path = resources.files("ingest") / "data" / "registry" / "holders.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_rebuilding_from_the_vendored_sources_gives_the_committed_file():
    done = subprocess.run([sys.executable, "-m", "ingest.data.build.registry", "--check", "--quiet"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_term_names_its_source_and_every_person_a_wikidata_id():
    people = holders()
    assert len(people) > 4000
    assert all(p["wikidata"] is None or (p["wikidata"].startswith("Q") and p["wikidata"][1:].isdigit()) for p in people)
    assert all(term["source"].startswith("every-politician-scrapers/") for p in people for term in p["terms"])


def holder(country: str, office: str, on: str) -> list[str]:
    return sorted(p["name"] for p in holders() for t in p["terms"]
                  if t.get("country", p["country"]) == country and t["office"] == office
                  and t["start"] <= on and (t["end"] is None or on < t["end"]))


def test_spot_checks_against_known_holders():
    assert holder("FR", "foreign_minister", "2016-05-20") == ["Jean-Marc Ayrault"]  # the sources' error, fixed
    assert holder("IN", "head_of_government", "2016-03-01") == ["Narendra Modi"]
    assert holder("UN", "secretary_general", "2019-01-01") == ["António Guterres"]


# --- the registry as ingest loads it: built and hand entries merged ---

def test_namesakes_and_other_spellings_stay_apart():
    from ingest.registry import merge_people

    hand = [{"id": "ivan_petrov", "name": "Ivan Petrov", "country": "RU", "aliases": ["Petrov", "Ivane Petrof"],
             "terms": [{"office": "foreign_minister", "start": "2023-01-10", "end": None}]}]
    built = [{"id": "ivan_petrov", "name": "Iwan Petrov", "country": "RU", "wikidata": "Q1", "aliases": ["Petrov"],
              "terms": [{"office": "foreign_minister", "start": "2015-03-01", "end": None, "valid_through": "2022-08",
                         "source": "x@1"}]},
             {"id": "ivan_petrov", "name": "Ivan Petrov", "country": "BG", "wikidata": "Q2", "aliases": ["Petrov"],
              "terms": [{"office": "defence_minister", "start": "2010", "end": "2012", "source": "x@1"}]}]
    people = {p.actor_id: p for p in merge_people(hand, built)}
    # the Bulgarian namesake stays apart; "Iwan" is not "Ivan" to the skeleton, so that Russian
    # entry stays apart too, each under an id of its own
    assert set(people) == {"ivan_petrov", "ivan_petrov_ru", "ivan_petrov_bg"}
    assert people["ivan_petrov"].aliases == ("Petrov", "Ivane Petrof") and people["ivan_petrov"].wikidata is None
    assert people["ivan_petrov_bg"].wikidata == "Q2"
    assert "Petrov" not in people["ivan_petrov_bg"].aliases  # a built surname is no alias on its own


def test_transliterations_join_and_hand_terms_win_for_their_offices():
    from ingest.registry import merge_people, name_skeleton

    assert name_skeleton("Sergueï Choïgou") == name_skeleton("Sergey Shoygu") == name_skeleton("Sergei Shoigu")
    hand = [{"id": "sergei_x", "name": "Sergei Shoigu", "country": "RU", "aliases": ["Choïgou"],
             "terms": [{"office": "defence_minister", "start": "2012-11-06", "end": "2024-05-12"}]}]
    built = [{"id": "sergey_shoygu", "name": "Sergey Shoygu", "country": "RU", "wikidata": "Q32024", "aliases": [],
              "terms": [{"office": "defence_minister", "start": "2012-11-06", "end": None, "valid_through": "2022-08",
                         "source": "x@1"},
                        {"office": "head_of_government", "start": "1999", "end": "1999", "source": "x@1"}]}]
    [person] = merge_people(hand, built)
    assert person.actor_id == "sergei_x" and person.wikidata == "Q32024"
    assert [(t.office, str(t.end)) for t in person.terms] == [("defence_minister", "2024-05-12"),
                                                              ("head_of_government", "1999-12-31")]


def test_office_holders_at_a_date_from_the_merged_registry():
    from ingest.model import PartialDate
    from ingest.registry import load_registry

    registry = load_registry()

    def names(office: str, country: str, on: str) -> list[str]:
        return [p.name for p in registry.holders(office, country, PartialDate.parse_iso(on))]

    assert names("defence_minister", "RU", "2024-09-01") == ["Andrei Belousov"]
    assert names("foreign_minister", "FR", "2016-05-20") == ["Jean-Marc Ayrault"]
    assert names("head_of_government", "IN", "2016-03-01") == ["Narendra Modi"]
    assert names("head_of_state", "MA", "2012-05-24") == ["Mohammed VI"]


# --- end to end: officials named by office only become their holders, with Wikidata ids ---

OFFICE_ONLY = [
    ("indian.txt", "The Indian foreign minister met her Australian counterpart in Canberra on Monday, the two "
                   "governments said. They discussed maritime security, trade and education links.",
     {"published": "2017-06-14", "language": "en"}),
    ("japonais.txt", "Le Premier ministre japonais a reçu mercredi à Tokyo son homologue vietnamien, a annoncé le "
                     "gouvernement. Les deux dirigeants ont évoqué la coopération économique et maritime.",
     {"published": "2019-07-05", "language": "fr"}),
    ("marocain.txt", "Le ministre marocain des Affaires étrangères s'est entretenu jeudi par téléphone avec son "
                     "homologue espagnol, selon un communiqué. Les deux ministres ont évoqué les migrations.",
     {"published": "2018-10-12", "language": "fr"}),
]


def test_officials_named_by_office_only_are_exported_as_their_holders(tmp_path):
    from tests.conftest import run_diplo, write_article

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text, metadata in OFFICE_ONLY:
        write_article(corpus, name, text)
        (corpus / name.replace(".txt", ".json")).write_text(json.dumps(metadata))
    store = str(tmp_path / "store")
    assert run_diplo("ingest", str(corpus), "--store", store).returncode == 0
    exported = run_diplo("export", "contacts", "--store", store)
    found = {record["sources"][0]["document"]: (record["date"], record["kind"],
                                                 sorted((p["label"], p["wikidata"]) for p in record["participants"]))
             for record in map(json.loads, exported.stdout.splitlines())}
    assert found == {
        "indian": ("2017-06-12", "meeting", [("Julie Bishop", "Q434858"), ("Sushma Swaraj", "Q1652493")]),
        "japonais": ("2019-07-03", "visit", [("Nguyễn Xuân Phúc", "Q10800073"), ("Shinzo Abe", "Q132345")]),
        "marocain": ("2018-10-11", "phone_call", [("Josep Borrell", "Q312901"), ("Nasser Bourita", "Q26036628")]),
    }
    # a Wikidata id is an actor parameter of `diplo query`
    timeline = run_diplo("query", "actor-timeline", "--param", "actor=Q312901", "--store", store, "--format", "json")
    assert [row["counterpart"] for row in json.loads(timeline.stdout)] == ["Nasser Bourita"]
