"""Temporal expressions: find them in a sentence and resolve them at their true precision.

Written by hand because the hard part is not parsing ("3 avril", "avril 2023") but choosing the
reference each expression is relative to: the article's date for "mercredi" or "le mois dernier",
the previous event in the text for "le mois précédent" or "le lendemain", nothing at all for a
weekday in an undated article (the merge stage completes it from other articles). dateparser
resolves every relative expression against one base date and turns a weekday into a full date,
which loses exactly the distinctions this module keeps.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from ingest.lexicon import Lexicon, alternation
from ingest.model import PartialDate


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    kind: str  # "absolute", "weekday", "relative:<name>", "last_month", ...
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    last: bool = False  # "octobre dernier": strictly before the reference
    offset_days: int | None = None  # "cinq jours plus tôt": -5 from the narrative's time
    approximate: bool = False  # "une dizaine de jours plus tôt": about that far, so only the month is known
    listed_before: int | None = None  # "le 3" of "le 3 et le 9 mai": the start of the date it shares a month with
    years_back: int | None = None  # "two years ago", "il y a un an": that many years before the article


class DateFinder:
    """Finds date expressions of one language; `resolve` gives them a PartialDate."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        months = _alternation(lexicon.months)
        weekdays = _alternation(lexicon.weekdays)
        day = lexicon.data.get("day_number", r"\d{1,2}")
        last = _alternation(lexicon.data.get("last_suffix", []))
        words = lexicon.data.get("date_words", {})
        article = alternation(words.get("day_article", []))  # "le 3 avril"
        joiner = alternation(words.get("month_year_joiners", []))  # "avril de 2023", "March of 2023"
        of_last_year = alternation(words.get("of_last_year", []))  # "March of last year"
        month_prefixes = alternation(words.get("month_prefixes", []))  # "in March", "fin octobre"
        year_prefixes = alternation(words.get("year_prefixes", []))  # "since 2018", "en 2022"
        last_prefix = alternation(words.get("last_prefix", []))  # "last Friday"
        self.first_day = {w.lower() for w in words.get("first_day", [])}  # "1er", "premier"
        self.verb_months = {w.lower() for w in words.get("verb_months", [])}  # "may 3": a verb, not a date
        self.ambiguous_months = {w.lower() for w in words.get("ambiguous_months", [])}
        self.strong_prefixes = {w.lower() for w in words.get("ambiguous_month_prefixes", [])}
        self.patterns: list[tuple[str, re.Pattern]] = [
            ("numeric", re.compile(r"\b(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>(?:19|20)\d{2})\b")),
            ("iso", re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?\b")),
            ("day_month", re.compile(
                rf"(?:\b(?P<wd>{weekdays})\s+)?(?:\b(?:{article})\s+)?\b(?P<d>{day})\s+(?P<m>{months})(?:\s+(?P<y>(?:19|20)\d{{2}}))?\b",
                re.IGNORECASE)),
            ("month_day", re.compile(
                rf"(?:\b(?P<wd>{weekdays}),?\s+)?\b(?P<m>{months})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>(?:19|20)\d{{2}}))?",
                re.IGNORECASE)),
            ("month_of_last_year", re.compile(rf"\b(?P<m>{months})\s+(?:{of_last_year})", re.IGNORECASE)),
            ("month_year", re.compile(rf"\b(?P<m>{months})\s+(?:(?:{joiner})\s+)?(?P<y>(?:19|20)\d{{2}})\b", re.IGNORECASE)),
            ("month", re.compile(
                rf"\b(?:(?:{month_prefixes})\s*)(?P<m>{months})\b(?!\s+(?:(?:{joiner})\s+)?(?:19|20)\d{{2}})(?:\s+(?P<last>{last}))?",
                re.IGNORECASE)),
            ("year", re.compile(rf"\b(?:{year_prefixes})\s+(?P<y>(?:19|20)\d{{2}})\b", re.IGNORECASE)),
            # "last Friday", "vendredi dernier": the week before when said on a Friday
            ("weekday", re.compile(rf"(?:\b(?P<lastp>{last_prefix})\s+)?\b(?P<wd>{weekdays})\b(?:\s+(?P<last>{last}))?",
                                   re.IGNORECASE)),
        ]
        # "le 3 et le 9 mai": a day that shares the month of the date after it; the article on
        # both days makes it a list of days, not a span ("les 3 et 4 mai")
        self.day_articles = tuple(f"{a.lower()} " for a in words.get("day_article", []))
        self.listed_day = re.compile(
            rf"\b(?:{article})\s+(?P<d>{day})\s*(?:,|\b(?:{lexicon.alternation('coordinators')})\b)\s*$",
            re.IGNORECASE) if article else None
        last_year = alternation([*words.get("of_last_year", []),
                                 *lexicon.data.get("relative_dates", {}).get("previous_year", [])])
        self.last_year_after = re.compile(rf"\s*,?\s*(?:{last_year})\b", re.IGNORECASE) if last_year else re.compile("(?!)")
        self.numbers = {k.lower(): v for k, v in lexicon.data.get("number_words", {}).items()}
        self.approximate = {k.lower(): v for k, v in words.get("approximate_counts", {}).items()}
        self.week_units = {w.lower() for w in words.get("week_units", [])}
        self.offsets = [(-1 if direction == "before" else 1, re.compile(p, re.IGNORECASE))
                        for direction, patterns in words.get("day_offsets", {}).items() for p in patterns]
        self.years_ago = [re.compile(p, re.IGNORECASE) for p in words.get("years_ago", [])]
        self.relative = [(name, re.compile("|".join(f"(?:{p})" for p in phrases), re.IGNORECASE))
                         for name, phrases in lexicon.data.get("relative_dates", {}).items() if phrases]

    def find(self, text: str) -> list[DateMention]:
        """Every date expression, longest first where they overlap, in text order."""
        found: list[DateMention] = []
        for kind, pattern in self.patterns:
            for match in pattern.finditer(text):
                mention = self._mention(kind, match)
                if mention is not None:
                    found.append(self._of_last_year(text, mention))
        for name, pattern in self.relative:
            for match in pattern.finditer(text):
                found.append(DateMention(match.start(), match.end(), match.group(0), f"relative:{name}"))
        for sign, pattern in self.offsets:
            for match in pattern.finditer(text):
                offset = self._offset(match)
                if offset is not None:
                    found.append(DateMention(match.start(), match.end(), match.group(0), "relative:offset",
                                             offset_days=sign * offset[0], approximate=offset[1]))
        for pattern in self.years_ago:
            for match in pattern.finditer(text):
                raw = match.group("n").lower()
                count = int(raw) if raw.isdigit() else self.numbers.get(raw)
                if count:
                    found.append(DateMention(match.start(), match.end(), match.group(0), "years_ago", years_back=count))
        found.sort(key=lambda m: (-(m.end - m.start), m.start))
        kept: list[DateMention] = []
        for mention in found:
            if all(mention.end <= k.start or mention.start >= k.end for k in kept):
                kept.append(mention)
        return sorted(kept + self._listed_days(text, kept), key=lambda m: m.start)

    def _of_last_year(self, text: str, mention: DateMention) -> DateMention:
        """"April 11 last year", "le 3 mai de l'an dernier": a day of the year before the article's."""
        if mention.kind != "absolute" or mention.year is not None or mention.month is None:
            return mention
        after = self.last_year_after.match(text, mention.end)
        if after is None:
            return mention
        return DateMention(mention.start, after.end(), text[mention.start:after.end()], "month_of_last_year",
                           month=mention.month, day=mention.day)

    def _listed_days(self, text: str, dates: list[DateMention]) -> list[DateMention]:
        """The days listed before a full date that share its month and year ("le 3 et le 9 mai")."""
        listed: list[DateMention] = []
        if self.listed_day is None:
            return listed
        for date in dates:
            if date.kind != "absolute" or date.day is None or not date.text.lower().startswith(self.day_articles):
                continue
            match = self.listed_day.search(text[:date.start])
            if match is None or any(d.start <= match.start() < d.end for d in dates):
                continue
            day = 1 if match.group("d").lower() in self.first_day else int(match.group("d"))
            if 1 <= day <= 31:
                listed.append(DateMention(match.start(), match.start("d") + len(match.group("d")),
                                          text[match.start():match.start("d") + len(match.group("d"))],
                                          "absolute", date.year, date.month, day, listed_before=date.start))
        return listed

    def _mention(self, kind: str, match: re.Match) -> DateMention | None:
        groups = match.groupdict()
        month = int(groups["m"]) if kind in ("numeric", "iso") else self._month(groups.get("m"))
        if month is not None and not 1 <= month <= 12:
            return None
        weekday = self.lexicon.weekdays.get((groups.get("wd") or "").lower())
        year = int(groups["y"]) if groups.get("y") else None
        day_text = groups.get("d")
        day = None
        if day_text:
            day = 1 if day_text.lower() in self.first_day else int(day_text)
        if kind in ("day_month", "month_day", "numeric", "iso") and day is not None:
            if month is None or not 1 <= day <= 31:
                return None
            if kind == "month_day" and groups.get("m", "").lower() in self.verb_months and not match.group(0)[0].isupper():
                return None  # "may 3" is a verb, not a date
            return DateMention(match.start(), match.end(), match.group(0), "absolute", year, month, day, weekday)
        if kind == "iso":
            return DateMention(match.start(), match.end(), match.group(0), "absolute", year, month)
        if kind == "month_of_last_year":
            return DateMention(match.start(), match.end(), match.group(0), "month_of_last_year", month=month)
        if kind == "month_year":
            return DateMention(match.start(), match.end(), match.group(0), "absolute", year, month)
        if kind == "month":
            if groups.get("m", "").lower() in self.ambiguous_months and not groups.get("last"):
                prefix = match.group(0)[: match.start("m") - match.start()].strip().lower()
                if prefix not in self.strong_prefixes:
                    return None  # "dès mai": too often not a date
            return DateMention(match.start(), match.end(), match.group(0), "month", month=month,
                               last=bool(groups.get("last")))
        if kind == "year":
            return DateMention(match.start("y"), match.end(), match.group("y"), "absolute", year)
        if kind == "weekday":
            return DateMention(match.start(), match.end(), match.group(0), "weekday", weekday=weekday,
                               last=bool(groups.get("lastp") or groups.get("last")))
        return None

    def _offset(self, match: re.Match) -> tuple[int, bool] | None:
        """Days and whether approximately, of "cinq jours", "two weeks", "une dizaine de jours"."""
        groups = match.groupdict()
        if groups.get("approx"):
            count, approximate = self.approximate.get(groups["approx"].lower()), True
        else:
            raw = (groups.get("n") or "").lower()
            count, approximate = (int(raw) if raw.isdigit() else self.numbers.get(raw)), False
        if count is None:
            return None
        return count * (7 if groups["unit"].lower() in self.week_units else 1), approximate

    def _month(self, text: str | None) -> int | None:
        if not text:
            return None
        return self.lexicon.months.get(text.lower()) or self.lexicon.months.get(text.lower().rstrip("."))


# "NEW DELHI, March 3 - ...", "LVIV (Ukraine), 18 août 2022 (AFP) - ...", "OSLO, May 4 (NTB) --
# ...": a place in capitals, a date, then a dash (or the typewriter's two): the date of the report,
# not of what it reports
DATELINE = re.compile(r"^\s*[A-ZÀ-Þ][A-ZÀ-Þ'. /-]+(?:\s*\([^)]{1,40}\))?,\s*(?P<date>[^-–—]{3,40}?)\s*(?:\([^)]{1,20}\)\s*)?(?:--|[-–—])\s")


def in_dateline(text: str, mention: DateMention) -> bool:
    """Whether a date expression is the sentence's dateline."""
    match = DATELINE.match(text)
    return match is not None and match.start("date") <= mention.start < match.end("date")


@cache
def date_finder(language: str) -> DateFinder:
    from ingest.lexicon import load_lexicon

    return DateFinder(load_lexicon(language))


def resolve(mention: DateMention, reference: PartialDate | None, anchor: PartialDate | None) -> PartialDate | None:
    """The date a mention names, read against the article's date and the previous event's date.

    Never invents a day: what the text leaves open stays open (a weekday in an undated article
    stays a weekday, for the merge stage to complete from other reports of the same event).
    """
    ref_year = reference.year if reference else None
    ref_date = reference.as_date() if reference else None
    if mention.kind == "absolute":
        if mention.year is not None:
            return PartialDate(mention.year, mention.month, mention.day,
                               mention.weekday if mention.day is None else None).with_weekday_checked()
        year = _year_before(reference, mention.month, mention.day)
        if year is None and mention.weekday is not None:
            return PartialDate(None, mention.month, mention.day, mention.weekday)
        return PartialDate(year, mention.month, mention.day).with_weekday_checked()
    if mention.kind == "month":
        if reference is None or ref_year is None:
            return PartialDate(month=mention.month)
        year = ref_year
        if reference.month is not None and (mention.month > reference.month
                                            or (mention.last and mention.month >= reference.month)):
            year -= 1
        return PartialDate(year, mention.month)
    if mention.kind == "month_of_last_year":
        return PartialDate(ref_year - 1, mention.month, mention.day) if ref_year \
            else PartialDate(month=mention.month, day=mention.day)
    if mention.kind == "weekday":
        if ref_date is not None:
            back = (ref_date.weekday() - mention.weekday) % 7 or (7 if mention.last else 0)
            return _day(ref_date - dt.timedelta(days=back))
        return PartialDate(year=ref_year, weekday=mention.weekday)
    if mention.kind == "years_ago":
        # counted from the report, whatever the story's time; "a year ago" is not a month
        return PartialDate(ref_year - mention.years_back) if ref_year and mention.years_back else None
    name = mention.kind.removeprefix("relative:")
    if name == "offset":
        return _offset(mention, anchor)
    return _relative(name, reference, anchor)


def _offset(mention: DateMention, anchor: PartialDate | None) -> PartialDate | None:
    """"Five days earlier": that many days from the narrative's time; "about ten days earlier", or
    from a time known to the month only: the month it falls in."""
    anchor_date = anchor.as_date() if anchor else None
    if anchor_date is None:
        if anchor is not None and anchor.year and anchor.month and mention.approximate:
            return PartialDate(anchor.year, anchor.month)
        return None
    day = anchor_date + dt.timedelta(days=mention.offset_days)
    return PartialDate(day.year, day.month) if mention.approximate else _day(day)


def _relative(name: str, reference: PartialDate | None, anchor: PartialDate | None) -> PartialDate | None:
    ref_date = reference.as_date() if reference else None
    anchor_date = anchor.as_date() if anchor else None
    if name == "today":
        return reference
    if name == "yesterday" and ref_date:
        return _day(ref_date - dt.timedelta(days=1))
    if name == "previous_month" and reference and reference.year and reference.month:
        return _shift_month(reference.year, reference.month, -1)
    if name == "this_month" and reference and reference.month:
        return PartialDate(reference.year, reference.month)
    if name == "previous_year" and reference and reference.year:
        return PartialDate(reference.year - 1)
    if name == "this_year" and reference and reference.year:
        return PartialDate(reference.year)
    if name == "previous_month_of_anchor" and anchor and anchor.year and anchor.month:
        return _shift_month(anchor.year, anchor.month, -1)
    if name == "anchor_year" and anchor and anchor.year:
        return PartialDate(anchor.year)
    if name == "same_day_as_anchor" and anchor:
        return anchor
    if name == "same_month_as_anchor" and anchor and anchor.month:
        return PartialDate(anchor.year, anchor.month)
    if name == "day_after_anchor" and anchor_date:
        return _day(anchor_date + dt.timedelta(days=1))
    if name == "day_before_anchor" and anchor_date:
        return _day(anchor_date - dt.timedelta(days=1))
    if name in ("day_after_anchor", "day_before_anchor") and anchor and anchor.year and anchor.month:
        return PartialDate(anchor.year, anchor.month)  # "the next day" of a time known to the month
    return None


def _year_before(reference: PartialDate | None, month: int | None, day: int | None) -> int | None:
    """The year of a day and month given without one: the latest not after the reference."""
    if reference is None or reference.year is None:
        return None
    if reference.month is None or month is None:
        return reference.year
    if (month, day or 1) > (reference.month, reference.day or 31):
        return reference.year - 1
    return reference.year


def _shift_month(year: int, month: int, delta: int) -> PartialDate:
    index = year * 12 + (month - 1) + delta
    return PartialDate(index // 12, index % 12 + 1)


def _day(day: dt.date) -> PartialDate:
    return PartialDate(day.year, day.month, day.day, day.weekday())


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
