"""The format model: published cells reproduced, its bookkeeping consistent, its errors clear."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from decide.cell import compute
from decide.design import design_from_data, load_design
from decide.design.edits import design_data, with_edits
from decide.kb.loader import load_knowledge

KB = load_knowledge()
BATPAC = ROOT / "tests" / "data" / "batpac-nmc811-graphite.yaml"
LACEY = EXAMPLES / "lacey-21700-nmc622-graphite.yaml"

# Published cell-level figures: (design, metric, published value)
PUBLISHED = [
    # Argonne BatPaC v5.0, default 'EV with NMC811-G (Energy)' cell (knowledge source batpac-5)
    (BATPAC, "cell_capacity_ah", 68.179),
    (BATPAC, "cell_mass_g", 744.124),
    (BATPAC, "cell_volume_ml", 386.66),
    (BATPAC, "cell_specific_energy_wh_per_kg", 335.97),
    (BATPAC, "cell_energy_density_wh_per_l", 646.57),
    (BATPAC, "cell_length_mm", 273.307),
    (BATPAC, "cell_width_mm", 70.347),
    (BATPAC, "cell_thickness_mm", 20.111),
    # M. J. Lacey, cellmodels, 21700 quick-start example (knowledge source lacey-cellmodels)
    (LACEY, "cell_capacity_ah", 4.29),
    (LACEY, "cell_energy_wh", 15.84),
    (LACEY, "cell_mass_g", 71.1),
    (LACEY, "cell_specific_energy_wh_per_kg", 222.8),
    (LACEY, "cell_energy_density_wh_per_l", 653.0),
    (LACEY, "packaging_mass_pct", 15.3),
]


@pytest.mark.parametrize(
    ("path", "metric", "published"), PUBLISHED, ids=lambda x: getattr(x, "stem", str(x))
)
def test_published_cells_within_3_percent(path: Path, metric: str, published: float) -> None:
    value = compute(load_design(path, KB), KB).values[metric]
    assert value == pytest.approx(published, rel=0.03), (metric, value, published)


def _pouch(**cell: float) -> dict:
    data = design_data(load_design(EXAMPLES / "sulfide-nmc811-li20.yaml", KB))
    return with_edits(data, {f"cell.{k}": v for k, v in cell.items()})


def test_cell_figures_tell_one_story() -> None:
    v = compute(design_from_data(_pouch(), None, KB), KB).values
    assert v["cell_specific_energy_wh_per_kg"] == pytest.approx(
        v["cell_energy_wh"] / v["cell_mass_g"] * 1000, rel=1e-9
    )
    assert v["cell_energy_density_wh_per_l"] == pytest.approx(
        v["cell_energy_wh"] / v["cell_volume_ml"] * 1000, rel=1e-9
    )
    assert v["cell_volume_ml"] == pytest.approx(
        v["cell_length_mm"] * v["cell_width_mm"] * v["cell_thickness_mm"] / 1000, rel=1e-9
    )


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 200), st.integers(1, 50))
def test_more_repeat_units_make_a_bigger_cell_never_better_than_its_stack(
    n: int, extra: int
) -> None:
    # (the housing share is not monotone: a thicker pouch has longer tabs and a deeper cup)
    small = compute(design_from_data(_pouch(repeat_units=n), None, KB), KB).values
    large = compute(design_from_data(_pouch(repeat_units=n + extra), None, KB), KB).values
    for v in (small, large):
        assert 0 < v["packaging_mass_pct"] < 100 and 0 < v["packaging_volume_pct"] < 100
        assert v["cell_specific_energy_wh_per_kg"] < v["stack_specific_energy_wh_per_kg"]
    assert large["cell_capacity_ah"] > small["cell_capacity_ah"]
    assert large["cell_mass_g"] > small["cell_mass_g"]
    assert large["cell_thickness_mm"] > small["cell_thickness_mm"]


def test_given_shares_win_and_the_housing_size_is_not_claimed() -> None:
    v = compute(
        design_from_data(_pouch(packaging_mass_pct=12, packaging_volume_pct=15), None, KB), KB
    ).values
    assert v["packaging_mass_pct"] == 12 and v["packaging_volume_pct"] == 15
    assert v["cell_specific_energy_wh_per_kg"] == pytest.approx(
        v["stack_specific_energy_wh_per_kg"] * 0.88
    )
    assert "cell_length_mm" not in v and "cell_capacity_ah" in v


def test_housing_parameters_can_be_overridden_in_the_cell_block() -> None:
    thin = compute(design_from_data(_pouch(laminate_thickness_um=113), None, KB), KB).values
    thick = compute(design_from_data(_pouch(laminate_thickness_um=190), None, KB), KB).values
    assert thin["packaging_mass_pct"] < thick["packaging_mass_pct"]


def test_prismatic_without_shares_says_what_to_give(tmp_path: Path, capsys) -> None:
    text = (EXAMPLES / "sulfide-nmc811-li20.yaml").read_text()
    path = tmp_path / "prismatic.yaml"
    path.write_text(text.replace("format: pouch", "format: prismatic"))
    code, _, err = run_cli(["metrics", str(path)], capsys)
    assert code == 2
    assert "cell.packaging_mass_pct" in err and "no sourced housing geometry" in err
    assert "Traceback" not in err


def test_unknown_format_gets_a_suggestion(tmp_path: Path, capsys) -> None:
    text = (EXAMPLES / "sulfide-nmc811-li20.yaml").read_text()
    path = tmp_path / "cyl.yaml"
    path.write_text(text.replace("format: pouch", "format: cylindrical-2170"))
    code, _, err = run_cli(["metrics", str(path)], capsys)
    assert code == 2 and "cell.format" in err and "cylindrical-21700" in err


def test_cell_overrides_accept_only_housing_parameters(tmp_path: Path, capsys) -> None:
    text = (EXAMPLES / "sulfide-nmc811-li20.yaml").read_text()
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace("format: pouch", "format: pouch\n  density_g_cm3: 3"))
    code, _, err = run_cli(["metrics", str(path)], capsys)
    assert code == 2 and "cell.density_g_cm3" in err and "unknown field" in err
