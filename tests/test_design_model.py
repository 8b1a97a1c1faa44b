"""Design loading: units, overrides, suppressions, defaults."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from decide.design import design_from_data, load_design
from decide.errors import DesignError
from decide.kb.loader import load_knowledge
from decide.units import to_number, unit_of
from decide.yamlio import load_file

DESIGN = Path(__file__).resolve().parents[1] / "examples" / "designs" / "sulfide-nmc811-li20.yaml"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


@pytest.fixture(scope="module")
def raw():
    return load_file(DESIGN)[0]


@pytest.mark.parametrize(
    "value,unit,expected",
    [
        ("30 um", "micrometer", 30.0),
        ("0.03 mm", "micrometer", 30.0),
        ("4 mAh/cm^2", "mA*h/cm^2", 4.0),
        ("4 mAh/cm2", "mA*h/cm^2", 4.0),
        ("2.5 g/cm3", "g/cm^3", 2.5),
        (12, "micrometer", 12.0),
    ],
)
def test_units_convert(value, unit, expected) -> None:
    assert to_number(value, unit) == pytest.approx(expected)


def test_unit_of_suffix() -> None:
    assert unit_of("thickness_um") == "micrometer"
    assert unit_of("areal_capacity_mah_cm2") == "mA*h/cm^2"
    assert unit_of("cycle_life") is None


def test_overrides_are_collected_with_dotted_paths(kb, raw) -> None:
    data = copy.deepcopy(raw)
    data["cathode"]["specific_capacity_mah_g"] = "210 mAh/g"
    design = design_from_data(data, None, kb)
    assert design.overrides["cathode.specific_capacity_mah_g"] == pytest.approx(210.0)


def test_suppressions_and_claims(kb, raw) -> None:
    data = copy.deepcopy(raw)
    data["suppressions"] = [{"code": "CMP001", "reason": "coated, tested to 4.3 V"}]
    design = design_from_data(data, None, kb)
    assert design.suppressions[0].code == "CMP001"
    assert design.claims.interface_test.delta_v_v == pytest.approx(0.02)


def test_missing_kb_property_names_path_and_id(kb, raw) -> None:
    data = copy.deepcopy(raw)
    # li3incl6 gained a sourced density (2.71, 2026-11 review); li55ps45cl15 still has none.
    data["separator"] = {"material": "li55ps45cl15", "thickness_um": 30}
    with pytest.raises(DesignError) as info:
        from decide.cell import compute

        compute(design_from_data(data, None, kb, "x.yaml"), kb)
    message = info.value.render()
    assert "separator.material" in message and "li55ps45cl15 has no density_g_cm3" in message
    assert "give density_g_cm3 in the design" in message


def test_load_design_keeps_source_file(kb) -> None:
    assert load_design(DESIGN, kb).source_file == str(DESIGN)
