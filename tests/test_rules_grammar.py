"""The condition grammar's pydantic models: one error per typo with its path, a serialisation that
round-trips, and compilation from the validated models (plain data is validated first)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from decide.rules.conditions import OPS, ConditionError, compile_condition, compile_operand
from decide.rules.grammar import BINARY_OPS, Condition, FieldCompare, ValueOperand
from decide.rules.loader import compile_context
from decide.validation import located_errors

CONDITION: TypeAdapter[Condition] = TypeAdapter(Condition)

# (condition, where the one error is, words in it)
TYPOS: list[tuple[dict[str, Any], tuple[str | int, ...], str]] = [
    ({"feild": "a", "op": "lt", "value": 1}, ("feild",), 'did you mean "field"'),
    ({"field": "a", "op": "lt", "valeu": 1}, ("valeu",), 'did you mean "value"'),
    ({"field": "a", "op": "less", "value": 1}, ("op",), "unknown op 'less'"),
    ({"field": "a", "op": "lt"}, (), "needs 'value' or 'ref'"),
    ({"field": "a", "op": "present", "value": 1}, (), "takes no 'value'"),
    ({"alll": [{"field": "a", "op": "missing"}]}, ("alll",), 'did you mean "all"'),
    ({"all": [], "op": "lt"}, (), "'all' must stand alone"),
    ({"any": []}, ("any",), "non-empty list"),
    ({"not": {"is_a": "x", "feld": "a"}}, ("not", "feld"), 'did you mean "field"'),
    ({"zzz": 1}, (), "unknown condition 'zzz'"),
    ({}, (), "non-empty mapping"),
    ({"left": {"mul": [{"field": "a"}]}, "op": "gt", "right": 1}, ("left", "mul"), "two operands"),
    ({"left": {"prp": "x", "of": "a"}, "op": "gt", "right": 1}, ("left", "prp"), '"prop"'),
    ({"left": {"qq": 1}, "op": "gt", "right": 1}, ("left",), "unknown operand 'qq'"),
    (
        {"left": {"call": "ratio", "args": [1, {"fild": "a"}]}, "op": "gt", "right": 1},
        ("left", "args", 1, "fild"),
        'did you mean "field"',
    ),
    (
        {"compat": {"subject": "a", "objet": "b"}},
        ("compat", "objet"),
        'did you mean "object"',
    ),
    (
        {"compat": {"subject": "a", "object": "b", "relation": "reduced"}},
        ("compat", "relation"),
        'did you mean "reduced_by"',
    ),
    ({"role": "anod", "field": "a"}, ("role",), 'did you mean "anode"'),
]


@pytest.mark.parametrize(("raw", "where", "says"), TYPOS, ids=[str(t[0]) for t in TYPOS])
def test_a_typo_is_one_error_at_its_path(raw, where, says) -> None:
    with pytest.raises(ValidationError) as info:
        CONDITION.validate_python(raw)
    errors = located_errors(info.value, Condition, raw)
    assert len(errors) == 1, errors
    (path, message) = errors[0]
    assert path == where
    assert says in message


def test_every_builtin_condition_round_trips(ruleset) -> None:
    for rule in ruleset.rules:
        data = rule.record.when.model_dump(by_alias=True, exclude_unset=True)
        assert CONDITION.validate_python(data) == rule.record.when, rule.code


def test_a_plain_value_is_a_value_operand() -> None:
    cond = CONDITION.validate_python(
        {"left": {"call": "ratio", "args": [1, {"value": 2}]}, "op": "gt", "right": 0}
    )
    assert cond.left.args == [ValueOperand(value=1), ValueOperand(value=2)]
    assert cond.right == ValueOperand(value=0)


def test_value_null_is_given_and_absent_value_is_not() -> None:
    given = CONDITION.validate_python({"field": "a", "op": "eq", "value": None})
    assert isinstance(given, FieldCompare) and given.right == ValueOperand(value=None)


def test_every_binary_op_has_one_implementation() -> None:
    assert tuple(OPS) == BINARY_OPS


def test_compiling_plain_data_validates_and_checks_it_first(kb) -> None:
    ctx = compile_context(kb)
    compiled = compile_condition(
        {"field": "separator.thickness_um", "op": "lt", "value": 15}, (), ctx
    )
    assert compiled.test({"separator.thickness_um": 10})
    with pytest.raises(ConditionError) as info:
        compile_condition({"field": "separator.thicknes_um", "op": "lt", "value": 1}, ("w",), ctx)
    assert info.value.path == ("w", "field") and "did you mean" in info.value.message
    with pytest.raises(ConditionError) as info:
        compile_condition({"feild": "separator.thickness_um", "op": "lt", "value": 1}, ("w",), ctx)
    assert info.value.path == ("w", "feild")
    assert info.value.message == "unknown key 'feild' (did you mean \"field\"?)"
    with pytest.raises(ConditionError) as info:
        compile_operand({"call": "ratio", "args": [1, 2, 3]}, ("e",), ctx)
    assert info.value.path == ("e", "args")
    assert info.value.message == "ratio takes 2 arguments (a, b), got 3"
    operand = {"call": "ratio", "args": [6, {"field": "separator.thickness_um"}]}
    fn, text = compile_operand(operand, (), ctx)
    assert text == "ratio(6, separator.thickness_um)"
    assert fn({"separator.thickness_um": 3}) == 2
