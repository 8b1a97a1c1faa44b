"""Evaluate candidate index ranges: cell metrics, every rule and the filters, as numpy arrays.

A material combination is validated and scored through the scalar path once (design loader,
cell model, material-only facts); its grid points go through `compute_arrays` and the
numpy-compiled rules in one pass. Nothing here depends on how the index range was chosen, so
any split into chunks, processes or Dask tasks gives identical arrays.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from decide.design.constraints import CONSTRAINTS, field_bounds, field_bounds_mask
from decide.errors import DecideError
from decide.screening.space import Space
from decide.vocab.metrics import KEY_METRICS
from decide.vocab.severity import SEVERITIES, more_severe_than

INVALID = "invalid"
COMBINATIONS_KEPT = 4096


@dataclass
class Combination:
    """One material combination: its design (or why it is impossible) and scalar facts."""

    index: int
    design: Any = None
    values: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    architecture: int | None = None
    electrolyte_class: str = ""
    suppressed: frozenset[str] = frozenset()
    notes: dict[str, str] = field(default_factory=dict)


@dataclass
class ChunkResult:
    """Per-candidate arrays of the candidate index range [start, stop)."""

    start: int
    stop: int
    objectives: np.ndarray  # (n, k) float64, NaN where invalid
    metrics: dict[str, np.ndarray]  # float32
    counts: np.ndarray  # (n, 3) int16: error, warning, info
    targets_met: np.ndarray  # int8, -1 where invalid
    reason: np.ndarray  # int16: -1 valid, else index into `reasons`
    reasons: list[str]
    passed: np.ndarray  # bool: valid and through every filter
    screened: Counter  # screened-out reason -> count

    @classmethod
    def concat(cls, parts: list[ChunkResult]) -> ChunkResult:
        """Join consecutive results into one (reason indices renumbered)."""
        if len(parts) == 1:
            return parts[0]
        reasons: list[str] = []
        codes = []
        for part in parts:
            remap = np.array([_slot(reasons, r) for r in part.reasons] + [-1], dtype=np.int16)
            codes.append(remap[part.reason])  # -1 indexes the trailing -1
        screened: Counter = Counter()
        for part in parts:
            screened.update(part.screened)
        return cls(
            parts[0].start,
            parts[-1].stop,
            np.concatenate([p.objectives for p in parts]),
            {k: np.concatenate([p.metrics[k] for p in parts]) for k in parts[0].metrics},
            np.concatenate([p.counts for p in parts]),
            np.concatenate([p.targets_met for p in parts]),
            np.concatenate(codes),
            reasons,
            np.concatenate([p.passed for p in parts]),
            screened,
        )


def _slot(items: list[str], item: str) -> int:
    if item not in items:
        items.append(item)
    return items.index(item)


class Evaluator:
    """Evaluates index ranges of one space; holds the knowledge base, rules and combinations."""

    def __init__(self, space: Space, kb: Any, ruleset: Any, rules: list[Any] | None = None):
        from decide.rules.vector import compile_vector

        self.space = space
        self.kb = kb
        self.compiled = compile_vector(ruleset, kb, rules)
        self.severity = {r.code: r.severity for r in self.compiled.rules}
        # codes the project config suppresses (decide.toml [suppressions]), as check does
        self.external = frozenset(getattr(ruleset, "suppressions", {}))
        self.metric_keys = tuple(dict.fromkeys([*KEY_METRICS, *self._filter_metrics()]))
        self._combos: OrderedDict[int, Combination] = OrderedDict()

    def _filter_metrics(self) -> list[str]:
        return [b.metric for b in self.space.filters.metrics if b.metric != "targets_met"]

    def combination(self, c: int) -> Combination:
        """Validate combination `c` once (cached): an impossible one records its error.

        The cache keeps the COMBINATIONS_KEPT most recently used: candidates come combination
        by combination, so a space of millions of combinations needs only the few at hand."""
        found = self._combos.get(c)
        if found is None:
            found = self._combos[c] = prepare_combination(self.space, c, self.kb)
            found.suppressed |= self.external
            if len(self._combos) > COMBINATIONS_KEPT:
                self._combos.popitem(last=False)
        else:
            self._combos.move_to_end(c)
        return found

    def evaluate(self, start: int, stop: int) -> ChunkResult:
        """Evaluate candidates [start, stop) (may span several combinations)."""
        n_points = self.space.n_points
        parts = []
        index = start
        while index < stop:
            c, p = divmod(index, n_points)
            end = min(stop, (c + 1) * n_points)
            parts.append(self._piece(c, p, p + end - index, index))
            index = end
        return ChunkResult.concat(parts)

    def _piece(self, c: int, p0: int, p1: int, offset: int) -> ChunkResult:
        combo = self.combination(c)
        n = p1 - p0
        if combo.error is not None:
            return self._invalid(offset, n, f"{INVALID}: {combo.error}")
        columns = self.space.point_columns(p0, p1)
        reasons: list[str] = []
        reason = np.full(n, -1, dtype=np.int16)
        for text, bad in point_checks(self.space, combo, columns):
            reason[bad & (reason < 0)] = _slot(reasons, f"{INVALID}: {text}")
        try:
            with np.errstate(all="ignore"):
                arrays, facts = self._arrays(combo, columns, n)
        except (DecideError, ValueError, ZeroDivisionError) as exc:
            return self._invalid(offset, n, f"{INVALID}: {_message(exc)}")
        return self._finish(combo, arrays, facts, reason, reasons, offset, n)

    def _arrays(
        self, combo: Combination, columns: dict[str, np.ndarray], n: int
    ) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        from decide.cell.vector import evaluate_points
        from decide.rules.vector import vector_facts

        points = evaluate_points(columns, self.kb, combo.design)
        arrays = {k: np.broadcast_to(v, (n,)) for k, v in points.values.items()}
        pct = points.low_confidence_pct
        pct = None if pct is None else np.broadcast_to(pct, (n,))
        facts = vector_facts(combo.design, combo.values, columns, arrays, self.kb, pct)
        return arrays, facts

    def _finish(
        self,
        combo: Combination,
        arrays: dict[str, np.ndarray],
        facts: dict[str, Any],
        reason: np.ndarray,
        reasons: list[str],
        offset: int,
        n: int,
    ) -> ChunkResult:
        from decide.rules.vector import evaluate_vector

        met = np.broadcast_to(np.asarray(facts["phase.targets_met"], dtype=np.int8), (n,)).copy()
        objectives = np.empty((n, len(self.space.objectives)), dtype=np.float64)
        missing = []
        for j, (metric, _) in enumerate(self.space.objectives):
            column = met if metric == "targets_met" else arrays.get(metric)
            if column is None or not np.isfinite(column).any():
                # e.g. no cost when a material has no price: the combination is not rankable
                missing.append(f"no {metric}{_why(combo, metric)}")
                objectives[:, j] = np.nan
                continue
            objectives[:, j] = column
            bad = ~np.isfinite(objectives[:, j]) & (reason < 0)
            if bad.any():
                reason[bad] = _slot(reasons, f"{INVALID}: the cell model gives no finite {metric}")
        valid = reason < 0
        with np.errstate(all="ignore"):
            masks, counts = evaluate_vector(self.compiled, facts, n, combo.suppressed)
        table = np.stack([counts[s] for s in SEVERITIES], axis=1).astype(np.int16)
        table[~valid] = 0
        objectives[~valid] = np.nan
        met[~valid] = -1
        metrics = {
            k: np.where(valid, arrays[k], np.nan).astype(np.float32)
            if k in arrays
            else np.full(n, np.nan, dtype=np.float32)
            for k in self.metric_keys
        }
        passed, screened = apply_filters(
            self.space, combo, valid, table, met, arrays, masks, self.severity
        )
        for text in missing:
            screened[text] += int(passed.sum())
            passed[:] = False
        for k, text in enumerate(reasons):
            screened[text] += int((reason == k).sum())
        return ChunkResult(
            offset, offset + n, objectives, metrics, table, met, reason, reasons, passed, screened
        )

    def _invalid(self, offset: int, n: int, text: str) -> ChunkResult:
        k = len(self.space.objectives)
        return ChunkResult(
            offset,
            offset + n,
            np.full((n, k), np.nan),
            {m: np.full(n, np.nan, dtype=np.float32) for m in self.metric_keys},
            np.zeros((n, 3), dtype=np.int16),
            np.full(n, -1, dtype=np.int8),
            np.zeros(n, dtype=np.int16),
            [text],
            np.zeros(n, dtype=bool),
            Counter({text: n}),
        )


def _why(combo: Combination, metric: str) -> str:
    """The cell model's note on why a metric is absent (e.g. an unpriced material)."""
    note = combo.notes.get("cost") if "cost" in metric else None
    return f" ({note})" if note else ""


