"""JSON Schema of the design file, for editors (`decide schema design`).

Given the knowledge base, every id field lists the ids it accepts (materials by role,
applications, cell formats), so an editor completes them and flags a misspelt one.
"""

from __future__ import annotations

from typing import Any

from decide.design.model import Design
from decide.kb.base import KnowledgeBase
from decide.kb.properties import FORMAT_PROPERTIES, PROPERTIES
from decide.models import model_in
from decide.vocab.design_fields import COLLECTOR_SIDES, MATERIAL_FIELDS, OVERRIDE_SECTIONS


def design_schema(kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """The design file's JSON Schema, with each section's overridable property names and, with
    `kb`, the ids each id field accepts."""
    schema = Design.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "decide design file"
    props = schema.get("properties", {})
    props.pop("source_file", None)
    defs = schema.get("$defs", {})
    for section in OVERRIDE_SECTIONS:
        ref = _ref_of(props.get(section, {}))
        target = defs.get(ref) if ref else None
        if target is None:
            continue
        fields = target.setdefault("properties", {})
        fields.pop("overrides", None)
        names = PROPERTIES
        if section == "cell":
            names = {n: s for n, s in PROPERTIES.items() if n in FORMAT_PROPERTIES}
        if section == "current_collectors":
            names = {f"{side}_{n}": s for side in COLLECTOR_SIDES for n, s in PROPERTIES.items()}
        for name, spec in names.items():
            if name in fields:
                continue
            bound = {
                "anyOf": [
                    {"type": "number", "minimum": spec.low, "maximum": spec.high},
                    {"type": "string"},
                ]
            }
            ranged = {
                "type": "object",
                "description": "a range: min and max, typical optional",
                "properties": {"min": bound, "typical": bound, "max": bound},
                "required": ["min", "max"],
                "additionalProperties": False,
            }
            fields[name] = {
                "anyOf": [*bound["anyOf"], ranged],
                "description": f"override of the knowledge-base property: {spec.meaning} "
                f"[{spec.unit}]",
            }
    if kb is not None:
        _id_enums(schema, kb)
    return schema


def accepted_ids(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Dotted id field -> the knowledge-base ids it accepts (what the design loader checks)."""
    out = {
        "application": [e.id for e in kb.of_kind("application")],
        "cell.format": [e.id for e in kb.of_kind("format")],
    }
    for slot in MATERIAL_FIELDS:
        out[slot.path] = sorted(
            e.id for e in kb.of_kind("material") if set(slot.roles) & set(e.roles)
        )
    return out


def _id_enums(schema: dict[str, Any], kb: KnowledgeBase) -> None:
    defs = schema.get("$defs", {})
    for dotted, ids in accepted_ids(kb).items():
        *section, name = dotted.split(".")
        if section:
            model = model_in(Design.model_fields[section[0]].annotation)
            node = defs.get(model.__name__, {}) if model is not None else {}
        else:
            node = schema
        prop = node.get("properties", {}).get(name)
        if prop is None:
            continue
        for arm in prop.get("anyOf", [prop]):
            if arm.get("type") == "string":
                arm["enum"] = ids
        prop["description"] = f"a knowledge-base id ({len(ids)} accepted; decide kb list)"


def _ref_of(node: dict[str, Any]) -> str | None:
    if "$ref" in node:
        return node["$ref"].rsplit("/", 1)[-1]
    for option in node.get("anyOf", []):
        if "$ref" in option:
            return option["$ref"].rsplit("/", 1)[-1]
    return None
