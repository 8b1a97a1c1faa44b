"""The kinds of value a rule operand can hold, so a rule that feeds a list to `ratio` or compares a
thickness with a word fails when it loads instead of crashing (or never firing) when it runs.

Kinds are coarse on purpose: enough to catch a wrong operand, not a type system. A value whose kind
cannot be known at load time is ANY and is never refused. Registered functions declare the kinds
they take and give in their Python signatures, with the Annotated aliases below (`KbId`, `Number`,
...), so the declaration cannot drift from the code.
"""

from __future__ import annotations

import types
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any, Union, get_args, get_origin


class Kind(StrEnum):
    """What an operand holds."""

    NUMBER = "number"
    BOOL = "boolean"
    STRING = "string"  # a word or text: a metric's class, a technology, a name
    ID = "id"  # a knowledge-base id
    IDS = "list of ids"
    LIST = "list"  # a list of words or numbers
    PROPERTY = "property name"  # a knowledge-base property name (`cycle_life_cycles`)
    NONE = "null"
    ANY = "any value"  # unknown at load time: never refused


# A value of the key's kind is also acceptable where one of these is wanted.
_ALSO_FITS: dict[Kind, frozenset[Kind]] = {
    Kind.ID: frozenset({Kind.STRING}),  # an id is a string
    Kind.IDS: frozenset({Kind.LIST}),  # a list of ids is a list
}
# Kinds that compare with eq / ne: a number with a number, text with text, and so on.
_FAMILY: dict[Kind, str] = {
    Kind.NUMBER: "number",
    Kind.BOOL: "boolean",
    Kind.STRING: "text",
    Kind.ID: "text",
    Kind.PROPERTY: "text",
    Kind.LIST: "list",
    Kind.IDS: "list",
}

Number = Annotated[float, Kind.NUMBER]
Flag = Annotated[bool, Kind.BOOL]
Word = Annotated[str, Kind.STRING]
KbId = Annotated[str, Kind.ID]
KbIds = Annotated[list[str], Kind.IDS]
Items = Annotated[list[Any], Kind.LIST]
PropertyName = Annotated[str, Kind.PROPERTY]


def fits(actual: Kind, wanted: Iterable[Kind]) -> bool:
    """True when a value of kind `actual` may be given where one of `wanted` is expected."""
    wanted = frozenset(wanted)
    if actual is Kind.ANY or Kind.ANY in wanted or actual in wanted:
        return True
    return bool(_ALSO_FITS.get(actual, frozenset()) & wanted)


def comparable(a: Kind, b: Kind) -> bool:
    """True when eq / ne between values of these kinds can ever hold."""
    if Kind.ANY in (a, b):
        return True
    return _FAMILY.get(a) == _FAMILY.get(b) and a is not Kind.NONE


def of_value(value: Any) -> Kind:
    """The kind of a literal value written in a rule."""
    if value is None:
        return Kind.NONE
    if isinstance(value, bool):
        return Kind.BOOL
    if isinstance(value, int | float):
        return Kind.NUMBER
    if isinstance(value, str):
        return Kind.STRING
    if isinstance(value, list | tuple):
        return Kind.LIST
    return Kind.ANY


def describe(kinds: Iterable[Kind]) -> str:
    """'a number', 'an id or a list of ids' (for messages)."""
    words = [_article(k) for k in sorted(set(kinds), key=list(Kind).index)]
    if len(words) <= 1:
        return "".join(words) or "nothing"
    return ", ".join(words[:-1]) + f" or {words[-1]}"


def _article(kind: Kind) -> str:
    if kind in (Kind.NONE, Kind.ANY):
        return str(kind)
    return ("an " if str(kind)[0] in "aeiou" else "a ") + str(kind)


def from_hint(hint: Any) -> tuple[frozenset[Kind], bool]:
    """(kinds, None allowed) of a parameter or return annotation built from the aliases above."""
    kinds: set[Kind] = set()
    nullable = False
    members = get_args(hint) if get_origin(hint) in (Union, types.UnionType) else (hint,)
    for member in members:
        if member is type(None):
            nullable = True
        elif get_origin(member) is Annotated:
            kinds |= {m for m in member.__metadata__ if isinstance(m, Kind)}
    return frozenset(kinds), nullable
