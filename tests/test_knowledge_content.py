"""Content tests of the built-in knowledge base: counts, required ids, pinned sourced values.

Pinned values guard against accidental edits: change one only together with its source.
"""

from __future__ import annotations

import pytest

from decide.kb.loader import load_knowledge
from decide.kb.schema import Property


@pytest.fixture(scope="module")
def kb():
    return load_knowledge(use_cache=False)


def _of_kind(kb, kind):
    return {i: e for i, e in kb.entries.items() if e.kind == kind}


MINIMUM = {
    "material": 46,
    "compatibility": 30,
    "standard": 15,
    "ip-area": 8,
    "phase": 3,
    "application": 6,
    "projection": 3,
    "imperative": 3,
    "price": 5,
    "family": 15,
    "source": 50,
}


@pytest.mark.parametrize(("kind", "least"), sorted(MINIMUM.items()))
def test_minimum_counts(kb, kind, least):
    assert len(_of_kind(kb, kind)) >= least


CONTRACT_IDS = {
    "material": [
        "lgps",
        "lsipscl",
        "li6ps5cl",
        "li3ps4",
        "li7p3s11",
        "llzo",
        "latp",
        "lipon",
        "li3incl6",
        "li3ycl6",
        "peo-litfsi",
        "nmc811",
        "nmc622",
        "nca",
        "lfp",
        "lco",
        "lnmo",
        "sulfur",
        "li2s",
        "graphite",
        "si-c",
        "silicon",
        "lithium-metal",
        "anode-free",
        "linbo3",
        "li4ti5o12",
        "li2zro3",
        "li3po4",
        "al2o3",
        "li3n",
        "ag-c",
        "li-in",
        "pe-separator",
        "lp30",
    ],
    "application": ["ev-mainstream", "ev-premium", "drone", "aviation", "grid-storage", "consumer"],
    "phase": ["phase-1", "phase-2", "phase-3"],
}


@pytest.mark.parametrize(
    ("kind", "entry_id"), [(k, i) for k, ids in CONTRACT_IDS.items() for i in ids]
)
def test_contract_ids_present(kb, kind, entry_id):
    assert entry_id in kb.entries, entry_id
    assert kb.entries[entry_id].kind == kind


ADDED_IDS = {
    "material": ["nmc90", "lmfp", "li-rich", "li6ps5br", "lagp", "li3ocl", "pvdf-polymer"],
}


@pytest.mark.parametrize(
    ("kind", "entry_id"), [(k, i) for k, ids in ADDED_IDS.items() for i in ids]
)
def test_added_ids_present(kb, kind, entry_id):
    assert entry_id in kb.entries, entry_id
    assert kb.entries[entry_id].kind == kind


def test_new_entries_family_and_role(kb):
    expected = {
        "nmc90": ("cathode", "layered-oxide"),
        "lmfp": ("cathode", "olivine"),
        "li-rich": ("cathode", "li-rich-layered"),
        "li6ps5br": ("solid-electrolyte", "argyrodite"),
        "lagp": ("solid-electrolyte", "nasicon"),
        "li3ocl": ("solid-electrolyte", "anti-perovskite"),
        "pvdf-polymer": ("solid-electrolyte", "polymer"),
    }
    for mid, (role, family) in expected.items():
        entry = kb.entries[mid]
        assert role in entry.roles, mid
        assert family in entry.family, mid


def test_activation_energies_present(kb):
    with_ea = [
        "lgps",
        "li6ps5cl",
        "li3ps4",
        "li7p3s11",
        "lipon",
        "li3ycl6",
        "li3ybr6",
        "libh4",
        "li3ocl",
        # 2026-11 review follow-up (dataset transcriptions, secondary)
        "llzo",
        "latp",
        "lagp",
        "li3incl6",
        "li6ps5br",
        "li3n",
    ]
    for mid in with_ea:
        assert "activation_energy_ev" in kb.entries[mid].properties, mid


def test_solid_electrolyte_count(kb):
    ses = [e for e in _of_kind(kb, "material").values() if "solid-electrolyte" in e.roles]
    assert len(ses) >= 19


def test_every_csv_rule_encoded(kb):
    rules = {e.csv_rule for e in _of_kind(kb, "compatibility").values() if e.csv_rule}
    assert rules >= {f"C{n:02d}" for n in range(1, 16)}


def _prop(kb, entry_id, name, field="properties"):
    return getattr(kb.entries[entry_id], field)[name]


