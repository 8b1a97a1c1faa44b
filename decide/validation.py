"""Turn a pydantic ValidationError into Problems that name file, line, field path and a remedy.

Designs, knowledge entries, rules, rule conditions and design spaces are all validated by pydantic
models. This is the one place that translates pydantic's errors into what users read, so every
file type says the same things the same way:

- an unknown field gets a 'did you mean' from the field names valid at that place in the model
  (found by walking the model along the error's location, through discriminated unions by tag);
- a misspelt field is reported once: the 'required field is missing' echo of the field it was
  meant to be is dropped;
- a bound names the field's unit (and a unit string's converted value);
- a literal choice lists the choices and suggests the closest one;
- the labels pydantic adds to a location for union members and validators are dropped, by walking
  the validated data: what is left is a path that exists in the file, so it has a line.

Models may set a ClassVar `key_noun` ('key' for rule conditions) to name their keys in messages.
"""

from __future__ import annotations

import contextlib
import re
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, Tag, ValidationError
from pydantic_core import ErrorDetails

from decide.errors import Problem
from decide.suggest import closest
from decide.vocab.units import text_unit
from decide.yamlio import LineMap, PathKey

_BOUNDS = {
    "greater_than_equal": "at least",
    "greater_than": "greater than",
    "less_than_equal": "at most",
    "less_than": "less than",
}
_PREFIXES = ("Value error, ", "Assertion failed, ")
_LISTED = 6  # an unknown field with no close match lists the valid ones when there are this few
# Wrong shapes, said in the file's words (pydantic would name the model class).
_SHAPES = {
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "dict_type": "a mapping",
    "list_type": "a list",
    "string_type": "text",
}


@dataclass(frozen=True)
class _Translated:
    path: PathKey
    message: str
    missing: bool = False
    meant: PathKey | None = None  # for an unknown field: the path of the field it is close to


def problems_from(
    exc: ValidationError,
    model: Any,
    data: Any,
    lines: LineMap,
    prefix: PathKey = (),
    *,
    extra_names: Callable[[PathKey], Iterable[str]] | None = None,
    about: str = "",
) -> list[Problem]:
    """Translate every error of `exc` into a Problem located in `lines`.

    `model` is the type that validated `data` (a model class or any annotation); `prefix` is where
    `data` sits in the file. `extra_names(path)` may add names valid at a path beyond the model's
    fields (a design section's property overrides). `about` is appended to value messages (which
    entry they concern).
    """
    problems: list[Problem] = []
    for path, message in located_errors(exc, model, data, extra_names=extra_names, about=about):
        problem = lines.problem((*prefix, *path), message)
        if problem not in problems:
            problems.append(problem)
    return problems


def located_errors(
    exc: ValidationError,
    model: Any,
    data: Any,
    *,
    extra_names: Callable[[PathKey], Iterable[str]] | None = None,
    about: str = "",
) -> list[tuple[PathKey, str]]:
    """(path in `data`, message) of every error, without the echoes of misspelt fields."""
    found = [_translate(err, model, data, extra_names, about) for err in exc.errors()]
    meant = {t.meant for t in found if t.meant is not None}
    # A misspelt field is the problem, reported once: drop the 'missing' of the field it meant.
    return [(t.path, t.message) for t in found if not (t.missing and t.path in meant)]


def _translate(
    err: ErrorDetails,
    model: Any,
    data: Any,
    extra_names: Callable[[PathKey], Iterable[str]] | None,
    about: str,
) -> _Translated:
    raw = tuple(err["loc"])
    kind = err["type"]
    path = place_in(data, raw, keep_last=kind == "missing")
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else str(raw[-1])
        owner = _annotation_at(model, raw[:-1])
        names = field_names(owner)
        if extra_names is not None:
            names += list(extra_names(path[:-1]))
        match = closest(name, names)
        hint = f' (did you mean "{match}"?)' if match else ""
        if not match and 0 < len(names) <= _LISTED:
            hint = f" (expected {_one_of(names)})"
        noun = _noun(owner)
        meant = (*path[:-1], match) if match else None
        return _Translated(path, f"unknown {noun} {name!r}{hint}", meant=meant)
    if kind == "missing":
        noun = _noun(_annotation_at(model, raw[:-1]))
        return _Translated(path, f"required {noun} is missing", missing=True)
    return _Translated(path, _value_message(err, path) + about)


