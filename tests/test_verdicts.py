"""Verdicts an engineer can trust: regression tests for the defects a design review found."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import EXAMPLES, FIXTURES

from decide.assessment import assess
from decide.design import design_from_data, load_design
from decide.design.edits import design_data, with_edits


def _findings(kb, ruleset, data: dict[str, Any]) -> dict[str, Any]:
    design = design_from_data(data, None, kb)
    return {f.code: f for f in assess(design, kb, ruleset, levers=False).findings}


def _fixture(kb, name: str, edits: dict[str, Any] | None = None) -> dict[str, Any]:
    return with_edits(design_data(load_design(FIXTURES / f"{name}.yaml", kb)), edits or {})


def test_sulfide_findings_name_only_the_sulfides(kb, ruleset) -> None:
    """SAF001 and MFG001 called LLZO a sulfide when an oxide separator met a sulfide catholyte."""
    data = _fixture(kb, "sulfide-nmc811-li", {"separator.material": "llzo"})
    found = _findings(kb, ruleset, data)
    for code in ("SAF001", "MFG001"):
        assert found[code].subjects == ["li6ps5cl"], code
        assert "llzo" not in found[code].message
    assert "SAF001" not in _findings(kb, ruleset, _fixture(kb, "oxide-llzo-li"))


def test_findings_are_ordered_by_severity_then_rank(kb, ruleset) -> None:
    design = load_design(EXAMPLES / "sulfide-nmc811-li20.yaml", kb)
    findings = assess(design, kb, ruleset, levers=False).findings
    order = {"error": 0, "warning": 1, "info": 2}
    keys = [(order[f.severity], f.rank, f.code) for f in findings]
    assert keys == sorted(keys)
    assert all(1 <= f.rank <= 99 for f in findings)


def test_the_lithium_source_foil_is_not_called_excess(kb, ruleset) -> None:
    """ENE004 called a Li-S cell's source foil 'excess': only lithium beyond the need is."""
    edits = {
        "cathode.active_material": "sulfur",
        "cathode.average_voltage_v": 2.1,
        "cathode.upper_cutoff_v": None,
        "cathode.coating": None,
        "cathode.areal_capacity_mah_cm2": 6,
        "anode.thickness_um": 35,
    }
    found = _findings(kb, ruleset, _fixture(kb, "sulfide-nmc811-li", edits))
    assert "ENE004" not in found and "ENE012" not in found  # 35 um holds 6 mAh/cm2 (29 um) + 6
    found = _findings(
        kb, ruleset, _fixture(kb, "sulfide-nmc811-li", {**edits, "anode.thickness_um": 20})
    )
    assert "ENE012" in found and found["ENE012"].severity == "error"
    found = _findings(
        kb, ruleset, _fixture(kb, "sulfide-nmc811-li", {**edits, "anode.thickness_um": 80})
    )
    assert "ENE004" in found and "50.9 um" in found["ENE004"].message


def test_sulfur_with_a_bare_anode_has_no_lithium(kb, ruleset) -> None:
    edits = {
        "cathode.active_material": "sulfur",
        "cathode.average_voltage_v": 2.1,
        "cathode.upper_cutoff_v": None,
        "cathode.coating": None,
    }
    found = _findings(kb, ruleset, _fixture(kb, "sulfide-nmc811-sic", edits))
    assert found["ENE011"].severity == "error"


def test_high_silicon_anodes_swell_in_the_charged_state(kb) -> None:
    """Si was counted as built while lithium metal got its plated lithium: Wh/L favoured Si."""
    from decide.cell import compute

    values = compute(load_design(EXAMPLES / "tan2021-micro-si.yaml", kb), kb).values
    assert values["anode_expansion_um"] > 0
    built = values["stack_thickness_um"] - values["anode_expansion_um"]
    assert values["stack_energy_density_wh_per_l"] < values["energy_mwh_per_cm2"] / (built * 1e-4)


def test_a_halide_anolyte_in_a_graphite_anode_is_refused(kb, ruleset) -> None:
    """A chloride anolyte inside a graphite anode (~0.1 V vs Li) passed every rule."""
    data = _fixture(
        kb,
        "sulfide-nmc811-sic",
        {"anode.material": "graphite", "anode.silicon_wt_pct": None, "anode.anolyte": "li3ycl6"},
    )
    found = _findings(kb, ruleset, data)
    assert found["CMP016"].severity == "error"
    assert set(found["CMP016"].subjects) == {"li3ycl6", "graphite"}


@pytest.mark.parametrize(("catholyte_wt", "code"), [(0, "CMP017"), (3, "CMP018")])
def test_a_cathode_without_enough_ionic_conductor_is_flagged(kb, ruleset, catholyte_wt, code):
    edits = {"cathode.catholyte_wt_pct": catholyte_wt, "cathode.active_wt_pct": 95}
    if catholyte_wt == 0:
        edits.update({"cathode.catholyte": None, "cathode.catholyte_wt_pct": None})
    found = _findings(kb, ruleset, _fixture(kb, "sulfide-nmc811-li", edits))
    assert code in found


@pytest.mark.parametrize(
    ("edits", "code"),
    [
        (
            {
                "anode.material": "anode-free",
                "anode.thickness_um": None,
                "operating.stack_pressure_mpa": 0.1,
            },
            "INT008",
        ),
        ({"operating.stack_pressure_mpa": 50}, "INT007"),
        ({"operating.stack_pressure_mpa": 10}, "INT005"),
        ({"anode.thickness_um": 2}, "MFG005"),
    ],
    ids=["anode-free-0.1-MPa", "50-MPa", "10-MPa-on-sulfide", "2-um-foil"],
)
def test_operating_conditions_are_checked_by_value(kb, ruleset, edits, code) -> None:
    assert code in _findings(kb, ruleset, _fixture(kb, "sulfide-nmc811-li", edits))


