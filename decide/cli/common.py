"""Options shared by every command and the helpers commands use to reach the library."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from decide.atomic import check_output, write_atomic


class OutputPath(click.Path):
    """An output file (`-o`), checked when the command line is read, before any work: a missing
    or read-only folder is reported at once, not after a screening of a million candidates."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        path = super().convert(value, param, ctx)
        check_output(Path(os.fsdecode(path)))
        return path


def _remember(kind: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        root = ctx.find_root()
        root.meta.setdefault(kind, [])
        for item in value or ():
            if item not in root.meta[kind]:
                root.meta[kind].append(item)
        return value

    return callback


def overlay_options(func: Callable) -> Callable:
    """Add --knowledge DIR and --rules DIR (repeatable) to a command or group."""
    dir_type = click.Path(exists=True, file_okay=False, path_type=Path)
    func = click.option(
        "--rules",
        "rules_dirs",
        multiple=True,
        type=dir_type,
        expose_value=False,
        callback=_remember("decide.rules"),
        help="Folder of extra rule files (repeatable); a rule with the same code replaces ours.",
    )(func)
    return click.option(
        "--knowledge",
        "knowledge_dirs",
        multiple=True,
        type=dir_type,
        expose_value=False,
        callback=_remember("decide.knowledge"),
        help="Folder of extra knowledge (repeatable); an entry with the same id replaces ours.",
    )(func)


def knowledge_overlays() -> list[Path]:
    """The --knowledge folders given anywhere on the command line."""
    return list(click.get_current_context().find_root().meta.get("decide.knowledge", []))


def rule_overlays() -> list[Path]:
    """The --rules folders given anywhere on the command line."""
    return list(click.get_current_context().find_root().meta.get("decide.rules", []))


def load_kb() -> Any:
    """Load the knowledge base with the command line's overlays."""
    from decide.kb.loader import load_knowledge

    return load_knowledge(knowledge_overlays())


def emit(text: str, output: Path | None) -> None:
    """Print `text`, or write it atomically to `output`."""
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
