"""Screening outputs (issue 17): CSV, Parquet and JSON hold the same rows and values, every
engine writes the same bytes, text cells cannot smuggle formulas into a spreadsheet, and the
streamed screen agrees with the in-memory one."""

from __future__ import annotations

import csv
import json
import textwrap
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from conftest import EXAMPLES, run_cli

from decide.screening.output import write_table
from decide.screening.parallel import make_setup
from decide.screening.run import screen
from decide.screening.space import load_space
from decide.screening.stream import STAGES, screen_to_file

BASE = EXAMPLES / "sulfide-nmc811-li20.yaml"
# invalid points (0 um), screened-out ones (cost), ranked ones, two material combinations
SPACE = """
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


def write_space(tmp_path: Path, body: str = SPACE, name: str = "space.yaml") -> Path:
    """A space file over a copy of BASE beside it (a space's base stays in its folder)."""
    (tmp_path / BASE.name).write_bytes(BASE.read_bytes())
    path = tmp_path / name
    path.write_text(f"id: t\nbase: {BASE.name}\n" + textwrap.dedent(body), encoding="utf-8")
    return path


def screen_cli(tmp_path: Path, capsys, out: str, *extra: str, space: Path | None = None):
    target = tmp_path / out
    argv = ["screen", str(space or write_space(tmp_path)), "-o", str(target), *extra]
    code, _, err = run_cli(argv, capsys)
    assert code == 0, err
    return target, err


def csv_as_arrow(path: Path, like: pa.Schema) -> pa.Table:
    """A CSV read back with the Parquet file's column types (text as plain strings)."""
    types = {f.name: pa.string() if pa.types.is_dictionary(f.type) else f.type for f in like}
    options = pacsv.ConvertOptions(column_types=types, strings_can_be_null=True)
    return pacsv.read_csv(path, convert_options=options)


def plain(table: pa.Table) -> pa.Table:
    """Dictionary-encoded text decoded, so tables compare by value."""
    columns = [c.cast(pa.string()) if pa.types.is_dictionary(c.type) else c for c in table.columns]
    return pa.table(columns, names=table.column_names)


def test_csv_parquet_and_json_hold_the_same_rows_and_values(tmp_path, capsys) -> None:
    out_csv, _ = screen_cli(tmp_path, capsys, "s.csv", "--chunk-size", "50")
    out_pq, _ = screen_cli(tmp_path, capsys, "s.parquet", "--chunk-size", "50")
    out_json, _ = screen_cli(tmp_path, capsys, "s.json", "--chunk-size", "50")
    parquet = pq.read_table(out_pq)
    assert parquet.num_rows == 162
    from_csv = csv_as_arrow(out_csv, parquet.schema)
    assert from_csv.column_names == parquet.column_names
    assert plain(parquet).equals(from_csv)
    doc = json.loads(out_json.read_text())
    rows = parquet.to_pylist()
    assert len(doc["candidates"]) == len(rows)
    for got, want in zip(doc["candidates"], rows, strict=True):
        assert list(got) == list(want)
        for key, value in want.items():
            if isinstance(value, float) and parquet.schema.field(key).type == pa.float32():
                assert got[key] == pytest.approx(value, rel=1e-7), key
            else:
                assert got[key] == value, key
    # the header rides along in the Parquet file
    head = json.loads(parquet.schema.metadata[b"decide"])
    assert head["summary"] == doc["summary"] and head["summary"]["candidates"] == 162
    # every status occurs, booleans are true/false, missing values are empty cells
    text = out_csv.read_text()
    statuses = {r["status"] for r in csv.DictReader(text.splitlines())}
    assert statuses == {"ranked", "screened-out", "invalid"}
    assert {r["pareto_front"] for r in csv.DictReader(text.splitlines())} == {"true", "false"}
    assert "yes" not in text.split("\n", 1)[1].split(",")


def test_columns_keep_their_order(tmp_path, capsys) -> None:
    from decide.screening.space import DEFAULT_OBJECTIVES
    from decide.vocab.metrics import KEY_METRICS

    out, _ = screen_cli(tmp_path, capsys, "s.csv")
    header = out.read_text().splitlines()[0].replace('"', "").split(",")
    varied = [
        "separator.material",
        "cathode.thickness_um",
        "separator.thickness_um",
        "anode.thickness_um",
    ]
    objectives = [m for m, _ in DEFAULT_OBJECTIVES]
    assert header == [
        "id",
        "index",
        *varied,
        *objectives,
        *(m for m in KEY_METRICS if m not in objectives),
        "electrolyte_class",
        "phase_architecture",
        "phase_targets_met",
        "errors",
        "warnings",
        "infos",
        "status",
        "invalid_reason",
        "pareto_front",
        "pareto_rank",
        "score",
        "rank",
    ]


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".json"])
@pytest.mark.parametrize("keep_below", [0, 10**6], ids=["two-passes", "rows-kept"])
def test_the_streamed_file_equals_the_in_memory_result_written(
    tmp_path, kb, ruleset, suffix, keep_below
) -> None:
    """The file screened straight to disk (evaluated twice, or with the rows kept from the first
    pass) has the bytes of the library's in-memory result written, and the in-memory ranks."""
    path = write_space(tmp_path)
    streamed = tmp_path / f"cli{suffix}"
    setup = make_setup(load_space(path, kb))
    screen_to_file(setup, kb, ruleset, streamed, jobs=2, chunk=40, keep_below=keep_below)
    result = screen(make_setup(load_space(path, kb)), kb, ruleset)
    memory = tmp_path / f"lib{suffix}"
    write_table(result, memory)
    if suffix == ".parquet":
        assert plain(pq.read_table(streamed)).equals(plain(pq.read_table(memory)))
    else:
        assert streamed.read_bytes() == memory.read_bytes()
    table = pq.read_table(streamed) if suffix == ".parquet" else None
    if table is not None:
        ranks = np.array(table["rank"].fill_null(0).to_numpy())
        assert np.array_equal(ranks, result.ranking.rank)


