"""Transport and interfaces: Arrhenius, n q mu, t / sigma, R = dV / I, electrolyte class."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from decide.cell import compute, transport
from decide.cell.classify import all_solid_threshold, electrolyte_class
from decide.design import load_design
from decide.kb.loader import load_knowledge

DESIGNS = Path(__file__).resolve().parents[1] / "examples" / "designs"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def test_arrhenius_is_identity_at_25c_and_lower_when_cold() -> None:
    assert transport.arrhenius(2.0, 0.3, 25.0) == pytest.approx(2.0)
    cold = transport.arrhenius(2.0, 0.3, -20.0)
    expected = 2.0 * math.exp(-0.3 / transport.BOLTZMANN_EV_K * (1 / 253.15 - 1 / 298.15))
    assert cold == pytest.approx(expected) and cold < 2.0


def test_sigma_from_carriers() -> None:
    # 1e21 cm^-3 carriers at 1e-5 cm2/(V s): 1.602 mS/cm
    assert transport.sigma_from_carriers(1e21, 1e-5) == pytest.approx(1.602176634)


def test_asr_and_interface_resistance() -> None:
    assert transport.asr(30.0, 2.5) == pytest.approx(1.2)
    assert transport.interface_resistance(0.02, 1.0) == pytest.approx(20.0)
    assert transport.interface_asr(0.02, 1.0, 2.0) == pytest.approx(40.0)


def test_design_interface_test_and_separator_asr(kb) -> None:
    m = compute(load_design(DESIGNS / "sulfide-nmc811-li20.yaml", kb), kb)
    assert m.values["interface_asr_ohm_cm2"] == pytest.approx(20.0)
    sigma = m.values["separator_conductivity_ms_cm"]
    assert m.values["separator_asr_ohm_cm2"] == pytest.approx(30e-4 / (sigma * 1e-3))


def test_thresholds_come_from_the_standards(kb) -> None:
    threshold, standards = all_solid_threshold(kb)
    assert threshold == pytest.approx(0.5)
    assert standards


@pytest.mark.parametrize(
    "name,expected",
    [
        ("liquid-nmc811-graphite", "liquid"),
        ("semi-solid-nmc811-sic", "hybrid-solid-liquid"),
        ("quantumscape-oxide-anode-free", "hybrid-solid-liquid"),
        ("sulfide-nmc811-li20", "all-solid-state"),
    ],
)
def test_electrolyte_class_of_examples(name, expected, kb) -> None:
    m = compute(load_design(DESIGNS / f"{name}.yaml", kb), kb)
    assert m.values["electrolyte_class"] == expected


def test_tiny_liquid_share_is_still_all_solid(kb) -> None:
    assert electrolyte_class(0.4, True, True, kb) == "all-solid-state"
    assert electrolyte_class(0.8, True, True, kb) == "hybrid-solid-liquid"
    assert electrolyte_class(30.0, True, True, kb) == "liquid"
