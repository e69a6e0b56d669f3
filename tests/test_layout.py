"""Data flows one way: ingest is text in, claims out; diplo writes, serves and shows them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def files(*patterns: str) -> list[Path]:
    return sorted(p for pattern in patterns for p in ROOT.glob(pattern))


@pytest.mark.parametrize("sources, forbidden", [
    (("ingest/**/*.py",), "diplo"),
    (("queries/**/*.py",), "diplo"),
    (("ingest/clean.py", "ingest/read.py"), "ingest.extract"),
    (("ingest/resolve.py", "ingest/registry.py"), "ingest.extract"),
    (("ingest/merge.py", "ingest/kinds.py"), "ingest.extract"),
])
def test_no_module_imports_against_the_flow(sources, forbidden):
    offending = {str(path.relative_to(ROOT)): sorted(m for m in imported_modules(path)
                                                       if m == forbidden or m.startswith(forbidden + "."))
                 for path in files(*sources)}
    assert not {path: modules for path, modules in offending.items() if modules}
    assert offending  # the patterns found files to check
