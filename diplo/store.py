"""The one module that touches the on-disk store (pyoxigraph).

Writes are atomic per article: the article's quads go into a staging graph in one transaction,
then one SPARQL UPDATE (a single transaction, holding only IRIs) swaps it in for the old graph.
A crash or kill at any moment leaves either the old graph or the new one. An exclusive lock
file serialises writers: a second `diplo ingest` on the same store waits, then fails clearly.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from platformdirs import user_data_dir

from diplo.errors import QueryError, StoreBusy, StoreError
from diplo.namespaces import DK, DKR, MAPPING_VERSION, PREFIXES, REGISTRY_GRAPH

STAGING_SUFFIX = "#staging"
VERSION_FILE = "mapping-version"  # beside the database: which RDF mapping the store holds
LOCK_WAIT_SECONDS = float(os.environ.get("DIPLO_LOCK_WAIT", "30"))
FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS, "ttl": ox.RdfFormat.TURTLE}


def default_store_path() -> Path:
    """`DIPLO_STORE`, else a store in the user's data directory."""
    configured = os.environ.get("DIPLO_STORE")
    return Path(configured) if configured else Path(user_data_dir("diplo-kg")) / "store"


def load_query(name: str) -> str:
    """The text of queries/internal/NAME.rq: the whole-graph listings that ingest and export run."""
    path = resources.files("queries") / "internal" / f"{name}.rq"
    if not path.is_file():
        raise QueryError(f"no internal query named '{name}' in queries/internal/")
    return path.read_text(encoding="utf-8")


