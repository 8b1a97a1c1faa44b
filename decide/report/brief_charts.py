"""The briefing's charts: price paths, cost by year, GWh, patents by country, conductivity and
stability window, projections with their bounds, designs against phase targets.

They take plain numbers prepared by the view model and decide nothing. Labels that sit next to
data points are placed by `place_labels`, which tries a few positions around each point and keeps
the first that overlaps no other text; every chart then checks all its texts (tick labels,
annotations, legend, titles) for overlaps and reports them in `Chart.overlaps` when
DECIDE_CHART_CHECK=1, which the tests set and require to be empty. No label placement library
is needed for that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from decide.report.charts import MARKERS, PALETTE, Chart, _figure, _plain_log, _save, _styled

SCENARIO_STYLE = {
    "low": ("#009E73", "--", "v"),
    "base": ("#0072B2", "-", "o"),
    "high": ("#D55E00", ":", "^"),
}
FAMILY_COLOURS = {
    "sulfide": "#E69F00",
    "oxide": "#0072B2",
    "halide": "#009E73",
    "polymer": "#CC79A7",
    "hydride": "#999999",
    "composite": "#56B4E9",
    "hybrid-solid-liquid": "#56B4E9",
    "not-stated": "#999999",
}
# Positions tried around a point, in points: right-above first, then the other corners, then
# further out.
OFFSETS = (
    (4, 2),
    (4, -9),
    (-4, 2),
    (-4, -9),
    (6, 9),
    (6, -16),
    (-6, 9),
    (-6, -16),
    (0, 15),
    (0, -22),
    (12, -3),
    (-12, -3),
)


def family_colour(family: str, families: Sequence[str]) -> str:
    """The colour of a material family (or class): fixed for the common ones, else by order."""
    if family in FAMILY_COLOURS:
        return FAMILY_COLOURS[family]
    return PALETTE[(list(families).index(family) + 5) % len(PALETTE)]


# -- text geometry --------------------------------------------------------------------------------


def _renderer(fig: Any) -> Any:
    """A renderer with the figure laid out (constrained layout run), for measuring texts."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    fig.draw_without_rendering()
    return fig.canvas.get_renderer()


