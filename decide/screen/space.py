"""Design spaces (CONTRACT section 6): load, validate and expand lazily.

A space is a base design plus `vary` (dotted field -> values). Fields the vectorised cell model
can vary (`VECTOR_FIELDS`) form a numeric grid evaluated as numpy arrays; every other field is
categorical and makes a material combination that is validated once through the scalar design
loader. Candidate index = combination index x grid size + grid point index, so any index range
is reproducible anywhere from the space alone: nothing per candidate is ever materialised.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from decide.cell.vector import VECTOR_FIELDS
from decide.design.constraints import field_bounds_mask
from decide.design.loader import read_yaml
from decide.design.model import Design
from decide.design.units import to_number, unit_of
from decide.errors import DesignError, Problem
from decide.kb.properties import PROPERTIES
from decide.models import model_in
from decide.suggest import did_you_mean
from decide.vocab.design_fields import COLLECTOR_SIDES, OVERRIDE_SECTIONS
from decide.vocab.metrics import NUMERIC_METRICS
from decide.vocab.severity import SEVERITIES
from decide.yamlio import LineMap

DEFAULT_OBJECTIVES: tuple[tuple[str, str], ...] = (
    ("cell_specific_energy_wh_per_kg", "max"),
    ("cell_energy_density_wh_per_l", "max"),
    ("cell_cost_usd_per_kwh", "min"),
)
SENSES = {"max": "max", "maximize": "max", "min": "min", "minimize": "min"}
MAX_VALUES_PER_FIELD = 1_000_000
# Alternative ways to size one layer: varying one of them drops the others from the base design.
EXCLUSIVE: dict[str, tuple[str, ...]] = {
    "cathode": ("areal_capacity_mah_cm2", "loading_mg_cm2", "thickness_um"),
    "anode": ("thickness_um", "n_p_ratio"),
    "liquid_electrolyte": ("fills", "wt_pct"),
}
_TOP_KEYS = {"id", "name", "base", "vary", "objectives", "filters"}


@dataclass(frozen=True)
class MetricBound:
    """A filter bound on one metric: min and/or max (inclusive)."""

    metric: str
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Filters:
    """Hard constraints: candidates failing any are screened out (counted by reason)."""

    max_severity: str | None = None  # 'warning': no errors allowed; 'info': no errors/warnings
    min_targets_met: int | None = None
    architectures: tuple[int, ...] | None = None
    metrics: tuple[MetricBound, ...] = ()


@dataclass
class Space:
    """A validated design space; cheap to pickle (it ships to worker processes)."""

    id: str
    file: str
    base_data: dict[str, Any]
    categorical: list[tuple[str, list[Any]]]
    numeric: list[tuple[str, np.ndarray]]
    objectives: list[tuple[str, str]]
    filters: Filters
    name: str | None = None
    drops: dict[str, list[str]] = field(default_factory=dict)

    @property
    def grid_shape(self) -> tuple[int, ...]:
        return tuple(len(v) for _, v in self.numeric)

    @property
    def n_points(self) -> int:
        return math.prod(self.grid_shape)

    @property
    def n_combinations(self) -> int:
        return math.prod(len(v) for _, v in self.categorical)

    @property
    def n_candidates(self) -> int:
        return self.n_combinations * self.n_points

    @property
    def varied(self) -> list[str]:
        """Varied fields in file order (categorical first, then numeric)."""
        return [f for f, _ in self.categorical] + [f for f, _ in self.numeric]

    def digest(self) -> str:
        """A content hash: worker caches key on it."""
        doc = {
            "base": self.base_data,
            "cat": self.categorical,
            "num": [(f, v.tolist()) for f, v in self.numeric],
            "obj": self.objectives,
        }
        return hashlib.sha256(json.dumps(doc, sort_keys=True, default=str).encode()).hexdigest()

    def combination(self, c: int) -> tuple[Any, ...]:
        """The categorical values of combination `c` (itertools.product order)."""
        shape = [len(v) for _, v in self.categorical]
        idx = np.unravel_index(c, shape) if shape else ()
        return tuple(vals[int(i)] for (_, vals), i in zip(self.categorical, idx, strict=True))

    def combinations(self) -> itertools.product:
        """All material combinations, lazily."""
        return itertools.product(*(v for _, v in self.categorical))

    def combination_data(self, c: int) -> dict[str, Any]:
        """Design data of combination `c`: base + categorical edits + a representative grid point.

        The representative takes each numeric field's first in-bounds value, so a combination is
        judged on its materials, not on one odd grid point (points are masked one by one later).
        """
        from decide.design.edits import with_edits

        edits: dict[str, Any] = {}
        for path, drops in self.drops.items():
            for d in drops:
                edits[f"{path}.{d}"] = None
        for (path, _), value in zip(self.categorical, self.combination(c), strict=True):
            edits[path] = value
        data = with_edits(self.base_data, edits)
        rep: dict[str, Any] = {}
        for path, values in self.numeric:
            ok = field_bounds_mask(path, values)
            rep[path] = float(values[int(np.argmax(ok))]) if ok.any() else float(values[0])
        return with_edits(data, rep)

    def point_columns(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """Numeric field arrays of grid points [start, stop), generated from the index."""
        if not self.numeric:
            return {}
        idx = np.unravel_index(np.arange(start, stop, dtype=np.int64), self.grid_shape)
        return {path: values[i] for (path, values), i in zip(self.numeric, idx, strict=True)}

    def candidate_edits(self, index: int) -> dict[str, Any]:
        """Every varied field's value for candidate `index` (for the scalar path)."""
        c, p = divmod(index, self.n_points)
        edits = dict(zip((f for f, _ in self.categorical), self.combination(c), strict=True))
        for path, column in self.point_columns(p, p + 1).items():
            edits[path] = float(column[0])
        return edits

    def candidate_data(self, index: int) -> dict[str, Any]:
        """Full design data of candidate `index` (its id is `<space id>-<index>`)."""
        from decide.design.edits import with_edits

        c, _ = divmod(index, self.n_points)
        data = with_edits(self.combination_data(c), self.candidate_edits(index))
        data["id"] = candidate_id(self.id, index)
        return data


