"""Plain data passed between the pipeline stages."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

PRECISIONS = ("year", "month", "day")
ARTICLE_TIMEOUT_S = 120.0  # seconds an article's analysis may take before it is rejected (ingest.pipeline)


@dataclass(frozen=True)
class PartialDate:
    """A date known only as far as the text supports it.

    Any field may be unknown: "mercredi" in an undated article is a weekday alone, "3 avril" a
    month and day without a year. `precision` says how far the date is known once complete.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # Monday = 0, as datetime.weekday()

    @property
    def precision(self) -> str | None:
        if self.day is not None or self.weekday is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.year is not None:
            return "year"
        return None

    @property
    def is_complete(self) -> bool:
        """True when the date is known at its precision (a year, a year and month, or a day)."""
        precision = self.precision
        if precision == "year":
            return self.year is not None
        if precision == "month":
            return self.year is not None and self.month is not None
        if precision == "day":
            return None not in (self.year, self.month, self.day)
        return False

    def iso(self) -> str | None:
        """The ISO string cut to the precision (None while incomplete)."""
        if not self.is_complete:
            return None
        if self.precision == "year":
            return f"{self.year:04d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_date(self) -> dt.date | None:
        if self.precision == "day" and self.is_complete:
            return dt.date(self.year, self.month, self.day)  # type: ignore[arg-type]
        return None

    def compatible(self, other: PartialDate) -> bool:
        """True when both can describe the same day (every field known on both sides agrees)."""
        for name in ("year", "month", "day"):
            a, b = getattr(self, name), getattr(other, name)
            if a is not None and b is not None and a != b:
                return False
        if self.weekday is not None and other.weekday is not None and self.weekday != other.weekday:
            return False
        for known, weekday in ((self, other.weekday), (other, self.weekday)):
            day = known.as_date()
            if day is not None and weekday is not None and day.weekday() != weekday:
                return False
        return True

    def combine(self, other: PartialDate) -> PartialDate:
        """The most precise date consistent with both (call only when compatible)."""
        combined = PartialDate(
            year=self.year if self.year is not None else other.year,
            month=self.month if self.month is not None else other.month,
            day=self.day if self.day is not None else other.day,
            weekday=self.weekday if self.weekday is not None else other.weekday,
        )
        return combined.with_weekday_checked()

    def with_weekday_checked(self) -> PartialDate:
        day = self.as_date()
        if day is not None:
            return PartialDate(self.year, self.month, self.day, day.weekday())
        return self

    def refines(self, other: PartialDate) -> bool:
        """True when self says at least everything other says."""
        return all(getattr(other, n) is None or getattr(self, n) == getattr(other, n)
                   for n in ("year", "month", "day", "weekday"))

    def specificity(self) -> int:
        return sum(getattr(self, n) is not None for n in ("year", "month", "day", "weekday"))

    @staticmethod
    def parse_iso(text: str) -> PartialDate | None:
        """'2024', '2024-04' or '2024-04-03' (a longer timestamp is cut to its date)."""
        text = (text or "").strip()[:10]
        parts = text.split("-")
        try:
            numbers = [int(p) for p in parts if p]
        except ValueError:
            return None
        if not numbers or not 1 <= len(numbers) <= 3:
            return None
        try:
            if len(numbers) == 3:
                dt.date(*numbers)
            elif len(numbers) == 2 and not 1 <= numbers[1] <= 12:
                return None
        except ValueError:
            return None
        return PartialDate(*numbers).with_weekday_checked()

    def last_day(self) -> int:
        return calendar.monthrange(self.year or 2000, self.month or 12)[1]


@dataclass
class RawArticle:
    """An article as read from disk, before cleaning."""

    doc_id: str
    source: str  # the path (and line, for JSON Lines) it came from, for messages
    text: str
    is_html: bool = False
    title: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    location: str | None = None  # the resolved path (and record id) that identifies the article
    warnings: list[str] = field(default_factory=list)  # metadata values read and ignored


