"""Phase scoring: which roadmap phase a design's anode puts it in, which phase targets it meets,
the gaps, and what single change of one lever would close the gaps to the next phase.

Phases, their anode classes and targets come from the knowledge base (the seed article's roadmap).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from decide.kb.base import KnowledgeBase

# Recompute metrics for a design with some dotted fields changed; None when the edit is invalid.
Recompute = Callable[[dict[str, Any]], dict[str, Any] | None]


@dataclass(frozen=True)
class Gap:
    """One phase target against the design's value."""

    phase: int
    metric: str
    target: float
    actual: float | None
    met: bool
    shortfall: float


@dataclass(frozen=True)
class Lever:
    """The smallest change of one design lever that meets every target of a phase."""

    lever: str
    field: str
    current: Any
    required: Any
    change: str
    feasible: bool
    note: str = ""


@dataclass
class PhaseAssessment:
    """The phase verdict of CONTRACT section 5 plus what it would take to reach the next phase."""

    architecture: int | None
    anode_class: str | None
    targets_met: int
    gaps: list[Gap]
    next_phase: int | None
    levers: list[Lever] = field(default_factory=list)
    statement: str = ""

    def to_json(self) -> dict[str, Any]:
        """CONTRACT keys (architecture, targets_met, gaps) plus the levers."""
        return {
            "architecture": self.architecture,
            "anode_class": self.anode_class,
            "targets_met": self.targets_met,
            "gaps": [asdict(g) for g in self.gaps],
            "next_phase": self.next_phase,
            "what_it_would_take": {
                "statement": self.statement,
                "levers": [asdict(lever) for lever in self.levers],
            },
        }


def phases(kb: KnowledgeBase) -> list[Any]:
    """The roadmap phases in order."""
    return sorted(kb.of_kind("phase"), key=lambda p: p.number)


def architecture_of(kb: KnowledgeBase, anode_class: str | None) -> int | None:
    """The phase whose anode classes include the design's anode class."""
    for phase in phases(kb):
        if anode_class in phase.anode_classes:
            return phase.number
    return None


def phase_gaps(kb: KnowledgeBase, metrics: dict[str, Any]) -> list[Gap]:
    """Every phase target (its lower bound) against the design's value."""
    gaps = []
    for phase in phases(kb):
        for metric, target in phase.targets.items():
            goal = target.min if target.min is not None else target.central
            actual = metrics.get(metric)
            met = isinstance(actual, int | float) and actual >= goal
            short = 0.0 if met or actual is None else goal - actual
            gaps.append(Gap(phase.number, metric, goal, actual, met, short))
    return gaps


def targets_met(gaps: list[Gap]) -> int:
    """Highest phase all of whose targets are met (0 if none)."""
    best = 0
    for number in sorted({g.phase for g in gaps}):
        if all(g.met for g in gaps if g.phase == number):
            best = number
    return best


def _meets(metrics: dict[str, Any] | None, gaps: list[Gap], phase: int) -> bool:
    if metrics is None:
        return False
    for gap in gaps:
        if gap.phase == phase:
            value = metrics.get(gap.metric)
            if not isinstance(value, int | float) or value < gap.target:
                return False
    return True


@dataclass(frozen=True)
class LeverSpec:
    """A design lever: the field it moves, the direction that helps and the limit of realism."""

    name: str
    field: str
    limit: float
    unit: str
    applies: Callable[[dict[str, Any]], bool]
    current: Callable[[dict[str, Any], dict[str, Any]], float | None]
    edits: Callable[[dict[str, Any], float], dict[str, Any]]


def _flat(design: dict[str, Any], path: str) -> Any:
    node: Any = design
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _lever_specs() -> list[LeverSpec]:
    """The levers engineers pull first, with realistic limits (each stated in the report)."""

    def lithium(d: dict[str, Any]) -> bool:
        return _flat(d, "anode.material") == "lithium-metal"

    def composite_anode(d: dict[str, Any]) -> bool:
        return _flat(d, "anode.material") not in ("lithium-metal", "anode-free")

    def cathode_edit(d: dict[str, Any], x: float) -> dict[str, Any]:
        return {
            "cathode.areal_capacity_mah_cm2": x,
            "cathode.thickness_um": None,
            "cathode.loading_mg_cm2": None,
        }

    def active_edit(d: dict[str, Any], x: float) -> dict[str, Any]:
        old = _flat(d, "cathode.active_wt_pct") or 0.0
        edits: dict[str, Any] = {"cathode.active_wt_pct": x}
        catholyte = _flat(d, "cathode.catholyte_wt_pct")
        if catholyte is not None:
            edits["cathode.catholyte_wt_pct"] = max(0.0, catholyte - (x - old))
        return edits

    def packaging_edit(d: dict[str, Any], x: float) -> dict[str, Any]:
        mass = _flat(d, "cell.packaging_mass_pct")
        vol = _flat(d, "cell.packaging_volume_pct")
        scale = x / mass if mass else 1.0
        return {"cell.packaging_mass_pct": x, "cell.packaging_volume_pct": (vol or 0) * scale}

    return [
        LeverSpec(
            "separator thickness",
            "separator.thickness_um",
            5.0,
            "um",
            lambda d: _flat(d, "separator.thickness_um") is not None,
            lambda d, m: _flat(d, "separator.thickness_um"),
            lambda d, x: {"separator.thickness_um": x},
        ),
        LeverSpec(
            "cathode areal capacity",
            "cathode.areal_capacity_mah_cm2",
            10.0,
            "mAh/cm2",
            lambda d: True,
            lambda d, m: m.get("areal_capacity_mah_per_cm2"),
            cathode_edit,
        ),
        LeverSpec(
            "lithium excess (foil thickness)",
            "anode.thickness_um",
            0.0,
            "um",
            lithium,
            lambda d, m: m.get("anode_thickness_um"),
            lambda d, x: {"anode.thickness_um": x, "anode.n_p_ratio": None},
        ),
        LeverSpec(
            "anode excess (N/P ratio)",
            "anode.n_p_ratio",
            1.0,
            "",
            composite_anode,
            lambda d, m: m.get("n_p_ratio"),
            lambda d, x: {"anode.n_p_ratio": x, "anode.thickness_um": None},
        ),
        LeverSpec(
            "cathode active fraction",
            "cathode.active_wt_pct",
            95.0,
            "wt%",
            lambda d: _flat(d, "cathode.active_wt_pct") is not None,
            lambda d, m: _flat(d, "cathode.active_wt_pct"),
            active_edit,
        ),
        LeverSpec(
            "packaging share",
            "cell.packaging_mass_pct",
            3.0,
            "% of cell mass",
            lambda d: _flat(d, "cell.packaging_mass_pct") is not None,
            lambda d, m: _flat(d, "cell.packaging_mass_pct"),
            packaging_edit,
        ),
    ]


