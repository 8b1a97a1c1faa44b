"""Per-project rule configuration: severity overrides from `decide.toml` or `[tool.decide]`."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from decide.errors import InputError, Problem, RuleError
from decide.textfile import read_text
from decide.vocab.severity import SEVERITIES

# A configuration file is a few lines; anything larger is not one.
MAX_CONFIG_BYTES = 1024 * 1024


def _read(path: Path) -> dict[str, Any]:
    """The TOML table of `path`; RuleError for a file that is not small, UTF-8, valid TOML."""
    try:
        return tomllib.loads(read_text(path, MAX_CONFIG_BYTES))
    except InputError as exc:
        raise RuleError(exc.problems) from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(Problem(f"malformed TOML: {exc}", str(path))) from None
    except (ValueError, RecursionError) as exc:  # a 5,000-digit integer, arrays nested too deep
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:80]
        raise RuleError(Problem(f"malformed TOML: {reason}", str(path))) from None


def project_config(cwd: Path | None = None) -> tuple[dict[str, Any], str | None]:
    """The `decide.toml` table, else pyproject's `[tool.decide]`, from the working folder."""
    here = cwd or Path.cwd()
    own = here / "decide.toml"
    if own.is_file():
        return _read(own), str(own)
    pyproject = here / "pyproject.toml"
    if pyproject.is_file():
        tool = _read(pyproject).get("tool")
        table = tool.get("decide") if isinstance(tool, dict) else None
        if isinstance(table, dict):
            return table, str(pyproject)
        if table is not None:
            raise RuleError(
                Problem("expected a table [tool.decide]", str(pyproject), None, "tool.decide")
            )
    return {}, None


def severity_overrides(cwd: Path | None = None) -> tuple[dict[str, str], str | None]:
    """{CODE: level} from the config's `severity` table."""
    config, where = project_config(cwd)
    table = config.get("severity", {})
    if not isinstance(table, dict):
        raise RuleError(
            Problem("'severity' must be a table of CODE = level", where, None, "severity")
        )
    out = {}
    for code, level in table.items():
        if level not in SEVERITIES:
            raise RuleError(
                Problem(
                    f"severity must be one of {list(SEVERITIES)}", where, None, f"severity.{code}"
                )
            )
        out[str(code).upper()] = level
    return out, where