def _message(exc: Exception) -> str:
    """One line saying why: the field path and message, without the file name."""
    problems = getattr(exc, "problems", None)
    if problems:
        p = problems[0]
        return f"{p.path}: {p.message}" if p.path else p.message
    return str(exc) or type(exc).__name__


def prepare_combination(space: Space, c: int, kb: Any) -> Combination:
    """Validate a combination through the scalar loader and compute its scalar metrics."""
    from decide.cell import compute
    from decide.design import design_from_data
    from decide.phase import architecture_of

    combo = Combination(c)
    try:
        combo.design = design_from_data(space.combination_data(c), None, kb, space.file)
        metrics = compute(combo.design, kb)
        combo.values, combo.notes = metrics.values, dict(metrics.notes)
    except (DecideError, ValueError, ZeroDivisionError) as exc:
        combo.error = _message(exc)
        combo.design = None
        return combo
    combo.architecture = architecture_of(kb, str(combo.values.get("anode_class", "")))
    combo.electrolyte_class = str(combo.values.get("electrolyte_class", ""))
    combo.suppressed = frozenset(s.code for s in combo.design.suppressions)
    return combo


def point_checks(
    space: Space, combo: Combination, columns: dict[str, np.ndarray]
) -> list[tuple[str, np.ndarray]]:
    """(reason, mask of invalid points) for numeric values the design loader would refuse:
    each varied field's bounds, then the design's cross-field constraints over the grid."""
    checks = []
    for name, column in columns.items():
        bad = ~field_bounds_mask(name, column)
        if bad.any():
            low, high, strict = field_bounds(name)
            checks.append((f"{name} outside {'(' if strict else '['}{low:g}, {high:g}]", bad))
    for constraint in CONSTRAINTS:
        paths = [f"{constraint.section}.{f}" for f in constraint.fields]
        if not any(p in columns for p in paths):
            continue
        block = getattr(combo.design, constraint.section)
        values = {
            f: columns.get(p, getattr(block, f, None))
            for f, p in zip(constraint.fields, paths, strict=True)
        }
        bad = np.broadcast_to(np.asarray(constraint.violated(values), dtype=bool), (n_of(columns),))
        if bad.any():
            checks.append((f"{constraint.section}.{constraint.message}", bad))
    return checks