def candidate_id(space_id: str, index: int) -> str:
    return f"{space_id}-{index}"


def load_space(path: str | Path, kb: Any) -> Space:
    """Read and validate a design-space file; DesignError names file, line and field path."""
    data, lines = read_yaml(path)
    return space_from_data(data, lines, kb, Path(path))


def space_from_data(data: Any, lines: LineMap, kb: Any, path: Path) -> Space:
    """Validate parsed space data (see load_space)."""
    if not isinstance(data, dict):
        raise DesignError(lines.problem((), "expected a mapping with id, base and vary"))
    problems: list[Problem] = []
    for key in data:
        if key not in _TOP_KEYS:
            msg = f"unknown field {key!r}{did_you_mean(key, _TOP_KEYS)}"
            problems.append(lines.problem((key,), msg))
    for key in ("id", "base", "vary"):
        if key not in data:
            problems.append(lines.problem((key,), "required field is missing"))
    if problems:
        raise DesignError(problems)
    space_id = data["id"]
    if not isinstance(space_id, str) or not _is_id(space_id):
        raise DesignError(lines.problem(("id",), "expected an id of [a-z0-9-], e.g. si-sweep"))
    base = _base(data["base"], lines, kb, path)
    categorical, numeric = _vary(data["vary"], lines, problems)
    drops = _drops(numeric, categorical, lines, problems)
    objectives = _objectives(data.get("objectives"), lines, problems)
    filters = _filters(data.get("filters"), lines, problems)
    if problems:
        raise DesignError(problems)
    space = Space(
        space_id,
        str(path),
        base,
        categorical,
        numeric,
        objectives,
        filters,
        data.get("name"),
        drops,
    )
    _check_metrics(space, lines, kb)
    return space


def _is_id(text: str) -> bool:
    import re

    return bool(re.fullmatch(r"[a-z0-9][a-z0-9-]*", text)) and len(text) <= 60


def _base(value: Any, lines: LineMap, kb: Any, path: Path) -> dict[str, Any]:
    """The base design as plain data (validated once, so its own errors point at its file)."""
    from decide.design import design_from_data, load_design
    from decide.design.edits import design_data

    if isinstance(value, str):
        file = (path.parent / value).resolve()
        if not file.is_file():
            raise DesignError(lines.problem(("base",), f"base design file {value!r} not found"))
        return design_data(load_design(file, kb))
    if isinstance(value, dict):
        sub = LineMap(lines.file, {k[1:]: v for k, v in lines.lines.items() if k[:1] == ("base",)})
        return design_data(design_from_data(dict(value), sub, kb, lines.file))
    raise DesignError(lines.problem(("base",), "expected a design mapping or a relative path"))


def design_paths() -> list[str]:
    """Every dotted design field a space may vary (fields, sections, property overrides)."""
    out: list[str] = []

    def walk(model: Any, prefix: str) -> None:
        for name, info in model.model_fields.items():
            if name in ("overrides", "source_file", "id", "suppressions"):
                continue
            dotted = f"{prefix}{name}"
            out.append(dotted)
            sub = model_in(info.annotation)
            if sub is not None:
                walk(sub, dotted + ".")

    walk(Design, "")
    for section in OVERRIDE_SECTIONS:
        if section == "current_collectors":
            out += [f"{section}.{side}_{p}" for side in COLLECTOR_SIDES for p in PROPERTIES]
        else:
            out += [f"{section}.{p}" for p in PROPERTIES]
    return out