def _texts(fig: Any) -> list[Any]:
    """Every drawn, non-empty text: tick labels inside the view, axis labels, titles,
    annotations, legend entries and figure texts."""
    found: list[Any] = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                loc = tick.get_loc()
                if loc is None or not lo - 1e-9 * abs(hi - lo) <= loc <= hi + 1e-9 * abs(hi - lo):
                    continue
                for label in (tick.label1, tick.label2):
                    if label.get_visible() and label.get_text().strip():
                        found.append(label)
            if axis.label.get_visible() and axis.label.get_text().strip():
                found.append(axis.label)
        found += [t for t in (ax.title, ax._left_title, ax._right_title) if t.get_text().strip()]
        found += [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            found += [t for t in legend.get_texts() if t.get_text().strip()]
    found += [t for t in fig.texts if t.get_visible() and t.get_text().strip()]
    for legend in fig.legends:
        found += [t for t in legend.get_texts() if t.get_text().strip()]
    return found


def overlaps(fig: Any) -> tuple[str, ...]:
    """Pairs of texts whose boxes overlap (by more than half a pixel), as 'a | b', and texts
    that stick out of the figure ('a | outside the figure')."""
    renderer = _renderer(fig)
    boxes = [(t.get_text(), t.get_window_extent(renderer).padded(-0.5)) for t in _texts(fig)]
    page = fig.bbox
    out = [
        f"{text!r} | outside the figure"
        for text, box in boxes
        if box.x0 < page.x0 - 1
        or box.x1 > page.x1 + 1
        or box.y0 < page.y0 - 1
        or box.y1 > page.y1 + 1
    ]
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            if box_a.overlaps(box_b):
                out.append(f"{a!r} | {b!r}")
    return tuple(out)


def _marker_boxes(ax: Any, half: float = 3.5) -> list[Any]:
    """Small boxes around every plotted marker of `ax` (labels should not cover data points)."""
    from matplotlib.transforms import Bbox

    boxes = []
    for line in ax.get_lines():
        if line.get_marker() in (None, "None", "", " "):
            continue
        for x, y in line.get_transform().transform(line.get_xydata()):
            boxes.append(Bbox([[x - half, y - half], [x + half, y + half]]))
    return boxes


def place_labels(
    ax: Any, labels: Sequence[tuple[float, float, str]], *, fontsize: float = 6.5, colour: str = ""
) -> list[str]:
    """Annotate each (x, y, text) at the first offset where it overlaps no other text and stays
    inside the axes; return the texts that found no place (the caller lists them elsewhere)."""
    fig = ax.figure
    renderer = _renderer(fig)
    taken = [t.get_window_extent(renderer) for t in _texts(fig)] + _marker_boxes(ax)
    frame = ax.get_window_extent(renderer)
    left_out = []
    for x, y, text in labels:
        for dx, dy in OFFSETS:
            note = ax.annotate(
                text,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                fontsize=fontsize,
                ha="left" if dx >= 0 else "right",
                va="bottom",
                color=colour or "#222222",
                annotation_clip=False,
            )
            note.set_in_layout(False)
            box = note.get_window_extent(renderer)
            inside = (
                box.x0 >= frame.x0
                and box.x1 <= frame.x1
                and box.y0 >= frame.y0
                and box.y1 <= frame.y1
            )
            if inside and not any(box.overlaps(t) for t in taken):
                taken.append(box)
                break
            note.remove()
        else:
            left_out.append(text)
    return left_out


def _legend_below(
    fig: Any, ncol: int = 2, fontsize: float = 6.5, extra: Sequence[Any] = ()
) -> None:
    """One legend for all panels (and `extra` handles), below them (constrained layout makes
    room for it)."""
    handles, labels = [], []
    for ax in fig.axes:
        h, lab = ax.get_legend_handles_labels()
        for handle, label in zip(h, lab, strict=True):
            if label not in labels:
                handles.append(handle)
                labels.append(label)
    for handle in extra:
        handles.append(handle)
        labels.append(handle.get_label())
    if handles:
        fig.legend(
            handles, labels, loc="outside lower center", ncol=ncol, frameon=False, fontsize=fontsize
        )


def _done(fig: Any, alt: str) -> Chart:
    """Save the figure; with DECIDE_CHART_CHECK=1 (the tests) check its texts for overlaps first
    (a full extra layout, skipped in ordinary runs: labels are placed free of overlaps anyway)."""
    import os

    found = overlaps(fig) if os.environ.get("DECIDE_CHART_CHECK") == "1" else ()
    return replace(_save(fig, alt), overlaps=found)


# -- price paths and costs by year ----------------------------------------------------------------


@dataclass(frozen=True)
class PathLine:
    """A scenario's price path: anchor years and prices, drawn solid between anchors and dotted
    where it is held flat."""

    scenario: str
    label: str
    years: Sequence[float]
    prices: Sequence[float]


@dataclass(frozen=True)
class Quoted:
    """A quoted price: a range (low < high), a single value, or a bound ('max' drawn as a
    downward caret: at most; 'min' an upward caret: at least)."""

    year: float
    low: float
    high: float
    text: str
    bound: str = ""  # "", "max" or "min"


@dataclass(frozen=True)
class Band:
    """A horizontal band (break-even range, a cost floor) with its legend label."""

    label: str
    low: float
    high: float
    colour: str
    hatch: str = ""


@_styled
def price_paths(
    paths: Sequence[PathLine],
    quotes: Sequence[Quoted],
    quote_label: str,
    bands: Sequence[Band],
    span: tuple[int, int],
    ylabel: str,
    alt: str,
) -> Chart:
    """Low, base and high paths on a log scale with the quoted ranges they start from and the
    bands a reader compares them with (break-even, raw-material floor)."""
    fig, (ax,) = _figure(3.5)
    for band in bands:
        ax.axhspan(
            band.low,
            band.high,
            color=band.colour,
            alpha=0.22,
            hatch=band.hatch or None,
            linewidth=0,
            label=band.label,
        )
    for path in paths:
        colour, style, marker = SCENARIO_STYLE.get(path.scenario, ("#555555", "-", "o"))
        xs, ys = list(path.years), list(path.prices)
        ax.plot(
            xs,
            ys,
            color=colour,
            linestyle=style,
            marker=marker,
            markersize=3.5,
            linewidth=1.4,
            label=path.label,
        )
        if xs and xs[-1] < span[1]:
            ax.plot(
                [xs[-1], span[1]],
                [ys[-1], ys[-1]],
                color=colour,
                linestyle=(0, (1, 2)),
                linewidth=0.9,
            )
    labels = []
    for q in quotes:
        if q.bound:
            marker = "v" if q.bound == "max" else "^"
            ax.plot(
                [q.year],
                [q.high if q.bound == "max" else q.low],
                linestyle="none",
                marker=marker,
                markersize=7,
                color="#333333",
                markerfacecolor="white",
                markeredgewidth=1.2,
            )
        elif q.high > q.low:
            ax.vlines([q.year], [q.low], [q.high], color="#333333", linewidth=4, alpha=0.35)
        else:
            ax.plot([q.year], [q.low], "s", color="#333333", markersize=4)
        labels.append((q.year, q.high, q.text))
    ax.plot([], [], color="#333333", linewidth=4, alpha=0.35, label=quote_label)
    _plain_log(ax)
    ax.set_xlim(span[0] - 0.4, span[1] + 0.4)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("year")
    ax.xaxis.get_major_locator().set_params(integer=True)
    _legend_below(fig)
    place_labels(ax, labels)
    return _done(fig, alt)


@dataclass(frozen=True)
class CostBand:
    """A scenario's cost across designs per year: lowest and highest design."""

    scenario: str
    label: str
    years: Sequence[float]
    low: Sequence[float]
    high: Sequence[float]


@dataclass(frozen=True)
class Marker:
    """A single dated value (a surveyed price) or, without year, a horizontal reference line."""

    label: str
    value: float
    year: float | None = None
    colour: str = "#333333"


@_styled
def cost_paths(bands: Sequence[CostBand], refs: Sequence[Marker], ylabel: str, alt: str) -> Chart:
    """Cost by year under each scenario (band from the cheapest to the dearest design) against
    horizontal references and dated benchmarks: the learning view."""
    fig, (ax,) = _figure(3.1)
    for band in bands:
        colour, style, marker = SCENARIO_STYLE.get(band.scenario, ("#555555", "-", "o"))
        ax.fill_between(band.years, band.low, band.high, color=colour, alpha=0.15, linewidth=0)
        ax.plot(
            band.years,
            band.low,
            color=colour,
            linestyle=style,
            linewidth=1.3,
            marker=marker,
            markersize=3,
            markevery=2,
            label=band.label,
        )
        ax.plot(band.years, band.high, color=colour, linestyle=style, linewidth=0.8)
    for k, ref in enumerate(refs):
        if ref.year is None:
            ax.axhline(
                ref.value, color=ref.colour, linestyle=(0, (4, 2)), linewidth=0.9, label=ref.label
            )
        else:
            ax.plot(
                [ref.year],
                [ref.value],
                linestyle="none",
                marker=MARKERS[(k + 3) % 8],
                color=ref.colour,
                markersize=5,
                label=ref.label,
            )
    _plain_log(ax)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("production year")
    ax.xaxis.get_major_locator().set_params(integer=True)
    _legend_below(fig)
    return _done(fig, alt)


# -- market ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GwhPoint:
    """A forecast or observation in GWh: year, value or range, scenario label, kind."""

    label: str
    year: float
    low: float
    high: float
    scenario: str
    kind: str  # shipments, capacity, potential, observed


@dataclass(frozen=True)
class Capacity:
    """A company's stated capacity (GWh; a range when staged) with its class."""

    label: str
    low: float
    high: float
    group: str


KIND_MARKERS = {"shipments": "o", "capacity": "s", "potential": "D", "observed": "X"}


@_styled
def gwh(points: Sequence[GwhPoint], capacities: Sequence[Capacity], alt: str) -> Chart:
    """Left: forecasts and observed volumes in GWh by year (colour: decide's scenario label;
    marker: what is counted). Right: stated company capacities (GWh, log)."""
    import matplotlib

    with matplotlib.rc_context({"figure.constrained_layout.w_pad": 0.08}):
        fig, (left, right) = _figure(3.3, ncols=2)
    for k, p in enumerate(points):
        colour = SCENARIO_STYLE.get(p.scenario, ("#555555", "-", "o"))[0]
        if p.kind == "observed":
            colour = "#333333"
        marker = KIND_MARKERS.get(p.kind, "o")
        x = p.year + 0.12 * ((k % 3) - 1)  # same-year points side by side
        if p.high > p.low:
            left.vlines([x], [p.low], [p.high], color=colour, linewidth=2.5, alpha=0.6)
        left.plot(
            [x],
            [p.high],
            linestyle="none",
            marker=marker,
            color=colour,
            markersize=5,
            label=p.label,
        )
    _plain_log(left)
    left.set_ylabel("GWh")
    left.set_xlabel("year")
    left.xaxis.get_major_locator().set_params(integer=True)
    left.set_title("Forecasts and observed volumes", fontsize=8)
    groups = sorted({c.group for c in capacities})
    ys = range(len(capacities))
    for y, c in zip(ys, capacities, strict=True):
        colour = family_colour(c.group, groups)
        right.barh(y, c.low, color=colour, edgecolor="#333333", linewidth=0.4, height=0.6)
        if c.high > c.low:
            right.barh(
                y,
                c.high - c.low,
                left=c.low,
                color=colour,
                alpha=0.35,
                edgecolor="#333333",
                linewidth=0.4,
                height=0.6,
                hatch="//",
            )
    from matplotlib.patches import Patch

    class_handles = [
        Patch(facecolor=family_colour(g, groups), edgecolor="#333333", linewidth=0.4, label=g)
        for g in groups
    ]
    right.set_yticks(list(ys), [c.label for c in capacities], fontsize=6)
    right.invert_yaxis()
    _plain_log(right, "x")
    right.set_xlabel("GWh/yr (hatched: later stage or option)")
    right.set_title("Announced capacities", fontsize=8)
    right.grid(axis="y", visible=False)
    _legend_below(fig, ncol=2, fontsize=6, extra=class_handles)
    return _done(fig, alt)


# -- patents --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StudyBars:
    """One patent study's shares by country (%)."""

    label: str
    shares: dict[str, float]


@_styled
def patents(
    studies: Sequence[StudyBars],
    countries: Sequence[str],
    trend: dict[str, Sequence[tuple[float, float]]],
    trend_label: str,
    alt: str,
) -> Chart:
    """Left: each study's share by country (never summed across studies). Right: applicant-origin
    share over time for the countries a study follows."""
    fig, (left, right) = _figure(3.2, ncols=2)
    n = max(1, len(studies))
    height = 0.8 / n
    for k, study in enumerate(studies):
        ys = [i + (k - (n - 1) / 2) * height for i in range(len(countries))]
        values = [study.shares.get(c) for c in countries]
        for y, v in zip(ys, values, strict=True):
            if v is None:
                continue
            left.barh(
                y,
                v,
                height=height * 0.9,
                color=PALETTE[k % len(PALETTE)],
                edgecolor="#333333",
                linewidth=0.3,
            )
            left.annotate(
                f"{v:g}",
                (v, y),
                xytext=(2, 0),
                textcoords="offset points",
                va="center",
                fontsize=5.5,
            )

    from matplotlib.patches import Patch

    study_handles = [
        Patch(
            facecolor=PALETTE[k % len(PALETTE)],
            edgecolor="#333333",
            linewidth=0.3,
            label=study.label,
        )
        for k, study in enumerate(studies)
    ]
    left.set_yticks(range(len(countries)), list(countries))
    left.invert_yaxis()
    left.set_xlabel("share of the study's count (%)")
    left.set_xlim(0, 62)
    left.grid(axis="y", visible=False)
    left.set_title("Share by country, per study", fontsize=8)
    labels = []
    for k, (country, points) in enumerate(sorted(trend.items())):
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        right.plot(
            xs,
            ys,
            marker=MARKERS[k % len(MARKERS)],
            color=PALETTE[(k + 3) % 10],
            label=country,
            linewidth=1.3,
            markersize=4,
        )
        labels += [(x, y, f"{y:g} %") for x, y in zip(xs, ys, strict=True)]
    right.set_ylim(0, 60)
    if trend:
        lo = min(p[0] for pts in trend.values() for p in pts)
        hi = max(p[0] for pts in trend.values() for p in pts)
        right.set_xlim(lo - 0.5, hi + 0.7)
    right.set_ylabel("share of applications (%)")
    right.set_xlabel("year of the count")
    right.xaxis.get_major_locator().set_params(integer=True)
    right.set_title(trend_label, fontsize=8)
    _legend_below(fig, ncol=1, fontsize=6, extra=study_handles)
    place_labels(right, labels, fontsize=6)
    return _done(fig, alt)


# -- technology -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConductivityRow:
    """An electrolyte's 25 C conductivity (range) and, when known, its sintered value."""

    label: str
    family: str
    low: float
    high: float
    central: float
    sintered: float | None = None
    note: str = ""  # printed right of the row (e.g. the seed's figure)


@_styled
def conductivity(
    rows: Sequence[ConductivityRow], threshold: float, threshold_label: str, alt: str
) -> Chart:
    """One row per electrolyte (log x): the range as a bar, the central value as a dot, the
    sintered value as a diamond; a vertical line at the liquid-like threshold."""
    fig, (ax,) = _figure(0.9 + 0.2 * len(rows))
    families = sorted({r.family for r in rows})
    for y, r in enumerate(rows):
        colour = family_colour(r.family, families)
        ax.plot(
            [r.low, r.high], [y, y], color=colour, linewidth=5, alpha=0.55, solid_capstyle="butt"
        )
        ax.plot(
            [r.central],
            [y],
            "o",
            color=colour,
            markersize=3.5,
            markeredgecolor="#333333",
            markeredgewidth=0.4,
        )
        right = r.high
        if r.sintered is not None:
            ax.plot([r.sintered], [y], "D", color="white", markeredgecolor="#333333", markersize=4)
            right = max(right, r.sintered)
        if r.note:
            ax.annotate(
                r.note,
                (right, y),
                xytext=(5, 0),
                textcoords="offset points",
                va="center",
                fontsize=6,
            )
    for family in families:
        ax.plot(
            [],
            [],
            color=family_colour(family, families),
            linewidth=5,
            alpha=0.55,
            label=family,
        )
    ax.plot(
        [],
        [],
        "D",
        color="white",
        markeredgecolor="#333333",
        markersize=4,
        label="sintered / hot-pressed",
    )
    ax.axvline(threshold, color="#333333", linestyle="--", linewidth=0.9)
    ax.annotate(
        threshold_label,
        (threshold, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(3, 2),
        textcoords="offset points",
        fontsize=6.5,
        va="bottom",
    )
    ax.set_yticks(range(len(rows)), [r.label for r in rows], fontsize=6.5)
    ax.invert_yaxis()
    _plain_log(ax, "x")
    lows = [r.low for r in rows if r.low > 0]
    highs = [max(r.high, r.sintered or 0) for r in rows]
    ax.set_xlim(min(lows) / 2, max(highs) * 12)
    ax.set_xlabel("ionic conductivity at 25 °C (mS/cm, log)")
    ax.grid(axis="y", visible=False)
    _legend_below(fig, ncol=4, fontsize=6)
    return _done(fig, alt)


@dataclass(frozen=True)
class WindowRow:
    """An electrolyte's stability window (reduction to oxidation limit, V vs Li)."""

    label: str
    family: str
    low: float
    high: float


@_styled
def windows(rows: Sequence[WindowRow], cutoffs: Sequence[tuple[str, float]], alt: str) -> Chart:
    """One row per electrolyte: its window as a bar; dashed lines at cathode cut-offs, labelled
    on top (values closer than 0.25 V share one label)."""
    fig, (ax,) = _figure(0.9 + 0.2 * len(rows))
    families = sorted({r.family for r in rows})
    for y, r in enumerate(rows):
        colour = family_colour(r.family, families)
        ax.plot([r.low, r.high], [y, y], color=colour, linewidth=5, solid_capstyle="butt")
        ax.annotate(
            f"{r.low:g}–{r.high:g} V",
            (r.high, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=5.8,
        )
    for family in families:
        ax.plot([], [], color=family_colour(family, families), linewidth=5, label=family)
    clusters: list[list[float]] = []
    for v in sorted({v for _, v in cutoffs}):
        if clusters and v - clusters[-1][-1] < 0.5:
            clusters[-1].append(v)
        else:
            clusters.append([v])
    for cluster in clusters:
        for v in cluster:
            ax.axvline(v, color="#555555", linestyle="--", linewidth=0.7)
        text = f"{cluster[0]:g}" + (f"\u2013{cluster[-1]:g}" if len(cluster) > 1 else "") + " V"
        ax.annotate(
            text,
            ((cluster[0] + cluster[-1]) / 2, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 3),
            textcoords="offset points",
            fontsize=6,
            ha="center",
            va="bottom",
        )
    ax.set_yticks(range(len(rows)), [r.label for r in rows], fontsize=6.5)
    ax.invert_yaxis()
    ax.set_xlim(0, 7.2)
    ax.set_xlabel("stability window (V vs Li/Li+); dashed: cathode upper cut-offs")
    ax.grid(axis="y", visible=False)
    _legend_below(fig, ncol=4, fontsize=6)
    return _done(fig, alt)


# -- projections and designs ----------------------------------------------------------------------


@dataclass(frozen=True)
class BoundedBar:
    """A bar at a stated value; `bound` 'min' (at least: drawn with an up arrow) or 'max'."""

    label: str
    value: float
    text: str
    bound: str = ""


@dataclass(frozen=True)
class BarPanel:
    """One panel of bounded bars."""

    title: str
    unit: str
    bars: Sequence[BoundedBar]


@_styled
def bounded_bars(panels: Sequence[BarPanel], alt: str) -> Chart:
    """Side-by-side bar panels; a lower bound (500+) carries an upward arrow, its text the bound."""
    fig, axes = _figure(2.5, ncols=len(panels))
    for ax, panel in zip(axes, panels, strict=True):
        xs = list(range(len(panel.bars)))
        for x, bar in zip(xs, panel.bars, strict=True):
            ax.bar(
                x,
                bar.value,
                color=PALETTE[x % len(PALETTE)],
                edgecolor="#333333",
                linewidth=0.5,
                width=0.7,
            )
            lift = 2
            if bar.bound:
                ax.annotate(
                    "",
                    xy=(x, bar.value * (1.12 if bar.bound == "min" else 0.88)),
                    xytext=(x, bar.value),
                    arrowprops={"arrowstyle": "->", "color": "#333333", "lw": 1},
                )
                lift = 14 if bar.bound == "min" else 2
            ax.annotate(
                bar.text,
                (x, bar.value),
                xytext=(0, lift),
                textcoords="offset points",
                ha="center",
                fontsize=6.5,
            )
        ax.set_xticks(xs, [b.label for b in panel.bars], fontsize=6.5)
        ax.set_title(panel.title, fontsize=8)
        ax.set_ylabel(panel.unit)
        ax.margins(y=0.3)
        ax.grid(axis="x", visible=False)
    return _done(fig, alt)


@dataclass(frozen=True)
class DesignPoint:
    """A reference design on the energy plane, with its group (architecture)."""

    label: str
    x: float
    y: float
    group: str


@_styled
def designs_plane(
    points: Sequence[DesignPoint],
    targets: Sequence[tuple[str, float, float | None]],
    xlabel: str,
    ylabel: str,
    alt: str,
) -> Chart:
    """Designs as numbered points (the key is the table beside the chart) against the phase
    target corners; numbers are placed where they overlap nothing."""
    fig, (ax,) = _figure(3.2)
    for k, (label, x, y) in enumerate(targets):
        colour = PALETTE[(k + 3) % len(PALETTE)]
        if y is None:
            ax.axvline(x, color=colour, linestyle="--", linewidth=0.9, label=label)
        else:
            ax.plot(
                [x, x, 10_000],
                [10_000, y, y],
                color=colour,
                linestyle="--",
                linewidth=0.9,
                label=label,
            )
    groups = sorted({p.group for p in points})
    labels = []
    for p in points:
        k = groups.index(p.group)
        ax.plot(
            [p.x],
            [p.y],
            linestyle="none",
            marker=MARKERS[k % len(MARKERS)],
            color=PALETTE[k % len(PALETTE)],
            markersize=5,
        )
        labels.append((p.x, p.y, p.label))
    for k, group in enumerate(groups):
        ax.plot(
            [],
            [],
            linestyle="none",
            marker=MARKERS[k % len(MARKERS)],
            color=PALETTE[k % len(PALETTE)],
            label=group,
        )
    xs = [p.x for p in points] + [t[1] for t in targets]
    ys = [p.y for p in points] + [t[2] for t in targets if t[2] is not None]
    ax.set_xlim(0, max(xs) * 1.15)
    ax.set_ylim(0, max(ys) * 1.15)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    _legend_below(fig, ncol=3)
    place_labels(ax, labels, fontsize=6.5)
    return _done(fig, alt)
