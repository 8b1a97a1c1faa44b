"""`decide check`: linter-style text, CONTRACT JSON, exit codes, selection, config, suppressions."""

from __future__ import annotations

import json

from conftest import EXAMPLES, run_cli

HALIDE = EXAMPLES / "wang2022-halide-li40.yaml"  # has an error (CMP005)
LIQUID = EXAMPLES / "liquid-nmc811-graphite.yaml"  # no error


def test_text_lines_look_like_a_linter(capsys) -> None:
    code, out, _ = run_cli(["check", str(HALIDE)], capsys)
    assert code == 1
    # file:line:col: CODE severity message, at the separator the finding is about
    line = next(
        n
        for n, t in enumerate(HALIDE.read_text().splitlines(), 1)
        if "li3incl6" in t and "material:" in t
    )
    assert f"{HALIDE}:{line}:3: CMP005 error " in out
    assert "design(s) checked: 1 error(s)" in out.splitlines()[-1]


def test_clean_design_exits_zero(capsys) -> None:
    code, out, _ = run_cli(["check", str(LIQUID)], capsys)
    assert code == 0
    assert "0 error(s)" in out


def test_json_follows_the_contract(capsys) -> None:
    code, out, _ = run_cli(["check", str(HALIDE), "--format", "json"], capsys)
    assert code == 1
    doc = json.loads(out)
    assert doc["design"] == "wang2022-halide-li40"
    assert set(doc["summary"]) >= {"error", "warning", "info"}
    assert doc["summary"]["error"] == sum(f["severity"] == "error" for f in doc["findings"])
    keys = {
        "code",
        "title",
        "category",
        "severity",
        "message",
        "subjects",
        "evidence",
        "remediation",
        "sources",
    }
    for finding in doc["findings"]:
        assert keys <= set(finding)
        assert finding["sources"], finding["code"]
    cmp005 = next(f for f in doc["findings"] if f["code"] == "CMP005")
    assert {"li3incl6", "lithium-metal"} <= set(cmp005["subjects"])
    assert "c05-halide-li-metal" in json.dumps(cmp005["explanation"])
    phase = doc["phase"]
    assert phase["architecture"] == 3
    assert phase["targets_met"] in (0, 1, 2, 3)
    assert {"phase", "metric", "target", "actual"} <= set(phase["gaps"][0])


def test_select_and_ignore(capsys) -> None:
    code, out, _ = run_cli(["check", str(HALIDE), "--select", "ENE"], capsys)
    assert code == 0
    assert "CMP005" not in out and "ENE004" in out
    code, out, _ = run_cli(["check", str(HALIDE), "--ignore", "CMP005,STD"], capsys)
    assert code == 0
    assert "CMP005" not in out and "STD003" not in out


def test_severity_override_from_decide_toml(tmp_path, capsys, monkeypatch) -> None:
    (tmp_path / "decide.toml").write_text('[severity]\nCMP005 = "warning"\n')
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(["check", str(HALIDE)], capsys)
    assert code == 0
    assert "CMP005 warning" in out


def test_severity_override_from_pyproject(tmp_path, capsys, monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.decide.severity]\nCMP005 = "info"\n')
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(["check", str(HALIDE)], capsys)
    assert "CMP005 info" in out
    assert code == 0


def test_bad_severity_override_is_a_user_error(tmp_path, capsys, monkeypatch) -> None:
    (tmp_path / "decide.toml").write_text('[severity]\nCMP00 = "warning"\n')
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["check", str(HALIDE)], capsys)
    assert code == 2
    assert "decide.toml" in err and "did you mean" in err


def test_suppression_needs_and_shows_a_reason(tmp_path, capsys) -> None:
    text = HALIDE.read_text() + (
        "suppressions:\n  - code: CMP005\n    reason: Li-In foil interlayer added in rev B\n"
    )
    design = tmp_path / "halide.yaml"
    design.write_text(text)
    code, out, _ = run_cli(["check", str(design)], capsys)
    assert code == 0
    assert "CMP005 suppressed (Li-In foil interlayer added in rev B)" in out
    design.write_text(HALIDE.read_text() + "suppressions:\n  - code: CMP005\n    reason: ''\n")
    code, _, err = run_cli(["check", str(design)], capsys)
    assert code == 2 and "suppressions" in err


def test_several_designs_give_a_json_list(capsys) -> None:
    code, out, _ = run_cli(["check", str(HALIDE), str(LIQUID), "--format", "json"], capsys)
    docs = json.loads(out)
    assert [d["design"] for d in docs] == ["wang2022-halide-li40", "liquid-nmc811-graphite"]
    assert code == 1


def test_sarif(capsys) -> None:
    code, out, _ = run_cli(["check", str(HALIDE), "--format", "sarif"], capsys)
    assert code == 1
    doc = json.loads(out)
    assert doc["version"] == "2.1.0"
    results = doc["runs"][0]["results"]
    assert any(r["ruleId"] == "CMP005" and r["level"] == "error" for r in results)


def test_missing_design_is_exit_2(tmp_path, capsys) -> None:
    code, _, err = run_cli(["check", str(tmp_path / "nope.yaml")], capsys)
    assert code == 2 and "file not found" in err and "Traceback" not in err


def test_no_colour_when_not_a_terminal(capsys) -> None:
    _, out, _ = run_cli(["check", str(HALIDE)], capsys)
    assert "\x1b[" not in out
