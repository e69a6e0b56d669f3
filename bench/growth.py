"""What a store's size costs an ingest, the writer's memory over a long run, and re-ingest.

    .venv/bin/python bench/growth.py [--sizes 0,5000,20000] [--articles 100] [--long-run 10000] [--runs 2]

1. Adding articles to a store that grows: for each size, a synthetic store of that many articles
   (bench/synthetic.py: claims between registry officials through the real RDF mapping and merge),
   copied afresh for each run, then `diplo ingest` of the same --articles real articles (the
   bundled samples, tests/fixtures and ../shared/corpus/dev when present, repeated under new names)
   as a user runs it. Prints the fastest of --runs runs per size and its ratio to the empty store
   (goal: <= 2x at 20,000).
2. The writer's memory over a long run: `diplo ingest` of --long-run articles into a new store,
   sampling the resident memory of the writer process alone (the workers hold the parser; their
   memory does not grow with the run) every 0.2 s. Prints its peak over each fifth of the run
   (goal: flat, under 1 GB).
3. Re-ingest equals first ingest: the --articles articles ingested into a new store, then again
   into the same store; its quads (less each article's ingestion time), graphs and events are
   compared.

Everything is measured in one run because these machines are shared and noisy: compare the
ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]


def _bench_module(name: str):
    """A sibling bench script, by its path: this folder stays off sys.path (its ingest.py is not
    the package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


synthetic = _bench_module("synthetic")
corpus = _bench_module("ingest")  # its corpus builder: the same texts as the throughput bench


def real_articles(folder: Path, count: int) -> None:
    """`count` real articles, French and English alternating, under new names."""
    folder.mkdir(parents=True)
    for language, share in (("fr", (count + 1) // 2), ("en", count // 2)):
        part = folder / language
        part.mkdir()
        corpus.build_corpus(part, share, language)


def ingest(articles: Path, store: Path, watch_writer: bool = False) -> tuple[float, list[tuple[float, int]]]:
    """Seconds of a `diplo ingest` run, and (seconds since start, writer's resident bytes) samples."""
    samples: list[tuple[float, int]] = []
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "diplo.cli", "ingest", str(articles), "--store", str(store)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)

    def sample() -> None:
        status = Path(f"/proc/{process.pid}/status")
        while process.poll() is None:
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        samples.append((time.perf_counter() - started, int(line.split()[1]) * 1024))
            except OSError:
                break
            time.sleep(0.2)

    sampler = threading.Thread(target=sample) if watch_writer else None
    if sampler:
        sampler.start()
    _, stderr = process.communicate()
    if sampler:
        sampler.join()
    if process.returncode not in (0, 3):
        sys.exit(f"diplo ingest failed: {stderr.strip().splitlines()[-1:]}")
    return time.perf_counter() - started, samples


def growth(sizes: list[int], articles: int, runs: int, work: Path) -> None:
    print(f"[growth] adding {articles} real articles to stores of {', '.join(map(str, sizes))} synthetic articles")
    incoming = work / "incoming"
    real_articles(incoming, articles)
    baseline = None
    for size in sizes:
        template = work / f"store-{size}"
        built = time.perf_counter()
        if size:
            store, quads = synthetic.build_store(template, articles=size)
            store.close()
            note = f"{quads} quads, built in {time.perf_counter() - built:.0f} s"
        else:
            note = "no store yet"
        best = None
        for run in range(runs):
            target = work / f"run-{size}-{run}"
            if size:
                shutil.copytree(template, target)
            seconds, _ = ingest(incoming, target)
            best = seconds if best is None else min(best, seconds)
            shutil.rmtree(target, ignore_errors=True)
        baseline = baseline or best
        print(f"  {size:>7} stored articles ({note}): {best:6.1f} s, {best / baseline:.2f}x the empty store "
              f"(goal <= 2x at 20,000)")
        shutil.rmtree(template, ignore_errors=True)


def memory(count: int, work: Path) -> None:
    print(f"[memory] the writer process over a {count}-article run")
    folder = work / "long"
    real_articles(folder, count)
    seconds, samples = ingest(folder, work / "long-store", watch_writer=True)
    if not samples:
        print("  no samples")
        return
    fifths = []
    for part in range(5):
        low, high = seconds * part / 5, seconds * (part + 1) / 5
        inside = [rss for at, rss in samples if low <= at < high] or [0]
        fifths.append(max(inside) / 2**20)
    print(f"  {seconds:.0f} s; writer's peak per fifth of the run: "
          + ", ".join(f"{peak:.0f}" for peak in fifths) + f" MiB (goal: flat, under 1024 MiB; "
          f"last over first fifth {fifths[-1] / max(fifths[0], 1):.2f})")


def reingest(articles: int, work: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from diplo.namespaces import MERGED_GRAPH, PROV
    from diplo.store import Store

    print(f"[re-ingest] {articles} articles ingested twice into one store")
    folder = work / "again"
    real_articles(folder, articles)
    store_path = work / "again-store"

    def state() -> tuple[set, list[str], int]:
        store = Store.open_for_reading(store_path)
        try:
            quads = {q for q in store.quads() if q.predicate != PROV.generatedAtTime}
            events = sum(1 for q in store.quads(MERGED_GRAPH) if q.object.value.endswith("#ContactEvent"))
            return quads, store.graphs(), events
        finally:
            store.close()

    ingest(folder, store_path)
    first = state()
    ingest(folder, store_path)
    second = state()
    same = first[0] == second[0]
    print(f"  quads {'equal' if same else 'DIFFER'} ({len(first[0])} and {len(second[0])}, each article's "
          f"ingestion time aside); graphs {'equal' if first[1] == second[1] else 'DIFFER'} ({len(first[1])}); "
          f"events {first[2]} and {second[2]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="0,5000,20000", help="stored articles, comma-separated; 0 first")
    parser.add_argument("--articles", type=int, default=100, help="real articles added to each store")
    parser.add_argument("--long-run", type=int, default=10000, help="articles of the memory run (0 skips it)")
    parser.add_argument("--runs", type=int, default=2, help="runs per store size; the fastest counts")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="diplo-growth-") as folder:
        work = Path(folder)
        growth(sizes, args.articles, args.runs, work)
        if args.long_run:
            memory(args.long_run, work)
        reingest(args.articles, work)


if __name__ == "__main__":
    main()
