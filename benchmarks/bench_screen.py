"""Benchmark `decide screen` end to end: load, expand, metrics, all rules, Pareto, CSV.

Runs the real command in a fresh interpreter for 100,000 and 1,000,000 candidates with
--jobs 2, and prints candidates per second, wall time, peak memory (the process tree, sampled)
and the speed-up over assessing the same candidates one by one through the scalar path
(design loader + cell model + rules; measured on a sample and extrapolated). Prints figures,
asserts nothing. Target: 1,000,000 candidates in under 20 s and under 2 GB on 2 cores.

    .venv/bin/python benchmarks/bench_screen.py [--sizes 100000 1000000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "examples" / "designs" / "sulfide-nmc811-li20.yaml"
TARGET_S = 20.0
TARGET_MB = 2048
SCALAR_SAMPLE = 300


def space_text(n: int) -> str:
    """A space of exactly `n` candidates: 2 separator materials x a 4-D numeric grid."""
    per = n // 2
    grid = {1_000_000: (50, 50, 20, 10), 100_000: (25, 20, 10, 10)}.get(n)
    if grid is None:
        raise SystemExit(f"size {n}: use 100000 or 1000000")
    a, b, c, d = grid
    assert a * b * c * d == per
    return f"""id: bench
base: {BASE.name}
vary:
  separator.material: [li6ps5cl, llzo]
  cathode.areal_capacity_mah_cm2: {{from: 2, to: 7, num: {a}}}
  separator.thickness_um: {{from: 10, to: 60, num: {b}}}
  anode.thickness_um: {{from: 0, to: 40, num: {c}}}
  cathode.catholyte_wt_pct: {{from: 10, to: 28, num: {d}}}
filters:
  max_severity: warning
  metrics:
    cell_cost_usd_per_kwh: {{max: 200}}
"""


def run_cli(space: Path, out: Path, jobs: int) -> tuple[float, float, str]:
    """(wall seconds, peak MB of the process tree, summary line) of one `decide screen` run."""
    cmd = [
        sys.executable,
        "-m",
        "decide",
        "screen",
        str(space),
        "-o",
        str(out),
        "--jobs",
        str(jobs),
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = _watch(proc)
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"decide screen failed:\n{err}")
    summary = next((line for line in err.splitlines() if line.startswith("screened")), "")
    return wall, peak, summary


def _watch(proc: subprocess.Popen) -> float:
    """Peak resident memory (MB) of `proc` and its children, sampled every 20 ms."""
    try:
        import psutil
    except ImportError:  # fall back to the largest single process after the fact
        proc.wait()
        import resource

        return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    peak = 0.0
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree) / 2**20)
        except psutil.Error:
            pass
        time.sleep(0.02)
    return peak


def scalar_rate(space_path: Path, sample: int) -> float:
    """Candidates per second assessed one by one (design validation, metrics, rules)."""
    from decide.assessment import assess
    from decide.design import design_from_data
    from decide.kb.loader import load_knowledge
    from decide.rules.loader import load_rules
    from decide.screening.space import load_space

    kb = load_knowledge()
    ruleset = load_rules(kb)
    space = load_space(space_path, kb)
    step = max(1, space.n_candidates // sample)
    indices = range(0, space.n_candidates, step)[:sample]
    start = time.perf_counter()
    done = 0
    for i in indices:
        try:
            design = design_from_data(space.candidate_data(i), None, kb, space.file)
            assess(design, kb, ruleset, levers=False)
        except Exception:  # an invalid candidate costs its validation too
            pass
        done += 1
    return done / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / BASE.name).write_bytes(BASE.read_bytes())  # a base lives beside its space
        for n in args.sizes:
            space = folder / f"space-{n}.yaml"
            space.write_text(space_text(n), encoding="utf-8")
            wall, peak, summary = run_cli(space, folder / "out.csv", args.jobs)
            rate = n / wall
            scalar = scalar_rate(space, SCALAR_SAMPLE)
            ok = "ok" if (n < 1_000_000 or wall < TARGET_S) and peak < TARGET_MB else "MISSED"
            print(
                f"{n:>9,} candidates, --jobs {args.jobs}: {wall:6.2f} s wall, {rate:>9,.0f}/s, "
                f"peak {peak:,.0f} MB  [{ok}: {TARGET_S:g} s / {TARGET_MB} MB for 1e6]"
            )
            print(
                f"          scalar path one by one: {scalar:,.0f}/s -> {n / scalar:,.0f} s; "
                f"screen is {rate / scalar:,.0f}x faster"
            )
            print(f"          {summary}")


if __name__ == "__main__":
    main()
