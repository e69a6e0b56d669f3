"""The one module that touches the on-disk store (pyoxigraph on RocksDB).

A store is a folder:

    oxigraph/              the live database; only the writer opens it
    diplo.lock             the writers' lock: a second `diplo ingest` on the store waits, then fails clearly
    mapping-version        which RDF mapping the store holds
    checkpoints/NNNNNNNN/  consistent copies of the database that readers open
    checkpoints/LATEST     the name of the newest copy, replaced atomically

Writes are atomic per article: a new graph is written in one transaction, a graph written before
is replaced by its difference in one update. A crash or kill at any moment leaves either the old
graph or the new one.

Oxigraph leaves reading a database that another process writes undefined, so readers (export,
query, serve, the app) never open the live one while an ingest may run, and never wait for one:
they open the latest checkpoint read-only. The writer publishes a checkpoint (a RocksDB checkpoint:
hard links to the database's immutable files, after a flush of its memory table) when it opens
the store, after the articles it writes (at most every CHECKPOINT_INTERVAL_S) and when it
closes: a new folder, then the pointer replaced. Every checkpoint is a state between two
transactions, so a reader sees whole articles only, at most CHECKPOINT_INTERVAL_S behind the
writer. A reader holds a shared lock on its checkpoint's folder for as long as it reads it; the
writer removes the older checkpoints that nobody holds. On a read-only file system nothing can
write the store, so readers open the live database directly.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from platformdirs import user_data_dir

from diplo.errors import QueryError, StoreBusy, StoreError, StoreReadOnly
from diplo.namespaces import DK, DKR, MAPPING_VERSION, PREFIXES, REGISTRY_GRAPH

STAGING_SUFFIX = "#staging"
VERSION_FILE = "mapping-version"  # beside the database: which RDF mapping the store holds
CHECKPOINTS = "checkpoints"  # beside the database: the copies readers open
LATEST = "LATEST"  # in CHECKPOINTS: the name of the newest checkpoint
LOCK_WAIT_SECONDS = float(os.environ.get("DIPLO_LOCK_WAIT", "30"))
# a writer publishes its first checkpoint as soon as it has opened the database: a reader that
# finds a writer and no checkpoint waits this long for it
FIRST_CHECKPOINT_WAIT_SECONDS = 10.0
# a checkpoint flushes the database's memory table: after every article it cost 11% of an
# ingest's time (300 short articles), at most every 5 s about 2%
CHECKPOINT_INTERVAL_S = 5.0
FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS, "ttl": ox.RdfFormat.TURTLE}


def default_store_path() -> Path:
    """`DIPLO_STORE`, else a store in the user's data directory."""
    configured = os.environ.get("DIPLO_STORE")
    return Path(configured) if configured else Path(user_data_dir("diplo-kg")) / "store"


@cache
def load_query(name: str) -> str:
    """The text of queries/internal/NAME.rq: the whole-graph listings that ingest and export run."""
    path = resources.files("queries") / "internal" / f"{name}.rq"
    if not path.is_file():
        raise QueryError(f"no internal query named '{name}' in queries/internal/")
    return path.read_text(encoding="utf-8")


def latest_checkpoint(path: Path) -> Path | None:
    """The folder of the newest checkpoint of the store at `path`, None if it has none yet."""
    try:
        name = (path / CHECKPOINTS / LATEST).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise _store_error(path, error) from None
    return path / CHECKPOINTS / name


class ReadableFolder:
    """A database folder that a reader opens read-only, kept as it is until `release`: a
    checkpoint whose folder this process holds a shared lock on (the writer removes only those
    nobody holds), or the live database of a store on a read-only file system."""

    def __init__(self, folder: Path, pin: int | None) -> None:
        self.folder = folder
        self._pin = pin

    def release(self) -> None:
        if self._pin is not None:
            os.close(self._pin)  # closing the descriptor releases its lock
            self._pin = None


