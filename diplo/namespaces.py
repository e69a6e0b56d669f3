"""Each vocabulary declared once. Code builds IRIs from these, never from scattered strings."""

from pyoxigraph import NamedNode


class Namespace:
    """An IRI prefix; `NS.term` and `NS["term"]` give a pyoxigraph NamedNode.

    Not a str subclass: there `DCTERMS.title` was str.title, a method, not the term."""

    def __init__(self, prefix: str) -> None:
        self._prefix = prefix

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        return NamedNode(self._prefix + name)

    def __getitem__(self, name: str) -> NamedNode:
        return NamedNode(self._prefix + name)

    def __str__(self) -> str:
        return self._prefix


DK = Namespace("https://w3id.org/diplo-kg/ontology#")
DKR = Namespace("https://w3id.org/diplo-kg/resource/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
TIME = Namespace("http://www.w3.org/2006/time#")
PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES = {
    "dk": str(DK), "dkr": str(DKR), "sem": str(SEM), "time": str(TIME), "prov": str(PROV),
    "oa": str(OA), "schema": str(SCHEMA), "org": str(ORG), "skos": str(SKOS),
    "dcterms": str(DCTERMS), "foaf": str(FOAF), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD),
    "owl": str(OWL), "wd": str(WD),
}

# The version of the RDF mapping (diplo/rdf.py) a store holds. Bump it whenever the mapping
# changes what it writes (classes, properties, graph layout): a store of another version is
# refused with what to do, never read or extended with two mappings mixed.
MAPPING_VERSION = 4  # 2: an article claim carries its kind as dk:contactKind, not as a type; 3: dk:mergeKey;
# 4: the merged graph's pair index (dk:ContactPair)

MERGED_GRAPH = DKR["graph/merged"]
REGISTRY_GRAPH = DKR["graph/registry"]
SHARED_GRAPH = DKR["graph/shared"]  # places and people known from the text, described once


def article_graph(doc_id: str) -> NamedNode:
    return DKR[f"graph/article/{iri_safe(doc_id)}"]


def iri_safe(text: str) -> str:
    """Percent-encode what an IRI path segment cannot hold (document ids come from file names)."""
    from urllib.parse import quote

    return quote(text, safe="-_.~")
