"""What it would take: the design changes that reach the next phase's targets, within realistic
limits from the knowledge base, each re-checked by the rules.

A lever moves one design field in the direction that helps. How far it may go is a
`lever-limit` entry of the knowledge base (knowledge/limits/): the thinnest layer or the highest
loading that has been demonstrated, with its sources. No fitting entry, no proposal: the lever
is listed as "no sourced limit". A limit may bound the lever's own field (separator thickness) or
a metric the move changes (the catholyte's volume share when the active share rises); the latter
is turned into a field value by bisection on the recomputed design.

Each proposed change is recomputed by the cell model and checked by the rules through the
`recompute` callback the assessment layer passes (this layer sits below the rules). A change that
brings an error finding the design did not have is not feasible, and names the codes.

When no single lever suffices, the smallest combination of two or three is searched: fewest
levers first, then the smallest common share of each lever's headroom (current value to limit)
that reaches every target of the next phase. Moving every lever of a combination by the same
share of its headroom keeps the search one-dimensional, monotone and explainable.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import asdict, dataclass
from dataclasses import field as dc_field
from typing import Any, Protocol

from decide.kb.base import KnowledgeBase
from decide.phase.limits import check_limits, design_context, field_at, limit_for
from decide.phase.targets import Gap, meets
from decide.vocab.classes import METAL_ANODES
from decide.vocab.design_fields import quantity_label, quantity_text

MAX_COMBINATION = 3
_STEPS = 30  # bisection steps (the interval shrinks 2^30-fold: far below any design tolerance)


@dataclass(frozen=True)
class Edited:
    """A design with some fields changed: its metrics, and the codes of its error findings
    (empty unless the rules were asked for)."""

    metrics: dict[str, Any]
    errors: frozenset[str] = frozenset()


class Recompute(Protocol):
    """Dotted edits -> the edited design's metrics (and, with `rules`, its error codes);
    None when the edited design is invalid."""

    def __call__(self, edits: dict[str, Any], rules: bool = False) -> Edited | None: ...


@dataclass(frozen=True)
class LeverSpec:
    """A design lever: the field it moves, which way helps, and how to edit design data."""

    name: str
    field: str
    unit: str
    direction: int  # +1: raising the field helps; -1: lowering it helps
    applies: Callable[[dict[str, Any], dict[str, Any]], bool]
    current: Callable[[dict[str, Any], dict[str, Any]], float | None]
    edits: Callable[[dict[str, Any], float], dict[str, Any]]
    reach: Callable[[dict[str, Any], dict[str, Any]], float]  # the farthest physical value


@dataclass(frozen=True)
class Lever:
    """One lever's verdict: the smallest sufficient change, or why there is none."""

    lever: str
    field: str
    current: Any
    required: Any
    change: str
    feasible: bool
    note: str = ""
    unit: str = ""
    limit: float | None = None  # how far the field may go (in the field's unit)
    limit_quantity: str | None = None  # what the sourced limit bounds (the field or a metric)
    limit_value: float | None = None  # the sourced value, in limit_quantity's unit
    limit_id: str | None = None  # the knowledge base's lever-limit entry
    limit_source: list[str] = dc_field(default_factory=list)  # its source ids
    limit_note: str = ""
    new_errors: list[str] = dc_field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Every field (CONTRACT section 7: limit, limit_source, new_errors, feasible)."""
        return asdict(self)


@dataclass(frozen=True)
class Change:
    """One field of a combination: from its current value to the proposed one."""

    field: str
    current: float
    proposed: float

    def to_json(self) -> dict[str, Any]:
        """{field, from, to}."""
        return {"field": self.field, "from": self.current, "to": self.proposed}


@dataclass(frozen=True)
class Combination:
    """Several levers moved together: the changes and the next phase's metrics they reach."""

    levers: list[str]
    changes: list[Change]
    reaches: dict[str, float]
    share: float  # the common share of each lever's headroom used

    def to_json(self) -> dict[str, Any]:
        """CONTRACT section 7: {changes: [{field, from, to}], reaches: {metric: value}}."""
        return {
            "changes": [c.to_json() for c in self.changes],
            "reaches": self.reaches,
            "levers": self.levers,
            "share_of_headroom": round(self.share, 4),
        }


