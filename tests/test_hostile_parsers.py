"""Hostile input to the parsers (issue 16): any text is a value or a DecideError, quickly.

Hypothesis feeds the unit grammar, the YAML reader and the design, space and rule validators
arbitrary and near-valid input; anything but a value or the loader's own error type fails the
test, as does a case that takes longer than the deadline (the unit string `"30 um^9^9^9"` once
made pint compute 9**(9**9) and never return).
"""

from __future__ import annotations

import contextlib
import copy
import math

import pytest
import yaml
from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decide.errors import DecideError, DesignError, InputError
from decide.units import MAX_TEXT, to_number
from decide.yamlio import MAX_NUMBER_CHARS, MAX_SCALAR_CHARS, load_text

# A case must finish within this (ms): generous for a loaded 2-core machine, far below a hang.
DEADLINE_MS = 3_000
FAST = settings(
    max_examples=150, deadline=DEADLINE_MS, suppress_health_check=[HealthCheck.too_slow]
)

# --- units ---------------------------------------------------------------------------------------

UNIT_PIECES = [
    "um", "mm", "m", "mAh", "cm", "g", "kg", "V", "S", "mS", "h", "A", "ohm", "°C", "%", "eV",
    "µm", "foo", "wt%", "*", "/", "·", " ", "^", "**", "-", "2", "3", "9", "^9", "^-3", "**9",
    "(", ")", "1", "e", "E", "²", "⁻", "^99", "\x1b", "\n", "..", "1e308", "x" * 30,
]  # fmt: skip
unit_strings = st.lists(st.sampled_from(UNIT_PIECES), max_size=12).map("".join)
numbers = st.sampled_from(["30", "-1", "0.5", "1e3", "1e999", ".5", "+2", "9" * 60, ""])
UNITS = ["micrometer", "mA*h/cm^2", "g/cm^3", "percent", "degC", "ohm*cm^2", None]


@FAST
@given(numbers, st.sampled_from(["", " ", "  "]), unit_strings, st.sampled_from(UNITS))
def test_near_valid_unit_strings_give_a_number_or_a_value_error(number, gap, unit_text, unit):
    text = f"{number}{gap}{unit_text}"
    try:
        value = to_number(text, unit)
    except ValueError as exc:
        message = str(exc)
        assert message and len(message) < 400  # one readable sentence, not the whole input
    else:
        assert math.isfinite(value)


@FAST
@given(st.text(max_size=300), st.sampled_from(UNITS))
def test_any_text_gives_a_number_or_a_value_error(text, unit):
    with contextlib.suppress(ValueError):
        assert math.isfinite(to_number(text, unit))


@pytest.mark.parametrize(
    "text, says",
    [
        ("30 um^9^9^9", "is not a unit"),
        ("30 um**99", "is not a unit"),
        ("30 um^5", "is not a unit"),
        ("30 " + "a" * 70, "is not a unit"),
        ("30 " + "a" * 100_000, "characters of text"),
        ("30 " + "um*" * 30 + "um", "characters of text"),
        ("30 blorbs", "unknown unit 'blorbs'"),
        ("30 (um", "is not a unit"),
        ("30 um\x1b[2J", "is not a unit"),
        ("1e999 um", "not a finite number"),
    ],
)
def test_hostile_unit_strings_are_refused_before_pint(text, says):
    with pytest.raises(ValueError) as info:
        to_number(text, "micrometer")
    assert says in str(info.value)
    assert len(text) <= MAX_TEXT or "characters" in str(info.value)


@pytest.mark.parametrize(
    "text, unit, expected",
    [
        ("30 um", "micrometer", 30.0),
        ("0.03 mm", "micrometer", 30.0),
        ("4 mAh/cm^2", "mA*h/cm^2", 4.0),
        ("4 mAh/cm2", "mA*h/cm^2", 4.0),
        ("4 mAh/cm²", "mA*h/cm^2", 4.0),
        ("1.5 g/cm3", "g/cm^3", 1.5),
        ("1e20 cm^-3", "1/cm^3", 1e20),
        ("1e20 1/cm^3", "1/cm^3", 1e20),
        ("3 cm2/(V s)", "cm^2/(V*s)", 3.0),
        ("5 ohm cm2", "ohm*cm^2", 5.0),
        ("25 °C", "degC", 25.0),
        ("10 %", "percent", 10.0),
    ],
)
def test_the_grammar_keeps_every_unit_people_write(text, unit, expected):
    assert math.isclose(to_number(text, unit), expected, rel_tol=1e-12)


# --- YAML ----------------------------------------------------------------------------------------

YAML_PIECES = [
    "a", "b", ": ", ":", "- ", "\n", "\n  ", "[", "]", "{", "}", ", ", "&x ", "*x", "<<: ",
    "!!int ", "!!bool ", "!!float ", "!!str ", "!!python/object/apply:os.system ", "!!binary ",
    "!!set ", "!local ", "? ", "'", '"', "\\e", "\\x1b", "#", "1", "9" * 120, "1e999", "true",
    "~", "2024-01-01", "!!timestamp ", "|\n  ", ">\n  ", "---\n", "...\n", "%YAML 1.1\n", "\t",
]  # fmt: skip
yaml_texts = st.lists(st.sampled_from(YAML_PIECES), max_size=30).map("".join)


def _loads_or_input_error(text: str) -> None:
    try:
        load_text(text, "doc.yaml")
    except InputError as exc:
        assert exc.problems and all(p.file == "doc.yaml" for p in exc.problems)
        assert "\x1b" not in exc.render()


