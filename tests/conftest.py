"""Shared fixtures: the real built-in knowledge base and rule pack, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from decide.kb.loader import load_knowledge
from decide.rules.loader import load_rules

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "designs"
FIXTURES = ROOT / "rules" / "fixtures"


@pytest.fixture(scope="session")
def kb():
    return load_knowledge(use_cache=False)


@pytest.fixture(scope="session")
def ruleset(kb):
    return load_rules(kb)


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    """Run `decide argv`, returning (exit code, stdout, stderr)."""
    from decide.cli import main

    with pytest.raises(SystemExit) as info:
        main(argv)
    out = capsys.readouterr()
    return info.value.code, out.out, out.err
