"""Safe YAML loading that remembers the line of every value.

Only plain data is built (mappings, sequences, strings, numbers, booleans, null): any other tag is
refused, so no file can construct a Python object. Aliases are allowed but the expanded document is
capped in size, which refuses 'billion laughs' documents quickly. Every other way a document can
fail (an explicit `!!int abc`, a merge key, a 5,000-digit integer, nesting too deep, a 1 MB
string) is an InputError with the file and line, never an exception of the parser.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from decide.errors import InputError, Problem, printable
from decide.textfile import decode, read_text

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_NODES = 200_000
# The longest text in the built-in data is ~650 characters; anything past this is not a value.
MAX_SCALAR_CHARS = 10_000
# Python refuses to convert integers of more than 4,300 digits; no quantity needs more than 30.
MAX_NUMBER_CHARS = 100
# Control characters (other than tab and line breaks) and bidirectional overrides have no place in
# data, and from a key or value they would reach the terminal in a message (`"\e[2J"`).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MERGE = "tag:yaml.org,2002:merge"
_NUMERIC_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
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

    def fail(self, node: yaml.Node, message: str, path: PathKey = ()) -> InputError:
        where = format_path(path) or None
        return InputError(Problem(message, self.file, node.start_mark.line + 1, where))

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, f"document expands to more than {MAX_NODES} values (alias bomb?)")
        self.map.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            self.allowed(node, path)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self.key(key_node, path)
                if key in result:
                    raise self.fail(key_node, f"duplicate key {key!r}", path)
                self.map.lines[(*path, key)] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            self.allowed(node, path)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        value = self.scalar(node, path)
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(self.map.problem(path, f"{node.value!r} is not a finite number"))
        return value

    def allowed(self, node: yaml.Node, path: PathKey) -> None:
        """Refuse every tag but plain data's (`!!python/...`, `!!binary`, `!!set`, local tags)."""
        if node.tag == _MERGE:
            raise self.fail(node, "merge keys ('<<') are not supported: write the keys out", path)
        if node.tag not in _PLAIN_TAGS:
            raise self.fail(
                node, f"YAML tag {node.tag!r} is not allowed: use plain data only", path
            )

    def key(self, node: yaml.Node, path: PathKey) -> str:
        """A mapping key as text (a plain scalar: `1` and `true` become '1' and 'True'); a merge
        key `<<` is refused by its tag in `scalar`."""
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, "mapping keys must be plain scalars", path)
        return str(self.scalar(node, path))

    def scalar(self, node: yaml.Node, path: PathKey) -> Any:
        """Construct one scalar; a value that does not fit its tag is this file's error."""
        self.allowed(node, path)
        text = node.value
        if len(text) > MAX_SCALAR_CHARS:
            raise self.fail(
                node,
                f"text of {len(text)} characters is too long (at most {MAX_SCALAR_CHARS})",
                path,
            )
        if bad := _CONTROL.search(text):
            raise self.fail(
                node, f"text contains the control character {printable(bad.group())}", path
            )
        if node.tag == "tag:yaml.org,2002:timestamp":
            return str(text)
        if node.tag in _NUMERIC_TAGS and len(text) > MAX_NUMBER_CHARS:
            message = f"a number of {len(text)} characters is too long (at most {MAX_NUMBER_CHARS})"
            raise self.fail(node, message, path)
        try:
            return self.scalars.construct_object(node)
        except Exception:  # `!!int abc`, `!!bool maybe`, `!!float 1.2.3`
            kind = node.tag.rsplit(":", 1)[-1]
            shown = text if len(text) <= 40 else text[:40] + "..."
            raise self.fail(node, f"{shown!r} is not a valid {kind}", path) from None


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
    except RecursionError:
        raise InputError(Problem("YAML nesting is too deep", file)) from None
    builder = _Builder(file)
    if root is None:
        return None, builder.map
    try:
        return builder.build(root, ()), builder.map
    except RecursionError:
        raise InputError(Problem("YAML nesting is too deep", file)) from None


def load_bytes(data: bytes, path: str | Path) -> tuple[Any, LineMap]:
    """Parse the bytes of a file already read (`decide.textfile.read_bytes`)."""
    return load_text(decode(data, path), str(path))


def load_file(path: str | Path) -> tuple[Any, LineMap]:
    """Read and parse a YAML file; a missing, unreadable, special or oversized file is an
    InputError (`decide.textfile`)."""
    return load_text(read_text(path), str(path))
