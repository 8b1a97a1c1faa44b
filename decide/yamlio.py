"""Safe YAML loading that remembers the line of every value.

Only plain data is built (mappings, sequences, strings, numbers, booleans, null): any other tag is
refused, so no file can construct a Python object. Aliases are allowed but the expanded document is
capped in size, which refuses 'billion laughs' documents quickly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from decide.errors import InputError, Problem

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_NODES = 200_000
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
}
PathKey = tuple[str | int, ...]


@dataclass
class LineMap:
    """Line numbers (1-based) of every value in a loaded document, keyed by its path."""

    file: str
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line(self, path: PathKey) -> int | None:
        """Return the line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())

    def problem(self, path: PathKey, message: str) -> Problem:
        """A problem located at `path` in this file."""
        return Problem(message, self.file, self.line(path), format_path(path) or None)


def format_path(path: PathKey) -> str:
    """Render ('cathode', 'layers', 0, 'x') as 'cathode.layers[0].x'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.map = LineMap(file)
        self.count = 0
        self.scalars = yaml.constructor.SafeConstructor()

    def fail(self, node: yaml.Node, message: str) -> InputError:
        return InputError(Problem(message, self.file, node.start_mark.line + 1))

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, f"document expands to more than {MAX_NODES} values (alias bomb?)")
        if node.tag not in _PLAIN_TAGS:
            raise self.fail(node, f"YAML tag {node.tag!r} is not allowed: use plain data only")
        self.map.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail(key_node, "mapping keys must be plain scalars")
                key = self.scalars.construct_object(key_node)
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self.fail(key_node, "merge keys ('<<') are not supported")
                key = str(key)
                if key in result:
                    raise self.fail(key_node, f"duplicate key {key!r}")
                self.map.lines[(*path, key)] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        value = self.scalars.construct_object(node)
        if node.tag == "tag:yaml.org,2002:timestamp":
            return str(node.value)
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(self.map.problem(path, f"{node.value!r} is not a finite number"))
        return value


def load_text(text: str, file: str) -> tuple[Any, LineMap]:
    """Parse YAML text into plain data and a LineMap; raise InputError on any problem."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise InputError(Problem(f"malformed YAML: {exc.problem or exc}", file, line)) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(f"malformed YAML: {exc}", file)) from None
    builder = _Builder(file)
    if root is None:
        return None, builder.map
    try:
        return builder.build(root, ()), builder.map
    except RecursionError:
        raise InputError(Problem("YAML nesting is too deep", file)) from None


def load_file(path: str | Path) -> tuple[Any, LineMap]:
    """Read and parse a YAML file; a missing or unreadable file is an InputError."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(Problem("file not found", str(p))) from None
    except IsADirectoryError:
        raise InputError(Problem("is a folder, expected a YAML file", str(p))) from None
    except UnicodeDecodeError:
        raise InputError(Problem("is not UTF-8 text", str(p))) from None
    except OSError as exc:
        raise InputError(Problem(f"cannot be read ({exc.strerror})", str(p))) from None
    return load_text(text, str(p))
