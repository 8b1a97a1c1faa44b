"""Facts: the flat name -> value view of a design and its metrics that rule conditions read.

Design fields keep their dotted paths (`cathode.upper_cutoff_v`); metrics are `metrics.<key>`;
a few derived facts (`design.has_liquid`) save rules from repeating logic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from decide.models import model_in
from decide.rules.kinds import Kind
from decide.vocab.design_fields import ELECTROLYTE_FIELDS, MATERIAL_FIELDS

if TYPE_CHECKING:
    from decide.design.model import Design


@dataclass(frozen=True)
class DerivedFact:
    """A fact computed from the design and its metrics, so rules need not repeat the logic."""

    kind: Kind
    meaning: str


DERIVED_FACTS: dict[str, DerivedFact] = {
    "design.has_liquid": DerivedFact(
        Kind.BOOL, "true when the design declares a liquid electrolyte"
    ),
    "design.region": DerivedFact(Kind.LIST, "the regions of the design's application"),
    "design.solid_electrolytes": DerivedFact(
        Kind.IDS, "ids of the solid electrolytes in the design"
    ),
    "design.materials": DerivedFact(Kind.IDS, "ids of every material the design names"),
    "design.lithium_source": DerivedFact(
        Kind.STRING,
        "where the cyclable lithium comes from: cathode, lithium foil, prelithiated anode, none",
    ),
    "design.assumptions": DerivedFact(
        Kind.LIST, "values filled from sourced defaults, each 'field value unit (sources)'"
    ),
    "design.low_confidence_prices": DerivedFact(
        Kind.LIST,
        "priced components whose price the knowledge base marks confidence: low, each "
        "'component: price entry (share of cell cost)', largest first",
    ),
    "design.low_confidence_cost_pct": DerivedFact(
        Kind.NUMBER, "the share of the cell cost (%) resting on low-confidence prices (0 if none)"
    ),
    "phase.architecture": DerivedFact(
        Kind.NUMBER, "the roadmap phase whose anode class the design has (1, 2, 3)"
    ),
    "phase.targets_met": DerivedFact(
        Kind.NUMBER, "the highest phase whose cell-level targets are all met (0 if none)"
    ),
}


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """{'a': {'b': 1}} -> {'a.b': 1}; lists and scalars are leaves."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, dict):
                out.update(flatten(value, name))
            else:
                out[name] = value
    return out


def model_fields(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every dotted leaf field name a pydantic model can hold (nested models expanded)."""
    names: set[str] = set()
    for name, info in model.model_fields.items():
        full = f"{prefix}.{name}" if prefix else name
        sub = model_in(info.annotation, through_containers=False)
        if sub is not None:
            names |= model_fields(sub, full)
        else:
            names.add(full)
    return names


def design_facts(design: Design, metrics_values: dict[str, Any], kb: Any) -> dict[str, Any]:
    """Build the facts of one evaluated design."""
    facts = flatten(design.model_dump(mode="python"))
    facts.update({f"overrides.{k}": v for k, v in design.overrides.items()})
    for key, value in metrics_values.items():
        facts[f"metrics.{key}"] = value
    facts["design.has_liquid"] = bool(getattr(design, "liquid_electrolyte", None))
    app = kb.entries.get(getattr(design, "application", None) or "")
    facts["design.region"] = list(getattr(app, "region", []) or [])
    facts["design.solid_electrolytes"] = sorted(
        {
            v
            for k in ELECTROLYTE_FIELDS
            if (v := facts.get(k)) and "solid-electrolyte" in kb.index.roles.get(v, ())
        }
    )
    facts["design.materials"] = list(
        dict.fromkeys(v for f in MATERIAL_FIELDS if (v := facts.get(f.path)))
    )
    facts["design.assumptions"] = assumption_texts(design, metrics_values, kb)
    from decide.cell.inputs import lithium_source

    facts["design.lithium_source"] = lithium_source(design, kb)
    from decide.cell.price_confidence import low_confidence_inputs

    flagged = low_confidence_inputs(design, kb)
    facts["design.low_confidence_prices"] = [
        f"{i.component.replace('_', ' ')}: {i.entry} ({100 * i.share:.0f} %)" for i in flagged
    ]
    facts["design.low_confidence_cost_pct"] = round(100 * sum(i.share for i in flagged), 1)
    from decide.phase import architecture_of, phase_gaps, targets_met

    facts["phase.architecture"] = architecture_of(kb, metrics_values.get("anode_class"))
    facts["phase.targets_met"] = targets_met(phase_gaps(kb, metrics_values))
    return facts


def assumption_texts(design: Any, metrics_values: dict[str, Any], kb: Any) -> list[str]:
    """Each filled value as 'field value unit (sources)', for messages and reports."""
    from decide.cell.metrics import assumptions_of
    from decide.vocab.units import text_unit

    out = []
    for path, item in assumptions_of(design, kb, metrics_values).items():
        value = item["value"]
        shown = f"{value:.3g}" if isinstance(value, float) else str(value)
        unit = text_unit(path.rsplit(".", 1)[-1]) if not isinstance(value, str) else ""
        out.append(f"{path} {shown}{(' ' + unit) if unit else ''} ({', '.join(item['sources'])})")
    return out
