"""Time to build and serialise the app's timeline figure for 1,000 and 10,000 synthetic events.

    .venv/bin/python bench/app.py [--events 1000,10000] [--runs 5]

The events have the shape `diplo.export.contact_records` gives (participants from the registry,
day, month and year precision, one to five sources). For each size it times, median of --runs:
the filtering the page does, building the figure (`diplo.timeline.timeline_figure`: SVG bars up
to 1,000 events, WebGL segments above) and serialising it to the JSON the browser receives, and,
as the baseline in the same run, `json.dumps` of the events themselves. Goal: under 2 s at
10,000 events. Compare the ratio to the baseline, not the seconds: these machines are shared.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from diplo.timeline import SVG_EVENT_LIMIT, Filters, select, timeline_figure  # noqa: E402
from ingest.registry import load_registry  # noqa: E402

KINDS = ["phone_call", "video_call", "meeting", "visit", "talks"]


def synthetic_events(count: int, seed: int = 3) -> list[dict]:
    random.seed(seed)
    people = [{"label": p.name, "country": p.country, "role": None} for p in load_registry().people.values()][:120]
    events = []
    for index in range(count):
        year, month, day = random.randint(2015, 2025), random.randint(1, 12), random.randint(1, 28)
        precision = random.choice(["day", "day", "month", "year"])
        date = {"day": f"{year}-{month:02d}-{day:02d}", "month": f"{year}-{month:02d}", "year": f"{year}"}[precision]
        sources = random.randint(1, 5)
        events.append({"id": f"{index:016x}", "kind": random.choice(KINDS), "date": date, "date_precision": precision,
                       "participants": random.sample(people, 2), "initiator": None,
                       "duration_minutes": random.choice([None, 30, 60]), "place": None, "source_count": sources,
                       "date_conflicts": [], "sources": [{"document": f"doc{index}-{n}", "sentence": "…",
                                                          "start": 0, "end": 1} for n in range(sources)]})
    return events


def median_ms(run, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", default="1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'events':>8}{'drawn as':>12}{'baseline json':>15}{'filter':>9}{'figure+json':>13}{'ratio':>8}   goal < 2 s")
    for count in (int(n) for n in args.events.split(",")):
        events = synthetic_events(count)
        baseline = median_ms(lambda: json.dumps(events), args.runs)
        filtering = median_ms(lambda: select(events, Filters()), args.runs)
        figure = median_ms(lambda: timeline_figure(events).to_json(), args.runs)
        drawn = "SVG bars" if count <= SVG_EVENT_LIMIT else "WebGL"
        print(f"{count:>8}{drawn:>12}{baseline:>13.0f}ms{filtering:>7.0f}ms{figure:>11.0f}ms{figure / baseline:>8.1f}"
              f"   {'ok' if figure + filtering < 2000 else 'SLOW'}")


if __name__ == "__main__":
    main()
