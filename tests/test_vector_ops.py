"""The numpy rule primitives: a scalar registered function over categorical arrays is called
once per distinct value, not once per design point (issue 17: this loop was a third of a
million-candidate screen's evaluation)."""

from __future__ import annotations

import numpy as np

from decide.rules.vector_ops import call_elementwise


def test_called_once_per_distinct_combination_of_values() -> None:
    calls: list[tuple[str, str]] = []

    def fn(_kb, a: str, b: str) -> float | None:
        calls.append((a, b))
        return None if a == "c" else float(len(a + b))

    rng = np.random.default_rng(0)
    a = np.array(["x", "yy", "c"])[rng.integers(0, 3, 100_000)]
    b = np.array(["p", "qqq"])[rng.integers(0, 2, 100_000)]
    out = call_elementwise(fn, None, [a, b])
    assert sorted(calls) == sorted({(x, y) for x in ("x", "yy", "c") for y in ("p", "qqq")})
    want = np.array([np.nan if x == "c" else len(x + y) for x, y in zip(a, b, strict=True)])
    assert np.array_equal(out, want, equal_nan=True)


def test_one_value_broadcast_over_the_points_is_one_call_and_a_scalar() -> None:
    calls = []

    def fn(_kb, a: str, t: np.ndarray) -> np.ndarray:
        calls.append(a)
        return t * 2

    classes = np.broadcast_to(np.array("all-solid-state"), (50_000,))
    thickness = np.linspace(1, 2, 50_000)
    out = call_elementwise(fn, None, [classes, thickness])
    assert calls == ["all-solid-state"]
    assert np.array_equal(out, thickness * 2)


def test_text_results_stay_objects() -> None:
    out = call_elementwise(lambda _kb, a: (a, 1), None, [np.array(["u", "v", "u"])])
    assert out.dtype == object and out.tolist() == [("u", 1), ("v", 1), ("u", 1)]
