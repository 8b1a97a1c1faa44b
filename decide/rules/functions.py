"""Registered functions rule conditions may call: reviewed code for what needs real computation
or a walk of the knowledge graph. Each takes the knowledge base first, then operand values; a
missing input gives None (the comparison then does not hold).

Every function is registered with its signature: `@rule_function` reads the parameter names and,
from the Annotated aliases of `decide.rules.kinds` in the annotations, the kinds of operand each
takes and the kind it gives. The rule loader checks every call against it (arity, operand kinds,
literal ids and property names), so a bad call is a load error naming file and line, never a
traceback during `check`. A function without a declared kind does not import.

Physics (Arrhenius, t / sigma, R = dV / I) lives in the cell model and reaches rules as metrics.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, get_type_hints

from decide.kb.base import KnowledgeBase
from decide.kb.neighbourhood import ip_areas_touching
from decide.rules.kinds import (
    Items,
    KbId,
    KbIds,
    Kind,
    Number,
    PropertyName,
    Word,
    describe,
    from_hint,
)

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Param:
    """One parameter: the kinds of operand it takes and whether a missing value (None) is fine."""

    name: str
    kinds: frozenset[Kind]
    nullable: bool
    variadic: bool = False

    def text(self) -> str:
        """'a: number?' ('?': may be missing); '*materials: id | list of ids?'."""
        kinds = " | ".join(str(k) for k in sorted(self.kinds, key=list(Kind).index))
        return f"{'*' if self.variadic else ''}{self.name}: {kinds}{'?' if self.nullable else ''}"

    def wants(self) -> str:
        """'a number', 'an id or a list of ids' (for messages)."""
        return describe(self.kinds)


@dataclass(frozen=True)
class RuleFunction:
    """A function rules may call, with its signature."""

    name: str
    fn: Callable[..., Any]
    params: tuple[Param, ...]
    returns: frozenset[Kind]
    returns_none: bool
    summary: str

    @property
    def variadic(self) -> Param | None:
        last = self.params[-1] if self.params else None
        return last if last is not None and last.variadic else None

    @property
    def min_args(self) -> int:
        """A variadic parameter takes at least one operand."""
        return len(self.params)

    @property
    def max_args(self) -> int | None:
        return None if self.variadic else len(self.params)

    def param_at(self, i: int) -> Param | None:
        """The parameter the i-th argument binds to (None when there are too many)."""
        if i < len(self.params) and not self.params[i].variadic:
            return self.params[i]
        return self.variadic

    def arity_problem(self, given: int) -> str | None:
        """'ratio takes 2 arguments (a, b), got 3', or None when `given` fits."""
        high = self.max_args
        if self.min_args <= given and (high is None or given <= high):
            return None
        names = ", ".join(p.name + ("..." if p.variadic else "") for p in self.params)
        count = f"at least {self.min_args}" if high is None else str(self.min_args)
        noun = "argument" if self.min_args == 1 else "arguments"
        return f"{self.name} takes {count} {noun} ({names}), got {given}"

    def signature(self) -> str:
        """'ratio(a: number?, b: number?) -> number?'."""
        returns = " | ".join(str(k) for k in sorted(self.returns, key=list(Kind).index))
        args = ", ".join(p.text() for p in self.params)
        return f"{self.name}({args}) -> {returns}{'?' if self.returns_none else ''}"


FUNCTIONS: dict[str, RuleFunction] = {}


def rule_function(fn: F) -> F:
    """Register `fn` for rule conditions; its annotations declare what it takes and gives."""
    hints = get_type_hints(fn, include_extras=True)
    params: list[Param] = []
    for n, p in enumerate(inspect.signature(fn).parameters.values()):
        if n == 0:
            continue  # the knowledge base
        kinds, nullable = from_hint(hints.get(p.name))
        if not kinds:
            raise TypeError(f"rule function {fn.__name__}: parameter {p.name!r} declares no kind")
        params.append(Param(p.name, kinds, nullable, p.kind is inspect.Parameter.VAR_POSITIONAL))
    returns, returns_none = from_hint(hints.get("return"))
    if not returns:
        raise TypeError(f"rule function {fn.__name__}: its return declares no kind")
    summary = (inspect.getdoc(fn) or "").split("\n", 1)[0]
    FUNCTIONS[fn.__name__] = RuleFunction(
        fn.__name__, fn, tuple(params), returns, returns_none, summary
    )
    return fn


def _ids(values: tuple[Any, ...]) -> list[str]:
    out: list[str] = []
    for value in values:
        items = value if isinstance(value, list | tuple) else [value]
        out += [v for v in items if isinstance(v, str) and v not in out]
    return out


@rule_function
def ratio(_kb: KnowledgeBase, a: Number | None, b: Number | None) -> Number | None:
    """a / b, or None when either is missing or b is zero."""
    if a is None or not b:
        return None
    return a / b


@rule_function
def standards_for(kb: KnowledgeBase, application: KbId | None) -> KbIds | None:
    """Standards that apply to an application (either direction of the graph), sorted."""
    if not application or application not in kb.entries:
        return None
    key = ("standards_for", application)
    if key not in kb.memo:
        idx = kb.index
        found = idx.targets("tested_under", application) | idx.sources_of("applies_to", application)
        kb.memo[key] = sorted(found)
    return list(kb.memo[key])


@rule_function
def standards_without_solid_state(kb: KnowledgeBase, application: KbId | None) -> KbIds | None:
    """The application's standards that do not address solid-state specifics."""
    ids = standards_for(kb, application)
    if ids is None:
        return None
    return [s for s in ids if not kb.entries[s].solid_state_specific]


