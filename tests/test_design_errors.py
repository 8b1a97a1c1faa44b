"""Every kind of bad design input: exit 2, exactly one message with file, line and field path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from decide.cli import main

BASE = Path(__file__).resolve().parents[1] / "examples" / "designs" / "sulfide-nmc811-li20.yaml"

# (name, substitution (old, new) in the base file, expected field path, words in the message)
CASES = [
    (
        "wrong-dimension",
        ("thickness_um: 30", 'thickness_um: "30 kg"'),
        "separator.thickness_um",
        "wrong dimension",
    ),
    (
        "negative",
        ("thickness_um: 30", "thickness_um: -30"),
        "separator.thickness_um",
        "not plausible",
    ),
    (
        "non-finite",
        ("thickness_um: 30", "thickness_um: .nan"),
        "separator.thickness_um",
        "not a finite number",
    ),
    (
        "percentage-over-100",
        ("porosity_pct: 10", "porosity_pct: 130"),
        "cathode.porosity_pct",
        "at most 100",
    ),
    (
        "absurd-1-m-separator",
        ("thickness_um: 30", 'thickness_um: "1 m"'),
        "separator.thickness_um",
        "not plausible",
    ),
    (
        "unknown-id",
        ("material: li6ps5cl", "material: li6ps5c"),
        "separator.material",
        'did you mean "li6ps5cl"',
    ),
    (
        "unknown-field",
        ("thickness_um: 30", "thicknes_um: 30"),
        "separator.thicknes_um",
        'did you mean "thickness_um"',
    ),
    (
        "sizes-disagree",
        ("porosity_pct: 10", "porosity_pct: 10\n  loading_mg_cm2: 40"),
        "cathode.loading_mg_cm2",
        "sizes disagree",
    ),
    (
        "override-out-of-bounds",
        ("porosity_pct: 10", "porosity_pct: 10\n  specific_capacity_mah_g: 9000"),
        "cathode.specific_capacity_mah_g",
        "physical bounds",
    ),
    ("yaml-tag", ("name:", "name: !!python/object/apply:os.system [ls]\nx:"), None, "not allowed"),
    (
        "empty-suppression-reason",
        ("claims:", 'suppressions: [{code: CMP001, reason: ""}]\nclaims:'),
        "suppressions[0].reason",
        "",
    ),
    (
        "wrong-role",
        ("material: lithium-metal", "material: nmc811"),
        "anode.material",
        "cannot be used as anode",
    ),
]


def _run(path: Path, capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["metrics", str(path)])
    return exit_info.value.code, capsys.readouterr().err


@pytest.mark.parametrize("name,change,path,words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_gives_one_clear_message(name, change, path, words, tmp_path, capsys) -> None:
    text = BASE.read_text()
    assert change[0] in text, f"fixture text {change[0]!r} not in {BASE.name}"
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(change[0], change[1], 1))
    code, err = _run(bad, capsys)
    assert code == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert re.match(rf"decide: error: {re.escape(str(bad))}:\d+: ", lines[0]), err
    if path:
        assert f": {path}: " in lines[0], err
    assert words in lines[0]


def test_alias_bomb_is_refused_quickly(tmp_path, capsys) -> None:
    rows = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefg", "bcdefgh", strict=True):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(rows) + "\n")
    code, err = _run(bomb, capsys)
    assert code == 2 and "alias bomb" in err and len(err.strip().splitlines()) == 1


def test_unit_strings_are_converted(tmp_path, capsys) -> None:
    text = BASE.read_text().replace("thickness_um: 30", 'thickness_um: "0.03 mm"', 1)
    good = tmp_path / "good.yaml"
    good.write_text(text)
    main_ok = _exit_code(["metrics", str(good), "--format", "json"])
    assert main_ok == 0
    assert '"separator_thickness_um": 30' in capsys.readouterr().out


def _exit_code(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    return exit_info.value.code


def test_anode_composition_over_100_is_refused(tmp_path, capsys) -> None:
    """Regression: the cathode's composition was checked, the anode's not (60 + 45 % passed)."""
    text = (BASE.parent / "sulfide-nmc811-graphite.yaml").read_text()
    bad = tmp_path / "anode.yaml"
    bad.write_text(text.replace("anolyte_wt_pct: 37", "anolyte_wt_pct: 45"))
    with pytest.raises(SystemExit) as info:
        main(["metrics", str(bad)])
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert "anode" in err and "active_wt_pct + anolyte_wt_pct exceed 100 %" in err


def test_every_problem_of_a_design_in_one_error(tmp_path, kb) -> None:
    """A typo'd material, a negative thickness and shares over 100 % took three runs to see;
    the loader now reports them together, each at its line."""
    from decide.design import load_design
    from decide.errors import DesignError

    text = (
        BASE.read_text()
        .replace("  material: li6ps5cl", "  material: li6ps5c")
        .replace("thickness_um: 20", "thickness_um: -20")
        .replace("catholyte_wt_pct: 20", "catholyte_wt_pct: 30")
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    with pytest.raises(DesignError) as info:
        load_design(bad, kb)
    problems = info.value.problems
    assert {p.path for p in problems} == {"separator.material", "anode.thickness_um", "cathode"}
    assert all(p.file == str(bad) and p.line for p in problems)
    assert [p.line for p in problems] == sorted(p.line or 0 for p in problems)


def test_a_malformed_range_beside_other_problems(tmp_path, kb) -> None:
    """A bad range is reported with the design's other problems, without the 'missing' its
    removal would cause."""
    from decide.design import load_design
    from decide.errors import DesignError

    text = (
        BASE.read_text()
        .replace("  thickness_um: 30", "  thickness_um: {min: 40, max: 30}")
        .replace("format: pouch", "format: pouh")
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    with pytest.raises(DesignError) as info:
        load_design(bad, kb)
    paths = [p.path for p in info.value.problems]
    assert paths == ["separator.thickness_um", "cell.format"]
    assert "missing" not in info.value.render()
