"""The loaded knowledge base: validated entries, where they came from, the index and the graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from decide.errors import InputError
from decide.kb.index import Edge, Index
from decide.suggest import did_you_mean

if TYPE_CHECKING:
    import networkx


@dataclass(frozen=True)
class Origin:
    """The file and line an entry was read from; `layer` 0 is the built-in base, 1... the user's
    overlay folders in the order given (a later layer takes precedence)."""

    file: str
    line: int | None
    layer: int = 0


@dataclass
class KnowledgeBase:
    """Entries by id, their origins, the frozen index and (built on demand) the networkx graph."""

    entries: dict[str, Any]
    origins: dict[str, Origin]
    edges: list[Edge]
    index: Index
    digest: str
    _graph: Any = field(default=None, repr=False, compare=False)
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def get(self, entry_id: str, kind: str | None = None, where: str = "") -> Any:
        """Return the entry `entry_id`; an unknown id is an InputError with a suggestion."""
        entry = self.entries.get(entry_id)
        if entry is None or (kind is not None and entry.kind != kind):
            choices = [i for i, e in self.entries.items() if kind is None or e.kind == kind]
            what = f"{kind} " if kind else ""
            prefix = f"{where}: " if where else ""
            raise InputError(
                f"{prefix}unknown {what}id {entry_id!r}{did_you_mean(entry_id, choices)}"
            )
        return entry

    def of_kind(self, kind: str) -> list[Any]:
        """All entries of one kind, sorted by id (memoised: entries do not change once loaded)."""
        key = ("of_kind", kind)
        if key not in self.memo:
            found = (e for e in self.entries.values() if e.kind == kind)
            self.memo[key] = sorted(found, key=lambda e: e.id)
        return list(self.memo[key])

    def with_role(self, role: str) -> list[Any]:
        """All materials that can play `role`, sorted by id."""
        return [e for e in self.of_kind("material") if role in e.roles]

    def counts(self) -> dict[str, int]:
        """Number of entries per kind."""
        out: dict[str, int] = {}
        for entry in self.entries.values():
            out[entry.kind] = out.get(entry.kind, 0) + 1
        return dict(sorted(out.items()))

    def graph(self) -> networkx.MultiDiGraph:
        """The knowledge graph (built on first use: networkx is slow to import)."""
        if self._graph is None:
            from decide.kb.graph import build_graph

            self._graph = build_graph(self)
        return self._graph

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_graph"] = None
        state["memo"] = {}
        return state
