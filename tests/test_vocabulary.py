"""Each shared concept lives in one table (decide/vocab); these tests keep it that way."""

from __future__ import annotations

import re

import pytest
from conftest import EXAMPLES, FIXTURES, ROOT

from decide.assessment import assess
from decide.cell import compute
from decide.design import Design, design_from_data, load_design
from decide.design.edits import design_data, with_edits
from decide.models import model_in
from decide.vocab.design_fields import MATERIAL_FIELDS
from decide.vocab.metrics import METRICS
from decide.vocab.severity import SEVERITIES, Severity, more_severe_than, rank
from decide.vocab.units import UNITS, pint_unit, text_unit

SOURCES = [p for p in (ROOT / "decide").rglob("*.py") if "vocab" not in p.parts]


def _hits(pattern: str) -> list[str]:
    regex = re.compile(pattern)
    return [
        f"{p.relative_to(ROOT)}:{n}"
        for p in SOURCES
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if regex.search(line)
    ]


def test_severity_order_is_spelled_once() -> None:
    assert SEVERITIES == ("error", "warning", "info")
    assert [rank(s) for s in SEVERITIES] == [0, 1, 2]
    assert Severity.ERROR.at_least("warning") and not Severity.INFO.at_least("warning")
    assert more_severe_than("warning") == ("error",)
    assert _hits(r"""["']error["'],\s*["']warning["']""") == []
    assert _hits(r"""["']info["'],\s*["']warning["']""") == []
    assert _hits(r"""["']error["']:\s*0""") == []


def test_units_are_spelled_once() -> None:
    assert text_unit("separator_thickness_um") == "um"
    assert text_unit("areal_capacity_mah_per_cm2") == "mAh/cm2"
    assert pint_unit("loading_mg_cm2") == "mg/cm^2"
    assert text_unit("peak_c_rate") == "C" and text_unit("min_temperature_c") == "C"
    # no second suffix table anywhere in the package
    assert _hits(r"""^\s*["']_(um|wh_per_kg|mah_cm2|ms_cm)["']\s*:""") == []
    assert all(s.startswith("_") for s in UNITS)


def test_material_fields_match_the_design_model() -> None:
    for slot in MATERIAL_FIELDS:
        section = model_in(Design.model_fields[slot.section].annotation)
        assert section is not None and slot.name in section.model_fields, slot.path
    ids_in_model = {
        f"{name}.{field}"
        for name, info in Design.model_fields.items()
        if (section := model_in(info.annotation, through_containers=False)) is not None
        for field, sub in section.model_fields.items()
        if "Id" in str(sub.annotation) or field in ("active_material", "material")
    }
    assert ids_in_model <= {f.path for f in MATERIAL_FIELDS}
    # nobody lists material fields by hand again
    assert _hits(r"""["']cathode\.catholyte["'],\s*$""") == []


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_metric_is_registered_with_its_level(path, kb) -> None:
    metrics = compute(load_design(path, kb), kb)
    for key, level in metrics.levels.items():
        assert key in METRICS, key
        assert level == METRICS[key].level


def test_saf001_names_a_sulfide_anolyte(kb, ruleset) -> None:
    """Regression: design.solid_electrolytes omitted the anolyte, so SAF001 named only an oxide
    separator and a chloride catholyte as 'sulfide electrolytes'."""
    base = design_data(load_design(FIXTURES / "oxide-llzo-li.yaml", kb))
    data = with_edits(
        base,
        {
            "cathode.catholyte": "li3ycl6",
            "cathode.density_g_cm3": 3.2,  # as built: no halide density needed
            "anode": {
                "material": "graphite",
                "active_wt_pct": 60,
                "anolyte": "li6ps5cl",
                "anolyte_wt_pct": 35,
                "porosity_pct": 10,
                "n_p_ratio": 1.1,
            },
        },
    )
    design = design_from_data(data, None, kb)
    found = {f.code: f for f in assess(design, kb, ruleset, levers=False).findings}
    assert "SAF001" in found
    assert "li6ps5cl" in found["SAF001"].subjects
    assert "li6ps5cl" in found["SAF001"].message


def test_cell_classes_come_from_one_vocabulary(kb) -> None:
    """Every anode and electrolyte class the model assigns is one the vocabulary spells."""
    from decide.vocab.classes import ANODE_CLASSES, ELECTROLYTE_CLASSES

    examples = sorted(EXAMPLES.glob("*.yaml"))
    seen_anodes, seen_electrolytes = set(), set()
    for path in examples:
        values = compute(load_design(path, kb), kb).values
        seen_anodes.add(values["anode_class"])
        seen_electrolytes.add(values["electrolyte_class"])
    assert seen_anodes <= set(ANODE_CLASSES) and len(seen_anodes) >= 4
    assert seen_electrolytes == set(ELECTROLYTE_CLASSES)
