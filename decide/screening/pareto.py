"""Non-dominated sorting: the Pareto rank (1 = the front) of every candidate.

A million candidates rule out pairwise comparison. Rows are sorted best-first
lexicographically, so every candidate that dominates another comes before it; then one sweep
assigns ranks. With two objectives a layer is summarised by its best second objective (ranks
by binary search, as in patience sorting); with three, each layer keeps a 2-D staircase of its
second and third objectives and a candidate's rank is found by binary search over the layers
(layer dominance is monotone: what a layer-r+1 member dominates, some layer-r member does too).
See Jensen, IEEE TEVC 7, 503 (2003) and Zhang et al., IEEE TEVC 19, 201 (2015) (ENS-BS).
More than three objectives fall back to peeling fronts (quadratic; fine for small spaces).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import numpy as np


def oriented(values: np.ndarray, senses: list[str]) -> np.ndarray:
    """Objective columns turned so that larger is better ('min' columns negated)."""
    signs = np.array([1.0 if s == "max" else -1.0 for s in senses])
    return np.asarray(values, dtype=np.float64) * signs


def pareto_ranks(values: np.ndarray) -> np.ndarray:
    """Pareto rank (1-based) of each row of `values` (all columns maximised, all finite)."""
    values = np.asarray(values, dtype=np.float64)
    n = len(values)
    ranks = np.zeros(n, dtype=np.int32)
    if n == 0:
        return ranks
    k = values.shape[1]
    order = np.lexsort(tuple(-values[:, j] for j in reversed(range(k))))
    rows = values[order]
    new = np.ones(n, dtype=bool)
    new[1:] = np.any(rows[1:] != rows[:-1], axis=1)
    unique = rows[new]
    group = np.cumsum(new) - 1
    if k == 1:
        layer = np.arange(1, len(unique) + 1, dtype=np.int32)
    elif k == 2:
        layer = _sweep2(unique[:, 1].tolist())
    elif k == 3:
        layer = _sweep3(unique[:, 1].tolist(), unique[:, 2].tolist())
    else:
        layer = _peel(unique)
    ranks[order] = layer[group]
    return ranks


def _sweep2(second: list[float]) -> np.ndarray:
    """Ranks of rows sorted best-first: layer r is dominated-from iff its best 2nd >= ours."""
    tails: list[float] = []  # negated best second objective per layer (ascending)
    out = np.empty(len(second), dtype=np.int32)
    for i, y in enumerate(second):
        r = bisect_right(tails, -y)
        if r == len(tails):
            tails.append(-y)
        else:
            tails[r] = -y
        out[i] = r + 1
    return out


def _sweep3(second: list[float], third: list[float]) -> np.ndarray:
    """Ranks of rows sorted best-first, each layer a staircase in (2nd, 3rd)."""
    keys: list[list[float]] = []  # per layer: 2nd objective, ascending
    negs: list[list[float]] = []  # per layer: negated 3rd objective, ascending
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
