"""Line and column of every key in a design file, for linter-style locations (`file:line:col`).

The safe loader (decide.yamlio) keeps the line of each value; `check` also shows columns, read
here from the same text with PyYAML's composer, which builds nodes only (no object is
constructed). A design reaches this point only after the loader accepted it, so the text is plain
YAML; aliases are walked once each, so no document can make this walk large.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from decide.yamlio import PathKey

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

Position = tuple[int, int]  # 1-based line and column
_MAX_NODES = 200_000


def positions(text: str) -> dict[PathKey, Position]:
    """Path -> (line, column) of each mapping key and sequence item; {} when not YAML."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return {}
    found: dict[PathKey, Position] = {}
    if root is None:
        return found
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, PathKey]] = [(root, ())]
    while stack and len(seen) < _MAX_NODES:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                here = (*path, str(key.value))
                found.setdefault(here, (key.start_mark.line + 1, key.start_mark.column + 1))
                stack.append((value, here))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                here = (*path, i)
                found.setdefault(here, (item.start_mark.line + 1, item.start_mark.column + 1))
                stack.append((item, here))
    return found


def file_positions(path: str | Path | None) -> dict[PathKey, Position]:
    """Positions of a design file's keys; {} when the file cannot be read again."""
    if path is None:
        return {}
    try:
        return positions(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return {}
