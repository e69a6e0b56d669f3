"""The registry's data build: the committed holders file is what the vendored sources give."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources

import pytest


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
    assert all(term["source"].startswith(("every-politician-scrapers/", "checked:https://", "checked:http://"))
               for p in people for term in p["terms"])


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
                        {"office": "head_of_government", "start": "1999", "end": "1999", "source": "x@1"},
                        # the same office at another time than the hand's: an earlier spell, kept
                        {"office": "defence_minister", "start": "2001", "end": "2003", "source": "x@1"}]}]
    [person] = merge_people(hand, built)
    assert person.actor_id == "sergei_x" and person.wikidata == "Q32024"
    assert [(t.office, str(t.end)) for t in person.terms] == [("defence_minister", "2024-05-12"),
                                                              ("head_of_government", "1999-12-31"),
                                                              ("defence_minister", "2003-12-31")]


EPS_HEADER = "repo,commit,country,position_label,office,person_qid,person_label,start,end,valid_through,path\n"


def test_a_hand_entry_and_a_built_one_holding_one_office_at_once_under_a_name_within_the_other_are_one():
    from ingest.registry import merge_people

    term = {"office": "head_of_state", "start": "2018-02-15", "end": None, "source": "x@1"}
    hand = [{"id": "jomo_ndlovu", "name": "Jomo Ndlovu", "country": "ZA", "terms": [{**term, "start": "2018-02"}]},
            {"id": "ingrid", "name": "Ingrid", "country": "NO", "terms": [{**term, "start": "2016"}]}]
    built = [{"id": "sipho_jomo_ndlovu", "name": "Sipho Jomo Ndlovu", "country": "ZA", "wikidata": "Q1",
              "aliases": [], "terms": [term]},
             {"id": "ingrid_of_norland", "name": "Ingrid of Norland", "country": "NO", "wikidata": "Q2",
              "aliases": [], "terms": [term]},
             # same words, another office at another time: someone else
             {"id": "thabo_jomo_ndlovu", "name": "Thabo Jomo Ndlovu", "country": "ZA", "wikidata": "Q3", "aliases": [],
              "terms": [{"office": "defence_minister", "start": "1990", "end": "1994", "source": "x@1"}]}]
    people = {p.actor_id: p for p in merge_people(hand, built)}
    assert people["jomo_ndlovu"].wikidata == "Q1" and people["ingrid"].wikidata == "Q2"
    assert people["thabo_jomo_ndlovu"].wikidata == "Q3"


def test_a_checked_term_of_an_official_entered_under_an_organisation_stays_their_states():
    from ingest.model import PartialDate
    from ingest.registry import Registry, merge_people

    hand = [{"id": "anna_berg", "name": "Anna Berg", "country": "NATO",
             "terms": [{"office": "head_of_government", "start": "2010", "end": "2020", "country": "NL"},
                       {"office": "secretary_general", "start": "2021-01-01", "end": None}]}]
    built = [{"id": "anna_berg", "name": "Anna Berg", "country": "NL", "wikidata": "Q7", "aliases": [],
              "terms": [{"office": "head_of_government", "start": "2010-10-14", "end": "2020-07-02",
                         "source": "checked:https://example.org/anna-berg"}]}]
    registry = Registry(merge_people(hand, built, organisations=frozenset({"NATO"})), [])
    assert [p.actor_id for p in registry.holders("head_of_government", "NL", PartialDate(2015))] == ["anna_berg"]
    assert not registry.holders("head_of_government", "NATO", PartialDate(2015))


def test_a_checked_override_ends_the_open_term_it_overlaps_and_adds_a_successor_without_an_id(tmp_path):
    from ingest.data.build.registry import build

    # invented people and pages: the mechanism, not the facts
    (tmp_path / "eps_holders.csv").write_text(
        EPS_HEADER + "norland-cabinet,abc,NL,Prime Minister,head_of_government,Q101,Anna Lindqvist,2014-10-03,,"
        "2022-07,html/holders21.csv\n", encoding="utf-8")
    page = {"url": "https://example.org/norland-pm", "title": "Norland", "quote": "Per Holm became prime minister"}
    rows = [{"country": "NL", "office": "head_of_government", "name": "Anna Lindqvist", "wikidata": "Q101",
             "start": "2014-10-03", "end": "2022-10-18", "source": page},
            {"country": "NL", "office": "head_of_government", "name": "Per Holm", "wikidata": None,
             "registry_id": "per_holm_hand", "start": "2022-10-18", "end": None, "source": page},
            {"country": "NL", "office": "head_of_government", "none": True, "note": "a row that says nothing"}]
    (tmp_path / "overrides.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    people, _ = build(tmp_path)
    by_name = {p["name"]: p for p in people}
    assert by_name["Anna Lindqvist"]["terms"] == [{"office": "head_of_government", "start": "2014-10-03",
                                                   "end": "2022-10-18", "source": "checked:https://example.org/norland-pm"}]
    successor = by_name["Per Holm"]
    assert successor["wikidata"] is None and "Holm" in successor["aliases"]
    assert [(t["start"], t["end"]) for t in successor["terms"]] == [("2022-10-18", None)]
    assert successor["hand_id"] == "per_holm_hand"  # the hand entry the row was checked for: one actor
    from ingest.registry import merge_people
    hand = [{"id": "per_holm_hand", "name": "Peter Holm", "country": "NL", "terms": []}]
    assert [p.actor_id for p in merge_people(hand, [successor])] == ["per_holm_hand"]
    (tmp_path / "overrides.jsonl").write_text(json.dumps({**rows[1], "source": {"title": "no page"}}) + "\n",
                                              encoding="utf-8")
    with pytest.raises(ValueError, match="overrides.jsonl:1: an override needs the url"):
        build(tmp_path)


def test_a_checked_term_wins_over_a_hand_term_and_ends_another_holders_open_one():
    from ingest.model import PartialDate
    from ingest.registry import Registry, merge_people

    hand = [{"id": "anna_lindqvist", "name": "Anna Lindqvist", "country": "NL",
             "terms": [{"office": "foreign_minister", "start": "2019-09-10", "end": None}]},
            {"id": "per_holm", "name": "Per Holm", "country": "NL",
             "terms": [{"office": "foreign_minister", "start": "2022-01-01", "end": None}]}]
    built = [{"id": "per_holm", "name": "Per Holm", "country": "NL", "wikidata": None, "aliases": [],
              "terms": [{"office": "foreign_minister", "start": "2022-10-18", "end": None,
                         "source": "checked:https://example.org/norland-fm"}]}]
    registry = Registry(merge_people(hand, built), [])
    [holm] = [p for p in registry.people.values() if p.name == "Per Holm"]
    assert [str(t.start) for t in holm.terms] == ["2022-10-18"]  # the hand's start yields to the checked one
    assert [p.name for p in registry.holders("foreign_minister", "NL", PartialDate(2024, 3))] == ["Per Holm"]
    assert [p.name for p in registry.holders("foreign_minister", "NL", PartialDate(2021, 3))] == ["Anna Lindqvist"]


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
    # after the extract's mid-2022 horizon: holders from the checked overrides
    ("suedois.txt", "The Swedish prime minister received his Finnish counterpart in Stockholm on Tuesday, the "
                    "government said. The two leaders discussed defence cooperation.",
     {"published": "2024-03-07", "language": "en"}),
    ("neerlandais.txt", "Le ministre néerlandais des Affaires étrangères s'est entretenu mercredi par téléphone avec "
                        "son homologue polonais, selon un communiqué.",
     {"published": "2025-06-12", "language": "fr"}),
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
        # no source read gave Kristersson's or Veldkamp's Wikidata id: none is made up
        "suedois": ("2024-03-05", "visit", [("Petteri Orpo", "Q6029546"), ("Ulf Kristersson", None)]),
        "neerlandais": ("2025-06-11", "phone_call", [("Caspar Veldkamp", None), ("Radosław Sikorski", "Q58085")]),
    }
    # a Wikidata id is an actor parameter of `diplo query`
    timeline = run_diplo("query", "actor-timeline", "--param", "actor=Q312901", "--store", store, "--format", "json")
    assert [row["counterpart"] for row in json.loads(timeline.stdout)] == ["Nasser Bourita"]


# --- the states countries.jsonl does not type, built from mledoze/countries (ODbL) ---

def built_countries() -> list[dict]:
    path = resources.files("ingest") / "data" / "registry" / "countries_odbl.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_rebuilding_the_countries_from_the_vendored_extract_gives_the_committed_file():
    done = subprocess.run([sys.executable, "-m", "ingest.data.build.countries", "--check", "--quiet"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_built_countries_are_the_states_the_hand_file_lacks_with_their_source_and_licence():
    from ingest.data.build import countries as build

    hand = {json.loads(line)["code"]
            for line in (resources.files("ingest") / "data" / "countries.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()}
    rows = built_countries()
    vendored = build.load_vendored()
    assert len(rows) > 90 and not {r["code"] for r in rows} & hand
    assert {r["code"] for r in rows} == {r["cca2"] for r in build.states(vendored)} - hand
    assert all(r["source"] == f"mledoze/countries@{vendored['commit']}:countries.json" for r in rows)
    assert all(set(r) <= {"code", "name", "names", "demonyms", "capitals", "seats", "leader_office", "source"}
               for r in rows)
    assert all(form == form.lower() for r in rows for form in r["demonyms"]["fr"])
    note = (resources.files("ingest") / "data" / "registry" / "countries_odbl.LICENSE.md").read_text(encoding="utf-8")
    assert "Contains information from mledoze/countries" in note and "(ODbL)" in note and vendored["commit"] in note
    chile = next(r for r in rows if r["code"] == "CL")
    assert chile["demonyms"] == {"en": ["Chilean"], "fr": ["chilien", "chilienne", "chiliens", "chiliennes"]}
    # where the head of state is another state's, the leader is the head of government
    assert {r["code"] for r in rows if r.get("leader_office") == "head_of_government"} >= {"JM", "AD", "PG"}
    assert "leader_office" not in chile


def test_the_build_compares_spellings_as_the_registry_does():
    from ingest.data.build.countries import key
    from ingest.phrases import words_of
    from ingest.registry import fold

    forms = [f for r in built_countries() for kind in ("names", "demonyms", "capitals")
             for fs in r[kind].values() for f in fs]
    forms += ["Côte d’Ivoire", "Nuku'alofa", "Équato-guinéen", "Aolepān Aorōkin M̧ajeļ"]
    assert all(key(f) == " ".join(words_of(fold(f))) for f in forms)


def test_french_demonyms_agree_and_composite_ones_split():
    from ingest.data.build.countries import english_demonyms, french_demonyms

    assert french_demonyms({"m": "Sénégalais", "f": "Sénégalaise"}) == ["sénégalais", "sénégalaise", "sénégalaises"]
    assert french_demonyms({"m": "Malgache", "f": "Malgache"}) == ["malgache", "malgaches"]
    assert french_demonyms({"m": "Kittitien-et-nevicien", "f": "Kittitienne-et-nevicienne"})[2:] == \
        ["kittitiens-et-neviciens", "kittitiennes-et-neviciennes"]
    assert english_demonyms({"m": "Kittitian or Nevisian", "f": "Kittitian or Nevisian"}) == ["Kittitian", "Nevisian"]


def test_spellings_of_two_states_or_of_a_hand_row_name_none_of_the_built_ones():
    from ingest.registry import country_rows, load_registry

    registry = load_registry()
    # "Dominican" (Dominica, Dominican Republic), "Congolese"/"congolais" (both Congos): dropped
    assert registry.country_for("Dominican", "en") is None
    assert registry.country_for("Congolese", "en") is None and registry.country_for("congolais", "fr") is None
    assert registry.country_for("dominicain", "fr") == "DO" and registry.country_for("Kinshasa", "en") == "CD"
    # a hand row keeps its code and its spellings, whatever the built file says
    hand = [{"code": "CL", "name": {"en": "Chile"}, "names": {"en": ["Chile"]}, "demonyms": {"en": ["Chilean"]}}]
    built = [{"code": "CL", "names": {"en": ["Republic of Chile"]}},
             {"code": "ZZ", "names": {"en": ["Zedland", "Chile"]}, "demonyms": {"fr": ["chilean", "zed"]}}]
    rows = country_rows(hand, built)
    assert [r["code"] for r in rows] == ["CL", "ZZ"] and rows[0] is hand[0]
    assert rows[1]["names"] == {"en": ["Zedland"]} and rows[1]["demonyms"] == {"fr": ["zed"]}


NEWLY_COVERED = [
    # language, sentence, date, (office, country), holder in holders.jsonl at that date
    ("fr", "Le président chilien a reçu jeudi une délégation d'élus européens au palais présidentiel.",
     "2019-03-14", ("head_of_state", "CL"), "Sebastián Piñera"),
    ("fr", "Le président zambien s'est entretenu lundi avec des investisseurs venus d'Asie.",
     "2018-09-03", ("head_of_state", "ZM"), "Edgar Lungu"),
    ("fr", "Le ministre comorien des Affaires étrangères a plaidé pour une aide accrue.",
     "2018-06-20", ("foreign_minister", "KM"), "Mohamed El-Amine Souef"),
    ("fr", "Le Premier ministre jamaïcain a inauguré mardi un nouveau port de commerce.",
     "2018-04-17", ("head_of_government", "JM"), "Andrew Holness"),
    ("en", "The Zambian president opened a new bridge over the river on Tuesday.",
     "2022-01-11", ("head_of_state", "ZM"), "Hakainde Hichilema"),
    ("en", "The Chilean foreign minister flew to Madrid for two days of talks.",
     "2019-01-14", ("foreign_minister", "CL"), "Roberto Ampuero"),
    ("en", "The Jamaican leader spoke first at the regional summit.",
     "2017-07-04", ("leader", "JM"), "Andrew Holness"),
    ("en", "The Ghanaian president laid a wreath at the memorial.",
     "2018-03-06", ("head_of_state", "GH"), "Nana Akufo-Addo"),
]

# the state named as the office's owner ("Chile's president") or after it ("the president of
# Ghana"): when the lexicon has `office_owner_suffixes` and `office_of_prepositions`
NAMED_OWNER = [
    ("en", "Zambia's president opened a new bridge over the river on Tuesday.",
     "2022-01-11", ("head_of_state", "ZM"), "Hakainde Hichilema"),
    ("en", "The president of Ghana laid a wreath at the memorial.",
     "2018-03-06", ("head_of_state", "GH"), "Nana Akufo-Addo"),
    ("fr", "Le président du Chili a reçu les lettres de créance de trois ambassadeurs.",
     "2016-10-04", ("head_of_state", "CL"), "Michelle Bachelet"),
]


def resolve_office_only(language: str, text: str, on: str, office: tuple[str, str], holder: str) -> None:
    from ingest import analyse
    from ingest.analyse import Sentence
    from ingest.extract.mentions import mention_finder
    from ingest.model import PartialDate
    from ingest.registry import load_registry
    from ingest.resolve import DocumentActors

    sentence = Sentence(0, 0, len(text), text, analyse.pipeline(language)(text)[:], 0)
    [mention] = [m for m in mention_finder(language).find(sentence) if m.kind == "office"]
    assert (mention.office, mention.countries) == (office[0], [office[1]])
    when = PartialDate.parse_iso(on)
    actor = DocumentActors(load_registry(), when, language).office(mention.office, mention.countries[0], when)
    assert actor is not None and actor.label == holder and actor.country == office[1]


@pytest.mark.parametrize("language, text, on, office, holder", NEWLY_COVERED)
def test_an_office_of_a_newly_covered_state_resolves_to_its_holder(language, text, on, office, holder):
    resolve_office_only(language, text, on, office, holder)


@pytest.mark.parametrize("language, text, on, office, holder", NAMED_OWNER)
def test_an_office_of_a_newly_covered_state_named_by_its_name_resolves_to_its_holder(language, text, on,
                                                                                     office, holder):
    resolve_office_only(language, text, on, office, holder)


def test_contacts_of_newly_covered_states_are_exported_with_their_holders(tmp_path):
    from tests.conftest import run_diplo, write_article

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    articles = [
        ("zambie.txt", "Le président zambien a reçu mardi à Lusaka le ministre chilien des Affaires étrangères, a "
                       "indiqué la présidence. Les deux hommes ont parlé du cuivre et des échanges commerciaux.",
         {"published": "2019-01-16", "language": "fr"}),
        ("jamaica.txt", "The Jamaican prime minister met the Zambian president in London on Thursday, officials said. "
                        "The two leaders discussed trade and climate finance.",
         {"published": "2018-04-20", "language": "en"}),
    ]
    for name, text, metadata in articles:
        write_article(corpus, name, text)
        (corpus / name.replace(".txt", ".json")).write_text(json.dumps(metadata))
    store = str(tmp_path / "store")
    assert run_diplo("ingest", str(corpus), "--store", store).returncode == 0
    exported = run_diplo("export", "contacts", "--store", store)
    found = {record["sources"][0]["document"]: sorted((p["label"], p["wikidata"]) for p in record["participants"])
             for record in map(json.loads, exported.stdout.splitlines())}
    assert found == {"zambie": [("Edgar Lungu", "Q18352991"), ("Roberto Ampuero", "Q922795")],
                     "jamaica": [("Andrew Holness", "Q505200"), ("Edgar Lungu", "Q18352991")]}


def test_a_monarchs_realm_is_never_an_alias_and_the_regnal_name_is():
    from ingest.data.build.registry import aliases_for

    assert aliases_for("Harald V of Norway", "NO") == ["Harald V", "Harald"]
    assert "Norway" not in aliases_for("Harald V of Norway", "NO")


def test_a_monarch_named_with_a_title_and_no_number_is_the_one_who_reigned_then(tmp_path):
    """The name without its number is a surname to the registry: "King Harald" is Harald V only
    with the title, at a date when he reigned."""
    from ingest.registry import load_registry

    [harald] = [p for p in load_registry().people_with_surname("Harald") if p.wikidata == "Q57287"]
    assert "Harald" in harald.surnames and "Harald" not in harald.aliases
    from tests.test_english import contacts_in_text

    found = contacts_in_text(tmp_path, "Holm in Oslo\n\nPrime Minister Lena Holm saw King Harald in Oslo on Tuesday, on "
                             "the first day of a visit meant to deepen ties between the two countries.\n",
                             "2019-05-08")
    assert found == {("2019-05-07", "meeting", ("Holm", "Norway"))}


def test_the_check_finds_a_gap_and_two_holders_at_once_and_an_open_term_runs_to_its_successor():
    from ingest.registry import Registry, merge_people
    from ingest.registry_check import office_coverage

    def person(pid: str, *terms: tuple[str, str | None]) -> dict:
        return {"id": pid, "name": pid.replace("_", " ").title(), "country": "NL", "wikidata": None, "aliases": [],
                "terms": [{"office": "foreign_minister", "start": a, "end": b, "source": "x@1"} for a, b in terms]}

    # invented holders: 2000-2009, then nobody for a year, then one open term that the next ends
    covered = Registry(merge_people([], [person("anna_berg", ("1998-05-01", "2009-12-31")),
                                         person("per_holm", ("2011-01-10", None)),
                                         person("eva_lund", ("2018-03-01", "2025-12-31"))]), [])
    report = office_coverage(covered, "NL", "foreign_minister")
    assert [(str(a), str(b)) for a, b in report.gaps] == [("2009-12-31", "2011-01-10")] and not report.overlaps
    # a hand-over written as the same day twice, or within a month, is no overlap; a year is
    overlapping = Registry(merge_people([], [person("anna_berg", ("2000-01-01", "2013-06-30")),
                                             person("per_holm", ("2012-06-01", "2025-12-31"))]), [])
    report = office_coverage(overlapping, "NL", "foreign_minister")
    assert not report.gaps and [(x, y) for x, y, *_ in report.overlaps] == [("Anna Berg", "Per Holm")]
    assert not office_coverage(overlapping, "NL", "defence_minister").ok  # nobody at all
    # an acting holder standing in for a suspended one is no second holder
    stand_in = person("eva_lund", ("2012-06-01", "2013-06-01"))
    stand_in["terms"][0]["acting"] = True
    acting = Registry(merge_people([], [person("anna_berg", ("2000-01-01", "2025-12-31")), stand_in]), [])
    assert office_coverage(acting, "NL", "foreign_minister").ok


def test_the_registry_check_command_prints_its_table_and_fails_exactly_when_it_says_so():
    done = subprocess.run([sys.executable, "-m", "diplo.cli", "registry", "check"], capture_output=True, text=True,
                          timeout=300)
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["country", "office", "holders", "status"]
    assert any(line.startswith("terms with a Wikidata id: ") for line in lines)
    assert lines[-1] in ("registry check: passed", "registry check: FAILED")
    assert done.returncode == (0 if lines[-1].endswith("passed") else 1)
    assert any(line.split()[:2] == ["FR", "head_of_state"] and line.endswith(" ok") for line in lines)