def snapshot(path: Path, target: Path) -> None:
    """Copy the store at `path` to `target` (which must not exist) as it stands between writes.

    Oxigraph leaves reading a store that another process writes undefined, so the endpoint and the
    app read a snapshot. Taking the writers' lock waits for a running ingest to finish its write.
    """
    if not (path / "oxigraph").is_dir():
        raise StoreError(f"no diplo-kg store at {path}: run `diplo ingest ARTICLES --store {path}` first")
    check_intact(path)
    check_version(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with Store.open_for_writing(path) as store:
        store.backup(target)
    _write_version(target.parent)  # a copy opened as a store is of the same mapping


class Store:
    """An opened diplo-kg store. Use `Store.open_for_writing` or `Store.open_for_reading`."""

    def __init__(self, path: Path, inner: ox.Store, lock_handle=None) -> None:
        self.path = path
        self._store = inner
        self._lock = lock_handle
        self._read_scope: dict | None = None

    @classmethod
    def open_for_writing(cls, path: Path) -> Store:
        path.mkdir(parents=True, exist_ok=True)
        lock = _acquire_lock(path)
        try:
            check_intact(path)  # under the lock: another writer may be creating the database
            check_version(path)
            new = not (path / "oxigraph").exists()
            inner = ox.Store(str(path / "oxigraph"))
            if new:
                _write_version(path)
        except StoreError:
            lock.close()
            raise
        except (OSError, RuntimeError) as error:
            lock.close()
            raise _open_error(path, error) from None
        store = cls(path, inner, lock)
        for leftover in [g for g in inner.named_graphs() if g.value.endswith(STAGING_SUFFIX)]:
            inner.remove_graph(leftover)  # an earlier version's write, killed before its swap
        return store

    @classmethod
    def open_for_reading(cls, path: Path) -> Store:
        data = path / "oxigraph"
        if not data.is_dir():
            raise StoreError(f"no diplo-kg store at {path}: run `diplo ingest ARTICLES --store {path}` first")
        check_intact(path)
        check_version(path)
        try:
            inner = ox.Store.read_only(str(data))
        except (OSError, RuntimeError) as error:
            raise _open_error(path, error) from None
        return cls(path, inner)

    def close(self) -> None:
        if self._lock is not None:
            self._store.flush()
            self._lock.close()
            self._lock = None
        del self._store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad], shared: Iterable[ox.Quad] = ()) -> None:
        """Atomically make `graph` hold exactly these quads (given with any graph name); `shared`
        quads keep their own graph and are only ever added (adding one twice changes nothing)."""
        wanted = [q if q.graph_name == graph else ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads]
        if not self._store.contains_named_graph(graph):
            # a new graph: one transaction writes it whole, with what it adds to shared graphs
            self._store.extend([*wanted, *shared])
            return
        self._store.extend(shared)
        # a graph written before: one update (one transaction) removes what is gone and adds what
        # is new. Rewriting the merged graph after each batch changes a few events, and a store
        # writes each quad into six indexes, so the difference is what is worth writing.
        stored = set(self._store.quads_for_pattern(None, None, None, graph))
        target = set(wanted)
        gone, new = stored - target, target - stored
        if not target:
            self._store.update(f"DROP SILENT GRAPH {graph} ; CREATE SILENT GRAPH {graph}")
        elif gone or new:
            self._store.update(_data_update("DELETE", graph, gone) + " ; " + _data_update("INSERT", graph, new))

    def registry_digest(self) -> str | None:
        """The digest of the registry data the store's registry graph was written from."""
        rows = self.select(f"SELECT ?d WHERE {{ GRAPH <{REGISTRY_GRAPH.value}> {{ <{REGISTRY_GRAPH.value}> "
                           f"<{DK.registryDigest.value}> ?d }} }}")
        return rows[0]["d"] if rows else None

    def backup(self, target: Path) -> None:
        """A consistent copy of the store in `target`, which must not exist yet."""
        self._store.backup(str(target))

    def graphs(self, prefix: str = "") -> list[str]:
        """Complete named graphs (never a write's staging graph)."""
        return sorted(g.value for g in self._visible_graphs() if g.value.startswith(prefix))

    def _visible_graphs(self) -> list[ox.NamedNode]:
        return [g for g in self._store.named_graphs() if not g.value.endswith(STAGING_SUFFIX)]

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        if graph is not None:
            return self._store.quads_for_pattern(None, None, None, graph)
        return (q for q in self._store if not q.graph_name.value.endswith(STAGING_SUFFIX))

    def select(self, query: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None) -> list[dict]:
        """Rows of a SELECT query as dicts of Python values (None where unbound)."""
        answer = self.answer(query, bindings)
        if not isinstance(answer, list):
            raise QueryError("this runs SELECT queries; ASK, CONSTRUCT and DESCRIBE answer with `diplo query --file`")
        return answer

    def answer(self, query: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
               ) -> bool | list[dict] | bytes:
        """Any query form: rows for SELECT, True or False for ASK, the triples of CONSTRUCT and
        DESCRIBE as N-Triples bytes (to serialise as the caller likes)."""
        try:
            result = self._store.query(query, prefixes=PREFIXES, substitutions=dict(
                (ox.Variable(k), v) for k, v in (bindings or {}).items()), **self._scope())
        except SyntaxError as error:
            raise QueryError(f"malformed SPARQL: {error}") from None
        except (RuntimeError, ValueError) as error:
            raise QueryError(f"the query cannot run: {error}") from None
        except OSError as error:
            raise StoreError(f"query failed: {error}") from None
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QueryTriples):
            return ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""
        names = [v.value for v in result.variables]
        return [{name: _python(solution[name]) for name in names} for solution in result]

    def _scope(self) -> dict:
        """Which graphs a query reads: the union of all named graphs, except a killed write's
        staging graph. A writer removed those on opening; a reader sees the store as it was when
        opened, so it looks once (listing thousands of graphs costs tens of milliseconds)."""
        if self._lock is not None:
            return {"use_default_graph_as_union": True}
        if self._read_scope is None:
            graphs = self._visible_graphs()
            complete = len(graphs) == sum(1 for _ in self._store.named_graphs())
            self._read_scope = {"use_default_graph_as_union": True} if complete \
                else {"default_graph": graphs, "named_graphs": graphs}
        return self._read_scope

    def select_named(self, name: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None) -> list[dict]:
        return self.select(load_query(name), bindings)

    def serialize(self, fmt: str) -> bytes:
        try:
            rdf_format = FORMATS[fmt]
        except KeyError:
            raise StoreError(f"unknown RDF format '{fmt}' (choose from {', '.join(FORMATS)})") from None
        if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
            return self._store.dump(format=rdf_format, from_graph=DKR["graph/merged"], prefixes=PREFIXES) or b""
        extra = {"prefixes": PREFIXES} if rdf_format == ox.RdfFormat.TRIG else {}
        return ox.serialize(self.quads(), format=rdf_format, **extra) or b""


