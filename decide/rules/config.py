"""Per-project rule configuration from `decide.toml` or `[tool.decide]` of `pyproject.toml`.

Found as ruff finds its own: the closest file beside or above the design, walking up the parents
until a folder holding `.git` (the project's root) or the filesystem root; a `pyproject.toml`
without a `[tool.decide]` table does not count. `--config PATH` names the file instead. A key or
table we do not know is an error naming the file and the key (with a "did you mean"), never
silently ignored; codes are checked against the loaded rules (`decide.rules.selection`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decide.errors import InputError, Problem
from decide.suggest import did_you_mean
from decide.textfile import read_text
from decide.vocab.severity import SEVERITIES

CONFIG_NAME = "decide.toml"
# A configuration file is a few lines; anything larger is not one.
MAX_CONFIG_BYTES = 1024 * 1024
ROOT_MARKERS = (".git",)
# key -> what it holds (for messages); the one table of the keys a config may have
KEYS = {
    "select": "a list of rule codes or prefixes to run (default: all)",
    "ignore": "a list of rule codes or prefixes not to run",
    "severity": "a table CODE = error | warning | info",
    "suppressions": 'a table CODE = "reason": the finding is reported as suppressed',
}


@dataclass(frozen=True)
class ProjectConfig:
    """What a config file says; the empty config (no file) runs every rule as written."""

    file: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    suppressions: dict[str, str] = field(default_factory=dict)
    # dotted key -> line in the file, for messages about codes found unknown later
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def problem(self, key: str, message: str) -> Problem:
        """A problem located at a dotted key of this config (line when found)."""
        table = "tool.decide." if self.file and Path(self.file).name == "pyproject.toml" else ""
        return Problem(message, self.file, self.lines.get(key), table + key)


def _read(path: Path) -> tuple[dict[str, Any], str]:
    """The TOML data of `path` and its text; InputError for a file that is not small, UTF-8
    (read bounded, regular files only: decide.textfile) and valid TOML."""
    text = read_text(path, MAX_CONFIG_BYTES)
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise InputError(Problem(f"malformed TOML: {exc}", str(path))) from None
    except (ValueError, RecursionError) as exc:  # a 5,000-digit integer, arrays nested too deep
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:80]
        raise InputError(Problem(f"malformed TOML: {reason}", str(path))) from None


def _table(path: Path) -> tuple[dict[str, Any] | None, str]:
    """The decide table of a config file (None: a pyproject.toml without [tool.decide])."""
    data, text = _read(path)
    if path.name != "pyproject.toml":
        return data, text
    tool = data.get("tool", {})
    table = tool.get("decide") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise InputError(Problem("[tool.decide] must be a table", str(path), None, "tool.decide"))
    return table, text


def find_config(start: Path) -> Path | None:
    """The closest `decide.toml` (or pyproject.toml with [tool.decide]) at or above `start`."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        own = folder / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _table(pyproject)[0] is not None:
            return pyproject
        if any((folder / marker).exists() for marker in ROOT_MARKERS):
            return None
    return None


def discover_config(start: Path, fallback: Path | None = None) -> ProjectConfig:
    """The config for a design at `start`; when none is beside or above it, the one found from
    `fallback` (the working folder); else the empty config."""
    found = find_config(start)
    if found is None and fallback is not None:
        found = find_config(fallback)
    return read_config(found) if found is not None else ProjectConfig()


def read_config(path: Path) -> ProjectConfig:
    """Read and check one config file; every problem in it is reported at once."""
    table, text = _table(path)
    if table is None:
        raise InputError(Problem("no [tool.decide] table", str(path), None, "tool.decide"))
    where = str(path)
    lines = _key_lines(text, path.name == "pyproject.toml")
    empty = ProjectConfig(where, lines=lines)
    problems: list[Problem] = []
    for key in table:
        if key not in KEYS:
            hint = did_you_mean(key, KEYS) or f" (expected one of: {', '.join(KEYS)})"
            problems.append(empty.problem(key, f"unknown key {key!r}{hint}"))
    select = _codes(table, "select", empty, problems)
    ignore = _codes(table, "ignore", empty, problems)
    severity = _code_table(table, "severity", empty, problems)
    for code, level in severity.items():
        if level not in SEVERITIES:
            problems.append(
                empty.problem(f"severity.{code}", f"severity must be one of {list(SEVERITIES)}")
            )
    suppressions = _code_table(table, "suppressions", empty, problems)
    for code, reason in suppressions.items():
        if not isinstance(reason, str) or not reason.strip():
            problems.append(
                empty.problem(f"suppressions.{code}", "a suppression needs a reason (a string)")
            )
    if problems:
        raise InputError(problems)
    return ProjectConfig(
        where,
        None if select is None else tuple(select),
        tuple(ignore or ()),
        {c.upper(): str(v) for c, v in severity.items()},
        {c.upper(): str(v) for c, v in suppressions.items()},
        lines,
    )


def _codes(
    table: dict[str, Any], key: str, config: ProjectConfig, problems: list[Problem]
) -> list[str] | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, str):  # "CMP, ENE" as on the command line
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(config.problem(key, f"{key!r} must be {KEYS[key]}"))
        return None
    return value


def _code_table(
    table: dict[str, Any], key: str, config: ProjectConfig, problems: list[Problem]
) -> dict[str, Any]:
    value = table.get(key, {})
    if not isinstance(value, dict):
        problems.append(config.problem(key, f"{key!r} must be {KEYS[key]}"))
        return {}
    return value


def _key_lines(text: str, in_pyproject: bool) -> dict[str, int]:
    """Dotted key -> line, read from the text (tomllib keeps no positions): top-level keys,
    table headers and the keys inside our tables. Best effort: a key not found has no line."""
    prefix = "tool.decide" if in_pyproject else ""
    found: dict[str, int] = {}
    table: str | None = "" if not in_pyproject else None
    header = re.compile(r"^\s*\[([^\[\]]+)\]\s*(#.*)?$")
    assign = re.compile(r"""^\s*["']?([A-Za-z0-9_.-]+)["']?\s*=""")
    for n, line in enumerate(text.splitlines(), start=1):
        if m := header.match(line):
            name = m.group(1).strip().replace('"', "").replace("'", "")
            if name == prefix or (not prefix and "." not in name):
                table = ""
                if name != prefix:
                    table = name
                    found.setdefault(name, n)
            elif prefix and name.startswith(prefix + "."):
                table = name[len(prefix) + 1 :]
                found.setdefault(table, n)
            else:
                table = None
            continue
        if table is not None and (m := assign.match(line)):
            key = f"{table}.{m.group(1)}" if table else m.group(1)
            found.setdefault(key, n)
    return found
