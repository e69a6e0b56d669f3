"""Faults: a killed ingest leaves a consistent store; two ingests on one store never hang."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from diplo.errors import StoreBusy
from diplo.store import Store
from diplo.writer import ingest
from tests.conftest import SAMPLES


def many_articles(folder, copies: int):
    folder.mkdir()
    for index in range(copies):
        for sample in SAMPLES.glob("*.txt"):
            shutil.copy(sample, folder / f"{index:03d}_{sample.name}")
    return folder


def complete_articles(store_path) -> dict[str, str]:
    with Store.open_for_reading(store_path) as store:
        return {row["document"]: row["text"] for row in store.select_named("article-text")}


def _articles_written(store_path) -> bool:
    """Peek at the store while the writer runs (a read-only snapshot of what is on disk)."""
    try:
        with Store.open_for_reading(store_path) as store:
            return len(store.graphs("https://w3id.org/diplo-kg/resource/graph/article/")) >= 3
    except Exception:
        return False


def test_kill_9_mid_ingest_leaves_only_complete_articles(tmp_path):
    articles = many_articles(tmp_path / "articles", 40)
    store_path = tmp_path / "store"
    process = subprocess.Popen([sys.executable, "-m", "diplo.cli", "ingest", str(articles), "--store", str(store_path),
                                "--processes", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and not _articles_written(store_path):
        time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait()
    stored = complete_articles(store_path)
    assert 0 < len(stored) < 200, "the kill did not land mid-run"
    for document, text in stored.items():
        assert text == (articles / f"{document}.txt").read_text(encoding="utf-8").replace("\u2019", "'").strip() \
            or len(text) > 1000
    with Store.open_for_reading(store_path) as store:
        assert not [g for g in store.graphs() if g.endswith("#staging")]
    # the merged graph was kept current while the run went on: the export answers, from stored articles
    export = subprocess.run([sys.executable, "-m", "diplo.cli", "export", "contacts", "--store", str(store_path),
                             "--format", "jsonl"], capture_output=True, text=True, timeout=120)
    assert export.returncode == 0, export.stderr
    events = [json.loads(line) for line in export.stdout.splitlines() if line.strip()]
    assert events, "an interrupted run left no merged contacts"
    assert all(source["document"] in stored for event in events for source in event["sources"])
    report = ingest([articles], store_path, progress=False)  # and the store still takes writes
    assert report.articles == 200 and len(complete_articles(store_path)) == 200


def test_a_second_writer_fails_clearly_instead_of_hanging(tmp_path, monkeypatch):
    monkeypatch.setattr("diplo.store.LOCK_WAIT_SECONDS", 0.5)
    store_path = tmp_path / "store"
    first = Store.open_for_writing(store_path)
    try:
        started = time.monotonic()
        with pytest.raises(StoreBusy, match="in use by another diplo process"):
            Store.open_for_writing(store_path)
        assert time.monotonic() - started < 5
    finally:
        first.close()
    Store.open_for_writing(store_path).close()  # free again once the first is done


def test_concurrent_cli_ingests_serialise(tmp_path):
    store_path = tmp_path / "store"
    runs = [subprocess.Popen([sys.executable, "-m", "diplo.cli", "ingest", str(SAMPLES), "--store", str(store_path)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "DIPLO_LOCK_WAIT": "120"}) for _ in range(2)]
    for run in runs:
        assert run.wait(timeout=300) == 0, run.stderr.read()
    assert len(complete_articles(store_path)) == 5


def test_replacing_a_graph_leaves_exactly_the_new_quads(tmp_path):
    """A graph written before is replaced by its difference in one update: literals with quotes,
    line breaks, escapes, languages and datatypes survive the round trip, and nothing of the old
    content stays."""
    import pyoxigraph as ox

    from diplo.store import writing

    graph, other = ox.NamedNode("https://example.org/g"), ox.NamedNode("https://example.org/other")
    subject, said = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/said")

    def quads(*values):
        return [ox.Quad(subject, said, value, graph) for value in values]

    first = quads(ox.Literal('she said "no"\nthen left'), ox.Literal("caf\\u00e9 \\ back", language="fr"),
                  ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    second = quads(first[0].object, ox.Literal("Ministère des Affaires étrangères"), ox.NamedNode("https://example.org/o"))
    with writing(tmp_path / "store") as store:
        store.replace_graph(other, [ox.Quad(subject, said, ox.Literal("kept"), other)])
        store.replace_graph(graph, first)
        store.replace_graph(graph, second)
        assert set(store.quads(graph)) == set(second)
        store.replace_graph(graph, second)  # the same content again changes nothing
        assert set(store.quads(graph)) == set(second)
        store.replace_graph(graph, [])
        assert list(store.quads(graph)) == []
        assert [q.object.value for q in store.quads(other)] == ["kept"]