def test_a_polymer_cell_is_judged_at_its_own_temperature(kb, ruleset) -> None:
    cold = _findings(
        kb, ruleset, _fixture(kb, "polymer-lfp-li", {"operating.min_temperature_c": 25})
    )
    assert "CON007" in cold
    warm = _findings(
        kb,
        ruleset,
        _fixture(
            kb,
            "polymer-lfp-li",
            {"operating.min_temperature_c": 60, "operating.max_temperature_c": 80},
        ),
    )
    assert "CON007" not in warm and "CON003" not in warm


def test_naming_follows_the_standards_both_ways(kb, ruleset) -> None:
    """STD001 let '... solid-state (ASSB)' with 10 % liquid pass, and at 0.3 % liquid called an
    all-solid-state cell one that 'cannot be called all-solid-state'."""
    wet = _fixture(
        kb,
        "sulfide-nmc811-li",
        {
            "name": "NMC811 solid-state (ASSB) cell",
            "liquid_electrolyte": {"material": "lp30", "wt_pct": 10},
        },
    )
    assert _findings(kb, ruleset, wet)["STD001"].severity == "error"
    trace = _fixture(
        kb,
        "sulfide-nmc811-li",
        {
            "name": "NMC811 all-solid-state cell",
            "liquid_electrolyte": {"material": "lp30", "wt_pct": 0.3},
        },
    )
    found = _findings(kb, ruleset, trace)
    assert "STD001" not in found and "STD006" not in found
    design = design_from_data(trace, None, kb)
    assert assess(design, kb, ruleset, levers=False).metrics.values["electrolyte_class"] == (
        "all-solid-state"
    )


@pytest.mark.parametrize(
    ("loss", "std001", "std006"),
    [(0.5, False, False), (0.51, False, True), (1.0, False, True), (1.01, True, False)],
)
def test_weight_loss_thresholds(kb, ruleset, loss, std001, std006) -> None:
    data = _fixture(
        kb,
        "sulfide-nmc811-li",
        {"name": "NMC811 all-solid-state cell", "claims.weight_loss_pct": loss},
    )
    found = _findings(kb, ruleset, data)
    assert ("STD001" in found) is std001 and ("STD006" in found) is std006


def test_charge_rate_sets_the_current_against_the_ccd(kb, ruleset) -> None:
    fast = _findings(kb, ruleset, _fixture(kb, "sulfide-nmc811-li"))
    slow = _findings(
        kb, ruleset, _fixture(kb, "sulfide-nmc811-li", {"operating.charge_c_rate": 0.1})
    )
    assert "SAF002" in fast and "SAF002" not in slow
    assert fast.get("ENE002") is None or fast["ENE002"].severity == "info"


def test_quantumscape_review_states_the_model_measurement_gap(kb, ruleset) -> None:
    design = load_design(EXAMPLES / "quantumscape-oxide-anode-free.yaml", kb)
    found = {f.code: f for f in assess(design, kb, ruleset, levers=False).findings}
    gap = found["PLA006"]
    assert "301 Wh/kg measured" in gap.message and "format model" in gap.message


QUOTES = """\
- id: quote-{subject}
  name: "Supplier quotation for {subject}"
  subjects: [{subject}]
  unit: {unit}
  points:
    - {{year: 2026, value: {value}, source: [quote-2026]}}
  source: [quote-2026]
  confidence: high
"""


def test_low_confidence_prices_are_flagged_until_quoted(tmp_path, capsys) -> None:
    """Issue 12: a cost resting on example prices says so, with the share each carries; a user's
    quotations (a --knowledge overlay) replace them and the finding goes."""
    import json

    from conftest import run_cli

    design = str(EXAMPLES / "sulfide-nmc811-li20.yaml")
    code, out, _ = run_cli(["check", design, "--format", "json", "--select", "CST005"], capsys)
    (finding,) = json.loads(out)["findings"]
    assert finding["code"] == "CST005" and "price-nmc-example" in finding["message"]
    assert "price-cell-conversion" in finding["message"]  # the largest share is named first
    assert finding["message"].index("cell-conversion") < finding["message"].index("nmc-example")

    overlay = tmp_path / "quotes"
    (overlay / "prices").mkdir(parents=True)
    (overlay / "sources").mkdir()
    (overlay / "sources" / "quotes.yaml").write_text(
        '- {id: quote-2026, type: report, citation: "Supplier quotations, 2026", year: 2026, '
        'used_for: "test quotations"}\n'
    )
    quoted = [
        ("nmc811", "usd_per_kg", 20),
        ("lithium-metal", "usd_per_kg", 60),
        ("copper", "usd_per_kg", 12),
        ("aluminium", "usd_per_kg", 6),
        ("carbon-black", "usd_per_kg", 10),
        ("cell-manufacturing", "usd_per_kwh", 30),
    ]
    (overlay / "prices" / "quotes.yaml").write_text(
        "".join(QUOTES.format(subject=s, unit=u, value=v) for s, u, v in quoted)
    )
    argv = ["check", design, "--format", "json", "--knowledge", str(overlay)]
    code, out, err = run_cli([*argv, "--select", "CST005"], capsys)
    assert code == 0, err
    assert json.loads(out)["findings"] == []
