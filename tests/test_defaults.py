"""Designs as engineers write them: the required core computes, and every filled value is shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_cli

from decide.cell import compute
from decide.design import design_from_data, load_design
from decide.errors import DesignError
from decide.kb.loader import load_knowledge

KB = load_knowledge()

# CONTRACT section 2's required core: ids, materials, one size per electrode, format.
CORE = """\
id: core-sulfide
cathode:
  active_material: nmc811
  catholyte: li6ps5cl
  areal_capacity_mah_cm2: 4
separator:
  material: li6ps5cl
anode:
  material: lithium-metal
  thickness_um: 20
cell:
  format: pouch
"""
LIQUID_CORE = """\
id: core-liquid
cathode:
  active_material: nmc811
  areal_capacity_mah_cm2: 3.5
separator:
  material: pe-separator
anode:
  material: graphite
  n_p_ratio: 1.1
liquid_electrolyte:
  material: lp30
  fills: pores
cell:
  format: pouch
"""


def _write(tmp_path: Path, text: str, name: str = "design.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize("text", [CORE, LIQUID_CORE], ids=["sulfide", "liquid"])
def test_the_required_core_computes_and_lists_every_filled_value(
    text: str, tmp_path: Path, capsys
) -> None:
    path = _write(tmp_path, text)
    code, out, err = run_cli(["metrics", str(path), "--format", "json"], capsys)
    assert code == 0, err
    doc = json.loads(out)
    assumed = doc["assumptions"]
    for field in (
        "production_year",
        "cathode.active_wt_pct",
        "cathode.porosity_pct",
        "separator.thickness_um",
        "current_collectors.positive_thickness_um",
        "current_collectors.positive_material",
        "cell.packaging_mass_pct",
        "cell.packaging_volume_pct",
    ):
        assert field in assumed, field
        item = assumed[field]
        assert set(item) == {"value", "sources", "note"} and item["sources"] and item["note"]
        for source in item["sources"]:
            assert KB.entries[source].kind == "source"
    assert doc["metrics"]["cell_specific_energy_wh_per_kg"] > 0
    # the same list in the text output
    code, out, _ = run_cli(["metrics", str(path)], capsys)
    assert "assumed (filled from the knowledge base" in out
    assert "cell.packaging_mass_pct" in out and "batpac-5" in out
    # and as an info finding in check
    code, out, _ = run_cli(["check", str(path), "--format", "json"], capsys)
    found = {f["code"]: f for f in json.loads(out)["findings"]}
    assert found["ASM001"]["severity"] == "info"
    assert "cell.packaging_mass_pct" in found["ASM001"]["message"]


def test_a_composite_anode_without_composition_is_filled(tmp_path: Path) -> None:
    design = load_design(_write(tmp_path, LIQUID_CORE), KB)
    assert design.anode.active_wt_pct == 98 and design.anode.porosity_pct == 25
    assert "anode.active_wt_pct" in design.assumptions
    assert design.assumptions["anode.porosity_pct"].sources == (
        "batpac-5",
        "lain-2019",
        "chen-2020-lgm50",
    )


def test_a_given_value_always_wins(tmp_path: Path) -> None:
    text = CORE.replace(
        "  areal_capacity_mah_cm2: 4\n", "  areal_capacity_mah_cm2: 4\n  porosity_pct: 9\n"
    )
    design = load_design(_write(tmp_path, text), KB)
    assert design.cathode.porosity_pct == 9
    assert "cathode.porosity_pct" not in design.assumptions
    metrics = compute(design, KB)
    assert "cathode.porosity_pct" not in metrics.assumptions


def test_no_sourced_default_means_a_clear_requirement(tmp_path: Path, capsys) -> None:
    """An oxide composite cathode has no sourced composition: refused, naming the field."""
    text = CORE.replace("catholyte: li6ps5cl", "catholyte: llzo")
    code, _, err = run_cli(["metrics", str(_write(tmp_path, text))], capsys)
    assert code == 2
    assert "cathode.active_wt_pct" in err and "no sourced default" in err
    assert "Traceback" not in err


def test_dry_density_gives_porosity_and_the_liquid_in_it() -> None:
    """Regression: the liquid example gave BotB's calendered 3.4 g/cm3 as the as-built density
    (pores included), leaving out the electrolyte in the cathode and anode pores."""
    design = load_design(EXAMPLES / "liquid-nmc811-graphite.yaml", KB)
    assert design.cathode.dry_density_g_cm3 == 3.4
    dry = compute(design, KB).values
    assert 15 < dry["cathode_porosity_pct"] < 35  # from 3.4 g/cm3 against the pore-free density
    as_built = design.model_copy(
        update={
            "cathode": design.cathode.model_copy(
                update={"dry_density_g_cm3": None, "overrides": {"density_g_cm3": 3.4}}
            )
        }
    )
    wrong = compute(as_built, KB).values
    assert wrong["stack_specific_energy_wh_per_kg"] > dry["stack_specific_energy_wh_per_kg"] * 1.03


def test_electrolyte_per_amp_hour(tmp_path: Path) -> None:
    text = LIQUID_CORE.replace("fills: pores", "ml_per_ah: 1.5")
    v = compute(load_design(_write(tmp_path, text), KB), KB).values
    stack_ah = v["areal_capacity_mah_per_cm2"] / 1000
    liquid_g = v["liquid_electrolyte_wt_pct"] / 100 * v["stack_mass_g_per_cm2"]
    density = KB.index.prop("lp30", "liquid_density_g_cm3")
    assert liquid_g == pytest.approx(1.5 * stack_ah * density, rel=1e-9)


def test_two_liquid_amounts_are_refused(tmp_path: Path, capsys) -> None:
    text = LIQUID_CORE.replace("fills: pores", "fills: pores\n  ml_per_ah: 1.5")
    code, _, err = run_cli(["metrics", str(_write(tmp_path, text))], capsys)
    assert code == 2 and "exactly one of fills: pores, wt_pct or ml_per_ah" in err


def test_defaults_in_an_overlay_are_checked(tmp_path: Path, capsys) -> None:
    overlay = tmp_path / "kb" / "defaults"
    overlay.mkdir(parents=True)
    (overlay / "mine.yaml").write_text(
        "- id: bad-default\n  name: A default with a typo\n  section: cathode\n"
        "  values:\n    porosity_pc: {value: 20, source: [batpac-5]}\n  source: [batpac-5]\n"
    )
    code, _, err = run_cli(["kb", "check", "--knowledge", str(tmp_path / "kb")], capsys)
    assert code == 2 and "porosity_pc" in err and 'did you mean "porosity_pct"' in err


def test_design_data_leaves_assumed_values_out() -> None:
    """An edited copy (another material in a screening space) gets the defaults that fit it."""
    from decide.design.edits import design_data, with_edits

    base = load_design(EXAMPLES / "sulfide-nmc811-li20.yaml", KB)
    data = design_data(base)
    assert "porosity_pct" not in data["separator"]
    oxide = design_from_data(with_edits(data, {"separator.material": "llzo"}), None, KB)
    assert oxide.separator.porosity_pct != base.separator.porosity_pct
    with pytest.raises(DesignError, match="no sourced default"):
        edits = {"cathode.active_wt_pct": None, "cathode.catholyte": "llzo"}
        compute(design_from_data(with_edits(data, edits), None, KB), KB)
