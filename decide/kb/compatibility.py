"""What the knowledge base records between two materials: compatibility entries in either
direction, families included, and the worst severity among them.

The design review's knowledge-graph figure and the briefing's cathode x electrolyte matrix both
ask this question; answering it here keeps the walk out of the reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from decide.vocab.severity import worst

NONE = "none"  # the severity of a pair the knowledge base says nothing about


@dataclass(frozen=True)
class Pair:
    """The compatibility entries between two materials and the worst severity among them."""

    severity: str  # error | warning | info | ok, or NONE
    entries: tuple[str, ...]  # compatibility entry ids, sorted


@dataclass(frozen=True)
class Matrix:
    """Pairs for every row material x column material."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[Pair, ...], ...]

    def entries(self) -> tuple[str, ...]:
        """Every compatibility entry the matrix refers to, in first-seen order."""
        seen: dict[str, None] = {}
        for row in self.cells:
            for cell in row:
                seen.update(dict.fromkeys(cell.entries))
        return tuple(seen)


def between(kb: Any, a: str, b: str) -> tuple[str, ...]:
    """Ids of compatibility entries relating `a` and `b` (or their families) either way, sorted."""
    return tuple(sorted(set(kb.index.compatibility(a, b)) | set(kb.index.compatibility(b, a))))


def pair(kb: Any, a: str, b: str) -> Pair:
    """The entries between `a` and `b` with the worst severity among them."""
    ids = between(kb, a, b)
    return Pair(worst([kb.entries[i].severity for i in ids]) or NONE, ids)


def matrix(kb: Any, rows: Sequence[str], columns: Sequence[str]) -> Matrix:
    """The pair of every row material with every column material."""
    return Matrix(
        tuple(rows),
        tuple(columns),
        tuple(tuple(pair(kb, r, c) for c in columns) for r in rows),
    )
