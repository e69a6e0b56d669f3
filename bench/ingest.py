"""Ingest throughput and peak memory against the bare spaCy pipeline, per language, in one run.

    .venv/bin/python bench/ingest.py [--articles 1000] [--languages fr,en] [--linearity-mb 1,4]

For each language, builds N articles by repeating that language's texts (the bundled samples,
tests/fixtures and ../shared/corpus/dev when present) under new names, then measures (1) the
bare spaCy pipeline of that language as a script runs it (start, load the model, `nlp.pipe` with
the same processes), on the same texts, and (2) `diplo ingest` on them as a user runs it, in a subprocess, sampling the
resident memory of its whole process tree. Prints articles and words per second for both, their
ratio (goal: >= 0.7), the ingest's peak memory (goal: < 2 GB) and what the language detector
adds to it, then the languages side by side. Then, for linearity, one single-line article of 1 MB
and one of 4 MB per language (that language's texts joined end to end), each ingested as a user
would, less a one-sentence article's run (start and model loading): the seconds per MB of both
and their ratio (goal: within 1.5x; `--linearity-mb ''` skips it). Everything is measured in the same run because these machines are shared and noisy:
compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import json
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
SOURCES = [ROOT / "diplo" / "samples", ROOT / "tests" / "fixtures" / "authored", ROOT / "tests" / "fixtures" / "english",
           ROOT.parent / "shared" / "corpus" / "dev"]


def source_texts(language: str) -> list[tuple[Path, Path | None]]:
    """The texts of one language: the sidecar's `language`, else the text's, as ingest decides."""
    from ingest.clean import detect_language

    texts = []
    for folder in SOURCES:
        if folder.is_dir():
            for path in sorted(folder.glob("*.txt")):
                sidecar = path.with_suffix(".json")
                declared = json.loads(sidecar.read_text(encoding="utf-8")).get("language") if sidecar.exists() else None
                if detect_language(path.read_text(encoding="utf-8"), declared) == language:
                    texts.append((path, sidecar if sidecar.exists() else None))
    return texts


def build_corpus(folder: Path, count: int, language: str) -> list[str]:
    sources = source_texts(language)
    if not sources:
        sys.exit(f"no {language} texts under {', '.join(str(f) for f in SOURCES)}")
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


BARE_SCRIPT = """
import json, sys, time
from ingest.analyse import pipeline
texts = json.load(open(sys.argv[1], encoding="utf-8"))
nlp = pipeline(sys.argv[2])
started = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=64, n_process=int(sys.argv[3])):
    pass
