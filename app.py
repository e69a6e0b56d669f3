"""diplo-kg's page: the timeline of diplomatic contacts, with filters, sources, network, table and SPARQL.

    diplo app --store DIR          (or: streamlit run app.py, with the store in DIPLO_STORE)

The page reads the store's latest checkpoint (read again when the writer publishes a new one)
through the same queries as the CLI (queries/*.rq). Article text is untrusted: it is only ever shown escaped, never
as HTML.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import streamlit as st
from pyoxigraph import Literal

import queries
from diplo.errors import DiploError
from diplo.sandbox import select_isolated
from diplo.export import contact_records, position_records
from diplo.store import Store, default_store_path, latest_checkpoint
from diplo.timeline import (KIND_LABELS, Filters, date_span, event_facts, network_figure, pair, select,
                            table_rows, timeline_figure)

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^])")


def escape(text: str) -> str:
    """Text from an article, shown as literal characters by st.markdown (no links, HTML, LaTeX
    or colour directives can come out of it)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def highlighted(text: str, start: int, end: int) -> str:
    return f"{escape(text[:start])}:orange-background[{escape(text[start:end])}]{escape(text[end:])}"


@st.cache_data(show_spinner="Reading the store…")
def load(path: str, stamp: str) -> dict:
    """Everything the page shows, read once per store state (`stamp` changes when the store does)."""
    with Store.open_for_reading(Path(path)) as store:
        return {"events": contact_records(store), "positions": position_records(store)}


@st.cache_data(show_spinner=False)
def event_context(path: str, stamp: str, documents: tuple[str, ...], parties: tuple[str, ...]) -> dict:
    """What the detail of one event needs, from one checkpoint: the text of its articles only (a
    store may hold many thousands) and the disputed claims with any of these parties (names or
    country codes) on either side."""
    disputes: list[dict] = []
    with Store.open_for_reading(Path(path)) as store:
        texts = {document: row["text"] for document in documents
                 for row in store.select_named("article-text", {"document": Literal(document)})}
        for party in parties:
            disputes += [row for row in queries.run(store, queries.named("disputed-claims"), {"actor": party})[1]
                         if row not in disputes]
    return {"texts": texts, "disputes": disputes}


def store_stamp(path: Path) -> str:
    """Changes when the writer publishes a new checkpoint (the cache key of what the page read)."""
    try:
        return str(latest_checkpoint(path))
    except DiploError:
        return ""  # `load` says what is wrong with the store


def query_list(name: str) -> list[str]:
    return [v for v in st.query_params.get_all(name) if v]


def query_int(name: str, default: int, low: int, high: int) -> int:
    """An integer from the URL, kept within bounds; a value that is not one is ignored."""
    try:
        return min(max(int(st.query_params.get(name, default)), low), high)
    except ValueError:
        return default


def sidebar_filters(events: list[dict]) -> tuple[Filters, str]:
    """The filter widgets, started from the URL and written back to it so a view can be shared."""
    people = sorted({p["label"] for e in events for p in e["participants"]})
    countries = sorted({p["country"] for e in events for p in e["participants"] if p.get("country")})
    offices = sorted({p["role"] for e in events for p in e["participants"] if p.get("role")})
    kinds = sorted({e["kind"] for e in events})
    dates = sorted(e["date"] for e in events if e["date"])
    months = [f"{year}-{month:02d}" for year in range(int(dates[0][:4]), int(dates[-1][:4]) + 1)
              for month in range(1, 13)]
    sidebar = st.sidebar
    sidebar.header("Filters")
    by = sidebar.radio("Rows", ["actor", "country"], key="by", horizontal=True,
                       index=1 if st.query_params.get("by") == "country" else 0,
                       format_func=lambda v: "pairs of actors" if v == "actor" else "pairs of countries")
    chosen = Filters(
        actors=sidebar.multiselect("Actor", people, default=[a for a in query_list("actor") if a in people],
                                   key="actor"),
        countries=sidebar.multiselect("Country", countries, key="country",
                                      default=[c for c in query_list("country") if c in countries]),
        offices=sidebar.multiselect("Office", offices, default=[o for o in query_list("office") if o in offices],
                                    key="office", format_func=lambda o: o.replace("_", " ")),
        kinds=sidebar.multiselect("Kind", kinds, default=[k for k in query_list("kind") if k in kinds], key="kind",
                                  format_func=lambda k: KIND_LABELS.get(k, k)),
    )
    start = st.query_params.get("from") if st.query_params.get("from") in months else months[0]
    end = st.query_params.get("to") if st.query_params.get("to") in months else months[-1]
    period = sidebar.select_slider("Period", months, value=(start, max(start, end)), key="period")
    chosen.date_from = date_span(period[0])[0]
    chosen.date_to = date_span(period[1])[1] - dt.timedelta(days=1)
    chosen.min_sources = sidebar.number_input("Minimum number of sources", min_value=1, step=1, key="min_sources",
                                              value=query_int("min_sources", 1, 1, 10_000))
    st.query_params.from_dict({
        "actor": chosen.actors, "country": chosen.countries, "office": chosen.offices, "kind": chosen.kinds,
        "from": period[0], "to": period[1], "min_sources": str(chosen.min_sources), "by": by,
        **({"event": st.query_params["event"]} if st.query_params.get("event") else {})})
    return chosen, by


def event_title(event: dict) -> str:
    return f"{event['date']} · {KIND_LABELS.get(event['kind'], event['kind'])} · {pair(event)}"


