"""Compile validated rule conditions once to Python closures (and, for sweeps, to numpy ones).

A condition is plain data: its grammar lives in `decide.rules.grammar` (pydantic models), its
names are checked against the fact and function registries by `decide.rules.check`, and this
module turns the checked models into closures. There is no expression language, so nothing in a
rule file can execute code; real computation lives in the registered functions of
`decide.rules.functions`.

Each condition compiles to a fast predicate and an explaining twin that records the comparisons
that decided ("facts that decided"); with `Context.vector` the same tree compiles to numpy
primitives over arrays of design points instead.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any, NoReturn

from pydantic import TypeAdapter, ValidationError

from decide.kb.base import KnowledgeBase
from decide.kb.index import Index
from decide.rules.check import check_condition, check_operand
from decide.rules.functions import RuleFunction
from decide.rules.grammar import (
    UNARY_OPS,
    AllOf,
    AnyOf,
    ArithOperand,
    CallOperand,
    Compare,
    Compat,
    Condition,
    FieldCompare,
    FieldOperand,
    HasRole,
    IsA,
    Not,
    Operand,
    PropOperand,
    TraitOperand,
    ValueOperand,
)
from decide.rules.kinds import Kind
from decide.validation import located_errors
from decide.yamlio import PathKey

Facts = dict[str, Any]
Pred = Callable[[Facts], bool]
Value = Callable[[Facts], Any]
MISSING = None

OPS: dict[str, Callable[[Any, Any], bool]] = {
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "eq": operator.eq,
    "ne": operator.ne,
    "in": lambda a, b: a in b,
    "not_in": lambda a, b: a not in b,
    "contains": lambda a, b: str(b).lower() in str(a).lower() if isinstance(a, str) else b in a,
}
ARITH: dict[str, Callable[[list[float]], float]] = {
    "add": lambda xs: sum(xs),
    "sub": lambda xs: xs[0] - sum(xs[1:]),
    "mul": lambda xs: math.prod(xs),
    "div": lambda xs: xs[0] / xs[1] if xs[1] else math.inf,
    "min": min,
    "max": max,
}
_CONDITION: TypeAdapter[Condition] = TypeAdapter(Condition)
_OPERAND: TypeAdapter[Operand] = TypeAdapter(Operand)


class ConditionError(Exception):
    """A condition that does not validate or check; carries the path inside the rule."""

    def __init__(self, path: PathKey, message: str):
        super().__init__(message)
        self.path = path
        self.message = message


@dataclass
class Context:
    """What compilation checks names against and compiles with."""

    fields: Mapping[str, Kind]  # fact name -> the kind of value it holds
    functions: Mapping[str, RuleFunction]
    index: Index
    kb: KnowledgeBase
    kb_ids: Collection[str]
    compat_info: dict[str, tuple[str, str]]
    vector: bool = False


@dataclass
class Leaf:
    """One explained comparison: what was looked at and what it gave."""

    text: str
    left: Any
    right: Any
    result: bool


@dataclass
class Compiled:
    """A compiled condition: a fast predicate and a slower explaining twin."""

    test: Pred
    explain: Callable[[Facts, list[Leaf]], bool]


def validate_condition(raw: Any, path: PathKey, ctx: Context) -> Condition:
    """Validate and check plain condition data; ConditionError at the first problem."""
    try:
        cond = _CONDITION.validate_python(raw)
    except ValidationError as exc:
        _raise_first(exc, Condition, raw, path)
    issues = check_condition(cond, path, ctx)
    if issues:
        raise ConditionError(issues[0].path, issues[0].message)
    return cond


def compile_operand(node: Operand | Any, path: PathKey, ctx: Context) -> tuple[Value, str]:
    """Compile an operand to (function of facts, human-readable text).

    `node` is a checked grammar model, or plain data that is validated and checked first.
    """
    if not isinstance(node, _OPERAND_TYPES):
        try:
            node = _OPERAND.validate_python(node)
        except ValidationError as exc:
            _raise_first(exc, Operand, node, path)
        issues = check_operand(node, path, ctx)
        if issues:
            raise ConditionError(issues[0].path, issues[0].message)
    return _operand(node, ctx), node.text()


def compile_condition(node: Condition | Any, path: PathKey, ctx: Context) -> Compiled:
    """Compile one condition; plain data is validated and checked first (ConditionError)."""
    if not isinstance(node, _CONDITION_TYPES):
        node = validate_condition(node, path, ctx)
    return _condition(node, ctx)


def _raise_first(exc: ValidationError, model: Any, raw: Any, path: PathKey) -> NoReturn:
    where, message = located_errors(exc, model, raw)[0]
    raise ConditionError((*path, *where), message) from None


# --- operands ---------------------------------------------------------------------------------


def _operand(node: Operand, ctx: Context) -> Value:
    if isinstance(node, ValueOperand):
        v = node.value
        return lambda _f: v
    if isinstance(node, FieldOperand):
        name = node.field
        return lambda f: f.get(name)
    if isinstance(node, PropOperand):
        return _prop(node, ctx)
    if isinstance(node, TraitOperand):
        name, trait, traits = node.of, node.trait, ctx.index.traits
        return lambda f: traits.get(f.get(name) or "", {}).get(trait)
    if isinstance(node, ArithOperand):
        return _arith(node, ctx)
    return _call(node, ctx)


def _prop(node: PropOperand, ctx: Context) -> Value:
    name, prop, props = node.of, node.prop, ctx.index.props
    # A design may override a knowledge-base property in the field's section (CONTRACT 2).
    override = f"overrides.{name.rsplit('.', 1)[0]}.{prop}"

    def lookup(f: Facts) -> Any:
        if override in f:
            return f[override]
        return props.get(f.get(name) or "", {}).get(prop)

    return lookup


def _arith(node: ArithOperand, ctx: Context) -> Value:
    fns = [_operand(x, ctx) for x in node.operands]
    fold = _vector_ops().ARITH[node.name] if ctx.vector else ARITH[node.name]

    def arith(f: Facts) -> Any:
        xs = [fn(f) for fn in fns]
        if any(x is None for x in xs):
            return None
        return fold(xs)

    return arith


def _call(node: CallOperand, ctx: Context) -> Value:
    fn = ctx.functions[node.call].fn
    fns = [_operand(x, ctx) for x in node.args]
    kb = ctx.kb

    if ctx.vector:
        elementwise = _vector_ops().call_elementwise

        def call(f: Facts) -> Any:
            return elementwise(fn, kb, [g(f) for g in fns])
    else:

        def call(f: Facts) -> Any:
            return fn(kb, *[g(f) for g in fns])

    return call


# --- conditions -------------------------------------------------------------------------------


def _condition(node: Condition, ctx: Context) -> Compiled:
    if isinstance(node, AllOf | AnyOf):
        return _combine(node, ctx)
    if isinstance(node, Not):
        inner = _condition(node.not_, ctx)
        if ctx.vector:
            negate = _vector_ops().negate
            return Compiled(lambda f: negate(inner.test(f)), _no_explain)
        return Compiled(lambda f: not inner.test(f), lambda f, lv: not inner.explain(f, lv))
    if isinstance(node, FieldCompare):
        return _compare(FieldOperand(field=node.field), node.op, node.right, ctx)
    if isinstance(node, Compare):
        return _compare(node.left, node.op, node.right, ctx)
    if isinstance(node, IsA | HasRole):
        return _membership(node, ctx)
    return _compat(node, ctx)


def _combine(node: AllOf | AnyOf, ctx: Context) -> Compiled:
    is_all = isinstance(node, AllOf)
    parts = [_condition(x, ctx) for x in (node.all if isinstance(node, AllOf) else node.any)]
    tests = [p.test for p in parts]
    if ctx.vector:
        vo = _vector_ops()
        combine = vo.all_of if is_all else vo.any_of
        return Compiled(lambda f: combine(tests, f), _no_explain)
    if is_all:
        # A plain loop: measurably faster than all(generator) in the hot path.
        def test(f: Facts) -> bool:
            for t in tests:  # noqa: SIM110
                if not t(f):
                    return False
            return True

        def explain(f: Facts, leaves: list[Leaf]) -> bool:
            return all(p.explain(f, leaves) for p in parts)
    else:

        def test(f: Facts) -> bool:
            for t in tests:  # noqa: SIM110
                if t(f):
                    return True
            return False

        def explain(f: Facts, leaves: list[Leaf]) -> bool:
            hits = [p.explain(f, leaves) for p in parts]
            return any(hits)

    return Compiled(test, explain)


def _compare(left_node: Operand, op: str, right_node: Operand | None, ctx: Context) -> Compiled:
    left, ltext = _operand(left_node, ctx), left_node.text()
    if op in UNARY_OPS or right_node is None:
        right, rtext = (lambda _f: None), ""
    else:
        right, rtext = _operand(right_node, ctx), right_node.text()
    if ctx.vector:
        test = _vector_compare(op, left, right)
    elif op == "present":

        def test(f: Facts) -> bool:
            return left(f) is not None
    elif op == "missing":

        def test(f: Facts) -> bool:
            return left(f) is None
    else:
        fn = OPS[op]

        def test(f: Facts) -> bool:
            a = left(f)
            b = right(f)
            if a is None or b is None:
                return False
            try:
                return bool(fn(a, b))
            except TypeError:
                return False

    text = f"{ltext} {op} {rtext}".strip()

    def explain(f: Facts, leaves: list[Leaf]) -> bool:
        result = test(f)
        leaves.append(Leaf(text, left(f), right(f), result))
        return result

    return Compiled(test, explain)


def _membership(node: IsA | HasRole, ctx: Context) -> Compiled:
    name = node.field
    index = ctx.index
    if isinstance(node, IsA):
        key, target = "is_a", node.is_a

        def test(f: Facts) -> bool:
            v = f.get(name)
            return v is not None and index.is_a(v, target)
    else:
        key, target = "role", node.role

        def test(f: Facts) -> bool:
            return target in index.roles.get(f.get(name) or "", ())

    text = f"{name} {key} {target}"
    return Compiled(test, lambda f, lv: _leaf(lv, text, f.get(name), target, test(f)))


def _compat(node: Compat, ctx: Context) -> Compiled:
    spec = node.compat
    subject, obj = spec.subject, spec.object
    relations = frozenset(spec.relation or ())
    severities = frozenset(spec.severity or ())
    index = ctx.index
    compat_entries = ctx.compat_info

    def matches(f: Facts) -> list[str]:
        a, b = f.get(subject), f.get(obj)
        if a is None or b is None:
            return []
        hits = []
        for cid in index.compatibility(a, b) + index.compatibility(b, a):
            rel, sev = compat_entries[cid]
            if (not relations or rel in relations) and (not severities or sev in severities):
                hits.append(cid)
        return hits

    def test(f: Facts) -> bool:
        return bool(matches(f))

    text = f"compatibility {subject} -> {obj}"

    def explain(f: Facts, leaves: list[Leaf]) -> bool:
        hits = matches(f)
        leaves.append(Leaf(text, (f.get(subject), f.get(obj)), hits, bool(hits)))
        return bool(hits)

    return Compiled(test, explain)


# --- numpy twins ------------------------------------------------------------------------------


def _vector_ops() -> ModuleType:
    from decide.rules import vector_ops

    return vector_ops


def _no_explain(_f: Facts, _leaves: list[Leaf]) -> bool:
    raise TypeError("vector-compiled conditions do not explain; use the scalar compilation")


def _vector_compare(op: str, left: Value, right: Value) -> Pred:
    vo = _vector_ops()
    if op == "present":
        return lambda f: vo.present(left(f))
    if op == "missing":
        return lambda f: vo.negate(vo.present(left(f)))
    fn = vo.ELEMENTWISE.get(op, OPS[op])
    return lambda f: vo.compare(fn, left(f), right(f))


def _leaf(leaves: list[Leaf], text: str, left: Any, right: Any, result: bool) -> bool:
    leaves.append(Leaf(text, left, right, result))
    return result


_OPERAND_TYPES = (ValueOperand, FieldOperand, PropOperand, TraitOperand, ArithOperand, CallOperand)
_CONDITION_TYPES = (AllOf, AnyOf, Not, FieldCompare, Compare, IsA, HasRole, Compat)
