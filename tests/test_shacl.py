"""The demo graph is valid against ontology/shapes.ttl, and the shapes do catch a broken graph."""

from __future__ import annotations

from importlib import resources

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib

from diplo.namespaces import REGISTRY_GRAPH
from diplo.store import Store


def _term(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def load_union(store_path, *, whole_registry: bool = True) -> rdflib.Graph:
    """Every graph of the store as one rdflib graph. Without `whole_registry`, of the registry's
    thousands of people only those the articles' graphs name, with what they name in turn (their
    countries): the claims' part, valid or not as the whole is, and validated
    in a fraction of the time."""
    with Store.open_for_reading(store_path) as store:
        quads = list(store.quads())
    union = rdflib.Graph()
    registry: dict = {}
    for quad in quads:
        triple = (_term(quad.subject), _term(quad.predicate), _term(quad.object))
        if whole_registry or quad.graph_name != REGISTRY_GRAPH:
            union.add(triple)
        else:
            registry.setdefault(triple[0], []).append(triple)
    named = {o for o in union.objects() if o in registry}
    while named:  # the registry's part that the claims reach, however many steps away
        reached = set()
        for subject in named:
            for triple in registry.pop(subject, []):
                union.add(triple)
                reached.add(triple[2])
        named = {o for o in reached if o in registry}
    assert len(union) > 1000
    return union


@pytest.fixture(scope="module")
def claims_part(sample_store) -> rdflib.Graph:
    graph = load_union(sample_store, whole_registry=False)
    conforms, report = validate(graph)
    assert conforms, report  # so that the breakages below are what the shapes catch
    return graph


def shapes() -> tuple[rdflib.Graph, rdflib.Graph]:
    folder = resources.files("ontology")
    return (rdflib.Graph().parse(data=(folder / "shapes.ttl").read_text(), format="turtle"),
            rdflib.Graph().parse(data=(folder / "diplo.ttl").read_text(), format="turtle"))


def validate(graph: rdflib.Graph) -> tuple[bool, str]:
    shacl, ontology = shapes()
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shacl, ont_graph=ontology, inference="none")
    return conforms, text


def test_demo_graph_conforms_to_the_shapes(sample_store):
    conforms, report = validate(load_union(sample_store))
    assert conforms, report


def test_shapes_reject_a_contact_with_one_participant(claims_part):
    graph = rdflib.Graph()
    graph += claims_part  # a copy: the fixture serves the next test too
    dk = rdflib.Namespace("https://w3id.org/diplo-kg/ontology#")
    sem = rdflib.Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
    claim = next(graph.subjects(rdflib.RDF.type, dk.ContactClaim))
    for actor in list(graph.objects(claim, sem.hasActor))[1:]:
        graph.remove((claim, sem.hasActor, actor))
        graph.remove((claim, dk.initiator, actor))
    conforms, _ = validate(graph)
    assert not conforms


def test_shapes_reject_a_claim_without_its_kind_or_typed_as_an_event(claims_part):
    graph = rdflib.Graph()
    graph += claims_part  # a copy: the fixture serves the next test too
    dk = rdflib.Namespace("https://w3id.org/diplo-kg/ontology#")
    claim = next(graph.subjects(rdflib.RDF.type, dk.ContactClaim))
    kind = graph.value(claim, dk.contactKind)
    graph.remove((claim, dk.contactKind, None))
    assert not validate(graph)[0]
    graph.add((claim, dk.contactKind, kind))
    graph.add((claim, rdflib.RDF.type, kind))  # the old mapping: a claim typed as an event
    assert not validate(graph)[0]
