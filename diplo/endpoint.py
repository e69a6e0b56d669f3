"""A read-only SPARQL 1.1 Protocol endpoint over a checkpoint of the store.

The `oxigraph` server (PyPI) answers the queries: read-only, in compiled code. It would follow
SERVICE clauses to any address, a way for a query to reach machines behind the server, so it runs
without network (`diplo.sandbox.deny_network`), listens on a private loopback port, and this guard
stands in front: it refuses updates and any query that calls SERVICE, and forwards exactly the text
it checked (`diplo.sandbox.checked_query`). The engines open the store's latest checkpoint when the
server starts (`diplo.store.readable_folder`) and hold it while it runs: an ingest meanwhile never
changes what they answer, nor waits for them; restart the server to refresh it.

How it serves, and why:

- **HTTP** is uvicorn's (asyncio, h11): a listen backlog of 2048 (so hundreds of simultaneous
  clients all connect), at most 1,024 connections (past that, 503), a deadline for a request's
  head and for its body, idle keep-alive connections closed after 5 s. One event loop is enough:
  the guard's own work per query is microseconds, as the check skips the rdflib parse for a text
  that cannot spell SERVICE; a text that needs the parser is checked in a thread.
- **A bounded pool of engines**: `--workers` processes of `oxigraph serve-read-only` on the same
  checkpoint (read-only RocksDB opens share a folder), each sent one query at a time over a kept
  connection; a request waits its turn for a free one. oxigraph's own `--timeout-s` answers the
  client but lets the evaluation run on (48 CPU-seconds past the limit were measured), and a
  thread inside one engine cannot be stopped from outside; a process can. So the guard keeps the
  time: a query past `--timeout-s` gets 503, and the engine that runs it is killed (SIGKILL) and
  replaced by a fresh one on the same checkpoint (it starts in ~40 ms). Engine processes rather
  than pyoxigraph workers, because the server already speaks the Protocol: content negotiation
  and every result format, the dataset parameters, parse errors with positions.

The guard speaks the SPARQL 1.1 Protocol as browser clients (YASGUI) and SPARQLWrapper expect it:
CORS on every answer (`*` unless `--cors ORIGIN` narrows it) and preflights answered; HEAD; the
project's prefixes (`diplo.namespaces.PREFIXES`) predeclared, as in `diplo query`; and at
`GET /query` with no query, a Service Description of the endpoint with a VoID description of
its graphs (`diplo.service_description`).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from diplo.errors import QueryError, StoreError, UsageError
from diplo.namespaces import PREFIXES
from diplo.sandbox import checked_query, engine_preexec, may_name_service
from diplo.store import ReadableFolder, check_opens, readable_folder

MAX_QUERY_BYTES = 1_000_000
QUERY_CONTENT_TYPES = ("application/x-www-form-urlencoded", "application/sparql-query")
ALLOWED_METHODS = "GET, POST, HEAD, OPTIONS"
ALLOWED_HEADERS = "Accept, Content-Type, Authorization, X-Requested-With"
PARSE_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
CHARACTER_CLASS = re.compile(r",?\s*\[[^\]]*\](?:\s*\|\s*'[^']*'(?:\.\.=\s*'[^']*')?)*")
# Every prefix of the project, declared before the query's own prologue on the query's first line
# (so a parser's line numbers stay the query's): a query may use dk:, prov:, wd: ... undeclared,
# and a PREFIX the query declares itself still wins, being the later declaration
PROLOGUE = " ".join(f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items()) + " "

LISTEN_BACKLOG = 2048  # the kernel caps it at net.core.somaxconn (4096 on current Linux)
MAX_CONNECTIONS = 1024  # open at once; past that uvicorn answers 503 at once
REQUEST_HEAD_TIMEOUT_S = 20  # a client that sends a request's head slower than this is dropped
REQUEST_BODY_TIMEOUT_S = 30  # ... and its body: 408
KEEP_ALIVE_S = 5  # an idle kept-alive connection is closed after this
SHUTDOWN_GRACE_S = 2  # on Ctrl-C or SIGTERM, answers under way get this long to finish
ENGINE_START_S = 30
CANCELLED = "The query was cancelled: it ran past this endpoint's limit of {} s (--timeout-s)."


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def port_in_use_error(host: str, port: int, error: OSError) -> UsageError:
    return UsageError(f"cannot listen on {host}:{port} ({error.strerror or error}); choose another port with --port")


def check_port(host: str, port: int) -> None:
    """Fail with one line if nothing can listen on host:port (for a server started by another
    program, which would report it its own way)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers bind: a closed port is free
        try:
            probe.bind((host, port))
        except OSError as error:
            raise port_in_use_error(host, port, error) from None


