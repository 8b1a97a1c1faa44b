"""The on-disk chart memo: a hit must be the chart a fresh render gives, with this call's alt text.

Regressions: the key was the inputs' repr, and numpy abbreviates arrays over 1,000 elements, so two
5,000-point screenings that differ only mid-array shared one chart; and a hit took the alt text
from keyword arguments only, so the Pareto chart (alt passed by position) lost it.
"""

from __future__ import annotations

import numpy as np
import pytest

from decide.report import chart_cache, charts

N = 5_000


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A fresh, enabled chart cache; yields its folder."""
    monkeypatch.setenv("DECIDE_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("DECIDE_CHART_CACHE", "1")
    return tmp_path / "charts"


def _entries(folder) -> int:
    return len(list(folder.glob("*.uri"))) if folder.is_dir() else 0


def _pareto(energy: np.ndarray, alt: str = "front") -> charts.Chart:
    rng = np.random.default_rng(7)
    density = rng.uniform(600, 1200, N)
    cost = rng.uniform(80, 160, N)
    cloud = np.arange(0, N, 2, dtype=np.int64)
    front = np.arange(0, 20, dtype=np.int64)
    top = np.arange(0, 5, dtype=np.int64)
    return charts.pareto_chart(energy, density, cost, cloud, front, top, alt)


def test_screenings_that_differ_mid_array_get_different_charts(cache, monkeypatch):
    energy = np.random.default_rng(3).uniform(250, 450, N)
    other = energy.copy()
    other[N // 2 - 50 : N // 2 + 50] += 40.0
    assert repr(energy) == repr(other)  # numpy's abbreviated repr cannot tell them apart
    first = _pareto(energy)
    second = _pareto(other)
    assert first.uri != second.uri
    monkeypatch.setenv("DECIDE_CHART_CACHE", "0")
    assert second.uri == _pareto(other).uri  # the cached chart is the one a fresh render gives


def test_a_float_change_in_the_last_digit_is_a_different_key():
    a = (charts.Line("x", [0.0, 1.0], [1.0, 0.1 + 0.2]),)
    b = (charts.Line("x", [0.0, 1.0], [1.0, 0.3]),)
    assert chart_cache.key("lines", a, {}) != chart_cache.key("lines", b, {})


def test_a_hit_carries_the_alt_text_of_this_call(cache):
    energy = np.random.default_rng(5).uniform(250, 450, N)
    first = _pareto(energy, "first screening")
    again = _pareto(energy, "first screening")  # a hit, alt passed by position
    assert again.alt == "first screening" and again.uri == first.uri
    renamed = _pareto(energy, "renamed")
    assert renamed.alt == "renamed" and renamed.uri == first.uri
    assert _entries(cache) == 1  # the alt text is not part of the key: one chart, drawn once


def test_keyword_and_positional_calls_share_an_entry(cache):
    curve = [charts.Line("a", [0, 1, 2], [1.0, 2.0, 4.0])]
    by_keyword = charts.lines(curve, "x", "y", alt="keyword")
    by_position = charts.lines(curve, "x", "y", "position")
    assert by_position.alt == "position" and by_position.uri == by_keyword.uri
    assert _entries(cache) == 1


def test_disabled_cache_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("DECIDE_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("DECIDE_CHART_CACHE", "0")
    charts.lines([charts.Line("a", [0, 1], [1.0, 2.0])], "x", "y", alt="t")
    assert _entries(tmp_path / "charts") == 0
