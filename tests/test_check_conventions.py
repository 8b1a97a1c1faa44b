"""`decide check` keeps the conventions of ruff and sqlfluff: unknown codes are errors, findings
carry file:line:col, statistics, exit-zero, quiet and verbose, colour rules, stdin, folders, one
JSON shape per invocation. Real designs, the real CLI."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, ROOT, run_cli

HALIDE = EXAMPLES / "wang2022-halide-li40.yaml"  # CMP005 (error) among others
LIQUID = EXAMPLES / "liquid-nmc811-graphite.yaml"  # no error
SPACE = ROOT / "examples" / "phase2-silicon-sweep.space.yaml"
FINDING = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]{2,5}\d{3}) ")


def line_of(path: Path, pattern: str) -> int:
    """The 1-based line of the first line of `path` matching `pattern`."""
    for n, text in enumerate(path.read_text().splitlines(), start=1):
        if re.search(pattern, text):
            return n
    raise AssertionError(pattern)


def findings(out: str) -> dict[str, tuple[str, int, int]]:
    """code -> (file, line, column) of each finding line of the text output."""
    found = {}
    for text in out.splitlines():
        if (m := FINDING.match(text)) and " suppressed" not in text:
            found[m["code"]] = (m["file"], int(m["line"]), int(m["col"]))
    return found


# --- unknown codes ------------------------------------------------------------------------------


def test_select_of_an_unknown_code_is_a_usage_error(capsys) -> None:
    code, out, err = run_cli(["check", str(HALIDE), "--select", "ZZZ999"], capsys)
    assert code == 2 and out == ""
    assert "'ZZZ999'" in err and "--select" in err
    assert "known prefixes: " in err and "CMP" in err  # nothing close: the prefixes there are


def test_unknown_code_suggests_the_closest_codes(capsys) -> None:
    code, _, err = run_cli(["check", str(HALIDE), "--select", "CMP05"], capsys)
    assert code == 2 and '"CMP005"' in err
    code, _, err = run_cli(["check", str(HALIDE), "--ignore", "ENE04,SAF004"], capsys)
    assert code == 2 and "'ENE04' in --ignore" in err and '"ENE004"' in err
    assert "SAF004" not in err.split("did you mean")[0]  # the known code is not reported


def test_prefixes_select_as_in_ruff(capsys) -> None:
    code, out, _ = run_cli(["check", str(HALIDE), "--select", "saf0", "-q"], capsys)
    assert code == 0  # CMP005, the error, is not selected
    codes = set(findings(out))
    assert codes and all(c.startswith("SAF0") for c in codes)


# --- locations ----------------------------------------------------------------------------------


def test_findings_point_at_the_field_they_are_about(capsys) -> None:
    code, out, _ = run_cli(["check", str(HALIDE)], capsys)
    assert code == 1
    found = findings(out)
    separator = line_of(HALIDE, r"^  material: li3incl6")
    assert found["CMP005"] == (str(HALIDE), separator, 3)
    assert found["STD003"] == (str(HALIDE), line_of(HALIDE, r"^application:"), 1)
    # a finding about the whole design (its cost's price confidence) points at 1:1
    assert found["CST005"][1:] == (1, 1)


def test_json_findings_carry_their_location(capsys) -> None:
    _, out, _ = run_cli(["check", str(HALIDE), "--format", "json"], capsys)
    doc = json.loads(out)
    assert doc["file"] == str(HALIDE)
    cmp005 = next(f for f in doc["findings"] if f["code"] == "CMP005")
    assert cmp005["location"] == {
        "line": line_of(HALIDE, r"^  material: li3incl6"),
        "column": 3,
        "field": "separator.material",
    }


# --- statistics, exit-zero, quiet, verbose ------------------------------------------------------


def test_statistics_count_findings_per_code(capsys) -> None:
    _, full, _ = run_cli(["check", str(HALIDE), str(LIQUID), "--format", "json"], capsys)
    expected: dict[str, int] = {}
    for doc in json.loads(full):
        for f in doc["findings"]:
            expected[f["code"]] = expected.get(f["code"], 0) + 1
    code, out, _ = run_cli(["check", str(HALIDE), str(LIQUID), "--statistics"], capsys)
    assert code == 1
    rows = [line.split() for line in out.splitlines()[:-1]]
    assert {r[1]: int(r[0]) for r in rows} == expected
    counts = [int(r[0]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    _, out, _ = run_cli(
        ["check", str(HALIDE), str(LIQUID), "--statistics", "--format", "json"], capsys
    )
    assert {r["code"]: r["count"] for r in json.loads(out)} == expected


def test_exit_zero_keeps_the_findings_but_exits_0(capsys) -> None:
    code, out, _ = run_cli(["check", str(HALIDE), "--exit-zero"], capsys)
    assert code == 0 and "CMP005 error" in out
    code, _, _ = run_cli(["check", str(HALIDE), "--exit-zero", "--select", "NOPE"], capsys)
    assert code == 2  # bad input is still bad input


def test_quiet_shows_only_findings_and_verbose_adds_remediation(capsys) -> None:
    _, out, _ = run_cli(["check", str(HALIDE), "-q"], capsys)
    lines = out.splitlines()
    assert lines and all(FINDING.match(line) for line in lines)
    _, out, err = run_cli(["check", str(HALIDE), "-v"], capsys)
    assert "    remediation: " in out and "design(s) checked" in out
    assert f"{HALIDE}: config " in err


# --- colour -------------------------------------------------------------------------------------


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return env | extra


def run_on_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run `python -m decide ARGS` with stdout and stderr on a pseudo-terminal."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "decide", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=ROOT,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed with the child
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return proc.wait(timeout=120), b"".join(chunks).decode()


def test_colour_on_a_terminal_unless_no_color() -> None:
    args = ["check", str(HALIDE), "-q"]
    code, out = run_on_terminal(args, _env())
    assert code == 1 and "\x1b[" in out
    code, out = run_on_terminal(args, _env(NO_COLOR="1"))
    assert code == 1 and "\x1b[" not in out and "CMP005 error" in out


def test_no_colour_in_a_pipe_unless_forced() -> None:
    args = [sys.executable, "-m", "decide", "check", str(HALIDE), "-q"]
    piped = subprocess.run(args, capture_output=True, text=True, env=_env(), cwd=ROOT)
    assert "\x1b[" not in piped.stdout and "CMP005 error" in piped.stdout
    forced = subprocess.run(
        args, capture_output=True, text=True, env=_env(FORCE_COLOR="1"), cwd=ROOT
    )
    assert "\x1b[" in forced.stdout
    both = subprocess.run(
        args, capture_output=True, text=True, env=_env(FORCE_COLOR="1", NO_COLOR="1"), cwd=ROOT
    )
    assert "\x1b[" not in both.stdout


def test_brief_refuses_to_write_html_to_a_terminal(tmp_path) -> None:
    code, out = run_on_terminal(["brief"], _env())
    assert code == 2
    assert "-o OUT.pdf" in out and "<html" not in out.lower()


# --- inputs: stdin, folders, one JSON shape -----------------------------------------------------


def test_dash_reads_the_design_from_stdin(capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(HALIDE.read_text()))
    code, out, _ = run_cli(["check", "-", "-q"], capsys)
    assert code == 1
    assert findings(out)["CMP005"] == ("-", line_of(HALIDE, r"^  material: li3incl6"), 3)
    monkeypatch.setattr(sys, "stdin", io.StringIO(HALIDE.read_text()))
    _, out, _ = run_cli(["check", "-", "--stdin-filename", "cell.yaml", "-q"], capsys)
    assert findings(out)["CMP005"][0] == "cell.yaml"


def test_bad_design_on_stdin_is_located(capsys, monkeypatch) -> None:
    text = HALIDE.read_text().replace("material: li3incl6", "material: li3incl7")
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code, _, err = run_cli(["check", "-", "--stdin-filename", "cell.yaml"], capsys)
    assert code == 2
    assert f"cell.yaml:{line_of(HALIDE, r'^  material: li3incl6')}: separator.material" in err


def test_a_folder_is_searched_for_designs(tmp_path, capsys) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "halide.yaml").write_text(HALIDE.read_text())
    (tmp_path / "liquid.yml").write_text(LIQUID.read_text())
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "broken.yaml").write_text("id: [")
    (tmp_path / "notes.txt").write_text("not a design")
    (tmp_path / "sweep.yaml").write_text(SPACE.read_text())  # a space: skipped, not checked
    code, out, err = run_cli(["check", str(tmp_path), "--format", "json", "-v"], capsys)
    assert code == 1
    docs = json.loads(out)
    assert sorted(d["design"] for d in docs) == ["liquid-nmc811-graphite", "wang2022-halide-li40"]
    assert "sweep.yaml: skipped" in err


def test_one_json_shape_per_invocation(tmp_path, capsys) -> None:
    # one file argument: the CONTRACT's object; a folder, even of one design, a list
    _, out, _ = run_cli(["check", str(LIQUID), "--format", "json"], capsys)
    assert isinstance(json.loads(out), dict)
    (tmp_path / "liquid.yaml").write_text(LIQUID.read_text())
    _, out, _ = run_cli(["check", str(tmp_path), "--format", "json"], capsys)
    docs = json.loads(out)
    assert isinstance(docs, list) and [d["design"] for d in docs] == ["liquid-nmc811-graphite"]


def test_an_empty_folder_is_an_error(tmp_path, capsys) -> None:
    code, _, err = run_cli(["check", str(tmp_path)], capsys)
    assert code == 2 and "no *.yaml" in err


# --- every problem in one run -------------------------------------------------------------------


def test_every_design_problem_of_every_file_in_one_run(tmp_path, capsys) -> None:
    text = (
        HALIDE.read_text()
        .replace("  material: li3incl6", "  material: li3incl7")  # typo'd material
        .replace("thickness_um: 40", "thickness_um: -40")  # negative thickness
        .replace("catholyte_wt_pct: 12", "catholyte_wt_pct: 20")  # shares over 100 %
    )
    first = tmp_path / "first.yaml"
    first.write_text(text)
    second = tmp_path / "second.yaml"
    second.write_text(LIQUID.read_text().replace("format: pouch", "format: pouchh"))
    code, out, err = run_cli(["check", str(first), str(second)], capsys)
    assert code == 2 and out == ""
    lines = err.removeprefix("decide: error: ").splitlines()
    assert f"{first}:{line_of(first, 'li3incl7')}: separator.material: unknown" in err
    assert f"{first}:{line_of(first, 'thickness_um: -40')}: anode.thickness_um: -40" in err
    assert f"{first}:{line_of(first, '^cathode:')}: cathode: active_wt_pct + catholyte" in err
    assert f"{second}:{line_of(second, 'pouchh')}: cell.format: unknown format" in err
    assert len(lines) == 4


def test_a_constraint_shows_beside_a_bad_field_of_its_section(tmp_path, capsys) -> None:
    # the model checks a section's constraints only once all its fields are valid; the loader
    # checks each constraint whenever its own fields are
    base = EXAMPLES / "sulfide-nmc811-li20.yaml"
    text = (
        base.read_text()
        .replace(
            "  thickness_um: 20", "  thickness_um: 20\n  anolyte_wt_pct: 5\n  porosity_pct: 130"
        )
        .replace("min_temperature_c: -20", "min_temperature_c: 80")
        .replace("stack_pressure_mpa: 2", "stack_pressure_mpa: -1")
    )
    path = tmp_path / "d.yaml"
    path.write_text(text)
    code, _, err = run_cli(["check", str(path)], capsys)
    assert code == 2
    for expected in (
        f"{path}:{line_of(path, 'porosity_pct: 130')}: anode.porosity_pct: 130 is not plausible",
        f"{path}:{line_of(path, '^anode:')}: anode: anolyte_wt_pct is given but no anolyte",
        f"{path}:{line_of(path, 'stack_pressure_mpa')}: operating.stack_pressure_mpa: -1",
        f"{path}:{line_of(path, '^operating:')}: operating: min_temperature_c is above max",
    ):
        assert expected in err, expected
