"""The actor registry shipped as data: people, the offices they held and when, and countries.

ingest/data/actors.jsonl and ingest/data/countries.jsonl are the facts; this module only loads
and looks them up. People absent from the registry are still extracted from the text.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ingest.model import Actor, PartialDate
from ingest.phrases import words_of


@dataclass(frozen=True)
class Term:
    office: str
    start: dt.date | None
    end: dt.date | None
    country: str | None = None  # when the office is another state's or organisation's

    def covers(self, date: PartialDate) -> bool:
        """True when the term overlaps the period the (partial) date names."""
        if date.year is None:
            return True
        first = dt.date(date.year, date.month or 1, date.day or 1)
        last = dt.date(date.year, date.month or 12, date.day or date.last_day() if date.month else 31)
        return (self.start is None or self.start <= last) and (self.end is None or self.end >= first)


@dataclass
class Person:
    actor_id: str
    name: str
    country: str
    aliases: tuple[str, ...]
    terms: tuple[Term, ...] = ()
    gender: str | None = None

    def office_at(self, date: PartialDate | None) -> str | None:
        terms = [t for t in self.terms if date is None or t.covers(date)]
        return terms[-1].office if terms else None

    def actor(self, date: PartialDate | None = None) -> Actor:
        return Actor(self.actor_id, self.name, self.country, self.office_at(date), "registry", self.aliases)


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
    """Lower case without accents, for matching spellings ("Choïgou" ~ "choigou").

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
    def __init__(self, people: list[Person], countries: list[Country]) -> None:
        self.people = {p.actor_id: p for p in people}
        self.countries = {c.code: c for c in countries}
        self.by_alias: dict[str, list[Person]] = {}
        for person in people:
            for alias in {" ".join(words_of(fold(a))) for a in (person.name, *person.aliases)}:
                self.by_alias.setdefault(alias, []).append(person)
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

    def holders(self, office: str, country: str, date: PartialDate | None) -> list[Person]:
        """Who held the office in the country at the date (everyone who ever did, when undated)."""
        found = []
        for person in self.people.values():
            if any(t.office == office and (t.country or person.country) == country and (date is None or t.covers(date))
                   for t in person.terms):
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


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _read_jsonl(name: str) -> list[dict]:
    path = resources.files("ingest") / "data" / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@cache
def load_registry() -> Registry:
    people = [Person(r["id"], r["name"], r["country"], tuple(r.get("aliases", [])),
                     tuple(Term(t["office"], _date(t.get("start")), _date(t.get("end")), t.get("country"))
                           for t in r.get("terms", [])),
                     r.get("gender"))
              for r in _read_jsonl("actors.jsonl")]
    countries = []
    for r in _read_jsonl("countries.jsonl"):
        forms = {kind: r.get(kind, {}) for kind in ("names", "demonyms", "capitals", "seats")}
        countries.append(Country(r["code"], r.get("name", {}), forms, r.get("leader_office", "head_of_state")))
    return Registry(people, countries)
