"""The designs a command was given: files, folders (searched for *.yaml / *.yml) and standard
input (`-`), loaded together so every problem of every file is reported in one run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from decide.design.loader import design_from_data, read_yaml
from decide.design.model import Design
from decide.design.positions import Position, file_positions, positions
from decide.errors import DecideError, DesignError, InputError, Problem
from decide.yamlio import PathKey, load_text

STDIN = "-"
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Source:
    """One design input: a file, or text read from standard input."""

    name: str  # as shown in messages: the path, or the name given to standard input
    path: Path | None  # None: `text` came from standard input
    text: str | None = None
    from_folder: bool = False  # found by searching a folder the user named

    def positions(self) -> dict[PathKey, Position]:
        """Line and column of each key (decide.design.positions)."""
        return positions(self.text) if self.text is not None else file_positions(self.path)


def design_files(folder: Path) -> list[Path]:
    """YAML files under `folder`, sorted, skipping hidden folders and files."""
    found = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if path.suffix in SUFFIXES and path.is_file() and not any(p.startswith(".") for p in parts):
            found.append(path)
    return found


def expand(
    args: Sequence[str], read_stdin: Callable[[], str], stdin_name: str = STDIN
) -> list[Source]:
    """Sources for the command-line arguments: `-` is standard input, a folder its YAML files."""
    sources: list[Source] = []
    for arg in args:
        if arg == STDIN:
            sources.append(Source(stdin_name, None, read_stdin()))
            continue
        path = Path(arg)
        if path.is_dir():
            found = design_files(path)
            if not found:
                raise InputError(Problem("no *.yaml or *.yml file in this folder", str(path)))
            sources += [Source(str(p), p, from_folder=True) for p in found]
        else:
            sources.append(Source(str(path), path))
    return sources


def is_design_space(data: Any) -> bool:
    """A design-space file (decide screen's input) rather than a design."""
    return isinstance(data, dict) and "vary" in data and "base" in data


def load_sources(sources: Sequence[Source], kb: Any) -> tuple[list[tuple[Source, Design]], list]:
    """(source, design) for each design, and the design-space files skipped in folders.

    Raises one DesignError listing the problems of every file, not only the first file's.
    """
    loaded: list[tuple[Source, Design]] = []
    skipped: list[Source] = []
    problems: list[Problem] = []
    for source in sources:
        try:
            if source.text is not None:
                try:
                    data, lines = load_text(source.text, source.name)
                except InputError as exc:
                    raise DesignError(exc.problems) from None
            else:
                assert source.path is not None
                data, lines = read_yaml(source.path)
            if source.from_folder and is_design_space(data):
                skipped.append(source)
                continue
            loaded.append((source, design_from_data(data, lines, kb, source.name)))
        except DecideError as exc:
            problems += exc.problems
    if problems:
        raise DesignError(problems)
    return loaded, skipped
