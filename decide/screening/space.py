"""Design spaces (CONTRACT section 6): load, validate and expand lazily.

A space is a base design plus `vary` (dotted field -> values). Fields the vectorised cell model
can vary (`VECTOR_FIELDS`) form a numeric grid evaluated as numpy arrays; every other field is
categorical and makes a material combination that is validated once through the scalar design
loader. Candidate index = combination index x grid size + grid point index, so any index range
is reproducible anywhere from the space alone: nothing per candidate is ever materialised.

The file's shape is validated by the pydantic models of `decide.screening.space_file`; this module
checks what needs the design model and the knowledge base (field names, units, metrics).
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
from pydantic import ValidationError

from decide.cell.vector import VECTOR_FIELDS
from decide.design.constraints import field_bounds_mask
from decide.design.loader import read_yaml
from decide.design.model import Design
from decide.errors import DesignError, Problem
from decide.kb.properties import PROPERTIES
from decide.models import model_in
from decide.screening.space_file import FilterSection, Range, SpaceFile
from decide.suggest import did_you_mean
from decide.units import to_number, unit_of
from decide.validation import problems_from
from decide.vocab.design_fields import COLLECTOR_SIDES, OVERRIDE_SECTIONS
from decide.vocab.metrics import NUMERIC_METRICS
from decide.yamlio import LineMap, PathKey

DEFAULT_OBJECTIVES: tuple[tuple[str, str], ...] = (
    ("cell_specific_energy_wh_per_kg", "max"),
    ("cell_energy_density_wh_per_l", "max"),
    ("cell_cost_usd_per_kwh", "min"),
)
# Alternative ways to size one layer: varying one of them drops the others from the base design.
EXCLUSIVE: list[tuple[str, tuple[str, ...]]] = [
    ("cathode", ("areal_capacity_mah_cm2", "loading_mg_cm2", "thickness_um")),
    ("cathode", ("density_g_cm3", "dry_density_g_cm3")),
    ("anode", ("thickness_um", "n_p_ratio")),
    ("anode", ("density_g_cm3", "dry_density_g_cm3")),
    ("liquid_electrolyte", ("fills", "wt_pct", "ml_per_ah")),
]


@dataclass(frozen=True)
class MetricBound:
    """A filter bound on one metric: min and/or max (inclusive)."""

    metric: str
    low: float | None
    high: float | None


# The most candidates a screen takes unless told otherwise (`decide screen --max-candidates N`):
# a file's ranges multiply quickly, and a typo (step 0.001 for 0.1) should not start a day-long
# run. The streamed screen holds ~45 bytes per candidate that passes the filters while ranking,
# so the default keeps a run within a few GB.
DEFAULT_MAX_CANDIDATES = 50_000_000

# CONTRACT section 6: error findings are hard constraints unless the space allows them.
DEFAULT_MAX_SEVERITY = "warning"


@dataclass(frozen=True)
class Filters:
    """Hard constraints: candidates failing any are screened out (counted by reason).

    `max_severity` is never None at run time: a space that does not write it gets
    DEFAULT_MAX_SEVERITY (no error findings); only `max_severity: error` lets errors through.
    """

    max_severity: str = DEFAULT_MAX_SEVERITY  # 'warning': no errors; 'info': no errors/warnings
    min_targets_met: int | None = None
    architectures: tuple[int, ...] | None = None
    metrics: tuple[MetricBound, ...] = ()
    max_severity_given: bool = False  # False: the default above applies


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
    vary_line: int | None = None

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

    def check_size(self, limit: int | None = DEFAULT_MAX_CANDIDATES) -> None:
        """DesignError when the space has more than `limit` candidates (None: no limit).

        The count is the product of the axis sizes in Python integers, taken before anything
        is expanded, so a space of 10^12 candidates is refused at once."""
        n = self.n_candidates
        if limit is None or n <= limit:
            return
        axes = [(f, len(v)) for f, v in self.categorical] + [(f, len(v)) for f, v in self.numeric]
        sizes = " x ".join(f"{k} {f}" for f, k in axes)
        raise DesignError(
            Problem(
                f"the space has {n:,} candidates ({sizes}), more than the limit of {limit:,}; "
                f"vary fewer values, or raise the limit with --max-candidates {n} (memory stays "
                "bounded, but the time grows with the count: a million candidates take seconds, "
                "a billion about half an hour on two cores)",
                self.file,
                self.vary_line,
                "vary",
            )
        )

    def digest(self) -> str:
        """A content hash: worker caches key on it (filters included: they decide `passed`)."""
        doc = {
            "base": self.base_data,
            "cat": self.categorical,
            "num": [(f, v.tolist()) for f, v in self.numeric],
            "obj": self.objectives,
            "filters": repr(self.filters),
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
    try:
        spec = SpaceFile.model_validate(data)
    except ValidationError as exc:
        raise DesignError(problems_from(exc, SpaceFile, data, lines)) from None
    base = _base(spec.base, lines, kb, path)
    problems: list[Problem] = []
    categorical, numeric = _vary(spec.vary, lines, problems)
    drops = _drops(numeric, categorical, lines, problems)
    if problems:
        raise DesignError(problems)
    written = spec.objective_list()
    objectives = [(m, sense) for m, sense, _ in written] or list(DEFAULT_OBJECTIVES)
    space = Space(
        spec.id,
        str(path),
        base,
        categorical,
        numeric,
        objectives,
        _filters(spec.filters),
        spec.name,
        drops,
        lines.line(("vary",)),
    )
    _check_metrics(space, [where for _, _, where in written], lines, kb)
    return space


def _base(value: str | dict[str, Any], lines: LineMap, kb: Any, path: Path) -> dict[str, Any]:
    """The base design as plain data (validated once, so its own errors point at its file);
    numbers it gives as ranges stay ranges, for `screen --uncertainty`."""
    from decide.design import design_from_data, load_design
    from decide.design.edits import design_data

    if isinstance(value, str):
        return design_data(load_design(base_file(value, lines, path), kb), ranged=True)
    sub = LineMap(lines.file, {k[1:]: v for k, v in lines.lines.items() if k[:1] == ("base",)})
    return design_data(design_from_data(dict(value), sub, kb, lines.file), ranged=True)


DESIGN_SUFFIXES = (".yaml", ".yml")


def base_file(value: str, lines: LineMap, path: Path) -> Path:
    """The design file a space's `base:` names: a .yaml/.yml file in the space file's folder or
    below it. A space file may come from anyone; it must not make `decide` read (and quote in
    an error) whatever file the user can read, such as `/etc/shadow` or `../../.ssh/config`."""
    folder = path.parent.resolve()
    try:
        file = (folder / value).resolve()  # symlinks resolved: a link out of the folder is refused
        found = file.is_file()
    except (OSError, ValueError):  # a NUL byte, a name too long for the file system
        raise DesignError(lines.problem(("base",), "expected the path of a design file")) from None
    if Path(value).is_absolute() or not file.is_relative_to(folder):
        raise DesignError(
            lines.problem(
                ("base",),
                "expected a design file in the space file's folder or below it "
                "(a relative path such as designs/cell.yaml)",
            )
        )
    if file.suffix.lower() not in DESIGN_SUFFIXES:
        raise DesignError(lines.problem(("base",), "expected a design file ending .yaml or .yml"))
    if not found:
        raise DesignError(lines.problem(("base",), f"base design file {value!r} not found"))
    return file


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
    vary: dict[str, list[Any] | Range], lines: LineMap, problems: list[Problem]
) -> tuple[list[tuple[str, list[Any]]], list[tuple[str, np.ndarray]]]:
    """Split the varied fields into categorical values and numeric grid axes (in their units)."""
    known = set(design_paths())
    categorical: list[tuple[str, list[Any]]] = []
    numeric: list[tuple[str, np.ndarray]] = []
    for name, spec in vary.items():
        where = ("vary", name)
        if name not in known:
            msg = f"unknown design field {name!r}{did_you_mean(name, sorted(known))}"
            problems.append(lines.problem(where, msg))
            continue
        unit = unit_of(name.rsplit(".", 1)[-1])
        try:
            values = list(spec.values(unit)) if isinstance(spec, Range) else spec
            if name == "production_year":
                values = [_year(v) for v in values]
            if name in VECTOR_FIELDS:
                numbers = [to_number(v, unit) for v in values]
                numeric.append((name, np.asarray(numbers, dtype=float)))
            else:
                categorical.append((name, values))
        except ValueError as exc:
            problems.append(lines.problem(where, str(exc)))
    return categorical, numeric


def _year(value: Any) -> int:
    number = to_number(value, None)
    if number != int(number):
        raise ValueError(f"production_year {value!r} is not a whole year")
    return int(number)


def _drops(
    numeric: list[tuple[str, np.ndarray]],
    categorical: list[tuple[str, list[Any]]],
    lines: LineMap,
    problems: list[Problem],
) -> dict[str, list[str]]:
    """Base fields to remove because a varied field is an alternative to them."""
    varied = [f for f, _ in numeric] + [f for f, _ in categorical]
    drops: dict[str, list[str]] = {}
    for section, group in EXCLUSIVE:
        mine = [f for f in varied if f.startswith(section + ".") and f.split(".", 1)[1] in group]
        if len(mine) > 1:
            problems.append(
                lines.problem(
                    ("vary", mine[1]),
                    f"{mine[0]} and {mine[1]} give the same thing two ways; vary only one of them",
                )
            )
        elif mine:
            chosen = mine[0].split(".", 1)[1]
            drops.setdefault(section, []).extend(g for g in group if g != chosen)
    return drops


def _filters(section: FilterSection | None) -> Filters:
    """The runtime form of the validated `filters` section."""
    if section is None:
        return Filters()
    phase = section.phase
    bounds = tuple(
        MetricBound(metric, bound.min, bound.max)
        for metric, bound in (section.metrics or {}).items()
    )
    return Filters(
        section.max_severity or DEFAULT_MAX_SEVERITY,
        phase.min_targets_met if phase else None,
        phase.architecture if phase else None,
        bounds,
        section.max_severity is not None,
    )


def _check_metrics(space: Space, objective_at: list[PathKey], lines: LineMap, kb: Any) -> None:
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
    # The defaults (no objectives written) have no place in the file and are known metrics.
    for (metric, _), where in zip(space.objectives, objective_at, strict=False):
        if metric not in known:
            msg = f"unknown metric {metric!r}{did_you_mean(metric, sorted(known))}"
            problems.append(lines.problem(where, msg))
    for bound in space.filters.metrics:
        if bound.metric not in known:
            msg = f"unknown metric {bound.metric!r}{did_you_mean(bound.metric, sorted(known))}"
            problems.append(lines.problem(("filters", "metrics", bound.metric), msg))
    if problems:
        raise DesignError(problems)


def metric_only_keys() -> tuple[str, ...]:
    """Per-candidate numbers the screen adds beside the cell model's metrics."""
    return ("targets_met",)