def test_jobs_1_jobs_2_and_dask_write_identical_outputs(tmp_path, capsys) -> None:
    path = write_space(tmp_path)
    outs = {}
    for jobs in ("1", "2"):
        for suffix in (".csv", ".parquet"):
            out, err = screen_cli(
                tmp_path,
                capsys,
                f"j{jobs}{suffix}",
                "--jobs",
                jobs,
                "--chunk-size",
                "13",
                space=path,
            )
            assert "screened 162 candidates" in err
            outs[jobs, suffix] = out.read_bytes()
    assert outs["1", ".csv"] == outs["2", ".csv"]
    assert outs["1", ".parquet"] == outs["2", ".parquet"]
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1, processes=False, dashboard_address=None, silence_logs=50
    ) as cluster:
        common = ["--engine", "dask", "--scheduler", cluster.scheduler_address]
        dask_csv, _ = screen_cli(
            tmp_path, capsys, "d.csv", *common, "--chunk-size", "13", space=path
        )
        # Parquet on Dask: each worker writes its ranges as parts of a folder
        dask_pq, _ = screen_cli(
            tmp_path, capsys, "d.parquet", *common, "--chunk-size", "40", space=path
        )
        first = pq.read_table(dask_pq)
        assert len(list(dask_pq.glob("part-*.parquet"))) == 5  # 162 candidates in ranges of 40
        # a second run replaces the folder once its own parts are complete
        screen_cli(tmp_path, capsys, "d.parquet", *common, "--chunk-size", "60", space=path)
        assert len(list(dask_pq.glob("part-*.parquet"))) == 3
        assert plain(pq.read_table(dask_pq)).equals(plain(first))
    assert dask_csv.read_bytes() == outs["1", ".csv"]
    assert dask_pq.is_dir()
    head = json.loads((dask_pq / "_decide.json").read_text())
    assert head["summary"]["candidates"] == 162
    local = pq.read_table(tmp_path / "j1.parquet")
    assert plain(pq.read_table(dask_pq)).equals(plain(local))
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary folder left behind


