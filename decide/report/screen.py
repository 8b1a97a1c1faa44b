"""The screening report's view model: top candidates with full findings, the Pareto front
plotted, and why candidates were screened out.

Full findings come from the scalar path (`assess`) and only for the candidates shown, which is
what keeps a million-candidate screen fast. The report presents; it computes nothing new.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from decide import __version__
from decide.report.charts import pareto_chart
from decide.report.model import Figure, Provenance
from decide.report.render import Rendered, render_report
from decide.vocab.metrics import COST, DENSITY, ENERGY
from decide.vocab.severity import rank

TEMPLATE = "screen.html.j2"
HINT = "every candidate belongs in CSV or JSON (`decide screen SPACE -o OUT.csv`)"
# Column headers short enough for the candidates table (the vocabulary's labels are longer).
LABELS = {
    ENERGY: "Cell Wh/kg",
    DENSITY: "Cell Wh/L",
    COST: "Cell USD/kWh",
    "stack_specific_energy_wh_per_kg": "Stack Wh/kg",
    "areal_capacity_mah_per_cm2": "mAh/cm²",
}
MAX_CLOUD = 3000  # candidates drawn behind the front; an even sample of the ranked ones


@dataclass(frozen=True)
class Shown:
    """One of the top candidates, fully assessed."""

    rank: int
    id: str
    pareto_rank: int
    score: str
    varied: list[tuple[str, str]]
    metrics: list[tuple[str, str]]
    architecture: str
    targets_met: int
    counts: dict[str, int]
    verdict: str
    findings: list[Any]


@dataclass(frozen=True)
class ScreenView:
    """What screen.html.j2 shows."""

    title: str
    version: str
    space_id: str
    space_name: str
    objectives: list[tuple[str, str]]
    ordering: str
    summary: list[tuple[str, str]]
    top: list[Shown]
    figures: dict[str, Figure | None]
    screened_out: list[tuple[str, int, str]]
    filters: list[str]
    provenance: Provenance
    labels: dict[str, str]


def build_screen_view(
    result: Any,
    kb: Any,
    ruleset: Any,
    top: int,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
) -> ScreenView:
    """The view model of a screening result (assesses the top `top` candidates)."""
    space = result.space
    shown = [
        _shown(result, int(i), kb, ruleset, select, ignore)
        for i in result.ranking.order[:top].tolist()
    ]
    n_out = result.n - result.n_invalid - result.n_passed
    summary = [
        ("Candidates", f"{result.n:,}"),
        ("Material combinations", f"{space.n_combinations:,}"),
        ("Invalid (impossible combinations or values)", f"{result.n_invalid:,}"),
        ("Screened out by the filters", f"{n_out:,}"),
        ("Ranked", f"{result.n_passed:,}"),
        ("On the Pareto front", f"{result.n_front:,}"),
    ]
    total = max(result.n, 1)
    reasons = [(r, n, f"{100 * n / total:.1f} %") for r, n in result.screened_out()]
    digest = hashlib.sha256(Path(space.file).read_bytes()).hexdigest()
    return ScreenView(
        title=f"Screening: {space.name or space.id}",
        version=__version__,
        space_id=space.id,
        space_name=space.name or space.id,
        objectives=[(m, "maximize" if s == "max" else "minimize") for m, s in space.objectives],
        ordering=_ordering(),
        summary=summary,
        top=shown,
        figures={"front": _front_figure(result, shown)},
        screened_out=reasons,
        filters=_filters(space.filters),
        provenance=Provenance(
            __version__, kb.digest, ruleset.digest, digest, Path(space.file).name
        ),
        labels=LABELS,
    )


def _ordering() -> str:
    from decide.screening.rank import SCORE_DOC

    return SCORE_DOC


def _filters(f: Any) -> list[str]:
    out = []
    if not f.max_severity_given:
        out.append("no error finding (the default: errors are hard constraints)")
    elif f.max_severity == "error":
        out.append("error findings allowed (max_severity: error)")
    else:
        out.append(f"no finding more severe than {f.max_severity}")
    if f.min_targets_met is not None:
        out.append(f"meets at least the phase-{f.min_targets_met} targets")
    if f.architectures:
        out.append("phase architecture " + " or ".join(str(a) for a in f.architectures))
    for b in f.metrics:
        if b.low is not None:
            out.append(f"{b.metric} ≥ {b.low:g}")
        if b.high is not None:
            out.append(f"{b.metric} ≤ {b.high:g}")
    return out


def _shown(
    result: Any,
    index: int,
    kb: Any,
    ruleset: Any,
    select: list[str] | None,
    ignore: list[str] | None,
) -> Shown:
    from decide.assessment import assess
    from decide.design import design_from_data
    from decide.report.formatting import num
    from decide.screening.output import _plain
    from decide.screening.space import candidate_id

    space = result.space
    design = design_from_data(space.candidate_data(index), None, kb, space.file)
    a = assess(design, kb, ruleset, select, ignore, levers=False)
    edits = space.candidate_edits(index)
    keys = [m for m, _ in space.objectives] + [
        k for k in ("stack_specific_energy_wh_per_kg", "areal_capacity_mah_per_cm2")
    ]
    values = a.metrics.values
    metrics = [(k, num(values[k]) if k in values else "n/a") for k in dict.fromkeys(keys)]
    return Shown(
        rank=int(result.ranking.rank[index]),
        id=candidate_id(space.id, index),
        pareto_rank=int(result.ranking.pareto_rank[index]),
        score=f"{float(result.ranking.score[index]):.3f}",
        varied=[(k, num(v) if isinstance(v, float) else _plain(v)) for k, v in edits.items()],
        metrics=metrics,
        architecture=str(a.phase.architecture or "none"),
        targets_met=a.phase.targets_met,
        counts=a.summary,
        verdict=a.verdict(),
        findings=[f for f in a.findings if rank(f.severity) < rank("info")],
    )


def _front_figure(result: Any, shown: list[Shown]) -> Figure | None:
    """Wh/kg against Wh/L (colour: cost) and against cost, front and top N marked."""
    e = result.metrics.get(ENERGY)
    v = result.metrics.get(DENSITY)
    c = result.metrics.get(COST)
    order = result.ranking.order
    if e is None or v is None or order.size == 0:
        return None
    step = max(1, order.size // MAX_CLOUD)
    cloud = np.sort(order[::step])
    front = result.ranking.front
    top = np.array([int(s.id.rsplit("-", 1)[1]) for s in shown], dtype=np.int64)
    chart = pareto_chart(
        e,
        v,
        c,
        cloud,
        front,
        top,
        alt=(
            f"Cell specific energy against energy density and cost for {cloud.size} of "
            f"{order.size} ranked candidates; {front.size} on the Pareto front."
        ),
    )
    caption = (
        f"Ranked candidates (an even sample of {cloud.size} of {order.size:,}), the Pareto "
        f"front over {', '.join(m for m, _ in result.space.objectives)} (black outline) and "
        f"the top {top.size} (numbered by rank). Colour: cell cost, USD/kWh."
    )
    return Figure("Pareto front", caption, chart, ())


def write_screen_report(
    result: Any,
    output: Path,
    kb: Any,
    ruleset: Any,
    top: int,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    strict: bool = False,
) -> Rendered:
    """Render the screening report to `output` (PDF or HTML by suffix), atomically."""
    view = build_screen_view(result, kb, ruleset, top, select, ignore)
    return render_report(TEMPLATE, view, output, hint=HINT, strict=strict)
