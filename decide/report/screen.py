"""The screening report's view model: the conclusion first (phases reached, what the Pareto front
is made of, what screened the rest out), then the top candidates (each design once, with its
varied values and findings), the front plotted two ways, and the reasons in full.

Full findings come from the scalar path (`assess`) and only for the candidates shown, which is
what keeps a million-candidate screen fast. The report presents; it computes nothing new.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from decide import __version__
from decide.report.charts import parallel_chart, pareto_chart
from decide.report.model import Figure, Provenance
from decide.report.render import Rendered, render_report
from decide.screening.space import candidate_id
from decide.vocab.metrics import COST, DENSITY, ENERGY, label_of
from decide.vocab.severity import rank
from decide.vocab.units import text_unit

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
    """One of the top candidates, fully assessed; `twins` are later-ranked candidates identical
    in every computed number (listed once, here)."""

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
    twins: list[tuple[str, str]] = field(default_factory=list)  # (id, what differs)
    index: int = 0
    # screen --uncertainty: (objective, 'p5-p95') and (phase, 'p %'); empty when not propagated
    spread: list[tuple[str, str]] = field(default_factory=list)
    probabilities: list[tuple[int, str]] = field(default_factory=list)

    @property
    def codes(self) -> list[tuple[str, str]]:
        """(code, severity) of the errors and warnings, worst first."""
        return [(f.code, f.severity) for f in self.findings]


@dataclass(frozen=True)
class ScreenView:
    """What screen.html.j2 shows."""

    title: str
    version: str
    space_id: str
    space_name: str
    objectives: list[tuple[str, str, str]]  # (label, metric key, maximize/minimize)
    ordering: str
    summary: list[tuple[str, str]]
    top: list[Shown]
    figures: dict[str, Figure | None]
    screened_out: list[tuple[str, int, str]]
    filters: list[str]
    provenance: Provenance
    labels: dict[str, str]
    conclusion: list[str] = field(default_factory=list)
    reach: list[tuple[int, str, str]] = field(default_factory=list)  # phase, valid, ranked
    front_fields: list[tuple[str, str, str]] = field(default_factory=list)  # field, front, varied
    varied_fields: list[tuple[str, str]] = field(default_factory=list)  # path, column header
    uncertainty_note: str = ""  # how the top candidates' ranges were propagated, when they were


def build_screen_view(
    result: Any,
    kb: Any,
    ruleset: Any,
    top: int,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
) -> ScreenView:
    """The view model of a screening result (assesses the top `top` candidates)."""
    from decide.screening.summary import distinct_top, front_fields, phase_reach

    space = result.space
    shown = []
    for i, twins in distinct_top(result, top):
        item = _shown(result, i, kb, ruleset, select, ignore)
        _add_uncertainty(item, result.uncertainty.get(i))
        item.twins.extend((candidate_id(space.id, t), _differs(space, i, t)) for t in twins)
        shown.append(item)
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
    reasons = [(r, n, f"{100 * n / total:.1f} %") for r, n in result.screened_out() if n > 0]
    digest = hashlib.sha256(Path(space.file).read_bytes()).hexdigest()
    reach = phase_reach(result)
    fronts = front_fields(result)
    return ScreenView(
        title=f"Screening: {space.name or space.id}",
        version=__version__,
        space_id=space.id,
        space_name=space.name or space.id,
        objectives=[
            (label_of(m), m, "maximize" if s == "max" else "minimize") for m, s in space.objectives
        ],
        ordering=_ordering(),
        summary=summary,
        top=shown,
        figures={
            "front": _front_figure(result, shown),
            "parallel": _parallel_figure(result, shown),
        },
        screened_out=reasons,
        filters=_filters(space.filters),
        provenance=Provenance(
            __version__, kb.digest, ruleset.digest, digest, Path(space.file).name
        ),
        labels=LABELS,
        conclusion=_conclusion(result, reach, fronts, reasons) + _likely(result, shown),
        reach=[(r.phase, f"{r.valid:,}", f"{r.ranked:,}") for r in reach],
        front_fields=[_front_text(f) for f in fronts],
        varied_fields=[(f, _header(f)) for f in space.varied],
        uncertainty_note=_uncertainty_note(result),
    )


def _header(path: str) -> str:
    from decide.vocab.design_fields import field_label
    from decide.vocab.units import pretty_unit

    unit = pretty_unit(path.rsplit(".", 1)[-1])
    label = field_label(path)
    section = path.split(".", 1)[0].replace("_", " ") if "." in path else ""
    if section and section.split()[0] not in label.lower():
        label = f"{section.capitalize()} {label[:1].lower()}{label[1:]}"
    return label + (f" ({unit})" if unit else "")


def _value_text(value: Any) -> str:
    from decide.report.formatting import num
    from decide.screening.table import plain as _plain

    if isinstance(value, float):
        return num(value, 4)
    text = _plain(value)
    return text if isinstance(text, str) else str(text)


def _differs(space: Any, a: int, b: int) -> str:
    """The varied values in which candidate b differs from a."""
    ea, eb = space.candidate_edits(a), space.candidate_edits(b)
    return ", ".join(f"{k} {_value_text(eb[k])}" for k in eb if ea.get(k) != eb[k])


def _front_text(f: Any) -> tuple[str, str, str]:
    from decide.report.formatting import num

    if f.numeric:
        lo, hi = f.front
        slo, shi = f.space
        front = num(lo, 4) if lo == hi else f"{num(lo, 4)}–{num(hi, 4)}"
        return (f.field, front, f"{num(slo, 4)}–{num(shi, 4)}")
    front = ", ".join(f"{_value_text(v)} ({n})" for v, n in f.front)
    return (f.field, front, ", ".join(_value_text(v) for v in f.space))


def _conclusion(result: Any, reach: list[Any], fronts: list[Any], reasons: list[Any]) -> list[str]:
    """The screen's conclusion in a few sentences."""
    out = []
    best = max((r for r in reach if r.ranked), key=lambda r: r.phase, default=None)
    if result.n_passed == 0:
        out.append("No candidate passed the filters, so nothing is ranked.")
    elif best is None:
        out.append(f"None of the {result.n_passed:,} ranked candidates meets the phase-1 targets.")
    else:
        out.append(
            f"{best.ranked:,} of the {result.n_passed:,} ranked candidates meet the phase-"
            f"{best.phase} targets; none reaches phase {best.phase + 1}."
            if best.phase < 3
            else f"{best.ranked:,} ranked candidates meet the phase-3 targets."
        )
    decided = [
        f
        for f in fronts
        if (f.numeric and f.front[0] == f.front[1])
        or (not f.numeric and len(f.front) == 1 and len(f.space) > 1)
    ]
    if decided:
        parts = [
            f"{f.field} = {_front_text(f)[1].split(' (')[0]}"
            for f in decided
            if not (f.numeric and f.space[0] == f.space[1])
        ]
        if parts:
            out.append(
                f"Every candidate on the Pareto front ({result.n_front}) has "
                + "; ".join(parts)
                + "."
            )
    if reasons:
        top = "; ".join(f"{r} ({n:,})" for r, n, _ in reasons[:3])
        out.append(f"Screened out most often: {top}.")
    return out


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
        name = label_of(b.metric).lower()
        unit = text_unit(b.metric)
        if b.low is not None:
            out.append(f"{name} ≥ {b.low:g} {unit}".rstrip())
        if b.high is not None:
            out.append(f"{name} ≤ {b.high:g} {unit}".rstrip())
    return out