def n_of(columns: dict[str, np.ndarray]) -> int:
    """The number of grid points in a set of columns."""
    return len(next(iter(columns.values())))


def apply_filters(
    space: Space,
    combo: Combination,
    valid: np.ndarray,
    counts: np.ndarray,
    met: np.ndarray,
    arrays: dict[str, np.ndarray],
    masks: dict[str, np.ndarray],
    severity: dict[str, str],
) -> tuple[np.ndarray, Counter]:
    """(passed mask, screened-out reason counts over valid candidates) for the space's filters."""
    f = space.filters
    passed = valid.copy()
    screened: Counter = Counter()

    def fail(text: str, mask: np.ndarray) -> None:
        hit = valid & mask
        if hit.any():
            screened[text] += int(hit.sum())
            passed[hit] = False

    banned = more_severe_than(f.max_severity)
    for code, mask in sorted(masks.items()):
        if severity.get(code) in banned and code not in combo.suppressed:
            fail(f"rule {code} ({severity[code]})", mask)
    if f.min_targets_met is not None:
        fail(f"phase targets met < {f.min_targets_met}", met < f.min_targets_met)
    if f.architectures is not None and combo.architecture not in f.architectures:
        shown = ", ".join(str(a) for a in f.architectures)
        fail(f"phase architecture not in {shown}", np.ones_like(valid))
    for bound in f.metrics:
        column = met if bound.metric == "targets_met" else arrays.get(bound.metric)
        if column is None:
            fail(f"no {bound.metric}", np.ones_like(valid))
            continue
        with np.errstate(invalid="ignore"):
            if bound.low is not None:
                fail(f"{bound.metric} < {bound.low:g}", ~(column >= bound.low))
            if bound.high is not None:
                fail(f"{bound.metric} > {bound.high:g}", ~(column <= bound.high))
    return passed, screened
