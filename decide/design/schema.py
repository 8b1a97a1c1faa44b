"""JSON Schema of the design file, for editors (`decide schema design`)."""

from __future__ import annotations

from typing import Any

from decide.design.model import Design
from decide.kb.properties import FORMAT_PROPERTIES, PROPERTIES
from decide.vocab.design_fields import COLLECTOR_SIDES, OVERRIDE_SECTIONS


def design_schema() -> dict[str, Any]:
    """The design file's JSON Schema, with each section's overridable property names."""
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
    return schema


def _ref_of(node: dict[str, Any]) -> str | None:
    if "$ref" in node:
        return node["$ref"].rsplit("/", 1)[-1]
    for option in node.get("anyOf", []):
        if "$ref" in option:
            return option["$ref"].rsplit("/", 1)[-1]
    return None
