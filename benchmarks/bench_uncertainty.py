"""Benchmark `--uncertainty`: samples per second of the vectorised propagation, and the wall
time of `decide metrics --uncertainty` against a plain `decide metrics`.

Prints figures, asserts nothing (tests never assert wall-clock time). Targets: at least 1 million
samples per second through the vectorised model (draws and model run); `decide metrics
--uncertainty` (default samples) within 2x the wall time of a plain run.

    .venv/bin/python benchmarks/bench_uncertainty.py [--samples 1000000] [--runs 7]
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
RATE_TARGET_PER_S = 1e6
RATIO_TARGET = 2.0


def wall(extra: list[str], runs: int) -> float:
    """Median wall time of `python -m decide metrics DESIGN --format json [extra]`."""
    cmd = [sys.executable, "-m", "decide", "metrics", str(DESIGN), "--format", "json", *extra]
    subprocess.run(cmd, check=True, capture_output=True)  # warm the knowledge-base cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def throughput(samples: int) -> tuple[float, float, int]:
    """(samples/s of draws + one model run, samples/s of the whole propagate(), inputs)."""
    from decide.cell.sampling import evaluate_values, uncertain_inputs
    from decide.design import load_design
    from decide.kb.loader import load_knowledge
    from decide.uncertainty import draw, propagate

    kb = load_knowledge()
    design = load_design(DESIGN, kb)
    uncertain = uncertain_inputs(design, kb)
    inputs = list(uncertain.inputs)
    best_model = best_all = float("inf")
    for seed in range(3):
        start = time.perf_counter()
        evaluate_values(uncertain, kb, draw(inputs, samples, seed))
        best_model = min(best_model, time.perf_counter() - start)
        start = time.perf_counter()
        propagate(design, kb, samples, seed)
        best_all = min(best_all, time.perf_counter() - start)
    return samples / best_model, samples / best_all, len(inputs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    model, whole, n_inputs = throughput(args.samples)
    print(
        f"vectorised propagation ({n_inputs} uncertain inputs, {args.samples:,} samples): "
        f"draws + model {model / 1e6:.2f} M samples/s; with percentiles, phase probabilities "
        f"and drivers {whole / 1e6:.2f} M samples/s; target >= {RATE_TARGET_PER_S / 1e6:.0f} M/s "
        f"(ratio to target {model / RATE_TARGET_PER_S:.2f}x)"
    )
    plain = wall([], args.runs)
    spread = wall(["--uncertainty"], args.runs)
    print(
        f"decide metrics: plain {plain * 1000:.0f} ms, --uncertainty (default samples) "
        f"{spread * 1000:.0f} ms (medians of {args.runs}): ratio {spread / plain:.2f}; "
        f"target <= {RATIO_TARGET:.1f}"
    )


if __name__ == "__main__":
    main()
