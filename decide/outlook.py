"""What the reports show beyond an Assessment, computed here so that reports only present it.

The design review shows the cell cost if the design were built in each year of the electrolyte
price series, the Arrhenius conductivity of each electrolyte layer over and around the operating
range (and which layers lack the data for it), the design's neighbourhood in the knowledge
graph, the published reference cells it is compared with and the lever it recommends. The
briefing shows each example design's cost per price year (its parity table) and the
cathode x solid-electrolyte compatibility matrix. Each report has one entry point here:
`review_outlook` and `brief_outlook`; the results are plain numbers and ids, no chart objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from decide.kb import compatibility
from decide.kb.neighbourhood import Neighbourhood, ip_areas_touched, neighbourhood
from decide.phase.levers import Combination, Lever
from decide.vocab.classes import METAL_ANODES
from decide.vocab.design_fields import MATERIAL_FIELDS
from decide.vocab.metrics import COST

if TYPE_CHECKING:
    from decide.assessment import Assessment
    from decide.design.model import Design
    from decide.kb.base import KnowledgeBase

# The cost metrics worth following across production years.
COST_KEYS: tuple[str, ...] = (
    COST,
    "materials_cost_usd_per_kwh",
    "manufacturing_cost_usd_per_kwh",
    "breakeven_electrolyte_price_usd_per_kg",
)
CONDUCTIVITY = "ionic_conductivity_ms_cm"
ACTIVATION_ENERGY = "activation_energy_ev"
# The conductivity curves reach this far beyond the operating range, in this many points.
TEMPERATURE_MARGIN_C = 20
TEMPERATURE_STEPS = 41


# -- cost by production year --------------------------------------------------------------------


@dataclass(frozen=True)
class YearCost:
    """Cost metrics of a design if it were produced in `year` (only those the model computed)."""

    year: int
    values: dict[str, float]


def cost_by_year(design: Design, kb: KnowledgeBase, years: Iterable[int]) -> list[YearCost]:
    """Run the cell model once per year (prices are year-dependent), other inputs unchanged."""
    from decide.cell import compute

    out = []
    for year in sorted(set(years)):
        metrics = compute(design.model_copy(update={"production_year": year}), kb)
        values = {
            k: float(metrics.values[k])
            for k in COST_KEYS
            if isinstance(metrics.values.get(k), int | float)
        }
        out.append(YearCost(year, values))
    return out


def is_sulfide_series(kb: KnowledgeBase, series: Any) -> bool:
    """True when a price series is about sulfide electrolytes (family or member)."""
    return any(s == "sulfide" or kb.index.is_a(s, "sulfide") for s in series.subjects)


def price_years(kb: KnowledgeBase, extra: Iterable[int] = ()) -> list[int]:
    """Years the sulfide electrolyte price series gives, plus `extra`, sorted."""
    years = set(extra)
    for series in kb.of_kind("price"):
        if is_sulfide_series(kb, series):
            years.update(p.year for p in series.points)
    return sorted(years)


def sensitivity_years(design: Design, kb: KnowledgeBase) -> list[int]:
    """Every year from the first to the last price year (the production year included); empty
    when that span is a single year."""
    years = price_years(kb, [design.production_year] if design.production_year else [])
    return list(range(years[0], years[-1] + 1)) if len(years) >= 2 else []


# -- conductivity -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConductivityCurve:
    """Arrhenius conductivity of one electrolyte material over a temperature grid; `layers` are
    the design layers it conducts in (labels from decide.vocab.design_fields)."""

    layers: tuple[str, ...]
    material: str
    temperatures_c: tuple[float, ...]
    conductivity_ms_cm: tuple[float, ...]
    sources: tuple[str, ...]  # sources of the knowledge-base values behind the curve


@dataclass(frozen=True)
class TransportGap:
    """An electrolyte layer with no curve, and the property names it lacks."""

    layer: str
    material: str
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Conductivity:
    """Curves over the operating range +- TEMPERATURE_MARGIN_C (none without an operating range)
    and the layers that cannot have one."""

    operating_c: tuple[float, float] | None
    curves: tuple[ConductivityCurve, ...]
    gaps: tuple[TransportGap, ...]


def temperature_grid(low_c: float, high_c: float) -> list[float]:
    """TEMPERATURE_STEPS evenly spaced temperatures from `low_c` to `high_c`."""
    n = TEMPERATURE_STEPS - 1
    return [low_c + (high_c - low_c) * i / n for i in range(TEMPERATURE_STEPS)]


def electrolyte_layers(design: Design) -> list[tuple[str, str, Any]]:
    """(layer label, material id, block whose overrides apply) for each layer that conducts Li+
    through a solid electrolyte, cathode to anode."""
    out = []
    for slot in MATERIAL_FIELDS:
        material = design.material_at(slot.path) if slot.electrolyte else None
        if material:
            block = getattr(design, slot.section) if slot.owns_overrides else None
            out.append((slot.label, material, block))
    return out


def conductivity(design: Design, kb: KnowledgeBase, metrics: dict[str, Any]) -> Conductivity:
    """Arrhenius curves of the design's electrolyte layers around its operating range."""
    from decide.cell.metrics import layer_conductivity
    from decide.cell.transport import arrhenius

    lo, hi = metrics.get("min_temperature_c"), metrics.get("max_temperature_c")
    operating = (lo, hi) if isinstance(lo, int | float) and isinstance(hi, int | float) else None
    gaps: list[TransportGap] = []
    shared: dict[tuple[str, float, float], list[str]] = {}  # one curve per material and values
    for layer, material, block in electrolyte_layers(design):
        sigma, ea = layer_conductivity(block, material, kb)
        missing = tuple(n for n, v in ((CONDUCTIVITY, sigma), (ACTIVATION_ENERGY, ea)) if v is None)
        if sigma is None or ea is None:
            gaps.append(TransportGap(layer, material, missing))
        else:
            shared.setdefault((material, sigma, ea), []).append(layer)
    curves = []
    if operating is not None:
        temps = temperature_grid(
            operating[0] - TEMPERATURE_MARGIN_C, operating[1] + TEMPERATURE_MARGIN_C
        )
        for (material, sigma, ea), layers in shared.items():
            curves.append(
                ConductivityCurve(
                    tuple(layers),
                    material,
                    tuple(temps),
                    tuple(float(arrhenius(sigma, ea, t)) for t in temps),
                    _property_sources(kb, material, (CONDUCTIVITY, ACTIVATION_ENERGY)),
                )
            )
    return Conductivity(operating, tuple(curves), tuple(gaps))


