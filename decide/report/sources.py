"""Collect the source ids a report cites and resolve them for its Sources section."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SourceRef:
    """One entry of a report's Sources section."""

    id: str
    citation: str
    doi: str | None
    url: str | None
    resolved: bool

    @property
    def href(self) -> str | None:
        """Where the citation links to: the DOI resolver, else the URL (None: neither)."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url or None


class Sources:
    """Remember every cited id (first-use order) so the report can list exactly what it cites."""

    def __init__(self, kb: Any) -> None:
        self._kb = kb
        self._seen: dict[str, None] = {}

    def cite(self, ids: Iterable[str] | str | None) -> tuple[str, ...]:
        """Record `ids` and return them sorted and de-duplicated for display."""
        if ids is None:
            return ()
        if isinstance(ids, str):
            ids = [ids]
        unique = tuple(sorted(set(ids)))
        for source_id in unique:
            self._seen.setdefault(source_id, None)
        return unique

    def of(self, *values: Any) -> tuple[str, ...]:
        """Record and return the sources carried by Property / PricePoint / Fact values."""
        ids: list[str] = []
        for value in values:
            if value is not None:
                ids.extend(getattr(value, "source", ()) or ())
        return self.cite(ids)

    def cited(self) -> tuple[str, ...]:
        """Every id cited so far, in first-use order."""
        return tuple(self._seen)

    def listing(self) -> list[SourceRef]:
        """The Sources section: every cited id, sorted, resolved against the knowledge base."""
        out: list[SourceRef] = []
        for source_id in sorted(self._seen):
            entry = self._kb.entries.get(source_id)
            if entry is not None and entry.kind == "source":
                out.append(SourceRef(source_id, entry.citation, entry.doi, entry.url, True))
            elif entry is not None:
                out.append(
                    SourceRef(source_id, f"knowledge-base entry: {entry.name}", None, None, True)
                )
            else:
                out.append(
                    SourceRef(source_id, "not found in the knowledge base", None, None, False)
                )
        return out
