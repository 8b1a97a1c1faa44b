"""The knowledge-graph questions the reports ask about a design: its materials, the compatibility
entries between them, the IP areas touching them (decide.kb.neighbourhood, decide.kb.compatibility).
"""

from __future__ import annotations

import pytest
from conftest import EXAMPLES

from decide.design import load_design
from decide.kb import compatibility
from decide.kb import neighbourhood as kg
from decide.rules.functions import ip_areas_for
from decide.vocab.design_fields import BY_PATH

DESIGNS = sorted(EXAMPLES.glob("*.yaml"))


@pytest.fixture(scope="module")
def designs(kb):
    return {p.stem: load_design(p, kb) for p in DESIGNS}


def test_design_materials_reads_every_material_field(designs):
    tan = designs["tan2021-micro-si"]
    found = kg.design_materials(tan)
    assert found["pvdf"] == (BY_PATH["anode.additive"].label,)
    li20 = kg.design_materials(designs["sulfide-nmc811-li20"])
    both = (BY_PATH["cathode.catholyte"].label, BY_PATH["separator.material"].label)
    assert li20["li6ps5cl"] == both  # one material, two fields
    assert next(iter(li20)) == "nmc811"  # field order, cathode first


@pytest.mark.parametrize("stem", [p.stem for p in DESIGNS])
def test_ip_areas_agree_with_the_rule_function(designs, kb, stem):
    design = designs[stem]
    assert kg.ip_areas_touched(design, kb) == ip_areas_for(kb, list(kg.design_materials(design)))


@pytest.mark.parametrize("stem", [p.stem for p in DESIGNS])
def test_neighbourhood_links_only_what_the_design_puts_together(designs, kb, stem):
    graph = kg.neighbourhood(designs[stem], kb)
    assert graph is not None
    kinds = {n.id: n.kind for n in graph.nodes}
    materials = {m for m, k in kinds.items() if k == kg.MATERIAL}
    assert materials == set(kg.design_materials(designs[stem]))
    cited: set[str] = set()
    for link in graph.links:
        assert link.source in kinds and link.target in kinds
        if link.entries:  # a compatibility link between two of the design's materials
            assert {link.source, link.target} <= materials
            assert link.entries == compatibility.between(kb, link.source, link.target)
            for entry in link.entries:
                assert kb.entries[entry].relation in link.relations
                cited |= set(kb.entries[entry].source)
        elif link.relations == (kg.TOUCHES,):
            assert kinds[link.source] == kg.IP_AREA and link.target in materials
            cited |= set(kb.entries[link.source].source)
        else:
            assert link.relations == (kg.MEMBER_OF,) and kinds[link.target] == kg.FAMILY
    assert set(graph.sources) == cited
    assert [n.id for n in graph.nodes] == sorted(kinds)


def test_compatibility_is_symmetric_and_worst_first(kb):
    matrix = compatibility.matrix(
        kb,
        [m.id for m in kb.with_role("cathode")],
        [m.id for m in kb.with_role("solid-electrolyte")],
    )
    assert any(cell.entries for row in matrix.cells for cell in row)
    for r, row in zip(matrix.rows, matrix.cells, strict=True):
        for c, cell in zip(matrix.columns, row, strict=True):
            assert cell == compatibility.pair(kb, c, r)
            if not cell.entries:
                assert cell.severity == compatibility.NONE
            else:
                severities = {kb.entries[i].severity for i in cell.entries}
                assert cell.severity in severities
    assert len(set(matrix.entries())) == len(matrix.entries())
