"""The contact network built with networkx from the sample graph."""

from __future__ import annotations

import networkx as nx

from diplo import network
from tests.conftest import run_diplo


def test_pairs_weighted_by_contacts_with_first_and_last_dates(sample_contacts):
    graph = network.build(sample_contacts)
    edge = graph.edges["Emmanuel Macron", "Vladimir Putin"]
    assert (edge["weight"], edge["first"], edge["last"]) == (2, "2022-02", "2022-09")
    assert graph.edges["Sergei Shoigu", "Sébastien Lecornu"]["weight"] == 2
    countries = network.build(sample_contacts, by="country")
    assert countries.edges["FR", "RU"]["weight"] == 4


def test_summary_names_the_hub_and_the_pairs_that_stopped(sample_contacts):
    summary = network.summarise(network.build(sample_contacts))
    assert summary.centrality[0][0] == "Sergei Shoigu"
    assert ("Emmanuel Macron", "Vladimir Putin", "2022-09", 580) in summary.stopped


def test_graphml_export_opens_as_a_graph(sample_store, tmp_path):
    result = run_diplo("network", "--store", str(sample_store), "--format", "graphml")
    assert result.returncode == 0 and "stopped: Emmanuel Macron" in result.stderr
    path = tmp_path / "contacts.graphml"
    path.write_text(result.stdout)
    assert nx.read_graphml(path).number_of_edges() == 4
