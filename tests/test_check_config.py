"""The project config (`decide.toml`, `[tool.decide]`): found beside or above the design, or
named with --config; select, ignore, severity and suppressions; every unknown key or code an
error naming the file, the line and the key. Real files in temporary projects, the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES, run_cli

HALIDE = EXAMPLES / "wang2022-halide-li40.yaml"  # CMP005 (error), SAF004, STD003, ...


def project(root: Path, config: str | None, name: str = "decide.toml") -> Path:
    """A project folder (a .git marks its root) holding the halide design in designs/."""
    (root / ".git").mkdir(parents=True, exist_ok=True)
    (root / "designs").mkdir(exist_ok=True)
    design = root / "designs" / "halide.yaml"
    design.write_text(HALIDE.read_text())
    if config is not None:
        (root / name).write_text(config)
    return design


def codes(out: str) -> set[str]:
    doc = json.loads(out)
    return {f["code"] for f in doc["findings"]}


def test_config_above_the_design_is_found_from_anywhere(tmp_path, capsys, monkeypatch) -> None:
    design = project(tmp_path / "proj", 'select = ["SAF", "STD"]\nignore = ["STD003"]\n')
    monkeypatch.chdir(tmp_path)  # not the project: the config is found from the design
    code, out, _ = run_cli(["check", str(design), "--format", "json"], capsys)
    assert code == 0  # CMP005, the error, is not selected
    found = codes(out)
    assert found and all(c.startswith(("SAF", "STD")) for c in found)
    assert "STD003" not in found


def test_command_line_select_replaces_and_ignore_adds(tmp_path, capsys) -> None:
    design = project(tmp_path, 'select = ["SAF"]\nignore = ["STD005"]\n')
    _, out, _ = run_cli(["check", str(design), "--format", "json", "--select", "STD"], capsys)
    found = codes(out)
    assert found and all(c.startswith("STD") for c in found) and "STD005" not in found
    _, out, _ = run_cli(["check", str(design), "--format", "json", "--ignore", "SAF004"], capsys)
    found = codes(out)
    assert "SAF004" not in found and all(c.startswith("SAF") for c in found)


def test_pyproject_tool_decide_table(tmp_path, capsys) -> None:
    design = project(
        tmp_path,
        '[project]\nname = "cells"\n\n[tool.decide.severity]\nCMP005 = "info"\n',
        "pyproject.toml",
    )
    code, out, _ = run_cli(["check", str(design), "-q"], capsys)
    assert code == 0 and "CMP005 info" in out


def test_pyproject_without_the_table_does_not_stop_the_search(tmp_path, capsys) -> None:
    design = project(tmp_path, '[severity]\nCMP005 = "warning"\n')
    (design.parent / "pyproject.toml").write_text('[project]\nname = "x"\n')
    code, out, _ = run_cli(["check", str(design), "-q"], capsys)
    assert code == 0 and "CMP005 warning" in out


def test_the_search_stops_at_the_project_root(tmp_path, capsys, monkeypatch) -> None:
    (tmp_path / "decide.toml").write_text('select = ["SAF"]\n')  # outside the project
    design = project(tmp_path / "proj", None)
    monkeypatch.chdir(tmp_path / "proj")
    code, out, _ = run_cli(["check", str(design), "-q"], capsys)
    assert code == 1 and "CMP005 error" in out


def test_config_option_names_the_file(tmp_path, capsys) -> None:
    design = project(tmp_path / "proj", 'select = ["SAF"]\n')
    other = tmp_path / "strict.toml"
    other.write_text('[severity]\nSAF004 = "error"\n')
    code, out, _ = run_cli(["check", str(design), "--config", str(other), "-q"], capsys)
    assert code == 1 and "SAF004 error" in out and "CMP005 error" in out
    code, _, err = run_cli(["check", str(design), "--config", str(tmp_path / "no.toml")], capsys)
    assert code == 2 and "no.toml" in err and "not found" in err


def test_each_design_is_checked_under_its_own_project(tmp_path, capsys) -> None:
    one = project(tmp_path / "one", '[severity]\nCMP005 = "info"\n')
    two = project(tmp_path / "two", None)
    code, out, _ = run_cli(["check", str(one), str(two), "--format", "json"], capsys)
    assert code == 1
    first, second = json.loads(out)
    level = {
        d["file"]: next(f for f in d["findings"] if f["code"] == "CMP005")["severity"]
        for d in (first, second)
    }
    assert level == {str(one): "info", str(two): "error"}


def test_config_suppressions_are_reported_as_external(tmp_path, capsys) -> None:
    design = project(tmp_path, '[suppressions]\nCMP005 = "Li-In interlayer in rev B"\n')
    code, out, _ = run_cli(["check", str(design)], capsys)
    assert code == 0
    assert "CMP005 suppressed in the config (Li-In interlayer in rev B)" in out
    _, out, _ = run_cli(["check", str(design), "--format", "json"], capsys)
    muted = json.loads(out)["suppressed"]
    assert [(f["code"], f["suppressed_by"]) for f in muted] == [("CMP005", "config")]


def test_unknown_table_and_key_name_the_file_and_line(tmp_path, capsys) -> None:
    design = project(tmp_path, 'selct = ["SAF"]\n\n[severty]\nCMP005 = "info"\n')
    code, _, err = run_cli(["check", str(design)], capsys)
    assert code == 2
    config = tmp_path / "decide.toml"
    assert f"{config}:1: selct: unknown key 'selct' (did you mean \"select\"?)" in err
    assert f"{config}:3: severty: unknown key 'severty' (did you mean \"severity\"?)" in err


def test_unknown_codes_in_the_config_name_the_key(tmp_path, capsys) -> None:
    config = (
        'select = ["SAF", "ZZZ"]\nignore = ["STD03"]\n\n[severity]\nCMP05 = "info"\n\n'
        '[suppressions]\nENE04 = "reason"\n'
    )
    design = project(tmp_path, config)
    code, _, err = run_cli(["check", str(design)], capsys)
    assert code == 2
    file = tmp_path / "decide.toml"
    assert f"{file}:1: select: unknown rule code or prefix 'ZZZ'" in err
    assert f"{file}:2: ignore: unknown rule code or prefix 'STD03'" in err
    assert f"{file}:5: severity.CMP05: unknown rule code 'CMP05'" in err and '"CMP005"' in err
    assert f"{file}:8: suppressions.ENE04: unknown rule code 'ENE04'" in err and '"ENE004"' in err


def test_bad_values_in_the_config(tmp_path, capsys) -> None:
    design = project(
        tmp_path, 'select = 3\n[severity]\nCMP005 = "fatal"\n[suppressions]\nSAF004 = ""\n'
    )
    code, _, err = run_cli(["check", str(design)], capsys)
    assert code == 2
    assert "select: 'select' must be a list" in err
    assert "severity.CMP005: severity must be one of" in err
    assert "suppressions.SAF004: a suppression needs a reason" in err


def test_unknown_suppression_code_in_the_design(tmp_path, capsys) -> None:
    design = tmp_path / "halide.yaml"
    design.write_text(
        HALIDE.read_text() + "suppressions:\n  - code: CMP055\n    reason: typo of CMP005\n"
    )
    code, _, err = run_cli(["check", str(design)], capsys)
    line = len(HALIDE.read_text().splitlines()) + 2
    assert code == 2
    assert f"{design}:{line}: suppressions[0].code: unknown rule code 'CMP055'" in err
    assert '"CMP005"' in err
    # the review refuses it too: a suppression of no rule silences nothing
    code, _, err = run_cli(["review", str(design), "-o", str(tmp_path / "r.html")], capsys)
    assert code == 2 and "CMP055" in err


def test_the_review_uses_the_design_s_project_config(tmp_path, capsys, monkeypatch) -> None:
    design = project(tmp_path / "proj", '[suppressions]\nCMP005 = "Li-In interlayer in rev B"\n')
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "review.html"
    code, _, _ = run_cli(["review", str(design), "-o", str(out)], capsys)
    assert code == 0
    assert "Li-In interlayer in rev B" in out.read_text()


def test_escapes_in_a_file_name_or_a_config_reason_never_reach_the_terminal(tmp_path) -> None:
    """Issue 16 (class 7): TOML strings may spell escapes (\\u001b) and file names may hold
    them. On a terminal click passes them through (it strips them only from pipes), so check's
    text output shows them as escapes itself; its own colours stay colours."""
    from test_check_conventions import _env, run_on_terminal

    design = project(tmp_path, '[suppressions]\nCMP005 = "rev B \\u001b[2J wiped"\n')
    hostile = design.with_name("cell\x1b[31m.yaml")
    design.rename(hostile)
    code, out = run_on_terminal(["check", str(hostile)], _env())
    assert code == 0, out
    assert "\x1b[" in out, "our own colours are on, on a terminal"
    assert "\x1b[2J" not in out and "cell\x1b[31m" not in out
    assert "cell\\x1b[31m.yaml" in out and "rev B \\x1b[2J wiped" in out
