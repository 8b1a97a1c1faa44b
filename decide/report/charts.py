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

from decide.report.svg_compact import compact
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
    encoded = base64.b64encode(compact(buffer.getvalue())).decode("ascii")
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
        ax.set_title(textwrap.fill(panel.title, max(12, 64 // max(1, len(panels)))))
        ax.set_ylabel(panel.unit)
        ax.margins(y=0.18)
        ax.grid(axis="x", visible=False)
    return _save(fig, alt)


@dataclass(frozen=True)
class TornadoBar:
    """One input of a tornado: the metric with that input at its min and at its max."""

    label: str
    at_low: float
    at_high: float


@dataclass(frozen=True)
class TornadoPanel:
    """One metric's tornado: its value with every input typical, and the bars."""

    title: str
    unit: str
    point: float
    bars: Sequence[TornadoBar]


@_styled
def tornado(panels: Sequence[TornadoPanel], alt: str) -> Chart:
    """Stacked tornado panels, widest bar on top: from the typical-value point to the metric with
    the input at its min (one colour) and at its max (the other); input names on the axis."""
    rows = sum(max(1, len(p.bars)) for p in panels)
    fig = _rows_figure(0.3 + 0.5 * len(panels) + 0.24 * rows, [max(1, len(p.bars)) for p in panels])
    axes = fig.axes
    low_colour, high_colour = PALETTE[0], PALETTE[1]
    for ax, panel in zip(axes, panels, strict=True):
        ys = list(range(len(panel.bars)))
        for y, bar in zip(ys, panel.bars, strict=True):
            ax.barh(y, bar.at_low - panel.point, left=panel.point, color=low_colour, height=0.6)
            ax.barh(y, bar.at_high - panel.point, left=panel.point, color=high_colour, height=0.6)
        ax.axvline(panel.point, color="#333333", linewidth=0.8)
        ax.set_yticks(ys, [textwrap.shorten(b.label, 52, placeholder="...") for b in panel.bars])
        ax.invert_yaxis()
        ax.set_title(
            f"{panel.title}: {panel.point:,.4g} {panel.unit} with every input typical", loc="left"
        )
        ax.set_xlabel(panel.unit)
        ax.margins(x=0.25)
        ax.grid(axis="y", visible=False)
    from matplotlib.patches import Patch

    fig.legend(
        handles=[
            Patch(color=low_colour, label="input at its minimum"),
            Patch(color=high_colour, label="input at its maximum"),
        ],
        loc="outside lower center",
        ncols=2,
        frameon=False,
    )
    return _save(fig, alt)


def _rows_figure(height_in: float, ratios: Sequence[int]) -> Any:
    """A figure of stacked axes whose heights follow `ratios` (bars per panel)."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(WIDTH_IN, height_in), layout="constrained")
        fig.subplots(len(ratios), 1, squeeze=False, height_ratios=list(ratios))
    return fig


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
def stacked(
    bars: Sequence[tuple[str, dict[str, float]]],
    unit_note: str,
    alt: str,
    colours: dict[str, str] | None = None,
) -> Chart:
    """Horizontal 100 % bars, one per breakdown, components in a shared order and colour
    (`colours`: a fixed colour per component name, so that several figures agree)."""
    names: list[str] = []
    for _, parts in bars:
        names.extend(n for n in parts if n not in names)
    if colours:
        names.sort(key=lambda n: list(colours).index(n) if n in colours else len(colours))
    fig, (ax,) = _figure(max(0.7 + 0.45 * len(bars), 0.4 + 0.16 * len(names)))
    labelled: set[str] = set()
    for row, (_, parts) in enumerate(bars):
        total = sum(parts.values()) or 1.0
        left = 0.0
        for k, name in enumerate(names):
            share = 100.0 * parts.get(name, 0.0) / total
            if share <= 0:
                continue
            colour = (colours or {}).get(name, PALETTE[k % len(PALETTE)])
            ax.barh(
                row,
                share,
                left=left,
                color=colour,
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
                    color="white" if _dark(colour) else "black",
                )
            left += share
    ax.set_yticks(range(len(bars)), [title for title, _ in bars])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"share of repeat unit (%) {unit_note}".strip())
    ax.grid(axis="y", visible=False)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return _save(fig, alt)


def _dark(colour: str) -> bool:
    """True for a colour dark enough to take white text (relative luminance below 0.4)."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.4


@_styled
def hbars(
    labels: Sequence[str],
    values: Sequence[float],
    texts: Sequence[str],
    colours: Sequence[str],
    xlabel: str,
    title: str,
    alt: str,
) -> Chart:
    """Horizontal bars, one per label (labels on the axis, so long names never overprint), the
    value printed at the end of each bar."""
    fig, (ax,) = _figure(0.5 + 0.24 * len(labels))
    ys = list(range(len(labels)))
    bars = ax.barh(ys, values, color=list(colours), edgecolor="#333333", linewidth=0.4)
    for bar, text in zip(bars, texts, strict=True):
        ax.annotate(
            text,
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=6.5,
        )
    ax.set_yticks(ys, list(labels))
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left")
    ax.margins(x=0.12)
    ax.grid(axis="y", visible=False)
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
    # Reference lines go in the legend (close values would overprint as labels on the plot).
    for k, (label, y) in enumerate(hlines):
        ax.axhline(
            y,
            color=PALETTE[(k + len(curves)) % len(PALETTE)],
            linestyle=("--", ":", "-.")[k % 3],
            linewidth=1.0,
            label=label,
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
    panels = [(axes[0], density, "cell energy density (Wh/L)")]
    if has_cost:
        panels.append((axes[1], cost, "cell cost (USD/kWh)"))
    style: dict[str, Any] = (
        {"c": cost[cloud], "cmap": "viridis"} if has_cost else {"color": PALETTE[0]}
    )
    for k, (ax, x, label) in enumerate(panels):
        points = ax.scatter(x[cloud], energy[cloud], s=5, linewidths=0, alpha=0.8, **style)
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
        ax.set_ylabel("cell specific energy (Wh/kg)")
        if k == 0:
            ax.legend(frameon=False, loc="lower right")
    if has_cost:
        fig.colorbar(points, ax=axes[0], label="cell cost (USD/kWh)", shrink=0.85)
    return _save(fig, alt)


def parallel_chart(
    axes: Sequence[tuple[str, Sequence[str] | None, Sequence[float]]],
    highlight: Sequence[bool],
    alt: str,
) -> Any:
    """Parallel coordinates: one vertical axis per (title, categories or None, values), each
    scaled from its lowest to its highest value, one line per candidate (`highlight`: dark)."""
    return _styled(_parallel_chart)(
        [(t, list(c) if c is not None else None, list(v)) for t, c, v in axes],
        list(highlight),
        alt,
    )


def _parallel_chart(
    axes: list[tuple[str, list[str] | None, list[float]]], highlight: list[bool], alt: str
) -> Chart:
    import numpy as np

    fig, (ax,) = _figure(3.0)
    n = len(highlight)
    scaled = np.zeros((len(axes), n))
    for j, (_, cats, values) in enumerate(axes):
        v = np.asarray(values, dtype=float)
        lo, hi = (0.0, max(len(cats) - 1, 1)) if cats is not None else (v.min(), v.max())
        scaled[j] = (v - lo) / (hi - lo) if hi > lo else 0.5
    xs = list(range(len(axes)))
    for i in sorted(range(n), key=lambda i: highlight[i]):
        ax.plot(
            xs,
            scaled[:, i],
            color=PALETTE[0] if highlight[i] else "#B8C4CE",
            linewidth=1.0 if highlight[i] else 0.7,
            alpha=0.9,
            zorder=2 if highlight[i] else 1,
        )
    for j, (_, cats, values) in enumerate(axes):
        ax.axvline(j, color="#555555", linewidth=0.6, zorder=0)
        if cats is not None:
            ticks = [(k / max(len(cats) - 1, 1), c) for k, c in enumerate(cats)]
        else:
            lo, hi = min(values), max(values)
            ticks = [(0.0, f"{lo:.4g}"), (1.0, f"{hi:.4g}")] if hi > lo else [(0.5, f"{lo:.4g}")]
        for y, text in ticks:
            ax.annotate(
                textwrap.shorten(text, 14, placeholder="…"),
                (j, y),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=6,
                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8},
                zorder=3,
            )
    ax.set_xticks(xs, [textwrap.fill(t, 13) for t, _, _ in axes], fontsize=6)
    ax.set_xlim(-0.2, len(axes) - 0.4)
    ax.set_ylim(-0.08, 1.08)
    ax.set_yticks([])
    ax.grid(False)
    ax.spines["left"].set_visible(False)
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


COLUMNS = ("family", "design", "ip-area")  # left to right: families, materials, IP areas


@_styled
def knowledge_graph(
    nodes: Sequence[GraphNode], edges: Sequence[GraphEdge], alt: str, height: float = 3.4
) -> Chart:
    """The design's neighbourhood in the knowledge graph, laid out in three columns (families,
    the design's materials, IP areas) so that no two labels can overlap: each column stacks its
    boxes evenly and the figure grows with the longest column. Compatibility relations between
    materials are arcs on the materials' column, coloured by severity and named in a table
    beside the figure rather than on the line."""
    from matplotlib.patches import FancyArrowPatch

    columns: dict[str, list[GraphNode]] = {c: [] for c in COLUMNS}
    for node in sorted(nodes, key=lambda n: n.label.lower()):
        columns.setdefault(node.group, []).append(node)
    longest = max((len(v) for v in columns.values()), default=1)
    fig, (ax,) = _figure(max(height, 0.45 * longest + 0.6))
    xs = {c: float(i) for i, c in enumerate(COLUMNS)}
    pos: dict[str, tuple[float, float]] = {}
    for column, members in columns.items():
        n = len(members)
        for k, node in enumerate(members):
            pos[node.id] = (xs.get(column, 1.0), 1.0 - (k + 0.5) / max(n, 1))
    for edge in edges:
        if edge.source not in pos or edge.target not in pos:
            continue
        (x0, y0), (x1, y1) = pos[edge.source], pos[edge.target]
        colour = _SEVERITY_COLOUR.get(edge.severity, "#9AA5AE")
        width = 1.6 if severity_rank(edge.severity) < severity_rank("info") else 0.8
        if x0 == x1:  # two materials: an arc to the left of their column
            ax.add_patch(
                FancyArrowPatch(
                    (x0 - 0.18, y0),
                    (x1 - 0.18, y1),
                    connectionstyle="arc3,rad=0.5",
                    arrowstyle="-",
                    color=colour,
                    linewidth=width,
                    zorder=1,
                )
            )
        else:
            ax.plot([x0, x1], [y0, y1], color=colour, linewidth=width, zorder=1)
    for node in nodes:
        face, text = _GROUP_STYLE.get(node.group, ("#DDDDDD", "#222222"))
        x, y = pos[node.id]
        ax.text(
            x,
            y,
            textwrap.fill(node.label, 26),
            fontsize=6.5,
            color=text,
            ha="center",
            va="center",
            zorder=3,
            bbox={"boxstyle": "round,pad=0.3", "fc": face, "ec": "#555555", "lw": 0.5},
        )
    for column, title in zip(
        COLUMNS, ("families", "the design's materials", "IP areas"), strict=True
    ):
        ax.text(xs[column], 1.04, title, ha="center", va="bottom", fontsize=7, color="#555555")
    ax.set_xlim(-0.45, len(COLUMNS) - 0.55)
    ax.set_ylim(-0.02, 1.1)
    ax.set_axis_off()
    return _save(fig, alt)
