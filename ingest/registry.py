"""The actor registry shipped as data: people, the offices they held and when, and countries.

Two sources of people, merged here once per process:
- ingest/data/registry/holders.jsonl, built from vendored Wikidata-derived tables by
  ingest/data/build/registry.py: office terms with Wikidata ids, through mid-2022;
- ingest/data/actors.jsonl, typed by hand: French and other spellings, and the terms after the
  built tables' horizon. A hand entry and a built one of the same person (same country, the
  same name up to transliteration: Shoigu/Shoygu, Sergei/Sergey) become one person; the hand
  entry's terms win over the built terms they overlap, except a built term checked against a
  public page (the build's overrides).
ingest/data/countries.jsonl holds the countries typed by hand; ingest/data/registry/countries_odbl.jsonl,
built from mledoze/countries (ODbL 1.0) by ingest/data/build/countries.py, the other states. A hand
row wins: its code and its spellings are not taken from the built file. People absent from the
registry are still extracted from the text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

import calendar

from ingest.model import Actor, PartialDate
from ingest.phrases import words_of


@dataclass(frozen=True)
class Term:
    office: str
    start: dt.date | None
    end: dt.date | None
    country: str | None = None  # when the office is another state's or organisation's
    valid_through: dt.date | None = None  # an open term known only up to its source's horizon
    checked: bool = False  # checked by hand against a public page (the build's overrides)
    acting: bool = False  # standing in for a holder (who may still hold the office, suspended)

    def covers(self, date: PartialDate) -> bool:
        """True when the term overlaps the period the (partial) date names."""
        if date.year is None:
            return True
        first = dt.date(date.year, date.month or 1, date.day or 1)
        last = dt.date(date.year, date.month or 12, date.day or date.last_day() if date.month else 31)
        return (self.start is None or self.start <= last) and (self.end is None or self.end >= first)

    def overlaps(self, other: Term) -> bool:
        return (self.start is None or other.end is None or self.start <= other.end) and \
            (other.start is None or self.end is None or other.start <= self.end)


@dataclass
class Person:
    actor_id: str
    name: str
    country: str
    aliases: tuple[str, ...]
    terms: tuple[Term, ...] = ()
    gender: str | None = None
    wikidata: str | None = None  # "Q123", from a vendored source; never made up
    surnames: tuple[str, ...] = ()  # built single-word names: too widely shared to be aliases on their own

    def office_at(self, date: PartialDate | None) -> str | None:
        terms = [t for t in self.terms if date is None or t.covers(date)]
        return terms[-1].office if terms else None

    def actor(self, date: PartialDate | None = None) -> Actor:
        return Actor(self.actor_id, self.name, self.country, self.office_at(date), "registry", self.aliases,
                     wikidata=self.wikidata)


@dataclass
class Country:
    code: str
    names: dict[str, str]
    forms: dict[str, list[str]] = field(default_factory=dict)  # every name, demonym, capital, seat
    # who "the Indian leader" is: the head of government where the head of state is ceremonial
    leader_office: str = "head_of_state"

    def actor(self, language: str = "en") -> Actor:
        label = self.names.get(language) or self.names.get("en") or self.code
        return Actor(f"country/{self.code}", label, self.code, None, "registry", is_country=True)


def fold(text: str) -> str:
    """Lower case without accents, for matching spellings ("Ndèye" ~ "ndeye").

    Character for character, so that offsets in the folded text are offsets in the original.
    """
    return text.translate(_FOLD_TABLE)


def _fold_char(char: str) -> str:
    if char in "’‘":
        return "'"
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 else char.lower()[:1] or char


# Latin script, general punctuation: what names and lexicons are written in
_FOLD_TABLE = {code: _fold_char(chr(code)) for code in [*range(0x250), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070)]
               if _fold_char(chr(code)) != chr(code)}


class Registry:
    def __init__(self, people: list[Person], countries: list[Country], digest: str = "") -> None:
        self.digest = digest  # of the data files it was loaded from: the store rewrites its copy when it changes
        self.people = {p.actor_id: p for p in people}
        self.countries = {c.code: c for c in countries}
        self.by_alias: dict[str, list[Person]] = {}
        self.by_office: dict[tuple[str, str], list[tuple[Person, Term]]] = {}
        self.by_surname: dict[str, list[Person]] = {}
        for person in people:
            for surname in {fold(n) for n in person.surnames}:
                self.by_surname.setdefault(surname, []).append(person)
            for alias in {" ".join(words_of(fold(a))) for a in (person.name, *person.aliases)}:
                self.by_alias.setdefault(alias, []).append(person)
            for term in person.terms:
                self.by_office.setdefault((term.office, term.country or person.country), []).append((person, term))
        self.demonyms: dict[str, dict[str, str]] = {}  # language -> folded form -> code
        self.country_names: dict[str, dict[str, str]] = {}
        for country in countries:
            for kind, table in (("demonyms", self.demonyms), ("names", self.country_names)):
                for language, forms in country.forms.get(kind, {}).items():
                    for form in forms:
                        table.setdefault(language, {})[" ".join(words_of(fold(form)))] = country.code
            for kind in ("capitals", "seats"):
                for language, forms in country.forms.get(kind, {}).items():
                    for form in forms:
                        self.country_names.setdefault(language, {}).setdefault(" ".join(words_of(fold(form))), country.code)

    def people_named(self, text: str) -> list[Person]:
        return self.by_alias.get(" ".join(words_of(fold(text))), [])

    def people_with_surname(self, surname: str) -> list[Person]:
        """Everyone a surname alone may name: their aliases, and the surnames of built entries."""
        found = {p.actor_id: p for p in (*self.people_named(surname), *self.by_surname.get(fold(surname), []))}
        return list(found.values())

    def holders(self, office: str, country: str, date: PartialDate | None) -> list[Person]:
        """Who held the office in the country at the date (everyone who ever did, when undated).
        A term left open at its source's horizon yields to a holder whose term starts after it."""
        terms = [(p, t) for p, t in self.by_office.get((office, country), []) if date is None or t.covers(date)]
        if date is not None:
            terms = [(p, t) for p, t in terms if not _superseded(t, terms)]
        found: list[Person] = []
        for person, _ in terms:
            if person not in found:
                found.append(person)
        return found

    def country_for(self, word: str, language: str) -> str | None:
        folded = " ".join(words_of(fold(word)))
        for table in (self.demonyms, self.country_names):
            for lang in (language, "en", "fr"):
                code = table.get(lang, {}).get(folded)
                if code:
                    return code
        return None

    def demonym_forms(self, language: str) -> list[str]:
        return list(self.demonyms.get(language, {})) + [f for f in self.demonyms.get("en", {}) if language != "en"]

    def country_forms(self, language: str) -> list[str]:
        return list(self.country_names.get(language, {})) + list(self.country_names.get("en", {}))