def test_a_spreadsheet_formula_in_a_text_cell_is_neutralised(tmp_path, capsys) -> None:
    """Issue 16: user strings reach the CSV as categorical values (a design's name is free
    text; material ids must exist, and knowledge-base ids cannot start with these characters).
    Text cells starting with = + - @ tab or CR get a leading single quote; numbers (a negative
    temperature) are left alone, and Parquet keeps the strings as they are."""
    hostile = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "@SUM(1)", "-2+3", "\tx", "\rx", "plain"]
    body = (
        "vary:\n"
        f"  name: {json.dumps(hostile)}\n"
        "  separator.material: [li6ps5cl, llzo]\n"
        "  operating.min_temperature_c: [-20, -30]\n"
    )
    path = write_space(tmp_path, body)
    out_csv, _ = screen_cli(tmp_path, capsys, "s.csv", space=path)
    with out_csv.open(newline="") as f:
        rows = list(csv.DictReader(f))
    names = {r["name"] for r in rows}
    assert names == {"'" + h for h in hostile[:-1]} | {"plain"}
    assert {r["operating.min_temperature_c"] for r in rows} == {"-20", "-30"}
    out_pq, _ = screen_cli(tmp_path, capsys, "s.parquet", space=path)
    assert set(pq.read_table(out_pq)["name"].to_pylist()) == set(hostile)


def test_progress_covers_evaluation_ranking_and_writing(tmp_path, kb, ruleset) -> None:
    class Recorder:
        def __init__(self) -> None:
            self.stages: list[str] = []
            self.done: dict[str, int] = {}

        def set_description(self, desc: str) -> None:
            self.stages.append(desc)

        def update(self, n: int) -> None:
            self.done[self.stages[-1]] = self.done.get(self.stages[-1], 0) + n

    space = load_space(write_space(tmp_path), kb)
    bar = Recorder()
    screen_to_file(make_setup(space), kb, ruleset, tmp_path / "p.csv", chunk=25, progress=bar)
    assert bar.stages == list(STAGES) == ["evaluating", "ranking", "writing"]
    assert bar.done == {stage: 162 for stage in STAGES}


def test_a_missing_output_folder_is_reported_before_screening(tmp_path, capsys) -> None:
    path = write_space(tmp_path)
    code, _, err = run_cli(["screen", str(path), "-o", str(tmp_path / "no" / "x.csv")], capsys)
    assert code == 2
    assert "the folder" in err and "does not exist" in err
    assert "screened" not in err and "Traceback" not in err


@pytest.mark.parametrize("jobs", ["auto", "1", "2"])
def test_jobs_takes_a_number_or_auto(tmp_path, capsys, jobs) -> None:
    path = write_space(tmp_path, "vary:\n  separator.thickness_um: [20, 30]\n")
    code, out, err = run_cli(["screen", str(path), "--jobs", jobs], capsys)
    assert code == 0, err
    assert "t-0" in out


def test_jobs_refuses_other_words(tmp_path, capsys) -> None:
    path = write_space(tmp_path, "vary:\n  separator.thickness_um: [20, 30]\n")
    code, _, err = run_cli(["screen", str(path), "--jobs", "many"], capsys)
    assert code == 2 and "'many' is neither a whole number nor 'auto'" in err


def test_auto_jobs_is_one_process_for_small_spaces() -> None:
    from decide.screening.parallel import AUTO_SINGLE_BELOW, resolve_jobs

    assert resolve_jobs("auto", 1000) == 1
    assert resolve_jobs(3, 1000) == 3
    assert 1 <= resolve_jobs("auto", AUTO_SINGLE_BELOW * 10) <= 8


# --- the size of a space (issue 16) ---------------------------------------------------------