@rule_function
def solid_state_standards(kb: KnowledgeBase, application: KbId | None) -> KbIds | None:
    """The application's standards that do address solid-state specifics."""
    ids = standards_for(kb, application)
    if ids is None:
        return None
    return [s for s in ids if kb.entries[s].solid_state_specific]


@rule_function
def ip_areas_for(kb: KnowledgeBase, *materials: KbId | KbIds | None) -> KbIds:
    """IP areas touching any of the materials, directly or through their families."""
    ids = tuple(_ids(materials))
    key = ("ip_areas_for", ids)
    if key not in kb.memo:
        kb.memo[key] = ip_areas_touching(kb, ids)
    return list(kb.memo[key])


@rule_function
def projection(
    kb: KnowledgeBase, technology: Word | None, prop: PropertyName | None
) -> Number | None:
    """A property of the performance projection for a technology (liquid, semi-solid, ...)."""
    aliases = {"hybrid-solid-liquid": "semi-solid", "all-solid-state": "solid-state"}
    technology = aliases.get(technology or "", technology)
    for entry in kb.of_kind("projection"):
        if entry.technology == technology and prop in entry.properties:
            return entry.properties[prop].central
    return None


@rule_function
def application_requirement(
    kb: KnowledgeBase, application: KbId | None, prop: PropertyName | None
) -> Number | None:
    """A sourced requirement of an application (e.g. peak_c_rate), or None."""
    entry = kb.entries.get(application or "")
    req = getattr(entry, "requirements", {}) or {}
    return req[prop].central if prop in req else None


@rule_function
def first_of(_kb: KnowledgeBase, *values: Number | None) -> Number | None:
    """The first value that is present (a design's value, else a stated default)."""
    return next((v for v in values if v is not None), None)


@rule_function
def property_of(kb: KnowledgeBase, entry: KbId | None, prop: PropertyName | None) -> Number | None:
    """A sourced property of any knowledge-base entry (a standard's limit, a material's value),
    its central value; None when absent."""
    found = getattr(kb.entries.get(entry or ""), "properties", {}) or {}
    return found[prop].central if prop in found else None


# How a design's name claims its electrolyte class (the words of T/CSAE 434-2025 and the draft
# GB/T terms standard, and the market's): hybrid words are checked first ('semi-solid-state').
_HYBRID_WORDS = ("semi-solid", "semi solid", "quasi-solid", "quasi solid", "hybrid", "solid-liquid")
_ALL_SOLID_WORDS = ("all-solid", "all solid", "assb", "asslb")
_SOLID_WORDS = ("solid-state", "solid state", "ssb")


@rule_function
def named_class(_kb: KnowledgeBase, name: Word | None) -> Word | None:
    """The class a design's name claims: all-solid-state, solid-state, hybrid-solid-liquid or
    None when the name claims none."""
    if not name:
        return None
    text = name.lower()
    words = text.replace("(", " ").replace(")", " ").replace(",", " ").split()
    if any(w in text for w in _HYBRID_WORDS):
        return "hybrid-solid-liquid"
    if any(w in text for w in _ALL_SOLID_WORDS[:2]) or any(w in words for w in _ALL_SOLID_WORDS):
        return "all-solid-state"
    if any(w in text for w in _SOLID_WORDS[:2]) or any(w in words for w in _SOLID_WORDS):
        return "solid-state"
    return None


@rule_function
def members_of(kb: KnowledgeBase, family: KbId | None, items: KbIds | None) -> KbIds | None:
    """The ids among `items` that are `family` or belong to it (directly or through
    sub-families): a finding about sulfides names only the design's sulfides."""
    if family is None or items is None:
        return None
    return [i for i in items if kb.index.is_a(i, family)]


@rule_function
def count(_kb: KnowledgeBase, items: Items | None) -> Number | None:
    """Length of a list."""
    return None if items is None else len(items)