@dataclass
class WhatItWouldTake:
    """Single levers, the smallest combination (or why there is none) and a sentence."""

    levers: list[Lever] = dc_field(default_factory=list)
    combination: Combination | None = None
    combination_reason: str = ""


def _lithium(d: dict[str, Any], m: dict[str, Any]) -> bool:
    return m.get("anode_class") == "lithium-metal"


def _composite(d: dict[str, Any], m: dict[str, Any]) -> bool:
    return m.get("anode_class") not in (*METAL_ANODES, None)


def _cathode_edit(d: dict[str, Any], x: float) -> dict[str, Any]:
    return {
        "cathode.areal_capacity_mah_cm2": x,
        "cathode.thickness_um": None,
        "cathode.loading_mg_cm2": None,
    }


def _active_edit(d: dict[str, Any], x: float) -> dict[str, Any]:
    """More active material, taken from the catholyte (the additive keeps its share)."""
    old = field_at(d, "cathode.active_wt_pct") or 0.0
    edits: dict[str, Any] = {"cathode.active_wt_pct": x}
    catholyte = field_at(d, "cathode.catholyte_wt_pct")
    if catholyte is not None:
        edits["cathode.catholyte_wt_pct"] = max(0.0, catholyte - (x - old))
    return edits


def _active_reach(d: dict[str, Any], m: dict[str, Any]) -> float:
    old = field_at(d, "cathode.active_wt_pct") or 0.0
    return min(100.0, old + (field_at(d, "cathode.catholyte_wt_pct") or 0.0))


LEVERS: tuple[LeverSpec, ...] = (
    LeverSpec(
        "separator thickness",
        "separator.thickness_um",
        "um",
        -1,
        lambda d, m: "separator_thickness_um" in m,
        lambda d, m: m.get("separator_thickness_um"),
        lambda d, x: {"separator.thickness_um": x},
        lambda d, m: 1.0,
    ),
    LeverSpec(
        "cathode areal capacity",
        "cathode.areal_capacity_mah_cm2",
        "mAh/cm2",
        +1,
        lambda d, m: "areal_capacity_mah_per_cm2" in m,
        lambda d, m: m.get("areal_capacity_mah_per_cm2"),
        _cathode_edit,
        lambda d, m: 30.0,
    ),
    LeverSpec(
        "lithium excess (foil thickness)",
        "anode.thickness_um",
        "um",
        -1,
        _lithium,
        lambda d, m: m.get("anode_thickness_um"),
        lambda d, x: {"anode.thickness_um": x, "anode.n_p_ratio": None},
        lambda d, m: 0.0,
    ),
    LeverSpec(
        "anode excess (N/P ratio)",
        "anode.n_p_ratio",
        "",
        -1,
        _composite,
        lambda d, m: m.get("n_p_ratio"),
        lambda d, x: {"anode.n_p_ratio": x, "anode.thickness_um": None},
        lambda d, m: 0.5,
    ),
    LeverSpec(
        "cathode active fraction",
        "cathode.active_wt_pct",
        "wt%",
        +1,
        lambda d, m: field_at(d, "cathode.active_wt_pct") is not None,
        lambda d, m: field_at(d, "cathode.active_wt_pct"),
        _active_edit,
        _active_reach,
    ),
)
LEVER_FIELDS = frozenset(spec.field for spec in LEVERS)


@dataclass(frozen=True)
class _Headroom:
    """A lever with a sourced limit: where it is, how far it may go, and the entry saying so."""

    spec: LeverSpec
    current: float
    limit: float
    entry: Any


