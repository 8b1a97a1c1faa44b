"""Published reference cells: sourced, classed, and chosen per anode class for the review."""

from __future__ import annotations

import pytest

from decide.outlook import reference_cells


def test_every_reference_cell_is_sourced_and_linkable(kb):
    refs = kb.of_kind("reference-cell")
    assert len(refs) >= 5
    for ref in refs:
        for name, prop in ref.properties.items():
            assert name.startswith(("cell_", "stack_", "nominal_", "areal_")), name
            for source in prop.source:
                src = kb.entries[source]
                assert src.doi or src.url, f"{ref.id}: {source} has no DOI or URL"


def test_batpac_baseline_values_are_pinned(kb):
    ref = kb.entries["ref-batpac-5-nmc811-graphite"]
    values = {k: p.central for k, p in ref.properties.items()}
    assert values["cell_specific_energy_wh_per_kg"] == pytest.approx(335.97)
    assert values["cell_energy_density_wh_per_l"] == pytest.approx(646.57)
    assert values["cell_capacity_ah"] == pytest.approx(68.18)
    assert (ref.basis, ref.electrolyte_class, ref.anode_class) == ("model", "liquid", "graphite")


@pytest.mark.parametrize(
    ("anode_class", "first"),
    [
        ("anode-free", "ref-quantumscape-qse5-b"),  # measured, with a Wh/kg; Lee 2020 has none
        ("high-si", "ref-luan-2025-ncm88-si"),  # measured before the model estimate
        ("lithium-metal", "ref-wang-2022-halide-li"),
        ("graphite", None),  # no published solid-state graphite cell is recorded
    ],
)
def test_references_per_anode_class(kb, anode_class, first):
    refs = reference_cells(kb, anode_class)
    assert refs.baseline is not None and refs.baseline.id == "ref-batpac-5-nmc811-graphite"
    assert (refs.solid_state[0].id if refs.solid_state else None) == first
    assert all(r.electrolyte_class != "liquid" for r in refs.solid_state)
