"""Screen a design space straight to a file in bounded memory: two passes over the candidates.

Pass 1 evaluates every index range and keeps only what ranking needs: the indices and
objective values of the candidates that passed the filters (8 bytes per objective and 8 for the
index), and the screened-out counts. Ranking then runs once over those arrays. Pass 2
evaluates each range again, in the workers, and turns it into its piece of the output (the
rows with their ranks, encoded as CSV or JSON there; Parquet is encoded by the writer); the
pieces are appended in index order. Evaluation is cheap next to ranking and writing (about a
microsecond a candidate), so evaluating twice costs less than keeping every candidate's
numbers, which would grow with the space instead of with the ranked part of it.

Below KEEP_BELOW candidates (1.5 million) pass 1 also keeps each range's output rows but for
their ranks, built by the worker that evaluated them, and pass 2 only adds the rank columns and
encodes (CSV on threads: pyarrow formats without the GIL): no second evaluation, and still a
few hundred MB at most. Both ways give the same bytes (tested).

With Dask and a Parquet output, each worker writes its ranges as Parquet parts into the output
folder itself (`OUT.parquet/part-00000.parquet`, ...): no rows travel back through the client,
and the workers only need the folder on a filesystem they share.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from decide.errors import OutputError
from decide.screening.evaluate import ChunkResult
from decide.screening.output import Sink, encode, format_of, header, parquet_options
from decide.screening.parallel import (
    AUTO_SINGLE_BELOW,
    CHUNK,
    Executor,
    Setup,
    evaluator_for,
    tasks,
)
from decide.screening.pareto import COMPILED_FROM, warm_up
from decide.screening.rank import Ranking, rank_passed
from decide.screening.run import Progress, Summary
from decide.screening.space import DEFAULT_MAX_CANDIDATES
from decide.screening.table import RankSlice, record_batch, schema, unranked_batch, with_ranks
from decide.screening.uncertainty import columns as uncertainty_columns
from decide.screening.uncertainty import values as uncertainty_values

STAGES = ("evaluating", "ranking", "writing")  # each counts n candidates
# Below this many candidates pass 1 keeps each range's output rows (~150 bytes a candidate) and
# no second pass runs: faster, and still far below the memory a larger screen streams in. The
# same bound as --jobs auto's single process.
KEEP_BELOW = AUTO_SINGLE_BELOW


@dataclass
class Compact:
    """Pass 1's result for one index range: what ranking and the summary need, no more."""

    start: int
    stop: int
    index: np.ndarray  # int64, candidates that passed, ascending
    objectives: np.ndarray  # (len(index), k) float64
    invalid: int
    screened: Counter
    batch: Any = None  # the unranked output rows, when the screen keeps them (KEEP_BELOW)


@dataclass
class Streamed(Summary):
    """A screen written to a file: the summary and ranking, not every candidate's numbers."""

    space: Any
    screened: Counter
    ranking: Ranking
    invalid: int
    passed: int
    path: Path
    seconds: float = 0.0
    stats: dict[str, Any] = field(default_factory=dict)
    uncertainty: dict[int, Any] = field(default_factory=dict)

    @property
    def n_invalid(self) -> int:
        return self.invalid

    @property
    def n_passed(self) -> int:
        return self.passed


def compact(part: ChunkResult) -> Compact:
    """The pass-1 summary of an evaluated range."""
    index = np.flatnonzero(part.passed)
    return Compact(
        part.start,
        part.stop,
        index + part.start,
        part.objectives[index],
        int((part.reason >= 0).sum()),
        part.screened,
    )


def tally_task(setup: Setup, start: int, stop: int, keep: bool = False) -> Compact:
    """Pass 1 in a worker: evaluate [start, stop) and keep what ranking needs; with `keep`,
    also the range's output rows but for their ranks (so that no second pass is needed)."""
    ev = evaluator_for(setup)
    part = ev.evaluate(start, stop)
    out = compact(part)
    if keep:
        out.batch = unranked_batch(setup.space, part, ev.combination, ev.metric_keys)
    return out


def output_task(
    setup: Setup,
    start: int,
    stop: int,
    ranks: RankSlice,
    extra: dict[str, np.ndarray],
    fmt: str,
    folder: str | None = None,
) -> Any:
    """Pass 2 in a worker: evaluate [start, stop) again and encode its rows; with `folder`,
    write them there as a Parquet part and return the row count."""
    ev = evaluator_for(setup)
    batch = record_batch(
        setup.space, ev.evaluate(start, stop), ev.combination, ranks, extra, ev.metric_keys
    )
    if folder is None:
        return encode(fmt, batch)
    import pyarrow.parquet as pq

    name = f"part-{start:012d}.parquet"  # by name, the parts sort in index order
    pq.write_table(_table(batch), os.path.join(folder, name), **parquet_options(batch.schema))
    return batch.num_rows


def _table(batch: Any) -> Any:
    import pyarrow as pa

    return pa.Table.from_batches([batch])


