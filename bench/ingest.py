"""Ingest throughput and peak memory against the bare spaCy pipeline, in one run.

    .venv/bin/python bench/ingest.py [--articles 1000]

Builds N articles by repeating the sample texts (and ../shared/corpus/dev when present) under
new names, then measures (1) the bare spaCy pipeline, `nlp.pipe` with the same batching and
processes, on the same texts, and (2) `diplo ingest` on them as a user runs it, in a subprocess,
sampling the resident memory of its whole process tree. Prints articles per second for both,
their ratio (goal: >= 0.7) and the ingest's peak memory (goal: < 2 GB). Both are measured in
the same run because these machines are shared and noisy: compare the ratio, not the seconds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# this script is bench/ingest.py: keep its folder off the path so `import ingest` finds the package
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
SOURCES = [ROOT / "diplo" / "samples", ROOT / "tests" / "fixtures" / "dev", ROOT.parent / "shared" / "corpus" / "dev"]


def source_texts() -> list[tuple[Path, Path | None]]:
    texts = []
    for folder in SOURCES:
        if folder.is_dir():
            for path in sorted(folder.glob("*.txt")):
                sidecar = path.with_suffix(".json")
                texts.append((path, sidecar if sidecar.exists() else None))
    return texts


def build_corpus(folder: Path, count: int) -> list[str]:
    sources = source_texts()
    texts = []
    for index in range(count):
        path, sidecar = sources[index % len(sources)]
        name = f"{index:05d}_{path.stem}"
        shutil.copy(path, folder / f"{name}.txt")
        if sidecar:
            shutil.copy(sidecar, folder / f"{name}.json")
        texts.append(path.read_text(encoding="utf-8"))
    return texts


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc)."""
    total = 0
    children = {pid}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().split()
            if int(stat[3]) in children or int(entry.name) == pid:
                children.add(int(entry.name))
        except OSError:
            continue
    for child in children:
        try:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def bare_spacy(texts: list[str], processes: int) -> float:
    from ingest.analyse import pipeline

    nlp = pipeline("fr")
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64, n_process=processes):
        pass
    return time.perf_counter() - started


def diplo_ingest(folder: Path, store: Path) -> tuple[float, int]:
    peak = 0
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "diplo.cli", "ingest", str(folder), "--store", str(store)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, stderr = process.communicate()
    sampler.join()
    elapsed = time.perf_counter() - started
    if process.returncode not in (0, 3):
        sys.exit(f"diplo ingest failed: {stderr.strip().splitlines()[-1:]}")
    print(f"  {stderr.strip().splitlines()[-1]}")
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    processes = min(2, os.cpu_count() or 1)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "articles"
        folder.mkdir()
        texts = build_corpus(folder, args.articles)
        words = sum(len(t.split()) for t in texts)
        print(f"{args.articles} articles, {words} words, {processes} processes")
        bare = bare_spacy(texts, processes)
        print(f"bare spaCy nlp.pipe : {args.articles / bare:7.1f} articles/s ({bare:.1f} s)")
        ingest_seconds, peak = diplo_ingest(folder, Path(work) / "store")
        print(f"diplo ingest        : {args.articles / ingest_seconds:7.1f} articles/s ({ingest_seconds:.1f} s, "
              f"model loading and store writes included)")
        print(f"ratio ingest / bare : {bare / ingest_seconds:.2f} (goal >= 0.7)")
        print(f"peak memory (ingest process tree): {peak / 2**20:.0f} MiB (goal < 2048 MiB)")


if __name__ == "__main__":
    main()
