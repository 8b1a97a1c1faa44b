"""Property-based tests of the parsers: the safe YAML loader and unit-string conversion."""

from __future__ import annotations

import math

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from decide.errors import InputError
from decide.units import to_number
from decide.yamlio import load_text

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
keys = st.text(st.characters(categories=("L", "N"), max_codepoint=0x7F), min_size=1, max_size=8)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**9), 10**9)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    # control characters and bidi overrides are refused in data (tests/test_hostile_parsers.py)
    | st.text(st.characters(exclude_categories=("Cc", "Cs"), exclude_characters=BIDI), max_size=20)
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=20,
)


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, (*prefix, i))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(keys, documents, min_size=1, max_size=5))
def test_yaml_round_trips_plain_data(data) -> None:
    text = yaml.safe_dump(data, sort_keys=False)
    loaded, lines = load_text(text, "doc.yaml")
    assert loaded == data
    n_lines = text.count("\n") + 1
    for path in _paths(data):
        line = lines.line(path)
        assert line is not None and 1 <= line <= n_lines


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses_or_gives_an_input_error(text) -> None:
    try:
        load_text(text, "any.yaml")
    except InputError as exc:
        assert all(p.file == "any.yaml" for p in exc.problems)


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=1e-3, max_value=1e4, allow_nan=False))
def test_unit_strings_convert_like_numbers(x) -> None:
    assert math.isclose(to_number(f"{x} um", "micrometer"), x, rel_tol=1e-9)
    assert math.isclose(to_number(f"{x} mm", "micrometer"), x * 1000, rel_tol=1e-9)
    assert math.isclose(to_number(f"{x} mAh/cm^2", "mA*h/cm^2"), x, rel_tol=1e-9)
    assert to_number(x, "micrometer") == x


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=1e-3, max_value=1e4), st.sampled_from(["kg", "V", "mAh/g", "s"]))
def test_wrong_dimension_is_refused(x, unit) -> None:
    try:
        to_number(f"{x} {unit}", "micrometer")
    except ValueError as exc:
        assert "dimension" in str(exc) or "unit" in str(exc)
    else:
        raise AssertionError("a wrong dimension was accepted")
