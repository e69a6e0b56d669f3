"""English articles make the same graph as French ones: contacts, dates, plans that are not
contacts, people known by their title, and one event from an English and a French report.

The articles in tests/fixtures/english/ were written for these tests (real events, our wording).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diplo.export import contact_records, position_records
from diplo.store import Store
from ingest import analyse
from ingest.analyse import Sentence, split_sentences
from ingest.clean import detect_language
from ingest.dates import date_finder, resolve
from ingest.extract.mentions import mention_finder
from ingest.lexicon import available_languages, load_lexicon
from ingest.model import PartialDate
from diplo.writer import ingest
from ingest.registry import load_registry
from ingest.resolve import DocumentActors
from tests.conftest import FIXTURES, run_diplo

ENGLISH = FIXTURES / "english"


def contacts_of(store_path) -> list[dict]:
    with Store.open_for_reading(store_path) as store:
        return contact_records(store)


def pairs(contacts: list[dict]) -> set[tuple[str, str, tuple[str, ...]]]:
    return {(c["date"], c["kind"], tuple(sorted(p["label"].split()[-1] for p in c["participants"])))
            for c in contacts}


@pytest.fixture(scope="module")
def english_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("english") / "store"
    report = ingest(sorted(ENGLISH.glob("en_*.txt")), store, progress=False)
    assert report.articles == 6 and report.languages == {"en": 6} and not report.rejected
    return store


@pytest.fixture(scope="module")
def english_contacts(english_store) -> list[dict]:
    return contacts_of(english_store)


def test_english_contacts_with_weekdays_and_months(english_contacts):
    found = pairs(english_contacts)
    # "met ... at the Elysee Palace on Monday", published Monday 6 May 2024 (a state visit)
    assert any(date == "2024-05-06" and people == ("Jinping", "Macron") for date, _, people in found)
    # "had already met Xi in Beijing last month"
    assert ("2024-04", "meeting", ("Jinping", "Scholz")) in found
    # "spoke with ... late Thursday", published Friday 3 March 2023
    assert any(date == "2023-03-02" and people == ("Blinken", "Lavrov") for date, _, people in found)


def test_first_time_since_reports_the_earlier_call(english_contacts):
    [call] = [c for c in english_contacts if c["date"] == "2025-07-01"]
    assert call["kind"] == "phone_call" and call["duration_minutes"] == 120  # "lasted more than two hours"
    [earlier] = [c for c in english_contacts if c["date"] == "2022-09"]
    assert earlier["kind"] == "phone_call"
    assert {p["label"] for p in earlier["participants"]} == {"Emmanuel Macron", "Vladimir Putin"}


def test_a_later_mention_says_the_mode_and_has_not_spoken_since_dates_the_last_contact(english_contacts):
    # "spoke for more than two hours on Tuesday" then "Trump described the call as ..."
    [call] = [c for c in english_contacts if c["date"] == "2025-03-18"]
    assert call["kind"] == "phone_call" and call["duration_minutes"] == 120
    # "Putin has not spoken to Joe Biden since February 2022"
    assert any(date == "2022-02" and people == ("Biden", "Putin") for date, _, people in pairs(english_contacts))


def test_the_other_side_of_a_second_clause_is_the_sentence_s_subject(english_contacts):
    found = pairs(english_contacts)
    # "Blinken met Xi ... on Friday, after more than five hours of talks with Foreign Minister Wang Yi"
    assert ("2024-04-26", "talks", ("Blinken", "Yi")) in found and ("2024-04-26", "meeting", ("Blinken", "Jinping")) in found
    assert not [f for f in found if f[2] == ("Jinping", "Yi")]
    # "spoke by phone earlier this month and agreed to keep lines of communication open": held
    assert ("2024-04", "phone_call", ("Biden", "Jinping")) in found
    # "he last met Xi in June 2023"; "could meet again in November" is a possibility
    assert ("2023-06", "meeting", ("Blinken", "Jinping")) in found
    assert not [f for f in found if f[0].startswith("2024-11")]


def test_plans_possibilities_and_refusals_are_not_contacts(english_contacts):
    # en_plans: "No call ... is planned", "could meet", "declined to speak with", "has yet to speak with"
    assert not [c for c in english_contacts if any(s["document"] == "en_plans" for s in c["sources"])]


def test_english_positions_name_their_holder(english_store):
    with Store.open_for_reading(english_store) as store:
        positions = {(p["holder"]["label"], p["stance"]) for p in position_records(store)}
    # "Macron called for a ceasefire ..., while Putin blamed the West ..."
    assert {("Emmanuel Macron", "demand"), ("Vladimir Putin", "accuse")} <= positions
    # "..., the White House said": the state speaks
    assert ("United States", "assert") in positions


@pytest.mark.parametrize("text, reference, expected", [
    ("spoke by phone on Wednesday", "2024-11-15", "2024-11-13"),
    ("met late Thursday in Beijing", "2024-04-27", "2024-04-25"),
    ("had met Xi last month", "2024-05-06", "2024-04"),
    ("for the first time since October 2022", "2023-03-15", "2022-10"),
    ("the two had last spoken in December", "2024-11-15", "2023-12"),  # a past month: the year before
    ("met on Friday in Istanbul", "2024-03-15", "2024-03-15"),  # said on a Friday: that day
    ("met last Friday in Istanbul", "2024-03-15", "2024-03-08"),  # ... "last Friday": the week before
])
def test_english_date_expressions(text, reference, expected):
    [mention] = date_finder("en").find(text)
    assert resolve(mention, PartialDate.parse_iso(reference), None).iso() == expected


def sentence(text: str, language: str = "en") -> Sentence:
    return Sentence(0, 0, len(text), text, analyse.pipeline(language)(text)[:], 0)


@pytest.mark.parametrize("text, name, office", [
    ("Turkish Foreign Minister Hakan Fidanov arrived in Moscow.", "Hakan Fidanov", "foreign_minister"),
    ("He met his Russian counterpart Ivan Petrovsky on Monday.", "Ivan Petrovsky", "counterpart"),
    ("Secretary of State Jane Example said the talks were useful.", "Jane Example", "foreign_minister"),
    ("President Alar Tamm's office said the call lasted an hour.", "Alar Tamm", "head_of_state"),
    ("She held talks with State Councillor Li Wenming in Beijing.", "Li Wenming", None),
])
def test_people_outside_the_registry_are_known_by_their_title(text, name, office):
    people = [m for m in mention_finder("en").find(sentence(text)) if m.kind == "person"]
    assert [(m.label, m.office) for m in people] == [(name, office)]


def test_cross_language_reports_of_one_call_are_one_event_with_two_sources(tmp_path):
    store = tmp_path / "store"
    report = ingest([ENGLISH / "en_call.txt", ENGLISH / "fr_call.txt"], store, progress=False)
    assert report.languages == {"en": 1, "fr": 1}
    [call] = [c for c in contacts_of(store) if c["date"] == "2025-07-01"]
    # "Vladimir Putin" and "Vladimir Poutine" are one registry person
    assert {p["label"] for p in call["participants"]} == {"Emmanuel Macron", "Vladimir Putin"}
    assert call["kind"] == "phone_call"
    assert sorted({s["document"] for s in call["sources"]}) == ["en_call", "fr_call"]


def test_registry_spellings_join_across_languages():
    english = mention_finder("en").find(sentence("Shoigu spoke with Wang Yi and Xi Jinping."))
    french = mention_finder("fr").find(sentence("Choïgou a parlé avec Wang Yi et Xi.", "fr"))
    assert [m.person_id for m in english] == [m.person_id for m in french] == ["sergei_shoigu", "wang_yi", "xi_jinping"]


def test_language_is_the_metadata_s_else_the_text_s():
    from ingest.errors import SkippedArticle

    english = (ENGLISH / "en_call.txt").read_text(encoding="utf-8")
    french = (ENGLISH / "fr_call.txt").read_text(encoding="utf-8")
    assert detect_language(english, None) == "en" and detect_language(french, None) == "fr"
    assert detect_language(english, "fr-FR") == "fr"  # the metadata wins
    with pytest.raises(SkippedArticle, match="'de'"):
        detect_language(french, "de", "a.txt")  # declared German: no lexicon, so set aside by name


def test_a_mixed_corpus_ingests_in_one_command(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("en_call", "fr_call"):  # no metadata language: detected from the text
        (folder / f"{name}.txt").write_text((ENGLISH / f"{name}.txt").read_text(encoding="utf-8"), encoding="utf-8")
        (folder / f"{name}.json").write_text(json.dumps({"published": "2025-07-01"}), encoding="utf-8")
    ingested = run_diplo("ingest", str(folder), "--store", str(tmp_path / "store"))
    assert ingested.returncode == 0, ingested.stderr
    assert "2 articles ingested" in ingested.stderr and "en 1, fr 1" in ingested.stderr
    exported = run_diplo("export", "contacts", "--store", str(tmp_path / "store"))
    calls = [json.loads(line) for line in exported.stdout.splitlines() if '"2025-07-01"' in line]
    assert len(calls) == 1 and calls[0]["source_count"] == 2


def test_without_the_english_model_english_runs_on_rules_and_says_so_once(tmp_path, monkeypatch):
    monkeypatch.setitem(analyse.MODELS, "en", "en_no_such_model")
    analyse.pipeline.cache_clear()
    try:
        report = ingest([ENGLISH / "en_call.txt", ENGLISH / "en_xi.txt", ENGLISH / "fr_call.txt"],
                        tmp_path / "store", processes=1, progress=False)
    finally:
        analyse.pipeline.cache_clear()
    assert len(report.notes) == 1 and "en_no_such_model" in report.notes[0] and "en articles" in report.notes[0]
    assert report.summary().count("note:") == 1
    assert ("2025-07-01", "phone_call", ("Macron", "Putin")) in pairs(contacts_of(tmp_path / "store"))


def test_sentence_splitting_keeps_english_abbreviations():
    text = "U.S. Secretary of State Antony Blinken met Mr. Wang on Friday. They talked for hours."
    assert [text[s:e] for s, e in split_sentences(text, "en")] == [
        "U.S. Secretary of State Antony Blinken met Mr. Wang on Friday.", "They talked for hours."]


def test_the_leader_of_a_parliamentary_state_and_a_day_after(tmp_path):
    article = tmp_path / "london.txt"
    article.write_text("Zelensky welcomed in London after Oval Office clash\n\n"
                       "LONDON - Ukrainian President Volodymyr Zelensky met the British leader at Downing Street "
                       "on Saturday, a day after his heated exchange with Donald Trump at the White House.\n",
                       encoding="utf-8")
    (tmp_path / "london.json").write_text(json.dumps({"published": "2025-03-02"}), encoding="utf-8")
    ingest([article], tmp_path / "store", progress=False)
    found = pairs(contacts_of(tmp_path / "store"))
    # the King is the head of state; "the British leader" is the Prime Minister
    assert ("2025-03-01", "meeting", ("Starmer", "Zelensky")) in found
    # "a day after his ... exchange with Donald Trump": the subject's contact of the day before
    assert ("2025-02-28", "talks", ("Trump", "Zelensky")) in found
    assert len(found) == 2


def test_every_lexicon_has_the_same_keys():
    """A language is its lexicon: a missing key silently disables a rule for that language."""
    reference = set(load_lexicon("en").data)
    for language in available_languages():
        assert set(load_lexicon(language).data) == reference, language


def contacts_in_text(tmp_path, text: str, published: str, language: str = "en") -> set[tuple[str, str, tuple[str, ...]]]:
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    (tmp_path / "article.json").write_text(json.dumps({"language": language, "published": published}), encoding="utf-8")
    ingest([article], tmp_path / "store", progress=False)
    return pairs(contacts_of(tmp_path / "store"))


@pytest.mark.parametrize("text, published, expected", [
    # a purpose infinitive after a trip is the trip's meeting; a headline's "X to meet Y" is a plan;
    # talks held in a place are a meeting
    ("Macron in Moscow and Kyiv\n\nPresident Emmanuel Macron held talks with Vladimir Putin in Moscow on Monday. "
     "Macron travelled on to Kyiv on Tuesday to meet President Volodymyr Zelensky.\n", "2022-02-08",
     {("2022-02-07", "meeting", ("Macron", "Putin")), ("2022-02-08", "visit", ("Macron", "Zelensky"))}),
    ("Scholz to meet Xi in Beijing on Tuesday\n\nGerman Chancellor Olaf Scholz will travel to China on Sunday "
     "with a business delegation, his spokesman said.\n", "2024-04-12", set()),
    # "since Fico took office in October": that date is an inauguration, not an earlier meeting
    ("Slovak Prime Minister Robert Fico met his Ukrainian counterpart Denys Shmyhal in Uzhhorod on Wednesday, their "
     "first meeting since Fico took office in October.\n", "2024-01-25", {("2024-01-24", "meeting", ("Fico", "Shmyhal"))}),
    # "a day after" the date of a clause that names no pair of people
    ("Talks in Jeddah\n\nSecretary of State Marco Rubio and Ukrainian officials held talks in Jeddah on Tuesday, a day "
     "after Rubio met Saudi Crown Prince Mohammed bin Salman.\n", "2025-03-11",
     {("2025-03-10", "meeting", ("Rubio", "Salman"))}),
])
def test_plans_trips_and_firsts(tmp_path, text, published, expected):
    assert contacts_in_text(tmp_path, text, published) == expected


def test_the_two_leaders_are_never_three():
    registry = load_registry()
    actors = DocumentActors(registry, PartialDate(2024, 7, 9), "en")
    three = [registry.people[i].actor() for i in ("narendra_modi", "vladimir_putin", "volodymyr_zelensky")]
    [group] = [m for m in mention_finder("en").find(sentence("The two leaders met.")) if m.kind == "group"]
    assert group.pair and actors.group(group.group_offices, None, three, group.size) != three
    assert actors.group(group.group_offices, None, three[:2], group.size) == three[:2]


def test_an_office_set_off_after_a_name_with_its_demonym_is_that_name_again(tmp_path):
    text = "Anna Kovacs, the Hungarian foreign minister, met Foreign Minister Karl Gruber of Austria in Vienna on Friday."
    mentions = mention_finder("en").find(sentence(text))
    [office] = [m for m in mentions if text[m.start:m.end] == "foreign minister"]
    [name] = [m for m in mentions if text[m.start:m.end] == "Anna Kovacs"]
    assert office.kind == "person" and office.label == "Anna Kovacs"
    assert (name.office, name.countries) == ("foreign_minister", ["HU"])
    # so the registry's Hungarian foreign minister of the day is not a third participant
    assert contacts_in_text(tmp_path, text + "\n", "2021-03-08") == {("2021-03-05", "meeting", ("Gruber", "Kovacs"))}


def test_a_surname_alone_names_the_person_named_in_full_before(tmp_path):
    text = ("Holm in Bergen\n\nPrime Minister Lena Holm arrived in Bergen on Tuesday. Holm first held talks with Arne Dahl, then saw "
            "Governor Ole Brekke before sitting down with Defence Minister Kari Lunde for lunch.\n")
    assert contacts_in_text(tmp_path, text, "2019-05-08") == {
        ("2019-05-07", "talks", ("Dahl", "Holm")), ("2019-05-07", "meeting", ("Brekke", "Holm")),
        ("2019-05-07", "meeting", ("Holm", "Lunde"))}


def test_a_name_set_off_after_an_office_is_a_person_whatever_its_entity_label():
    from spacy.tokens import Span

    text = "The deal followed a trip to Rome by Chile's foreign minister, Marco Bellini, who met Anne Durand."
    parsed = sentence(text)
    doc = parsed.span.doc
    start = text.index("Marco")
    doc.ents = [Span(doc, t.i, t.i + 2, label="ORG") for t in doc if t.idx == start]
    [bellini] = [m for m in mention_finder("en").find(parsed) if m.text == "Marco Bellini"]
    assert (bellini.kind, bellini.label) == ("person", "Marco Bellini")


def test_a_group_named_further_on_in_its_sentence_and_separate_calls(tmp_path):
    text = ("Weber's peace plan\n\nPresident Karl Weber first raised the plan with both leaders in separate "
            "telephone calls on Monday, after which his office said Marta Novak and Tomas Varga had agreed to "
            "receive an envoy. The two leaders have been at war since spring.\n")
    assert contacts_in_text(tmp_path, text, "2024-03-14") == {
        ("2024-03-11", "phone_call", ("Novak", "Weber")), ("2024-03-11", "phone_call", ("Varga", "Weber"))}


def test_an_office_without_a_country_is_the_storys_subject_and_a_group_that_names_its_countries(tmp_path):
    text = ("Visite à Vilnius\n\nLe président lituanien Gitanas Nauseda a reçu mardi à Vilnius le président polonais "
            "Andrzej Duda. Le chef de l'État polonais a ensuite téléphoné au président ukrainien Volodymyr Zelensky. "
            "Jeudi, le dirigeant conservateur s'était rendu à Riga pour y rencontrer le président letton Egils Levits. Les deux hommes "
            "d'État, polonais et lituanien, s'étaient vus pour la dernière fois en mars 2021.\n")
    found = contacts_in_text(tmp_path, text, "2023-05-12", "fr")
    assert ("2023-05-11", "meeting", ("Duda", "Levits")) in found  # "le dirigeant conservateur" is Duda
    assert ("2021-03", "meeting", ("Duda", "Nausėda")) in found  # not the last two people named


def test_talks_between_two_people_are_theirs_alone(tmp_path):
    text = ("Roe leaves Oslo\n\nSecretary Jane Roe left Oslo on Wednesday after talks between Prime Minister Lena Holm "
            "and President Arne Dahl, which lasted three hours.\n")
    assert contacts_in_text(tmp_path, text, "2019-05-09") == {("2019-05-08", "talks", ("Dahl", "Holm"))}


def test_an_accord_signed_by_some_after_talks_involving_others_is_two_contacts(tmp_path):
    """The passive's doers stand in for a subject that is no one; the clause reading's one
    contact of six, which the frames share out, leaves the frames' two."""
    text = ("Accord in Oslo\n\nThe accord was signed on Monday by the foreign ministers of the two countries, Foreign "
            "Minister Lena Holm and Foreign Minister Arne Dahl, after talks involving President Karl Weber and "
            "President Tomas Varga.\n")
    assert contacts_in_text(tmp_path, text, "2019-05-09") == {
        ("2019-05-06", "meeting", ("Dahl", "Holm")), ("2019-05-06", "talks", ("Varga", "Weber"))}