def readable_folder(path: Path) -> ReadableFolder:
    """What a reader of the store at `path` opens: its latest checkpoint, held until released.

    Never waits for a running ingest. A store written before stores had checkpoints gets its
    first one here, under the writers' lock, if no ingest holds it; an ingest publishes its own
    as soon as it has opened the database.
    """
    if not (path / "oxigraph").is_dir():
        raise StoreError(f"no diplo-kg store at {path}: run `diplo ingest ARTICLES --store {path}` first")
    check_intact(path)
    check_version(path)
    if _on_read_only_file_system(path):
        return ReadableFolder(path / "oxigraph", None)  # nothing can be writing it
    deadline = time.monotonic() + FIRST_CHECKPOINT_WAIT_SECONDS
    while True:
        checkpoint = latest_checkpoint(path)
        if checkpoint is not None:
            pin = _pin(checkpoint)
            if pin is not None:
                return ReadableFolder(checkpoint, pin)
            if time.monotonic() >= deadline:
                raise StoreError(f"the store at {path} is damaged (its latest checkpoint {checkpoint} is incomplete); "
                                 "run `diplo ingest` on it again to publish a new one")
            time.sleep(0.05)  # removed between reading the pointer and locking it: the pointer has moved on
            continue
        try:
            Store.open_for_writing(path, lock_wait_s=0).close()  # publishes the store's first checkpoint
        except StoreReadOnly:
            return ReadableFolder(path / "oxigraph", None)  # this user cannot write it: read it as it is
        except StoreBusy:
            if time.monotonic() >= deadline:
                raise StoreBusy(f"the store at {path} is being written by another ingest and has no checkpoint yet; "
                                "try again when it finishes") from None
            time.sleep(0.2)


def check_opens(path: Path, reading: ReadableFolder) -> None:
    """Open the database in `reading` once, read-only: a damaged one fails here with one line,
    before a program that prints its own trace (the `oxigraph` server) is started on it."""
    try:
        ox.Store.read_only(str(reading.folder))
    except (OSError, RuntimeError) as error:
        raise _store_error(path, error) from None


