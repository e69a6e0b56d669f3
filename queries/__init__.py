"""The named SPARQL queries (queries/*.rq) and the one function that runs them.

Each .rq file starts with a comment: its first line says what it answers, a `# Parameters:` line
describes the variables a caller may bind (those after "optional" may be left out), and an example.
The parameters themselves are the variables of the query's first VALUES block, written with
UNDEF (`VALUES (?actor1 ?actor2) { (UNDEF UNDEF) }`), so the file runs as it is in any SPARQL
client and a researcher sees where to put a value. The runner fills that block with the values as
serialised RDF terms (escaped by pyoxigraph, never pasted raw): an IRI as an IRI, any other
value as a lower-cased literal, since every parameter is compared with lower-case data (dk:searchKey, office kinds, ISO dates, event ids), so matching is
case-insensitive without LCASE in the query. Both choices are for Oxigraph's optimiser: a VALUES
row of constants is where it starts the joins, while a substitution, a BIND or a FILTER on the
parameter made it scan whole indexes (10-300x slower on a million triples).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Protocol

from pyoxigraph import Literal, NamedNode

from ingest.errors import QueryError, UsageError


class Selectable(Protocol):
    """What runs a query: diplo.store.Store (the diplo side runs the queries; this package only
    holds and binds them)."""

    def select(self, query: str) -> list[dict]: ...

# Parameters by what they hold, across the named queries: checked before the query runs, so that a
# mistyped value is an error that says what was expected, not an empty answer
DATE_PARAMETERS = {"from", "to", "before"}
ACTOR_PARAMETERS = {"actor", "actor1", "actor2"}
ISO_DATE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
SEARCH_KEY = "SELECT ?actor WHERE { ?actor <https://w3id.org/diplo-kg/ontology#searchKey> %s } LIMIT 1"

PROJECTION = re.compile(r"^\s*SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)(?:\s(?:WHERE|FROM)\b|\{)", re.S | re.I | re.M)
PARAMETER_BLOCK = re.compile(r"VALUES\s*\(((?:\s*\?\w+)+)\s*\)\s*\{\s*\(((?:\s*UNDEF)+)\s*\)\s*\}", re.I)


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
    # the purpose is the header's first paragraph: every line before the parameters or the example
    purpose = " ".join(_paragraph_before(header, ("Parameters:", "Example:")))
    described = " ".join(_paragraph(header, "Parameters:")).split("Example:")[0]
    block = PARAMETER_BLOCK.search(text)
    parameters = re.findall(r"\?(\w+)", block.group(1)) if block else []
    required_part = re.sub(r"\(.*?\)", "", described.partition("optional")[0])
    required = tuple(p for p in parameters if re.search(rf"\b{p}\b", required_part))
    return NamedQuery(name, purpose, required, tuple(p for p in parameters if p not in required), text)


def _paragraph_before(header: list[str], labels: tuple[str, ...]) -> list[str]:
    lines = []
    for line in header:
        if not line or line.startswith(labels):
            break
        lines.append(line)
    return lines


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
    names = [q.name for q in available()]
    closest = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f"did you mean '{closest[0]}'? " if closest else ""
    raise QueryError(f"no query named '{name}' ({hint}diplo query --list shows them: {', '.join(names)})")


def from_file(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QueryError(f"{path}: cannot be read ({error})") from None
    return parse(path.stem, text)


def run(store: Selectable, query: NamedQuery, params: dict[str, str]) -> tuple[list[str], list[dict]]:
    """The query's result columns (parameters left out) and rows."""
    unknown = set(params) - set(query.parameters)
    if unknown:
        takes = ", ".join(query.parameters) or "no parameters"
        raise UsageError(f"query '{query.name}' has no parameter {', '.join(sorted(unknown))} (it takes {takes})")
    missing = [p for p in query.required if p not in params]
    if missing:
        raise UsageError(f"query '{query.name}' needs --param {missing[0]}=... ({query.purpose})")
    for parameter, value in params.items():
        check_value(store, parameter, value)
    rows = store.select(bind(query, params))
    columns = list(rows[0]) if rows else projection(query.text)
    return columns, rows


def check_value(store: Selectable, parameter: str, value: str) -> None:
    """A date parameter must be an ISO date; an actor parameter must match some actor's name,
    alias, country or Wikidata id (else every query would silently answer nothing)."""
    value = value.strip()
    if parameter in DATE_PARAMETERS and not ISO_DATE.match(value):
        raise UsageError(f"--param {parameter}='{value}' is not an ISO date: give YYYY, YYYY-MM or YYYY-MM-DD "
                         f"(e.g. 2023, 2023-04 or 2023-04-01)")
    if parameter in ACTOR_PARAMETERS and not re.match(r"^https?://", value):
        if not store.select(SEARCH_KEY % _term(value)):
            raise UsageError(f"no actor matches '{value}' (give a name, an alias, a country name or code, "
                             f"or a Wikidata id)")


def bind(query: NamedQuery, params: dict[str, str]) -> str:
    """The query's text with its parameter block holding these values (UNDEF for the others)."""
    block = PARAMETER_BLOCK.search(query.text)
    if block is None:
        return query.text
    row = " ".join(_term(params[p]) if p in params else "UNDEF" for p in query.parameters)
    variables = " ".join(f"?{p}" for p in query.parameters)
    return f"{query.text[:block.start()]}VALUES ({variables}) {{ ({row}) }}{query.text[block.end():]}"


def _term(value: str) -> str:
    value = value.strip()
    if re.match(r"^https?://\S+$", value):
        try:
            return str(NamedNode(value))
        except ValueError:
            raise UsageError(f"'{value}' is not a valid IRI") from None
    return str(Literal(value.lower()))


def projection(text: str) -> list[str]:
    match = PROJECTION.search(text)
    return re.findall(r"\?(\w+)", match.group(1)) if match else []