def what_it_would_take(
    kb: KnowledgeBase,
    data: dict[str, Any],
    metrics: dict[str, Any],
    gaps: list[Gap],
    target_phase: int,
    recompute: Recompute,
    base_errors: frozenset[str] = frozenset(),
) -> WhatItWouldTake:
    """Every lever's verdict for reaching `target_phase`, and the smallest combination."""
    check_limits(kb, LEVER_FIELDS)
    context = design_context(data, metrics)
    out = WhatItWouldTake()
    room: list[_Headroom] = []

    def ok(edited: Edited | None) -> bool:
        return edited is not None and meets(edited.metrics, gaps, target_phase)

    for spec in LEVERS:
        if not spec.applies(data, metrics):
            continue
        current = spec.current(data, metrics)
        if current is None:
            continue
        entry = limit_for(kb, spec.field, context)
        if entry is None:
            note = "no sourced limit in the knowledge base for this design: not proposed"
            out.levers.append(_lever(spec, current, None, note, None, None))
            continue
        limit = _limit_in_field(spec, entry, data, metrics, float(current), recompute)
        if limit is None:
            note = f"the limit bounds {entry.quantity}, which this design does not have"
            out.levers.append(_lever(spec, current, None, note, entry, None))
            continue
        if (limit - current) * spec.direction <= 1e-9 * max(abs(current), 1.0):
            note = f"already at or beyond the sourced limit ({_limit_text(entry)})"
            out.levers.append(_lever(spec, current, None, note, entry, limit))
            continue
        room.append(_Headroom(spec, float(current), limit, entry))
        at_limit = recompute(spec.edits(data, limit))
        if not ok(at_limit):
            note = f"not enough even at the limit ({_limit_text(entry)})" + _reached(
                at_limit, gaps, target_phase
            )
            out.levers.append(_lever(spec, current, None, note, entry, limit))
            continue
        required = _bisect(_moved(spec, data, float(current), limit, recompute, ok))
        value = current + required * (limit - current)
        checked = recompute(spec.edits(data, value), rules=True)
        new = sorted(checked.errors - base_errors) if checked is not None else []
        unit = f" {spec.unit}" if spec.unit else ""
        if new:
            note = f"introduces error finding {', '.join(new)}"
            out.levers.append(_lever(spec, current, value, note, entry, limit, new))
            continue
        change = f"{current:.3g} -> {value:.3g}{unit}"
        out.levers.append(_lever(spec, current, value, change, entry, limit, feasible=True))
    if any(lever.feasible for lever in out.levers):
        out.combination_reason = "a single lever suffices (see the levers)"
        return out
    out.combination, out.combination_reason = _combination(
        data, room, gaps, target_phase, recompute, base_errors, ok
    )
    return out


def _lever(
    spec: LeverSpec,
    current: Any,
    required: float | None,
    note: str,
    entry: Any,
    limit: float | None,
    new_errors: list[str] | None = None,
    feasible: bool = False,
) -> Lever:
    return Lever(
        lever=spec.name,
        field=spec.field,
        current=current,
        required=required,
        change=note,
        feasible=feasible,
        note="" if feasible else note,
        unit=spec.unit,
        limit=limit,
        limit_quantity=entry.quantity if entry is not None else None,
        limit_value=entry.limit.central if entry is not None else None,
        limit_id=entry.id if entry is not None else None,
        limit_source=sorted(entry.limit.source) if entry is not None else [],
        limit_note=_limit_text(entry) if entry is not None else "",
        new_errors=list(new_errors or []),
    )


def _limit_text(entry: Any) -> str:
    """'30 um separator.thickness_um, lee-2020' style: the value, what it bounds, the sources."""
    side = "at least" if entry.bound == "min" else "at most"
    text = quantity_text(entry.quantity, entry.limit.central)
    label = quantity_label(entry.quantity)
    return (
        f"{label[:1].lower()}{label[1:]} {side}{text[len(label) :]}: "
        f"{entry.name} [{', '.join(sorted(entry.limit.source))}]"
    )


def _reached(edited: Edited | None, gaps: list[Gap], phase: int) -> str:
    if edited is None:
        return ""
    parts = [
        f"{quantity_text(g.metric, edited.metrics[g.metric])} of {g.target:g}"
        for g in gaps
        if g.phase == phase and isinstance(edited.metrics.get(g.metric), int | float)
    ]
    return f"; reaches {', '.join(parts)}" if parts else ""


