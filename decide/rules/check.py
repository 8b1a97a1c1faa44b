"""Check a validated condition against the registries before it is compiled: fact names and the
kind of value each holds, function signatures, knowledge-base ids, properties and traits.

The grammar models (`decide.rules.grammar`) know the shape of a condition; this pass knows what
the names mean. It reports every problem it finds, each at its path in the rule, so a rule that
calls `ratio` with three arguments, compares a thickness with a word or names an id that does not
exist fails when the rule loads (exit 2, file and line), not while a design is checked.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from decide.kb.properties import PROPERTIES, TRAITS
from decide.rules.functions import Param, RuleFunction
from decide.rules.grammar import (
    ORDER_OPS,
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
from decide.rules.kinds import Kind, comparable, describe, fits, of_value
from decide.suggest import did_you_mean
from decide.yamlio import PathKey

NUMBER = frozenset({Kind.NUMBER})
MATERIAL = frozenset({Kind.ID})


class Registries(Protocol):
    """What the check looks names up in (the compile Context provides it)."""

    fields: Mapping[str, Kind]
    functions: Mapping[str, RuleFunction]
    kb_ids: Collection[str]


@dataclass(frozen=True)
class Issue:
    """One problem, at its path inside the rule file."""

    path: PathKey
    message: str


def check_condition(cond: Condition, path: PathKey, reg: Registries) -> list[Issue]:
    """Every problem of a condition, in the order met."""
    checker = _Checker(reg)
    checker.condition(cond, path)
    return checker.issues


def check_operand(operand: Operand, path: PathKey, reg: Registries) -> list[Issue]:
    """Every problem of an operand (a rule's evidence)."""
    checker = _Checker(reg)
    checker.operand(operand, path)
    return checker.issues


@dataclass
class _Checker:
    reg: Registries
    issues: list[Issue] = field(default_factory=list)

    def fail(self, path: PathKey, message: str) -> None:
        self.issues.append(Issue(tuple(path), message))

    # --- conditions -------------------------------------------------------------------------

    def condition(self, cond: Condition, path: PathKey) -> None:
        if isinstance(cond, AllOf | AnyOf):
            key = "all" if isinstance(cond, AllOf) else "any"
            for i, item in enumerate(cond.all if isinstance(cond, AllOf) else cond.any):
                self.condition(item, (*path, key, i))
        elif isinstance(cond, Not):
            self.condition(cond.not_, (*path, "not"))
        elif isinstance(cond, FieldCompare):
            left = FieldOperand(field=cond.field)
            lkind = self.fact(cond.field, (*path, "field"))
            right = cond.right
            if cond.ref is not None:  # a fact named right at `ref`
                where: PathKey = (*path, "ref")
                rkind: Kind | None = self.fact(cond.ref, where)
            else:
                where = (*path, "value")
                rkind = None if right is None else self.operand(right, where)
            self.comparison(cond.op, left, lkind, (*path, "field"), right, rkind, where)
        elif isinstance(cond, Compare):
            lkind = self.operand(cond.left, (*path, "left"))
            rkind = None if cond.right is None else self.operand(cond.right, (*path, "right"))
            self.comparison(
                cond.op, cond.left, lkind, (*path, "left"), cond.right, rkind, (*path, "right")
            )
        elif isinstance(cond, IsA):
            self.material(cond.field, (*path, "field"), "is_a")
            if cond.is_a not in self.reg.kb_ids:
                hint = did_you_mean(cond.is_a, self.reg.kb_ids)
                self.fail((*path, "is_a"), f"unknown knowledge id {cond.is_a!r}{hint}")
        elif isinstance(cond, HasRole):
            self.material(cond.field, (*path, "field"), "role")
        elif isinstance(cond, Compat):
            self.material(cond.compat.subject, (*path, "compat", "subject"), "compat")
            self.material(cond.compat.object, (*path, "compat", "object"), "compat")

    def comparison(
        self,
        op: str,
        left: Operand,
        lkind: Kind,
        lpath: PathKey,
        right: Operand | None,
        rkind: Kind | None,
        rpath: PathKey,
    ) -> None:
        if op in UNARY_OPS or right is None or rkind is None:
            return
        if rkind is Kind.NONE:
            self.fail(rpath, f"{op} with null never holds: use op: missing (or present)")
            return
        if op in ORDER_OPS:
            for operand, kind, where in ((left, lkind, lpath), (right, rkind, rpath)):
                if not fits(kind, NUMBER):
                    self.fail(where, f"{op} compares numbers, not {_shown(operand, kind)}")
        elif op in ("eq", "ne"):
            if lkind is Kind.ID and rkind is Kind.STRING and self.literal_ids(right, rpath):
                return
            if not comparable(lkind, rkind):
                self.fail(
                    rpath,
                    f"{_shown(left, lkind)} compared with {_shown(right, rkind)} never matches",
                )
        elif op in ("in", "not_in"):
            if lkind in (Kind.LIST, Kind.IDS):
                self.fail(lpath, f"{op} tests one value against a list, not {_shown(left, lkind)}")
            if not fits(rkind, {Kind.LIST, Kind.IDS, Kind.STRING}):
                self.fail(rpath, f"{op} needs a list on the right, not {_shown(right, rkind)}")
            elif lkind is Kind.ID:
                self.literal_ids(right, rpath)
        elif op == "contains":
            if not fits(lkind, {Kind.STRING, Kind.LIST, Kind.IDS}):
                shown = _shown(left, lkind)
                self.fail(lpath, f"contains needs a list or text on the left, not {shown}")
            elif lkind is Kind.IDS:
                self.literal_ids(right, rpath)

    # --- operands ---------------------------------------------------------------------------

    def operand(self, operand: Operand, path: PathKey) -> Kind:
        """Check an operand and return the kind of value it gives."""
        if isinstance(operand, ValueOperand):
            return of_value(operand.value)
        if isinstance(operand, FieldOperand):
            return self.fact(operand.field, (*path, "field"))
        if isinstance(operand, PropOperand):
            self.material(operand.of, (*path, "of"), "prop")
            if operand.prop not in PROPERTIES:
                hint = did_you_mean(operand.prop, PROPERTIES)
                self.fail((*path, "prop"), f"unknown property {operand.prop!r}{hint}")
            return Kind.NUMBER
        if isinstance(operand, TraitOperand):
            self.material(operand.of, (*path, "of"), "trait")
            if operand.trait not in TRAITS:
                hint = did_you_mean(operand.trait, TRAITS)
                self.fail((*path, "trait"), f"unknown trait {operand.trait!r}{hint}")
            return Kind.STRING
        if isinstance(operand, ArithOperand):
            for i, item in enumerate(operand.operands):
                kind = self.operand(item, (*path, operand.name, i))
                if not fits(kind, NUMBER):
                    where = (*path, operand.name, i)
                    self.fail(where, f"{operand.name} works on numbers, not {_shown(item, kind)}")
            return Kind.NUMBER
        return self.call(operand, path)

    def call(self, operand: CallOperand, path: PathKey) -> Kind:
        fn = self.reg.functions.get(operand.call)
        kinds = [self.operand(arg, (*path, "args", i)) for i, arg in enumerate(operand.args)]
        if fn is None:
            hint = did_you_mean(operand.call, self.reg.functions)
            self.fail((*path, "call"), f"unknown function {operand.call!r}{hint}")
            return Kind.ANY
        arity = fn.arity_problem(len(operand.args))
        if arity is not None:
            self.fail((*path, "args"), arity)
        for i, (arg, kind) in enumerate(zip(operand.args, kinds, strict=True)):
            param = fn.param_at(i)
            if param is not None:
                self.argument(fn, param, i, arg, kind, (*path, "args", i))
        return next(iter(fn.returns)) if len(fn.returns) == 1 else Kind.ANY

    def argument(
        self, fn: RuleFunction, param: Param, i: int, arg: Operand, kind: Kind, path: PathKey
    ) -> None:
        where = f"{fn.name} argument {i + 1} ({param.name})"
        if kind is Kind.NONE:
            if not param.nullable:
                self.fail(path, f"{where} may not be null")
            return
        if isinstance(arg, ValueOperand) and not fits(kind, param.kinds):
            # A literal word where an id or a property name is wanted: it must name one.
            if kind is Kind.STRING and Kind.PROPERTY in param.kinds:
                if arg.value not in PROPERTIES:
                    hint = did_you_mean(arg.value, PROPERTIES)
                    self.fail(path, f"{where}: unknown property {arg.value!r}{hint}")
                return
            if kind in (Kind.STRING, Kind.LIST) and param.kinds & {Kind.ID, Kind.IDS}:
                self.literal_ids(arg, path)
                return
        if not fits(kind, param.kinds):
            self.fail(path, f"{where} takes {param.wants()}, got {_shown(arg, kind)}")

    # --- names ------------------------------------------------------------------------------

    def fact(self, name: str, path: PathKey) -> Kind:
        kind = self.reg.fields.get(name)
        if kind is None:
            self.fail(path, f"unknown field {name!r}{did_you_mean(name, self.reg.fields)}")
            return Kind.ANY
        return kind

    def material(self, name: str, path: PathKey, what: str) -> None:
        """A field naming a material (for is_a, role, compat, prop, trait) must hold an id."""
        kind = self.fact(name, path)
        if not fits(kind, MATERIAL):
            shown = f"{name} ({describe([kind])})"
            self.fail(path, f"{what} needs a field holding an id, not {shown}")

    def literal_ids(self, operand: Operand, path: PathKey) -> bool:
        """Literal words compared with an id must be knowledge-base ids; True when checked."""
        if not isinstance(operand, ValueOperand):
            return False
        value = operand.value
        words = value if isinstance(value, list) else [value]
        if not all(isinstance(w, str) for w in words):
            return False
        for n, word in enumerate(words):
            if word not in self.reg.kb_ids:
                where = (*path, n) if isinstance(value, list) else path
                hint = did_you_mean(word, self.reg.kb_ids)
                self.fail(where, f"unknown knowledge id {word!r}{hint}")
        return True


def _shown(operand: Operand, kind: Kind) -> str:
    """'separator.material (an id)', "'thin' (a string)"."""
    return f"{operand.text()} ({describe([kind])})"
