"""Benchmark the cell model: `decide metrics` wall time and vectorised throughput.

Prints figures, asserts nothing (tests never assert wall-clock time). Targets: scalar
`decide metrics` under 0.5 s including interpreter start; vectorised path at least 2 million
design points per second on one core.

    .venv/bin/python benchmarks/bench_metrics.py [--points 2000000] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DESIGN = ROOT / "examples" / "designs" / "sulfide-nmc811-li20.yaml"
SCALAR_TARGET_S = 0.5
VECTOR_TARGET_PER_S = 2e6


def bench_cli(runs: int) -> float:
    """Median wall time of `python -m decide metrics DESIGN --format json` (fresh interpreter)."""
    cmd = [sys.executable, "-m", "decide", "metrics", str(DESIGN), "--format", "json"]
    subprocess.run(cmd, check=True, capture_output=True)  # warm the knowledge-base cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_scalar_in_process(repeat: int) -> float:
    """compute() calls per second in one process (design already loaded)."""
    from decide.cell import compute
    from decide.design import load_design
    from decide.kb.loader import load_knowledge

    kb = load_knowledge()
    design = load_design(DESIGN, kb)
    start = time.perf_counter()
    for _ in range(repeat):
        compute(design, kb)
    return repeat / (time.perf_counter() - start)


def bench_vector(points: int) -> float:
    """Design points per second through compute_arrays (energy, mass, cost), best of three."""
    import numpy as np

    from decide.cell.vector import compute_arrays
    from decide.design import load_design
    from decide.kb.loader import load_knowledge

    kb = load_knowledge()
    base = load_design(DESIGN, kb)
    rng = np.random.default_rng(0)
    columns = {
        "separator.thickness_um": rng.uniform(10, 60, points),
        "cathode.areal_capacity_mah_cm2": rng.uniform(2, 8, points),
        "anode.thickness_um": rng.uniform(0, 50, points),
        "production_year": rng.integers(2025, 2036, points).astype(float),
    }
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        compute_arrays(columns, kb, base)
        best = min(best, time.perf_counter() - start)
    return points / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    wall = bench_cli(args.runs)
    print(
        f"decide metrics wall time (median of {args.runs}): {wall * 1000:.0f} ms "
        f"= {1 / wall:.1f} runs/s; target < {SCALAR_TARGET_S * 1000:.0f} ms "
        f"(ratio to target {wall / SCALAR_TARGET_S:.2f})"
    )
    per_s = bench_scalar_in_process(2000)
    print(f"scalar compute() in process: {per_s:,.0f} designs/s")
    rate = bench_vector(args.points)
    print(
        f"vectorised compute_arrays: {rate / 1e6:.1f} M design points/s on {args.points:,} "
        f"points; target >= {VECTOR_TARGET_PER_S / 1e6:.0f} M/s "
        f"(ratio to target {rate / VECTOR_TARGET_PER_S:.1f}x)"
    )


if __name__ == "__main__":
    main()