def _vary(
    vary: Any, lines: LineMap, problems: list[Problem]
) -> tuple[list[tuple[str, list[Any]]], list[tuple[str, np.ndarray]]]:
    if not isinstance(vary, dict) or not vary:
        problems.append(lines.problem(("vary",), "expected a mapping: dotted field -> values"))
        return [], []
    known = set(design_paths())
    categorical: list[tuple[str, list[Any]]] = []
    numeric: list[tuple[str, np.ndarray]] = []
    for name, spec in vary.items():
        where = ("vary", name)
        if name not in known:
            msg = f"unknown design field {name!r}{did_you_mean(name, sorted(known))}"
            problems.append(lines.problem(where, msg))
            continue
        try:
            values = _values(name, spec)
        except ValueError as exc:
            problems.append(lines.problem(where, str(exc)))
            continue
        if name in VECTOR_FIELDS:
            unit = unit_of(name.rsplit(".", 1)[-1])
            try:
                if name == "production_year":
                    values = [_year(v) for v in values]
                numbers = [to_number(v, unit) for v in values]
            except ValueError as exc:
                problems.append(lines.problem(where, str(exc)))
                continue
            numeric.append((name, np.asarray(numbers, dtype=float)))
        else:
            if name == "production_year":
                try:
                    values = [_year(v) for v in values]
                except ValueError as exc:
                    problems.append(lines.problem(where, str(exc)))
                    continue
            categorical.append((name, values))
    return categorical, numeric


def _year(value: Any) -> int:
    number = to_number(value, None)
    if number != int(number):
        raise ValueError(f"production_year {value!r} is not a whole year")
    return int(number)


def _values(name: str, spec: Any) -> list[Any]:
    """A list of values, or a `{from, to, step}` / `{from, to, num}` range."""
    if isinstance(spec, list):
        if not spec:
            raise ValueError("expected at least one value")
        if len(spec) > MAX_VALUES_PER_FIELD:
            raise ValueError(f"more than {MAX_VALUES_PER_FIELD} values")
        return spec
    if isinstance(spec, dict) and ("from" in spec or "to" in spec):
        return list(_range(name, spec))
    if isinstance(spec, dict | str | int | float) or spec is None:
        return [spec]
    raise ValueError("expected a list of values or {from, to, step} / {from, to, num}")


def _range(name: str, spec: dict[str, Any]) -> np.ndarray:
    extra = set(spec) - {"from", "to", "step", "num"}
    if extra:
        raise ValueError(f"unknown range key {sorted(extra)[0]!r}: use from, to, step or num")
    if "from" not in spec or "to" not in spec or ("step" in spec) == ("num" in spec):
        raise ValueError("a range needs from, to and exactly one of step or num")
    unit = unit_of(name.rsplit(".", 1)[-1])
    lo, hi = to_number(spec["from"], unit), to_number(spec["to"], unit)
    if "num" in spec:
        num = spec["num"]
        if isinstance(num, bool) or not isinstance(num, int) or num < 1:
            raise ValueError(f"num must be a whole number >= 1, got {num!r}")
        if num > MAX_VALUES_PER_FIELD:
            raise ValueError(f"num {num} is more than {MAX_VALUES_PER_FIELD} values")
        return np.linspace(lo, hi, num)
    step = to_number(spec["step"], unit)
    if step <= 0:
        raise ValueError(f"step must be positive, got {spec['step']!r}")
    if hi < lo:
        raise ValueError(f"empty range: from {lo:g} is above to {hi:g}")
    count = math.floor((hi - lo) / step + 1e-9) + 1
    if count > MAX_VALUES_PER_FIELD:
        raise ValueError(f"the range has {count} values, more than {MAX_VALUES_PER_FIELD}")
    return np.round(lo + step * np.arange(count), 12)


def _drops(
    numeric: list[tuple[str, np.ndarray]],
    categorical: list[tuple[str, list[Any]]],
    lines: LineMap,
    problems: list[Problem],
) -> dict[str, list[str]]:
    """Base fields to remove because a varied field is an alternative to them."""
    varied = [f for f, _ in numeric] + [f for f, _ in categorical]
    drops: dict[str, list[str]] = {}
    for section, group in EXCLUSIVE.items():
        mine = [f for f in varied if f.startswith(section + ".") and f.split(".", 1)[1] in group]
        if len(mine) > 1:
            problems.append(
                lines.problem(
                    ("vary", mine[1]),
                    f"{mine[0]} and {mine[1]} size the same thing; vary only one of them",
                )
            )
        elif mine:
            chosen = mine[0].split(".", 1)[1]
            drops[section] = [g for g in group if g != chosen]
    return drops


