"""The contact network: actors (or countries) as nodes, contacts as weighted edges (networkx)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import networkx as nx

LONG_GAP_DAYS = 365  # a pair silent this long before the latest contact in the graph "stopped"


@dataclass
class NetworkSummary:
    centrality: list[tuple[str, float]]
    stopped: list[tuple[str, str, str, int]]  # a, b, last contact, days of silence since


def build(records: list[dict], by: str = "actor") -> nx.Graph:
    """Undirected graph: an edge per pair that met, weight = contacts, with first and last date."""
    graph = nx.Graph()
    for record in records:
        if not record["date"]:
            continue
        nodes = sorted({_node(p, by) for p in record["participants"]})
        for node, participant in ((_node(p, by), p) for p in record["participants"]):
            graph.add_node(node, label=node, country=participant.get("country") or "")
        for i, a in enumerate(nodes):
            for b in nodes[i + 1:]:
                if graph.has_edge(a, b):
                    edge = graph.edges[a, b]
                    edge["weight"] += 1
                    edge["first"] = min(edge["first"], record["date"])
                    edge["last"] = max(edge["last"], record["date"])
                else:
                    graph.add_edge(a, b, weight=1, first=record["date"], last=record["date"])
    return graph


def _node(participant: dict, by: str) -> str:
    return (participant.get("country") or "?") if by == "country" else participant["label"]


def summarise(graph: nx.Graph, top: int = 10) -> NetworkSummary:
    centrality = sorted(nx.degree_centrality(graph).items(), key=lambda item: (-item[1], item[0]))[:top] \
        if graph.number_of_nodes() > 1 else []
    latest = max((d["last"] for _, _, d in graph.edges(data=True)), default=None)
    stopped = []
    for a, b, data in graph.edges(data=True):
        gap = _days_between(data["last"], latest) if latest else 0
        if gap >= LONG_GAP_DAYS:
            stopped.append((a, b, data["last"], gap))
    return NetworkSummary(centrality, sorted(stopped, key=lambda s: -s[3]))


def _days_between(earlier: str, later: str) -> int:
    import datetime as dt

    def first_day(text: str) -> dt.date:
        parts = [int(p) for p in text.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])

    return (first_day(later) - first_day(earlier)).days


def serialise(graph: nx.Graph, fmt: str) -> str:
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(graph)) + "\n"
    if fmt == "gexf":
        return "\n".join(nx.generate_gexf(graph)) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["source", "target", "weight", "first", "last"])
    for a, b, data in sorted(graph.edges(data=True)):
        writer.writerow([a, b, data["weight"], data["first"], data["last"]])
    return buffer.getvalue()
