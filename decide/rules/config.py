"""Per-project rule configuration: severity overrides from `decide.toml` or `[tool.decide]`."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from decide.errors import Problem, RuleError
from decide.vocab.severity import SEVERITIES


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(Problem(f"malformed TOML: {exc}", str(path))) from None


def project_config(cwd: Path | None = None) -> tuple[dict[str, Any], str | None]:
    """The `decide.toml` table, else pyproject's `[tool.decide]`, from the working folder."""
    here = cwd or Path.cwd()
    own = here / "decide.toml"
    if own.is_file():
        return _read(own), str(own)
    pyproject = here / "pyproject.toml"
    if pyproject.is_file():
        table = _read(pyproject).get("tool", {}).get("decide")
        if isinstance(table, dict):
            return table, str(pyproject)
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