class Store:
    """An opened diplo-kg store. Use `Store.open_for_writing` or `Store.open_for_reading`."""

    def __init__(self, path: Path, inner: ox.Store, lock_handle=None, reading: ReadableFolder | None = None) -> None:
        self.path = path
        self._store = inner
        self._lock = lock_handle  # a writer's
        self._reading = reading  # a reader's
        self._read_scope: dict | None = None
        self._unpublished = False  # whether the writer wrote anything since its last checkpoint
        self._published_at = 0.0

    @classmethod
    def open_for_writing(cls, path: Path, lock_wait_s: float | None = None) -> Store:
        """The live store, for the one writer: waits up to `lock_wait_s` (default LOCK_WAIT_SECONDS)
        for another writer to finish."""
        if _on_read_only_file_system(path):
            raise _read_only(path, "on a read-only file system")
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _store_error(path, error) from None
        lock = _acquire_lock(path, LOCK_WAIT_SECONDS if lock_wait_s is None else lock_wait_s)
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
            raise _store_error(path, error) from None
        store = cls(path, inner, lock)
        try:
            with _storage_errors(path):
                for leftover in [g for g in inner.named_graphs() if g.value.endswith(STAGING_SUFFIX)]:
                    inner.remove_graph(leftover)  # an earlier version's write, killed before its swap
            # readers see what a killed run wrote after its last checkpoint, and a store from
            # before checkpoints gets its first
            store.publish_checkpoint()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def open_for_reading(cls, path: Path) -> Store:
        """The store as its writer last published it, read-only; never waits for a running ingest."""
        reading = readable_folder(path)
        try:
            inner = ox.Store.read_only(str(reading.folder))
        except (OSError, RuntimeError) as error:
            reading.release()
            raise _store_error(path, error) from None
        return cls(path, inner, reading=reading)

    def close(self) -> None:
        """Close the store; a writer publishes what it wrote since its last checkpoint."""
        try:
            if self._lock is not None:
                if self._unpublished:
                    self.publish_checkpoint()
                with _storage_errors(self.path):
                    self._store.flush()
        finally:
            self._store = None  # the database is closed before the locks that protect it are released
            if self._lock is not None:
                self._lock.close()
                self._lock = None
            if self._reading is not None:
                self._reading.release()
                self._reading = None

    def reopen(self) -> None:
        """Close the database and open it again, which returns the native memory RocksDB holds
        for what it has read (the writer keeps its lock throughout)."""
        with _storage_errors(self.path):
            self._store.flush()
            self._store = None
            self._store = ox.Store(str(self.path / "oxigraph"))

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def publish_checkpoint(self, at_most_every_s: float = 0.0) -> None:
        """Make the store as it stands what readers open: a new checkpoint, then the pointer to it
        replaced atomically. The one it replaces stays (a reader may just have read the pointer);
        older ones are removed unless a reader holds them. Skipped if the last one is younger
        than `at_most_every_s`."""
        if time.monotonic() - self._published_at < at_most_every_s:
            return
        folder = self.path / CHECKPOINTS
        with _storage_errors(self.path):
            folder.mkdir(exist_ok=True)
            replaced = latest_checkpoint(self.path)
            numbers = [int(p.name) for p in folder.iterdir() if p.name.isdigit()]
            # a number never used: a folder left by a killed publication is never reused
            target = folder / f"{max(numbers, default=0) + 1:08d}"
            self._store.backup(str(target))
            pointer = folder / f"{LATEST}.tmp"
            with open(pointer, "w", encoding="utf-8") as handle:
                handle.write(f"{target.name}\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(pointer, folder / LATEST)  # whole or absent, even if killed
        self._unpublished = False
        self._published_at = time.monotonic()
        _remove_unused_checkpoints(folder, keep={target.name, replaced.name if replaced else target.name})

    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad], shared: Iterable[ox.Quad] = ()) -> None:
        """Atomically make `graph` hold exactly these quads (given with any graph name); `shared`
        quads keep their own graph and are only ever added (adding one twice changes nothing)."""
        wanted = _in_graph(graph, quads)
        self._unpublished = True
        with _storage_errors(self.path):
            self._write_graph(graph, wanted, shared)

    def replace_graphs(self, graphs: list[tuple[ox.NamedNode, Iterable[ox.Quad], Iterable[ox.Quad]]]) -> None:
        """`replace_graph` for several graphs: the new ones in one transaction (a batch of articles
        is written whole or not at all, so each article is), those written before one by one."""
        fresh: list[ox.Quad] = []
        with _storage_errors(self.path):
            for graph, quads, shared in graphs:
                if self._store.contains_named_graph(graph):
                    self.replace_graph(graph, quads, shared)
                else:
                    fresh.extend(_in_graph(graph, quads))
                    fresh.extend(shared)
            if fresh:
                self._unpublished = True
                self._store.extend(fresh)

    def _write_graph(self, graph: ox.NamedNode, wanted: list[ox.Quad], shared: Iterable[ox.Quad]) -> None:
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

    def update_graph(self, graph: ox.NamedNode, gone: set[ox.Quad], new: set[ox.Quad]) -> None:
        """Atomically remove `gone` from the graph and add `new` (quads of that graph, whose terms
        are IRIs and literals)."""
        operations = [_data_update(name, graph, quads) for name, quads in (("DELETE", gone), ("INSERT", new)) if quads]
        if not operations:
            return
        self._unpublished = True
        with _storage_errors(self.path):
            self._store.update(" ; ".join(operations))

    def registry_digest(self) -> str | None:
        """The digest of the registry data the store's registry graph was written from."""
        rows = self.select(f"SELECT ?d WHERE {{ GRAPH <{REGISTRY_GRAPH.value}> {{ <{REGISTRY_GRAPH.value}> "
                           f"<{DK.registryDigest.value}> ?d }} }}")
        return rows[0]["d"] if rows else None

    def graphs(self, prefix: str = "") -> list[str]:
        """Complete named graphs (never a write's staging graph)."""
        return sorted(g.value for g in self._visible_graphs() if g.value.startswith(prefix))

    def _visible_graphs(self) -> list[ox.NamedNode]:
        return [g for g in self._store.named_graphs() if not g.value.endswith(STAGING_SUFFIX)]

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        if graph is not None:
            return self._store.quads_for_pattern(None, None, None, graph)
        return (q for q in self._store if not q.graph_name.value.endswith(STAGING_SUFFIX))

    def match(self, subject: ox.NamedNode | None = None, predicate: ox.NamedNode | None = None,
              obj: ox.NamedNode | ox.Literal | None = None, graph: ox.NamedNode | None = None) -> list[ox.Quad]:
        """The quads matching a pattern (None: any), read from the indexes: no query to plan."""
        with _storage_errors(self.path):
            return list(self._store.quads_for_pattern(subject, predicate, obj, graph))

    def has_graph(self, graph: ox.NamedNode) -> bool:
        with _storage_errors(self.path):
            return self._store.contains_named_graph(graph)

    def drop_graph(self, graph: ox.NamedNode) -> None:
        """Remove a named graph and its quads, if it exists."""
        self.drop_graphs([graph])

    def drop_graphs(self, graphs: list[ox.NamedNode]) -> None:
        """Remove these named graphs and their quads in one transaction (those that exist)."""
        with _storage_errors(self.path):
            present = [g for g in graphs if self._store.contains_named_graph(g)]
            if present:
                self._unpublished = True
                self._store.update(" ; ".join(f"DROP GRAPH {g}" for g in present))

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
        scope = self._scope()
        try:
            result = self._store.query(query, prefixes=PREFIXES, substitutions=dict(
                (ox.Variable(k), v) for k, v in (bindings or {}).items()), **scope)
            # solutions are computed, and read from the database, as they are iterated
            if isinstance(result, ox.QueryBoolean):
                return bool(result)
            if isinstance(result, ox.QueryTriples):
                return ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""
            names = [v.value for v in result.variables]
            return [{name: _python(solution[name]) for name in names} for solution in result]
        except SyntaxError as error:
            raise QueryError(f"malformed SPARQL: {error}") from None
        except (RuntimeError, ValueError) as error:
            if _is_storage_error(error):
                raise _store_error(self.path, error) from None
            raise QueryError(f"the query cannot run: {error}") from None
        except OSError as error:
            raise _store_error(self.path, error) from None

    def _scope(self) -> dict:
        """Which graphs a query reads: the union of all named graphs, except a killed write's
        staging graph. A writer removed those on opening; a reader sees the store as it was when
        opened, so it looks once (listing thousands of graphs costs tens of milliseconds)."""
        if self._lock is not None:
            return {"use_default_graph_as_union": True}
        if self._read_scope is None:
            with _storage_errors(self.path):
                graphs = self._visible_graphs()
                complete = len(graphs) == sum(1 for _ in self._store.named_graphs())
            self._read_scope = {"use_default_graph_as_union": True} if complete \
                else {"default_graph": graphs, "named_graphs": graphs}
        return self._read_scope

    def select_named(self, name: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None) -> list[dict]:
        return self.select(load_query(name), bindings)

    def select_named_for(self, name: str, variable: str, values: list[ox.NamedNode | ox.Literal]) -> list[dict]:
        """A named query's rows for these values of a variable, given as a VALUES block at the top
        of its pattern: the planner starts from it (a substitution binds after the join order
        is chosen, and reads the whole store first)."""
        query = load_query(name)
        at = query.index("WHERE {") + len("WHERE {")
        listed = " ".join(str(value) for value in values)
        return self.select(f"{query[:at]} VALUES ?{variable} {{ {listed} }}{query[at:]}")

    def serialize(self, fmt: str) -> bytes:
        try:
            rdf_format = FORMATS[fmt]
        except KeyError:
            raise StoreError(f"unknown RDF format '{fmt}' (choose from {', '.join(FORMATS)})") from None
        with _storage_errors(self.path):
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


