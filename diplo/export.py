"""What `diplo export` writes: contact events and positions as records, the graph as RDF."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from diplo.rdf import CLASS_KINDS
from diplo.store import Store

CONTACT_COLUMNS = ["id", "kind", "date", "date_precision", "participants", "initiator", "duration_minutes",
                   "place", "source_count", "date_conflicts", "sources"]
POSITION_COLUMNS = ["id", "holder", "stance", "topic", "quote", "sources"]


def _participant(row: dict) -> dict:
    return {"label": row["label"], "country": row.get("country"), "role": row.get("role"),
            "wikidata": row.get("wikidata")}


def _source(row: dict) -> dict:
    return {"document": row["document"], "sentence": row["sentence"], "start": row["start"], "end": row["end"]}


def undated_contact_records(store: Store) -> list[dict]:
    """Contacts that nothing dates and that no dated report completes: each stays its article's
    claim, on no timeline. Same keys as `contact_records`, `date` null, `undated` true."""
    claims: dict[str, dict] = {}
    for row in store.select_named("undated-claims"):
        claim = claims.setdefault(row["claim"], {
            # a claim's name is only unique within its article
            "id": f"{row['document']}#{row['claim'].rsplit('/', 1)[-1]}", "kind": CLASS_KINDS[row["kindClass"]], "date": None,
            "date_precision": None, "participants": [], "initiator": None, "duration_minutes": None, "place": None,
            "source_count": 1, "date_conflicts": [], "sources": [], "undated": True, "actors": set(),
        })
        if row["actor"] not in claim["actors"]:
            claim["actors"].add(row["actor"])
            claim["participants"].append(_participant(row))
        source = _source(row)
        if source not in claim["sources"]:
            claim["sources"].append(source)
    for claim in claims.values():
        del claim["actors"]
    return list(claims.values())


def contact_records(store: Store) -> list[dict]:
    """One record per merged contact event, oldest first (undated last)."""
    events: dict[str, dict] = {}
    for row in store.select_named("contacts"):
        event = events.setdefault(row["event"], {
            "id": row["event"].rsplit("/", 1)[-1], "kind": CLASS_KINDS[row["kindClass"]], "date": row["date"],
            "date_precision": _precision(row["date"]), "participants": [], "initiator": None,
            "duration_minutes": int(float(row["duration"])) if row.get("duration") else None,
            "place": row.get("place"), "source_count": row["sourceCount"], "date_conflicts": [], "sources": [], "actors": {},
        })
        participant = event["actors"].get(row["actor"])
        if participant is None:
            participant = _participant(row)
            event["actors"][row["actor"]] = participant
            event["participants"].append(participant)
        if row.get("initiator") and row["initiator"] == row["actor"]:
            event["initiator"] = participant
        if row.get("conflict") and row["conflict"] not in event["date_conflicts"]:
            event["date_conflicts"].append(row["conflict"])
    for row in store.select_named("contact-sources"):
        event = events.get(row["event"])
        if event is None:
            continue
        source = _source(row)
        if source not in event["sources"]:
            event["sources"].append(source)
    for event in events.values():
        del event["actors"]
    return sorted(events.values(), key=lambda e: (e["date"] is None, e["date"] or "", e["id"]))


def position_records(store: Store) -> list[dict]:
    positions: dict[str, dict] = {}
    for row in store.select_named("positions"):
        record = positions.setdefault(row["position"], {
            "id": row["position"].rsplit("/", 1)[-1],
            "holder": {"label": row["label"], "country": row.get("country")},
            "stance": row["stance"], "topic": row.get("topic"), "quote": row.get("quote"), "sources": [],
        })
        source = _source(row)
        if source not in record["sources"]:
            record["sources"].append(source)
    return list(positions.values())


def _precision(date: str | None) -> str | None:
    if not date:
        return None
    return {4: "year", 7: "month", 10: "day"}.get(len(date))


def as_jsonl(records: list[dict]) -> Iterator[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"


def as_csv(records: list[dict], columns: list[str]) -> Iterator[str]:
    """Flat CSV: participants as 'label (country)' joined by '; ', sources as document ids."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for record in records:
        flat = dict(record)
        for key in ("participants",):
            if key in flat:
                flat[key] = "; ".join(f"{p['label']} ({p.get('country') or '?'})" for p in flat[key])
        for key in ("initiator", "holder"):
            if isinstance(flat.get(key), dict):
                flat[key] = flat[key]["label"]
        flat["sources"] = "; ".join(sorted({s["document"] for s in record["sources"]}))
        if "date_conflicts" in flat:
            flat["date_conflicts"] = "; ".join(flat["date_conflicts"])
        writer.writerow(flat)
    yield buffer.getvalue()