def check_intact(path: Path) -> None:
    """Refuse a store whose database files are incomplete, before anything opens it: RocksDB
    would start a new, empty database there and delete what it does not recognise."""
    data = path / "oxigraph"
    if not data.exists():
        return  # no store yet: a writer creates one
    if not data.is_dir():
        raise StoreError(f"the store at {path} is damaged ({data} is not a folder); nothing was changed")
    if not any(data.iterdir()):
        raise StoreError(f"the store at {path} is damaged (its database folder {data} is empty); nothing was "
                         "changed. Restore it from a backup, or ingest into a new store")
    if not (data / "CURRENT").is_file():
        raise StoreError(f"the store at {path} is damaged (the database file {data / 'CURRENT'} is missing); "
                         "nothing was changed. Restore it from a backup, or ingest into a new store")


def check_version(path: Path) -> None:
    """Refuse a store written with another RDF mapping than this diplo-kg's (`MAPPING_VERSION`):
    reading it would misread it, writing to it would mix two mappings."""
    if not (path / "oxigraph").exists():
        return  # no store yet: a writer creates one of this version
    marker = path / VERSION_FILE
    try:
        found = marker.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        found = None
    except (OSError, UnicodeDecodeError) as error:
        raise StoreError(f"cannot read the mapping version of the store at {path} ({marker}: {error})") from None
    if found == str(MAPPING_VERSION):
        return
    held = f"RDF mapping version {found}" if found else "an RDF mapping from before stores recorded their version"
    raise StoreError(f"the store at {path} holds {held}; this diplo-kg reads and writes version {MAPPING_VERSION}; "
                     "nothing was changed. Ingest the articles again into a new store (diplo ingest ARTICLES "
                     "--store NEW_FOLDER)")


def _write_version(path: Path) -> None:
    temporary = path / f"{VERSION_FILE}.tmp"
    temporary.write_text(f"{MAPPING_VERSION}\n", encoding="utf-8")
    os.replace(temporary, path / VERSION_FILE)  # whole or absent, even if killed


def _open_error(path: Path, error: Exception) -> StoreError:
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if "corruption" in message.lower():
        return StoreError(f"the store at {path} is damaged ({message}); nothing was changed. Restore it from "
                          "a backup, or ingest into a new store")
    return StoreError(f"cannot open the store at {path}: {message}")


def _python(term):
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype.endswith(("#integer", "#int", "#long", "#nonNegativeInteger", "#positiveInteger")):
            return int(term.value)
        if datatype.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        return term.value
    return term.value


def _acquire_lock(path: Path):
    handle = open(path / "diplo.lock", "a+")
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            if time.monotonic() >= deadline:
                handle.close()
                raise StoreBusy(f"the store at {path} is in use by another diplo process "
                                f"(waited {LOCK_WAIT_SECONDS:.0f} s); try again when it has finished") from None
            time.sleep(0.2)


@contextmanager
def writing(path: Path) -> Iterator[Store]:
    store = Store.open_for_writing(path)
    try:
        yield store
    finally:
        store.close()


def _data_update(operation: str, graph: ox.NamedNode, quads: set[ox.Quad]) -> str:
    """A DELETE DATA or INSERT DATA operation for these quads of one graph (the graph's terms are
    IRIs and literals, never blank nodes, which DATA operations cannot name)."""
    triples = " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    return f"{operation} DATA {{ GRAPH {graph} {{ {triples} }} }}"
