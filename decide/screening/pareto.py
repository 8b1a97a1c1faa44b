"""Non-dominated sorting: the Pareto rank (1 = the front) of every candidate.

Float noise first. Two candidates computed along different arithmetic paths can differ in the
last bits of a number that is, physically, the same; such a difference must not make one of them
dominate the other. So each objective column is first turned into group numbers: the column is
sorted and a new group starts wherever two neighbouring values differ by more than
REL_TOL x the column's largest magnitude (single linkage on the sorted values). Values of one
group count as equal; dominance is then decided exactly on the group numbers, which keeps it
transitive and lets the sweeps below stay exact. REL_TOL = 1e-9 is some ten million times the
noise of a double (2.2e-16 per operation over the cell model's few dozen operations) and a
thousand times below the fourth significant digit a cell metric is ever quoted to.

A million candidates rule out pairwise comparison. Rows are sorted best-first
lexicographically, so every candidate that dominates another comes before it; then one sweep
assigns ranks. With two objectives a layer is summarised by its best second objective (ranks
by binary search, as in patience sorting); with three, each layer keeps a 2-D staircase of its
second and third objectives and a candidate's rank is found by binary search over the layers
(layer dominance is monotone: what a layer-r+1 member dominates, some layer-r member does too).
See Jensen, IEEE TEVC 7, 503 (2003) and Zhang et al., IEEE TEVC 19, 201 (2015) (ENS-BS).
The sweeps are compiled with numba above COMPILED_FROM rows (`decide.screening.sweeps`); below
it the same algorithm runs as plain Python, which saves the compiler's start-up on small
spaces. More than three objectives fall back to peeling fronts (quadratic; fine for small spaces).
"""

from __future__ import annotations

import math
import threading
from bisect import bisect_left, bisect_right
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType

import numpy as np

REL_TOL = 1e-9
COMPILED_FROM = 20_000
_BLOCK = 1 << 20


def noise_groups(column: np.ndarray, rel_tol: float = REL_TOL) -> np.ndarray:
    """Group number of each value (int32, ascending with the value): neighbours in sorted order
    closer than rel_tol x the largest magnitude share a group."""
    column = np.asarray(column, dtype=np.float64)
    n = len(column)
    out = np.zeros(n, dtype=np.int32)
    if n == 0:
        return out
    order = np.argsort(column, kind="stable")
    ordered = column[order]
    tol = rel_tol * max(abs(float(ordered[0])), abs(float(ordered[-1])))
    gaps = np.empty(n, dtype=bool)
    gaps[0] = False
    for a in range(0, n - 1, _BLOCK):  # in blocks: no second n-sized float array
        b = min(a + _BLOCK, n - 1)
        np.greater(ordered[a + 1 : b + 1] - ordered[a:b], tol, out=gaps[a + 1 : b + 1])
    del ordered
    out[order] = np.cumsum(gaps, dtype=np.int32)
    return out


def pareto_ranks(
    values: np.ndarray, rel_tol: float = REL_TOL, compiled: bool | None = None
) -> np.ndarray:
    """Pareto rank (1-based) of each row of `values` (all columns maximised, all finite).

    `compiled` forces the numba sweeps on or off (None: by size); tests use it to check that
    both give the same ranks."""
    values = np.asarray(values, dtype=np.float64)
    n = len(values)
    if n == 0:
        return np.zeros(0, dtype=np.int32)
    k = values.shape[1]
    groups = np.empty((k, n), dtype=np.int32)  # one contiguous row per objective
    if n >= COMPILED_FROM and k > 1:  # numpy sorts without the GIL
        with ThreadPoolExecutor(max_workers=2) as pool:  # two sorts in flight: memory bound
            list(pool.map(_fill, [(groups, values, j, rel_tol) for j in range(k)]))
    else:
        for j in range(k):
            _fill((groups, values, j, rel_tol))
    del values
    order, new = _best_first(groups)
    unique_at = order[new]  # the first row of each distinct row, best first
    columns = [np.ascontiguousarray(groups[j][unique_at]) for j in range(k)]
    del groups, unique_at
    group = np.cumsum(new, dtype=np.int32) - 1
    del new
    if compiled is None:
        compiled = len(columns[0]) >= COMPILED_FROM and k in (2, 3)
    if k == 1:
        layer = np.arange(1, len(columns[0]) + 1, dtype=np.int32)
    elif k == 2:
        layer = _compiled().sweep2(columns[1]) if compiled else _sweep2(columns[1].tolist())
    elif k == 3:
        if compiled:
            layer = _compiled().sweep3(columns[1], columns[2])
        else:
            layer = _sweep3(columns[1].tolist(), columns[2].tolist())
    else:
        layer = _peel(np.stack(columns, axis=1))
    del columns
    ranks = np.empty(n, dtype=np.int32)
    ranks[order] = layer[group]
    return ranks


