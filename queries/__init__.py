"""The named SPARQL queries (queries/*.rq) and the one function that runs them.

Each .rq file starts with a comment: its first line says what it answers, a `# Parameters:` line
names the variables a caller may bind (those after "optional" may be left out), and an example.
Parameters are bound as RDF literals through Oxigraph's substitutions, never pasted into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pyoxigraph import Literal

from diplo.errors import QueryError, UsageError
from diplo.store import Store

PROJECTION = re.compile(r"^\s*SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)(?:\s(?:WHERE|FROM)\b|\{)", re.S | re.I | re.M)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    purpose: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    text: str

    @property
    def parameters(self) -> tuple[str, ...]:
        return self.required + self.optional


def parse(name: str, text: str) -> NamedQuery:
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line.lstrip("#").strip())
    purpose = header[0] if header else ""
    parameters = " ".join(_paragraph(header, "Parameters:")).split("Example:")[0]
    projected = set(re.findall(r"\?(\w+)", PROJECTION.search(text).group(1))) if PROJECTION.search(text) else set()
    required_part, _, optional_part = parameters.partition("optional")
    words = lambda part: tuple(dict.fromkeys(w for w in re.findall(r"\b(\w+)\b", re.sub(r"\(.*?\)", "", part))
                                             if w in projected))
    return NamedQuery(name, purpose, words(required_part), words(optional_part), text)


def _paragraph(header: list[str], label: str) -> list[str]:
    lines, inside = [], False
    for line in header:
        if line.startswith(label):
            inside, line = True, line[len(label):]
        elif inside and (not line or re.match(r"^[A-Z]\w+:", line)):
            break
        if inside:
            lines.append(line)
    return lines


def available() -> list[NamedQuery]:
    folder = resources.files("queries")
    return sorted((parse(p.name.removesuffix(".rq"), p.read_text(encoding="utf-8"))
                   for p in folder.iterdir() if p.name.endswith(".rq")), key=lambda q: q.name)


def named(name: str) -> NamedQuery:
    for query in available():
        if query.name == name:
            return query
    names = ", ".join(q.name for q in available())
    raise QueryError(f"no query named '{name}' (diplo query --list shows them: {names})")


def from_file(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QueryError(f"{path}: cannot be read ({error})") from None
    return parse(path.stem, text)


def run(store: Store, query: NamedQuery, params: dict[str, str]) -> tuple[list[str], list[dict]]:
    """The query's result columns (parameters left out) and rows."""
    unknown = set(params) - set(query.parameters)
    if unknown:
        takes = ", ".join(query.parameters) or "no parameters"
        raise UsageError(f"query '{query.name}' has no parameter {', '.join(sorted(unknown))} (it takes {takes})")
    missing = [p for p in query.required if p not in params]
    if missing:
        raise UsageError(f"query '{query.name}' needs --param {missing[0]}=... ({query.purpose})")
    rows = store.select(query.text, {name: Literal(value) for name, value in params.items()})
    columns = [c for c in (rows[0] if rows else _projection(query.text)) if c not in query.parameters]
    return columns, [{c: row.get(c) for c in columns} for row in rows]


def _projection(text: str) -> list[str]:
    match = PROJECTION.search(text)
    return re.findall(r"\?(\w+)", match.group(1)) if match else []