def _value_message(err: ErrorDetails, path: PathKey) -> str:
    kind = err["type"]
    ctx: Mapping[str, Any] = err.get("ctx") or {}
    if kind in _BOUNDS:
        name = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
        return bound_message(err["input"], name, _BOUNDS[kind], next(iter(ctx.values()), "?"))
    if kind == "string_pattern_mismatch":
        return f"{err['input']!r} does not match the pattern {ctx.get('pattern')}"
    if kind in _SHAPES:
        return f"expected {_SHAPES[kind]}, got {_short(err['input'])}"
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = ""
        if isinstance(err["input"], str) and (match := closest(err["input"], choices)):
            hint = f' (did you mean "{match}"?)'
        return f"expected {_one_of(choices)}, got {err['input']!r}{hint}"
    message = str(err["msg"])
    for text in _PREFIXES:
        message = message.removeprefix(text)
    return message


def bound_message(value: Any, name: str, words: str, bound: Any) -> str:
    """'-30 is not plausible: expected greater than 0 um' (a unit string also shows its value)."""
    unit = text_unit(name)
    shown = repr(value)
    if isinstance(value, str):
        # Imported here: decide.design imports this module (its loader translates errors).
        from decide.units import to_number, unit_of

        with contextlib.suppress(ValueError):  # not a number with a unit: show it as written
            shown = f"{value!r} = {to_number(value, unit_of(name)):g} {unit}".rstrip()
    elif isinstance(value, int | float) and not isinstance(value, bool):
        shown = f"{value:g}"
    if isinstance(bound, int | float) and not isinstance(bound, bool):
        bound = f"{bound:g}"
    return f"{shown} is not plausible: expected {words} {bound} {unit}".rstrip()


def outside_bounds(value: float, unit: str, low: float, high: float, name: str) -> str:
    """'9000 mAh/g is outside the physical bounds [0, 4000] of specific_capacity_mah_g'."""
    return f"{value:g} {unit} is outside the physical bounds [{low:g}, {high:g}] of {name}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _one_of(choices: Sequence[str]) -> str:
    if len(choices) <= 1:
        return "".join(choices)
    return ", ".join(choices[:-1]) + f" or {choices[-1]}"


def place_in(data: Any, loc: Sequence[str | int], keep_last: bool = False) -> PathKey:
    """The part of a pydantic location that exists in `data`: the labels of union members and
    validators are dropped. With `keep_last`, the final part is kept even when absent (the
    location of a missing field)."""
    out: list[str | int] = []
    node = data
    for n, part in enumerate(loc):
        found, child = _child(node, part)
        if found:
            out.append(part)
            node = child
        elif keep_last and n == len(loc) - 1:
            out.append(part)
    return tuple(out)


def _child(node: Any, part: str | int) -> tuple[bool, Any]:
    """(True, node[part]) when `part` is a key or index of `node`, else (False, None)."""
    if isinstance(node, Mapping) and isinstance(part, str) and part in node:
        return True, node[part]
    index = part if isinstance(part, int) and not isinstance(part, bool) else -1
    if isinstance(node, list | tuple) and 0 <= index < len(node):
        return True, node[index]
    return False, None


def field_names(annotation: Any) -> list[str]:
    """The keys a model accepts (aliases where given), without excluded internal fields."""
    model = _model(annotation)
    if model is None:
        return []
    return [
        info.alias or name for name, info in model.model_fields.items() if info.exclude is not True
    ]


def _noun(annotation: Any) -> str:
    model = _model(annotation)
    return str(getattr(model, "key_noun", "field")) if model is not None else "field"


def _annotation_at(annotation: Any, loc: Sequence[str | int]) -> Any:
    """Walk a type along a pydantic location (field names, indexes, dict keys, union tags)."""
    node = annotation
    for part in loc:
        step = _step(node, part)
        if step is not None:  # else a label pydantic adds (a validator's): stay where we are
            node = step
    return node


def _step(annotation: Any, part: str | int) -> Any:
    tp = _bare(annotation)
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        members = get_args(tp)
        for member in members:
            if _tag(member) == part:
                return member
        for member in members:
            if member is not type(None) and (found := _step(member, part)) is not None:
                return found
        return None
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        for name, info in tp.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
        return None
    if origin in (list, tuple, set, frozenset, Sequence) and isinstance(part, int):
        args = get_args(tp)
        return args[0] if args else Any
    if origin in (dict, Mapping) and isinstance(part, str):
        args = get_args(tp)
        return args[1] if len(args) == 2 else Any
    return None


def _bare(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _tag(annotation: Any) -> str | None:
    if get_origin(annotation) is Annotated:
        for meta in annotation.__metadata__:
            if isinstance(meta, Tag):
                return meta.tag
    return None


def _model(annotation: Any) -> type[BaseModel] | None:
    tp = _bare(annotation)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    if get_origin(tp) in (Union, types.UnionType):
        found = [m for a in get_args(tp) if (m := _model(a)) is not None]
        return found[0] if len(found) == 1 else None
    return None
