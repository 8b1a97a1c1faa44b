"""How sure a design's numbers are: ranges propagated through the cell model, phase
probabilities and the inputs that drive the spread (CONTRACT section 7).

Method (docs/uncertainty.md):
- Every uncertain input (decide.cell.sampling: ranged knowledge-base properties, price series,
  format parameters, design ranges) is drawn from a triangular distribution on (min, typical,
  max): bounded like the data, peaked at the value the point estimate uses, and needing nothing
  the knowledge base does not state. A range without `typical` peaks at its middle.
- Draws are independent between inputs, and shared by everything one input feeds (one
  density of li6ps5cl for catholyte and separator). Inverse-CDF sampling from one seeded PCG64
  stream, inputs in name order: the same seed gives the same numbers, byte for byte.
- All samples go through the vectorised cell model in one call. Percentiles ignore NaN (a metric
  that does not apply, a cost that cannot be computed); samples a design loader would refuse
  (a composition above 100 %) are dropped and counted.
- Phase probability k = share of the kept samples that meet every cell-level target of phases
  1..k (cumulative, like `targets_met`), so it can only fall with k.
- Drivers: one input at a time at its min and at its max, all others at typical (a tornado),
  ordered by the swing of the metric relative to its point value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from decide.vocab.metrics import COST, DENSITY, ENERGY, KEY_METRICS

DEFAULT_SAMPLES = 10_000
DEFAULT_SEED = 0
PERCENTILES = (5, 50, 95)
DRIVER_METRICS = (ENERGY, DENSITY, COST)
DISTRIBUTION = "triangular(min, typical, max); independent inputs; one draw per input"


@dataclass(frozen=True)
class Spread:
    """Percentiles of one metric over the samples, and the design's point value."""

    p5: float
    p50: float
    p95: float
    point: float | None = None
    # where the point value sits among the samples (% of samples below it): near 0 or 100 when
    # a range's typical value is one of its bounds (the point is then a best or worst case)
    point_percentile: float | None = None

    def to_json(self) -> dict[str, Any]:
        """{p5, p50, p95, point, point_percentile}."""
        return {
            "p5": _round(self.p5),
            "p50": _round(self.p50),
            "p95": _round(self.p95),
            "point": _round(self.point),
            "point_percentile": _round(self.point_percentile),
        }


@dataclass(frozen=True)
class Driver:
    """One bar of the tornado: a metric with one input at its min and at its max."""

    field: str
    low: float
    high: float
    metric: str
    metric_at_low: float
    metric_at_high: float
    point: float | None = None  # the metric at every input's typical value

    @property
    def swing(self) -> float:
        """|metric at high - metric at low|."""
        return abs(self.metric_at_high - self.metric_at_low)

    @property
    def relative_swing(self) -> float:
        """The swing as a share of the point value (0 when the point is zero or unknown)."""
        return self.swing / abs(self.point) if self.point else 0.0

    def to_json(self) -> dict[str, Any]:
        """CONTRACT section 7: {field, low, high, metric, metric_at_low, metric_at_high}."""
        return {
            "field": self.field,
            "low": _round(self.low),
            "high": _round(self.high),
            "metric": self.metric,
            "metric_at_low": _round(self.metric_at_low),
            "metric_at_high": _round(self.metric_at_high),
            "swing_pct": _round(100.0 * self.relative_swing),
        }


@dataclass
class Uncertainty:
    """A design's metrics as distributions: percentiles, phase probabilities, drivers."""

    samples: int
    seed: int
    kept: int  # samples the design loader would accept
    spread: dict[str, Spread]
    phase_probability: dict[int, float]
    drivers: list[Driver]
    inputs: list[Any]  # decide.cell.sampling.Ranged, in name order
    not_propagated: dict[str, str] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)  # why -> samples dropped

    def drivers_of(self, metric: str) -> list[Driver]:
        """The tornado of one metric, largest swing first."""
        return sorted(
            (d for d in self.drivers if d.metric == metric), key=lambda d: (-d.swing, d.field)
        )

    def to_json(self) -> dict[str, Any]:
        """The CONTRACT keys (uncertainty, phase_probability, drivers) and how they were made."""
        return {
            "uncertainty": {k: s.to_json() for k, s in self.spread.items()},
            "phase_probability": {str(k): _round(p) for k, p in self.phase_probability.items()},
            "drivers": [d.to_json() for d in self.drivers],
            "uncertainty_method": {
                "samples": self.samples,
                "seed": self.seed,
                "kept": self.kept,
                "distribution": DISTRIBUTION,
                "inputs": [r.to_json() for r in self.inputs],
                "not_propagated": self.not_propagated,
                "refused": self.refused,
            },
        }


