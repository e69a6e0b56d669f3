"""`diplo serve`: a standard, read-only SPARQL endpoint that never reaches other hosts."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from tests.conftest import running_endpoint

TIMEOUT_S = 2


@pytest.fixture(scope="module")
def endpoint(sample_store):
    with running_endpoint(sample_store, TIMEOUT_S) as url:
        yield url


def post(url: str, body: str, content_type: str) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body.encode(), headers={"Content-Type": content_type}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_sparqlwrapper_reads_the_contacts(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setReturnFormat(JSON)
    client.setQuery("""PREFIX dk: <https://w3id.org/diplo-kg/ontology#>
        SELECT ?date WHERE { ?event a dk:ContactEvent ; dk:date ?date } ORDER BY ?date""")
    dates = [b["date"]["value"] for b in client.query().convert()["results"]["bindings"]]
    assert "2024-04-03" in dates and "2023-04" in dates


def test_update_is_refused(endpoint):
    status, body = post(endpoint, "DROP ALL", "application/sparql-update")
    assert status == 403 and "read-only" in body
    status, _ = post(endpoint, urllib.parse.urlencode({"update": "CLEAR ALL"}), "application/x-www-form-urlencoded")
    assert status == 403


def test_malformed_query_gets_400_with_the_parsers_message(endpoint):
    status, body = post(endpoint, "SELECT ?x WHERE { ?x ?y }", "application/sparql-query")
    assert status == 400 and "error at 1:" in body


def test_service_makes_no_connection(endpoint):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(1.5)
        target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        status, body = post(endpoint, f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }}",
                            "application/sparql-query")
        assert status == 403 and "SERVICE is not allowed" in body
        with pytest.raises(socket.timeout):
            listener.accept()


def test_runaway_query_is_stopped_and_the_server_keeps_answering(endpoint):
    started = time.monotonic()
    _, body = post(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "application/sparql-query")
    assert "cancelled" in body and time.monotonic() - started < 60
    status, body = post(endpoint, "ASK { ?s ?p ?o }", "application/sparql-query")
    assert status == 200 and "true" in body
