"""JSON Schema of the design-space file, for editors (`decide schema space`).

Written from the pydantic model of the file (decide.screening.space_file) and corrected where
pydantic cannot say what the loader accepts: a varied field takes one value, a list or a range;
objectives take either of two forms; the varied fields and the metrics are listed so an editor
completes them; an inline `base` is a design (the design schema, ids included).
"""

from __future__ import annotations

from typing import Any

from decide.design.schema import design_schema
from decide.kb.base import KnowledgeBase
from decide.screening.space import design_paths, metric_only_keys
from decide.screening.space_file import SpaceFile
from decide.vocab.metrics import NUMERIC_METRICS

_SENSES = ["maximize", "minimize", "max", "min"]


def space_schema(kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """The design-space file's JSON Schema (with `kb`, the ids of an inline base design)."""
    schema = SpaceFile.model_json_schema(mode="validation")
    design = design_schema(kb)
    defs = schema.setdefault("$defs", {})
    defs.update(design.pop("$defs", {}))
    design.pop("$schema", None)
    defs["Design"] = design
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "decide design-space file"
    props = schema["properties"]
    props["id"] = {
        "type": "string",
        "pattern": "^[a-z0-9][a-z0-9-]*$",
        "maxLength": 60,
        "description": "candidate ids are <id>-<index>",
    }
    props["base"] = {
        "anyOf": [
            {"type": "string", "description": "a design file, relative to this file"},
            {"$ref": "#/$defs/Design"},
        ],
        "description": "the design every candidate starts from",
    }
    one_value = {"type": ["number", "string", "boolean", "null"]}
    props["vary"] = {
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"enum": design_paths()},
        "additionalProperties": {
            "anyOf": [{"type": "array", "minItems": 1}, {"$ref": "#/$defs/Range"}, one_value]
        },
        "description": "dotted design field -> a value, a list of values, {from, to, step} "
        "or {from, to, num}; values may carry units",
    }
    metric = {"enum": [*NUMERIC_METRICS, *metric_only_keys()]}
    metrics = {"anyOf": [metric, {"type": "array", "items": metric}]}
    props["objectives"] = {
        "anyOf": [
            {
                "type": "object",
                "minProperties": 1,
                "propertyNames": metric,
                "additionalProperties": {"enum": _SENSES},
            },
            {
                "type": "object",
                "minProperties": 1,
                "properties": {"maximize": metrics, "minimize": metrics},
                "additionalProperties": False,
            },
            {"type": "null"},
        ],
        "description": "{metric: maximize | minimize} or {maximize: [metrics], minimize: "
        "[metrics]}",
    }
    filters = defs.get("FilterSection", {}).get("properties", {})
    if "metrics" in filters:
        filters["metrics"] = {
            "anyOf": [
                {
                    "type": "object",
                    "propertyNames": metric,
                    "additionalProperties": {"$ref": "#/$defs/Bound"},
                },
                {"type": "null"},
            ]
        }
    return schema
