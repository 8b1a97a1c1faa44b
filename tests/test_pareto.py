"""Pareto ranking (issue 17): the compiled sweeps agree with the Python ones and with brute
force, and float noise no longer decides dominance."""

from __future__ import annotations

import numpy as np
import pytest

from decide.screening.pareto import REL_TOL, noise_groups, pareto_ranks
from decide.screening.rank import rank_candidates


def brute_ranks(v: np.ndarray) -> np.ndarray:
    """Peel fronts by comparing every pair (exact comparisons)."""
    ranks = np.zeros(len(v), dtype=int)
    left = set(range(len(v)))
    rank = 0
    while left:
        rank += 1
        front = [
            i for i in left if not any((v[j] >= v[i]).all() and (v[j] > v[i]).any() for j in left)
        ]
        for i in front:
            ranks[i] = rank
        left -= set(front)
    return ranks


@pytest.mark.parametrize("k", [2, 3])
@pytest.mark.parametrize("compiled", [True, False], ids=["numba", "python"])
def test_both_sweeps_match_brute_force(k: int, compiled: bool) -> None:
    rng = np.random.default_rng(10 + k)
    for _ in range(15):
        v = rng.integers(0, 7, size=(150, k)).astype(float)  # many ties and duplicates
        assert pareto_ranks(v, compiled=compiled).tolist() == brute_ranks(v).tolist()


@pytest.mark.parametrize("k", [2, 3])
def test_compiled_and_python_sweeps_agree_on_large_inputs(k: int) -> None:
    rng = np.random.default_rng(k)
    v = np.round(rng.normal(size=(30_000, k)), 2)
    assert np.array_equal(pareto_ranks(v, compiled=True), pareto_ranks(v, compiled=False))


def test_dominated_but_for_one_ulp_is_not_on_the_front() -> None:
    """Regression (issue 17): A's energy is B's plus one ulp of float noise, and A costs more.
    Exactly compared, A's 'better' energy kept it on the front beside B; with the tolerance
    their energies are equal and B dominates A."""
    energy = 300.0
    a = [np.nextafter(energy, np.inf), 110.0]  # energy (max), cost (min)
    b = [energy, 100.0]
    ranking = rank_candidates(np.array([a, b]), np.array([True, True]), ["max", "min"])
    assert ranking.pareto_rank.tolist() == [2, 1]
    assert ranking.order.tolist() == [1, 0]
    # a difference that is real still counts: 300.001 Wh/kg against 300 keeps both on the front
    a[0] = energy + 1e-3
    ranking = rank_candidates(np.array([a, b]), np.array([True, True]), ["max", "min"])
    assert ranking.pareto_rank.tolist() == [1, 1]


@pytest.mark.parametrize("k", [2, 3])
def test_noise_never_changes_ranks(k: int) -> None:
    """Values a few ulps apart rank as the values they stand for."""
    rng = np.random.default_rng(k)
    true = rng.integers(1, 6, size=(400, k)).astype(float) * 100.0
    noisy = true * (1 + rng.integers(-4, 5, size=true.shape) * np.finfo(float).eps)
    assert (noisy != true).any()
    assert pareto_ranks(noisy).tolist() == brute_ranks(true).tolist()
    assert pareto_ranks(noisy, compiled=True).tolist() == brute_ranks(true).tolist()


def test_noise_groups_follow_the_documented_tolerance() -> None:
    scale = 400.0
    values = np.array([scale, scale * (1 + REL_TOL / 2), scale * (1 + 10 * REL_TOL), 0.0])
    groups = noise_groups(values)
    assert groups[0] == groups[1]  # within tolerance of the column's largest magnitude
    assert groups[2] > groups[1]  # ten tolerances apart: a real difference
    assert groups[3] < groups[0]
