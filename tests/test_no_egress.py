"""No query text makes the endpoint or the app open a connection (SERVICE egress).

A recording listener on 127.0.0.1 stands for "another host". Every disguise of a SERVICE call is
sent to a running `diplo serve` (GET, POST form, POST sparql-query) and to the app's query
function; the listener must record no connection. The engine's own isolation is tested apart,
with the text check bypassed, so that each layer holds on its own.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from diplo.endpoint import free_port
from diplo.errors import QueryError
from diplo.sandbox import (checked_query, engine_preexec, may_name_service, network_is_denied, process_escapes,
                           select_isolated)
from diplo.store import readable_folder
from tests.conftest import running_endpoint, wait_for_port


class RecordingListener:
    """Accepts every connection on a loopback port and counts it."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.socket.close()


@pytest.fixture(scope="module")
def listener():
    recorder = RecordingListener()
    yield recorder
    recorder.close()


def disguises(port: int) -> list[str]:
    """SERVICE calls to the listener, plain and disguised, in every query form."""
    target = f"http://127.0.0.1:{port}/sparql"
    return [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{target}> {{ ?s ?p ?o }} }}",
        # the parsers' disagreement on \u escapes inside strings
        f'SELECT * WHERE {{ BIND("A\\u0022 + " AS ?x) SERVICE <{target}> {{ ?s ?p ?o }} BIND(" + \\u0022E" AS ?y) }}',
        f'SELECT * WHERE {{ BIND("A\\U00000022 + " AS ?x) SERVICE <{target}> {{ ?s ?p ?o }} BIND(" + \\U00000022E" AS ?y) }}',
        f"SELECT * WHERE {{ BIND('A\\u0027 ' AS ?x) SERVICE <{target}> {{ ?s ?p ?o }} BIND(' \\u0027' AS ?y) }}",
        f'SELECT * WHERE {{ BIND("""A\\u0022\\u0022\\u0022 AS ?x) SERVICE <{target}> {{ ?s ?p ?o }} '
        f'BIND(""" AS ?y) }}',
        f'SELECT * WHERE {{ BIND("A\\u005Cu0022 + " AS ?x) SERVICE <{target}> {{ ?s ?p ?o }} BIND("E" AS ?y) }}',
        # escapes in the keyword and the IRI
        f"SELECT * WHERE {{ SERV\\u0049CE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sp\\u0061rql> {{ ?s ?p ?o }} }}",
        # prefixed, relative and variable endpoints
        f"PREFIX x: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE x:sparql {{ ?s ?p ?o }} }}",
        f"BASE <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{target}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{target}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        # nested
        f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c MINUS {{ SERVICE <{target}> {{ ?a ?b ?c }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c FILTER EXISTS {{ SERVICE <{target}> {{ ?a ?b ?c }} }} }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }}",
        # a comment that one parser might end early
        f"SELECT * WHERE {{ # comment \\u000A SERVICE <{target}> {{ ?s ?p ?o }}\n }}",
        # every query form
        f"ASK {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f'ASK {{ BIND("A\\u0022 " AS ?x) SERVICE <{target}> {{ ?s ?p ?o }} BIND(" \\u0022" AS ?y) }}',
    ]


# --- layer 1: the checked text is the executed text ---

def test_escapes_are_processed_as_sparql_says():
    assert process_escapes('"caf\\u00e9"') == '"café"'
    assert process_escapes("\\U0001F600") == "\U0001F600"
    with pytest.raises(QueryError, match="ambiguous"):
        process_escapes('"\\u005Cu0022"')


def test_the_check_refuses_or_defuses_every_disguise():
    """A disguise is refused, or once its escapes are processed the SERVICE sits inside a string
    literal (the issue's `\\u0022` query): then the text that runs holds no SERVICE call at all."""
    defused = 0
    for query in disguises(9):
        try:
            executed = checked_query(query)
        except QueryError:
            continue
        assert '" AS ?x) SERVICE' in executed or "' AS ?x) SERVICE" in executed, executed
        defused += 1
    assert defused == 2


def test_a_plain_query_passes_the_check_unchanged():
    query = 'SELECT ?x WHERE { ?x <http://schema.org/name> "Lavrov" }'
    assert checked_query(query) == query


def folds_to(character: str) -> set[str]:
    """The ASCII letters a parser could read `character` as: its lower, upper and folded cases,
    and those of its compatibility forms."""
    import unicodedata

    forms = {character, unicodedata.normalize("NFKC", character), unicodedata.normalize("NFKD", character)}
    cased = {case for form in forms for case in (form.lower(), form.upper(), form.casefold())}
    return {form.lower() for form in cased if len(form) == 1 and form.isascii() and form.isalpha()}


