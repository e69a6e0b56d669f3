"""What the app draws: contact events filtered, and as plotly figures (timeline and network).

Plain functions over the records `diplo.export.contact_records` returns, so that the page
(app.py), its tests and bench/app.py share them and none needs Streamlit to run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import networkx as nx
import plotly.graph_objects as go

from diplo.network import build as build_network

KIND_COLOURS = {"phone_call": "#1f77b4", "video_call": "#17becf", "meeting": "#d62728", "visit": "#2ca02c",
                "talks": "#9467bd"}
KIND_LABELS = {"phone_call": "phone call", "video_call": "video call", "meeting": "meeting", "visit": "visit",
               "talks": "talks"}
# plotly draws bars as SVG: past about a thousand events the browser slows, so larger views are
# drawn as WebGL line segments instead
SVG_EVENT_LIMIT = 1000


@dataclass
class Filters:
    actors: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    offices: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    min_sources: int = 1


def date_span(date: str) -> tuple[dt.date, dt.date]:
    """First day and the day after the last of what a date at its precision covers:
    "2023" is the whole year, "2023-04" the whole month, "2023-04-03" one day."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0] + 1, 1, 1)
    if len(parts) == 2:
        year, month = parts
        return dt.date(year, month, 1), dt.date(year + month // 12, month % 12 + 1, 1)
    start = dt.date(*parts)
    return start, start + dt.timedelta(days=1)


def select(records: list[dict], filters: Filters) -> list[dict]:
    """The dated events that pass every filter (an event passes an actor, country or office
    filter when one of its participants matches)."""
    chosen = []
    for record in records:
        if not record["date"] or record["source_count"] < filters.min_sources:
            continue
        if filters.kinds and record["kind"] not in filters.kinds:
            continue
        people = record["participants"]
        if filters.actors and not any(p["label"] in filters.actors for p in people):
            continue
        if filters.countries and not any(p.get("country") in filters.countries for p in people):
            continue
        if filters.offices and not any(p.get("role") in filters.offices for p in people):
            continue
        start, end = date_span(record["date"])
        if (filters.date_from and end <= filters.date_from) or (filters.date_to and start > filters.date_to):
            continue
        chosen.append(record)
    return chosen


def pair(record: dict, by: str = "actor") -> str:
    """The timeline row of an event: its participants (or their countries), sorted and joined."""
    if by == "country":
        names = sorted({p.get("country") or "?" for p in record["participants"]})
    else:
        names = sorted({p["label"] for p in record["participants"]})
    return " — ".join(names)


def written_date(date: str) -> str:
    """A date as a reader writes it, at its own precision: "2023", "April 2023", "3 April 2024"."""
    start, _ = date_span(date)
    return {1: f"{start.year}", 2: f"{start:%B %Y}"}.get(date.count("-") + 1, f"{start.day} {start:%B %Y}")


def event_facts(record: dict) -> list[tuple[str, str]]:
    """What is known of an event besides who and what kind, as (label, value) to show."""
    facts = [("date", f"{written_date(record['date'])} ({record['date_precision']} precision)")]
    if record.get("duration_minutes"):
        facts.append(("duration", f"{record['duration_minutes']} min"))
    if record.get("initiator"):
        facts.append(("initiator", record["initiator"]["label"]))
    if record.get("place"):
        facts.append(("place", record["place"]))
    facts.append(("sources", str(record["source_count"])))
    if record.get("date_conflicts"):
        facts.append(("sources also give", ", ".join(record["date_conflicts"])))
    return facts


def hover_text(record: dict) -> str:
    people = ", ".join(f"{p['label']} ({p['country']})" if p.get("country") else p["label"]
                       for p in record["participants"])
    lines = [f"<b>{KIND_LABELS.get(record['kind'], record['kind'])}</b>: {_plain(people)}"]
    lines += [f"{label}: {_plain(value)}" for label, value in event_facts(record)]
    return "<br>".join(lines)


def _plain(text: str) -> str:
    """Names come from articles: plotly renders a few HTML tags in hover text, so escape them."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def timeline_figure(records: list[dict], by: str = "actor") -> go.Figure:
    """One row per pair, one bar per event spanning its date's precision, coloured by kind."""
    figure = go.Figure()
    large = len(records) > SVG_EVENT_LIMIT
    for kind in sorted({r["kind"] for r in records}):
        events = [r for r in records if r["kind"] == kind]
        spans = [date_span(r["date"]) for r in events]
        rows = [pair(r, by) for r in events]
        name, colour = KIND_LABELS.get(kind, kind), KIND_COLOURS.get(kind, "#7f7f7f")
        if large:
            figure.add_trace(_webgl_segments(events, spans, rows, name, colour))
            continue
        # a single-source event is drawn paler: check it before citing it
        opacity = [1.0 if r["source_count"] > 1 else 0.45 for r in events]
        figure.add_trace(go.Bar(
            orientation="h", base=[s.isoformat() for s, _ in spans], y=rows, name=name, legendgroup=kind,
            x=[(e - s).total_seconds() * 1000 for s, e in spans],  # a date axis counts milliseconds
            marker={"color": colour, "opacity": opacity}, customdata=[r["id"] for r in events],
            hovertext=[hover_text(r) for r in events], hoverinfo="text"))
        # a day is narrower than a pixel on a multi-year axis: a marker makes it visible and clickable
        days = [(r, s, row, o) for r, (s, _), row, o in zip(events, spans, rows, opacity) if r["date_precision"] == "day"]
        if days:
            figure.add_trace(go.Scatter(
                x=[s.isoformat() for _, s, _, _ in days], y=[row for _, _, row, _ in days], mode="markers",
                name=name, legendgroup=kind, showlegend=False, customdata=[r["id"] for r, _, _, _ in days],
                marker={"color": colour, "symbol": "diamond", "size": 12, "opacity": [o for *_, o in days]},
                hovertext=[hover_text(r) for r, _, _, _ in days], hoverinfo="text"))
    height = max(320, 28 * len({pair(r, by) for r in records}) + 120)
    figure.update_layout(barmode="overlay", height=height, xaxis={"type": "date", "title": "date"},
                         yaxis={"title": "", "autorange": "reversed", "type": "category"},
                         legend={"title": "kind"}, margin={"l": 10, "r": 10, "t": 30, "b": 40})
    figure.update_traces(selector={"type": "bar"}, width=0.6)
    return figure


def _webgl_segments(events, spans, rows, name: str, colour: str) -> go.Scattergl:
    xs, ys, texts, ids = [], [], [], []
    for record, (start, end), row in zip(events, spans, rows):
        text = hover_text(record)
        xs += [start.isoformat(), (end - dt.timedelta(days=1)).isoformat(), None]
        ys += [row, row, None]
        texts += [text, text, None]
        ids += [record["id"], record["id"], None]
    return go.Scattergl(x=xs, y=ys, mode="lines+markers", name=name, line={"color": colour, "width": 6},
                        marker={"color": colour, "size": 6}, hovertext=texts, hoverinfo="text", customdata=ids)


def network_figure(records: list[dict], by: str = "actor") -> go.Figure:
    """The contact network (networkx spring layout): edge width grows with the number of contacts."""
    graph = build_network(records, by)
    figure = go.Figure()
    if graph.number_of_nodes() == 0:
        return figure
    positions = nx.spring_layout(graph, seed=1, weight="weight")
    for a, b, data in graph.edges(data=True):
        figure.add_trace(go.Scatter(
            x=[positions[a][0], positions[b][0]], y=[positions[a][1], positions[b][1]], mode="lines",
            line={"width": 1 + min(data["weight"], 8), "color": "#999"}, hoverinfo="text", showlegend=False,
            text=f"{_plain(a)} — {_plain(b)}: {data['weight']} contacts, {data['first']} to {data['last']}"))
    nodes = list(graph.nodes)
    figure.add_trace(go.Scatter(
        x=[positions[n][0] for n in nodes], y=[positions[n][1] for n in nodes], mode="markers+text",
        text=[_plain(n) for n in nodes], textposition="top center", showlegend=False, hoverinfo="text",
        marker={"size": [10 + 3 * graph.degree(n, weight="weight") for n in nodes], "color": "#1f77b4"}))
    figure.update_layout(height=560, xaxis={"visible": False}, yaxis={"visible": False},
                         margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return figure


def table_rows(records: list[dict]) -> list[dict]:
    """Flat rows for the table tab and its CSV download."""
    return [{"date": r["date"], "precision": r["date_precision"], "kind": r["kind"],
             "participants": "; ".join(p["label"] for p in r["participants"]),
             "countries": "; ".join(sorted({p.get("country") or "?" for p in r["participants"]})),
             "initiator": r["initiator"]["label"] if r.get("initiator") else "",
             "duration_minutes": r.get("duration_minutes"), "sources": r["source_count"],
             "documents": "; ".join(sorted({s["document"] for s in r["sources"]})), "id": r["id"]}
            for r in records]