def _property_sources(kb: KnowledgeBase, entry_id: str, names: Sequence[str]) -> tuple[str, ...]:
    properties = getattr(kb.entries.get(entry_id), "properties", {}) or {}
    ids = {s for n in names if n in properties for s in properties[n].source}
    return tuple(sorted(ids))


# -- reference cells -----------------------------------------------------------------------------

BASIS_ORDER = ("measured", "model", "projection")
BASELINE_CHEMISTRY = "nmc811"  # the liquid baseline: an NMC811 / graphite cell where recorded


@dataclass(frozen=True)
class References:
    """Published cells to set beside a design: a liquid graphite baseline and the solid-state
    cells of the design's anode class, best first (measured before model before projection,
    then the higher cell, else stack, specific energy, then energy density)."""

    anode_class: str
    baseline: Any | None
    solid_state: tuple[Any, ...]


def _strength(entry: Any) -> tuple[int, float, float]:
    props = entry.properties

    def central(*keys: str) -> float:
        for key in keys:
            if key in props:
                return float(props[key].central)
        return 0.0

    return (
        BASIS_ORDER.index(entry.basis),
        -central("cell_specific_energy_wh_per_kg", "stack_specific_energy_wh_per_kg"),
        -central("cell_energy_density_wh_per_l", "stack_energy_density_wh_per_l"),
    )


