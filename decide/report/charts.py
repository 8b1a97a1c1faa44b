"""Report charts: matplotlib figures saved as SVG data URIs.

Deterministic by construction: a fixed `svg.hashsalt` (ids in the SVG do not depend on a random
salt), no Date metadata, math text off (a `$` in a user's label stays a dollar sign). The
object-oriented API is used directly (no pyplot, no global figure state). The charts take plain
numbers prepared by the view models; they decide nothing.
"""

from __future__ import annotations

import base64
import inspect
import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from decide.vocab.severity import rank as severity_rank

# Okabe-Ito: distinguishable for colour-blind readers and in greyscale print (with markers).
PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
    "#999999",
    "#882255",
]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
WIDTH_IN = 6.4

# Keys typed Any: matplotlib's stubs want a Literal of every rcParam name.
RC: dict[Any, Any] = {
    "svg.hashsalt": "decide-report",
    "svg.fonttype": "none",
    "text.parse_math": False,
    "text.usetex": False,
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "legend.fontsize": 7,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.5,
    "axes.axisbelow": True,
    "path.simplify": False,
}


@dataclass(frozen=True)
class Chart:
    """An embedded figure: its data URI and a text alternative; `overlaps` names pairs of labels
    that overlap (checked by the briefing's charts when drawn; empty from the cache)."""

    uri: str
    alt: str
    overlaps: tuple[str, ...] = ()


def _figure(height_in: float, ncols: int = 1) -> tuple[Any, Any]:
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(WIDTH_IN, height_in), layout="constrained")
        axes = fig.subplots(1, ncols, squeeze=False)[0]
    return fig, list(axes)


def _plain_log(ax: Any, axis: str = "y") -> None:
    """Log scale with plain tick labels (math text is off, so the default labels would be TeX)."""
    from matplotlib.ticker import FuncFormatter, NullFormatter

    target = ax.yaxis if axis == "y" else ax.xaxis
    (ax.set_yscale if axis == "y" else ax.set_xscale)("log")
    target.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
    target.set_minor_formatter(NullFormatter())


def _save(fig: Any, alt: str) -> Chart:
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    FigureCanvasSVG(fig)
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return Chart(f"data:image/svg+xml;base64,{encoded}", alt)


def _styled(fn: Any) -> Any:
    """Run a chart builder with the report rcParams active, memoised on disk by its inputs.

    A chart's SVG is a pure function of its arguments other than `alt`, so a cached SVG is the
    same bytes a fresh render gives; a hit skips importing matplotlib altogether. Arguments are
    bound to the signature first, so a positional and a keyword call share one entry, and the alt
    text is taken out of the key and always comes from this call.
    """
    signature = inspect.signature(fn)

    def wrapper(*args: Any, **kwargs: Any) -> Chart:
        from decide.report import chart_cache

        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        inputs = dict(bound.arguments)
        alt = str(inputs.pop("alt", ""))
        try:
            key: str | None = chart_cache.key(fn.__name__, (), inputs)
        except chart_cache.Uncacheable:
            key = None
        hit = chart_cache.read(key) if key is not None else None
        if hit is not None:
            return Chart(hit, alt)
        import matplotlib

        with matplotlib.rc_context(RC):
            chart = fn(*args, **kwargs)
        if key is not None:
            chart_cache.write(key, chart.uri)
        return Chart(chart.uri, alt, chart.overlaps)

    wrapper.__doc__ = fn.__doc__
    wrapper.__name__ = fn.__name__
    return wrapper


@dataclass(frozen=True)
class Span:
    """A labelled interval (a phase on a timeline, a stability window)."""

    label: str
    start: float
    end: float
    note: str = ""
    group: str = ""
    level: float = 0.0


