"""Shared fixtures: the bundled sample articles ingested once, and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import pytest

from diplo.writer import ingest

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path(str(resources.files("diplo") / "samples"))


@pytest.fixture(scope="session", autouse=True)
def loaded_pipelines() -> None:
    """Ingest forks its worker processes from the calling process: pipelines loaded here once are
    shared by every in-process ingest of the suite, instead of being loaded by each run's worker."""
    from ingest.analyse import pipeline

    for language in ("fr", "en"):
        pipeline(language)


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """A store holding the five bundled sample articles."""
    path = tmp_path_factory.mktemp("samples") / "store"
    report = ingest([SAMPLES], path, progress=False)
    assert report.articles == 5 and not report.rejected
    return path


@pytest.fixture(scope="session")
def sample_contacts(sample_store) -> list[dict]:
    from diplo.export import contact_records
    from diplo.store import Store

    with Store.open_for_reading(sample_store) as store:
        return contact_records(store)


def run_diplo(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """`diplo ARGS` in a subprocess, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "diplo.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def write_article(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    """Until something listens on 127.0.0.1:port; fails with the process's errors if it exits."""
    import socket
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            assert process.poll() is None, process.stderr.read() if process.stderr else process.returncode
            time.sleep(0.2)
    raise AssertionError(f"nothing listens on port {port} after {seconds:.0f} s")


@contextmanager
def running_endpoint(store: Path, timeout_s: int, *options: str):
    """`diplo serve` on the store, as a user starts it; yields the query URL."""
    from diplo.endpoint import free_port

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "diplo.cli", "serve", "--store", str(store),
                                "--port", str(port), "--timeout-s", str(timeout_s), *options],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        process.terminate()
        process.wait(timeout=20)