@FAST
@given(yaml_texts)
def test_near_yaml_is_plain_data_or_an_input_error(text):
    _loads_or_input_error(text)


@FAST
@given(st.text(max_size=400))
def test_any_text_is_plain_data_or_an_input_error(text):
    _loads_or_input_error(text)


@pytest.mark.parametrize(
    "text, says",
    [
        ("a: !!int abc", "'abc' is not a valid int"),
        ("a: !!bool maybe", "'maybe' is not a valid bool"),
        ("a: !!float 1.2.3", "is not a valid float"),
        ("a: !!python/object/apply:os.system [ls]", "is not allowed"),
        ("? !!python/name:os.system\n: 1", "is not allowed"),
        ("base: &b {x: 1}\nc:\n  <<: *b", "merge keys"),
        ("<<: {a: 1}", "merge keys"),
        ("a: !!binary aGk=", "is not allowed"),
        ("a: !!set {x}", "is not allowed"),
        ("a: " + "9" * 5000, f"at most {MAX_NUMBER_CHARS}"),
        ("a: -" + "9" * 4400, f"at most {MAX_NUMBER_CHARS}"),
        ('a: "' + "x" * (MAX_SCALAR_CHARS + 1) + '"', f"at most {MAX_SCALAR_CHARS}"),
        ('"\\e[31mkey": 1', "control character \\x1b"),
        ('a: "\\u202e"', "control character \\u202e"),
        ("[" * 5000 + "]" * 5000, "nesting"),
    ],
)
def test_each_yaml_hazard_is_one_located_input_error(text, says):
    with pytest.raises(InputError) as info:
        load_text(text, "doc.yaml")
    [problem] = info.value.problems
    assert problem.file == "doc.yaml" and says in str(problem)


# --- designs, spaces, rules: any plain data is a model or the loader's error ---------------------

plain = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(["30 um", "30 um^9^9^9", "nmc811", "li6ps5cl", "pouch", "1e999"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
SECTIONS = ["id", "name", "cathode", "separator", "anode", "cell", "operating", "claims", "x"]
designs = st.dictionaries(st.sampled_from(SECTIONS), plain, max_size=6)
BASE_DESIGN = yaml.safe_load((EXAMPLES / "sulfide-nmc811-li20.yaml").read_text())
# Every field of a real design, and a new key in each section: where a hostile value goes.
FIELDS = [(k,) for k in BASE_DESIGN] + [
    (k, f) for k, v in BASE_DESIGN.items() if isinstance(v, dict) for f in [*v, "zz"]
]


def _mutated(edits: list) -> dict:
    data = copy.deepcopy(BASE_DESIGN)
    for path, value in edits:
        target = data
        for key in path[:-1]:
            target = target.get(key) if isinstance(target, dict) else None
        if isinstance(target, dict):
            target[path[-1]] = value
    return data


# Each test below draws inside a function that closes over the knowledge base, so a failing
# example is printed without the whole base.


def test_any_design_data_is_a_design_or_a_design_error(kb):
    from decide.design.loader import design_from_data

    @settings(max_examples=120, deadline=DEADLINE_MS, suppress_health_check=[HealthCheck.too_slow])
    @given(designs)
    def check(data):
        try:
            design_from_data(data, None, kb, "fuzz.yaml")
        except DesignError as exc:
            assert exc.problems

    check()


def test_a_real_design_with_hostile_values_is_a_design_or_a_design_error(kb):
    """A real design with up to three fields replaced by anything: a design whose metrics
    compute, or a DesignError naming the field (from the loader or from the model)."""
    from decide.cell.metrics import compute
    from decide.design.loader import design_from_data

    @settings(max_examples=150, deadline=DEADLINE_MS, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.tuples(st.sampled_from(FIELDS), plain), min_size=1, max_size=3))
    def check(edits):
        try:
            compute(design_from_data(_mutated(edits), None, kb, "fuzz.yaml"), kb)
        except DesignError as exc:
            assert exc.problems and all(p.file == "fuzz.yaml" for p in exc.problems)

    check()


def test_any_space_data_is_a_space_or_a_design_error(kb, tmp_path):
    from decide.screening.space import space_from_data
    from decide.yamlio import LineMap

    keys = ["id", "name", "base", "vary", "objectives", "filters"]

    @settings(max_examples=80, deadline=DEADLINE_MS, suppress_health_check=[HealthCheck.too_slow])
    @given(st.dictionaries(st.sampled_from(keys), plain))
    def check(data):
        try:
            space_from_data(data, LineMap("fuzz.yaml"), kb, tmp_path / "fuzz.yaml")
        except DesignError as exc:
            assert exc.problems

    check()


RULE_KEYS = ["code", "name", "title", "category", "severity", "when", "evidence", "message"]


def test_any_rule_data_is_a_rule_or_a_problem(kb):
    from decide.rules.loader import _compile_rule, compile_context
    from decide.yamlio import LineMap

    context = compile_context(kb)

    @settings(max_examples=80, deadline=DEADLINE_MS, suppress_health_check=[HealthCheck.too_slow])
    @given(st.dictionaries(st.sampled_from([*RULE_KEYS, "tests"]), plain))
    def check(data):
        problems: list = []
        _compile_rule(data, LineMap("fuzz.yaml"), (0,), context, kb, {}, problems)
        assert all(p.file == "fuzz.yaml" for p in problems)

    check()


def test_a_decide_error_is_what_every_parser_raises():
    """The fuzz tests above catch only these types: keep them in the DecideError family."""
    assert issubclass(DesignError, DecideError) and issubclass(InputError, DecideError)
