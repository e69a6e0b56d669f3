"""Faults: a killed ingest leaves a consistent store; two ingests on one store never hang;
readers never wait for an ingest."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager

import pyoxigraph as ox
import pytest

from diplo.errors import StoreBusy
from diplo.store import Store, writing
from diplo.writer import ingest
from tests.conftest import SAMPLES, run_diplo, running_endpoint


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
    # readers saw a checkpoint; what the killed run wrote after it is published by the next writer
    with writing(store_path) as live:
        written = {row["document"] for row in live.select_named("article-text")}
    assert set(stored) <= written and set(complete_articles(store_path)) == written
    report = ingest([articles], store_path, progress=False)  # and the store still takes writes
    assert report.articles == 200 and len(complete_articles(store_path)) == 200
    assert len(checkpoint_folders(store_path)) <= 2  # the latest and the one before it


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


# --- readers never wait for the writer ---

def checkpoint_folders(store_path) -> list[str]:
    return sorted(p.name for p in (store_path / "checkpoints").iterdir() if p.name.isdigit())


@contextmanager
def writer_holding(store_path):
    """Another process that has opened the store for writing and keeps it, as a running ingest does."""
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; "
                               "from diplo.store import Store; store = Store.open_for_writing(Path(sys.argv[1])); "
                               "print('open', flush=True); time.sleep(600)", str(store_path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        yield
    finally:
        holder.kill()
        holder.wait()


def test_export_query_and_serve_answer_while_an_ingest_holds_the_store(sample_store, sample_contacts, tmp_path):
    store_path = tmp_path / "store"
    shutil.copytree(sample_store, store_path)
    with writer_holding(store_path):
        started = time.monotonic()
        export = run_diplo("export", "contacts", "--store", str(store_path), timeout=60)
        assert export.returncode == 0, export.stderr
        assert len(export.stdout.splitlines()) == len(sample_contacts)
        query = run_diplo("query", "actor-timeline", "--param", "actor=Lecornu", "--format", "json",
                          "--store", str(store_path), timeout=60)
        assert query.returncode == 0, query.stderr
        with running_endpoint(store_path, timeout_s=10) as url:  # it used to wait 30 s for the lock, then fail
            ask = urllib.parse.urlencode({"query": "ASK { ?e a <https://w3id.org/diplo-kg/ontology#ContactEvent> }"})
            with urllib.request.urlopen(f"{url}?{ask}", timeout=30) as response:
                assert b"true" in response.read()
        assert time.monotonic() - started < 30


def test_a_store_from_before_checkpoints_is_read_and_gets_its_first(sample_store, sample_contacts, tmp_path):
    store_path = tmp_path / "store"
    shutil.copytree(sample_store, store_path, ignore=shutil.ignore_patterns("checkpoints"))
    export = run_diplo("export", "contacts", "--store", str(store_path), timeout=60)
    assert export.returncode == 0, export.stderr
    assert len(export.stdout.splitlines()) == len(sample_contacts)
    assert (store_path / "checkpoints" / "LATEST").is_file()


def test_a_store_being_written_with_no_checkpoint_yet_is_one_clear_error(sample_store, tmp_path, monkeypatch):
    import fcntl

    monkeypatch.setattr("diplo.store.FIRST_CHECKPOINT_WAIT_SECONDS", 0.5)
    store_path = tmp_path / "store"
    shutil.copytree(sample_store, store_path, ignore=shutil.ignore_patterns("checkpoints"))
    with open(store_path / "diplo.lock", "a+") as lock:  # a writer between opening the lock and the database
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(StoreBusy, match="being written by another ingest and has no checkpoint yet; try again"):
            Store.open_for_reading(store_path)


def test_a_checkpoint_a_reader_holds_stays_and_the_others_are_removed(tmp_path):
    graph, subject, said = (ox.NamedNode(f"https://example.org/{name}") for name in ("g", "s", "said"))

    def holding(value: int) -> list[ox.Quad]:
        return [ox.Quad(subject, said, ox.Literal(str(value)), graph)]

    store_path = tmp_path / "store"
    with writing(store_path) as store:
        store.replace_graph(graph, holding(1))
        store.publish_checkpoint()
        reader = Store.open_for_reading(store_path)
        for value in range(2, 6):
            store.replace_graph(graph, holding(value))
            store.publish_checkpoint()
        assert [q.object.value for q in reader.quads(graph)] == ["1"]  # what it opened, whole
        assert len(checkpoint_folders(store_path)) == 3  # the one it holds, the latest, the one before
        reader.close()
        store.replace_graph(graph, holding(6))
    assert len(checkpoint_folders(store_path)) == 2  # closing published the last write
    with Store.open_for_reading(store_path) as latest:
        assert [q.object.value for q in latest.quads(graph)] == ["6"]