def _round(v: Any) -> Any:
    if isinstance(v, float):
        return None if v != v else float(f"{v:.6g}")
    return v


def triangular(u: Any, low: float, mode: float, high: float) -> Any:
    """Inverse CDF of the triangular distribution on (low, mode, high) at uniforms `u`."""
    import numpy as np

    width = high - low
    if width <= 0:
        return np.full_like(u, low, dtype=float)
    c = (mode - low) / width
    with np.errstate(invalid="ignore"):
        left = low + np.sqrt(u * width * (mode - low))
        right = high - np.sqrt((1.0 - u) * width * (high - mode))
    return np.where(u < c, left, right)


def draw(inputs: list[Any], samples: int, seed: int) -> dict[str, Any]:
    """Triangular draws for each input (name -> array), deterministic for `seed`."""
    import numpy as np

    rng = np.random.Generator(np.random.PCG64(seed))
    uniforms = rng.random((len(inputs), samples))
    return {r.name: triangular(uniforms[k], r.low, r.typical, r.high) for k, r in enumerate(inputs)}


def propagate(
    design: Any,
    kb: Any,
    samples: int | None = None,
    seed: int | None = None,
    point: dict[str, Any] | None = None,
    keys: tuple[str, ...] = KEY_METRICS,
) -> Uncertainty:
    """Sample every uncertain input of `design`, run the model once, and summarise the
    metrics `keys` (the key metrics by default). `samples` and `seed` default (None) to
    DEFAULT_SAMPLES and DEFAULT_SEED, so callers pass options through unchanged."""
    import numpy as np

    from decide.cell import compute
    from decide.cell.sampling import evaluate_values, uncertain_inputs

    samples = DEFAULT_SAMPLES if samples is None else samples
    seed = DEFAULT_SEED if seed is None else seed
    if samples < 1:
        raise ValueError("samples must be at least 1")
    point = point if point is not None else compute(design, kb).values
    uncertain = uncertain_inputs(design, kb)
    inputs = list(uncertain.inputs)
    refused: dict[str, int] = {}
    if inputs:
        result = evaluate_values(uncertain, kb, draw(inputs, samples, seed))
        keep = np.ones(samples, dtype=bool)
        for why, mask in result.refused:
            refused[why] = int(mask.sum())
            keep &= ~mask
        wanted = set(keys) | _target_metrics(kb)
        arrays = {k: v if keep.all() else v[keep] for k, v in result.values.items() if k in wanted}
    else:  # nothing uncertain: every sample is the point
        keep = np.ones(samples, dtype=bool)
        arrays = {
            k: np.full(samples, float(v)) for k, v in point.items() if isinstance(v, int | float)
        }
    kept = int(keep.sum())
    return Uncertainty(
        samples=samples,
        seed=seed,
        kept=kept,
        spread=_spread(arrays, point, keys) if kept else {},
        phase_probability=_probabilities(kb, arrays) if kept else {},
        drivers=_drivers(uncertain, kb, point) if inputs else [],
        inputs=inputs,
        not_propagated=dict(uncertain.not_propagated),
        refused=refused,
    )


def _target_metrics(kb: Any) -> set[str]:
    from decide.phase import phases

    return {metric for phase in phases(kb) for metric in phase.targets}