@_styled
def timeline(spans: Sequence[Span], xlabel: str, alt: str) -> Chart:
    """Horizontal bars over years, one row per span, with a note inside or beside each bar."""
    fig, (ax,) = _figure(0.55 + 0.45 * len(spans))
    for row, item in enumerate(spans):
        y = len(spans) - 1 - row
        ax.barh(
            y,
            item.end - item.start,
            left=item.start,
            height=0.6,
            color=PALETTE[row % len(PALETTE)],
            alpha=0.85,
            edgecolor="#333333",
            linewidth=0.5,
        )
        ax.text(item.end + 0.15, y, item.note, va="center", fontsize=7)
    ax.set_yticks(range(len(spans)), [s.label for s in reversed(spans)])
    lo = min(s.start for s in spans)
    hi = max(s.end for s in spans)
    ax.set_xlim(lo - 0.5, hi + (hi - lo) * 0.9)
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return _save(fig, alt)


@dataclass(frozen=True)
class Panel:
    """One bar panel: a title, a unit and labelled values (None = not given)."""

    title: str
    unit: str
    labels: Sequence[str]
    values: Sequence[float | None]
    texts: Sequence[str] = ()
    reference: float | None = None
    reference_label: str = ""


@_styled
def bar_panels(panels: Sequence[Panel], alt: str, height: float = 2.4) -> Chart:
    """Side-by-side bar panels with the value printed on each bar."""
    fig, axes = _figure(height, ncols=len(panels))
    for ax, panel in zip(axes, panels, strict=True):
        xs = range(len(panel.labels))
        vals = [v if v is not None else 0.0 for v in panel.values]
        bars = ax.bar(
            xs,
            vals,
            color=[PALETTE[i % len(PALETTE)] for i in xs],
            edgecolor="#333333",
            linewidth=0.5,
        )
        texts = panel.texts or [("n/a" if v is None else f"{v:,.0f}") for v in panel.values]
        for bar, text in zip(bars, texts, strict=True):
            ax.annotate(
                text,
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                fontsize=6.5,
            )
        if panel.reference is not None:
            ax.axhline(panel.reference, color="#555555", linestyle="--", linewidth=0.8)
            ax.annotate(
                panel.reference_label,
                (0, panel.reference),
                xycoords=("axes fraction", "data"),
                xytext=(2, 2),
                textcoords="offset points",
                fontsize=6.5,
            )
        ax.set_xticks(list(xs), list(panel.labels), rotation=20, ha="right")
        ax.set_title(textwrap.fill(panel.title, 24))
        ax.set_ylabel(panel.unit)
        ax.margins(y=0.18)
        ax.grid(axis="x", visible=False)
    return _save(fig, alt)


@dataclass(frozen=True)
class Point:
    """A labelled point (a design, a phase target, a projection)."""

    label: str
    x: float
    y: float | None
    group: str = ""


