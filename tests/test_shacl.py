"""The demo graph is valid against ontology/shapes.ttl, and the shapes do catch a broken graph."""

from __future__ import annotations

from importlib import resources

import pyshacl
import rdflib

from diplo.store import Store


def load_union(store_path) -> rdflib.Graph:
    with Store.open_for_reading(store_path) as store:
        data = store.serialize("nq")
    dataset = rdflib.Dataset()
    dataset.parse(data=data.decode("utf-8"), format="nquads")
    union = rdflib.Graph()
    for subject, predicate, obj, _ in dataset.quads((None, None, None, None)):
        union.add((subject, predicate, obj))
    assert len(union) > 1000
    return union


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


def test_shapes_reject_a_contact_with_one_participant(sample_store):
    graph = load_union(sample_store)
    dk = rdflib.Namespace("https://w3id.org/diplo-kg/ontology#")
    sem = rdflib.Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
    claim = next(graph.subjects(rdflib.RDF.type, dk.ContactClaim))
    for actor in list(graph.objects(claim, sem.hasActor))[1:]:
        graph.remove((claim, sem.hasActor, actor))
        graph.remove((claim, dk.initiator, actor))
    conforms, _ = validate(graph)
    assert not conforms


def test_shapes_reject_a_claim_without_its_kind_or_typed_as_an_event(sample_store):
    graph = load_union(sample_store)
    dk = rdflib.Namespace("https://w3id.org/diplo-kg/ontology#")
    claim = next(graph.subjects(rdflib.RDF.type, dk.ContactClaim))
    kind = graph.value(claim, dk.contactKind)
    graph.remove((claim, dk.contactKind, None))
    assert not validate(graph)[0]
    graph.add((claim, dk.contactKind, kind))
    graph.add((claim, rdflib.RDF.type, kind))  # the old mapping: a claim typed as an event
    assert not validate(graph)[0]
