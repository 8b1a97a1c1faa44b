"""The built-in rule pack: every rule's fixtures, coverage of the curated compatibility facts,
documentation, and the verdicts the example designs get."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, ROOT, run_cli

from decide.assessment import assess
from decide.design import load_design
from decide.rules.fixtures import FixtureRunner

CODES = sorted(
    rule["code"]
    for path in (ROOT / "rules").glob("*.yaml")
    for rule in yaml.safe_load(path.read_text()) or []
)

# Each row of ../shared/domain/compatibility_rules.csv and the rule(s) that enforce it.
CSV_RULES = {
    "C01": ["CMP005", "CMP013"],
    "C02": ["CMP006"],
    "C03": ["CMP001", "CMP002"],
    "C04": ["CMP003"],
    "C05": ["CMP005"],
    "C06": ["CMP009"],
    "C07": ["CMP014"],
    "C08": ["CMP007"],
    "C09": ["CMP008"],
    "C10": ["CMP005"],
    "C11": ["CMP004"],
    "C12": ["CON002"],
    "C13": ["SAF001", "MFG001"],
    "C14": ["INT004"],
    "C15": ["ENE004", "ENE005", "ENE006", "INT003"],
}


@pytest.fixture(scope="module")
def runner(kb):
    return FixtureRunner(kb)


def test_pack_is_broad(ruleset) -> None:
    assert len(ruleset.rules) >= 40
    categories = {r.record.category for r in ruleset.rules}
    wanted = {"compatibility", "conductivity", "interface", "energy", "cost", "safety"}
    assert wanted | {"standards", "ip", "manufacturing", "plausibility"} <= categories
    assert sorted(ruleset.codes()) == CODES


@pytest.mark.parametrize("code", CODES)
def test_rule_fixtures(code, ruleset, runner) -> None:
    results = runner.run_rule(ruleset.get(code))
    assert results, f"{code} has no fixtures"
    assert {r.side for r in results} == {"fires", "passes"}
    failed = [f"{r.side}[{r.number}]: {r.detail}" for r in results if not r.ok]
    assert not failed, failed


def test_every_curated_compatibility_fact_is_enforced(kb, ruleset) -> None:
    encoded = {c.csv_rule for c in kb.of_kind("compatibility") if c.csv_rule}
    assert encoded == set(CSV_RULES)
    for csv_id, codes in CSV_RULES.items():
        for code in codes:
            assert ruleset.get(code) is not None, (csv_id, code)


def _codes_of(kb, ruleset, path: Path, **edits) -> set[str]:
    from decide.design import design_from_data
    from decide.design.edits import design_data, with_edits

    design = load_design(path, kb)
    if edits:
        design = design_from_data(with_edits(design_data(design), edits), None, kb)
    return {f.code for f in assess(design, kb, ruleset, levers=False).findings}


def test_compatible_pairs_raise_no_compatibility_error(kb, ruleset) -> None:
    """C07 (halide + NMC811 uncoated) and C14 (silicon + sulfide) are 'ok' facts."""
    base = ROOT / "rules" / "fixtures" / "oxide-llzo-li.yaml"
    halide = _codes_of(
        kb, ruleset, base, **{"cathode.catholyte": "li3ycl6", "cathode.density_g_cm3": 3.0}
    )
    assert not {"CMP001", "CMP004", "CMP010"} & halide
    silicon = _codes_of(kb, ruleset, ROOT / "rules" / "fixtures" / "sulfide-nmc811-sic.yaml")
    assert not {c for c in silicon if c.startswith("CMP")}


def test_rules_list_names_every_code(capsys) -> None:
    code, out, _ = run_cli(["rules", "list"], capsys)
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines()]
    assert listed == CODES


@pytest.mark.parametrize("code", CODES)
def test_every_rule_documents_itself(code, ruleset, kb) -> None:
    """Every rule, not a sample: fixed headings, its own rationale and resolvable references."""
    from decide.rules.docs import render_rule_doc

    out = render_rule_doc(kb, ruleset, code)
    for heading in (
        "What it does",
        "Why it matters",
        "What to do",
        "Example that fires",
        "Example that passes",
        "References",
    ):
        assert heading in out, (code, heading)
    record = ruleset.get(code).record
    assert record.rationale in out.replace("\n  ", " ") or record.rationale[:40] in out
    for source in record.sources:
        assert f"[{source}]" in out, (code, source)


def test_rules_show_prints_the_doc(capsys) -> None:
    exit_code, out, _ = run_cli(["rules", "show", CODES[0]], capsys)
    assert exit_code == 0 and "What it does" in out


def test_rules_show_every_code_documents_sources(ruleset, kb) -> None:
    from decide.rules.docs import render_rule_doc

    for code in CODES:
        text = render_rule_doc(kb, ruleset, code)
        for source in ruleset.get(code).record.sources:
            assert f"[{source}]" in text


def test_rules_show_unknown_code_suggests(capsys) -> None:
    code, _, err = run_cli(["rules", "show", "CMP01"], capsys)
    assert code == 2
    assert "unknown rule code" in err and "did you mean" in err


def test_rules_test_command_runs_every_fixture(capsys) -> None:
    code, out, _ = run_cli(["rules", "test"], capsys)
    assert code == 0
    assert out.strip().endswith(" failed")
    assert ", 0 failed" in out


# What a battery engineer expects of each example design: codes that must and must not appear.
VERDICTS = {
    # reviewed again after the 2026-11 verdict fixes (issue 12); "must" and "not" name the
    # findings an engineer expects and the ones that would be wrong
    "liquid-nmc811-graphite": {
        "architecture": 1,
        "met": 1,
        "must": [],
        "not": ["CMP001", "SAF001", "CMP017", "STD001"],
    },
    "lacey-21700-nmc622-graphite": {"architecture": 1, "met": 1, "must": [], "not": ["SAF001"]},
    "sulfide-nmc811-graphite": {
        "architecture": 1,
        "met": 1,
        "must": ["SAF001", "MFG001", "CON001"],
        "not": ["CMP001", "CMP016", "CMP017", "CMP018"],
    },
    "sulfide-nmc811-li20": {
        "architecture": 3,
        "met": 1,
        "must": ["CMP006", "SAF001", "SAF002", "STD005", "CST001"],
        "not": ["CMP001", "CMP005", "CMP018", "ENE004", "ENE011"],
    },
    "lee2020-agc-anode-free": {
        "architecture": 3,
        "met": 2,
        "must": ["ENE006", "SAF001", "SAF002"],
        "not": ["CMP012", "CMP018", "INT008"],
    },
    "wang2022-halide-li40": {
        "architecture": 3,
        "must": ["CMP005", "CMP018", "ENE004"],
        "not": ["SAF001", "CMP014"],
    },
    "polymer-lfp-li": {
        "architecture": 3,
        "must": ["CON001", "ENE004"],
        "not": ["CON003", "CON007", "CMP004", "CMP019", "SAF001"],
    },
    "tan2021-micro-si": {
        "architecture": 2,
        "must": ["SAF001"],
        "not": ["CMP005", "CMP013", "CMP016", "INT007"],
    },
    "quantumscape-oxide-anode-free": {
        "architecture": 3,
        "must": ["CMP012", "MFG002", "PLA006", "STD002"],
        "not": ["SAF001", "SAF003", "STD001"],
    },
    "semi-solid-nmc811-sic": {"must": ["STD002", "ENE008"], "not": ["STD001", "CMP017"]},
}


@pytest.mark.parametrize("name", sorted(VERDICTS))
def test_example_verdicts(name, kb, ruleset) -> None:
    expected = VERDICTS[name]
    design = load_design(EXAMPLES / f"{name}.yaml", kb)
    result = assess(design, kb, ruleset, levers=False)
    codes = {f.code for f in result.findings}
    assert set(expected["must"]) <= codes, codes
    assert not set(expected["not"]) & codes, codes
    if "architecture" in expected:
        assert result.phase.architecture == expected["architecture"]
    if "met" in expected:
        assert result.phase.targets_met == expected["met"]


def test_examples_cover_every_example_file() -> None:
    assert {p.stem for p in EXAMPLES.glob("*.yaml")} == set(VERDICTS)


def test_every_metric_the_rules_may_read_is_produced_by_the_cell_model(kb) -> None:
    """A rule on a metric the model never computes would silently never fire."""
    from decide.cell import compute
    from decide.rules.fields import METRIC_KEYS

    produced: set[str] = set()
    for path in sorted(EXAMPLES.glob("*.yaml")):
        produced |= set(compute(load_design(path, kb), kb).values)
    assert set(METRIC_KEYS) <= produced, set(METRIC_KEYS) - produced
