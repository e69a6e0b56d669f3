"""`diplo registry check`: is the registry complete enough to resolve an office named alone?

For the states whose officials the news names most (the G20, the UN Security Council's permanent
members, the EU members), each of the four offices a contact is read for must have a holder on
every day from 2000 through 2025: no gap and no overlap of more than a month (a month absorbs the
dates the sources give to the month only, and a hand-over written as the same day twice; an
acting holder beside a suspended one is no overlap). A
state that has no such office (the United States has no head of government) says so in the
build's overrides, with a row {"none": true}. The check also counts the terms whose person has a
Wikidata id (goal: 95%), lists the hand entries no source confirms, and the terms left open at
the sources' horizon that nothing has ended or confirmed since (assumed to go on).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ingest.registry import Person, Registry, Term, load_registry, read_data_jsonl

G20 = ("AR", "AU", "BR", "CA", "CN", "DE", "FR", "GB", "ID", "IN", "IT", "JP", "KR", "MX", "RU", "SA", "TR", "US", "ZA")
UNSC_PERMANENT = ("CN", "FR", "GB", "RU", "US")
EU = ("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
      "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK")
CHECKED_STATES = tuple(sorted(set(G20) | set(UNSC_PERMANENT) | set(EU)))
CHECKED_OFFICES = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister")
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2025, 12, 31)
TOLERANCE = dt.timedelta(days=31)
QID_GOAL = 0.95


@dataclass
class OfficeCoverage:
    country: str
    office: str
    holders: int
    gaps: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    overlaps: list[tuple[str, str, dt.date, dt.date]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.holders > 0 and not self.gaps and not self.overlaps


@dataclass
class CheckReport:
    offices: list[OfficeCoverage]
    terms: int
    terms_with_qid: int
    unverified: list[str]
    assumed_open: list[str]

    @property
    def qid_share(self) -> float:
        return self.terms_with_qid / self.terms if self.terms else 0.0

    @property
    def ok(self) -> bool:
        return all(o.ok for o in self.offices) and self.qid_share >= QID_GOAL


def offices_that_do_not_exist() -> set[tuple[str, str]]:
    """(country, office) pairs the build's overrides declare absent ("none": true)."""
    return {(r["country"], r["office"]) for r in read_data_jsonl("build/vendor/overrides.jsonl") if r.get("none")}


def office_coverage(registry: Registry, country: str, office: str) -> OfficeCoverage:
    """Walk the holders of one office from FIRST_DAY to LAST_DAY, noting gaps and overlaps."""
    held = registry.by_office.get((office, country), [])
    spans = sorted(((p, t, *_span(t, held)) for p, t in held), key=lambda s: (s[2], s[3]))
    spans = [(p, t, a, b) for p, t, a, b in spans if b >= FIRST_DAY and a <= LAST_DAY]
    coverage = OfficeCoverage(country, office, len({p.actor_id for p, *_ in spans}))
    reached, last_person, last_term = FIRST_DAY, None, None
    for person, term, start, end in spans:
        if start - reached > TOLERANCE:
            coverage.gaps.append((reached, start))
        elif last_person is not None and reached - start > TOLERANCE and person.actor_id != last_person.actor_id \
                and not term.acting and not last_term.acting:  # an acting holder stands in beside the holder
            coverage.overlaps.append((last_person.name, person.name, start, min(reached, end)))
        if end > reached:
            reached, last_person, last_term = end, person, term
    if spans and LAST_DAY - reached > TOLERANCE:
        coverage.gaps.append((reached, LAST_DAY))
    if not spans:
        coverage.gaps.append((FIRST_DAY, LAST_DAY))
    return coverage


def _span(term: Term, others: list[tuple[Person, Term]]) -> tuple[dt.date, dt.date]:
    """The days a term covers; an open one runs to the next holder's start after it, else on."""
    start = term.start or FIRST_DAY
    if term.end is not None:
        return start, term.end
    later = [t.start for _, t in others if t is not term and t.start is not None and t.start > start]
    return start, (min(later) if later else LAST_DAY)


def check(registry: Registry | None = None, hand_entries: list[dict] | None = None) -> CheckReport:
    registry = registry or load_registry()
    if hand_entries is None:
        hand_entries = read_data_jsonl("actors.jsonl")
    absent = offices_that_do_not_exist()
    offices = [office_coverage(registry, c, o) for c in CHECKED_STATES for o in CHECKED_OFFICES if (c, o) not in absent]
    people = list(registry.people.values())
    terms = sum(len(p.terms) for p in people)
    with_qid = sum(len(p.terms) for p in people if p.wikidata)
    by_id = registry.people
    # a hand entry is confirmed when a vendored source gives its person (an id) or a term is checked
    unverified = sorted(e["id"] for e in hand_entries if not e.get("source") and not (
        by_id.get(e["id"]) and (by_id[e["id"]].wikidata or any(t.checked for t in by_id[e["id"]].terms))))
    today = dt.date.today()
    assumed = []
    for person in people:
        for term in person.terms:
            country = term.country or person.country
            if term.end is None and term.valid_through is not None and term.valid_through < today:
                successors = [t for _, t in registry.by_office.get((term.office, country), [])
                              if t.start is not None and t.start > term.valid_through]
                if not successors:
                    assumed.append(f"{country} {term.office}: {person.name} (sources end {term.valid_through:%Y-%m})")
    return CheckReport(offices, terms, with_qid, unverified, sorted(assumed))


def format_report(report: CheckReport) -> str:
    lines = ["country  office                holders  status"]
    for o in report.offices:
        problems = [f"gap {a} to {b}" for a, b in o.gaps] + [f"{x} and {y} both hold it {a} to {b}"
                                                              for x, y, a, b in o.overlaps]
        lines.append(f"{o.country:<8} {o.office:<21} {o.holders:>7}  {'ok' if o.ok else '; '.join(problems)}")
    failing = sum(1 for o in report.offices if not o.ok)
    lines.append(f"offices covered 2000-2025: {len(report.offices) - failing}/{len(report.offices)}")
    lines.append(f"terms with a Wikidata id: {report.terms_with_qid}/{report.terms} ({report.qid_share:.1%}; "
                 f"goal {QID_GOAL:.0%})")
    lines.append(f"hand entries no source confirms: {len(report.unverified)}"
                 + (f" ({', '.join(report.unverified)})" if report.unverified else ""))
    lines.append(f"terms open past the sources' horizon, assumed to go on: {len(report.assumed_open)}")
    lines += [f"  {line}" for line in report.assumed_open]
    lines.append("registry check: " + ("passed" if report.ok else "FAILED"))
    return "\n".join(lines)
