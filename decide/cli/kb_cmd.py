"""`decide kb`: validate, inspect and export the knowledge graph."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from decide.cli.common import OutputPath, emit, knowledge_overlays, load_kb, overlay_options


@click.group()
@overlay_options
def kb() -> None:
    """Validate, inspect and export the knowledge graph."""


@kb.command()
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Judge staleness as of this date (YYYY-MM-DD); default: today.",
)
@overlay_options
def check(today: datetime.datetime | None) -> None:
    """Validate every knowledge file; list every problem with file, line and field path.

    Dated entries past their `review_by` date, drafts whose planned step has passed and
    announced starts of production that are due are listed as warnings (exit code 0).
    """
    from decide.design.defaults import check_defaults
    from decide.kb.dated import stale_entries
    from decide.kb.loader import load_knowledge
    from decide.phase.levers import LEVER_FIELDS
    from decide.phase.limits import check_limits

    base = load_knowledge(knowledge_overlays(), use_cache=False)
    check_defaults(base)  # defaults name design fields, which the design layer knows
    check_limits(
        base, LEVER_FIELDS
    )  # lever limits name levers and metrics, which the phase layer knows
    counts = base.counts()
    total = sum(counts.values())
    click.echo(f"knowledge base OK: {total} entries, {len(base.edges)} relations")
    for kind, n in counts.items():
        click.echo(f"  {kind:<18} {n}")
    day = today.date() if today is not None else datetime.date.today()
    stale = stale_entries(base, day)
    for item in stale:
        click.echo(f"warning: {item.text()}", err=True)
    if stale:
        click.echo(f"{len(stale)} warning(s): dated entries to re-check as of {day}", err=True)


@kb.command()
@click.argument("entry_id", metavar="ID")
@overlay_options
def show(entry_id: str) -> None:
    """Show one entry like a data sheet: values, ranges, sources, relations both ways."""
    from decide.kb.datasheet import render_datasheet

    click.echo(render_datasheet(load_kb(), entry_id), nl=False)


@kb.command("list")
@click.option("--kind", help="Only entries of this kind (material, standard, ...).")
@overlay_options
def list_(kind: str | None) -> None:
    """List entries: id, kind, name."""
    from decide.errors import InputError
    from decide.suggest import did_you_mean

    base = load_kb()
    kinds = set(base.counts())
    if kind and kind not in kinds:
        raise InputError(f"--kind: unknown kind {kind!r}{did_you_mean(kind, kinds)}")
    for entry in sorted(base.entries.values(), key=lambda e: (e.kind, e.id)):
        if kind is None or entry.kind == kind:
            click.echo(f"{entry.id:<28} {entry.kind:<14} {getattr(entry, 'name', '')}")


@kb.command()
@click.option("--format", "fmt", type=click.Choice(["json", "graphml"]), default="json")
@click.option("-o", "--output", type=OutputPath())
@overlay_options
def export(fmt: str, output: Path | None) -> None:
    """Export the graph as node-link JSON or GraphML."""
    from decide.kb.graph import export_graphml, export_json

    base = load_kb()
    emit(export_json(base) if fmt == "json" else export_graphml(base), output)


@kb.command()
@click.argument("a")
@click.argument("b")
@overlay_options
def path(a: str, b: str) -> None:
    """Show how two entries are connected, as a chain of relations."""
    from decide.kb.graph import relation_path

    for x, rel, direction, y in relation_path(load_kb(), a, b):
        arrow = f"-[{rel}]->" if direction == "->" else f"<-[{rel}]-"
        click.echo(f"{x} {arrow} {y}")
