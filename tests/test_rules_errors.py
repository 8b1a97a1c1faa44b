"""Malformed rule files: exit 2, one message per problem naming file, line, field path, a hint."""

from __future__ import annotations

import re

import pytest
from conftest import EXAMPLES, run_cli

GOOD = """\
- code: USR001
  name: user-thin-separator
  title: Separator thinner than our line can coat
  category: manufacturing
  severity: warning
  subjects: [separator.material]
  when: {field: separator.thickness_um, op: lt, value: 15}
  evidence:
    thickness: {field: separator.thickness_um}
  message: "{thickness} um is below our coating line's 15 um minimum"
  remediation: Use a thicker separator or qualify a thinner coating process.
  rationale: Our pilot line cannot coat solid-electrolyte sheets thinner than 15 um reliably.
  sources: [seed-article]
  tests:
    fires: [{set: {separator.thickness_um: 10}}]
    passes: [{}]
"""

# (name, (old, new) applied to GOOD, expected line, words in the message)
CASES = [
    (
        "unknown-field",
        ("  severity: warning", "  severty: warning"),
        5,
        ["unknown field", '"severity"'],
    ),
    (
        "unknown-fact",
        ("field: separator.thickness_um, op: lt", "field: separator.thicknes_um, op: lt"),
        7,
        ["unknown field", "separator.thickness_um"],
    ),
    ("unknown-op", ("op: lt, value: 15", "op: less, value: 15"), 7, ["unknown op", "did you mean"]),
    (
        "bad-placeholder",
        ('"{thickness} um', '"{thikness} um'),
        10,
        ["not in evidence", "thickness"],
    ),
    (
        "attribute-placeholder",
        ('"{thickness} um', '"{thickness.__class__} um'),
        10,
        ["plain evidence name"],
    ),
    (
        "unknown-source",
        ("sources: [seed-article]", "sources: [seed-articel]"),
        13,
        ["unknown source", "seed-article"],
    ),
    (
        "unknown-function",
        ("{field: separator.thickness_um}\n  message", "{call: arrhenuis, args: []}\n  message"),
        9,
        ["unknown function"],
    ),
    ("bad-severity", ("severity: warning", "severity: fatal"), 5, ["severity"]),
    ("bad-code", ("code: USR001", "code: usr1"), 1, ["code"]),
    (
        "python-tag",
        ("  when: {field", "  when: !!python/object:os.system {field"),
        7,
        ["not allowed"],
    ),
    ("yaml-syntax", ("  title: Separator", "  title: [Separator"), None, ["malformed YAML"]),
    ("unknown-base", ("passes: [{}]", "passes: [{base: nope}]"), 16, ["unknown fixture base"]),
    (
        "unknown-design-field",
        ("set: {separator.thickness_um: 10}", "set: {separator.thick: 10}"),
        15,
        ["unknown design field"],
    ),
    (
        "misspelt-condition-key",
        ("{field: separator.thickness_um, op: lt", "{feild: separator.thickness_um, op: lt"),
        7,
        ["when.feild: unknown key 'feild'", 'did you mean "field"'],
    ),
    (
        "misspelt-operand-key",
        (
            "{field: separator.thickness_um}\n  message",
            "{feild: separator.thickness_um}\n  message",
        ),
        9,
        ["evidence.thickness.feild: unknown key 'feild'", 'did you mean "field"'],
    ),
    (
        "unknown-ref",
        ("op: lt, value: 15}", "op: lt, ref: separator.thicknes_um}"),
        7,
        ["when.ref: unknown field 'separator.thicknes_um'", '"separator.thickness_um"'],
    ),
    (
        "list-where-a-number-is-expected",
        ("field: separator.thickness_um, op: lt", "field: design.materials, op: lt"),
        7,
        ["lt compares numbers, not design.materials (a list of ids)"],
    ),
    (
        "word-where-a-number-is-expected",
        ("op: lt, value: 15}", "op: lt, value: thin}"),
        7,
        ["when.value: lt compares numbers, not 'thin' (a string)"],
    ),
    (
        "unknown-knowledge-id",
        (
            "{field: separator.thickness_um, op: lt, value: 15}",
            "{is_a: sulfid, field: separator.material}",
        ),
        7,
        ["when.is_a: unknown knowledge id 'sulfid'", 'did you mean "sulfide"'],
    ),
    (
        "function-argument-of-the-wrong-kind",
        (
            "{field: separator.thickness_um}\n  message",
            "{call: ratio, args: [{field: separator.material}, 2]}\n  message",
        ),
        9,
        ["ratio argument 1 (a) takes a number, got separator.material (an id)"],
    ),
    (
        "unknown-property-name-in-a-call",
        (
            "{field: separator.thickness_um}\n  message",
            "{call: projection, args: [liquid, cycle_life]}\n  message",
        ),
        9,
        ["unknown property 'cycle_life'", 'did you mean "cycle_life_cycles"'],
    ),
]

