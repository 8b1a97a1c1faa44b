"""Knowledge-base load times and index lookup throughput.

Targets (issue 2): warm (cached) load < 50 ms, cold < 1 s for the built-in base, a synthetic
10,000-entry base < 5 s cold. Prints figures and their ratio to the target; asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from decide.kb.loader import load_knowledge


def _timed(fn, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def _synthetic(root: Path, n: int) -> None:
    (root / "materials").mkdir(parents=True)
    (root / "sources").mkdir()
    (root / "sources" / "synthetic.yaml").write_text(
        "- id: synthetic-source\n  type: report\n  citation: Synthetic benchmark data\n"
        "  used_for: load-time benchmark only\n"
    )
    lines = []
    for i in range(n):
        lines.append(
            f"- id: synthetic-{i}\n  name: Synthetic material {i}\n  roles: [solid-electrolyte]\n"
            f"  family: [argyrodite]\n  properties:\n"
            f"    ionic_conductivity_ms_cm: {{min: 1, typical: {1 + i % 7}, max: 9, "
            f"source: [synthetic-source]}}\n"
            f"    density_g_cm3: {{value: 1.{i % 9 + 1}, source: [synthetic-source]}}\n"
        )
    (root / "materials" / "synthetic.yaml").write_text("".join(lines))


def main() -> None:
    with tempfile.TemporaryDirectory() as cache_dir:
        os.environ["DECIDE_CACHE_DIR"] = cache_dir
        cold = _timed(lambda: load_knowledge(use_cache=False))
        load_knowledge()  # fill the cache
        warm = _timed(lambda: load_knowledge(), repeat=20)
        kb = load_knowledge()
        ids = list(kb.entries)
        idx = kb.index
        n = 0
        start = time.perf_counter()
        while time.perf_counter() - start < 0.5:
            for entry_id in ids:
                idx.prop(entry_id, "density_g_cm3")
                idx.targets("member_of", entry_id)
                n += 2
        lookups = n / (time.perf_counter() - start)
        with tempfile.TemporaryDirectory() as tmp:
            _synthetic(Path(tmp), 10_000)
            big = _timed(lambda: load_knowledge([tmp], use_cache=False), repeat=1)
    print(f"built-in base: {len(ids)} entries")
    print(f"cold load   {cold * 1000:8.1f} ms   ({cold / 1.0:.2f} x the 1 s target)")
    print(f"warm load   {warm * 1000:8.1f} ms   ({warm / 0.050:.2f} x the 50 ms target)")
    print(f"lookups     {lookups / 1e6:8.2f} M/s  (index prop + relation lookups)")
    print(f"10k cold    {big:8.2f} s    ({big / 5.0:.2f} x the 5 s target)")
    print(f"cold / warm {cold / warm:8.1f} x")


if __name__ == "__main__":
    main()