def _superseded(term: Term, others: list[tuple[Person, Term]]) -> bool:
    """An open term yields to another holder's: one that starts after its source's horizon, or,
    unless it was checked itself, a checked one that starts after it (a hand entry left open)."""
    if term.end is not None:
        return False
    return any(other.start is not None and (
        (term.valid_through is not None and other.start > term.valid_through)
        or (other.checked and not term.checked and (term.start is None or other.start > term.start)))
        for _, other in others if other is not term)


def _date(value: str | None, last: bool = False) -> dt.date | None:
    """A date at the precision the source gives ('2015', '2011-07', '2011-07-04'): its first day,
    or with `last` its last day."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1] if last else 1)
    return dt.date(parts[0], 12, 31) if last else dt.date(parts[0], 1, 1)


DATA_FILES = ("actors.jsonl", "registry/holders.jsonl", "countries.jsonl", "registry/countries_odbl.jsonl")
OPTIONAL_FILES = {"registry/countries_odbl.jsonl"}  # read when present


def read_data_jsonl(name: str) -> list[dict]:
    """The rows of a JSON Lines file under ingest/data/ (an optional one may be absent: no rows)."""
    path = resources.files("ingest") / "data" / name
    if name in OPTIONAL_FILES and not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _digest() -> str:
    digest = hashlib.sha256()
    for name in DATA_FILES:
        path = resources.files("ingest") / "data" / name
        digest.update(path.read_bytes() if path.is_file() or name not in OPTIONAL_FILES else b"")
    return digest.hexdigest()[:16]


COUNTRY_FORM_KINDS = ("names", "demonyms", "capitals", "seats")


def country_rows(hand: list[dict], built: list[dict]) -> list[dict]:
    """The hand rows, then the built rows of the other codes, each without the spellings a hand
    row has (any kind, any language, folded): "le président chilien" is never a hand country's."""
    taken = {" ".join(words_of(fold(form))) for row in hand for kind in COUNTRY_FORM_KINDS
             for forms in row.get(kind, {}).values() for form in forms}
    codes = {row["code"] for row in hand}
    rows = list(hand)
    for row in built:
        if row["code"] in codes:
            continue
        row = {**row, **{kind: {language: [f for f in forms if " ".join(words_of(fold(f))) not in taken]
                                for language, forms in row.get(kind, {}).items()}
                         for kind in COUNTRY_FORM_KINDS}}
        codes.add(row["code"])
        rows.append(row)
    return rows