# A user rule that calls ratio with three arguments: it used to load, then crash `check`.
RATIO_3 = GOOD.replace(
    "  when: {field: separator.thickness_um, op: lt, value: 15}",
    "  when:\n"
    "    left: {call: ratio, args: [{field: separator.thickness_um}, 1, 2]}\n"
    "    op: lt\n"
    "    right: 15",
)
RATIO_3_SAYS = "ratio takes 2 arguments (a, b), got 3"


def _write(tmp_path, text: str):
    folder = tmp_path / "myrules"
    folder.mkdir()
    (folder / "pack.yaml").write_text(text)
    return folder


def test_good_user_rule_loads_and_runs(tmp_path, capsys) -> None:
    folder = _write(tmp_path, GOOD)
    code, out, _ = run_cli(["rules", "--rules", str(folder), "list"], capsys)
    assert code == 0 and "USR001" in out
    code, out, _ = run_cli(["rules", "test", "--rules", str(folder)], capsys)
    assert code == 0, out


def test_user_rule_fires_in_check(tmp_path, capsys) -> None:
    folder = _write(tmp_path, GOOD.replace("value: 15}", "value: 100}"))
    design = EXAMPLES / "sulfide-nmc811-li20.yaml"
    code, out, _ = run_cli(
        ["check", str(design), "--rules", str(folder), "--select", "USR"], capsys
    )
    assert "USR001 warning" in out
    assert code == 0


def test_user_rule_replaces_builtin_code(tmp_path, capsys) -> None:
    folder = _write(tmp_path, GOOD.replace("USR001", "ENE007"))
    code, out, _ = run_cli(["rules", "show", "ENE007", "--rules", str(folder)], capsys)
    assert code == 0
    assert "coating line" not in out or "Separator thinner than our line" in out
    assert "myrules" in out


@pytest.mark.parametrize("name,edit,line,words", CASES, ids=[c[0] for c in CASES])
def test_malformed_rule_file(name, edit, line, words, tmp_path, capsys) -> None:
    old, new = edit
    assert old in GOOD
    folder = _write(tmp_path, GOOD.replace(old, new, 1))
    code, out, err = run_cli(["rules", "list", "--rules", str(folder)], capsys)
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert "pack.yaml" in err
    if line is not None:
        assert re.search(rf"pack\.yaml:{line}\b", err), err
    for word in words:
        assert word in err, err


def test_check_with_a_rule_calling_ratio_with_three_args_is_exit_2(tmp_path, capsys) -> None:
    folder = _write(tmp_path, RATIO_3)
    design = EXAMPLES / "sulfide-nmc811-li20.yaml"
    code, out, err = run_cli(["check", str(design), "--rules", str(folder)], capsys)
    assert code == 2, (out, err)
    assert out == "" and "Traceback" not in err
    assert re.search(r"pack\.yaml:8: \[0\]\.when\.left\.args: ", err), err
    assert RATIO_3_SAYS in err


def test_load_rules_names_file_line_and_path_of_a_bad_call(tmp_path, kb) -> None:
    from decide.errors import RuleError
    from decide.rules.loader import load_rules

    folder = _write(tmp_path, RATIO_3)
    with pytest.raises(RuleError) as info:
        load_rules(kb, [folder])
    [problem] = info.value.problems
    assert problem.file == str(folder / "pack.yaml")
    assert (problem.line, problem.path) == (8, "[0].when.left.args")
    assert problem.message == RATIO_3_SAYS


def test_a_misspelt_condition_key_is_one_error(tmp_path, capsys) -> None:
    bad = GOOD.replace(
        "{field: separator.thickness_um, op: lt", "{feild: separator.thickness_um, op: lt"
    )
    folder = _write(tmp_path, bad)
    code, _, err = run_cli(["rules", "list", "--rules", str(folder)], capsys)
    assert code == 2
    assert err.strip().splitlines() == [
        f"decide: error: {folder / 'pack.yaml'}:7: [0].when.feild: "
        "unknown key 'feild' (did you mean \"field\"?)"
    ]
