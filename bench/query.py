"""Named-query latency on a synthetic graph: pyoxigraph beside rdflib's in-memory engine.

    .venv/bin/python bench/query.py [--triples 1000000,100000] [--runs 15] [--rdflib-budget-s 60]
                                    [--rdflib-max-triples 2000000]   # e.g. --triples 10000000

For each size, builds a graph of the project's own shapes (article graphs with claims, evidence
and dates, a merged graph, the registry) by running synthetic claims between registry officials
through the real RDF mapping and merge stage, then times every named query in queries/ with its
example parameters (the same bound text for both engines; median and p95 of --runs runs) on
pyoxigraph and on rdflib's in-memory Dataset loaded with the same triples. Each rdflib query
runs in a worker killed past --rdflib-budget-s and reports "over". At a million triples rdflib
loads but answers few queries within a minute, hence the second, smaller size, where the ratio
can be read. Load times are printed. Compare ratios, not seconds.
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import queries  # noqa: E402
from diplo.store import Store  # noqa: E402

# bench/synthetic.py, by its path: this folder stays off sys.path (its ingest.py is not the package)
_spec = importlib.util.spec_from_file_location("synthetic", Path(__file__).with_name("synthetic.py"))
synthetic = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synthetic)
build_store = synthetic.build_store

PARAMETERS = {"actor1": "Lecornu", "actor2": "Russia", "actor": "Poutine", "before": "2024-04-03",
              "office1": "defence_minister", "country1": "FR", "office2": "defence_minister", "country2": "RU",
              "stance": "deny", "from": "2023-01-01"}


def example(query, store: Store) -> dict[str, str]:
    params = {p: PARAMETERS[p] for p in query.parameters if p in PARAMETERS}
    if "event" in query.required:
        params["event"] = store.select_named("contacts")[0]["event"]
    return params


def timings(run, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]


def rdflib_timings(nquads: bytes, texts: dict[str, str], runs: int, budget: float) -> dict:
    """rdflib's timings of the same query texts (parameters already bound), each in a forked
    worker killed past `budget` seconds."""
    import rdflib

    started = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(data=nquads, format="nquads")
    load = time.perf_counter() - started
    results = {}
    for name, text in texts.items():
        context = multiprocessing.get_context("fork")
        queue = context.Queue()
        worker = context.Process(target=_rdflib_worker, args=(dataset, text, runs, queue))
        worker.start()
        worker.join(budget)
        if worker.is_alive():
            worker.kill()
            results[name] = None
        else:
            results[name] = queue.get()
    return {"load": load, "queries": results}


def _rdflib_worker(dataset, text, runs, queue) -> None:
    queue.put((*timings(lambda: list(dataset.query(text)), runs), len(list(dataset.query(text)))))


def compare(work: Path, triples: int, named: list, runs: int, budget: float, rdflib_max: int) -> None:
    """Both engines on one synthetic graph of about `triples` triples, one table (pyoxigraph
    alone above `rdflib_max` triples, which rdflib's in-memory graph would not hold here)."""
    started = time.perf_counter()
    folder = work / f"graph-{triples}"
    store, total = build_store(folder, triples)
    # a checkpoint hard-links the database's files: count each file once
    files = {(st.st_dev, st.st_ino): st.st_size for st in (p.stat() for p in folder.rglob("*") if p.is_file())}
    disk = sum(files.values()) / 2**30
    print(f"graph of {total} triples: built and loaded into pyoxigraph in {time.perf_counter() - started:.0f} s, "
          f"{disk:.2f} GiB on disk")
    texts = {q.name: queries.bind(q, example(q, store)) for q in named}
    oxi = {name: timings(lambda text=text: store.select(text), runs) for name, text in texts.items()}
    rows = {name: len(store.select(text)) for name, text in texts.items()}
    if total <= rdflib_max:
        nquads = store.serialize("nq")
        store.close()
        ref = rdflib_timings(nquads, texts, max(3, runs // 5), budget)
        print(f"rdflib: the same {total} triples loaded in {ref['load']:.1f} s")
    else:
        store.close()
        ref = {"queries": {name: None for name in texts}}
        print(f"rdflib: not run above {rdflib_max} triples")
    print(f"\n{'query':<22}{'rows':>6}{'oxigraph median':>17}{'p95':>9}   {'rdflib median':>15}{'p95':>10}"
          f"{'ratio':>8}   goal <100 ms")
    for name in texts:
        median, p95 = oxi[name]
        other = ref["queries"][name]
        right = f"{other[0]:13.1f}ms{other[1]:8.1f}ms{other[0] / median:7.0f}x" if other \
            else f"{'over ' + str(int(budget)) + ' s' if total <= rdflib_max else 'not run':>25}{'':>8}"
        # both engines must agree on the answer for the timings to compare
        agree = "" if not other or other[2] == rows[name] else f"   rdflib gave {other[2]} rows"
        print(f"{name:<22}{rows[name]:>6}{median:15.1f}ms{p95:7.1f}ms   {right}   "
              f"{'ok' if median < 100 else 'SLOW'}{agree}")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", default="1000000,100000",
                        help="graph sizes, comma-separated: both engines run on each")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rdflib-budget-s", type=float, default=60)
    parser.add_argument("--rdflib-max-triples", type=int, default=2_000_000,
                        help="above this size pyoxigraph runs alone (rdflib holds the graph in memory)")
    args = parser.parse_args()
    named = queries.available()
    with tempfile.TemporaryDirectory() as work:
        for triples in (int(t) for t in args.triples.split(",")):
            compare(Path(work), triples, named, args.runs, args.rdflib_budget_s, args.rdflib_max_triples)


if __name__ == "__main__":
    main()
