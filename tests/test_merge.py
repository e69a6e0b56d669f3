"""Merging claims across articles: one real-world contact is one event."""

from __future__ import annotations

from ingest.merge import merge_contacts
from ingest.model import Actor, ContactClaim, Evidence, PartialDate

PAIR = [Actor("a", "A", "FR"), Actor("b", "B", "RU")]
EVIDENCE = [Evidence("s", 0, 1)]


def claim(doc: str, date: PartialDate | None, kind: str = "phone_call") -> ContactClaim:
    return ContactClaim(doc, kind, list(PAIR), date, list(EVIDENCE))


def test_partial_dates_from_several_articles_complete_each_other():
    claims = [claim("undated-2024", PartialDate(year=2024, weekday=2)), claim("no-year", PartialDate(month=4, day=3)),
              claim("full", PartialDate.parse_iso("2024-04-03"))]
    [event] = merge_contacts(claims)
    assert event.date.iso() == "2024-04-03" and len(event.claims) == 3


def test_a_call_and_a_meeting_the_same_day_stay_two_events():
    day = PartialDate.parse_iso("2025-04-01")
    assert len(merge_contacts([claim("x", day), claim("y", day, "meeting")])) == 2


def test_two_contacts_reported_by_one_article_stay_two():
    assert len(merge_contacts([claim("x", PartialDate.parse_iso("2025-07")),
                               ContactClaim("x", "phone_call", list(PAIR), PartialDate.parse_iso("2025-07-10"),
                                            list(EVIDENCE), ordinal=1)])) == 2


def test_an_undated_report_never_becomes_an_event_of_its_own():
    assert merge_contacts([claim("x", None)]) == []


def test_sources_a_day_apart_make_one_event_with_the_conflict_recorded():
    claims = [claim(doc, PartialDate.parse_iso(day)) for doc, day in (("d1", "2024-04-03"), ("d2", "2024-04-03"), ("d3", "2024-04-04"))]
    [event] = merge_contacts(claims)
    assert event.date.iso() == "2024-04-03" and len(event.claims) == 3
    assert event.date_conflicts == ["d3 date it 2024-04-04; 2 other source(s) 2024-04-03"]
