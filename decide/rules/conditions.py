"""Declarative rule conditions: parsed from plain data, checked against the fact registry and
compiled once to Python closures. There is no expression language, so nothing in a rule file can
execute code; real computation lives in the registered functions of `decide.rules.functions`.

Grammar (each condition is a mapping with exactly one of these shapes):
  {all: [cond, ...]}  {any: [cond, ...]}  {not: cond}
  {field: NAME, op: OP, value: V}  {field: NAME, op: OP, ref: NAME}
  {field: NAME, op: present|missing}
  {left: OPERAND, op: OP, right: OPERAND}
  {is_a: FAMILY_OR_ID, field: NAME}          knowledge-graph membership of the id in NAME
  {role: ROLE, field: NAME}                  the material in NAME can play ROLE
  {compat: {subject: NAME, object: NAME, relation: [..], severity: [..]}}  a compatibility edge
      between the two ids (either orientation: the knowledge base's choice of subject is arbitrary)
Operands: {field: NAME} {value: V} {prop: PROPERTY, of: NAME} {trait: TRAIT, of: NAME}
  {add|sub|mul|div|min|max: [OPERAND, ...]} {call: FUNCTION, args: [OPERAND, ...]}
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from decide.kb.index import Index
from decide.rules.functions import RuleFunction
from decide.suggest import did_you_mean

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
UNARY_OPS = {"present", "missing"}
ARITH: dict[str, Callable[[list[float]], float]] = {
    "add": lambda xs: sum(xs),
    "sub": lambda xs: xs[0] - sum(xs[1:]),
    "mul": lambda xs: math.prod(xs),
    "div": lambda xs: xs[0] / xs[1] if xs[1] else math.inf,
    "min": min,
    "max": max,
}


class ConditionError(Exception):
    """A condition that does not parse; carries the path inside the rule."""

    def __init__(self, path: tuple, message: str):
        super().__init__(message)
        self.path = path
        self.message = message


@dataclass
class Context:
    """What compilation checks names against."""

    fields: set[str]
    functions: dict[str, RuleFunction]
    index: Index
    kb: Any
    kb_ids: set[str]
    compat_info: dict[str, tuple[str, str]]
    vector: bool = False
    used_fields: set[str] = field(default_factory=set)


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


def _check_field(name: Any, path: tuple, ctx: Context) -> str:
    if not isinstance(name, str):
        raise ConditionError(path, "a field name must be a string")
    if name not in ctx.fields:
        raise ConditionError(path, f"unknown field {name!r}{did_you_mean(name, ctx.fields)}")
    ctx.used_fields.add(name)
    return name


def compile_operand(raw: Any, path: tuple, ctx: Context) -> tuple[Value, str]:
    """Compile an operand to (function of facts, human-readable text)."""
    if not isinstance(raw, dict):
        return (lambda _f, v=raw: v), repr(raw)
    keys = set(raw)
    if keys == {"value"}:
        v = raw["value"]
        return (lambda _f: v), repr(v)
    if keys == {"field"}:
        name = _check_field(raw["field"], (*path, "field"), ctx)
        return (lambda f: f.get(name)), name
    if keys == {"prop", "of"}:
        name = _check_field(raw["of"], (*path, "of"), ctx)
        prop = raw["prop"]
        from decide.kb.properties import PROPERTIES

        if prop not in PROPERTIES:
            raise ConditionError(
                (*path, "prop"), f"unknown property {prop!r}" + did_you_mean(prop, PROPERTIES)
            )
        props = ctx.index.props
        # A design may override a knowledge-base property in the field's section (CONTRACT 2).
        override = f"overrides.{name.rsplit('.', 1)[0]}.{prop}"

        def lookup(f: Facts) -> Any:
            if override in f:
                return f[override]
            return props.get(f.get(name), {}).get(prop)

        return lookup, f"{prop} of {name}"
    if keys == {"trait", "of"}:
        name = _check_field(raw["of"], (*path, "of"), ctx)
        trait = raw["trait"]
        traits = ctx.index.traits
        return (lambda f: traits.get(f.get(name), {}).get(trait)), f"{trait} of {name}"
    if len(keys) == 1 and next(iter(keys)) in ARITH:
        op = next(iter(keys))
        items = raw[op]
        if not isinstance(items, list) or len(items) < 2:
            raise ConditionError((*path, op), f"{op} takes a list of at least two operands")
        parts = [compile_operand(x, (*path, op, i), ctx) for i, x in enumerate(items)]
        fns = [p[0] for p in parts]
        fold = _vector_ops().ARITH[op] if ctx.vector else ARITH[op]

        def arith(f: Facts) -> Any:
            xs = [fn(f) for fn in fns]
            if any(x is None for x in xs):
                return None
            return fold(xs)

        return arith, f"{op}(" + ", ".join(p[1] for p in parts) + ")"
    if "call" in keys and keys <= {"call", "args"}:
        name = raw["call"]
        registered = ctx.functions.get(name)
        if registered is None:
            raise ConditionError(
                (*path, "call"), f"unknown function {name!r}{did_you_mean(name, ctx.functions)}"
            )
        fn = registered.fn
        args = raw.get("args", [])
        if not isinstance(args, list):
            raise ConditionError((*path, "args"), "args must be a list of operands")
        parts = [compile_operand(x, (*path, "args", i), ctx) for i, x in enumerate(args)]
        fns = [p[0] for p in parts]
        kb = ctx.kb

        def call(f: Facts) -> Any:
            return fn(kb, *[g(f) for g in fns])

        return call, f"{name}(" + ", ".join(p[1] for p in parts) + ")"
    known = ["value", "field", "prop", "trait", "call", *ARITH]
    bad = sorted(keys - {"of", "args"}) or sorted(keys)
    raise ConditionError(path, f"unknown operand {bad[0]!r}{did_you_mean(bad[0], known)}")


def _compare(raw: dict, path: tuple, ctx: Context) -> Compiled:
    op = raw.get("op")
    if op not in OPS and op not in UNARY_OPS:
        choices = [*OPS, *UNARY_OPS]
        raise ConditionError((*path, "op"), f"unknown op {op!r}{did_you_mean(str(op), choices)}")
    if "field" in raw:
        extra = set(raw) - {"field", "op", "value", "ref"}
        if extra:
            bad = sorted(extra)[0]
            hint = did_you_mean(bad, ["field", "op", "value", "ref"])
            raise ConditionError((*path, bad), f"unknown key {bad!r}{hint}")
        left, ltext = compile_operand({"field": raw["field"]}, path, ctx)
        if op in UNARY_OPS:
            right, rtext = (lambda _f: None), ""
        elif "ref" in raw:
            right, rtext = compile_operand({"field": raw["ref"]}, (*path, "ref"), ctx)
        elif "value" in raw:
            right, rtext = compile_operand({"value": raw["value"]}, (*path, "value"), ctx)
        else:
            raise ConditionError(path, f"op {op!r} needs 'value' or 'ref'")
    else:
        extra = set(raw) - {"left", "op", "right"}
        if extra:
            bad = sorted(extra)[0]
            raise ConditionError((*path, bad), f"unknown key {bad!r}")
        left, ltext = compile_operand(raw.get("left"), (*path, "left"), ctx)
        if op in UNARY_OPS:
            right, rtext = (lambda _f: None), ""
        else:
            right, rtext = compile_operand(raw.get("right"), (*path, "right"), ctx)
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


def compile_condition(raw: Any, path: tuple, ctx: Context) -> Compiled:
    """Parse and compile one condition; raise ConditionError with the path of any problem."""
    if not isinstance(raw, dict) or not raw:
        raise ConditionError(path, "a condition must be a non-empty mapping")
    if "all" in raw or "any" in raw:
        key = "all" if "all" in raw else "any"
        if len(raw) != 1:
            raise ConditionError(path, f"'{key}' must stand alone in its mapping")
        items = raw[key]
        if not isinstance(items, list) or not items:
            raise ConditionError((*path, key), f"'{key}' takes a non-empty list of conditions")
        parts = [compile_condition(x, (*path, key, i), ctx) for i, x in enumerate(items)]
        tests = [p.test for p in parts]
        if ctx.vector:
            vo = _vector_ops()
            combine = vo.all_of if key == "all" else vo.any_of
            return Compiled(lambda f: combine(tests, f), _no_explain)
        if key == "all":
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
    if "not" in raw:
        if len(raw) != 1:
            raise ConditionError(path, "'not' must stand alone in its mapping")
        inner = compile_condition(raw["not"], (*path, "not"), ctx)
        if ctx.vector:
            negate = _vector_ops().negate
            return Compiled(lambda f: negate(inner.test(f)), _no_explain)
        return Compiled(lambda f: not inner.test(f), lambda f, lv: not inner.explain(f, lv))
    if "op" in raw:
        return _compare(raw, path, ctx)
    if "is_a" in raw or "role" in raw:
        key = "is_a" if "is_a" in raw else "role"
        if set(raw) != {key, "field"}:
            raise ConditionError(path, f"'{key}' takes exactly the keys {key} and field")
        name = _check_field(raw["field"], (*path, "field"), ctx)
        target = raw[key]
        index = ctx.index
        if key == "is_a":
            if target not in ctx.kb_ids:
                raise ConditionError(
                    (*path, "is_a"),
                    f"unknown knowledge id {target!r}{did_you_mean(target, ctx.kb_ids)}",
                )

            def test(f: Facts) -> bool:
                v = f.get(name)
                return v is not None and index.is_a(v, target)
        else:

            def test(f: Facts) -> bool:
                return target in index.roles.get(f.get(name), ())

        text = f"{name} {key} {target}"
        return Compiled(test, lambda f, lv: _leaf(lv, text, f.get(name), target, test(f)))
    if "compat" in raw:
        return _compile_compat(raw, path, ctx)
    keys = sorted(raw)
    known = ["all", "any", "not", "field", "left", "is_a", "role", "compat"]
    raise ConditionError(path, f"unknown condition {keys[0]!r}{did_you_mean(keys[0], known)}")


def _vector_ops() -> Any:
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
    fn = OPS[op]
    return lambda f: vo.compare(fn, left(f), right(f))


def _leaf(leaves: list[Leaf], text: str, left: Any, right: Any, result: bool) -> bool:
    leaves.append(Leaf(text, left, right, result))
    return result


def _compile_compat(raw: dict, path: tuple, ctx: Context) -> Compiled:
    spec = raw["compat"]
    if set(raw) != {"compat"} or not isinstance(spec, dict):
        raise ConditionError(path, "'compat' takes a mapping: subject, object, relation, severity")
    allowed = {"subject", "object", "relation", "severity"}
    for key in spec:
        if key not in allowed:
            raise ConditionError(
                (*path, "compat", key), f"unknown key {key!r}{did_you_mean(key, allowed)}"
            )
    subject = _check_field(spec.get("subject"), (*path, "compat", "subject"), ctx)
    obj = _check_field(spec.get("object"), (*path, "compat", "object"), ctx)
    relations = _as_set(spec.get("relation"))
    severities = _as_set(spec.get("severity"))
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


def _as_set(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value)