def reference_cells(kb: KnowledgeBase, anode_class: str | None) -> References:
    """The liquid NMC811 / graphite baseline and the solid-state references of `anode_class`."""
    entries = kb.of_kind("reference-cell")
    liquid = [e for e in entries if e.electrolyte_class == "liquid" and e.anode_class == "graphite"]
    liquid.sort(key=lambda e: (BASELINE_CHEMISTRY not in e.chemistry.lower(), _strength(e), e.id))
    solid = sorted(
        (e for e in entries if e.electrolyte_class != "liquid" and e.anode_class == anode_class),
        key=lambda e: (_strength(e), e.id),
    )
    return References(anode_class or "", liquid[0] if liquid else None, tuple(solid))


# -- the recommendation --------------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    """What the review recommends: the feasible single lever with the smallest relative change,
    or the combination of levers when the phase layer provides one (CONTRACT section 7)."""

    next_phase: int | None
    lever: Lever | None
    relative_change: float | None  # |required - current| / |current| of that lever
    combination: Combination | None  # phase.combination when no single lever suffices
    statement: str
    combination_reason: str = ""  # why no combination was found
    unsourced: tuple[str, ...] = ()  # levers not proposed: no sourced limit fits this design


def recommendation(assessment: Assessment) -> Recommendation:
    """Choose the most effective way to the next phase from the assessment's levers."""
    phase = assessment.phase
    best: tuple[float, Any] | None = None
    for lever in phase.levers:
        if not lever.feasible or not isinstance(lever.required, int | float):
            continue
        current = lever.current if isinstance(lever.current, int | float) else None
        change = abs(lever.required - current) / abs(current) if current else float("inf")
        if best is None or change < best[0]:
            best = (change, lever)
    combination = getattr(phase, "combination", None)
    return Recommendation(
        phase.next_phase,
        best[1] if best else None,
        best[0] if best and best[0] != float("inf") else None,
        combination,
        phase.statement,
        getattr(phase, "combination_reason", "") or "",
        tuple(lever.lever for lever in phase.levers if lever.limit_id is None),
    )


# -- solid-state test gaps ---------------------------------------------------------------------

CCD = "critical_current_density_ma_cm2"
# Words in a standard's solid_state_gap that mark it as the gap a test-plan row closes.
GAP_WORDS = {"ccd": ("dendrite",), "h2s": ("h2s",), "pressure": ("pressure",)}


@dataclass(frozen=True)
class SolidStateTest:
    """A solid-state test the listed standards do not cover, and why this design needs it.

    `kind` is 'ccd', 'h2s' or 'pressure'; `values` are the numbers and ids behind it; `codes` are
    the findings of this design it answers; `standards` the standards whose recorded gap it fills.
    """

    kind: str
    values: dict[str, Any]
    codes: tuple[str, ...]
    standards: tuple[str, ...]
    sources: tuple[str, ...]


