"""Run evaluation tasks in-process, on N local processes, or on a Dask cluster.

A task is a candidate index range; a worker rebuilds everything else from the space (a few KB)
and its own knowledge base and rules (the cached KB pickle makes that fast), then returns
arrays. Task boundaries depend only on CHUNK, never on the number of workers, so every engine
returns the same numbers.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

from decide.errors import InputError
from decide.screening.evaluate import ChunkResult, Evaluator
from decide.screening.space import Space

CHUNK = 50_000
ENGINES = ("local", "dask")
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
        found = _CACHE[setup.key] = Evaluator(setup.space, kb, ruleset, chosen)
    return found


def run_task(setup: Setup, start: int, stop: int) -> ChunkResult:
    """Evaluate candidates [start, stop) in this process (the function workers run)."""
    return evaluator_for(setup).evaluate(start, stop)


def tasks(n: int, chunk: int = CHUNK) -> list[tuple[int, int]]:
    """Index ranges covering [0, n)."""
    return [(a, min(a + chunk, n)) for a in range(0, n, chunk)]


def run(
    setup: Setup,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    chunk: int = CHUNK,
) -> Iterator[ChunkResult]:
    """Yield the results of every task (in completion order)."""
    ranges = tasks(setup.space.n_candidates, chunk)
    if engine == "dask":
        yield from _dask(setup, ranges, jobs, scheduler)
    elif jobs <= 1 or len(ranges) <= 1:
        for a, b in ranges:
            yield run_task(setup, a, b)
    else:
        yield from _processes(setup, ranges, jobs)


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    # fork lets workers inherit the loaded knowledge base and rules; elsewhere they reload them
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _processes(setup: Setup, ranges: list[tuple[int, int]], jobs: int) -> Iterator[ChunkResult]:
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
        futures = [pool.submit(run_task, setup, a, b) for a, b in ranges]
        try:
            for future in as_completed(futures):
                yield future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def _dask(
    setup: Setup, ranges: list[tuple[int, int]], jobs: int, scheduler: str | None
) -> Iterator[ChunkResult]:
    client, cluster = dask_client(scheduler, jobs)
    try:
        from distributed import as_completed as dask_completed

        shared = client.scatter(setup, broadcast=True)
        futures = client.map(
            run_task,
            [shared] * len(ranges),
            [a for a, _ in ranges],
            [b for _, b in ranges],
            pure=False,
        )
        for future in dask_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


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