def show_detail(event: dict, data: dict, path: Path) -> None:
    st.subheader(escape(event_title(event)))
    st.markdown(" · ".join(f"**{label.capitalize()}:** {escape(value)}" for label, value in event_facts(event)))
    documents = sorted({s["document"] for s in event["sources"]})
    # by country: a dispute in these articles may be between the states rather than the people
    parties = tuple(sorted({p.get("country") or p["label"] for p in event["participants"]}))
    context = event_context(str(path), store_stamp(path), tuple(documents), parties)
    st.markdown("#### Sources")
    for source in event["sources"]:
        st.markdown(f"**{escape(source['document'])}**: :orange-background[{escape(source['sentence'])}]")
        text = context["texts"].get(source["document"])
        if text:
            with st.expander(f"Article {escape(source['document'])}"):  # a label is markdown too
                st.markdown(highlighted(text, source["start"], source["end"]))
    positions = [p for p in data["positions"] if any(s["document"] in documents for s in p["sources"])]
    if positions:
        st.markdown("#### Positions stated in these articles")
        for position in positions:
            sentence = next(s["sentence"] for s in position["sources"] if s["document"] in documents)
            st.markdown(f"- **{escape(position['holder']['label'])}** ({position['stance']}): {escape(sentence)}")
    disputes = [d for d in context["disputes"] if d["document"] in documents]
    if disputes:
        st.markdown("#### Disputed claims")
        for dispute in disputes:
            st.markdown(f"- **{escape(dispute['claimant'])}** ({dispute['claim_stance']}): "
                        f"{escape(dispute['claim_sentence'])}  \n  **{escape(dispute['denier'])}** (denies): "
                        f"{escape(dispute['denial_sentence'])}")


def timeline_tab(shown: list[dict], by: str, data: dict, path: Path) -> None:
    if not shown:
        st.info("No contact matches these filters.")
        return
    selection = st.plotly_chart(timeline_figure(shown, by), key="timeline", on_select="rerun",
                                selection_mode="points", width="stretch")
    st.caption("A bar spans what its date covers (a month, a year; ◆ a single day); pale ones rest on a single "
               "source. Hover for details; click one for its sources.")
    picked = [p.get("customdata") for p in (selection.selection.points if selection else []) if p.get("customdata")]
    ids = [e["id"] for e in shown]
    # a click on the chart picks the event; the chart keeps reporting that click on later runs, so
    # only a new one overrides what the list below says
    if picked and picked[0] != st.session_state.get("last_click"):
        st.session_state["last_click"] = picked[0]
        st.session_state["event"] = picked[0]
    if st.session_state.get("event") not in ids:
        wanted = st.query_params.get("event")  # a shared URL opens on its event
        st.session_state["event"] = wanted if wanted in ids else None
    chosen = st.selectbox("Event", ids, key="event",
                          placeholder="Click a bar, or choose an event to see its sources",
                          format_func=lambda i: event_title(next(e for e in shown if e["id"] == i)))
    if chosen is None:
        st.query_params.pop("event", None)
        return
    st.query_params["event"] = chosen
    show_detail(next(e for e in shown if e["id"] == chosen), data, path)


def table_tab(shown: list[dict]) -> None:
    rows = table_rows(shown)
    st.dataframe(rows, width="stretch", hide_index=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["date"])
    writer.writeheader()
    writer.writerows(rows)
    st.download_button("Download CSV", buffer.getvalue(), file_name="diplo-contacts.csv", mime="text/csv")


def sparql_tab(path: Path) -> None:
    named = {q.name: q for q in queries.available()}
    example = st.selectbox("Start from a named query", list(named), key="sparql_example",
                           format_func=lambda n: f"{n}: {named[n].purpose}")
    st.caption("Parameters sit in the first VALUES row as UNDEF: replace them with values, e.g. \"lavrov\" "
               "(names are matched lower-case through dk:searchKey).")
    text = st.text_area("SPARQL", named[example].text, height=320, key=f"sparql_{example}")
    if st.button("Run", key="sparql_run"):
        try:
            rows = select_isolated(path, text)  # checked, then run by a worker that has no network
            st.dataframe(rows, width="stretch", hide_index=True)
            st.caption(f"{len(rows)} rows")
        except DiploError as error:
            st.error(str(error))


def main() -> None:
    st.set_page_config(page_title="diplo-kg: diplomatic contacts", layout="wide")
    st.title("Diplomatic contacts")
    path = default_store_path()
    try:
        data = load(str(path), store_stamp(path))
    except DiploError as error:
        st.error(f"{error}")
        st.code(f"diplo ingest ARTICLES --store {path}\ndiplo app --store {path}", language="bash")
        st.stop()
    events = [e for e in data["events"] if e["date"]]
    if not events:
        st.warning(f"The store at {path} holds no dated contact events yet. Ingest articles first:")
        st.code(f"diplo ingest ARTICLES --store {path}", language="bash")
        st.stop()
    filters, by = sidebar_filters(events)
    shown = select(events, filters)
    st.caption(f"{len(shown)} of {len(events)} contact events · store {path}")
    timeline, network, table, sparql = st.tabs(["Timeline", "Network", "Table", "SPARQL"])
    with timeline:
        timeline_tab(shown, by, data, path)
    with network:
        st.plotly_chart(network_figure(shown, by), key="network", width="stretch")
    with table:
        table_tab(shown)
    with sparql:
        sparql_tab(path)


main()
