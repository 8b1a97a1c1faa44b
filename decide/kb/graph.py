"""The knowledge graph as a networkx MultiDiGraph: validation, path queries, export, figures."""

from __future__ import annotations

import io
import itertools
import json
from typing import TYPE_CHECKING, Any

import networkx as nx

from decide.errors import InputError
from decide.suggest import did_you_mean

if TYPE_CHECKING:
    from decide.kb.base import KnowledgeBase


def build_graph(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """Nodes typed by `kind`; one edge per relation, keyed by the relation name."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for entry in kb.entries.values():
        graph.add_node(entry.id, kind=entry.kind, name=getattr(entry, "name", entry.id))
    for src, dst, relation, attrs in kb.edges:
        graph.add_edge(src, dst, key=relation, relation=relation, **attrs)
    return graph


def relation_path(kb: KnowledgeBase, a: str, b: str) -> list[tuple[str, str, str, str]]:
    """Shortest chain of relations linking `a` and `b`, ignoring direction and citations.

    Returns (from, relation, direction, to) steps; direction is '->' when the edge points from
    `from` to `to`. Raises InputError for unknown ids or when they are not connected.
    """
    for node in (a, b):
        if node not in kb.entries:
            raise InputError(f"unknown id {node!r}{did_you_mean(node, kb.entries)}")
    graph = kb.graph()
    view: nx.Graph[str] = nx.Graph()
    for src, dst, key in graph.edges(keys=True):
        if key == "cites" or view.has_edge(src, dst):
            continue
        view.add_edge(src, dst)
    view.add_nodes_from([a, b])
    try:
        nodes = nx.shortest_path(view, a, b)
    except nx.NetworkXNoPath:
        raise InputError(f"{a!r} and {b!r} are not connected (citations aside)") from None
    steps = []
    for x, y in itertools.pairwise(nodes):
        if graph.has_edge(x, y):
            rel = sorted(k for k in graph[x][y] if k != "cites")[0]
            steps.append((x, rel, "->", y))
        else:
            rel = sorted(k for k in graph[y][x] if k != "cites")[0]
            steps.append((x, rel, "<-", y))
    return steps


def export_json(kb: KnowledgeBase) -> str:
    """Node-link JSON: `nodes` (each with `id`, `kind`, `name` and its data), `links`."""
    nodes = []
    for entry in sorted(kb.entries.values(), key=lambda e: e.id):
        data = entry.model_dump(mode="json", exclude_none=True)
        data["kind"] = entry.kind
        nodes.append(data)
    links = [
        {"source": s, "target": t, "key": r, "relation": r, **attrs}
        for s, t, r, attrs in sorted(kb.edges, key=lambda e: (e[0], e[2], e[1]))
    ]
    doc = {"directed": True, "multigraph": True, "graph": {"digest": kb.digest}, "nodes": nodes}
    doc["links"] = links
    return json.dumps(doc, indent=1, sort_keys=False, ensure_ascii=False) + "\n"


def export_graphml(kb: KnowledgeBase) -> str:
    """GraphML with scalar node attributes (kind, name) and the relation on every edge."""
    graph = kb.graph()
    clean: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        clean.add_node(node, kind=data["kind"], name=str(data.get("name", node)))
    for src, dst, key, data in graph.edges(keys=True, data=True):
        attrs: dict[str, Any] = {"relation": key}
        attrs.update({k: str(v) for k, v in data.items() if k != "relation"})
        clean.add_edge(src, dst, key=key, **attrs)
    buffer = io.BytesIO()
    nx.write_graphml(clean, buffer)
    return buffer.getvalue().decode("utf-8")
