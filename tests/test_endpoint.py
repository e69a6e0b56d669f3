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
    assert status == 400 and body.startswith("syntax error at line 1, column ") and "['" not in body
    status, body = post(endpoint, "SELECT ?x WHERE {\n  ?x nope:thing ?y }", "application/sparql-query")
    assert status == 400 and body.startswith("unknown prefix 'nope:' at line 2")


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


def engines_on(store) -> dict[int, int]:
    """CPU ticks used so far by each live engine process serving `store` (read from /proc)."""
    from pathlib import Path

    ticks = {}
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # not a process, or gone meanwhile
        if b"serve-read-only" in command and any(str(store).encode() in part for part in command) \
                and fields[0] != "Z":
            ticks[int(entry.name)] = int(fields[11]) + int(fields[12])  # utime + stime
    return ticks


def test_runaway_query_is_stopped_and_the_server_keeps_answering(endpoint, sample_store):
    import os

    assert post(endpoint, "ASK { ?s ?p ?o }", "application/sparql-query")[0] == 200  # the engines are up
    engines = engines_on(sample_store)
    started = time.monotonic()
    status, body = post(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                        "application/sparql-query")
    assert status == 503 and "cancelled" in body and time.monotonic() - started < TIMEOUT_S + 5
    time.sleep(1)  # the replacement engine has started
    before = engines_on(sample_store)
    time.sleep(2)
    after = engines_on(sample_store)
    assert len(after) == len(engines) and set(engines) - set(after), "the engine that ran it was replaced"
    burnt = sum(ticks - before.get(pid, 0) for pid, ticks in after.items()) / os.sysconf("SC_CLK_TCK")
    assert burnt < 0.2, f"the engines used {burnt:.2f} CPU-seconds in the 2 s after the limit"
    status, body = post(endpoint, "ASK { ?s ?p ?o }", "application/sparql-query")
    assert status == 200 and "true" in body


def request(url: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None):
    """Status, headers and body of one request, whatever the status."""
    message = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(message, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def count(endpoint: str, query: str, **parameters: str) -> int:
    url = endpoint + "?" + urllib.parse.urlencode({"query": query, **parameters})
    status, _, body = request(url, headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body
    import json
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_a_browser_page_may_query_it_cors_preflight_and_head(endpoint):
    status, headers, body = request(endpoint, "OPTIONS", headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert status == 204 and body == b""
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"] and "Content-Type" in headers["Access-Control-Allow-Headers"]
    ask = endpoint + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    status, headers, _ = request(ask, headers={"Origin": "https://yasgui.example"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = request(endpoint + "?query=nonsense")
    assert status == 400 and headers["Access-Control-Allow-Origin"] == "*"  # errors too, or the page sees none
    status, headers, body = request(ask, "HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_cors_can_be_narrowed_to_one_origin(sample_store):
    with running_endpoint(sample_store, TIMEOUT_S, "--cors", "https://lab.example") as url:
        _, headers, _ = request(url + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
        assert headers["Access-Control-Allow-Origin"] == "https://lab.example"


def test_get_without_a_query_is_the_service_description(endpoint):
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF, SH, VOID

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    status, headers, body = request(endpoint)
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    [service] = graph.subjects(RDF.type, sd.Service)
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (service, sd.feature, sd.UnionDefaultGraph) in graph
    names = {str(graph.value(g, sd.name)) for g in graph.objects(None, sd.namedGraph)}
    assert "https://w3id.org/diplo-kg/resource/graph/merged" in names and len(names) >= 7
    merged = next(g for g in graph.objects(None, sd.namedGraph)
                  if str(graph.value(g, sd.name)).endswith("/graph/merged"))
    triples = int(graph.value(graph.value(merged, sd.graph), VOID.triples))
    assert triples == count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH dkr:graph\\/merged { ?s ?p ?o } }")
    classes = {str(graph.value(p, VOID["class"])) for p in graph.objects(None, VOID.classPartition)}
    assert "https://w3id.org/diplo-kg/ontology#ContactEvent" in classes
    prefixes = {str(graph.value(d, SH.prefix)) for d in graph.objects(None, SH.declare)}
    assert {"dk", "prov", "owl", "wd"} <= prefixes
    status, headers, body = request(endpoint, headers={"Accept": "application/ld+json"})
    assert status == 200 and headers["Content-Type"] == "application/ld+json" and body.lstrip().startswith(b"[")


def test_the_dataset_of_a_query_is_honoured(endpoint):
    everything = count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    merged = count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/diplo-kg/resource/graph/merged> "
                             "{ ?s ?p ?o } }")
    assert 0 < merged < everything
    assert count(endpoint, "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/diplo-kg/resource/graph/merged> "
                           "WHERE { ?s ?p ?o }") == merged
    assert count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                 **{"default-graph-uri": "https://w3id.org/diplo-kg/resource/graph/merged"}) == merged
    assert count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                 **{"named-graph-uri": "https://w3id.org/diplo-kg/resource/graph/merged"}) == merged


def test_the_projects_prefixes_are_predeclared(endpoint):
    assert count(endpoint, "SELECT (COUNT(?e) AS ?n) WHERE { ?e a dk:ContactEvent }") == 6


def test_requests_that_are_not_one_query_are_refused_by_status(endpoint):
    twice = endpoint + "?" + urllib.parse.urlencode([("query", "ASK {}"), ("query", "ASK {}")])
    assert request(twice)[0] == 400
    assert request(endpoint, "POST", b"ASK {}", {"Content-Type": "text/plain"})[0] == 415
    host, port = urllib.parse.urlsplit(endpoint).netloc.split(":")
    for length, expected in (("-1", b" 400 "), ("ten", b" 400 "), ("20000000", b" 413 ")):
        with socket.create_connection((host, int(port)), timeout=30) as raw:
            raw.sendall(f"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                        f"Content-Length: {length}\r\n\r\nASK {{}}".encode())
            assert expected in raw.recv(200).split(b"\r\n")[0] + b" ", length


def test_a_kind_class_counts_events_not_the_articles_copies_of_them(endpoint):
    events = count(endpoint, "SELECT (COUNT(?e) AS ?n) WHERE { ?e a dk:PhoneCall }")
    merged = count(endpoint, "SELECT (COUNT(?e) AS ?n) WHERE { ?e a dk:PhoneCall ; dk:sourceCount ?sources }")
    claims = count(endpoint, "SELECT (COUNT(?c) AS ?n) WHERE { ?c a dk:ContactClaim ; dk:contactKind dk:PhoneCall }")
    assert events == merged and claims > events > 0
