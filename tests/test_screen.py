"""Screening: space loading and expansion, evaluation, Pareto ranking, invalid candidates,
agreement with the scalar path, and identical results across --jobs and the Dask engine."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest
from conftest import EXAMPLES, ROOT

from decide.errors import DesignError
from decide.screening.parallel import make_setup
from decide.screening.pareto import pareto_ranks
from decide.screening.run import screen
from decide.screening.space import load_space

BASE = EXAMPLES / "sulfide-nmc811-li20.yaml"


def write_space(tmp_path: Path, body: str, name: str = "space.yaml") -> Path:
    """A space file in `tmp_path` over a copy of BASE beside it (a base stays in its folder)."""
    path = tmp_path / name
    path.write_text(f"id: t\nbase: {copy_base(tmp_path)}\n" + textwrap.dedent(body), "utf-8")
    return path


def copy_base(folder: Path, base: Path = BASE) -> str:
    """Copy `base` into `folder`; return the relative name a space there gives as `base:`."""
    (folder / base.name).write_bytes(base.read_bytes())
    return base.name


def run_space(path: Path, kb, ruleset, **kw):
    space = load_space(path, kb)
    return screen(make_setup(space), kb, ruleset, **kw)


# --- Pareto ranks ---------------------------------------------------------------------------


def brute_ranks(v: np.ndarray) -> np.ndarray:
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


def test_pareto_ranks_by_hand() -> None:
    # maximise both: (3,1) and (1,3) and (2,2) are the front; (1,1) is beaten by all three;
    # the duplicate (2,2) shares its rank; (0,0) is last.
    v = np.array([[3, 1], [1, 3], [2, 2], [1, 1], [2, 2], [0, 0]], dtype=float)
    assert pareto_ranks(v).tolist() == [1, 1, 1, 2, 1, 3]
    v3 = np.array([[1, 1, 1], [2, 0, 0], [0, 2, 0], [0, 0, 2], [1, 1, 0], [0, 0, 0]], dtype=float)
    assert pareto_ranks(v3).tolist() == [1, 1, 1, 1, 2, 3]


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_pareto_ranks_match_brute_force(k: int) -> None:
    rng = np.random.default_rng(k)
    for _ in range(20):
        v = rng.integers(0, 5, size=(60, k)).astype(float)
        assert pareto_ranks(v).tolist() == brute_ranks(v).tolist()


# --- loading and expansion ------------------------------------------------------------------


def test_ranges_units_and_lazy_expansion(tmp_path: Path, kb) -> None:
    path = write_space(
        tmp_path,
        """
        vary:
          cathode.active_material: [nmc811, nca]
          separator.thickness_um: ["20 um", "0.03 mm"]
          cathode.areal_capacity_mah_cm2: {from: 2, to: 3, step: 0.5}
          anode.thickness_um: {from: 10, to: 30, num: 3}
        """,
    )
    space = load_space(path, kb)
    assert [f for f, _ in space.categorical] == ["cathode.active_material"]
    assert space.numeric[0][1].tolist() == [20.0, 30.0]
    assert space.numeric[1][1].tolist() == [2.0, 2.5, 3.0]
    assert space.numeric[2][1].tolist() == [10.0, 20.0, 30.0]
    assert (space.n_combinations, space.n_points, space.n_candidates) == (2, 18, 36)
    # index -> values with C-order unravelling; the last numeric field varies fastest
    assert space.candidate_edits(18 + 4) == {
        "cathode.active_material": "nca",
        "separator.thickness_um": 20.0,
        "cathode.areal_capacity_mah_cm2": 2.5,
        "anode.thickness_um": 20.0,
    }
    cols = space.point_columns(3, 6)
    assert cols["cathode.areal_capacity_mah_cm2"].tolist() == [2.5, 2.5, 2.5]


@pytest.mark.parametrize(
    ("body", "where", "says"),
    [
        (
            "vary:\n  cathode.areal_capacity: [1, 2]\n",
            ":4: vary.cathode.areal_capacity",
            "did you mean",
        ),
        (
            "vary:\n  separator.thickness_um: {from: 30, to: 10, step: 5}\n",
            ":4: vary.",
            "empty range",
        ),
        ("vary:\n  separator.thickness_um: {from: 1, to: 10}\n", ":4: vary.", "step or num"),
        ("vary:\n  separator.thickness_um: ['3 kg']\n", ":4: vary.", "wrong dimension"),
        (
            "vary:\n  separator.thickness_um: [20]\n"
            "objectives:\n  cell_specific_energy: maximize\n",
            ":6: objectives.cell_specific_energy",
            'did you mean "cell_specific_energy_wh_per_kg"',
        ),
        (
            "vary:\n  separator.thickness_um: [20]\nfilters:\n  max_severity: fatal\n",
            ":6:",
            "error, warning or info",
        ),
        (
            "vary:\n  cathode.thickness_um: [50]\n  cathode.loading_mg_cm2: [20]\n",
            "vary.cathode.loading_mg_cm2",
            "vary only one",
        ),
    ],
)
def test_space_errors_name_file_line_and_field(tmp_path, kb, body, where, says) -> None:
    path = write_space(tmp_path, body)
    with pytest.raises(DesignError) as info:
        load_space(path, kb)
    text = str(info.value)
    assert str(path) + where in text or where in text, text
    assert says in text


ENERGY, COST = "cell_specific_energy_wh_per_kg", "cell_cost_usd_per_kwh"


@pytest.mark.parametrize(
    "objectives",
    [
        f"objectives:\n  {ENERGY}: maximize\n  {COST}: minimize\n",
        f"objectives:\n  maximize: [{ENERGY}]\n  minimize: [{COST}]\n",
        f"objectives:\n  maximize: {ENERGY}\n  minimize: {COST}\n",
        f"objectives: {{{ENERGY}: max, {COST}: MIN}}\n",
    ],
    ids=["by-metric", "grouped", "grouped-single-words", "short-senses"],
)
def test_objectives_in_either_form(tmp_path: Path, kb, objectives: str) -> None:
    path = write_space(tmp_path, "vary:\n  separator.thickness_um: [20]\n" + objectives)
    assert load_space(path, kb).objectives == [(ENERGY, "max"), (COST, "min")]


def test_grouped_objectives_keep_file_order(tmp_path: Path, kb) -> None:
    body = f"vary:\n  separator.thickness_um: [20]\nobjectives:\n  minimize: [{COST}]\n"
    body += f"  maximize: [{ENERGY}, cell_energy_density_wh_per_l]\n"
    space = load_space(write_space(tmp_path, body), kb)
    assert space.objectives == [
        (COST, "min"),
        (ENERGY, "max"),
        ("cell_energy_density_wh_per_l", "max"),
    ]


@pytest.mark.parametrize(
    ("objectives", "where", "says"),
    [
        (
            f"  {ENERGY}: up\n",
            f":6: objectives.{ENERGY}",
            "expected maximize or minimize, got 'up'",
        ),
        (
            "  maximize: [cell_specific_energy]\n",
            ":6: objectives.maximize[0]",
            "unknown metric 'cell_specific_energy' "
            '(did you mean "cell_specific_energy_wh_per_kg"?)',
        ),
        (
            f"  maximise: [{ENERGY}]\n",
            ":6: objectives.maximise",
            "expected maximize or minimize, got 'maximise' (did you mean \"maximize\"?)",
        ),
        (
            f"  maximize: [{ENERGY}]\n  {COST}: minimize\n",
            ":5: objectives",
            "write objectives as {metric: maximize | minimize} or "
            "{maximize: [metrics], minimize: [metrics]}, not both at once",
        ),
        (
            f"  maximize: [{COST}]\n  minimize: [{COST}]\n",
            ":5: objectives",
            f"{COST} is both maximized and minimized",
        ),
        (
            "  maximize: []\n",
            ":5: objectives",
            "name at least one metric to maximize or minimize",
        ),
    ],
    ids=["bad-sense", "unknown-metric-grouped", "misspelt-group", "mixed", "both", "empty"],
)
def test_objective_errors_in_either_form(tmp_path, kb, objectives, where, says) -> None:
    path = write_space(
        tmp_path, "vary:\n  separator.thickness_um: [20]\nobjectives:\n" + objectives
    )
    with pytest.raises(DesignError) as info:
        load_space(path, kb)
    assert [str(p) for p in info.value.problems] == [f"{path}{where}: {says}"]


@pytest.mark.parametrize(
    ("body", "where", "says"),
    [
        ("varyy: {}\n", ":3: varyy", "unknown field 'varyy' (did you mean \"vary\"?)"),
        ("vary: {}\n", ":3: vary", "expected a mapping: dotted field -> values"),
        (
            "vary:\n  separator.thickness_um: {from: 1, to: 9, stp: 1}\n",
            ":4: vary.separator.thickness_um.stp",
            "unknown range key 'stp' (did you mean \"step\"?)",
        ),
        (
            "vary:\n  separator.thickness_um: {from: 1, to: 9, num: 0}\n",
            ":4: vary.separator.thickness_um.num",
            "num must be a whole number >= 1, got 0",
        ),
        (
            "vary:\n  separator.thickness_um: [20]\nfilters:\n  max_sevrity: info\n",
            ":6: filters.max_sevrity",
            "unknown filter 'max_sevrity' (did you mean \"max_severity\"?)",
        ),
        (
            "vary:\n  separator.thickness_um: [20]\nfilters:\n  phase: {min_targets_met: 4}\n",
            ":6: filters.phase.min_targets_met",
            "expected a whole number 0-3",
        ),
        (
            "vary:\n  separator.thickness_um: [20]\nfilters:\n  metrics: {n_p_ratio: {}}\n",
            ":6: filters.metrics.n_p_ratio",
            "expected {min: X} and/or {max: Y}",
        ),
    ],
    ids=["top-typo", "empty-vary", "range-typo", "num", "filter-typo", "phase", "bound"],
)
def test_space_file_errors_are_one_message_each(tmp_path, kb, body, where, says) -> None:
    path = tmp_path / "space.yaml"
    path.write_text(f"id: t\nbase: {copy_base(tmp_path)}\n" + body, encoding="utf-8")
    with pytest.raises(DesignError) as info:
        load_space(path, kb)
    assert [str(p) for p in info.value.problems] == [f"{path}{where}: {says}"]


def test_filters_reach_the_space(tmp_path: Path, kb) -> None:
    body = "vary:\n  separator.thickness_um: [20]\nfilters:\n  max_severity: info\n"
    body += "  phase: {min_targets_met: 1, architecture: 3}\n"
    body += "  metrics: {cell_cost_usd_per_kwh: {max: 150}, n_p_ratio: {min: 1, max: '3'}}\n"
    f = load_space(write_space(tmp_path, body), kb).filters
    assert (f.max_severity, f.min_targets_met, f.architectures) == ("info", 1, (3,))
    assert [(b.metric, b.low, b.high) for b in f.metrics] == [
        ("cell_cost_usd_per_kwh", None, 150.0),
        ("n_p_ratio", 1.0, 3.0),
    ]


def test_cli_error_exit_2(tmp_path: Path, capsys) -> None:
    from conftest import run_cli

    path = write_space(tmp_path, "vary:\n  separator.thicknes_um: [20]\n")
    code, _, err = run_cli(["screen", str(path), "-o", str(tmp_path / "x.csv")], capsys)
    assert code == 2
    assert "vary.separator.thicknes_um" in err and "did you mean" in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.csv").exists()


# --- ranking checked by hand ----------------------------------------------------------------


def test_small_space_ranking_by_hand(tmp_path: Path, kb, ruleset) -> None:
    # Objectives: energy up, areal capacity down (a proxy for rate capability).
    # Energy grows with capacity and falls with separator thickness, so (3, 20 um) and
    # (5, 20 um) form the front and each 30 um sibling is dominated by its 20 um twin.
    path = write_space(
        tmp_path,
        """
        vary:
          cathode.areal_capacity_mah_cm2: [3, 5]
          separator.thickness_um: [20, 30]
        objectives:
          cell_specific_energy_wh_per_kg: maximize
          areal_capacity_mah_per_cm2: minimize
        """,
    )
    r = run_space(path, kb, ruleset)
    # index = capacity index * 2 + separator index
    assert r.ranking.pareto_rank.tolist() == [1, 2, 1, 2]
    e = r.objectives[:, 0]
    assert e[0] > e[1] and e[2] > e[3] and e[2] > e[0]  # the premise of the hand ranking
    # score: mean of min-max normalised objectives (capacity flipped)
    lo, hi = e.min(), e.max()
    expected = [((e[i] - lo) / (hi - lo) + (1.0 if i < 2 else 0.0)) / 2 for i in range(4)]
    assert np.allclose(r.ranking.score, expected, atol=1e-6)
    # within the front (3, 20) scores 0.5 + x > 0.5 = (5, 20); in rank 2, (3, 30) = 0.5 > (5, 30)
    assert r.ranking.order.tolist() == [0, 2, 1, 3]
    assert r.ranking.rank.tolist() == [1, 3, 2, 4]
    assert r.ranking.front.tolist() == [0, 2]


def test_error_findings_are_hard_constraints_by_default(tmp_path: Path, kb, ruleset) -> None:
    """CONTRACT section 6: without `filters.max_severity: error`, a candidate with an error
    finding is screened out and never on the Pareto front (Li3InCl6 against lithium metal is
    CMP005, an error)."""
    vary = "vary:\n  separator.material: [li6ps5cl, li3incl6]\n"
    default = run_space(write_space(tmp_path, vary, "default.yaml"), kb, ruleset)
    assert default.space.filters.max_severity == "warning"
    assert not default.space.filters.max_severity_given
    assert default.counts[1, 0] > 0  # the li3incl6 candidate has an error finding
    assert default.passed.tolist() == [True, False]
    assert default.ranking.front.tolist() == [0]
    assert default.screened["rule CMP005 (error)"] == 1
    allowed = run_space(
        write_space(tmp_path, vary + "filters:\n  max_severity: error\n", "allowed.yaml"),
        kb,
        ruleset,
    )
    assert allowed.space.filters.max_severity_given
    assert allowed.passed.tolist() == [True, True]
    assert 1 in allowed.ranking.order.tolist()


def test_vector_results_agree_with_scalar_assess(tmp_path: Path, kb, ruleset) -> None:
    from decide.assessment import assess
    from decide.design import design_from_data

    path = write_space(
        tmp_path,
        """
        vary:
          separator.material: [li6ps5cl, llzo]
          cathode.thickness_um: [60, 120]
          separator.thickness_um: [15, 45]
          anode.thickness_um: [5, 30]
        """,
    )
    r = run_space(path, kb, ruleset)
    for i in range(r.n):
        d = design_from_data(r.space.candidate_data(i), None, kb)
        a = assess(d, kb, ruleset, levers=False)
        v = a.metrics.values
        got = r.objectives[i]
        want = [v[m] for m, _ in r.space.objectives]
        assert np.allclose(got, want, rtol=1e-9), i
        s = a.summary
        assert r.counts[i].tolist() == [s["error"], s["warning"], s["info"]], i
        assert r.targets_met[i] == a.phase.targets_met


def test_invalid_combinations_and_points_are_counted(tmp_path: Path, kb, ruleset) -> None:
    path = write_space(
        tmp_path,
        """
        vary:
          anode.material: [lithium-metal, si-c]      # si-c needs silicon_wt_pct: invalid
          cathode.active_wt_pct: [75, 90]            # 90 + 20 catholyte > 100 %: invalid
          separator.thickness_um: [0, 30]            # 0 um: invalid
        filters:
          max_severity: warning
        """,
    )
    r = run_space(path, kb, ruleset)
    assert r.n == 8
    status = np.where(r.passed, "ok", np.where(r.reason >= 0, "invalid", "out"))
    # combination 0 (lithium-metal): points (75, 0), (75, 30), (90, 0), (90, 30); only the
    # second is valid
    assert status[[0, 2, 3]].tolist() == ["invalid"] * 3
    assert status[1] != "invalid"
    assert status[4:].tolist() == ["invalid"] * 4
    reasons = dict(r.screened_out())
    assert any("silicon_wt_pct" in k and n == 4 for k, n in reasons.items())
    assert reasons["invalid: separator.thickness_um outside (0, 1000]"] == 2
    assert reasons["invalid: cathode.active_wt_pct + catholyte_wt_pct exceed 100 %"] == 1
    assert r.n_invalid == 7


def test_csv_and_json_hold_every_candidate(tmp_path: Path, kb, ruleset) -> None:
    import csv
    import json

    from decide.screening.output import write_table

    path = write_space(
        tmp_path,
        """
        vary:
          cathode.active_material: [nmc811, nca]
          separator.thickness_um: [0, 20, 30]
        """,
    )
    r = run_space(path, kb, ruleset)
    write_table(r, tmp_path / "out.csv")
    write_table(r, tmp_path / "out.json")
    rows = list(csv.DictReader((tmp_path / "out.csv").open()))
    assert len(rows) == 6
    # rows in candidate-index order; the rank column orders them best first
    assert [row["id"] for row in rows] == [f"t-{i}" for i in range(6)]
    best = next(row for row in rows if row["rank"] == "1")
    assert best["id"] == f"t-{r.ranking.order[0]}" and best["status"] == "ranked"
    bad = [row for row in rows if row["status"] == "invalid"]
    assert len(bad) == 2 and all("outside" in row["invalid_reason"] for row in bad)
    assert all(row["rank"] == row["pareto_rank"] == "" for row in bad)
    assert best["pareto_front"] == "true" and best["errors"] != ""
    assert {row["pareto_front"] for row in rows} == {"true", "false"}
    doc = json.loads((tmp_path / "out.json").read_text())
    assert doc["summary"]["candidates"] == 6 and doc["summary"]["invalid"] == 2
    assert [c["id"] for c in doc["candidates"]] == [row["id"] for row in rows]
    assert doc["candidates"][0]["pareto_rank"] is None  # t-0: 0 um separator, invalid


# --- identical results on every engine ------------------------------------------------------

ENGINE_SPACE = """
vary:
  separator.material: [li6ps5cl, llzo, lgps]
  cathode.thickness_um: {from: 40, to: 140, step: 20}
  separator.thickness_um: [0, 15, 30]
  anode.thickness_um: [1, 10, 30]