@dataclass
class Article:
    doc_id: str
    source: str
    text: str  # cleaned text: every offset below refers to it
    language: str
    title: str | None = None
    url: str | None = None
    published: PartialDate | None = None  # from metadata or the text itself
    published_from: str | None = None  # "metadata", "dateline", "copyright"
    location: str | None = None  # the resolved path (and record id) that identifies the article


@dataclass(frozen=True)
class Evidence:
    sentence: str
    start: int
    end: int


@dataclass
class Actor:
    """A person (or, for positions, a state) as resolved by the pipeline."""

    actor_id: str
    label: str
    country: str | None = None
    role: str | None = None  # office kind, e.g. "foreign_minister"
    known_from: str = "registry"  # or "text"
    aliases: tuple[str, ...] = ()
    is_country: bool = False
    wikidata: str | None = None  # "Q123" for a registry person whose source gives one


@dataclass
class ContactClaim:
    """One article's report of one contact."""

    doc_id: str
    kind: str  # phone_call, video_call, meeting, visit, talks
    participants: list[Actor]
    date: PartialDate | None
    evidence: list[Evidence]
    duration_minutes: int | None = None
    initiator: Actor | None = None
    place: str | None = None
    ordinal: int = 0
    recalled: bool = False  # known only as "the first since ..." / "for the last time in ..."

    @property
    def participant_ids(self) -> frozenset[str]:
        return frozenset(a.actor_id for a in self.participants)


@dataclass
class PositionClaim:
    doc_id: str
    holder: Actor
    stance: str
    topic: str
    evidence: Evidence
    quote: str | None = None
    ordinal: int = 0


@dataclass
class ContextEventClaim:
    doc_id: str
    kind: str
    label: str
    evidence: Evidence
    date: PartialDate | None = None
    place: str | None = None
    ordinal: int = 0


@dataclass
class Extraction:
    """Everything one article yields."""

    article: Article
    contacts: list[ContactClaim] = field(default_factory=list)
    positions: list[PositionClaim] = field(default_factory=list)
    context_events: list[ContextEventClaim] = field(default_factory=list)

    @property
    def actors(self) -> list[Actor]:
        seen: dict[str, Actor] = {}
        for claim in self.contacts:
            for actor in claim.participants:
                seen.setdefault(actor.actor_id, actor)
        for position in self.positions:
            seen.setdefault(position.holder.actor_id, position.holder)
        return list(seen.values())


@dataclass
class ContactEvent:
    """One real-world contact, merged from the claims of every article that reports it."""

    event_id: str
    kind: str
    participants: list[Actor]
    date: PartialDate | None
    claims: list[ContactClaim]
    duration_minutes: int | None = None
    initiator: Actor | None = None
    place: str | None = None
    date_conflicts: list[str] = field(default_factory=list)


@dataclass
class Mention:
    """Who a span of a sentence speaks of, as the text says it (a registry person, an office and
    country, "son homologue russe", "les deux hommes"): found by ingest.extract.mentions, turned
    into actors by ingest.resolve."""

    start: int  # offsets in the sentence
    end: int
    text: str
    kind: str  # person | office | counterpart | group | pronoun | latter | country
    person_id: str | None = None  # registry id
    label: str | None = None  # a name read from the text (people outside the registry)
    office: str | None = None
    countries: list[str] = field(default_factory=list)
    plural: bool = False
    group_offices: list[str] = field(default_factory=list)  # "les deux présidents": head_of_state
    size: int | None = None  # "the two leaders", "les trois dirigeants": exactly that many people
    described: list[int] = field(default_factory=list)  # a description's names: where they start
    after_title: bool = False  # the name follows a title ("Prince Karim"): it may be a given name

    @property
    def pair(self) -> bool:
        return self.size == 2

    @property
    def country(self) -> str | None:
        return self.countries[0] if len(self.countries) == 1 else None
