"""A user's data is never lost or replaced: article identity, bad metadata, a damaged store."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ingest.read import publication_date, read_inputs
from tests.conftest import run_diplo, write_article

CALL = ("The foreign minister of Norway spoke by telephone on Monday with her counterpart from Chile. "
        "The two ministers discussed fisheries, the energy transition and a visit planned for the spring, "
        "according to a statement released by the ministry in the evening.")
MEETING = ("Le ministre portugais de la Défense a rencontré jeudi à Lisbonne son homologue marocain. "
           "Les deux hommes ont évoqué la coopération maritime et la lutte contre les trafics, "
           "selon un communiqué publié à l'issue de l'entretien.")


def stored_documents(store: Path) -> dict[str, str]:
    """document id -> where it was read from, as the store holds them."""
    from diplo.store import Store

    with Store.open_for_reading(store) as opened:
        return {row["document"]: row["location"] for row in opened.select_named("article-locations")}


# --- one identity rule ---

def test_same_name_in_two_folders_is_two_articles(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "x").mkdir(parents=True)
    (corpus / "y").mkdir()
    write_article(corpus / "x", "same.txt", CALL)
    write_article(corpus / "y", "same.md", MEETING)
    store = tmp_path / "store"
    assert run_diplo("ingest", str(corpus), "--store", str(store)).returncode == 0
    assert sorted(stored_documents(store)) == ["x/same", "y/same"]
    # the same folders given one by one: the same files, so the same two articles
    assert run_diplo("ingest", str(corpus / "x"), str(corpus / "y"), "--store", str(store)).returncode == 0
    assert sorted(stored_documents(store)) == ["x/same", "y/same"]


def test_a_different_file_never_replaces_a_stored_one(tmp_path):
    for folder, text in (("a", CALL), ("b", MEETING)):
        (tmp_path / folder).mkdir()
        write_article(tmp_path / folder, "note.txt", text)
    store = tmp_path / "store"
    assert run_diplo("ingest", str(tmp_path / "a"), "--store", str(store)).returncode == 0
    assert run_diplo("ingest", str(tmp_path / "b"), "--store", str(store)).returncode == 0
    documents = stored_documents(store)
    assert len(documents) == 2 and "note" in documents
    assert {Path(location).parent.name for location in documents.values()} == {"a", "b"}
    # re-ingesting the first one replaces it: still two
    assert run_diplo("ingest", str(tmp_path / "a" / "note.txt"), "--store", str(store)).returncode == 0
    assert stored_documents(store) == documents


def test_top_level_files_are_known_by_their_stem_and_a_url_is_never_the_id(tmp_path):
    write_article(tmp_path, "07.txt", CALL)
    (tmp_path / "07.json").write_text(json.dumps({"url": "https://example.org/news/07"}))
    [article] = list(read_inputs([tmp_path]))
    assert article.doc_id == "07" and article.url == "https://example.org/news/07"


def test_json_lines_records_of_two_files_with_the_same_id_are_two_articles(tmp_path):
    for name, text in (("one.jsonl", CALL), ("two.jsonl", MEETING)):
        (tmp_path / name).write_text(json.dumps({"id": "r1", "text": text}) + "\n")
    ids = [a.doc_id for a in read_inputs([tmp_path])]
    assert ids == ["r1", "two/r1"]


# --- bad metadata is a warning, not a lost run ---

def test_a_bad_published_value_is_a_warning_and_the_others_are_ingested(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_article(corpus, "good.txt", CALL)
    write_article(corpus, "odd.txt", MEETING)
    (corpus / "odd.json").write_text(json.dumps({"published": "99999", "language": "fr"}))
    (corpus / "feed.jsonl").write_text(json.dumps({"id": "z", "published": "0000", "text": CALL}) + "\n")
    store = tmp_path / "store"
    done = run_diplo("ingest", str(corpus), "--store", str(store))
    assert done.returncode == 0, done.stderr
    assert "odd.json: published '99999' is not a date; ignored" in done.stderr
    assert "feed.jsonl:1: published '0000' is not a date; ignored" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(stored_documents(store)) == ["good", "odd", "z"]


def test_a_sidecar_that_is_not_json_loses_only_its_metadata(tmp_path):
    write_article(tmp_path, "a.txt", CALL)
    (tmp_path / "a.json").write_text("{not json")
    done = run_diplo("ingest", str(tmp_path / "a.txt"), "--store", str(tmp_path / "store"))
    assert done.returncode == 0
    assert "a.json: not valid JSON" in done.stderr and "read without metadata" in done.stderr
    assert list(stored_documents(tmp_path / "store")) == ["a"]


@pytest.mark.parametrize("value, language, expected", [
    ("2025-07-02", None, "2025-07-02"),
    ("2025-07-02T18:42:00+02:00", None, "2025-07-02"),
    ("2025-07", None, "2025-07"),
    ("Wed, 02 Jul 2025 18:42:00 +0200", "en", "2025-07-02"),
    ("2 juillet 2025", "fr", "2025-07-02"),
    ("02/07/2025", "fr", "2025-07-02"),
    ("02/07/2025", "en", "2025-02-07"),
    ("July 2, 2025", "en", "2025-07-02"),
    ("juillet 2025", "fr", "2025-07"),
    ("99999", None, None),
    ("0000", None, None),
    ("yesterday-ish", "en", None),
])
def test_publication_dates_in_common_forms(value, language, expected):
    date = publication_date(value, language)
    assert (date.iso() if date else None) == expected


# --- a damaged store is never replaced ---

def snapshot_of_files(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


def damaged_store(tmp_path: Path, how: str) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_article(corpus, "a.txt", CALL)
    store = tmp_path / "store"
    assert run_diplo("ingest", str(corpus), "--store", str(store)).returncode == 0
    if how == "current deleted":
        (store / "oxigraph" / "CURRENT").unlink()
    else:
        for file in (store / "oxigraph").iterdir():
            file.unlink()
    return store


@pytest.mark.parametrize("how", ["current deleted", "empty folder"])
def test_every_command_refuses_a_damaged_store_and_changes_nothing(tmp_path, how):
    store = damaged_store(tmp_path, how)
    before = snapshot_of_files(store / "oxigraph")
    commands = [("ingest", str(tmp_path / "corpus")), ("export", "contacts"), ("export", "graph"),
                ("query", "actor-timeline", "--param", "actor=Norway"), ("network",), ("serve", "--port", "1")]
    for _ in range(2):  # the second attempt must not find a "repaired" empty store
        for command in commands:
            done = run_diplo(*command, "--store", str(store), timeout=60)
            assert done.returncode != 0, command
            line = done.stderr.strip().splitlines()[-1]
            assert line.startswith(f"Error: the store at {store} is damaged (") and "nothing was changed" in line
            assert "Traceback" not in done.stderr
    assert snapshot_of_files(store / "oxigraph") == before


def corrupt(store: Path, part: str) -> None:
    """Overwrite the database's tables (the first half of each) or its MANIFEST, in the live
    database and in every checkpoint."""
    for folder in [store / "oxigraph", *(p for p in (store / "checkpoints").iterdir() if p.is_dir())]:
        for file in folder.glob("*.sst" if part == "tables" else "MANIFEST-*"):
            size = file.stat().st_size
            with open(file, "r+b") as handle:
                handle.write(b"\xab" * (size // 2 if part == "tables" else size))


@pytest.mark.parametrize("part", ["tables", "manifest"])
def test_a_corrupted_database_is_one_error_line_for_every_command(sample_store, tmp_path, part):
    import shutil

    from diplo.endpoint import free_port

    store = tmp_path / "store"
    shutil.copytree(sample_store, store)  # files of its own: the sample store stays whole
    corrupt(store, part)
    write_article(tmp_path, "a.txt", CALL)
    commands = [("ingest", str(tmp_path / "a.txt")), ("export", "contacts"), ("export", "graph"),
                ("query", "actor-timeline", "--param", "actor=Norway"), ("serve", "--port", str(free_port())),
                ("app", "--port", str(free_port()))]
    for command in commands:
        done = run_diplo(*command, "--store", str(store), timeout=60)
        assert done.returncode != 0, command
        assert "Traceback" not in done.stderr and "panicked" not in done.stderr, done.stderr
        line = done.stderr.strip().splitlines()[-1]
        assert line.startswith(f"Error: the store at {store} is damaged (Corruption: ") and "backup" in line, line


# --- a full disk, a read-only file system: one line, and the store stays readable ---

@contextmanager
def mounted_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` at `folder`, unmounted at the end. Needs root and a kernel that lets this
    process mount (CI runs as root); permission bits would not stop root's writes."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "--lazy", str(folder)], check=True)


def test_a_full_disk_is_one_error_line_and_the_store_stays_readable(tmp_path):
    write_article(tmp_path, "a.txt", CALL)
    with mounted_tmpfs(tmp_path / "small", "2m") as small:
        store = small / "store"
        done = run_diplo("ingest", str(tmp_path / "a.txt"), "--store", str(store))
        assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
        assert done.stderr.strip().splitlines()[-1] == (
            f"Error: the disk holding the store at {store} is full; free some space and run the command again "
            "(the articles whose write completed are kept)")
        export = run_diplo("export", "graph", "--store", str(store))
        assert export.returncode == 0, export.stderr


def test_a_store_on_a_read_only_file_system_is_read_and_never_written(tmp_path):
    from tests.conftest import running_endpoint

    write_article(tmp_path, "a.txt", CALL)
    with mounted_tmpfs(tmp_path / "disk", "400m") as disk:
        store = disk / "store"
        assert run_diplo("ingest", str(tmp_path / "a.txt"), "--store", str(store)).returncode == 0
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        for command in [("export", "graph"), ("query", "actor-timeline", "--param", "actor=Norway")]:
            done = run_diplo(*command, "--store", str(store))
            assert done.returncode == 0 and done.stdout and "Error" not in done.stderr, (command, done.stderr)
        with running_endpoint(store, timeout_s=10) as url:
            query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
            with urllib.request.urlopen(f"{url}?{query}", timeout=30) as response:
                assert b"true" in response.read()
        for target in (store, disk / "new"):
            done = run_diplo("ingest", str(tmp_path / "a.txt"), "--store", str(target))
            assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
            assert done.stderr.strip().splitlines()[-1] == (
                f"Error: the store at {target} is on a read-only file system; nothing was changed. Ingest into "
                "a store on a writable disk (--store DIR)")


# --- a store knows the RDF mapping it holds ---

@pytest.mark.parametrize("marker", ["0\n", None])
def test_every_command_refuses_a_store_of_another_mapping_version_and_changes_nothing(tmp_path, marker):
    from diplo.namespaces import MAPPING_VERSION

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_article(corpus, "a.txt", CALL)
    store = tmp_path / "store"
    assert run_diplo("ingest", str(corpus), "--store", str(store)).returncode == 0
    assert (store / "mapping-version").read_text(encoding="utf-8").strip() == str(MAPPING_VERSION)
    if marker is None:
        (store / "mapping-version").unlink()  # a store from before stores recorded their version
    else:
        (store / "mapping-version").write_text(marker, encoding="utf-8")
    before = snapshot_of_files(store / "oxigraph")
    commands = [("ingest", str(corpus)), ("export", "contacts"), ("query", "actor-timeline", "--param", "actor=Norway"),
                ("serve", "--port", "1")]
    for command in commands:
        done = run_diplo(*command, "--store", str(store), timeout=60)
        assert done.returncode != 0, command
        line = done.stderr.strip().splitlines()[-1]
        assert line.startswith(f"Error: the store at {store} holds ") and "into a new store" in line, line
        assert "Traceback" not in done.stderr
    assert snapshot_of_files(store / "oxigraph") == before


# --- an article's language: the user's word, its metadata, then the detector ---

GERMAN = ("Der norwegische Außenminister hat am Montag mit seinem chilenischen Amtskollegen telefoniert. "
          "Die beiden Minister sprachen über Fischerei und die Energiewende, teilte das Ministerium mit.")


def test_an_article_in_a_language_the_tool_does_not_read_is_named_and_skipped(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_article(corpus, "de.txt", GERMAN)
    write_article(corpus, "en.txt", CALL)
    done = run_diplo("ingest", str(corpus), "--store", str(tmp_path / "store"))
    assert done.returncode == 0, done.stderr
    [line] = [line for line in done.stderr.splitlines() if line.startswith("skipped:")]
    assert line == f"skipped: {corpus / 'de.txt'}: language 'de' is not supported; skipped"
    assert "1 articles ingested, 0 rejected, 1 skipped" in done.stderr
    assert "note: diplo-kg reads en and fr" in done.stderr
    assert "en 1" in done.stderr  # the English article is ingested all the same


def test_skipped_files_are_named_in_the_summary_and_a_fifo_is_refused_at_once(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_article(corpus, "call.txt", CALL)
    for name in ("a.png", "b.pdf"):
        (corpus / name).write_bytes(b"\x89PNG\r\n" if name.endswith("png") else b"%PDF-1.7")
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    done = run_diplo("ingest", str(corpus), str(fifo), "--store", str(tmp_path / "store"), timeout=120)
    assert done.returncode == 3, done.stderr  # the FIFO is a rejection; the skips alone would exit 0
    assert f"rejected: {fifo}: not a regular file (a FIFO); give files or folders" in done.stderr.splitlines()
    assert f"2 files skipped: {corpus / 'a.png'}, {corpus / 'b.pdf'}" in done.stderr.splitlines()
    assert "1 articles ingested, 1 rejected" in done.stderr
    again = run_diplo("ingest", str(corpus), "--store", str(tmp_path / "store"))
    assert again.returncode == 0 and "2 files skipped:" in again.stderr, again.stderr


def test_the_language_option_beats_metadata_and_metadata_beats_the_detector(tmp_path):
    from ingest.clean import clean
    from ingest.read import read_inputs

    write_article(tmp_path, "meeting.txt", MEETING)
    (tmp_path / "meeting.json").write_text(json.dumps({"language": "en"}), encoding="utf-8")
    write_article(tmp_path, "call.txt", CALL)
    articles = {Path(a.source).name: a for a in read_inputs([tmp_path])}
    assert clean(articles["call.txt"]).language == "en"  # detected
    assert clean(articles["meeting.txt"]).language == "en"  # its metadata says so, whatever the text
    done = run_diplo("ingest", str(tmp_path / "meeting.txt"), "--language", "fr", "--store", str(tmp_path / "s"))
    assert done.returncode == 0, done.stderr
    assert "fr 1" in done.stderr  # the summary's articles by language


def test_a_defect_met_on_one_article_rejects_that_article_only(tmp_path, monkeypatch):
    from diplo.writer import ingest
    from ingest import pipeline

    real_extract = pipeline.extract

    def failing_on_the_meeting(article, sentences):
        if "Lisbonne" in article.text:
            raise ValueError("an unexpected parse")
        return real_extract(article, sentences)

    monkeypatch.setattr(pipeline, "extract", failing_on_the_meeting)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_article(corpus, "meeting.txt", MEETING)
    write_article(corpus, "call.txt", CALL)
    report = ingest([corpus], tmp_path / "store", processes=1, progress=False)
    [rejected] = report.rejected
    assert "meeting.txt" in str(rejected) and "ValueError" in str(rejected)
    assert report.articles == 1


# --- bounded work: a pathological article is stopped, the others go on ---

THIRD = ("The president of Ghana received the prime minister of Senegal in Accra on Tuesday. "
         "They talked about trade across the region and the security of the coast, the presidency said.")


def _corpus_with_a_stuck_article(tmp_path: Path, monkeypatch, behaviour) -> Path:
    """Three articles; extracting the French one runs `behaviour` first (in the worker process)."""
    from ingest import pipeline

    real_extract = pipeline.extract

    def stuck_on_the_meeting(article, sentences):
        if "Lisbonne" in article.text:
            behaviour()
        return real_extract(article, sentences)

    monkeypatch.setattr(pipeline, "extract", stuck_on_the_meeting)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_article(corpus, "a-call.txt", CALL)
    write_article(corpus, "b-meeting.txt", MEETING)
    write_article(corpus, "c-visit.txt", THIRD)
    return corpus


def test_an_article_past_its_deadline_is_rejected_by_name_and_the_others_are_ingested(tmp_path, monkeypatch):
    import time

    from diplo.writer import ingest

    # a sleep stands in for a compiled loop that never returns: the worker is killed either way
    corpus = _corpus_with_a_stuck_article(tmp_path, monkeypatch, lambda: time.sleep(600))
    report = ingest([corpus], tmp_path / "store", processes=1, progress=False, article_timeout_s=3)
    [rejected] = report.rejected
    assert "b-meeting.txt" in str(rejected) and "longer than 3 s" in str(rejected)
    assert report.articles == 2
    assert sorted(stored_documents(tmp_path / "store")) == ["a-call", "c-visit"]


def test_a_worker_that_dies_costs_only_the_article_it_was_analysing(tmp_path, monkeypatch):
    import os
    import signal

    from diplo.writer import ingest

    corpus = _corpus_with_a_stuck_article(tmp_path, monkeypatch, lambda: os.kill(os.getpid(), signal.SIGKILL))
    report = ingest([corpus], tmp_path / "store", processes=2, progress=False)
    [rejected] = report.rejected
    assert "b-meeting.txt" in str(rejected) and "died (signal 9)" in str(rejected)
    assert sorted(stored_documents(tmp_path / "store")) == ["a-call", "c-visit"]


def test_each_worker_stops_at_the_end_of_its_own_pipe():
    from ingest.pipeline import _Workers

    workers = _Workers(2, timeout_s=60)
    (older, older_end), (younger, younger_end) = workers.idle
    try:
        # the younger worker was forked while the older one's pipe was open: it must not keep a copy
        older_end.close()
        older.join(timeout=30)
        assert older.exitcode == 0 and younger.is_alive()
    finally:
        workers.stop()
    assert younger.exitcode == 0


# --- shutdown leaves nothing behind ---

def _descendants(pid: int) -> set[int]:
    """Every living process below `pid` (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process tree from /proc")
@pytest.mark.parametrize("command", ["serve", "app"])
def test_sigterm_ends_the_children_and_leaves_no_files(sample_store, tmp_path, command):
    import os
    import signal
    import subprocess
    import sys
    import time

    from diplo.endpoint import free_port
    from tests.conftest import wait_for_port

    temp = tmp_path / "tmp"
    temp.mkdir()
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "diplo.cli", command, "--store", str(sample_store),
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, "TMPDIR": str(temp)})
    try:
        wait_for_port(port, process)
        if command == "app":  # a page load makes the app take its copy of the store
            import urllib.request
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30).read()
        children = _descendants(process.pid)
        assert children, "the command runs its engine or Streamlit as a child"
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and any(_alive(c) for c in children):
            time.sleep(0.1)
        assert not [c for c in children if _alive(c)]
        assert not [p.name for p in temp.iterdir() if p.name.startswith("diplo-")]
    finally:
        if process.poll() is None:
            process.kill()


def test_a_port_in_use_is_one_error_line_and_leaves_no_engine_or_copy(sample_store, tmp_path):
    import socket

    temp = tmp_path / "tmp"
    temp.mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        runs = [run_diplo(command, "--store", str(sample_store), "--port", str(port), timeout=60,
                          env={"TMPDIR": str(temp)}) for command in ("serve", "app")]
    for done in runs:
        assert done.returncode != 0 and "Traceback" not in done.stderr
        assert done.stderr.strip().splitlines()[-1] == (f"Error: cannot listen on 127.0.0.1:{port} (Address already "
                                                        "in use); choose another port with --port")
    assert not list(temp.iterdir())
