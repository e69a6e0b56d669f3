"""A read-only SPARQL 1.1 Protocol endpoint over a checkpoint of the store.

The `oxigraph` server (PyPI) answers the queries: read-only, with a per-query timeout. It would
follow SERVICE clauses to any address, a way for a query to reach machines behind the server,
so it runs without network (`diplo.sandbox.deny_network`), listens on a private loopback port,
and this guard stands in front: it refuses updates and any query that calls SERVICE, and forwards
exactly the text it checked (`diplo.sandbox.checked_query`). The server opens the store's latest
checkpoint when it starts (`diplo.store.readable_folder`) and holds it while it runs: an ingest
meanwhile never changes what it answers, nor waits for it; restart the server to refresh it.

The guard speaks the SPARQL 1.1 Protocol as browser clients (YASGUI) and SPARQLWrapper expect it:
CORS on every answer (`*` unless `--cors ORIGIN` narrows it) and preflights answered; HEAD; the
project's prefixes (`diplo.namespaces.PREFIXES`) predeclared, as in `diplo query`; and at
`GET /query` with no query, a Service Description of the endpoint with a VoID description of
its graphs (`diplo.service_description`).
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from diplo.errors import QueryError, StoreError, UsageError
from diplo.namespaces import PREFIXES
from diplo.sandbox import checked_query, engine_preexec
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


class Endpoint:
    """The guard in front of an `oxigraph serve-read-only` on a checkpoint of the store."""

    def __init__(self, store_path: Path, host: str = "127.0.0.1", port: int = 7878, timeout_s: int = 30,
                 cors_origin: str = "*") -> None:
        self.store_path, self.host, self.port, self.timeout_s = store_path, host, port, timeout_s
        self.cors_origin = cors_origin
        self._description: dict[str, tuple[str, bytes]] = {}  # by RDF format: the checkpoint never changes
        self.reading: ReadableFolder | None = None
        self.backend_port = free_port()
        self.backend: subprocess.Popen | None = None
        self.server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        """Hold the store's latest checkpoint, start the engine on it and bind the guard; on any
        failure (store damaged, port in use) nothing is left behind."""
        try:
            self._start()
        except BaseException:
            self.close()
            raise

    def _start(self) -> None:
        self.reading = readable_folder(self.store_path)
        check_opens(self.store_path, self.reading)
        oxigraph = Path(sys.executable).with_name("oxigraph")
        if not oxigraph.exists():
            oxigraph = Path(shutil.which("oxigraph") or "oxigraph")
        self.backend = subprocess.Popen(
            [str(oxigraph), "serve-read-only", "--location", str(self.reading.folder),
             "--bind", f"127.0.0.1:{self.backend_port}", "--union-default-graph", "--timeout-s", str(self.timeout_s)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=engine_preexec())
        self._wait_for_backend()
        try:
            self.server = ThreadingHTTPServer((self.host, self.port), _handler(self))
        except OSError as error:
            raise port_in_use_error(self.host, self.port, error) from None

    def _wait_for_backend(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.backend.poll() is not None:
                said = self.backend.stderr.read().decode("utf-8", "replace").strip().splitlines()
                raise StoreError(f"the oxigraph server did not start: {said[0] if said else 'no message'}")
            try:
                with socket.create_connection(("127.0.0.1", self.backend_port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise StoreError("the oxigraph server did not start within 30 s")

    def serve_forever(self) -> None:
        try:
            self.server.serve_forever()
        finally:
            self.close()

    def close(self) -> None:
        if self.server is not None:
            self.server.server_close()
        if self.backend is not None and self.backend.poll() is None:
            self.backend.terminate()
            try:
                self.backend.wait(timeout=5)
            except subprocess.TimeoutExpired:  # busy with a runaway query, it may not heed SIGTERM
                self.backend.kill()
                self.backend.wait()
        if self.reading is not None:
            self.reading.release()  # once the engine has stopped reading it
            self.reading = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/query"

    def description(self, accept: str | None) -> tuple[str, bytes]:
        """The Service Description in the RDF format the client accepts (Turtle by default)."""
        from diplo.service_description import describe, negotiated_format

        content_type, rdflib_format = negotiated_format(accept)
        if content_type not in self._description:
            graph = describe(self.url, self.select)
            self._description[content_type] = (content_type, graph.serialize(format=rdflib_format).encode())
        return self._description[content_type]

    def select(self, query: str) -> list[dict[str, str]]:
        """The rows of a SELECT the guard itself asks the engine (for the service description)."""
        import json

        status, _, body = self.forward(query, "application/sparql-results+json")
        if status != 200:
            raise StoreError(f"the engine did not answer the endpoint's own query ({status})")
        rows = json.loads(body)["results"]["bindings"]
        return [{name: cell["value"] for name, cell in row.items()} for row in rows]

    def forward(self, query: str, accept: str | None, dataset: dict[str, list[str]] | None = None
                ) -> tuple[int, str, bytes]:
        """Check the query and have the engine answer it; `dataset` holds the protocol's
        default-graph-uri and named-graph-uri parameters, passed on as they came."""
        query = checked_query(PROLOGUE + query)
        # the engine reads the union of all graphs as the default graph and then ignores FROM: a
        # query's own FROM / FROM NAMED become the protocol's parameters, which it honours (and
        # which take precedence over the query's dataset, as the Protocol says)
        dataset = dataset or dataset_clauses(query)
        form = [("query", query)] + [(name, uri) for name, uris in dataset.items() for uri in uris]
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.backend_port}/query", data=urllib.parse.urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept or "*/*"}, method="POST")
        try:
            # oxigraph's own --timeout-s stops the query; this one answers the client even when the
            # cancellation comes late (an aggregate on a busy machine checks for it only now and then)
            with urllib.request.urlopen(request, timeout=self.timeout_s + 5) as response:
                return response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as error:
            body = error.read()
            if error.code == 400:
                return 400, "text/plain; charset=utf-8", readable_parse_error(body.decode("utf-8", "replace"),
                                                                             query[len(PROLOGUE):]).encode()
            return error.code, error.headers.get("Content-Type", "text/plain"), body
        except (TimeoutError, urllib.error.URLError) as error:
            if isinstance(error, urllib.error.URLError) and not isinstance(error.reason, TimeoutError):
                raise
            message = f"The query was cancelled: it ran past this endpoint's limit of {self.timeout_s} s (--timeout-s)."
            return 503, "text/plain; charset=utf-8", message.encode()


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


def _handler(endpoint: Endpoint):
    class Handler(BaseHTTPRequestHandler):
        def do_OPTIONS(self) -> None:  # a browser's CORS preflight
            self.send_response(204)
            self._cors_headers()
            self.send_header("Access-Control-Allow-Methods", ALLOWED_METHODS)
            self.send_header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
            self.send_header("Access-Control-Max-Age", "86400")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_HEAD(self) -> None:  # GET's answer and headers, without its body (`_reply`)
            self.do_GET()

        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            if url.path != "/query":
                return self._reply(404, b"the SPARQL endpoint is at /query\n")
            self._answer(urllib.parse.parse_qs(url.query))

        def do_POST(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            length = self.headers.get("Content-Length")
            if length is None or not length.strip().isdigit():
                return self._reply(400, b"a POST needs a Content-Length that is a whole number of bytes\n"
                                   if length is None or not length.strip().startswith("-")
                                   else b"a negative Content-Length is not a length\n")
            if int(length) > MAX_QUERY_BYTES:
                return self._reply(413, f"query too large: the limit is {MAX_QUERY_BYTES} bytes\n".encode())
            body = self.rfile.read(int(length)).decode("utf-8", "replace")
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            form = urllib.parse.parse_qs(body) if kind == "application/x-www-form-urlencoded" else {}
            if url.path == "/update" or kind == "application/sparql-update" or "update" in form:
                return self._reply(403, b"this endpoint is read-only: SPARQL UPDATE is refused\n")
            if url.path != "/query":
                return self._reply(404, b"the SPARQL endpoint is at /query\n")
            if kind not in QUERY_CONTENT_TYPES:
                return self._reply(415, f"a query is sent as {' or '.join(QUERY_CONTENT_TYPES)}, "
                                        f"not {kind or 'a body with no Content-Type'}\n".encode())
            if kind == "application/sparql-query":
                # the body is the query; the URL may still carry the dataset parameters
                form = {**urllib.parse.parse_qs(url.query), "query": [body]}
            self._answer(form)

        def _answer(self, parameters: dict[str, list[str]]) -> None:
            queries = parameters.get("query", [])
            if len(queries) > 1:
                return self._reply(400, b"give one query: the request has several query parameters\n")
            if not queries or not queries[0].strip():
                if self.command in ("GET", "HEAD"):  # the endpoint describes itself
                    content_type, body = endpoint.description(self.headers.get("Accept"))
                    return self._reply(200, body, content_type)
                return self._reply(400, b"no query: send ?query=... or a POST body\n")
            dataset = {name: parameters[name] for name in DATASET_PARAMETERS if name in parameters}
            try:
                status, content_type, body = endpoint.forward(queries[0], self.headers.get("Accept"), dataset)
            except QueryError as error:
                return self._reply(403, f"{error}\n".encode())
            self._reply(status, body, content_type)

        def _cors_headers(self) -> None:
            self.send_header("Access-Control-Allow-Origin", endpoint.cors_origin)
            if endpoint.cors_origin != "*":
                self.send_header("Vary", "Origin")

        def _reply(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8") -> None:
            self.send_response(status)
            self._cors_headers()
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, *args) -> None:  # quiet: the CLI prints one line at start
            pass

    return Handler