print(time.perf_counter() - started)
"""


def bare_spacy(texts: list[str], processes: int, language: str, work: Path) -> tuple[float, float]:
    """The bare spaCy pipeline as a script runs it, in a subprocess like the ingest: start,
    load the model, `nlp.pipe` the texts. Returns (whole run, nlp.pipe alone) in seconds: the
    ingest pays for starting and loading too, so the whole run is the baseline it is held to."""
    source = work / f"texts-{language}.json"
    source.write_text(json.dumps(texts), encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", BARE_SCRIPT, str(source), language, str(processes)],
                          capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"bare spaCy run failed: {done.stderr.strip().splitlines()[-1:]}")
    return elapsed, float(done.stdout.strip())


def diplo_ingest(folder: Path, store: Path, *options: str) -> tuple[float, int]:
    peak = 0
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "diplo.cli", "ingest", str(folder), "--store", str(store), *options],
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


def detector_memory(texts: list[str]) -> float:
    """Peak resident MiB of a bare process that loads the language detector and reads `texts`,
    less that of the same process without it: what detection adds to each ingest worker."""
    probe = ("import resource, sys, json; texts = json.load(sys.stdin); base = resource.getrusage("
             "resource.RUSAGE_SELF).ru_maxrss\nif sys.argv[1] == 'on':\n    from ingest.language import detect\n"
             "    [detect(t) for t in texts]\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base)")
    grown = []
    for mode in ("off", "on"):
        done = subprocess.run([sys.executable, "-c", probe, mode], input=json.dumps(texts[:200]), text=True,
                              capture_output=True, check=True, cwd=ROOT)
        grown.append(int(done.stdout.strip()) / 1024)
    return grown[1] - grown[0]


def bench_language(language: str, count: int, processes: int, work: Path) -> dict:
    folder = work / f"articles-{language}"
    folder.mkdir()
    texts = build_corpus(folder, count, language)
    words = sum(len(t.split()) for t in texts)
    print(f"[{language}] {count} articles ({len(source_texts(language))} distinct texts), {words} words, "
          f"{processes} processes")
    bare, pipe_only = bare_spacy(texts, processes, language, work)
    print(f"  bare spaCy          : {count / bare:7.1f} articles/s, {words / bare:8.0f} words/s ({bare:.1f} s, "
          f"of which nlp.pipe {pipe_only:.1f} s and start and model loading {bare - pipe_only:.1f} s)")
    ingest_seconds, peak = diplo_ingest(folder, work / f"store-{language}")
    print(f"  diplo ingest        : {count / ingest_seconds:7.1f} articles/s, {words / ingest_seconds:8.0f} words/s "
          f"({ingest_seconds:.1f} s, model loading and store writes included)")
    print(f"  ratio ingest / bare : {bare / ingest_seconds:.2f} (goal >= 0.7; against nlp.pipe alone "
          f"{pipe_only / ingest_seconds:.2f})")
    print(f"  peak memory (ingest process tree): {peak / 2**20:.0f} MiB (goal < 2048 MiB)")
    print(f"  language detector (lingua, low accuracy): {detector_memory(texts):.0f} MiB per worker")
    return {"articles/s": count / ingest_seconds, "words/s": words / ingest_seconds,
            "bare articles/s": count / bare, "ratio": bare / ingest_seconds, "peak MiB": peak / 2**20}


def one_line_article(language: str, characters: int) -> str:
    """The language's texts joined on one line, repeated until `characters` long: no sentence
    or paragraph break a splitter could lean on but the sentences' own punctuation."""
    line = " ".join(" ".join(path.read_text(encoding="utf-8").split()) for path, _ in source_texts(language))
    return (line + " ") * (characters // (len(line) + 1)) + line[:characters % (len(line) + 1)]


def bench_linearity(language: str, sizes_mb: list[int], work: Path) -> dict[int, float]:
    """Seconds per MB of one single-line article of each size, less a one-sentence article's run."""
    timeout = ("--article-timeout-s", "36000")  # measured here, not bounded: the default would stop it
    tiny = work / f"tiny-{language}"
    tiny.mkdir()
    (tiny / "tiny.txt").write_text(one_line_article(language, 200), encoding="utf-8")
    baseline, _ = diplo_ingest(tiny, work / f"store-tiny-{language}", *timeout)
    print(f"[{language}] linearity: a 200-character article takes {baseline:.1f} s (start and model loading)")
    per_mb = {}
    for size in sizes_mb:
        folder = work / f"long-{language}-{size}"
        folder.mkdir()
        (folder / "long.txt").write_text(one_line_article(language, size * 1_000_000), encoding="utf-8")
        seconds, peak = diplo_ingest(folder, work / f"store-long-{language}-{size}", *timeout)
        per_mb[size] = (seconds - baseline) / size
        print(f"  {size} MB on one line  : {seconds:.1f} s, {per_mb[size]:.1f} s per MB beyond the baseline, "
              f"peak {peak / 2**20:.0f} MiB")
    if len(per_mb) > 1:
        smallest, largest = min(per_mb), max(per_mb)
        print(f"  ratio s/MB {largest} MB / {smallest} MB: {per_mb[largest] / per_mb[smallest]:.2f} (goal <= 1.5)")
    return per_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="articles per language")
    parser.add_argument("--languages", default="fr,en", help="comma-separated, each with a lexicon")
    parser.add_argument("--linearity-mb", default="1,4",
                        help="sizes in MB of the single-line articles of the linearity check; '' skips it")
    args = parser.parse_args()
    processes = min(2, os.cpu_count() or 1)
    results = {}
    with tempfile.TemporaryDirectory() as work:
        for language in args.languages.split(","):
            results[language] = bench_language(language.strip(), args.articles, processes, Path(work))
        sizes = [int(size) for size in args.linearity_mb.split(",") if size.strip()]
        linearity = {language: bench_linearity(language.strip(), sizes, Path(work))
                     for language in args.languages.split(",")} if sizes else {}
    formats = {"articles/s": "{:>16.1f}", "words/s": "{:>16.0f}", "bare articles/s": "{:>16.1f}",
               "ratio": "{:>16.2f}", "peak MiB": "{:>16.0f}"}
    print("\nlanguage" + "".join(f"{name:>16}" for name in formats))
    for language, row in results.items():
        print(f"{language:<8}" + "".join(form.format(row[name]) for name, form in formats.items()))
    for language, per_mb in linearity.items():
        figures = ", ".join(f"{size} MB {seconds:.1f} s/MB" for size, seconds in per_mb.items())
        print(f"{language:<8}linearity: {figures}")


if __name__ == "__main__":
    main()