PINNED = [
    # (entry, field, property, attribute, value, a source that must be cited)
    # 2026-11 review: LGPS, LSiPSCl store the cold-pressed range (sintered 12 and 25 in notes)
    ("lgps", "properties", "ionic_conductivity_ms_cm", "max", 9, "zhou-2021-thesis"),
    ("lsipscl", "properties", "ionic_conductivity_ms_cm", "max", 16, "zhou-2021-thesis"),
    # 2026-11 review: crystallographic density, not the 1.64 pellet value
    ("li6ps5cl", "properties", "density_g_cm3", "typical", 1.86, "braun-2024"),
    ("li3incl6", "properties", "ionic_conductivity_ms_cm", "typical", 1.49, "li-2019-lic"),
    ("li3ycl6", "properties", "ionic_conductivity_ms_cm", "value", 0.51, "asano-2018"),
    ("llzo", "properties", "oxidation_limit_v", "value", 2.91, "zhu-2015"),
    ("latp", "properties", "reduction_limit_v", "value", 2.17, "zhu-2015"),
    ("libh4", "properties", "carrier_density_per_cm3", "value", 1.62e22, "matsuo-2007"),
    ("nmc811", "properties", "specific_capacity_mah_g", "value", 195, "botb-activesdb"),
    ("lfp", "properties", "average_voltage_v", "value", 3.375, "botb-activesdb"),
    ("graphite", "properties", "specific_capacity_mah_g", "value", 344, "botb-activesdb"),
    ("lithium-metal", "properties", "density_g_cm3", "value", 0.534, "botb-activesdb"),
    ("phase-1", "targets", "cell_specific_energy_wh_per_kg", "min", 200, "seed-article"),
    ("phase-1", "targets", "cell_specific_energy_wh_per_kg", "max", 300, "seed-article"),
    ("phase-2", "targets", "cell_specific_energy_wh_per_kg", "min", 400, "seed-article"),
    ("phase-2", "targets", "cell_energy_density_wh_per_l", "min", 800, "seed-article"),
    ("phase-2", "properties", "high_silicon_threshold_wt_pct", "min", 50, "seed-article"),
    ("phase-3", "targets", "cell_specific_energy_wh_per_kg", "min", 500, "seed-article"),
    ("phase-3", "targets", "cell_energy_density_wh_per_l", "min", 1000, "seed-article"),
    (
        "projection-2030-liquid",
        "properties",
        "cell_specific_energy_wh_per_kg",
        "value",
        350,
        "seed-article",
    ),
    (
        "projection-2030-semi-solid",
        "properties",
        "cycle_life_cycles",
        "value",
        2000,
        "seed-article",
    ),
    (
        "projection-2030-solid-state",
        "properties",
        "cell_specific_energy_wh_per_kg",
        "min",
        500,
        "seed-article",
    ),
    ("projection-2030-solid-state", "properties", "cycle_life_cycles", "min", 3000, "seed-article"),
    (
        "projection-2030-solid-state",
        "properties",
        "cell_cost_usd_per_kwh",
        "value",
        90,
        "seed-article",
    ),
    ("projection-2030-liquid", "properties", "cell_cost_usd_per_kwh", "value", 80, "seed-article"),
    (
        "projection-2030-semi-solid",
        "properties",
        "cell_cost_usd_per_kwh",
        "value",
        100,
        "seed-article",
    ),
    ("t-csae-434-2025", "properties", "weight_loss_pct", "max", 1.0, "src-t-csae-434"),
    ("gbt-ssb-terms-draft", "properties", "weight_loss_pct", "max", 0.5, "cnevpost-2025-gbt"),
    # second build: activation energies, CCD, new entries, cut-offs
    ("lgps", "properties", "activation_energy_ev", "value", 0.22, "kuhn-2013"),
    ("li6ps5cl", "properties", "activation_energy_ev", "min", 0.35, "singh-2022"),
    ("li6ps5cl", "properties", "activation_energy_ev", "max", 0.37, "singh-2022"),
    ("li6ps5cl", "properties", "critical_current_density_ma_cm2", "max", 0.9, "singh-2022"),
    ("li3ps4", "properties", "activation_energy_ev", "typical", 0.40, "dalton-2025-li3ps4"),
    ("li7p3s11", "properties", "activation_energy_ev", "value", 0.176, "seino-2014"),
    ("lipon", "properties", "activation_energy_ev", "min", 0.53, "put-2016"),
    ("lipon", "properties", "activation_energy_ev", "max", 0.63, "put-2016"),
    ("li3ycl6", "properties", "activation_energy_ev", "value", 0.39, "wang-2021-wet-halide"),
    ("li3ybr6", "properties", "activation_energy_ev", "value", 0.34, "wang-2021-wet-halide"),
    ("llzo", "properties", "critical_current_density_ma_cm2", "max", 0.28, "flatscher-2020"),
    ("li3ocl", "properties", "activation_energy_ev", "max", 0.26, "laskowski-2023-dataset"),
    ("li6ps5br", "properties", "ionic_conductivity_ms_cm", "typical", 2.4, "zhou-2021-argyrodite"),
    ("li-rich", "properties", "specific_capacity_mah_g", "value", 244.5, "du-2022-lmro"),
    ("li-rich", "properties", "upper_cutoff_v", "value", 4.8, "du-2022-lmro"),
    ("lmfp", "properties", "specific_capacity_mah_g", "min", 156.5, "lmfp-2024-liquid-solid"),
    ("nmc90", "properties", "specific_capacity_mah_g", "value", 215, "lee-2020"),
    ("nmc622", "properties", "upper_cutoff_v", "min", 4.3, "du-2022-lmro"),
    ("lco", "properties", "upper_cutoff_v", "max", 4.3, "du-2022-lmro"),
    ("ev-premium", "requirements", "critical_current_density_ma_cm2", "min", 3, "flatscher-2020"),
    # third build: oxidation limits from Kochetkov et al. 2022 (EES)
    ("li3incl6", "properties", "practical_oxidation_limit_v", "typical", 4.27, "kochetkov-2022"),
    # 2026-11: per-compound first-principles limits (Wang 2019 via Yu 2022) replace the class range
    ("li3incl6", "properties", "oxidation_limit_v", "value", 4.3, "yu-2022-lmro-halide"),
    ("li3ycl6", "properties", "oxidation_limit_v", "value", 4.21, "yu-2022-lmro-halide"),
    ("li6ps5cl", "properties", "practical_oxidation_limit_v", "value", 2.6, "kochetkov-2022"),
]


