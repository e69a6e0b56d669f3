"""Dates keep their precision and relative expressions are read against the right reference."""

from __future__ import annotations

import pytest

from ingest.dates import DateFinder, resolve
from ingest.lexicon import load_lexicon
from ingest.model import PartialDate

FRENCH = DateFinder(load_lexicon("fr"))
ENGLISH = DateFinder(load_lexicon("en"))


def first(finder: DateFinder, text: str, reference: str | None = None, anchor: str | None = None) -> str | None:
    [mention] = finder.find(text)
    ref = PartialDate.parse_iso(reference) if reference else None
    anc = PartialDate.parse_iso(anchor) if anchor else None
    date = resolve(mention, ref, anc)
    return date.iso() if date else None


@pytest.mark.parametrize("text, reference, anchor, expected", [
    ("se sont téléphoné pour la dernière fois en avril 2023", None, None, "2023-04"),
    ("C'est une première depuis le 23 octobre 2022.", None, None, "2022-10-23"),
    ("s'est entretenu mercredi par téléphone", "2023-03-16", None, "2023-03-15"),
    ("a été reçu lundi à Sotchi", "2023-09-04", None, "2023-09-04"),
    ("le 2 août, lors d'un entretien téléphonique", "2023-09-04", None, "2023-08-02"),
    ("ne s'étaient plus parlé depuis octobre dernier", "2023-03-16", None, "2022-10"),
    ("Fin octobre, ils s'étaient déjà vus", "2022-02-22", None, "2021-10"),
    ("entretenu avec Lloyd Austin le mois précédent", "2024-04", "2023-04", "2023-03"),
    ("Le lendemain, il a été reçu", "2025-10-23", "2025-10-16", "2025-10-17"),
    ("Publié le 19/02/2025 à 07h12", None, None, "2025-02-19"),
    ("met in Beijing on Tuesday", "2024-04-09", None, "2024-04-09"),
    ("during their telephone conversation on July 3.", "2025-07-11", None, "2025-07-03"),
    ("Xi made a state visit to Moscow in March of last year.", "2024-04-09", None, "2023-03"),
])
def test_resolution(text, reference, anchor, expected):
    finder = ENGLISH if any(w in text for w in ("met ", "during", "made")) else FRENCH
    assert first(finder, text, reference, anchor) == expected


def test_a_weekday_in_an_undated_article_stays_a_weekday():
    [mention] = FRENCH.find("s'est entretenu mercredi avec son homologue")
    date = resolve(mention, PartialDate(2024), None)
    assert (date.year, date.month, date.day, date.weekday, date.iso()) == (2024, None, None, 2, None)


def test_day_and_month_without_year_and_without_reference_stay_open():
    [mention] = FRENCH.find("ont échangé au téléphone, ce mercredi 3 avril.")
    date = resolve(mention, None, None)
    assert (date.year, date.month, date.day, date.weekday) == (None, 4, 3, 2)


def test_partial_dates_combine_into_the_most_precise_consistent_date():
    weekday_2024 = PartialDate(year=2024, weekday=2)
    third_of_april = PartialDate(month=4, day=3)
    assert weekday_2024.compatible(third_of_april)
    assert weekday_2024.combine(third_of_april).iso() == "2024-04-03"
    assert not PartialDate(2024, 4, 4).compatible(weekday_2024)  # 4 April 2024 is a Thursday
    assert not PartialDate(2022, 10).compatible(PartialDate(2022, 9))


def test_month_precision_is_not_a_first_of_month():
    assert PartialDate.parse_iso("2023-04").iso() == "2023-04"
    assert PartialDate.parse_iso("2023-04").precision == "month"



@pytest.mark.parametrize("text, reference, expected", [
    ("leur dernier échange remontait au mois d'août", "2021-01-12", "2020-08"),
    ("ils s'étaient vus début d'avril à Rome", "2019-06-02", "2019-04"),
    ("the two envoys met during June in Oman", "2018-09-30", "2018-06"),
])
def test_a_month_named_with_its_prefix_phrase(text, reference, expected):
    finder = FRENCH if " ils " in f" {text} " or "leur" in text else ENGLISH
    assert first(finder, text, reference) == expected


@pytest.mark.parametrize("finder, text, anchor, expected", [
    (FRENCH, "Elle l'avait reçu cinq jours plus tôt à Rabat.", "2021-09-13", "2021-09-08"),
    (FRENCH, "Il l'avait reçu une dizaine de jours plus tôt.", "2021-09-13", "2021-09"),  # about: the month only
    (FRENCH, "Ils se sont revus deux semaines plus tard.", "2021-09-13", "2021-09-27"),
    (ENGLISH, "Three days earlier, she had called him.", "2022-03-02", "2022-02-27"),
    (ENGLISH, "They spoke again a few days later.", "2022-03-02", "2022-03"),
    (ENGLISH, "She had met him two weeks before.", "2022-03", None),  # a day from a month: not known
])
def test_day_offsets_count_from_the_narrative_s_time(finder, text, anchor, expected):
    assert first(finder, text, None, anchor) == expected


def test_a_day_listed_with_its_article_before_a_full_date_shares_its_month_but_a_span_does_not():
    listed = [(d.text, d.month, d.day) for d in FRENCH.find("Ils se sont vus le 3 et le 9 mai.")]
    assert listed == [("le 3", 5, 3), ("le 9 mai", 5, 9)]
    assert [(d.text, d.day) for d in FRENCH.find("Ils se sont vus les 3 et 4 mai.")] == [("4 mai", 4)]


def test_last_night_is_the_evening_before_the_article():
    assert first(ENGLISH, "He said he had spoken to her last night.", "2024-06-12") == "2024-06-11"


@pytest.mark.parametrize("finder, text, expected", [
    (ENGLISH, "She telephoned him on April 11 last year.", "2022-04-11"),
    (FRENCH, "Ils se sont vus le 3 mai de l'an dernier.", "2022-05-03"),
    (FRENCH, "Ils se sont vus en mars de l'année dernière.", "2022-03"),
])
def test_a_day_or_month_of_last_year(finder, text, expected):
    assert first(finder, text, "2023-06-16") == expected


@pytest.mark.parametrize("finder, text, expected", [
    (ENGLISH, "A year ago in Oslo, she had met him for the first time.", "2022"),
    (ENGLISH, "They last met three years ago.", "2020"),
    (FRENCH, "Il y a deux ans, ils s'étaient vus à Rome.", "2021"),
])
def test_years_ago_count_from_the_report_to_the_year(finder, text, expected):
    """Whatever the story's time, "ago" counts from the report; "a year ago" names no month."""
    assert first(finder, text, "2023-07-11", "2023-05-02") == expected