def _objectives(value: Any, lines: LineMap, problems: list[Problem]) -> list[tuple[str, str]]:
    """`{metric: maximize|minimize}` (default: specific energy, energy density up; cost down)."""
    if value is None:
        return list(DEFAULT_OBJECTIVES)
    if not isinstance(value, dict) or not value:
        problems.append(
            lines.problem(("objectives",), "expected a mapping: metric -> maximize | minimize")
        )
        return []
    out = []
    for metric, sense in value.items():
        if str(sense).lower() not in SENSES:
            problems.append(
                lines.problem(
                    ("objectives", metric), f"expected maximize or minimize, got {sense!r}"
                )
            )
            continue
        out.append((str(metric), SENSES[str(sense).lower()]))
    return out


def _filters(value: Any, lines: LineMap, problems: list[Problem]) -> Filters:
    """`max_severity`, `phase: {min_targets_met, architecture}`, `metrics: {key: {min, max}}`."""
    if value is None:
        return Filters()
    where = ("filters",)
    if not isinstance(value, dict):
        problems.append(lines.problem(where, "expected a mapping"))
        return Filters()
    known = {"max_severity", "phase", "metrics"}
    for key in value:
        if key not in known:
            msg = f"unknown filter {key!r}{did_you_mean(key, known)}"
            problems.append(lines.problem((*where, key), msg))
    severity = value.get("max_severity")
    if severity is not None and severity not in SEVERITIES:
        problems.append(lines.problem((*where, "max_severity"), "expected error, warning or info"))
    phase = value.get("phase") or {}
    min_met, archs = None, None
    if not isinstance(phase, dict):
        problems.append(lines.problem((*where, "phase"), "expected a mapping"))
        phase = {}
    for key, item in phase.items():
        at = (*where, "phase", key)
        if key == "min_targets_met" and isinstance(item, int) and 0 <= item <= 3:
            min_met = item
        elif key == "architecture":
            items = item if isinstance(item, list) else [item]
            if all(isinstance(i, int) and i in (1, 2, 3) for i in items):
                archs = tuple(items)
            else:
                problems.append(lines.problem(at, "expected phase numbers 1, 2 or 3"))
        elif key == "min_targets_met":
            problems.append(lines.problem(at, "expected a whole number 0-3"))
        else:
            msg = f"unknown phase filter {key!r}"
            problems.append(lines.problem(at, msg + did_you_mean(key, ["min_targets_met"])))
    bounds = []
    metrics = value.get("metrics") or {}
    if not isinstance(metrics, dict):
        problems.append(lines.problem((*where, "metrics"), "expected metric -> {min, max}"))
        metrics = {}
    for metric, spec in metrics.items():
        at = (*where, "metrics", metric)
        if not isinstance(spec, dict) or not spec or set(spec) - {"min", "max"}:
            problems.append(lines.problem(at, "expected {min: X} and/or {max: Y}"))
            continue
        try:
            low = None if spec.get("min") is None else to_number(spec["min"], None)
            high = None if spec.get("max") is None else to_number(spec["max"], None)
        except ValueError as exc:
            problems.append(lines.problem(at, str(exc)))
            continue
        bounds.append(MetricBound(str(metric), low, high))
    return Filters(severity, min_met, archs, tuple(bounds))


def _check_metrics(space: Space, lines: LineMap, kb: Any) -> None:
    """Objective and filter metrics must be numeric metrics of the vectorised cell model."""
    from decide.cell.vector import compute_arrays
    from decide.design import design_from_data

    try:
        base = design_from_data(space.base_data, None, kb, space.file)
        known = set(compute_arrays({}, kb, base)) | set(NUMERIC_METRICS) | set(metric_only_keys())
        known -= {"anode_class", "electrolyte_class"}
    except (DesignError, ValueError, ZeroDivisionError):
        return
    problems = []
    for metric, _ in space.objectives:
        if metric not in known:
            msg = f"unknown metric {metric!r}{did_you_mean(metric, sorted(known))}"
            problems.append(lines.problem(("objectives", metric), msg))
    for bound in space.filters.metrics:
        if bound.metric not in known:
            msg = f"unknown metric {bound.metric!r}{did_you_mean(bound.metric, sorted(known))}"
            problems.append(lines.problem(("filters", "metrics", bound.metric), msg))
    if problems:
        raise DesignError(problems)


def metric_only_keys() -> tuple[str, ...]:
    """Per-candidate numbers the screen adds beside the cell model's metrics."""
    return ("targets_met",)
