"""Corrections of the November 2026 independent fact check (issue #11 item 4), pinned.

Each pin names the corrected value and a source it must cite, so reverting a correction (or
dropping its source) fails here. Change a pin only together with its source.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from decide.assessment import assess
from decide.design import design_from_data, load_design
from decide.design.edits import design_data, with_edits

ROOT = Path(__file__).resolve().parents[1]

# (entry, property, attribute, corrected value, a source that must be cited, what it replaced)
CORRECTED = [
    # wrong values named by the review
    ("li6ps5cl", "density_g_cm3", "typical", 1.86, "braun-2024", "1.64 pellet"),
    ("li3ps4", "reduction_limit_v", "value", 1.71, "asakura-2021-thesis", "0.6 (Yang 2016)"),
    ("li3ps4", "oxidation_limit_v", "value", 2.31, "asakura-2021-thesis", "3.7 (Yang 2016)"),
    ("lagp", "ionic_conductivity_ms_cm", "min", 0.2, "liverpool-ionics-dataset", "0.01"),
    ("lagp", "ionic_conductivity_ms_cm", "max", 0.4, "zhou-2021-thesis", "0.1"),
    ("li3ocl", "ionic_conductivity_ms_cm", "value", 0.14, "liverpool-ionics-dataset", "min 1"),
    ("li4ti5o12", "theoretical_capacity_mah_g", "value", 175, "theoretical-capacity-calc", "186"),
    ("li3ybr6", "ionic_conductivity_ms_cm", "min", 0.72, "zhou-2021-thesis", "1.7"),
    ("llzo", "ionic_conductivity_ms_cm", "typical", 0.51, "liverpool-ionics-dataset", "0.3-1"),
    ("llzo", "ionic_conductivity_ms_cm", "max", 1.3, "laskowski-2023-dataset", "1 (Murugan)"),
    # cold-pressed conductivities (sintered values moved to notes)
    ("lgps", "ionic_conductivity_ms_cm", "min", 5, "zhou-2021-thesis", "12 sintered"),
    ("lgps", "ionic_conductivity_ms_cm", "max", 9, "zhou-2021-thesis", "12 sintered"),
    ("lsipscl", "ionic_conductivity_ms_cm", "min", 3, "zhou-2021-thesis", "25 sintered"),
    ("lsipscl", "ionic_conductivity_ms_cm", "max", 16, "zhou-2021-thesis", "25 sintered"),
    ("li7p3s11", "ionic_conductivity_ms_cm", "value", 3.2, "seino-2014", "17 hot-pressed"),
    ("li55ps45cl15", "ionic_conductivity_ms_cm", "value", 9.4, "adeli-2019", "none"),
    # thermodynamic windows (Zhu, He & Mo 2015 as reproduced by Asakura 2021)
    ("lgps", "reduction_limit_v", "value", 1.71, "zhu-2015", "none"),
    ("lgps", "oxidation_limit_v", "value", 2.14, "zhu-2015", "none"),
    ("li6ps5cl", "reduction_limit_v", "value", 1.71, "zhu-2015", "none"),
    ("li6ps5cl", "oxidation_limit_v", "value", 2.01, "zhu-2015", "none"),
    ("li7p3s11", "reduction_limit_v", "value", 2.28, "zhu-2015", "none"),
    ("li7p3s11", "oxidation_limit_v", "value", 2.31, "zhu-2015", "none"),
    # halide oxidation limits and conductivities
    ("li3ycl6", "oxidation_limit_v", "value", 4.21, "wang-2019-halide-windows", "4.2-4.3 class"),
    ("li3incl6", "oxidation_limit_v", "value", 4.3, "wang-2019-halide-windows", "4.2-4.3 class"),
    ("li2zrcl6", "ionic_conductivity_ms_cm", "value", 0.81, "wang-2021-lzc", "none"),
    # crystallographic densities (computed from lattices unless a quote is cited)
    ("lgps", "density_g_cm3", "typical", 2.05, "obelix-dataset", "2.0 approximate"),
    ("lsipscl", "density_g_cm3", "value", 1.90, "obelix-dataset", "none"),
    ("li3ps4", "density_g_cm3", "typical", 1.87, "obelix-dataset", "1.9 approximate"),
    ("li7p3s11", "density_g_cm3", "min", 1.98, "obelix-dataset", "none"),
    ("li6ps5br", "density_g_cm3", "min", 2.07, "obelix-dataset", "none"),
    ("li6ps5br", "density_g_cm3", "max", 2.09, "obelix-dataset", "none"),
    ("llzo", "density_g_cm3", "typical", 5.12, "braun-2024", "5.1"),
    ("latp", "density_g_cm3", "value", 2.93, "obelix-dataset", "2.9 approximate"),
    ("lagp", "density_g_cm3", "typical", 3.42, "obelix-dataset", "3.5615 (Wikipedia)"),
    ("li3incl6", "density_g_cm3", "value", 2.71, "braun-2024", "none"),
    ("li3ycl6", "density_g_cm3", "value", 2.43, "obelix-dataset", "none"),
    ("li2zrcl6", "density_g_cm3", "value", 2.5, "kochetkov-2022", "none"),
    ("li3ybr6", "density_g_cm3", "value", 3.63, "obelix-dataset", "none"),
    ("li3ocl", "density_g_cm3", "value", 2.01, "obelix-dataset", "none"),
    ("libh4", "density_g_cm3", "min", 0.666, "libh4-wikipedia", "none"),
    ("lnmo", "density_g_cm3", "value", 4.5, "tumftm-cell-materials", "none"),
    ("li3n", "density_g_cm3", "value", 1.29, "obelix-dataset", "none"),
    # activation energies (dataset transcriptions, secondary)
    ("llzo", "activation_energy_ev", "min", 0.26, "laskowski-2023-dataset", "none"),
    ("llzo", "activation_energy_ev", "max", 0.33, "laskowski-2023-dataset", "none"),
    ("latp", "activation_energy_ev", "min", 0.23, "laskowski-2023-dataset", "none"),
    ("lagp", "activation_energy_ev", "max", 0.43, "laskowski-2023-dataset", "none"),
    ("li3incl6", "activation_energy_ev", "value", 0.35, "laskowski-2023-dataset", "none"),
    ("li6ps5br", "activation_energy_ev", "typical", 0.30, "laskowski-2023-dataset", "none"),
    ("li3ocl", "activation_energy_ev", "min", 0.20, "laskowski-2023-dataset", "0.2-0.3 class"),
    ("li3n", "activation_energy_ev", "min", 0.25, "laskowski-2023-dataset", "none"),
    ("li3n", "ionic_conductivity_ms_cm", "value", 0.575, "liverpool-ionics-dataset", "none"),
    # PEO-LiTFSI above the melt (dataset, low confidence)
    ("peo-litfsi", "ionic_conductivity_60c_ms_cm", "typical", 0.45, "chemprop-polymer-dataset", ""),
    # electrodes: per-material average voltages, cut-offs, capacities, expansion
    ("nmc811", "average_voltage_v", "value", 3.85, "pybamm-parameter-sets", "3.86 (BotB)"),
    ("nca", "average_voltage_v", "value", 3.79, "kim-2011-nca", "3.86 (BotB)"),
    ("lco", "average_voltage_v", "value", 3.98, "ai-2020", "3.86 (BotB)"),
    ("nca", "upper_cutoff_v", "value", 4.2, "kim-2011-nca", "none"),
    ("lfp", "upper_cutoff_v", "value", 3.6, "prada-2013-lfp", "none"),
    ("sulfur", "upper_cutoff_v", "value", 2.8, "cao-2023-sulfur-assb", "none"),
    ("li2s", "upper_cutoff_v", "value", 3.5, "park-2025-li2s-assb", "none"),
    ("silicon", "volume_expansion_pct", "min", 275, "zeilinger-2013", "none"),
    ("graphite", "volume_expansion_pct", "value", 10.9, "pybamm-parameter-sets", "none"),
]


@pytest.mark.parametrize(("entry_id", "name", "attr", "expected", "src", "was"), CORRECTED)
def test_corrected_value_and_its_source(kb, entry_id, name, attr, expected, src, was):
    prop = kb.entries[entry_id].properties[name]
    assert getattr(prop, attr) == pytest.approx(expected), f"{entry_id}.{name} (was {was})"
    assert src in prop.source, f"{entry_id}.{name} must cite {src}"


def test_sulfide_conductivities_state_their_processing(kb):
    for mid in ("lgps", "lsipscl", "li7p3s11", "li55ps45cl15"):
        prop = kb.entries[mid].properties["ionic_conductivity_ms_cm"]
        assert "cold-pressed" in (prop.condition or ""), mid


def test_cut_offs_vs_graphite_say_so(kb):
    for mid in ("lfp", "nca"):
        prop = kb.entries[mid].properties["upper_cutoff_v"]
        assert "vs graphite" in (prop.condition or ""), mid


def test_peo_has_no_activation_energy_applied_from_25c(kb):
    """The only sound Ea is above the melt; the model would apply it to the 25 C value."""
    assert "activation_energy_ev" not in kb.entries["peo-litfsi"].properties


def test_silicon_capacity_basis_note(kb):
    note = kb.entries["silicon"].properties["theoretical_capacity_mah_g"].note or ""
    assert "Li4Si basis" in note and "3579" in note and "4200" in note
    assert "Li4.4Si basis" not in note


def test_corrected_source_metadata(kb):
    assert kb.entries["seino-2014"].doi == "10.1039/C3EE41655K"
    assert kb.entries["wang-2021-wet-halide"].doi == "10.1126/sciadv.abh1896"
    assert kb.entries["zhou-2021-argyrodite"].doi == "10.1021/acs.accounts.0c00874"
    assert kb.entries["du-2022-lmro"].doi == "10.1021/acsenergylett.2c01637"


def test_halide_families_follow_the_anion(kb):
    assert kb.entries["chloride-halide"].parent == "halide"
    assert kb.entries["bromide-halide"].parent == "halide"
    for mid in ("li3incl6", "li3ycl6", "li2zrcl6"):
        assert kb.entries[mid].family == ["chloride-halide"], mid
    assert kb.entries["li3ybr6"].family == ["bromide-halide"]


def test_no_4_3_v_compatibility_covers_a_bromide(kb):
    c07 = kb.entries["c07-halide-layered-oxide"]
    assert c07.subject == "chloride-halide"
    bromide = {"li3ybr6", "bromide-halide", "halide"}
    for c in kb.of_kind("compatibility"):
        if c.relation == "compatible_with" and c.object == "layered-oxide":
            assert c.subject not in bromide, c.id
    rel = kb.entries["c07-bromide-layered-oxide"]
    assert (rel.subject, rel.object, rel.relation) == (
        "bromide-halide",
        "layered-oxide",
        "oxidised_by",
    )


def test_bromide_catholyte_with_nmc811_at_4_3_v_gets_a_finding(kb, ruleset):
    base = load_design(ROOT / "rules" / "fixtures" / "oxide-llzo-li.yaml", kb)
    edits = {
        "cathode.active_material": "nmc811",
        "cathode.upper_cutoff_v": 4.3,
        "cathode.density_g_cm3": 3.0,
    }

    def codes(catholyte):
        data = with_edits(design_data(base), {**edits, "cathode.catholyte": catholyte})
        design = design_from_data(data, None, kb)
        return {f.code for f in assess(design, kb, ruleset, levers=False).findings}

    assert "CMP004" in codes("li3ybr6")  # bromide oxidised by the charged cathode
    assert not {"CMP001", "CMP004", "CMP010"} & codes("li3ycl6")  # chloride still compatible


def test_li_rich_sulfide_is_a_warning_with_du_2022(kb):
    c04 = kb.entries["c04-sulfide-li-rich"]
    assert c04.severity == "warning"
    assert "du-2022-lmro" in c04.source
    assert "2.0 V" in c04.mitigation


def test_li2zrcl6_follows_the_halide_reduction_rule(kb):
    trait = kb.entries["li2zrcl6"].traits["lithium_metal_stability"]
    assert trait.value == "reduced"
    assert "soft breakdown" in (trait.note or "")


def test_li6ps5cl_interphase_is_not_self_limiting(kb):
    traits = kb.entries["li6ps5cl"].traits
    assert "nat-commun-2025-lpscl-sei" in traits["lithium_metal_stability"].source
    assert "NOT self-limiting" in (traits["lithium_metal_stability"].note or "")
    assert "self-limiting" not in str(traits["interphase"].value)
    assert "self-limiting" not in kb.entries["c02-argyrodite-li-metal"].evidence.replace(
        "Not self-limiting", ""
    )


def test_lagp_li_stability_claim_removed(kb):
    lagp = kb.entries["lagp"]
    assert "more stable against Li than LATP" not in (lagp.notes or "")
    assert lagp.traits["lithium_metal_stability"].value == "reduced"


def test_standard_editions(kb):
    assert kb.entries["ul-9540a"].edition.startswith("6th ed. (2026-03-13)")
    assert "2027-07-01" in kb.entries["gb-38031-2020"].status
    assert "not above 1 %" in " ".join(kb.entries["t-csae-434-2025"].tests)
    assert kb.entries["iec-62660-2"].edition.startswith("Ed. 2")


def test_bnef_price_points(kb):
    pack = {p.year: p for p in kb.entries["price-li-ion-pack-bnef"].points}
    assert pack[2022].value == 151 and pack[2022].source == ["bnef-2022-survey"]
    assert pack[2024].value == 115
    assert pack[2025].value == 108 and "2025-12-09" in (pack[2025].note or "")
    (cell,) = kb.entries["price-li-ion-cell-bnef"].points
    assert (cell.year, cell.value) == (2025, 74)