def _fill(job: tuple[np.ndarray, np.ndarray, int, float]) -> None:
    groups, values, j, rel_tol = job
    groups[j] = noise_groups(values[:, j], rel_tol)


def _best_first(groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row order descending on every objective, first most significant, stable; mask of the
    positions in that order where a new distinct row starts). `groups` is (k, n).

    When the group numbers fit one int64 key (they do up to ~2 million distinct values per
    objective with three objectives) one argsort of that key replaces a lexsort."""
    k, n = groups.shape
    sizes = [int(groups[j].max()) + 1 for j in range(k)]
    new = np.ones(n, dtype=bool)
    if math.prod(sizes) < 2**62:
        key = np.zeros(n, dtype=np.int64)
        for j in range(k):
            key *= sizes[j]
            key += sizes[j] - 1 - groups[j]
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        del key
        np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
        return order, new
    order = np.lexsort(tuple(-groups[j] for j in reversed(range(k))))
    for j in range(k):
        column = groups[j][order]
        new[1:] |= column[1:] != column[:-1]
    new[0] = True
    return order, new


def warm_up() -> threading.Thread:
    """Load the compiled sweeps in a background thread (numba's import and cache load take
    ~0.4 s), to overlap with work that does not need them; join it before ranking."""
    thread = threading.Thread(target=_warm, daemon=True)
    thread.start()
    return thread


def _warm() -> None:
    sweeps = _compiled()
    tiny = np.zeros(1, dtype=np.int32)
    sweeps.sweep2(tiny)
    sweeps.sweep3(tiny, tiny)


def _compiled() -> ModuleType:
    """The numba sweeps, imported (and compiled, or loaded from numba's cache) on first use."""
    from decide.screening import sweeps

    return sweeps


def _sweep2(second: list[int]) -> np.ndarray:
    """Ranks of rows sorted best-first: layer r is dominated-from iff its best 2nd >= ours."""
    tails: list[int] = []  # negated best second objective per layer (ascending)
    out = np.empty(len(second), dtype=np.int32)
    for i, y in enumerate(second):
        r = bisect_right(tails, -y)
        if r == len(tails):
            tails.append(-y)
        else:
            tails[r] = -y
        out[i] = r + 1
    return out


def _sweep3(second: list[int], third: list[int]) -> np.ndarray:
    """Ranks of rows sorted best-first, each layer a staircase in (2nd, 3rd)."""
    keys: list[list[int]] = []  # per layer: 2nd objective, ascending
    negs: list[list[int]] = []  # per layer: negated 3rd objective, ascending
    out = np.empty(len(second), dtype=np.int32)
    for i, (y, z) in enumerate(zip(second, third, strict=True)):
        lo, hi = 0, len(keys)
        while lo < hi:
            mid = (lo + hi) // 2
            ks = keys[mid]
            j = bisect_left(ks, y)
            if j < len(ks) and negs[mid][j] <= -z:
                lo = mid + 1
            else:
                hi = mid
        out[i] = lo + 1
        if lo == len(keys):
            keys.append([y])
            negs.append([-z])
            continue
        ks, ns = keys[lo], negs[lo]
        m = bisect_left(ns, -z)
        k = bisect_right(ks, y)
        if m < k:
            del ks[m:k]
            del ns[m:k]
        ks.insert(m, y)
        ns.insert(m, -z)
    return out


def _peel(rows: np.ndarray) -> np.ndarray:
    """Ranks by repeatedly removing the non-dominated set (any number of objectives)."""
    out = np.zeros(len(rows), dtype=np.int32)
    remaining = np.arange(len(rows))
    rank = 0
    while remaining.size:
        rank += 1
        sub = rows[remaining]
        keep = np.ones(len(sub), dtype=bool)
        for i in range(len(sub)):
            if keep[i]:
                dominated = np.all(sub[i] >= sub, axis=1) & np.any(sub[i] > sub, axis=1)
                keep &= ~dominated
        out[remaining[keep]] = rank
        remaining = remaining[~keep]
    return out