filters:
  max_severity: warning
  metrics:
    cell_cost_usd_per_kwh: {max: 140}
"""


def _same(a, b) -> None:
    assert np.array_equal(a.objectives, b.objectives, equal_nan=True)
    for key in a.metrics:
        assert np.array_equal(a.metrics[key], b.metrics[key], equal_nan=True)
    assert np.array_equal(a.counts, b.counts)
    assert np.array_equal(a.passed, b.passed)
    assert [a.reasons[i] if i >= 0 else "" for i in a.reason] == [
        b.reasons[i] if i >= 0 else "" for i in b.reason
    ]
    assert a.screened == b.screened
    assert np.array_equal(a.ranking.order, b.ranking.order)
    assert np.array_equal(a.ranking.pareto_rank, b.ranking.pareto_rank)


def test_jobs_and_dask_give_identical_results(tmp_path: Path, kb, ruleset) -> None:
    path = write_space(tmp_path, ENGINE_SPACE)
    one = run_space(path, kb, ruleset, jobs=1, chunk=17)
    two = run_space(path, kb, ruleset, jobs=2, chunk=17)
    _same(one, two)
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1, processes=False, dashboard_address=None, silence_logs=50
    ) as cluster:
        dask = run_space(
            path, kb, ruleset, engine="dask", scheduler=cluster.scheduler_address, chunk=17
        )
    _same(one, dask)
    big = run_space(path, kb, ruleset, jobs=1)  # one chunk
    _same(one, big)


def test_cli_csv_identical_for_jobs_1_and_2(tmp_path: Path, capsys) -> None:
    from conftest import run_cli

    path = write_space(tmp_path, ENGINE_SPACE)
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.csv"
        code, _, err = run_cli(
            ["screen", str(path), "-o", str(out), "--jobs", jobs, "--chunk-size", "13"], capsys
        )
        assert code == 0, err
        assert "screened 162 candidates" in err
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


@pytest.mark.parametrize(
    "space", sorted((ROOT / "examples").glob("*.space.yaml")), ids=lambda p: p.stem
)
def test_example_spaces_load_and_run(space: Path, kb, ruleset) -> None:
    r = run_space(space, kb, ruleset)
    assert r.n == r.space.n_candidates > 100
    assert r.n_passed > 0 and r.n_front > 0


def test_a_fresh_worker_rebuilds_everything_from_the_setup(tmp_path: Path, kb, ruleset) -> None:
    from decide.screening import parallel

    path = write_space(tmp_path, ENGINE_SPACE)
    space = load_space(path, kb)
    setup = make_setup(space)
    here = parallel.evaluator_for(setup, kb, ruleset).evaluate(0, 40)
    parallel._CACHE.clear()  # as in a new process: the KB and rules are loaded from disk
    fresh = parallel.run_task(setup, 0, 40)
    assert np.array_equal(here.objectives, fresh.objectives, equal_nan=True)
    assert np.array_equal(here.counts, fresh.counts)


@pytest.mark.parametrize("suffix", [".html", ".pdf"])
def test_report_shows_top_n_front_and_reasons(tmp_path: Path, capsys, suffix: str) -> None:
    from conftest import run_cli

    path = write_space(tmp_path, ENGINE_SPACE)
    out = tmp_path / f"report{suffix}"
    code, _, err = run_cli(["screen", str(path), "-o", str(out), "--top", "3"], capsys)
    assert code == 0, err
    if suffix == ".pdf":
        assert out.read_bytes().startswith(b"%PDF")
        return
    html = out.read_text()
    assert "Top 3 candidates" in html and "Pareto front" in html
    assert "data:image/svg+xml;base64," in html
    assert "separator.thickness_um outside (0, 1000]" in html  # the screened-out summary
    assert html.count('class="finding ') >= 1
    # objectives by their labels, the metric key in small print (not the bare key)
    assert 'Objectives: Cell specific energy <span class="key">' in html


def test_unknown_output_suffix_is_exit_2(tmp_path: Path, capsys) -> None:
    from conftest import run_cli

    path = write_space(tmp_path, "vary:\n  separator.thickness_um: [20]\n")
    code, _, err = run_cli(["screen", str(path), "-o", str(tmp_path / "x.xlsx")], capsys)
    assert code == 2 and ".xlsx" in err


def test_no_output_prints_the_top_table(tmp_path: Path, capsys) -> None:
    from conftest import run_cli

    path = write_space(tmp_path, "vary:\n  separator.thickness_um: [20, 30]\n")
    code, out, err = run_cli(["screen", str(path), "--top", "1"], capsys)
    assert code == 0, err
    assert "t-0" in out and "t-1" not in out
    assert "screened 2 candidates" in err


def test_dask_engine_without_dask_says_how_to_install(tmp_path: Path, capsys, monkeypatch) -> None:
    from conftest import run_cli

    from decide.screening import parallel

    monkeypatch.setattr(parallel, "dask_available", lambda: False)
    path = write_space(tmp_path, "vary:\n  separator.thickness_um: [20]\n")
    code, _, err = run_cli(["screen", str(path), "--engine", "dask"], capsys)
    assert code == 2 and "pip install 'decide[dask]'" in err


def test_screen_report_leads_with_a_conclusion_and_lists_each_design_once(kb, ruleset) -> None:
    """The phase-2 sweep varies production_year, which changes nothing the model can compute
    for Si-C (no price): such twins are shown once, with the varied values in the table."""
    from decide.report.screen import build_screen_view

    space = ROOT / "examples" / "phase2-silicon-sweep.space.yaml"
    r = run_space(space, kb, ruleset)
    view = build_screen_view(r, kb, ruleset, top=10)
    ids = [c.id for c in view.top]
    assert len(ids) == len(set(ids)) == 10
    rows = [tuple(v for _, v in c.metrics) + tuple(v for _, v in c.varied) for c in view.top]
    assert len(set(rows)) == len(rows)
    assert all(c.twins for c in view.top[:2])  # 2028 and 2032 give the same numbers
    assert all("production_year" in what for c in view.top for _, what in c.twins)
    assert [p for p, _ in view.varied_fields] == r.space.varied
    assert all(len(c.varied) == len(r.space.varied) for c in view.top)
    assert view.conclusion and "ranked candidates meet the phase-1 targets" in view.conclusion[0]
    assert [p for p, _, _ in view.reach] == [1, 2, 3]
    assert any(f == "anode.silicon_wt_pct" and "85" in front for f, front, _ in view.front_fields)
    assert view.figures["parallel"] is not None
    import base64

    svg = base64.b64decode(view.figures["front"].chart.uri.split(",", 1)[1]).decode()
    assert "cell energy density (Wh/L)" in svg and "cell specific energy (Wh/kg)" in svg


def test_screen_report_shows_each_candidates_findings(kb, ruleset, tmp_path: Path) -> None:
    """A candidate above its critical current density carries SAF002 in the table."""
    import subprocess

    from decide.report.screen import write_screen_report

    space = ROOT / "examples" / "phase3-electrolyte-cathode.space.yaml"
    r = run_space(space, kb, ruleset)
    out = tmp_path / "s.pdf"
    write_screen_report(r, out, kb, ruleset, top=5)
    text = " ".join(
        subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split()
    )
    assert "SAF002" in text and "critical current density" in text
    assert "Candidates meeting each phase" in text and "What the Pareto front is made of" in text
    assert "rule CMP005 (error)" in text  # errors screened out by default
