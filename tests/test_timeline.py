"""What the page draws, from the contact records of the ingested samples (diplo/timeline.py)."""

from __future__ import annotations

import datetime as dt

from diplo.timeline import Filters, date_span, select, timeline_figure, written_date


def test_a_date_spans_what_its_precision_covers():
    assert date_span("2023") == (dt.date(2023, 1, 1), dt.date(2024, 1, 1))
    assert date_span("2023-12") == (dt.date(2023, 12, 1), dt.date(2024, 1, 1))
    assert date_span("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 3, 1))
    assert date_span("2024-04-03") == (dt.date(2024, 4, 3), dt.date(2024, 4, 4))
    assert [written_date(d) for d in ("2023", "2023-04", "2024-04-03")] == ["2023", "April 2023", "3 April 2024"]


def test_filters_select_sample_events(sample_contacts):
    def dates(**filters) -> list[str]:
        return sorted(e["date"] for e in select(sample_contacts, Filters(**filters)))

    assert dates(actors=["Sergey Lavrov"]) == ["2023-04"]
    assert dates(countries=["US"]) == ["2023-03", "2023-04"]
    assert dates(kinds=["talks"]) == ["2023-03"]
    assert dates(offices=["defence_minister"]) == ["2022-10-23", "2023-03", "2024-04-03"]
    # a month-precision contact lies in any range that overlaps its month
    assert dates(date_from=dt.date(2023, 4, 20), date_to=dt.date(2023, 12, 31)) == ["2023-04"]
    assert all(e["source_count"] >= 3 for e in select(sample_contacts, Filters(min_sources=3)))


def test_large_views_switch_to_webgl(sample_contacts):
    small = timeline_figure(sample_contacts)
    assert {trace.type for trace in small.data} == {"bar", "scatter"}
    many = [dict(event, id=f"{event['id']}-{n}") for n in range(200) for event in sample_contacts]
    assert {trace.type for trace in timeline_figure(many).data} == {"scattergl"}