@_styled
def scatter_targets(
    points: Sequence[Point], targets: Sequence[Point], xlabel: str, ylabel: str, alt: str
) -> Chart:
    """Designs as points against target corners; a target without y is a vertical line."""
    fig, (ax,) = _figure(3.2)
    for k, target in enumerate(targets):
        colour = PALETTE[(k + 3) % len(PALETTE)]
        if target.y is None:
            ax.axvline(target.x, color=colour, linestyle="--", linewidth=0.9)
            ax.annotate(
                target.label,
                (target.x, 0.02),
                xycoords=("data", "axes fraction"),
                xytext=(2, 0),
                textcoords="offset points",
                fontsize=6.5,
                rotation=90,
                va="bottom",
            )
        else:
            ax.plot(
                [target.x, target.x, 10_000],
                [10_000, target.y, target.y],
                color=colour,
                linestyle="--",
                linewidth=0.9,
            )
            ax.annotate(
                target.label,
                (target.x, target.y),
                xytext=(3, 3),
                textcoords="offset points",
                fontsize=6.5,
                color=colour,
            )
    groups = sorted({p.group for p in points})
    for p in points:
        if p.y is None:
            continue
        k = groups.index(p.group)
        ax.plot(
            [p.x],
            [p.y],
            linestyle="none",
            marker=MARKERS[k % len(MARKERS)],
            color=PALETTE[k % len(PALETTE)],
            markersize=5,
        )
        ax.annotate(p.label, (p.x, p.y), xytext=(4, -8), textcoords="offset points", fontsize=6)
    for k, group in enumerate(groups):
        if group:
            ax.plot(
                [],
                [],
                linestyle="none",
                marker=MARKERS[k % len(MARKERS)],
                color=PALETTE[k % len(PALETTE)],
                label=group,
            )
    xs = [p.x for p in [*points, *targets]]
    ys = [p.y for p in [*points, *targets] if p.y is not None]
    ax.set_xlim(0, max(xs) * 1.18)
    ax.set_ylim(0, max(ys) * 1.18 if ys else 1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if any(groups):
        ax.legend(frameon=False, loc="lower right")
    return _save(fig, alt)


@_styled
def stacked(bars: Sequence[tuple[str, dict[str, float]]], unit_note: str, alt: str) -> Chart:
    """Horizontal 100 % bars, one per breakdown, components in a shared order and colour."""
    names: list[str] = []
    for _, parts in bars:
        names.extend(n for n in parts if n not in names)
    fig, (ax,) = _figure(max(0.7 + 0.45 * len(bars), 0.4 + 0.16 * len(names)))
    labelled: set[str] = set()
    for row, (_, parts) in enumerate(bars):
        total = sum(parts.values()) or 1.0
        left = 0.0
        for k, name in enumerate(names):
            share = 100.0 * parts.get(name, 0.0) / total
            if share <= 0:
                continue
            ax.barh(
                row,
                share,
                left=left,
                color=PALETTE[k % len(PALETTE)],
                edgecolor="#333333",
                linewidth=0.4,
                label=None if name in labelled else name,
            )
            labelled.add(name)
            if share >= 6:
                ax.text(
                    left + share / 2,
                    row,
                    f"{share:.0f}%",
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    color="white" if k in (0, 3, 7) else "black",
                )
            left += share
    ax.set_yticks(range(len(bars)), [title for title, _ in bars])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"share of repeat unit (%) {unit_note}".strip())
    ax.grid(axis="y", visible=False)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return _save(fig, alt)


@dataclass(frozen=True)
class Line:
    """A labelled curve."""

    label: str
    xs: Sequence[float]
    ys: Sequence[float]


@_styled
def lines(
    curves: Sequence[Line],
    xlabel: str,
    ylabel: str,
    alt: str,
    *,
    logy: bool = False,
    hlines: Sequence[tuple[str, float]] = (),
    vspan: tuple[float, float] | None = None,
    height: float = 2.8,
) -> Chart:
    """Curves with optional horizontal reference lines and a shaded x range."""
    fig, (ax,) = _figure(height)
    if vspan is not None:
        ax.axvspan(*vspan, color="#cccccc", alpha=0.35, linewidth=0, label="operating range")
    for k, curve in enumerate(curves):
        ax.plot(
            curve.xs,
            curve.ys,
            color=PALETTE[k % len(PALETTE)],
            marker=MARKERS[k % len(MARKERS)],
            markevery=4,
            markersize=3.5,
            linewidth=1.4,
            label=curve.label,
        )
    for label, y in hlines:
        ax.axhline(y, color="#555555", linestyle="--", linewidth=0.8)
        ax.annotate(
            label,
            (0, y),
            xycoords=("axes fraction", "data"),
            xytext=(2, 2),
            textcoords="offset points",
            fontsize=6.5,
        )
    if logy:
        _plain_log(ax)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, fontsize=6.5)
    return _save(fig, alt)


LABELLED = 10  # top candidates numbered on the chart


def pareto_chart(
    energy: Any,
    density: Any,
    cost: Any,
    cloud: Any,
    front: Any,
    top: Any,
    alt: str,
) -> Any:
    """Two panels: Wh/kg against Wh/L (colour: cost) and against cost; the front outlined."""
    return _styled(_pareto_chart)(energy, density, cost, cloud, front, top, alt)