def _is_storage_error(error: Exception) -> bool:
    """Whether pyoxigraph's RuntimeError or ValueError comes from the database, not from a query."""
    return "corruption" in str(error).lower() or "io error" in str(error).lower()


def _store_error(path: Path, error: Exception) -> StoreError:
    """One line for what failed in the database or its folder, saying what to do about it. RocksDB
    reports its I/O failures as text ('IO error: No space left on device: ...'), without errno."""
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    code = getattr(error, "errno", None)
    if code == errno.ENOSPC or "no space left on device" in message.lower():
        return StoreError(f"the disk holding the store at {path} is full; free some space and run the command "
                          "again (the articles whose write completed are kept)")
    if code == errno.EROFS or "read-only file system" in message.lower():
        return _read_only(path, "on a read-only file system")
    if code in (errno.EACCES, errno.EPERM) or "permission denied" in message.lower():
        return _read_only(path, "not writable by this user (permission denied)")
    if "corruption" in message.lower():
        return StoreError(f"the store at {path} is damaged ({message}); nothing was changed. Restore it from "
                          "a backup, or ingest into a new store")
    return StoreError(f"cannot use the store at {path}: {message}")


def _read_only(path: Path, why: str) -> StoreReadOnly:
    return StoreReadOnly(f"the store at {path} is {why}; nothing was changed. Ingest into a store on a writable "
                         "disk (--store DIR)")


