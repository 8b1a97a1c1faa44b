"""Where the built-in knowledge base, rules and report templates live.

An installed wheel carries them under `decide/_data/`; a source checkout has them at the top level.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name


def knowledge_dir() -> Path:
    """The built-in knowledge base folder."""
    return _data_dir("knowledge")


def rules_dir() -> Path:
    """The built-in rule packs folder."""
    return _data_dir("rules")


def reports_dir() -> Path:
    """The built-in report templates and assets folder."""
    return _data_dir("reports")


def examples_dir() -> Path:
    """The example designs and design spaces (the briefing scores the designs)."""
    return _data_dir("examples")
