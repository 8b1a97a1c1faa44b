"""The registry of fact names rule conditions may read, and the kind of value each holds, so a
typo or an operand of the wrong kind (a list where a number is expected) fails at load time.

Kinds come from where the facts come from: design fields from the design model's annotations
(the material slots of `vocab.design_fields` and `application` hold knowledge-base ids), metrics
from `vocab.metrics` (numeric or not), derived facts from the table below.
"""

from __future__ import annotations

import types
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from decide.models import model_in
from decide.rules.facts import DERIVED_FACTS, model_fields
from decide.rules.kinds import Kind
from decide.vocab.design_fields import BY_PATH
from decide.vocab.metrics import METRIC_KEYS, METRICS

# Design fields outside the material slots that hold a knowledge-base id.
_ID_FIELDS = frozenset({"application"})


@cache
def fact_names() -> frozenset[str]:
    """Design fields, `metrics.<key>` and derived facts."""
    from decide.design import Design

    names = model_fields(Design)
    names |= {f"metrics.{k}" for k in METRIC_KEYS}
    names |= set(DERIVED_FACTS)
    return frozenset(names)


@cache
def fact_kinds() -> dict[str, Kind]:
    """Every fact name with the kind of value it holds (ANY where it cannot be known)."""
    from decide.design import Design

    kinds: dict[str, Kind] = {}
    for name in sorted(fact_names()):
        if name.startswith("metrics."):
            kinds[name] = Kind.NUMBER if METRICS[name[8:]].numeric else Kind.STRING
        elif name in DERIVED_FACTS:
            kinds[name] = DERIVED_FACTS[name].kind
        elif name in BY_PATH or name in _ID_FIELDS:
            kinds[name] = Kind.ID
        else:
            kinds[name] = _kind_of(_annotation(Design, name))
    return kinds


def _annotation(model: type[BaseModel], dotted: str) -> Any:
    current: type[BaseModel] | None = model
    annotation: Any = None
    for part in dotted.split("."):
        if current is None or part not in current.model_fields:
            return None
        annotation = current.model_fields[part].annotation
        current = model_in(annotation, through_containers=False)
    return annotation


def _kind_of(annotation: Any) -> Kind:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        kinds = {_kind_of(a) for a in get_args(annotation) if a is not type(None)}
        return kinds.pop() if len(kinds) == 1 else Kind.ANY
    if origin is Literal:
        return Kind.STRING
    if origin in (list, tuple, set, frozenset):
        return Kind.LIST
    if annotation is bool:
        return Kind.BOOL
    if annotation in (int, float):
        return Kind.NUMBER
    if annotation is str:
        return Kind.STRING
    return Kind.ANY