def _terms(record: dict) -> tuple[Term, ...]:
    return tuple(Term(t["office"], _date(t.get("start")), _date(t.get("end"), last=True), t.get("country"),
                      _date(t.get("valid_through"), last=True), str(t.get("source", "")).startswith("checked:"),
                      bool(t.get("acting")))
                 for t in record.get("terms", []))


def name_skeleton(name: str) -> str:
    """A spelling-tolerant key for a name: folded, letters only, transliteration variants made
    one (y/i, ou/u, kh/h, doubled letters), so that "Iouri Petrov" ~ "Yuri Petrov"."""
    text = re.sub(r"[^a-z ]", " ", fold(name).replace("-", " "))
    for variant, plain in (("ou", "u"), ("y", "i"), ("kh", "h"), ("sch", "sh"), ("ch", "sh"), ("ue", "e")):
        text = text.replace(variant, plain)
    text = re.sub(r"(.)\1+", r"\1", text)
    return " ".join(text.split())


def _same_holder(hand: dict, hand_words: set[str], hand_terms: tuple[Term, ...], built: dict,
                 built_words: set[str]) -> bool:
    """Two entries of one country that held one office at overlapping times, one's name within
    the other's ("Naruhito", "Matamela Cyril Ramaphosa" for "Cyril Ramaphosa"): one person."""
    if not hand_words or not built_words or not (hand_words <= built_words or built_words <= hand_words):
        return False
    return any(h.office == b.office and (h.country or hand["country"]) == (b.country or built["country"])
               and h.overlaps(b) for h in hand_terms for b in _terms(built))


def _clash(a: Term, b: Term, home: str) -> bool:
    """One office of one state (`home` unless the term says), at overlapping times."""
    return a.office == b.office and (a.country or home) == (b.country or home) and a.overlaps(b)


