"""Run screening tasks in-process, on N local processes, or on a Dask cluster.

A task is a function of the Setup and a candidate index range; a worker rebuilds everything
else from the space (a few KB) and its own knowledge base and rules (the cached KB pickle makes
that fast), then returns arrays or encoded output. Task boundaries depend only on the chunk size,
never on the number of workers, and results come back in task order, so every engine returns
the same numbers and writes the same bytes.

Results are consumed in order with a bounded number of tasks in flight (WINDOW per worker): a
slow task holds back at most that many finished ones, so memory stays bounded however many
tasks a space has.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from decide.errors import InputError
from decide.screening.evaluate import ChunkResult, Evaluator
from decide.screening.space import Space

CHUNK = 50_000
ENGINES = ("local", "dask")
WINDOW = 3  # tasks in flight per worker
# --jobs auto: below this many candidates one process is faster. A screen to a file keeps the
# first pass's rows below it (decide.screening.stream), and shipping them between processes
# costs more than a second core saves (measured: 1e6 candidates, 0.28 s in one process, 0.37 s
# on two); above it every range is evaluated twice and workers pay (1e7: 16 s against 19 s).
AUTO_SINGLE_BELOW = 1_500_000
AUTO_MAX_JOBS = 8
_CACHE: dict[str, Evaluator] = {}


@dataclass(frozen=True)
class Setup:
    """What a worker needs to rebuild the evaluator: the space and the overlay folders."""

    space: Space
    key: str
    knowledge: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None


def make_setup(
    space: Space,
    knowledge: tuple[str, ...] = (),
    rules: tuple[str, ...] = (),
    select: list[str] | None = None,
    ignore: list[str] | None = None,
) -> Setup:
    """A Setup with a cache key covering everything the evaluator depends on."""
    sel = tuple(select) if select else None
    ign = tuple(ignore) if ignore else None
    key = "|".join([space.digest(), *knowledge, "#", *rules, "#", repr(sel), repr(ign)])
    return Setup(space, key, tuple(knowledge), tuple(rules), sel, ign)


def evaluator_for(setup: Setup, kb: Any = None, ruleset: Any = None) -> Evaluator:
    """This process's evaluator for `setup` (loads KB and rules the first time)."""
    found = _CACHE.get(setup.key)
    if found is None:
        if kb is None:
            from decide.kb.loader import load_knowledge

            kb = load_knowledge(list(setup.knowledge))
        if ruleset is None:
            from decide.rules.loader import load_rules

            ruleset = load_rules(kb, list(setup.rules))
        chosen = ruleset.selected(
            list(setup.select) if setup.select else None,
            list(setup.ignore) if setup.ignore else None,
        )
        _CACHE.clear()  # one space at a time: a long-lived worker must not collect evaluators
        found = _CACHE[setup.key] = Evaluator(setup.space, kb, ruleset, chosen)
    return found


def run_task(setup: Setup, start: int, stop: int) -> ChunkResult:
    """Evaluate candidates [start, stop) in this process (the function workers run)."""
    return evaluator_for(setup).evaluate(start, stop)


def tasks(n: int, chunk: int = CHUNK) -> list[tuple[int, int]]:
    """Index ranges covering [0, n)."""
    return [(a, min(a + chunk, n)) for a in range(0, n, chunk)]


def resolve_jobs(jobs: int | str, n: int, chunk: int = CHUNK, engine: str = "local") -> int:
    """The number of workers for `--jobs` (a number, or 'auto': one process for small spaces,
    else one per core up to AUTO_MAX_JOBS, never more than there are tasks; for a new Dask
    LocalCluster, one worker per core)."""
    if jobs != "auto":
        return max(1, int(jobs))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if engine == "dask":
        return max(1, min(cores or 1, AUTO_MAX_JOBS))
    if n < AUTO_SINGLE_BELOW:
        return 1
    return max(1, min(cores or 1, AUTO_MAX_JOBS, math.ceil(n / chunk)))


class Executor:
    """Runs task functions over index ranges and yields their results in task order."""

    def __init__(self, setup: Setup, jobs: int = 1, engine: str = "local", scheduler: Any = None):
        self.setup = setup
        self.jobs = max(1, jobs)
        self.engine = engine
        self.scheduler = scheduler
        self._pool: ProcessPoolExecutor | None = None
        self._client: Any = None
        self._cluster: Any = None
        self._shared: Any = setup

    def __enter__(self) -> Executor:
        if self.engine == "dask":
            self._client, self._cluster = dask_client(self.scheduler, self.jobs)
            self._shared = self._client.scatter(self.setup, broadcast=True)
            self.jobs = max(1, len(self._client.scheduler_info().get("workers", {})) or 1)
        elif self.jobs > 1:
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=_context())
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=exc is None, cancel_futures=True)
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    @property
    def remote(self) -> bool:
        """Whether tasks run on a Dask cluster (workers may be other machines)."""
        return self._client is not None

    def ordered(self, fn: Callable[..., Any], args: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        """fn(setup, *a) for each a in args, yielded in the order of args."""
        if self._pool is None and self._client is None:
            for a in args:
                yield fn(self.setup, *a)
            return
        window = WINDOW * self.jobs
        pending: OrderedDict[int, Any] = OrderedDict()
        items = iter(enumerate(args))
        try:
            for _ in range(window):
                if not self._submit(fn, items, pending):
                    break
            while pending:
                _, future = pending.popitem(last=False)
                result = future.result()
                self._submit(fn, items, pending)
                yield result
        finally:
            for future in pending.values():
                future.cancel()

    def _submit(self, fn: Callable[..., Any], items: Iterator, pending: OrderedDict) -> bool:
        nxt = next(items, None)
        if nxt is None:
            return False
        k, a = nxt
        future: Future | Any
        if self._client is not None:
            future = self._client.submit(fn, self._shared, *a, pure=False)
        else:
            assert self._pool is not None
            future = self._pool.submit(fn, self.setup, *a)
        pending[k] = future
        return True


def run(
    setup: Setup,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    chunk: int = CHUNK,
) -> Iterator[ChunkResult]:
    """Yield the evaluated ChunkResult of every task, in index order."""
    ranges = tasks(setup.space.n_candidates, chunk)
    with Executor(setup, jobs if len(ranges) > 1 else 1, engine, scheduler) as ex:
        yield from ex.ordered(run_task, ranges)


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    # fork lets workers inherit the loaded knowledge base and rules; elsewhere they reload them
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def dask_client(scheduler: str | None, jobs: int) -> tuple[Any, Any]:
    """A client of the scheduler at `scheduler`, or of a new LocalCluster with `jobs` workers."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError(
            "--engine dask needs Dask distributed, an optional extra: pip install 'decide[dask]'"
        ) from None
    if scheduler:
        try:
            return Client(scheduler, timeout="10s"), None
        except OSError as exc:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    cluster = LocalCluster(
        n_workers=max(1, jobs),
        threads_per_worker=1,
        dashboard_address=None,
        silence_logs=50,
    )
    return Client(cluster), cluster


def dask_available() -> bool:
    """Whether the optional Dask extra is installed."""
    return "distributed" in sys.modules or _importable("distributed")


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


__all__ = [
    "CHUNK",
    "Executor",
    "Setup",
    "evaluator_for",
    "make_setup",
    "resolve_jobs",
    "run",
    "run_task",
    "tasks",
]
