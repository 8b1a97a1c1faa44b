"""Small value types the view models hand to templates."""

from __future__ import annotations

from dataclasses import dataclass

from decide.report.charts import Chart


@dataclass(frozen=True)
class Cited:
    """A statement or value as text, with the source ids that support it."""

    text: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    """A chart with its title, caption and the sources of the data it plots."""

    title: str
    caption: str
    chart: Chart
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Provenance:
    """What produced a report: tool version and content hashes of its inputs."""

    version: str
    knowledge_digest: str
    rules_digest: str | None = None
    input_digest: str | None = None
    input_name: str | None = None