def _add_uncertainty(item: Shown, found: Any) -> None:
    """Fill a shown candidate's p5-p95 of each objective and its phase probabilities."""
    if found is None:
        return
    from decide.report.formatting import num

    for metric, _ in item.metrics:
        spread = found.spread.get(metric)
        if spread is not None:
            item.spread.append((metric, f"{num(spread.p5)}–{num(spread.p95)}"))
    item.probabilities.extend(
        (k, f"{100 * p:.0f} %") for k, p in sorted(found.phase_probability.items())
    )


def _uncertainty_note(result: Any) -> str:
    """How `screen --uncertainty` propagated the ranges, or '' when it did not run."""
    found = list(result.uncertainty.values())
    if not found:
        return ""
    u = found[0]
    return (
        f"The top {len(found)} candidates' inputs sampled over their sourced ranges "
        f"({u.samples:,} samples each, seed {u.seed}, triangular distributions; "
        "docs/uncertainty.md): p5–p95 of each objective and the probability of meeting each "
        "phase's targets."
    )


def _likely(result: Any, shown: list[Shown]) -> list[str]:
    """A conclusion sentence on how sure the top candidates' phase is, under uncertainty."""
    found = [(s, result.uncertainty[s.index]) for s in shown if s.index in result.uncertainty]
    if not found:
        return []

    def sure_phase(u: Any) -> int:
        """The highest phase whose targets are met with even odds or better (0: none)."""
        return max((k for k, p in u.phase_probability.items() if p >= 0.5), default=0)

    candidate, u = max(
        found,
        key=lambda item: (
            sure_phase(item[1]),
            item[1].phase_probability.get(sure_phase(item[1]) + 1, 0.0),
        ),
    )
    phase = sure_phase(u)
    if phase == 0:
        return ["Under uncertainty no top candidate meets the phase-1 targets with even odds."]
    nxt = u.phase_probability.get(phase + 1)
    tail = f", the phase-{phase + 1} targets with {100 * nxt:.0f} %" if nxt is not None else ""
    return [
        f"Under uncertainty the surest of the top candidates is #{candidate.rank}: it meets the "
        f"phase-{phase} targets with probability {100 * u.phase_probability[phase]:.0f} %{tail}."
    ]


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
        varied=[(k, _value_text(v)) for k, v in edits.items()],
        metrics=metrics,
        architecture=str(a.phase.architecture or "none"),
        targets_met=a.phase.targets_met,
        counts=a.summary,
        verdict=a.verdict(),
        findings=sorted(
            (f for f in a.findings if rank(f.severity) < rank("info")),
            key=lambda f: (rank(f.severity), getattr(f, "rank", None) or 0, f.code),
        ),
        index=index,
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
    top = np.array([s.index for s in shown], dtype=np.int64)
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


