"""Wall time of the reports, measured as a user runs them: a fresh `decide` process each time.

Targets (issues 14 and 17), warm, on 2 cores, start-up included: a review PDF within 2 s, the
review as HTML within 1 s, the briefing PDF within 5 s (and its 4-page short version). Each is
timed cold (chart cache off: matplotlib imported and every chart drawn) and warm (charts memoised
on disk, as on any repeated run). Prints the figures, their ratio to the target and whether the
warm run meets it or by how much it misses; asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DECIDE = [sys.executable, "-m", "decide"]
EXAMPLE = ROOT / "examples" / "designs" / "sulfide-nmc811-li20.yaml"
REPEAT = 5


def _run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(DECIDE + args, check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def _bench(label: str, args: list[str], target: float, cache_dir: str) -> None:
    base = {**os.environ, "DECIDE_CACHE_DIR": cache_dir}
    cold = statistics.median(_run(args, {**base, "DECIDE_CHART_CACHE": "0"}) for _ in range(REPEAT))
    _run(args, base)  # fill the chart cache
    warm = statistics.median(_run(args, base) for _ in range(REPEAT))
    verdict = "met" if warm <= target else f"missed by {warm / target - 1:.0%}"
    print(
        f"{label:<15} cold {cold:5.2f} s ({cold / target:4.0%} of {target:g} s)   "
        f"warm {warm:5.2f} s ({warm / target:4.0%}): {verdict}"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [*DECIDE, "kb", "list"],
            check=True,
            capture_output=True,
            env={**os.environ, "DECIDE_CACHE_DIR": tmp},
        )  # warm the knowledge cache
        _bench("review PDF", ["review", str(EXAMPLE), "-o", f"{tmp}/r.pdf"], 2.0, tmp)
        _bench("review HTML", ["review", str(EXAMPLE), "-o", f"{tmp}/r.html"], 1.0, tmp)
        _bench("briefing PDF", ["brief", "--year", "2026", "-o", f"{tmp}/b.pdf"], 5.0, tmp)
        _bench("brief, 4 pages", ["brief", "--pages", "4", "-o", f"{tmp}/s.pdf"], 5.0, tmp)


if __name__ == "__main__":
    main()
