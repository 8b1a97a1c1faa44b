"""Benchmark `decide screen` end to end against a numpy floor (issue 17).

Runs the real command in a fresh interpreter and, beside it, a floor script: numpy only, the same
candidates, the same arithmetic and checks (the cell model over the same grids, the bounds
checks, the rule pack compiled to numpy for the error findings that screen a candidate out, the
cost filter) and a front-only Pareto pass, no output file; its count of candidates that pass is
checked against decide's. Both are timed as whole processes (start-up and knowledge-base load
included). Prints decide / floor and checks:

  1,000,000 candidates to CSV      within 4x the floor
  1,000,000 candidates to Parquet  within 3x the floor
  10,000,000 candidates to Parquet in <= 60 s and <= 1 GB peak

Peak memory is the largest single process of the run (resource.getrusage in a wrapper
process, which covers the worker processes too), and, with psutil installed, the sum of
the process tree's proportional set sizes sampled every 0.2 s. Each figure is the median of
--repeat runs (the machine may be shared: a median is steadier than one run).

    .venv/bin/python benchmarks/bench_screen.py [--sizes 1000000 10000000] [--jobs auto]
        [--repeat 3] [--formats csv parquet]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "examples" / "designs" / "sulfide-nmc811-li20.yaml"
GRIDS = {
    100_000: (25, 20, 10, 10),
    1_000_000: (50, 50, 20, 10),
    10_000_000: (100, 100, 25, 20),
}
# (size, format) -> (ratio to the floor, seconds, MB); None: no bound
TARGETS: dict[tuple[int, str], tuple[float | None, float | None, float | None]] = {
    (1_000_000, "csv"): (4.0, None, None),
    (1_000_000, "parquet"): (3.0, None, None),
    (10_000_000, "parquet"): (None, 60.0, 1024.0),
}
WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "wall = time.perf_counter() - t\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
    "sys.stderr.write(p.stderr + p.stdout)\n"
    "print(p.returncode, wall, peak)\n"
)


def space_text(n: int) -> str:
    """A space of exactly `n` candidates: 2 separator materials x a 4-D numeric grid."""
    grid = GRIDS.get(n)
    if grid is None:
        raise SystemExit(f"size {n}: use one of {sorted(GRIDS)}")
    a, b, c, d = grid
    assert 2 * a * b * c * d == n
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


def floor(space_path: str) -> None:
    """The floor: evaluate every candidate of the space with numpy, check, filter, find the
    Pareto front; write nothing. Prints the candidates that pass and the front's size."""
    import numpy as np

    from decide.cell import compute
    from decide.cell.vector import compute_arrays
    from decide.design import design_from_data
    from decide.design.constraints import CONSTRAINTS, field_bounds_mask
    from decide.kb.loader import load_knowledge
    from decide.rules.loader import load_rules
    from decide.rules.vector import compile_vector, evaluate_vector, vector_facts
    from decide.screening.space import load_space

    kb = load_knowledge()
    rules = compile_vector(load_rules(kb), kb)
    space = load_space(space_path, kb)
    keys = [m for m, _ in space.objectives]
    signs = np.array([1.0 if s == "max" else -1.0 for _, s in space.objectives])
    kept = []
    chunk = 50_000
    for c in range(space.n_combinations):
        design = design_from_data(space.combination_data(c), None, kb, space.file)
        scalar = compute(design, kb).values
        for start in range(0, space.n_points, chunk):
            stop = min(start + chunk, space.n_points)
            idx = np.unravel_index(np.arange(start, stop), space.grid_shape)
            columns = {p: v[i] for (p, v), i in zip(space.numeric, idx, strict=True)}
            ok = np.ones(stop - start, dtype=bool)
            for path, column in columns.items():
                ok &= field_bounds_mask(path, column)
            for rule in CONSTRAINTS:  # cross-field constraints, e.g. composition <= 100 %
                paths = [f"{rule.section}.{f}" for f in rule.fields]
                if any(p in columns for p in paths):
                    block = getattr(design, rule.section)
                    given = {
                        f: columns.get(p, getattr(block, f, None))
                        for f, p in zip(rule.fields, paths, strict=True)
                    }
                    ok &= ~np.asarray(rule.violated(given), dtype=bool)
            with np.errstate(all="ignore"):
                arrays = compute_arrays(columns, kb, design)
            values = np.stack([np.broadcast_to(arrays[k], ok.shape) for k in keys], axis=1)
            ok &= np.isfinite(values).all(axis=1)
            with np.errstate(all="ignore"):
                n = len(ok)
                full = {k: np.broadcast_to(v, (n,)) for k, v in arrays.items()}
                facts = vector_facts(design, scalar, columns, full, kb)
                _, counts = evaluate_vector(rules, facts, n)
            ok &= counts["error"] == 0  # error findings screen a candidate out
            ok &= arrays["cell_cost_usd_per_kwh"] <= 200
            kept.append(values[ok] * signs)
    rows = np.concatenate(kept)
    # front only: take the best remaining row by its sum, drop every row it dominates
    remaining = rows[np.argsort(-rows.sum(axis=1), kind="stable")]
    front = 0
    while len(remaining):
        best = remaining[0]
        front += 1
        dominated = (remaining <= best).all(axis=1)
        remaining = remaining[~dominated]
    print(json.dumps({"passed": len(rows), "front": front}))


