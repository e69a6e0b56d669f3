"""Shared fixtures: the bundled sample articles ingested once, and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from diplo.writer import ingest

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path(str(resources.files("diplo") / "samples"))


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