def screen_to_file(
    setup: Setup,
    kb: Any,
    ruleset: Any,
    path: Path,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    chunk: int = CHUNK,
    progress: Progress | None = None,
    uncertainty: dict[str, Any] | None = None,
    max_candidates: int | None = DEFAULT_MAX_CANDIDATES,
    keep_below: int = KEEP_BELOW,
) -> Streamed:
    """Screen `setup.space` into `path` (.csv, .parquet or .json), in bounded memory.

    `uncertainty` ({top, samples, seed}) propagates the ranges of the best `top` candidates and
    adds their columns. Progress counts len(STAGES) x n candidates."""
    started = time.perf_counter()
    fmt = format_of(path)
    space = setup.space
    space.check_size(max_candidates)
    local = evaluator_for(setup, kb, ruleset)
    n, k = space.n_candidates, len(space.objectives)
    ranges = tasks(n, chunk)
    keep = n < keep_below and engine == "local"
    kept: list[Any] = []
    warm = None
    with Executor(setup, jobs if len(ranges) > 1 else 1, engine, scheduler) as ex:
        _stage(progress, 0)
        # pages are touched only as far as they are filled
        index = np.empty(n, dtype=np.int32 if n < 2**31 else np.int64)
        objectives = np.empty((n, k), dtype=np.float64)
        used, invalid = 0, 0
        screened: Counter = Counter()
        for part in ex.ordered(tally_task, [(a, b, keep) for a, b in ranges]):
            if keep:
                kept.append(part.batch)
            m = len(part.index)
            index[used : used + m] = part.index
            objectives[used : used + m] = part.objectives
            used += m
            invalid += part.invalid
            screened.update(part.screened)
            if progress is not None:
                progress.update(part.stop - part.start)
            if warm is None and n >= COMPILED_FROM:
                # load the compiled sweeps while pass 1 runs; only now, once the worker
                # processes exist, so that none is forked while the thread imports
                warm = warm_up()
        evaluated = time.perf_counter()
        _stage(progress, 1)
        if warm is not None:
            warm.join()
        senses = [s for _, s in space.objectives]
        ranking = rank_passed(n, index[:used], objectives[:used], senses)
        del index, objectives
        if progress is not None:
            progress.update(n)
        ranked = time.perf_counter()
        result = Streamed(space, screened, ranking, invalid, used, path)
        if uncertainty is not None:
            from decide.screening.uncertainty import top_uncertainty

            result.uncertainty = top_uncertainty(space, ranking.order, kb, **uncertainty)
        _stage(progress, 2)
        extra_names = uncertainty_columns(space, result.uncertainty)
        table_schema = schema(space, local.metric_keys, extra_names)
        args = [
            (
                a,
                b,
                RankSlice(ranking.pareto_rank[a:b], ranking.score[a:b], ranking.rank[a:b]),
                uncertainty_values(space, _within(result.uncertainty, a, b), np.arange(a, b)),
                fmt,
            )
            for a, b in ranges
        ]
        if ex.remote and fmt == "parquet":
            _write_parts(ex, args, path, header(result), progress)
        elif keep:
            with Sink(path, fmt, table_schema, header(result)) as sink:
                pieces = _finish(space, kept, args, _threads())
                for (a, b, *_), piece in zip(args, pieces, strict=True):
                    sink.write(piece)
                    if progress is not None:
                        progress.update(b - a)
        else:
            with Sink(path, fmt, table_schema, header(result)) as sink:
                for (a, b, *_), piece in zip(args, ex.ordered(output_task, args), strict=True):
                    sink.write(piece)
                    if progress is not None:
                        progress.update(b - a)
    done = time.perf_counter()
    result.seconds = done - started
    result.stats = {
        "evaluate_s": evaluated - started,
        "rank_s": ranked - evaluated,
        "write_s": done - ranked,
    }
    return result


def _finish(space: Any, kept: list[Any], args: list[tuple[Any, ...]], jobs: int) -> Iterator[Any]:
    """The kept batches completed with their ranks and encoded, in order; CSV is encoded on
    `jobs` threads (pyarrow formats without holding the GIL)."""

    def one(k: int) -> Any:
        _, _, ranks, extra, fmt = args[k]
        batch = with_ranks(space, kept[k], ranks, extra)
        kept[k] = None  # let the unranked batch go once its piece is made
        return encode(fmt, batch)

    if jobs <= 1 or len(kept) <= 1:
        for k in range(len(kept)):
            yield one(k)
        return
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pending: deque[Future] = deque()
        for k in range(len(kept)):
            pending.append(pool.submit(one, k))
            if len(pending) > 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _threads() -> int:
    """Threads for encoding kept batches: the cores this process may use, at most 4."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, 4))


def _within(found: dict[int, Any], a: int, b: int) -> dict[int, Any]:
    return {i: u for i, u in found.items() if a <= i < b}


def _stage(progress: Progress | None, k: int) -> None:
    if progress is not None:
        progress.set_description(STAGES[k])


def _write_parts(
    ex: Executor,
    args: list[tuple[Any, ...]],
    path: Path,
    head: dict[str, Any],
    progress: Progress | None,
) -> None:
    """Dask: the workers write Parquet parts into a folder beside `path`, renamed into place
    as `path` (a folder) once every part is written; `_decide.json` holds the header (Parquet
    readers skip files starting with '_')."""
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{path}: the folder {parent} does not exist")
    folder = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent))
    try:
        os.chmod(folder, 0o755)
        for (a, b, *_), _rows in zip(
            args, ex.ordered(output_task, [(*x, str(folder)) for x in args]), strict=True
        ):
            if progress is not None:
                progress.update(b - a)
        (folder / "_decide.json").write_text(json.dumps(head, indent=1), encoding="utf-8")
        _replace(folder, path)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _replace(folder: Path, path: Path) -> None:
    """Move `folder` to `path`, replacing what was there only once the new one is complete."""
    old = None
    if path.exists() or path.is_symlink():
        old = path.with_name(f".{path.name}.{os.getpid()}.old")
        os.replace(path, old)
    os.replace(folder, path)
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)