def _solve_lever(
    spec: LeverSpec, design: dict[str, Any], start: float, recompute: Recompute, ok: Callable
) -> tuple[float | None, bool, dict[str, Any] | None]:
    """Bisect between the current value and the lever's limit for the smallest sufficient move.

    Returns (required value, feasible, metrics at the lever's limit).
    """
    at_limit = recompute(spec.edits(design, spec.limit))
    if ok(at_limit) is False:
        return None, False, at_limit
    lo, hi = start, spec.limit  # lo fails, hi succeeds
    for _ in range(40):
        mid = (lo + hi) / 2
        if ok(recompute(spec.edits(design, mid))):
            hi = mid
        else:
            lo = mid
        if abs(hi - lo) <= max(1e-3 * abs(hi - start), 1e-4):
            break
    return hi, True, at_limit


def assess_phase(
    kb: KnowledgeBase,
    design_data: dict[str, Any],
    metrics: dict[str, Any],
    recompute: Recompute | None = None,
) -> PhaseAssessment:
    """Phase verdict and, with `recompute`, the single-lever changes that reach the next phase."""
    anode_class = metrics.get("anode_class")
    gaps = phase_gaps(kb, metrics)
    met = targets_met(gaps)
    numbers = [p.number for p in phases(kb)]
    nxt = met + 1 if met + 1 in numbers else None
    result = PhaseAssessment(architecture_of(kb, anode_class), anode_class, met, gaps, nxt)
    if nxt is None:
        result.statement = "The design meets the cell-level targets of every roadmap phase."
        return result
    if recompute is None:
        return result
    missing = [g for g in gaps if g.phase == nxt and not g.met]
    for spec in _lever_specs():
        if not spec.applies(design_data):
            continue
        current = spec.current(design_data, metrics)
        if current is None:
            continue
        if (spec.limit - current) * (1 if spec.limit > current else -1) <= 0:
            continue
        required, feasible, at_limit = _solve_lever(
            spec, design_data, float(current), recompute, lambda m: _meets(m, gaps, nxt)
        )
        unit = f" {spec.unit}" if spec.unit else ""
        if feasible and required is not None:
            change = f"{current:.3g} -> {required:.3g}{unit}"
            result.levers.append(Lever(spec.name, spec.field, current, required, change, True))
        else:
            reached = ", ".join(
                f"{g.metric} {at_limit[g.metric]:.0f} of {g.target:g}"
                for g in gaps
                if g.phase == nxt and at_limit and isinstance(at_limit.get(g.metric), float)
            )
            note = f"not enough even at {spec.limit:g}{unit}" + (
                f" (reaches {reached})" if reached else ""
            )
            result.levers.append(Lever(spec.name, spec.field, current, None, note, False, note))
    names = ", ".join(f"{g.metric} {g.actual or 0:.0f} < {g.target:g}" for g in missing)
    if any(lever.feasible for lever in result.levers):
        result.statement = (
            f"To reach phase {nxt} targets ({names}), any one of these changes suffices."
        )
    else:
        result.statement = (
            f"No single lever closes the gap to phase {nxt} ({names}) within realistic limits; "
            "a combination of changes or another chemistry is needed."
        )
    return result


def targets_met_arrays(kb: KnowledgeBase, arrays: dict[str, Any]) -> Any:
    """`targets_met` for many design points at once (arrays of metrics in, int array out)."""
    import numpy as np

    n = len(next(iter(arrays.values())))
    met = np.zeros(n, dtype=np.int8)
    for phase in phases(kb):
        ok = np.ones(n, dtype=bool)
        for metric, target in phase.targets.items():
            goal = target.min if target.min is not None else target.central
            values = arrays.get(metric)
            ok &= np.asarray(values, float) >= goal if values is not None else False
        met = np.where(ok, phase.number, met)
    return met
