"""The registries rule conditions are checked against: functions with their signatures, and the
kind of value every fact holds."""

from __future__ import annotations

import inspect

import pytest
from conftest import run_cli

from decide.rules.facts import DERIVED_FACTS
from decide.rules.fields import fact_kinds, fact_names
from decide.rules.functions import FUNCTIONS, rule_function
from decide.rules.kinds import Kind, Number, fits
from decide.vocab.design_fields import MATERIAL_FIELDS
from decide.vocab.metrics import METRICS


def test_every_function_is_registered_with_the_parameters_of_its_code() -> None:
    for name, registered in FUNCTIONS.items():
        params = list(inspect.signature(registered.fn).parameters)[1:]  # after the knowledge base
        assert [p.name for p in registered.params] == params, name
        assert all(p.kinds for p in registered.params) and registered.returns, name


def test_a_function_without_declared_kinds_does_not_register() -> None:
    def untyped(_kb, a):
        return a

    with pytest.raises(TypeError, match="declares no kind"):
        rule_function(untyped)
    assert "untyped" not in FUNCTIONS


def test_signatures_and_arity_messages() -> None:
    ratio = FUNCTIONS["ratio"]
    assert ratio.signature() == "ratio(a: number?, b: number?) -> number?"
    assert ratio.arity_problem(2) is None
    assert ratio.arity_problem(3) == "ratio takes 2 arguments (a, b), got 3"
    areas = FUNCTIONS["ip_areas_for"]
    assert areas.arity_problem(4) is None
    assert areas.arity_problem(0) == "ip_areas_for takes at least 1 argument (materials...), got 0"
    assert areas.param_at(3) is areas.params[0]


def test_kinds_fit() -> None:
    assert fits(Kind.ID, {Kind.STRING}) and fits(Kind.IDS, {Kind.LIST})
    assert not fits(Kind.LIST, {Kind.NUMBER}) and not fits(Kind.STRING, {Kind.NUMBER})
    assert fits(Kind.ANY, {Kind.NUMBER}) and fits(Kind.NUMBER, {Kind.ANY})
    assert Number.__metadata__ == (Kind.NUMBER,)


def test_every_fact_has_a_kind() -> None:
    kinds = fact_kinds()
    assert set(kinds) == fact_names()
    assert all(kinds[name] == fact.kind for name, fact in DERIVED_FACTS.items())
    for slot in MATERIAL_FIELDS:
        assert kinds[slot.path] is Kind.ID
    for key, metric in METRICS.items():
        assert kinds[f"metrics.{key}"] is (Kind.NUMBER if metric.numeric else Kind.STRING)
    assert kinds["separator.thickness_um"] is Kind.NUMBER
    assert kinds["production_year"] is Kind.NUMBER
    assert kinds["design.materials"] is Kind.IDS
    unknown = {name for name, kind in kinds.items() if kind is Kind.ANY}
    assert {n.rsplit(".", 1)[-1] for n in unknown} <= {"overrides"}, unknown


def test_rules_show_documents_a_function(capsys) -> None:
    code, out, _ = run_cli(["rules", "show", "ratio"], capsys)
    assert code == 0
    assert out.startswith("ratio(a: number?, b: number?) -> number?")
    code, _, err = run_cli(["rules", "show", "rato"], capsys)
    assert code == 2 and 'did you mean "ratio"' in err


def test_a_parameter_that_refuses_null_is_checked_at_load(kb) -> None:
    from dataclasses import dataclass

    from pydantic import TypeAdapter

    from decide.rules.check import check_operand
    from decide.rules.functions import Param, RuleFunction
    from decide.rules.grammar import Operand

    strict = RuleFunction(
        "twice",
        lambda _kb, x: 2 * x,
        (Param("x", frozenset({Kind.NUMBER}), nullable=False),),
        frozenset({Kind.NUMBER}),
        False,
        "2 x",
    )

    @dataclass
    class Registries:
        fields: dict[str, Kind]
        functions: dict[str, RuleFunction]
        kb_ids: frozenset[str]

    reg = Registries(fact_kinds(), {"twice": strict}, frozenset(kb.entries))
    operand = TypeAdapter(Operand).validate_python({"call": "twice", "args": [None]})
    [issue] = check_operand(operand, ("e",), reg)
    assert (issue.path, issue.message) == (("e", "args", 0), "twice argument 1 (x) may not be null")
    operand = TypeAdapter(Operand).validate_python({"call": "twice", "args": [3]})
    assert check_operand(operand, ("e",), reg) == []