@contextmanager
def _storage_errors(path: Path) -> Iterator[None]:
    """Database and file system failures as one StoreError line, never a traceback."""
    try:
        yield
    except OSError as error:
        raise _store_error(path, error) from None
    except RuntimeError as error:
        if not _is_storage_error(error):
            raise
        raise _store_error(path, error) from None


def _on_read_only_file_system(path: Path) -> bool:
    """Whether the file system that holds (or would hold) the store at `path` is mounted read-only."""
    existing = next((p for p in (path, *path.parents) if p.exists()), None)
    try:
        return existing is not None and bool(os.statvfs(existing).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _pin(checkpoint: Path) -> int | None:
    """A descriptor holding a shared lock on this checkpoint's folder, None if it has been removed."""
    try:
        pin = os.open(checkpoint, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _store_error(checkpoint.parent.parent, error) from None
    fcntl.flock(pin, fcntl.LOCK_SH)  # waits only while the writer is removing this very folder
    if (checkpoint / "CURRENT").is_file():
        return pin
    os.close(pin)
    return None


def _remove_unused_checkpoints(folder: Path, keep: set[str]) -> None:
    """Remove the checkpoints in `folder` not in `keep` that no reader holds (best effort: one
    left now is removed after a later checkpoint)."""
    for old in folder.iterdir():
        if old.name in keep or not old.name.isdigit():
            continue
        try:
            handle = os.open(old, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            shutil.rmtree(old, ignore_errors=True)
        except BlockingIOError:
            pass  # a reader has it open
        finally:
            os.close(handle)


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


def _acquire_lock(path: Path, wait_s: float):
    try:
        handle = open(path / "diplo.lock", "a+")
    except OSError as error:
        raise _store_error(path, error) from None
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            if time.monotonic() >= deadline:
                handle.close()
                raise StoreBusy(f"the store at {path} is in use by another diplo process "
                                f"(waited {wait_s:.0f} s); try again when it has finished") from None
            time.sleep(0.2)


def _in_graph(graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """These quads, named into `graph` whatever graph they were given with."""
    return [q if q.graph_name == graph else ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads]


IMPORT_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".nquads": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}


def import_dataset(source: Path, path: Path) -> int:
    """A new store at `path` holding the dataset `source` (N-Quads or TriG, as `diplo export
    graph` writes them), bulk-loaded; returns its number of quads. Built in a folder beside
    `path` and moved there whole: a failed import leaves nothing, and an existing store or
    folder with files is never replaced."""
    fmt = IMPORT_FORMATS.get(source.suffix.lower())
    if fmt is None:
        raise StoreError(f"cannot import {source}: import reads N-Quads (.nq) or TriG (.trig), the formats "
                         "`diplo export graph --format nq|trig` writes")
    if not source.is_file():
        raise StoreError(f"cannot import {source}: no such file")
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise StoreError(f"cannot import into {path}: it already holds files; import builds a new store and never "
                         "replaces one (choose a new folder)")
    building = path.parent / f".{path.name}.importing-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    try:
        store = Store.open_for_writing(building)
        try:
            with _storage_errors(building):
                try:
                    store._store.bulk_load(path=str(source), format=fmt)
                except SyntaxError as error:
                    raise StoreError(f"cannot import {source}: not valid {fmt.name} ({error})") from None
                count = len(store._store)
            store._unpublished = True
            store.publish_checkpoint()
        finally:
            store.close()
        if path.exists():
            path.rmdir()  # empty, checked above
        os.replace(building, path)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return count


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