def _spread(
    arrays: dict[str, Any], point: dict[str, Any], keys: tuple[str, ...]
) -> dict[str, Spread]:
    import numpy as np

    out: dict[str, Spread] = {}
    for key in keys:
        values = arrays.get(key)
        if values is None or not np.isfinite(values).any():
            continue
        p5, p50, p95 = (float(x) for x in np.nanpercentile(values, PERCENTILES))
        here = point.get(key)
        if not isinstance(here, int | float):
            out[key] = Spread(p5, p50, p95)
            continue
        finite = values[np.isfinite(values)]
        tol = 1e-9 * max(abs(here), 1.0)
        below = float((finite < here - tol).mean() + 0.5 * (abs(finite - here) <= tol).mean())
        out[key] = Spread(p5, p50, p95, float(here), 100.0 * below)
    return out


def _probabilities(kb: Any, arrays: dict[str, Any]) -> dict[int, float]:
    from decide.phase import phases_met_arrays

    return {k: float(ok.mean()) for k, ok in phases_met_arrays(kb, arrays).items()}


def _drivers(uncertain: Any, kb: Any, point: dict[str, Any]) -> list[Driver]:
    """One at a time: input k at min (point 2k) and at max (2k + 1), the others at typical."""
    import numpy as np

    from decide.cell.sampling import evaluate_values

    inputs = list(uncertain.inputs)
    n = 2 * len(inputs)
    values: dict[str, Any] = {}
    for k, r in enumerate(inputs):
        column = np.full(n, r.typical)
        column[2 * k], column[2 * k + 1] = r.low, r.high
        values[r.name] = column
    result = evaluate_values(uncertain, kb, values)
    found: list[Driver] = []
    for metric in DRIVER_METRICS:
        found_values = result.values.get(metric)
        here = point.get(metric)
        if found_values is None or not isinstance(here, int | float):
            continue
        for k, r in enumerate(inputs):
            lo, hi = float(found_values[2 * k]), float(found_values[2 * k + 1])
            if lo != lo or hi != hi or abs(hi - lo) <= 1e-9 * max(abs(here), 1.0):
                continue
            found.append(Driver(r.name, r.low, r.high, metric, lo, hi, float(here)))
    return sorted(found, key=lambda d: (-d.relative_swing, d.metric, d.field))


def render_text(u: Uncertainty, tornado: int = 8) -> str:
    """The readable form `decide metrics --uncertainty` appends: percentiles, phase
    probabilities, the tornado of each driver metric, what was sampled and what was not."""
    from decide.vocab.units import text_unit

    lines = [
        "",
        f"uncertainty ({u.samples} samples, seed {u.seed}, {u.kept} kept; {DISTRIBUTION})",
        f"  {'metric':<38}{'p5':>10}{'p50':>10}{'p95':>10}{'point':>10}  unit",
    ]
    for key, s in u.spread.items():
        point = "" if s.point is None else f"{s.point:.4g}"
        lines.append(
            f"  {key:<38}{s.p5:>10.4g}{s.p50:>10.4g}{s.p95:>10.4g}{point:>10}  {text_unit(key)}"
        )
    if u.phase_probability:
        shown = ", ".join(f"phase {k}: {100 * p:.0f} %" for k, p in u.phase_probability.items())
        lines += ["", f"probability of meeting the phase targets (cumulative): {shown}"]
    for metric in DRIVER_METRICS:
        bars = u.drivers_of(metric)[:tornado]
        if not bars:
            continue
        lines += ["", f"drivers of {metric} (each input at its min / max, the others typical)"]
        for d in bars:
            lines.append(
                f"  {d.field:<44}{d.low:>9.4g} -> {d.metric_at_low:<9.4g}"
                f"{d.high:>9.4g} -> {d.metric_at_high:<9.4g}({100 * d.relative_swing:.1f} %)"
            )
    if u.inputs:
        lines += ["", "sampled inputs (min / typical / max)"]
        for r in u.inputs:
            lines.append(
                f"  {r.name:<44}{r.low:>9.4g} {r.typical:>9.4g} {r.high:>9.4g}  [{r.origin}]"
            )
    else:
        lines += ["", "no input of this design is given as a range: the spread is zero"]
    for path, why in u.not_propagated.items():
        lines.append(f"not sampled: {path}: {why}")
    for why, count in u.refused.items():
        lines.append(f"dropped {count} samples: {why}")
    return "\n".join(lines) + "\n"
