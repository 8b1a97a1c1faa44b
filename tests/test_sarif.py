"""SARIF output validates against the official SARIF 2.1.0 schema (tests/data, from the OASIS
sarif-spec repository), carries line and column, rule help and marked suppressions."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from conftest import EXAMPLES, ROOT, run_cli

HALIDE = EXAMPLES / "wang2022-halide-li40.yaml"
SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())


def validate(doc: dict) -> None:
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls.check_schema(SCHEMA)
    cls(SCHEMA).validate(doc)


def sarif(args: list[str], capsys) -> tuple[int, dict]:
    code, out, _ = run_cli(["check", *args, "--format", "sarif"], capsys)
    return code, json.loads(out)


def suppressed_design(tmp_path: Path) -> Path:
    """The halide design with CMP005 suppressed inline and SAF004 by the project's config."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "decide.toml").write_text('[suppressions]\nSAF004 = "dry room in place"\n')
    design = tmp_path / "halide.yaml"
    design.write_text(
        HALIDE.read_text() + "suppressions:\n  - code: CMP005\n    reason: Li-In interlayer\n"
    )
    return design


def test_sarif_validates_against_the_2_1_0_schema(tmp_path, capsys) -> None:
    design = suppressed_design(tmp_path)
    code, doc = sarif(
        [str(HALIDE), str(EXAMPLES / "liquid-nmc811-graphite.yaml"), str(design)], capsys
    )
    assert code == 1
    validate(doc)


def test_the_validation_can_fail() -> None:
    # the schema is strict enough to catch a malformed result (a region line of 0)
    bad = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "decide"}},
                "results": [
                    {
                        "message": {"text": "x"},
                        "locations": [{"physicalLocation": {"region": {"startLine": 0}}}],
                    }
                ],
            }
        ],
    }
    try:
        validate(bad)
    except jsonschema.ValidationError:
        return
    raise AssertionError("an invalid SARIF document validated")


def test_results_carry_line_and_column(capsys) -> None:
    _, doc = sarif([str(HALIDE)], capsys)
    run = doc["runs"][0]
    result = next(r for r in run["results"] if r["ruleId"] == "CMP005")
    line = next(
        n for n, t in enumerate(HALIDE.read_text().splitlines(), 1) if t == "  material: li3incl6"
    )
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": line, "startColumn": 3}
    assert (
        result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "separator.material"
    )
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "CMP005"


def test_every_rule_carries_its_documentation(capsys) -> None:
    _, doc = sarif([str(HALIDE)], capsys)
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    _, shown, _ = run_cli(["rules", "show", "CMP005"], capsys)
    cmp005 = next(r for r in rules if r["id"] == "CMP005")
    assert cmp005["help"]["text"] == shown
    assert all(r["help"]["text"].startswith(r["id"]) for r in rules)


def test_suppressed_findings_are_included_and_marked(tmp_path, capsys) -> None:
    design = suppressed_design(tmp_path)
    code, doc = sarif([str(design)], capsys)
    assert code == 0  # the only error is suppressed
    by_rule = {r["ruleId"]: r for r in doc["runs"][0]["results"]}
    assert by_rule["CMP005"]["suppressions"] == [
        {"kind": "inSource", "justification": "Li-In interlayer"}
    ]
    assert by_rule["SAF004"]["suppressions"] == [
        {"kind": "external", "justification": "dry room in place"}
    ]
    assert "suppressions" not in by_rule["STD003"]


def test_artifact_uris_are_uri_references(tmp_path, capsys, monkeypatch) -> None:
    folder = tmp_path / "my designs"
    folder.mkdir()
    (folder / "halide.yaml").write_text(HALIDE.read_text())
    monkeypatch.chdir(tmp_path)
    _, doc = sarif(["my designs/halide.yaml"], capsys)
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == "my%20designs/halide.yaml"
    _, doc = sarif([str(folder / "halide.yaml")], capsys)
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == (folder / "halide.yaml").as_uri()
