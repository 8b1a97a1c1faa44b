"""Rule-engine throughput: the whole pack over 100,000 designs.

Prints rule evaluations per second for the compiled closures, for the numpy-compiled pack over a
design sweep, and for a naive interpreter that walks the condition tree at every evaluation (the
design we chose not to build); the pack's compile time; and what building full findings costs.
Target (issue 5): >= 1 million rule evaluations per second on one core, compiled.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from decide.cell import compute
from decide.cell.vector import compute_arrays
from decide.design import load_design
from decide.kb.loader import load_knowledge
from decide.rules.conditions import OPS
from decide.rules.engine import build_finding, fired
from decide.rules.facts import design_facts
from decide.rules.functions import FUNCTIONS
from decide.rules.loader import load_rules
from decide.rules.vector import compile_vector, evaluate_vector, vector_facts

ROOT = Path(__file__).resolve().parents[1]
N_DESIGNS = 100_000
REPEAT = 3
NUMERIC = (
    "metrics.cell_specific_energy_wh_per_kg",
    "metrics.cell_energy_density_wh_per_l",
    "metrics.separator_asr_ohm_cm2",
    "metrics.lithium_reservoir_um",
    "metrics.cell_cost_usd_per_kwh",
    "separator.thickness_um",
)


def _fact_pool(kb: Any, size: int) -> list[dict[str, Any]]:
    """Facts of the example designs with their numbers perturbed (distinct designs)."""
    rng = random.Random(1)
    bases = []
    for path in sorted((ROOT / "examples" / "designs").glob("*.yaml")):
        design = load_design(path, kb)
        bases.append(design_facts(design, compute(design, kb).values, kb))
    pool = []
    for i in range(size):
        facts = dict(bases[i % len(bases)])
        for key in NUMERIC:
            if isinstance(facts.get(key), float):
                facts[key] = facts[key] * rng.uniform(0.5, 1.5)
        pool.append(facts)
    return pool


def naive_operand(raw: Any, facts: dict[str, Any], kb: Any) -> Any:
    """Walk an operand every time (no compilation): the baseline interpreter."""
    if not isinstance(raw, dict):
        return raw
    if "value" in raw:
        return raw["value"]
    if "field" in raw:
        return facts.get(raw["field"])
    if "prop" in raw:
        return kb.index.props.get(facts.get(raw["of"]), {}).get(raw["prop"])
    if "trait" in raw:
        return kb.index.traits.get(facts.get(raw["of"]), {}).get(raw["trait"])
    if "call" in raw:
        return FUNCTIONS[raw["call"]].fn(
            kb, *[naive_operand(a, facts, kb) for a in raw.get("args", [])]
        )
    ((op, items),) = raw.items()
    xs = [naive_operand(x, facts, kb) for x in items]
    if any(x is None for x in xs):
        return None
    return {
        "add": sum,
        "mul": lambda v: v[0] * v[1] * (v[2] if len(v) > 2 else 1),
        "sub": lambda v: v[0] - v[1],
        "div": lambda v: v[0] / v[1] if v[1] else None,
        "min": min,
        "max": max,
    }[op](xs)


def naive(raw: dict[str, Any], facts: dict[str, Any], kb: Any) -> bool:
    """Walk a condition every time (no compilation)."""
    if "all" in raw:
        return all(naive(c, facts, kb) for c in raw["all"])
    if "any" in raw:
        return any(naive(c, facts, kb) for c in raw["any"])
    if "not" in raw:
        return not naive(raw["not"], facts, kb)
    if "is_a" in raw:
        v = facts.get(raw["field"])
        return v is not None and kb.index.is_a(v, raw["is_a"])
    if "role" in raw:
        return raw["role"] in kb.index.roles.get(facts.get(raw["field"]), ())
    if "compat" in raw:
        spec = raw["compat"]
        a, b = facts.get(spec["subject"]), facts.get(spec["object"])
        if a is None or b is None:
            return False
        ids = kb.index.compatibility(a, b) + kb.index.compatibility(b, a)
        rel, sev = spec.get("relation"), spec.get("severity")
        return any(
            (rel is None or kb.entries[i].relation == rel)
            and (sev is None or kb.entries[i].severity == sev)
            for i in ids
        )
    left = naive_operand({"field": raw["field"]} if "field" in raw else raw["left"], facts, kb)
    if raw["op"] == "present":
        return left is not None
    if raw["op"] == "missing":
        return left is None
    right = naive_operand(
        raw.get("right", {"field": raw["ref"]} if "ref" in raw else {"value": raw.get("value")}),
        facts,
        kb,
    )
    if left is None or right is None:
        return False
    try:
        return bool(OPS[raw["op"]](left, right))
    except TypeError:
        return False


def main() -> None:
    kb = load_knowledge()
    start = time.perf_counter()
    ruleset = load_rules(kb)
    compile_s = time.perf_counter() - start
    rules = ruleset.rules
    pool = _fact_pool(kb, 5_000)
    rounds = N_DESIGNS // len(pool)

    def closures() -> tuple[float, int]:
        start = time.perf_counter()
        hits = 0
        for _ in range(rounds):
            for facts in pool:
                hits += len(fired(rules, facts))
        return time.perf_counter() - start, hits

    # the machine may be shared: the median of REPEAT runs is steadier than one
    runs = [closures() for _ in range(REPEAT)]
    compiled_s = statistics.median(t for t, _ in runs)
    hits = runs[0][1]
    evals = N_DESIGNS * len(rules)

    sample = pool[:2_000]
    whens = [r.record.when.model_dump(by_alias=True, exclude_unset=True) for r in rules]
    start = time.perf_counter()
    naive_hits = 0
    for facts in sample:
        naive_hits += sum(naive(when, facts, kb) for when in whens)
    naive_s = (time.perf_counter() - start) * N_DESIGNS / len(sample)
    assert naive_hits * rounds * len(pool) // len(sample) > 0

    start = time.perf_counter()
    findings = 0
    for facts in sample:
        for rule in fired(rules, facts):
            build_finding(rule, facts, kb)
            findings += 1
    findings_s = time.perf_counter() - start
    fire_s = compiled_s * len(sample) / N_DESIGNS

    base = load_design(ROOT / "examples" / "designs" / "sulfide-nmc811-li20.yaml", kb)
    columns = {
        "separator.thickness_um": np.linspace(5, 100, N_DESIGNS),
        "cathode.areal_capacity_mah_cm2": np.linspace(1, 8, N_DESIGNS),
    }
    arrays = compute_arrays(columns, kb, base)
    vector = compile_vector(ruleset, kb)
    start = time.perf_counter()
    facts = vector_facts(base, compute(base, kb).values, columns, arrays, kb)
    evaluate_vector(vector, facts, N_DESIGNS)
    vector_s = time.perf_counter() - start

    print(f"rule pack: {len(rules)} rules; load + validate + compile {compile_s * 1000:.0f} ms")
    rate = evals / compiled_s / 1e6
    verdict = "MET" if rate >= 1.0 else f"MISSED by {1 - rate:.0%}"
    print(
        f"compiled closures : {rate:8.2f} M rule evaluations/s "
        f"({N_DESIGNS:,} designs x {len(rules)} rules in {compiled_s:.2f} s, median of "
        f"{REPEAT}: " + ", ".join(f"{evals / t / 1e6:.2f}" for t, _ in runs) + ")  "
        f"[target >= 1 M/s: {verdict}, {rate:.2f}x]"
    )
    print(
        f"naive tree walk   : {evals / naive_s / 1e6:8.2f} M rule evaluations/s "
        f"(compiled is {naive_s / compiled_s:.1f}x faster)"
    )
    print(
        f"numpy-compiled    : {evals / vector_s / 1e6:8.2f} M rule evaluations/s over one sweep "
        f"({vector_s / compiled_s:.3f}x the compiled time)"
    )
    print(
        f"full findings     : {findings / findings_s:8.0f} findings/s; building them costs "
        f"{findings_s / fire_s:.1f}x the evaluation that found them ({findings} findings)"
    )
    print(f"fired per design  : {hits / N_DESIGNS:.1f}")


if __name__ == "__main__":
    main()