def _parallel_figure(result: Any, shown: list[Shown]) -> Figure | None:
    """The Pareto front (or, when it is small, the shown candidates) across every varied field
    and objective: one line per candidate."""
    space = result.space
    chosen = result.ranking.front.tolist()
    if len(chosen) < 3:
        chosen = list(dict.fromkeys(chosen + [s.index for s in shown]))
    chosen = chosen[:60]
    if not chosen:
        return None
    axes: list[tuple[str, list[str] | None, list[float]]] = []
    for path in space.varied:
        values = [space.candidate_edits(i)[path] for i in chosen]
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            axes.append((_header(path), None, [float(v) for v in values]))
        else:
            labels = [_value_text(v) for v in values]
            cats = sorted(set(labels))
            axes.append((_header(path), cats, [float(cats.index(t)) for t in labels]))
    for j, (metric, _) in enumerate(space.objectives):
        column = [float(result.objectives[i, j]) for i in chosen]
        axes.append((LABELS.get(metric, metric), None, column))
    on_front = [bool(result.ranking.pareto_rank[i] == 1) for i in chosen]
    chart = parallel_chart(
        axes,
        on_front,
        alt=f"Parallel coordinates of {len(chosen)} candidates across the varied fields",
    )
    what = "the Pareto front" if len(result.ranking.front) >= 3 else "the shown candidates"
    return Figure(
        "The front across the varied fields",
        f"One line per candidate of {what} ({len(chosen)}); each axis is a varied field or "
        "an objective, from its lowest to its highest value among these candidates "
        "(categories in alphabetical order). Dark lines: the Pareto front.",
        chart,
        (),
    )


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