def test_the_parse_free_path_sees_every_spelling_of_service():
    """Every codepoint that reads as one of the keyword's letters, put in its place, sends the
    query to the parser; so do escapes, mixed case and the long s."""
    import sys

    letters = set("service")
    misses = []
    for codepoint in range(0x80, sys.maxunicode + 1):
        character = chr(codepoint)
        for letter in folds_to(character) & letters:
            for position in (i for i, own in enumerate("service") if own == letter):
                word = "service"[:position] + character + "service"[position + 1:]
                if not may_name_service(f"SELECT * WHERE {{ {word} <http://elsewhere.example/> {{ ?s ?p ?o }} }}"):
                    misses.append(word)
    assert not misses
    assert may_name_service("ſervıce") and may_name_service("ＳＥＲＶＩＣＥ") and may_name_service("SeRvIcE")
    for disguise in ("SELECT * WHERE { \\u0053ERVICE <http://elsewhere.example/> { ?s ?p ?o } }",
                     "SELECT * WHERE { \\U00000073ervice <http://elsewhere.example/> { ?s ?p ?o } }",
                     "SELECT * WHERE { ſervice <http://elsewhere.example/> { ?s ?p ?o } }"):
        with pytest.raises(QueryError, match="SERVICE is not allowed"):
            checked_query(disguise)


def test_a_query_that_cannot_spell_service_is_not_parsed(monkeypatch):
    import rdflib.plugins.sparql.parser

    parsed = []
    parse = rdflib.plugins.sparql.parser.parseQuery
    monkeypatch.setattr(rdflib.plugins.sparql.parser, "parseQuery", lambda text: parsed.append(text) or parse(text))
    assert checked_query('SELECT ?x WHERE { ?x ?p "caf\\u00e9" } LIMIT 7') == 'SELECT ?x WHERE { ?x ?p "café" } LIMIT 7'
    assert not parsed
    assert checked_query('SELECT ?x WHERE { ?x ?p "Service" }') and parsed


# --- the endpoint ---

@pytest.fixture(scope="module")
def endpoint(sample_store):
    with running_endpoint(sample_store, 5) as url:
        yield url


def ask(url: str, query: str, how: str) -> tuple[int, str]:
    if how == "get":
        request = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': query})}")
    elif how == "form":
        request = urllib.request.Request(url, data=urllib.parse.urlencode({"query": query}).encode(),
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    else:
        request = urllib.request.Request(url, data=query.encode(), headers={"Content-Type": "application/sparql-query"})
    request.add_header("Accept", "application/sparql-results+json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_endpoint_answers_plain_queries_and_escaped_literals(endpoint):
    status, body = ask(endpoint, "ASK { ?s ?p ?o }", "post")
    assert status == 200 and "true" in body
    status, body = ask(endpoint, 'SELECT ?x WHERE { BIND("caf\\u00e9" AS ?x) }', "get")
    assert status == 200 and "café" in body


@pytest.mark.parametrize("how", ["get", "form", "post"])
def test_endpoint_opens_no_connection_for_any_disguise(endpoint, listener, how):
    before = listener.connections
    for query in disguises(listener.port):
        status, body = ask(endpoint, query, how)
        assert status in (200, 400, 403), (query, status, body)
    time.sleep(0.3)
    assert listener.connections == before


# --- the app's query function ---

def test_app_query_function_answers_and_opens_no_connection(sample_store, listener):
    rows = select_isolated(sample_store, 'SELECT ?x WHERE { BIND("caf\\u00e9" AS ?x) }')
    assert rows == [{"x": "café"}]
    before = listener.connections
    for query in disguises(listener.port):
        try:
            select_isolated(sample_store, query)
        except QueryError:
            pass
    time.sleep(0.3)
    assert listener.connections == before


# --- layer 2 alone: the engine cannot connect even when the check is bypassed ---

needs_seccomp = pytest.mark.skipif(not network_is_denied(), reason="seccomp (libseccomp) is not available here")


@needs_seccomp
def test_the_query_worker_has_no_network_even_unchecked(sample_store, listener):
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    before = listener.connections
    done = subprocess.run([sys.executable, "-m", "diplo.sandbox", str(sample_store)], input=query.encode(),
                          capture_output=True, timeout=60, preexec_fn=engine_preexec())
    assert done.returncode != 0
    time.sleep(0.3)
    assert listener.connections == before
    # the positive control: without the filter the same unchecked query does connect
    subprocess.run([sys.executable, "-m", "diplo.sandbox", str(sample_store)], input=query.encode(),
                   capture_output=True, timeout=60)
    time.sleep(0.3)
    assert listener.connections > before


@needs_seccomp
def test_the_oxigraph_server_has_no_network_even_unchecked(sample_store, listener):
    reading = readable_folder(sample_store)
    port = free_port()
    oxigraph = Path(sys.executable).with_name("oxigraph")
    server = subprocess.Popen([str(oxigraph), "serve-read-only", "--location", str(reading.folder),
                               "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, preexec_fn=engine_preexec())
    try:
        wait_for_port(port, server)
        url = f"http://127.0.0.1:{port}/query"
        assert ask(url, "ASK { ?s ?p ?o }", "post")[0] == 200
        before = listener.connections
        ask(url, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}", "post")
        time.sleep(0.3)
        assert listener.connections == before
    finally:
        server.terminate()
        server.wait(timeout=10)
        reading.release()


def test_the_app_query_function_answers_every_query_form(sample_store):
    assert select_isolated(sample_store, "ASK { ?e a dk:ContactEvent }") == [{"answer": True}]
    triples = select_isolated(sample_store, "CONSTRUCT { ?e a dk:ContactEvent } WHERE { ?e a dk:ContactEvent }")
    assert len(triples) == 6 and set(triples[0]) == {"subject", "predicate", "object"}