def merge_people(hand: list[dict], built: list[dict], organisations: frozenset[str] = frozenset()) -> list[Person]:
    """One person per real person: a built entry joins the hand entry of the same country whose
    name or a multi-word alias has the same skeleton, or who held one of its offices at the same
    time under a name within its own (`_same_holder`), or the one hand entry of that name whose
    country is an organisation (a NATO Secretary General is built as a Dutch prime minister). Built single-word aliases (surnames) are not
    aliases on their own: too many people share them (mentions match surnames once the article
    has named the person in full)."""
    by_key: dict[tuple[str, str], dict] = {}
    by_name: dict[str, list[dict]] = {}  # officials of organisations, by name alone
    for record in hand:
        for name in (record["name"], *record.get("aliases", [])):
            if len(name.split()) > 1:
                by_key.setdefault((record["country"], name_skeleton(name)), record)
                same_name = by_name.setdefault(name_skeleton(name), []) if record["country"] in organisations else []
                if record["country"] in organisations and record not in same_name:
                    same_name.append(record)
    hand_by_country: dict[str, list[tuple[dict, set[str], tuple[Term, ...]]]] = {}
    for record in hand:
        hand_by_country.setdefault(record["country"], []).append(
            (record, set(name_skeleton(record["name"]).split()), _terms(record)))
    joined: dict[str, list[dict]] = {}
    alone: list[dict] = []
    by_id = {record["id"]: record for record in hand}
    for record in built:
        names = [record["name"], *(a for a in record.get("aliases", []) if len(a.split()) > 1)]
        # an override names the hand entry it checked ("hand_id"), else the names decide
        match = by_id.get(record.get("hand_id", "")) or next(
            (by_key[(record["country"], name_skeleton(n))] for n in names
             if (record["country"], name_skeleton(n)) in by_key), None)
        if match is None:
            unique = [by_name[name_skeleton(n)][0] for n in names if len(by_name.get(name_skeleton(n), [])) == 1]
            match = unique[0] if unique else None
        if match is None and record["country"] in hand_by_country:
            words = set(name_skeleton(record["name"]).split())
            match = next((h for h, hand_words, hand_terms in hand_by_country[record["country"]]
                          if _same_holder(h, hand_words, hand_terms, record, words)), None)
        if match is not None:
            joined.setdefault(match["id"], []).append(record)
        else:
            alone.append(record)
    people = []
    for record in hand:
        twins = joined.get(record["id"], [])
        # a twin's terms are of its own country unless they say otherwise (a NATO Secretary General
        # entered by hand is built as a Dutch prime minister)
        built = [t if t.country or twin["country"] == record["country"] else replace(t, country=twin["country"])
                 for twin in twins for t in _terms(twin)]
        checked = [t for t in built if t.checked]
        home = record["country"]
        # a term checked against a source wins over a hand term it overlaps; a hand term wins over
        # the other built terms it overlaps, and the built ones of other times are added (the
        # hand entry of a president since 2012 gains the built term of 2000-2008)
        own = [t for t in _terms(record) if not any(_clash(c, t, home) for c in checked)]
        terms = tuple(own) + tuple(t for t in built if t.checked or not any(_clash(t, h, home) for h in own))
        aliases = [*record.get("aliases", []), *(n for twin in twins for n in (twin["name"], *twin.get("aliases", []))
                                                 if len(n.split()) > 1)]
        wikidata = record.get("wikidata") or next((t["wikidata"] for t in twins if t.get("wikidata")), None)
        surnames = tuple(dict.fromkeys(n for twin in twins for n in twin.get("aliases", []) if len(n.split()) == 1))
        people.append(Person(record["id"], record["name"], record["country"], tuple(dict.fromkeys(aliases)), terms,
                             record.get("gender"), wikidata, surnames))
    taken = {p.actor_id for p in people}
    for record in alone:
        actor_id = record["id"] if record["id"] not in taken else f"{record['id']}_{record['country'].lower()}"
        taken.add(actor_id)
        aliases = tuple(a for a in record.get("aliases", []) if len(a.split()) > 1)
        surnames = tuple(a for a in record.get("aliases", []) if len(a.split()) == 1)
        people.append(Person(actor_id, record["name"], record["country"], aliases, _terms(record), None,
                             record.get("wikidata"), surnames))
    return people


@cache
def load_registry() -> Registry:
    rows = country_rows(read_data_jsonl("countries.jsonl"), read_data_jsonl("registry/countries_odbl.jsonl"))
    organisations = frozenset(r["code"] for r in rows if r.get("organisation"))
    people = merge_people(read_data_jsonl("actors.jsonl"), read_data_jsonl("registry/holders.jsonl"), organisations)
    countries = []
    for r in rows:
        forms = {kind: r.get(kind, {}) for kind in ("names", "demonyms", "capitals", "seats")}
        countries.append(Country(r["code"], r.get("name", {}), forms, r.get("leader_office", "head_of_state")))
    return Registry(people, countries, _digest())