@pytest.mark.parametrize(("entry_id", "field", "name", "attr", "expected", "src"), PINNED)
def test_pinned_values(kb, entry_id, field, name, attr, expected, src):
    prop = _prop(kb, entry_id, name, field)
    assert getattr(prop, attr) == pytest.approx(expected)
    assert src in prop.source


def test_seed_table_1_sulfide_prices(kb):
    series = kb.entries["price-sulfide-electrolyte-china"]
    assert series.unit == "usd_per_kg"
    assert "sulfide" in series.subjects
    points = {p.year: p for p in series.points}
    assert (points[2023].min, points[2023].max) == (1100, 2300)
    assert (points[2024].min, points[2024].max) == (850, 1200)
    assert (points[2025].min, points[2025].max) == (600, 700)
    assert points[2030].max == 150 and points[2030].min is None
    assert all("seed-article" in p.source for p in series.points)


def test_phase_years_and_anodes(kb):
    expected = {
        "phase-1": (2025, 2027, {"graphite", "low-si"}),
        "phase-2": (2027, 2030, {"high-si"}),
        "phase-3": (2030, 2035, {"lithium-metal", "anode-free"}),
    }
    for pid, (start, end, anodes) in expected.items():
        phase = kb.entries[pid]
        assert (phase.start_year, phase.end_year) == (start, end)
        assert set(phase.anode_classes) == anodes


def test_anode_classes(kb):
    expected = {
        "graphite": "graphite",
        "silicon": "high-si",
        "lithium-metal": "lithium-metal",
        "anode-free": "anode-free",
    }
    for mid, cls in expected.items():
        assert kb.entries[mid].traits["anode_class"].value == cls


def test_lithium_metal_stability_vocabulary(kb):
    allowed = {"stable", "passivating", "mixed-conducting", "reduced"}
    for e in _of_kind(kb, "material").values():
        trait = e.traits.get("lithium_metal_stability")
        if trait is not None:
            assert trait.value in allowed, e.id


def _properties_of(entry):
    for field in ("properties", "targets", "requirements", "capacity_model"):
        for name, prop in (getattr(entry, field, None) or {}).items():
            yield f"{field}.{name}", prop


def test_every_number_has_a_resolving_source(kb):
    sources = set(_of_kind(kb, "source"))
    for entry in kb.entries.values():
        for where, prop in _properties_of(entry):
            assert isinstance(prop, Property)
            assert prop.source, f"{entry.id}.{where}"
            missing = set(prop.source) - sources
            assert not missing, f"{entry.id}.{where} cites unknown {missing}"
        for point in getattr(entry, "points", []) or []:
            assert set(point.source) <= sources, entry.id


def test_every_source_says_what_it_was_used_for(kb):
    for src in _of_kind(kb, "source").values():
        assert src.used_for and src.verified, src.id