def _pareto_chart(
    energy: Any,
    density: Any,
    cost: Any,
    cloud: Any,
    front: Any,
    top: Any,
    alt: str,
) -> Any:
    import numpy as np

    has_cost = cost is not None and bool(np.isfinite(cost[cloud]).any())
    fig, axes = _figure(3.0, 2 if has_cost else 1)
    panels = [(axes[0], density, "cell energy density, Wh/L")]
    if has_cost:
        panels.append((axes[1], cost, "cell cost, USD/kWh"))
    colour: Any = cost[cloud] if has_cost else PALETTE[0]
    for k, (ax, x, label) in enumerate(panels):
        points = ax.scatter(
            x[cloud], energy[cloud], c=colour, cmap="viridis", s=5, linewidths=0, alpha=0.8
        )
        ax.scatter(
            x[front],
            energy[front],
            facecolors="none",
            edgecolors="black",
            s=22,
            linewidths=0.8,
            label="Pareto front",
        )
        for rank, i in enumerate(top[:LABELLED].tolist(), start=1):
            ax.annotate(
                str(rank),
                (x[i], energy[i]),
                xytext=(3, 3),
                textcoords="offset points",
                fontsize=6.5,
                color=PALETTE[3],
            )
        ax.set_xlabel(label)
        ax.set_ylabel("cell specific energy, Wh/kg")
        if k == 0:
            ax.legend(frameon=False, loc="lower right")
    if has_cost:
        fig.colorbar(points, ax=axes[0], label="USD/kWh", shrink=0.85)
    return _save(fig, alt)


@dataclass(frozen=True)
class GraphNode:
    """A knowledge-graph node to draw: id, label and group (design, family, ip-area)."""

    id: str
    label: str
    group: str


@dataclass(frozen=True)
class GraphEdge:
    """A relation to draw; `severity` colours compatibility relations."""

    source: str
    target: str
    label: str
    severity: str = ""


_GROUP_STYLE = {
    "design": ("#0072B2", "white"),
    "family": ("#E8EEF4", "#222222"),
    "ip-area": ("#F5E6C8", "#222222"),
}
_SEVERITY_COLOUR = {"error": "#C0392B", "warning": "#D68910", "info": "#5D6D7E", "ok": "#1E8449"}


@_styled
def knowledge_graph(
    nodes: Sequence[GraphNode], edges: Sequence[GraphEdge], alt: str, height: float = 3.4
) -> Chart:
    """The design's neighbourhood in the knowledge graph (deterministic spring layout)."""
    import networkx as nx

    graph: nx.Graph[str] = nx.Graph()
    for node in sorted(nodes, key=lambda n: n.id):
        graph.add_node(node.id)
    for edge in sorted(edges, key=lambda e: (e.source, e.target, e.label)):
        graph.add_edge(edge.source, edge.target)
    pos = nx.spring_layout(graph, seed=11, k=1.6 / max(1, len(nodes)) ** 0.5, iterations=200)
    fig, (ax,) = _figure(height)
    for edge in edges:
        (x0, y0), (x1, y1) = pos[edge.source], pos[edge.target]
        colour = _SEVERITY_COLOUR.get(edge.severity, "#9AA5AE")
        width = 1.6 if severity_rank(edge.severity) < severity_rank("info") else 0.8
        ax.plot([x0, x1], [y0, y1], color=colour, linewidth=width, zorder=1)
        if edge.severity:
            ax.text(
                (x0 + x1) / 2,
                (y0 + y1) / 2,
                edge.label,
                fontsize=5.5,
                color=colour,
                ha="center",
                va="center",
                zorder=2,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            )
    for node in nodes:
        face, text = _GROUP_STYLE.get(node.group, ("#DDDDDD", "#222222"))
        x, y = pos[node.id]
        ax.text(
            x,
            y,
            textwrap.fill(node.label, 18),
            fontsize=6.5,
            color=text,
            ha="center",
            va="center",
            zorder=3,
            bbox={"boxstyle": "round,pad=0.3", "fc": face, "ec": "#555555", "lw": 0.5},
        )
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    pad_x = 0.12 * (max(xs) - min(xs) or 1)
    pad_y = 0.12 * (max(ys) - min(ys) or 1)
    ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    ax.set_ylim(min(ys) - pad_y, max(ys) + pad_y)
    ax.set_axis_off()
    return _save(fig, alt)