def _moved(
    spec: LeverSpec,
    data: dict[str, Any],
    current: float,
    limit: float,
    recompute: Recompute,
    ok: Callable[[Edited | None], bool],
) -> Callable[[float], bool]:
    """Whether moving the lever by a share of its headroom reaches the targets."""

    def good(share: float) -> bool:
        return ok(recompute(spec.edits(data, current + share * (limit - current))))

    return good


def _bisect(good: Callable[[float], bool]) -> float:
    """The smallest share t in (0, 1] with good(t), given good(1) and not good(0)."""
    lo, hi = 0.0, 1.0
    for _ in range(_STEPS):
        mid = (lo + hi) / 2
        if good(mid):
            hi = mid
        else:
            lo = mid
        if hi - lo <= 1e-4:
            break
    return hi


def _limit_in_field(
    spec: LeverSpec,
    entry: Any,
    data: dict[str, Any],
    metrics: dict[str, Any],
    current: float,
    recompute: Recompute,
) -> float | None:
    """How far the lever's field may go under `entry` (None: the bounded metric is missing)."""
    value = entry.limit.central
    if entry.quantity == spec.field:
        return float(value)
    now = metrics.get(entry.quantity)
    if not isinstance(now, int | float):
        return None

    def within(edited: Edited | None) -> bool:
        found = None if edited is None else edited.metrics.get(entry.quantity)
        if not isinstance(found, int | float):
            return False
        return found <= value if entry.bound == "max" else found >= value

    if not within(Edited(metrics)):
        return current
    far = spec.reach(data, metrics)
    if within(recompute(spec.edits(data, far))):
        return far
    # the move stays within the limit up to some share of the way to `far`: find it
    share = _bisect(
        lambda t: not within(recompute(spec.edits(data, current + t * (far - current))))
    )
    lo = max(0.0, share - 1e-4)
    return current + lo * (far - current)


def _combination(
    data: dict[str, Any],
    room: list[_Headroom],
    gaps: list[Gap],
    target_phase: int,
    recompute: Recompute,
    base_errors: frozenset[str],
    ok: Callable[[Edited | None], bool],
) -> tuple[Combination | None, str]:
    """The fewest levers, then the smallest common share of their headroom, that reach
    `target_phase` without a new error finding; or None and why."""
    if len(room) < 2:
        have = ", ".join(h.spec.name for h in room) or "none"
        return None, (
            f"fewer than two levers have a sourced limit with room to move (with room: {have})"
        )

    def edits(group: tuple[_Headroom, ...], t: float) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for h in group:
            out.update(h.spec.edits(data, h.current + t * (h.limit - h.current)))
        return out

    blocked: list[str] = []
    for size in range(2, min(MAX_COMBINATION, len(room)) + 1):
        best: tuple[float, tuple[_Headroom, ...]] | None = None
        for group in itertools.combinations(room, size):
            if not ok(recompute(edits(group, 1.0))):
                continue

            def good(share: float, g: tuple[_Headroom, ...] = group) -> bool:
                return ok(recompute(edits(g, share)))

            t = _bisect(good)
            checked = recompute(edits(group, t), rules=True)
            new = sorted(checked.errors - base_errors) if checked is not None else ["invalid"]
            if new:
                blocked.append(f"{' + '.join(h.spec.name for h in group)} ({', '.join(new)})")
                continue
            if best is None or t < best[0]:
                best = (t, group)
        if best is not None:
            t, group = best
            reached = recompute(edits(group, t))
            assert reached is not None
            changes = [
                Change(h.spec.field, h.current, h.current + t * (h.limit - h.current))
                for h in group
            ]
            reaches = {
                g.metric: float(reached.metrics[g.metric]) for g in gaps if g.phase == target_phase
            }
            return Combination([h.spec.name for h in group], changes, reaches, t), ""
    reason = (
        f"no combination of up to {min(MAX_COMBINATION, len(room))} levers reaches phase "
        f"{target_phase} within the sourced limits"
    )
    if blocked:
        reason += "; those that would bring new error findings: " + "; ".join(blocked)
    return None, reason