def solid_state_tests(
    assessment: Assessment, kb: KnowledgeBase, standards: Sequence[str]
) -> list[SolidStateTest]:
    """The solid-state tests this design needs beyond `standards`: critical current density
    (lithium-metal or anode-free), H2S release under abuse (a sulfide layer) and stack-pressure
    loss (any solid electrolyte)."""
    design, values = assessment.design, assessment.metrics.values
    fired = {f.code: f for f in assessment.findings}

    def related(kind: str, codes: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...], set]:
        mine = tuple(c for c in codes if c in fired)
        found = tuple(
            s
            for s in standards
            if s in kb.entries
            and any(w in (kb.entries[s].solid_state_gap or "").lower() for w in GAP_WORDS[kind])
        )
        cited = {src for c in mine for src in fired[c].sources}
        cited |= {src for s in found for src in kb.entries[s].source}
        return mine, found, cited

    out: list[SolidStateTest] = []
    layers = [(label, m) for label, m, _ in electrolyte_layers(design)]
    separator = design.material_at("separator.material")
    if values.get("anode_class") in METAL_ANODES:
        prop = getattr(kb.entries.get(separator), "properties", {}).get(CCD) if separator else None
        codes, found, cited = related("ccd", ("SAF002", "CMP006"))
        cited |= set(prop.source) if prop is not None else set()
        out.append(
            SolidStateTest(
                "ccd",
                {
                    "separator": separator,
                    "current_1c_ma_cm2": values.get("areal_capacity_mah_per_cm2"),
                    "ccd": prop,
                    "stack_pressure_mpa": design.operating.stack_pressure_mpa,
                },
                codes,
                found,
                tuple(sorted(cited)),
            )
        )
    sulfides = sorted({m for _, m in layers if kb.index.is_a(m, "sulfide")})
    if sulfides:
        codes, found, cited = related("h2s", ("SAF001", "MFG001"))
        out.append(
            SolidStateTest("h2s", {"materials": sulfides}, codes, found, tuple(sorted(cited)))
        )
    if layers and values.get("electrolyte_class") != "liquid":
        codes, found, cited = related("pressure", ("INT003", "INT004"))
        out.append(
            SolidStateTest(
                "pressure",
                {"stack_pressure_mpa": design.operating.stack_pressure_mpa},
                codes,
                found,
                tuple(sorted(cited)),
            )
        )
    return out


# -- per report ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewOutlook:
    """What the design review shows beyond the Assessment."""

    costs_by_year: tuple[YearCost, ...]  # sensitivity_years(); empty without a span of years
    conductivity: Conductivity
    neighbourhood: Neighbourhood | None
    ip_areas: tuple[str, ...]  # IP areas touching the design's materials or their families
    references: References | None = None
    recommendation: Recommendation | None = None
    solid_state_tests: tuple[SolidStateTest, ...] = ()


def review_outlook(assessment: Assessment, kb: KnowledgeBase) -> ReviewOutlook:
    """Everything the review of `assessment` shows that the Assessment does not hold."""
    design = assessment.design
    app = kb.entries.get(design.application) if design.application else None
    standards = list(getattr(app, "standards", []) or [])
    return ReviewOutlook(
        tuple(cost_by_year(design, kb, sensitivity_years(design, kb))),
        conductivity(design, kb, assessment.metrics.values),
        neighbourhood(design, kb),
        tuple(ip_areas_touched(design, kb)),
        reference_cells(kb, assessment.phase.anode_class),
        recommendation(assessment),
        tuple(solid_state_tests(assessment, kb, standards)),
    )


@dataclass(frozen=True)
class DesignCosts:
    """One design's costs in each price year."""

    design: str
    costs: tuple[YearCost, ...]


@dataclass(frozen=True)
class BriefOutlook:
    """What the briefing shows beyond the knowledge base and the designs' Assessments."""

    years: tuple[int, ...]  # the electrolyte price years the parity table spans
    costs: tuple[DesignCosts, ...]  # one per design, in the order given
    compatibility: compatibility.Matrix  # cathodes x solid electrolytes


def brief_outlook(
    kb: KnowledgeBase, designs: Sequence[Design] = (), years: Sequence[int] | None = None
) -> BriefOutlook:
    """Costs of `designs` in each of `years` (default: the price years) and the compatibility
    matrix of every cathode with every solid electrolyte."""
    span = sorted(set(price_years(kb) if years is None else years))
    costs = tuple(DesignCosts(d.id, tuple(cost_by_year(d, kb, span))) for d in designs)
    matrix = compatibility.matrix(
        kb,
        [m.id for m in kb.with_role("cathode")],
        [m.id for m in kb.with_role("solid-electrolyte")],
    )
    return BriefOutlook(tuple(span), costs, matrix)
