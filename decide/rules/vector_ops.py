"""Numpy versions of the condition primitives, for evaluating a rule over many design points.

Facts that vary across points are arrays; facts fixed for a material combination stay scalars, so
material-only conditions cost one scalar test per combination and short-circuit the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def present(x: Any) -> Any:
    """True where a value exists (NaN marks a missing array value)."""
    if x is None:
        return False
    if isinstance(x, np.ndarray) and x.dtype.kind == "f":
        return ~np.isnan(x)
    return True


def compare(fn: Callable[[Any, Any], Any], a: Any, b: Any) -> Any:
    """Elementwise comparison; missing operands give False."""
    if a is None or b is None:
        return False
    try:
        with np.errstate(invalid="ignore"):
            return fn(a, b)
    except (TypeError, ValueError):
        return False


def _isin(a: Any, b: Any) -> Any:
    if isinstance(a, np.ndarray):
        return np.isin(a, list(b))
    return a in b


def _contains(a: Any, b: Any) -> Any:
    if isinstance(a, np.ndarray):
        return np.array([_contains(x, b) for x in a.tolist()], dtype=bool)
    return str(b).lower() in str(a).lower() if isinstance(a, str) else b in a


# Elementwise versions of the comparison ops whose Python form does not broadcast.
ELEMENTWISE: dict[str, Callable[[Any, Any], Any]] = {
    "in": _isin,
    "not_in": lambda a, b: np.logical_not(_isin(a, b)),
    "contains": _contains,
}


def is_false(r: Any) -> bool:
    """True for a scalar False (an array is never 'false' as a whole here)."""
    return np.ndim(r) == 0 and not bool(r)


def is_true(r: Any) -> bool:
    """True for a scalar True."""
    return np.ndim(r) == 0 and bool(r)


def all_of(tests: list[Callable[[Any], Any]], f: Any) -> Any:
    """Logical and, short-circuiting on a scalar False."""
    acc: Any = True
    for t in tests:
        r = t(f)
        if is_false(r):
            return False
        acc = r if acc is True else np.logical_and(acc, r)
    return acc


def any_of(tests: list[Callable[[Any], Any]], f: Any) -> Any:
    """Logical or, short-circuiting on a scalar True."""
    acc: Any = False
    for t in tests:
        r = t(f)
        if is_true(r):
            return True
        acc = r if acc is False else np.logical_or(acc, r)
    return acc


def negate(r: Any) -> Any:
    """Logical not of a scalar or an array."""
    return np.logical_not(r)


ARITH: dict[str, Callable[[list[Any]], Any]] = {
    "add": lambda xs: sum(xs[1:], xs[0]),
    "sub": lambda xs: xs[0] - sum(xs[1:]),
    "mul": lambda xs: np.prod(np.broadcast_arrays(*xs), axis=0) if len(xs) > 1 else xs[0],
    "div": lambda xs: np.divide(
        xs[0], xs[1], out=np.full(np.shape(xs[0] * xs[1]), np.inf), where=np.asarray(xs[1]) != 0
    ),
    "min": lambda xs: np.minimum.reduce(np.broadcast_arrays(*xs)),
    "max": lambda xs: np.maximum.reduce(np.broadcast_arrays(*xs)),
}


def call_elementwise(fn: Callable[..., Any], kb: Any, args: list[Any]) -> Any:
    """Call a scalar registered function over categorical array arguments (e.g. the electrolyte
    class per point): once per distinct combination of their values, results gathered back into
    an array (numbers as floats with NaN for None).

    A categorical column holding one value throughout (a material combination's class
    broadcast over its grid points, the usual case) is passed as that value, and the result
    stays a scalar; otherwise the distinct values are found with numpy, never by a Python loop
    over the points."""
    args = [_one_value(a) for a in args]
    categorical = [
        k for k, a in enumerate(args) if isinstance(a, np.ndarray) and a.dtype.kind in "OUS"
    ]
    if not categorical:
        return fn(kb, *args)
    shape = np.broadcast_shapes(*(np.shape(args[k]) for k in categorical))
    codes = np.zeros(int(np.prod(shape)), dtype=np.int64)
    levels: list[list[Any]] = []
    for k in categorical:
        column = np.broadcast_to(args[k], shape).ravel()
        values, inverse = np.unique(column, return_inverse=True)
        codes = codes * len(values) + inverse.ravel()
        levels.append(values.tolist())
    distinct, inverse = np.unique(codes, return_inverse=True)
    out = []
    for code in distinct.tolist():
        call = list(args)
        for k, values in zip(reversed(categorical), reversed(levels), strict=True):
            code, i = divmod(code, len(values))
            call[k] = values[i]
        out.append(fn(kb, *call))
    if all(v is None or isinstance(v, int | float) for v in out):
        found = np.array([np.nan if v is None else v for v in out], dtype=float)
    else:
        found = np.empty(len(out), dtype=object)
        for i, v in enumerate(out):  # one by one: a tuple stays one object
            found[i] = v
    return found[inverse.ravel()].reshape(shape)


def _one_value(a: Any) -> Any:
    """A categorical array that holds one value throughout, as that value."""
    if not isinstance(a, np.ndarray) or a.dtype.kind not in "OUS" or a.size == 0:
        return a
    if all(s == 0 for s in a.strides):  # np.broadcast_to of one value
        return a.flat[0].item() if isinstance(a.flat[0], np.generic) else a.flat[0]
    first = a.flat[0]
    if a.dtype.kind == "O":
        return a
    return first.item() if bool((a == first).all()) else a