def test_a_trillion_candidates_are_refused_before_anything_is_expanded(tmp_path, capsys) -> None:
    """Before: numpy asked for 21.8 TiB and died with a traceback. Now the product of the axis
    sizes (Python integers) is checked against the limit first: exit 2, one clear message."""
    body = "vary:\n" + "".join(
        f"  {f}: {{from: 1, to: 2, num: 1000}}\n"
        for f in (
            "cathode.areal_capacity_mah_cm2",
            "separator.thickness_um",
            "anode.thickness_um",
            "cathode.catholyte_wt_pct",
        )
    )
    path = write_space(tmp_path, body)
    code, _, err = run_cli(["screen", str(path), "-o", str(tmp_path / "x.parquet")], capsys)
    assert code == 2, err
    assert "1,000,000,000,000 candidates" in err and "limit of 50,000,000" in err
    assert "--max-candidates 1000000000000" in err
    assert "the time grows with the count" in err  # raising the limit is not free
    assert f"{path}:3: vary:" in err  # the file and line of `vary`
    assert "Traceback" not in err and not (tmp_path / "x.parquet").exists()


def test_a_hundred_million_material_combinations_are_refused_at_once(tmp_path, kb, ruleset) -> None:
    """Before: each combination was validated up front, growing memory until killed."""
    from decide.errors import DesignError

    names = json.dumps([f"n{i}" for i in range(10_000)])
    apps = json.dumps([f"a{i}" for i in range(10_000)])
    path = write_space(tmp_path, f"vary:\n  name: {names}\n  application: {apps}\n")
    space = load_space(path, kb)
    assert space.n_combinations == 10**8
    with pytest.raises(DesignError, match="100,000,000 candidates"):
        screen(make_setup(space), kb, ruleset)
    with pytest.raises(DesignError, match="100,000,000 candidates"):
        screen_to_file(make_setup(space), kb, ruleset, tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


def test_max_candidates_moves_the_limit(tmp_path, capsys) -> None:
    path = write_space(tmp_path, "vary:\n  separator.thickness_um: [20, 30, 40]\n")
    code, _, err = run_cli(["screen", str(path), "--max-candidates", "2"], capsys)
    assert code == 2 and "3 candidates (3 separator.thickness_um)" in err
    assert "more than the limit of 2" in err
    code, _, err = run_cli(["screen", str(path), "--max-candidates", "3"], capsys)
    assert code == 0, err


def test_an_output_that_is_a_folder_is_refused(tmp_path, capsys) -> None:
    path = write_space(tmp_path, "vary:\n  separator.thickness_um: [20, 30]\n")
    (tmp_path / "old.parquet").mkdir()
    code, _, err = run_cli(["screen", str(path), "-o", str(tmp_path / "old.parquet")], capsys)
    assert code == 2 and "is a folder" in err and "Traceback" not in err


def test_text_dictionaries_hold_each_text_once(tmp_path, kb, ruleset) -> None:
    """Regression: a chunk spanning two combinations of one electrolyte class gave the class
    twice in its dictionary, and pyarrow's Parquet writer then encoded the same rows
    differently from run to run (--jobs 1 and --jobs 2 files differed in a few bytes)."""
    from decide.screening.parallel import evaluator_for
    from decide.screening.table import RankSlice, record_batch

    space = load_space(write_space(tmp_path), kb)
    ev = evaluator_for(make_setup(space), kb, ruleset)
    a, b = 40, 70  # combinations 0 and 1 (54 points each), both all-solid-state
    zeros = np.zeros(b - a, dtype=np.int32)
    ranks = RankSlice(zeros, np.full(b - a, np.nan, dtype=np.float32), zeros)
    batch = record_batch(space, ev.evaluate(a, b), ev.combination, ranks, {}, ev.metric_keys)
    classes = batch.column("electrolyte_class")
    assert classes.to_pylist().count("all-solid-state") > 14  # from both combinations
    for column in batch.columns:
        if pa.types.is_dictionary(column.type):
            words = column.dictionary.to_pylist()
            assert len(words) == len(set(words)), words
