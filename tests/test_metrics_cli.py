"""`decide metrics` and `decide schema design` end to end on the example designs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from decide.cli import main

DESIGNS = Path(__file__).resolve().parents[1] / "examples" / "designs"
CONTRACT_KEYS = {
    "areal_capacity_mah_per_cm2",
    "nominal_voltage_v",
    "n_p_ratio",
    "stack_specific_energy_wh_per_kg",
    "stack_energy_density_wh_per_l",
    "cell_specific_energy_wh_per_kg",
    "cell_energy_density_wh_per_l",
    "liquid_electrolyte_wt_pct",
    "electrolyte_class",
}


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out = capsys.readouterr()
    return info.value.code, out.out, out.err


@pytest.mark.parametrize("path", sorted(DESIGNS.glob("*.yaml")), ids=lambda p: p.stem)
def test_json_has_the_contract_keys(path, capsys) -> None:
    code, out, err = _run(["metrics", str(path), "--format", "json"], capsys)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["design"] == path.stem
    assert set(doc["metrics"]) >= CONTRACT_KEYS
    assert set(doc["levels"].values()) <= {"material", "electrode", "stack", "cell"}


def test_text_names_each_level_and_breakdown(capsys) -> None:
    code, out, _ = _run(["metrics", str(DESIGNS / "sulfide-nmc811-li20.yaml")], capsys)
    assert code == 0
    for level in ("material", "electrode", "stack", "cell"):
        assert f"\n{level} " in out
    assert "mass per repeat unit" in out and "cost (USD/kWh)" in out
    row = next(line for line in out.splitlines() if "cell_specific_energy_wh_per_kg" in line)
    assert row.startswith("cell ") and row.endswith("Wh/kg")


def test_cell_cost_key_present_when_priced(capsys) -> None:
    _, out, _ = _run(
        ["metrics", str(DESIGNS / "sulfide-nmc811-li20.yaml"), "--format", "json"], capsys
    )
    assert json.loads(out)["metrics"]["cell_cost_usd_per_kwh"] > 0


def test_missing_file_exit_2(tmp_path, capsys) -> None:
    code, _, err = _run(["metrics", str(tmp_path / "nope.yaml")], capsys)
    assert code == 2 and "file not found" in err


def test_schema_design_is_json_schema(capsys) -> None:
    code, out, _ = _run(["schema", "design"], capsys)
    assert code == 0
    schema = json.loads(out)
    assert schema["type"] == "object"
    assert "id" in schema["required"]
    cathode = schema["$defs"]["Cathode"]["properties"]
    assert "specific_capacity_mah_g" in cathode and "active_material" in cathode