def oxigraph_command() -> str:
    """The `oxigraph` program installed beside this interpreter (the pinned one), else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph") or "oxigraph"


def default_workers() -> int:
    """One engine per CPU: a query keeps one core busy, and a request waits less for a free engine
    than it would lose to engines sharing cores."""
    return max(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 2)


class Engine:
    """One `oxigraph serve-read-only` process on the checkpoint, asked one query at a time over
    a kept-alive connection."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        # started from the event loop's (main) thread: PR_SET_PDEATHSIG fires when the thread that
        # forked the engine ends, so one started from a passing thread would die with that thread
        self.process = subprocess.Popen(
            [oxigraph_command(), "serve-read-only", "--location", str(folder), "--bind", f"127.0.0.1:{self.port}",
             "--union-default-graph"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=engine_preexec())
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    def failure(self) -> StoreError | None:
        """Why the engine stopped, if it has."""
        if self.process.poll() is None:
            return None
        said = self.process.stderr.read().decode("utf-8", "replace").strip().splitlines()
        return StoreError(f"the oxigraph server did not start: {said[0] if said else 'no message'}")

    def wait_until_listening(self, seconds: float = ENGINE_START_S) -> None:
        """Block until the engine accepts connections (before the event loop runs)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if (failure := self.failure()) is not None:
                raise failure
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.01)
        raise StoreError(f"the oxigraph server did not start within {seconds:.0f} s")

    async def listening(self, seconds: float = ENGINE_START_S) -> None:
        """Until the engine accepts connections, keeping the first one."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if (failure := self.failure()) is not None:
                raise failure
            try:
                self._reader, self._writer = await asyncio.open_connection("127.0.0.1", self.port)
                return
            except OSError:
                await asyncio.sleep(0.01)
        raise StoreError(f"the oxigraph server did not start within {seconds:.0f} s")

    async def ask(self, query: bytes, parameters: str, accept: str) -> tuple[int, str, bytes]:
        """Status, Content-Type and body of the engine's answer to a query (UTF-8), with the
        Protocol's URL parameters (urlencoded, "" for none)."""
        kept = self._writer is not None
        try:
            return await self._exchange(query, parameters, accept)
        except (ConnectionError, asyncio.IncompleteReadError):
            if not kept or self.process.poll() is not None:
                raise
            self._forget_connection()  # the engine closed a kept connection: a new one, once
            return await self._exchange(query, parameters, accept)

    async def _exchange(self, query: bytes, parameters: str, accept: str) -> tuple[int, str, bytes]:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection("127.0.0.1", self.port)
        accept = " ".join(accept.split())  # one header line, whatever the client sent
        # the query as the body, not a form: percent-encoding it cost more than the rest of the guard
        target = f"/query?{parameters}" if parameters else "/query"
        self._writer.write(f"POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                           f"Accept: {accept}\r\nContent-Length: {len(query)}\r\n\r\n".encode("latin-1", "replace")
                           + query)
        await self._writer.drain()
        head = (await self._reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while size := int((await self._reader.readuntil(b"\r\n")).split(b";")[0], 16):
                chunks.append((await self._reader.readexactly(size + 2))[:-2])
            while await self._reader.readuntil(b"\r\n") != b"\r\n":
                pass  # trailers
            body = b"".join(chunks)
        elif "content-length" in headers:
            body = await self._reader.readexactly(int(headers["content-length"]))
        else:
            body = await self._reader.read()
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            self._forget_connection()
        return status, headers.get("content-type", "text/plain"), body

    def _forget_connection(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None

    def kill(self) -> None:
        """Stop at once, whatever the engine is evaluating (SIGKILL: a busy engine may not heed SIGTERM)."""
        self._forget_connection()
        if self.process.poll() is None:
            self.process.kill()

    def stop(self) -> None:
        self._forget_connection()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process.wait()


class EnginePool:
    """`size` engines on one checkpoint; a query waits for a free one and runs alone on it."""

    def __init__(self, folder: Path, size: int, timeout_s: int) -> None:
        self.folder, self.size, self.timeout_s = folder, size, timeout_s
        self.engines: list[Engine] = []
        self._idle: asyncio.Queue[Engine] | None = None
        self._replacing: set[asyncio.Task] = set()

    def start(self) -> None:
        """Start every engine and wait until they listen (before the event loop runs)."""
        self.engines = [Engine(self.folder) for _ in range(self.size)]
        for engine in self.engines:
            engine.wait_until_listening()

    async def ask(self, query: bytes, parameters: str, accept: str) -> tuple[int, str, bytes]:
        """An engine's answer (`Engine.ask`), or 503 when it runs past the limit or none is free."""
        if self._idle is None:  # the queue belongs to the running loop
            self._idle = asyncio.Queue()
            for engine in self.engines:
                self._idle.put_nowait(engine)
        try:
            engine = self._idle.get_nowait() if not self._idle.empty() else \
                await asyncio.wait_for(self._idle.get(), self.timeout_s)
        except TimeoutError:
            message = f"The endpoint is busy: no engine was free within {self.timeout_s} s; try again."
            return 503, "text/plain; charset=utf-8", message.encode()
        try:
            async with asyncio.timeout(self.timeout_s):
                answer = await engine.ask(query, parameters, accept)
        except TimeoutError:
            self._replace(engine)
            return 503, "text/plain; charset=utf-8", CANCELLED.format(self.timeout_s).encode()
        except BaseException:  # the engine died, or the server stops: its state is unknown
            self._replace(engine)
            raise
        self._idle.put_nowait(engine)
        return answer

    def _replace(self, engine: Engine) -> None:
        """Kill the engine now (its evaluation stops with it) and put a fresh one in its place."""
        engine.kill()
        task = asyncio.get_running_loop().create_task(self._start_replacement(engine))
        self._replacing.add(task)
        task.add_done_callback(self._replacing.discard)

    async def _start_replacement(self, dead: Engine) -> None:
        await asyncio.to_thread(dead.process.wait)  # reaped, so that nothing is left of it
        self.engines.remove(dead)
        while True:
            fresh = Engine(self.folder)
            self.engines.append(fresh)
            try:
                await fresh.listening()
                break
            except StoreError as error:  # e.g. its port taken meanwhile: another try on another port
                print(f"diplo serve: {error}; starting another engine", file=sys.stderr)
                self.engines.remove(fresh)
                fresh.stop()
                await asyncio.sleep(1)
        self._idle.put_nowait(fresh)

    def close(self) -> None:
        for task in self._replacing:
            task.cancel()
        self._replacing = set()
        for engine in self.engines:
            engine.stop()
        self.engines = []


class Endpoint:
    """The guard in front of a pool of `oxigraph serve-read-only` on a checkpoint of the store."""

    def __init__(self, store_path: Path, host: str = "127.0.0.1", port: int = 7878, timeout_s: int = 30,
                 cors_origin: str = "*", workers: int | None = None) -> None:
        self.store_path, self.host, self.port, self.timeout_s = store_path, host, port, timeout_s
        self.cors_origin = cors_origin
        self.workers = workers or default_workers()
        self._description: dict[str, tuple[str, bytes]] = {}  # by RDF format: the checkpoint never changes
        self.reading: ReadableFolder | None = None
        self.listener: socket.socket | None = None
        self.pool: EnginePool | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    def start(self) -> None:
        """Bind the port, hold the store's latest checkpoint and start the engines on it; on any
        failure (port in use, store damaged) nothing is left behind."""
        try:
            self._start()
        except BaseException:
            self.close()
            raise

    def _start(self) -> None:
        # IPPROTO_TCP said, not left 0: asyncio sets TCP_NODELAY only on sockets that say it, and
        # without it a kept-alive connection waits 40 ms (Nagle and delayed ACK) for each answer's body
        self.listener = socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET, socket.SOCK_STREAM,
                                      socket.IPPROTO_TCP)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.listener.bind((self.host, self.port))
        except OSError as error:
            raise port_in_use_error(self.host, self.port, error) from None
        self.listener.listen(LISTEN_BACKLOG)  # connections queue from now on, while the engines start
        self.reading = readable_folder(self.store_path)
        check_opens(self.store_path, self.reading)
        self.pool = EnginePool(self.reading.folder, self.workers, self.timeout_s)
        self.pool.start()

    def serve_forever(self) -> None:
        try:
            asyncio.run(self._serve())
        finally:
            self.close()

    async def _serve(self) -> None:
        import uvicorn

        self.loop = asyncio.get_running_loop()
        config = uvicorn.Config(_application(self), http=_request_head_deadline_protocol(), lifespan="off", log_level="warning",
                                access_log=False, backlog=LISTEN_BACKLOG, limit_concurrency=MAX_CONNECTIONS,
                                timeout_keep_alive=KEEP_ALIVE_S, timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
                                server_header=False, date_header=False)  # each header costs h11 a validation
        # uvicorn traps SIGINT and SIGTERM while it runs, shuts down, then raises the signal again:
        # the CLI's handlers turn it into KeyboardInterrupt and `close` stops the engines
        try:
            await uvicorn.Server(config).serve(sockets=[self.listener])
        finally:
            self.pool.close()  # while the loop runs, which owns the connections to the engines

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None
        if self.listener is not None:
            self.listener.close()
            self.listener = None
        if self.reading is not None:
            self.reading.release()  # once the engines have stopped reading it
            self.reading = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/query"

    def description(self, accept: str | None) -> tuple[str, bytes]:
        """The Service Description in the RDF format the client accepts (Turtle by default); run
        in a thread, as it asks the engines through the event loop."""
        from diplo.service_description import describe, negotiated_format

        content_type, rdflib_format = negotiated_format(accept)
        if content_type not in self._description:
            graph = describe(self.url, self.select)
            self._description[content_type] = (content_type, graph.serialize(format=rdflib_format).encode())
        return self._description[content_type]

    def select(self, query: str) -> list[dict[str, str]]:
        """The rows of a SELECT the guard itself asks the engine (for the service description),
        from a thread other than the event loop's."""
        import json

        answer = asyncio.run_coroutine_threadsafe(self.forward(query, "application/sparql-results+json"), self.loop)
        status, _, body = answer.result()
        if status != 200:
            raise StoreError(f"the engine did not answer the endpoint's own query ({status})")
        rows = json.loads(body)["results"]["bindings"]
        return [{name: cell["value"] for name, cell in row.items()} for row in rows]

    async def forward(self, query: str, accept: str | None, dataset: dict[str, list[str]] | None = None
                      ) -> tuple[int, str, bytes]:
        """Check the query and have an engine answer it; `dataset` holds the protocol's
        default-graph-uri and named-graph-uri parameters, passed on as they came."""
        if needs_parser(query):  # ~35 ms of rdflib: in a thread, so that other requests go on meanwhile
            checked, clauses = await asyncio.to_thread(checked_with_dataset, query)
        else:
            checked, clauses = checked_with_dataset(query)
        parameters = urllib.parse.urlencode([(name, uri) for name, uris in (dataset or clauses).items() for uri in uris])
        status, content_type, body = await self.pool.ask(checked.encode(), parameters, accept or "*/*")
        if status == 400:
            message = readable_parse_error(body.decode("utf-8", "replace"), checked[len(PROLOGUE):])
            return 400, "text/plain; charset=utf-8", message.encode()
        return status, content_type, body


def needs_parser(query: str) -> bool:
    """Whether checking the query may parse it with rdflib (for SERVICE, or for its dataset);
    a guess on the raw text, for scheduling only: `checked_query` decides soundly."""
    return "\\" in query or may_name_service(query) or FROM_KEYWORD.search(query) is not None


def checked_with_dataset(query: str) -> tuple[str, dict[str, list[str]]]:
    """The text to execute (`checked_query`, the project's prefixes declared) and its dataset.

    The engine reads the union of all graphs as the default graph and then ignores FROM: a
    query's own FROM / FROM NAMED become the protocol's parameters, which it honours (and which
    the protocol's own parameters, when the request has them, replace, as the Protocol says)."""
    checked = checked_query(PROLOGUE + query)
    # the prologue holds no FROM: looking for one in the query's own text only is 6x quicker
    return checked, dataset_clauses(checked) if FROM_KEYWORD.search(checked, len(PROLOGUE)) else {}


def readable_parse_error(message: str, query: str) -> str:
    """The engine's parse error in words, at the position in the query as the client sent it
    (without the predeclared prefixes): "unknown prefix 'foo:'", "expected WHERE", not the
    parser's dump of the character classes it would have accepted."""
    found = PARSE_ERROR.search(message)
    if not found:
        return message
    line, column, what = int(found.group(1)), int(found.group(2)), found.group(3)
    if line == 1:
        column = max(1, column - len(PROLOGUE))
    where = f"line {line}, column {column}"
    if "Prefix not found" in what:
        lines = query.splitlines() or [""]
        text = lines[min(line, len(lines)) - 1]
        start = max(0, column - 1)
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_-.:"):
            start -= 1  # the position may point inside or right after the prefixed name
        prefixed = re.match(r"[^\s:{}()]*:", text[start:])
        name = f" '{prefixed.group(0)}'" if prefixed else ""
        return f"unknown prefix{name} at {where}: declare it with PREFIX (the endpoint predeclares " \
               f"{', '.join(p + ':' for p in PREFIXES)})\n"
    words = " ".join(CHARACTER_CLASS.sub("", what).split())
    words = re.sub(r"expected one of ([^,]*)$", r"expected \1", words).rstrip(", ")
    return f"syntax error at {where}: {words or 'unexpected text'}\n"


DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri")
FROM_KEYWORD = re.compile(r"\bFROM\b", re.IGNORECASE)


def dataset_clauses(query: str) -> dict[str, list[str]]:
    """A query's FROM and FROM NAMED graphs as the Protocol's default-graph-uri and
    named-graph-uri parameters (none when it has no dataset clause)."""
    if not FROM_KEYWORD.search(query):
        return {}
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        clauses = translateQuery(parseQuery(query)).algebra.get("datasetClause") or []
    except Exception:  # noqa: BLE001 - a query rdflib cannot read: the engine reports what is wrong
        return {}
    dataset: dict[str, list[str]] = {}
    for clause in clauses:
        name = "default-graph-uri" if "default" in clause else "named-graph-uri"
        dataset.setdefault(name, []).append(str(clause["default" if "default" in clause else "named"]))
    return dataset


class Request:
    """What the application reads of an ASGI HTTP request."""

    def __init__(self, scope: dict, receive) -> None:
        self.method, self.path, self.receive = scope["method"], scope["path"], receive
        self.query_string = scope["query_string"].decode("latin-1")
        self.headers: dict[str, str] = {}
        for name, value in scope["headers"]:
            name = name.decode("latin-1")
            value = value.decode("latin-1")
            self.headers[name] = f"{self.headers[name]}, {value}" if name in self.headers else value

    async def body(self, limit: int) -> bytes | None:
        """The body, or None past `limit` bytes (the rest left unread)."""
        chunks, size = [], 0
        async with asyncio.timeout(REQUEST_BODY_TIMEOUT_S):
            while True:
                message = await self.receive()
                if message["type"] != "http.request":
                    break  # the client went away
                size += len(message.get("body", b""))
                if size > limit:
                    return None
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    break
        return b"".join(chunks)


def _application(endpoint: Endpoint):
    """The ASGI application of the endpoint: the SPARQL 1.1 Protocol, read-only."""

    async def application(scope: dict, receive, send) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        try:
            status, body, content_type, extra = await answer(request)
        except TimeoutError:
            status, body, content_type, extra = 408, b"the request's body came too slowly\n", TEXT, []
        headers = [(b"access-control-allow-origin", endpoint.cors_origin.encode())]
        if endpoint.cors_origin != "*":
            headers.append((b"vary", b"Origin"))
        headers += [(b"content-type", content_type.encode("latin-1")), (b"content-length", str(len(body)).encode()),
                    *extra]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})  # uvicorn sends none for HEAD

    async def answer(request: Request) -> tuple[int, bytes, str, list]:
        if request.method == "OPTIONS":  # a browser's CORS preflight
            return 204, b"", TEXT, [(b"access-control-allow-methods", ALLOWED_METHODS.encode()),
                                    (b"access-control-allow-headers", ALLOWED_HEADERS.encode()),
                                    (b"access-control-max-age", b"86400")]
        if request.method in ("GET", "HEAD"):
            if request.path != "/query":
                return 404, b"the SPARQL endpoint is at /query\n", TEXT, []
            return await answer_query(request, urllib.parse.parse_qs(request.query_string))
        if request.method != "POST":
            return 405, f"this endpoint answers {ALLOWED_METHODS}\n".encode(), TEXT, [(b"allow", ALLOWED_METHODS.encode())]
        length = request.headers.get("content-length")
        if length is None and "chunked" not in request.headers.get("transfer-encoding", "").lower():
            return 400, b"a POST needs a Content-Length that is a whole number of bytes\n", TEXT, []
        if length is not None and not length.strip().isdigit():  # h11 refuses these before they get here
            return 400, (b"a negative Content-Length is not a length\n" if length.strip().startswith("-")
                         else b"a POST needs a Content-Length that is a whole number of bytes\n"), TEXT, []
        too_large = f"query too large: the limit is {MAX_QUERY_BYTES} bytes\n".encode()
        if length is not None and int(length) > MAX_QUERY_BYTES:
            return 413, too_large, TEXT, [(b"connection", b"close")]
        raw = await request.body(MAX_QUERY_BYTES)
        if raw is None:
            return 413, too_large, TEXT, [(b"connection", b"close")]
        body = raw.decode("utf-8", "replace")
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        form = urllib.parse.parse_qs(body) if kind == "application/x-www-form-urlencoded" else {}
        if request.path == "/update" or kind == "application/sparql-update" or "update" in form:
            return 403, b"this endpoint is read-only: SPARQL UPDATE is refused\n", TEXT, []
        if request.path != "/query":
            return 404, b"the SPARQL endpoint is at /query\n", TEXT, []
        if kind not in QUERY_CONTENT_TYPES:
            return 415, (f"a query is sent as {' or '.join(QUERY_CONTENT_TYPES)}, "
                         f"not {kind or 'a body with no Content-Type'}\n").encode(), TEXT, []
        if kind == "application/sparql-query":
            # the body is the query; the URL may still carry the dataset parameters
            form = {**urllib.parse.parse_qs(request.query_string), "query": [body]}
        return await answer_query(request, form)

    async def answer_query(request: Request, parameters: dict[str, list[str]]) -> tuple[int, bytes, str, list]:
        queries = parameters.get("query", [])
        if len(queries) > 1:
            return 400, b"give one query: the request has several query parameters\n", TEXT, []
        if not queries or not queries[0].strip():
            if request.method in ("GET", "HEAD"):  # the endpoint describes itself
                content_type, body = await asyncio.to_thread(endpoint.description, request.headers.get("accept"))
                return 200, body, content_type, []
            return 400, b"no query: send ?query=... or a POST body\n", TEXT, []
        dataset = {name: parameters[name] for name in DATASET_PARAMETERS if name in parameters}
        try:
            status, content_type, body = await endpoint.forward(queries[0], request.headers.get("accept"), dataset)
        except QueryError as error:
            return 403, f"{error}\n".encode(), TEXT, []
        return status, body, content_type, []

    return application


TEXT = "text/plain; charset=utf-8"


def _request_head_deadline_protocol():
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class RequestHeadDeadline(H11Protocol):
        """uvicorn's HTTP/1.1 protocol, with a deadline for a request's head: uvicorn's own
        keep-alive timeout ends once the first byte comes, so a client sending a head byte by
        byte would hold its connection for ever."""

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._arm_head_deadline()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm_head_deadline()  # for the next request's head on this connection

        def connection_lost(self, exc) -> None:
            self._head_deadline.cancel()
            super().connection_lost(exc)

        def _arm_head_deadline(self) -> None:
            if getattr(self, "_head_deadline", None) is not None:
                self._head_deadline.cancel()
            self._head_deadline = self.loop.call_later(REQUEST_HEAD_TIMEOUT_S, self._head_overdue)

        def _head_overdue(self) -> None:
            if self.cycle is None or self.cycle.response_complete:  # no request under way: none came
                self.timeout_keep_alive_handler()

    return RequestHeadDeadline