def timed(cmd: list[str]) -> tuple[float, float, float, str]:
    """(wall s, largest process MB, process-tree PSS MB or NaN, stderr + stdout) of one
    command."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WRAPPER, *cmd],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    tree = _watch(proc)
    out, err = proc.communicate()
    code, wall, peak = out.split()
    if int(code) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    return float(wall), float(peak), tree, err


def _watch(proc: subprocess.Popen) -> float:
    """Peak of the summed proportional set size of `proc`'s descendants, sampled."""
    try:
        import psutil
    except ImportError:
        return float("nan")
    peak = 0.0
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        total = 0.0
        try:
            for p in root.children(recursive=True):
                total += p.memory_full_info().pss / 2**20
        except psutil.Error:
            pass
        peak = max(peak, total)
        time.sleep(0.2)
    return peak


def verdict(n: int, fmt: str, ratio: float, wall: float, peak: float) -> str:
    """'target met' or by how much it misses."""
    bound = TARGETS.get((n, fmt))
    if bound is None:
        return "(no target)"
    max_ratio, max_s, max_mb = bound
    misses = []
    if max_ratio is not None and ratio > max_ratio:
        misses.append(f"{ratio:.2f}x the floor > {max_ratio:g}x: {ratio / max_ratio - 1:.0%} over")
    if max_s is not None and wall > max_s:
        misses.append(f"{wall:.1f} s > {max_s:g} s: {wall / max_s - 1:.0%} over")
    if max_mb is not None and peak > max_mb:
        misses.append(f"{peak:,.0f} MB > {max_mb:,.0f} MB: {peak / max_mb - 1:.0%} over")
    wanted = ", ".join(
        text
        for text in (
            f"<= {max_ratio:g}x floor" if max_ratio else "",
            f"<= {max_s:g} s" if max_s else "",
            f"<= {max_mb:,.0f} MB" if max_mb else "",
        )
        if text
    )
    return f"[target {wanted}: " + ("MET]" if not misses else "MISSED: " + "; ".join(misses) + "]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--formats", nargs="+", default=["csv", "parquet"])
    parser.add_argument("--jobs", default="auto")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--floor", help=argparse.SUPPRESS)  # run the floor on this space
    args = parser.parse_args()
    if args.floor:
        floor(args.floor)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / BASE.name).write_bytes(BASE.read_bytes())  # a base lives beside its space
        for n in args.sizes:
            space = folder / f"space-{n}.yaml"
            space.write_text(space_text(n), encoding="utf-8")
            floor_cmd = [sys.executable, __file__, "--floor", str(space)]
            floor_runs = [timed(floor_cmd) for _ in range(args.repeat)]
            floors = [r[0] for r in floor_runs]
            floor_s = statistics.median(floors)
            found = json.loads(floor_runs[-1][3].strip().splitlines()[-1])
            print(
                f"{n:>10,} candidates: floor (numpy, no output) {floor_s:6.2f} s; "
                f"{found['passed']:,} pass its checks"
            )
            for fmt in args.formats:
                if n >= 10_000_000 and fmt == "csv" and (n, fmt) not in TARGETS:
                    continue
                out = folder / f"out.{fmt}"
                cmd = [sys.executable, "-m", "decide", "screen", str(space), "-o", str(out)]
                cmd += ["--jobs", str(args.jobs)]
                runs = [timed(cmd) for _ in range(args.repeat)]
                wall = statistics.median(r[0] for r in runs)
                peak = statistics.median(r[1] for r in runs)
                tree = statistics.median(r[2] for r in runs)
                ratio = wall / floor_s
                summary = next(
                    (line for line in runs[-1][3].splitlines() if line.startswith("screened")),
                    "",
                )
                print(
                    f"{'':>10}  decide -> {fmt:<7} --jobs {args.jobs}: {wall:6.2f} s "
                    f"({n / wall:,.0f}/s), {ratio:.2f}x the floor; peak {peak:,.0f} MB "
                    f"(largest process), {tree:,.0f} MB (process tree, PSS)  "
                    + verdict(n, fmt, ratio, wall, peak)
                )
                print(f"{'':>12}{summary}")
                same = f"{found['passed']} ranked" in summary
                print(f"{'':>12}floor and decide agree on the candidates that pass: {same}")
            print(
                f"{'':>12}(medians of {args.repeat} runs; floor runs: "
                + ", ".join(f"{s:.2f}" for s in floors)
                + " s)"
            )


if __name__ == "__main__":
    main()
