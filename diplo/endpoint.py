"""A read-only SPARQL 1.1 Protocol endpoint over a checkpoint of the store.

The `oxigraph` server (PyPI) answers the queries: read-only, with a per-query timeout. It would
follow SERVICE clauses to any address, a way for a query to reach machines behind the server,
so it runs without network (`diplo.sandbox.deny_network`), listens on a private loopback port,
and this guard stands in front: it refuses updates and any query that calls SERVICE, and forwards
exactly the text it checked (`diplo.sandbox.checked_query`). The server opens the store's latest
checkpoint when it starts (`diplo.store.readable_folder`) and holds it while it runs: an ingest
meanwhile never changes what it answers, nor waits for it; restart the server to refresh it.
"""

from __future__ import annotations

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
from diplo.sandbox import checked_query, engine_preexec
from diplo.store import ReadableFolder, check_opens, readable_folder

FORWARDED_HEADERS = ("Accept", "Content-Type")
MAX_QUERY_BYTES = 1_000_000


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

    def __init__(self, store_path: Path, host: str = "127.0.0.1", port: int = 7878, timeout_s: int = 30) -> None:
        self.store_path, self.host, self.port, self.timeout_s = store_path, host, port, timeout_s
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

    def forward(self, query: str, accept: str | None) -> tuple[int, str, bytes]:
        query = checked_query(query)
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.backend_port}/query", data=urllib.parse.urlencode({"query": query}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept or "*/*"}, method="POST")
        try:
            # oxigraph's own --timeout-s stops the query; this one answers the client even when the
            # cancellation comes late (an aggregate on a busy machine checks for it only now and then)
            with urllib.request.urlopen(request, timeout=self.timeout_s + 5) as response:
                return response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type", "text/plain"), error.read()
        except (TimeoutError, urllib.error.URLError) as error:
            if isinstance(error, urllib.error.URLError) and not isinstance(error.reason, TimeoutError):
                raise
            message = f"The query was cancelled: it ran past this endpoint's limit of {self.timeout_s} s (--timeout-s)."
            return 503, "text/plain; charset=utf-8", message.encode()


def _handler(endpoint: Endpoint):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            if url.path != "/query":
                return self._reply(404, b"the SPARQL endpoint is at /query\n")
            query = urllib.parse.parse_qs(url.query).get("query", [None])[0]
            self._answer(query)

        def do_POST(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_QUERY_BYTES:
                return self._reply(413, b"query too large\n")
            body = self.rfile.read(length).decode("utf-8", "replace")
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            form = urllib.parse.parse_qs(body) if kind == "application/x-www-form-urlencoded" else {}
            if url.path == "/update" or kind == "application/sparql-update" or "update" in form:
                return self._reply(403, b"this endpoint is read-only: SPARQL UPDATE is refused\n")
            if url.path != "/query":
                return self._reply(404, b"the SPARQL endpoint is at /query\n")
            self._answer(body if kind == "application/sparql-query" else form.get("query", [None])[0])

        def _answer(self, query: str | None) -> None:
            if not query:
                return self._reply(400, b"no query: send ?query=... or a POST body\n")
            try:
                status, content_type, body = endpoint.forward(query, self.headers.get("Accept"))
            except QueryError as error:
                return self._reply(403, f"{error}\n".encode())
            self._reply(status, body, content_type)

        def _reply(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # quiet: the CLI prints one line at start
            pass

    return Handler

