"""The Pareto sweeps of `decide.screening.pareto`, compiled with numba for large inputs.

The same algorithms as `pareto._sweep2` and `pareto._sweep3`, line for line, over int32 group
numbers: numba turns the per-row loop from microseconds into tens of nanoseconds (a million
rows with three objectives: ~3 s as Python, ~0.2 s compiled). The layers' staircases live in
two flat growable arrays instead of Python lists. Compiled code is cached beside
the user's other caches (NUMBA_CACHE_DIR, default ~/.cache/decide/numba) so only the first run
on a machine pays the compiler.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault(
    "NUMBA_CACHE_DIR",
    str(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "decide" / "numba"),
)

from numba import njit  # the cache folder above must be set before numba loads


@njit(cache=True)
def _left(a: np.ndarray, lo: Any, hi: Any, x: Any) -> Any:
    """bisect_left over a[lo:hi] (an index into a)."""
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True)
def _right(a: np.ndarray, lo: Any, hi: Any, x: Any) -> Any:
    """bisect_right over a[lo:hi] (an index into a)."""
    while lo < hi:
        mid = (lo + hi) // 2
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


@njit(cache=True)
def sweep2(second: np.ndarray) -> np.ndarray:
    """Ranks of rows sorted best-first by two objectives (see pareto._sweep2)."""
    n = second.size
    tails = np.empty(n, dtype=np.int64)  # negated best second objective per layer, ascending
    layers = 0
    out = np.empty(n, dtype=np.int32)
    for i in range(n):
        y = -np.int64(second[i])
        r = _right(tails, 0, layers, y)
        tails[r] = y
        if r == layers:
            layers += 1
        out[i] = r + 1
    return out


@njit(cache=True)
def _grow(a: np.ndarray, size: int) -> np.ndarray:
    """`a` with at least `size` slots (doubled as needed), contents kept."""
    if size <= a.size:
        return a
    bigger = np.empty(max(size, 2 * a.size), dtype=a.dtype)
    bigger[: a.size] = a
    return bigger


@njit(cache=True)
def sweep3(second: np.ndarray, third: np.ndarray) -> np.ndarray:
    """Ranks of rows sorted best-first by three objectives (see pareto._sweep3).

    All staircases share two flat pools (2nd objective, negated 3rd); layer l occupies
    pool[start[l] : start[l] + size[l]] within a block of cap[l] slots, moved to a block twice
    as large at the pool's end when it fills."""
    n = second.size
    out = np.empty(n, dtype=np.int32)
    keys = np.empty(1024, dtype=np.int64)
    negs = np.empty(1024, dtype=np.int64)
    used = 0
    start = np.zeros(64, dtype=np.int64)
    size = np.zeros(64, dtype=np.int64)
    cap = np.zeros(64, dtype=np.int64)
    layers = 0
    for i in range(n):
        y = np.int64(second[i])
        nz = -np.int64(third[i])
        lo, hi = 0, layers
        while lo < hi:
            mid = (lo + hi) // 2
            s0 = start[mid]
            j = _left(keys, s0, s0 + size[mid], y)
            if j < s0 + size[mid] and negs[j] <= nz:
                lo = mid + 1
            else:
                hi = mid
        out[i] = lo + 1
        if lo == layers:
            if layers == start.size:
                start = _grow(start, layers + 1)
                size = _grow(size, layers + 1)
                cap = _grow(cap, layers + 1)
            keys = _grow(keys, used + 8)
            negs = _grow(negs, used + 8)
            start[layers] = used
            cap[layers] = 8
            size[layers] = 1
            keys[used] = y
            negs[used] = nz
            used += 8
            layers += 1
            continue
        s0 = start[lo]
        count = size[lo]
        m = _left(negs, s0, s0 + count, nz) - s0
        k = _right(keys, s0, s0 + count, y) - s0
        tail = k if m < k else m  # entries [m, k) are dominated by the new one: dropped
        new_size = m + 1 + count - tail
        if new_size > cap[lo]:
            new_cap = 2 * cap[lo]
            keys = _grow(keys, used + new_cap)
            negs = _grow(negs, used + new_cap)
            keys[used : used + count] = keys[s0 : s0 + count]
            negs[used : used + count] = negs[s0 : s0 + count]
            s0 = used
            start[lo] = used
            cap[lo] = new_cap
            used += new_cap
        if tail != m + 1:
            keys[s0 + m + 1 : s0 + new_size] = keys[s0 + tail : s0 + count].copy()
            negs[s0 + m + 1 : s0 + new_size] = negs[s0 + tail : s0 + count].copy()
        keys[s0 + m] = y
        negs[s0 + m] = nz
        size[lo] = new_size
    return out
