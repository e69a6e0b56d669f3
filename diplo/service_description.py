"""The SPARQL 1.1 Service Description of `diplo serve`, with a VoID description of its dataset.

What a client (YASGUI, a crawler of endpoints, a researcher with curl) learns from `GET /query`
with no query: the query language and result formats, that the default graph is the union of
the named graphs, each named graph with its number of triples, the classes with their number of
instances, and the prefixes the endpoint predeclares (as SHACL prefix declarations, the standard
way to publish a prefix table in RDF).
"""

from __future__ import annotations

from typing import Callable

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH, VOID, XSD

from diplo.namespaces import PREFIXES

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

# Accept media type -> rdflib's serializer; the first is the default
DESCRIPTION_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/trig": "trig",
}
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "RDF_XML", "JSON-LD")

TRIPLES_PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
INSTANCES_PER_CLASS = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"


def negotiated_format(accept: str | None) -> tuple[str, str]:
    """The media type and rdflib format for an Accept header (quality values honoured)."""
    ranked = []
    for position, part in enumerate((accept or "").split(",")):
        media, *parameters = [piece.strip() for piece in part.split(";")]
        quality = next((float(p[2:]) for p in parameters if p.startswith("q=") and _number(p[2:])), 1.0)
        ranked.append((-quality, position, media.lower()))
    for _, _, media in sorted(ranked):
        if media in DESCRIPTION_FORMATS:
            return media, DESCRIPTION_FORMATS[media]
    return "text/turtle", "turtle"


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def describe(endpoint_url: str, select: Callable[[str], list[dict[str, str]]]) -> Graph:
    """The description of the endpoint at `endpoint_url`, counting with `select` (rows of strings)."""
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    graph.bind("sh", SH)
    graph.bind("formats", FORMATS)
    service = URIRef(f"{endpoint_url}#service")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint_url)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in RESULT_FORMATS:
        graph.add((service, SD.resultFormat, FORMATS[name]))

    dataset = URIRef(f"{endpoint_url}#dataset")
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(endpoint_url)))
    default_graph = BNode()
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))

    total = 0
    for row in select(TRIPLES_PER_GRAPH):
        triples = int(row["n"])
        total += triples
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(row["g"])))
        described = BNode()
        graph.add((named, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, VOID.triples, Literal(triples, datatype=XSD.integer)))
    # the union of the named graphs, counted as their sum (a triple in two graphs counts twice)
    graph.add((default_graph, VOID.triples, Literal(total, datatype=XSD.integer)))
    for row in select(INSTANCES_PER_CLASS):
        partition = BNode()
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], URIRef(row["c"])))
        graph.add((partition, VOID.entities, Literal(int(row["n"]), datatype=XSD.integer)))

    for prefix, namespace in PREFIXES.items():
        declaration = BNode()
        graph.add((dataset, SH.declare, declaration))
        graph.add((declaration, SH.prefix, Literal(prefix)))
        graph.add((declaration, SH.namespace, Literal(namespace, datatype=XSD.anyURI)))
    return graph
