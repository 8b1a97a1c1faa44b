"""Design numbers written as {min, typical, max}: the central value is computed with, the range is
remembered, and a malformed range is one clear message with file, line and field (exit 2)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_cli

from decide.cell import compute
from decide.design import design_from_data, load_design
from decide.design.edits import design_data

BASE = EXAMPLES / "sulfide-nmc811-li20.yaml"


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = BASE.read_text()
    assert old in text
    path = tmp_path / "design.yaml"
    path.write_text(text.replace(old, new, 1))
    return path


def test_a_ranged_number_computes_with_its_typical_value(tmp_path, kb) -> None:
    path = _variant(tmp_path, "thickness_um: 30", "thickness_um: {min: 25, typical: 30, max: 40}")
    design = load_design(path, kb)
    assert design.separator.thickness_um == 30
    r = design.ranges["separator.thickness_um"]
    assert (r.low, r.typical, r.high, r.origin) == (25, 30, 40, "design")
    plain = load_design(BASE, kb)
    assert compute(design, kb).values == compute(plain, kb).values


def test_without_typical_the_middle_is_used_and_units_convert(tmp_path, kb) -> None:
    path = _variant(tmp_path, "thickness_um: 30", 'thickness_um: {min: "0.02 mm", max: 40 um}')
    design = load_design(path, kb)
    r = design.ranges["separator.thickness_um"]
    assert (r.low, r.typical, r.high) == (20, 30, 40)
    assert design.separator.thickness_um == 30


def test_a_property_override_may_be_ranged(tmp_path, kb) -> None:
    path = _variant(
        tmp_path,
        "  porosity_pct: 10\n",
        "  porosity_pct: 10\n  specific_capacity_mah_g: {min: 190, typical: 200, max: 205}\n",
    )
    design = load_design(path, kb)
    assert design.cathode.overrides["specific_capacity_mah_g"] == 200
    assert design.ranges["cathode.specific_capacity_mah_g"].high == 205


def test_ranged_defaults_carry_their_range_and_sources(kb) -> None:
    design = load_design(BASE, kb)  # separator porosity filled from a sourced 8-17 % range
    r = design.ranges["separator.porosity_pct"]
    assert (r.low, r.high) == (8, 17) and r.origin.startswith("default ")
    assert "singh-2022" in r.sources


def test_design_data_round_trips_the_ranges(tmp_path, kb) -> None:
    path = _variant(tmp_path, "thickness_um: 30", "thickness_um: {min: 25, max: 40}")
    design = load_design(path, kb)
    plain = design_data(design)
    assert plain["separator"]["thickness_um"] == 32.5
    again = design_from_data(design_data(design, ranged=True), None, kb)
    assert again.ranges == design.ranges


BAD = [
    ("max-missing", "thickness_um: {min: 25}", "separator.thickness_um", "needs min and max"),
    (
        "unknown-key",
        "thickness_um: {min: 25, typ: 30, max: 40}",
        "separator.thickness_um.typ",
        "unknown key 'typ'",
    ),
    (
        "reversed",
        "thickness_um: {min: 40, max: 25}",
        "separator.thickness_um",
        "min <= typical <= max",
    ),
    (
        "typical-outside",
        "thickness_um: {min: 25, typical: 50, max: 40}",
        "separator.thickness_um",
        "min <= typical <= max",
    ),
    (
        "wrong-dimension",
        'thickness_um: {min: "25 kg", max: 40}',
        "separator.thickness_um.min",
        "wrong dimension",
    ),
    (
        "implausible",
        "thickness_um: {min: -5, max: 40}",
        "separator.thickness_um.min",
        "outside the plausible range",
    ),
    (
        "not-a-number",
        "thickness_um: {min: thin, max: 40}",
        "separator.thickness_um.min",
        "expected a number",
    ),
]


@pytest.mark.parametrize(("name", "new", "field", "words"), BAD, ids=[b[0] for b in BAD])
def test_malformed_ranges_are_one_located_message(tmp_path, capsys, name, new, field, words):
    path = _variant(tmp_path, "thickness_um: 30", new)
    code, _, err = run_cli(["metrics", str(path)], capsys)
    assert code == 2
    lines = [line for line in err.strip().splitlines() if line]
    assert len(lines) == 1, err
    assert re.search(rf"design\.yaml:\d+: {re.escape(field)}: ", lines[0]), lines[0]
    assert words in lines[0] and "Traceback" not in err


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (
            "material: li6ps5cl\n  thickness",
            "material: {min: 1, max: 2}\n  thickness",
            "separator.material",
        ),
        ("production_year: 2030", "production_year: {min: 2028, max: 2032}", "production_year"),
    ],
)
def test_a_range_where_no_quantity_goes_is_refused(tmp_path, capsys, old, new, field) -> None:
    code, _, err = run_cli(["metrics", str(_variant(tmp_path, old, new))], capsys)
    assert code == 2
    assert f": {field}: " in err and "accepted only for a quantity" in err


def test_the_json_schema_accepts_ranges(capsys) -> None:
    import json

    code, out, _ = run_cli(["schema", "design"], capsys)
    assert code == 0
    defs = json.loads(out)["$defs"]
    for field in (
        defs["Separator"]["properties"]["thickness_um"],
        defs["Cathode"]["properties"]["specific_capacity_mah_g"],
    ):
        options = field.get("anyOf", [])
        flat = [o for x in options for o in (x.get("anyOf") or [x])]
        assert any(o.get("type") == "object" and o.get("required") == ["min", "max"] for o in flat)
