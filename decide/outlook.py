"""What the reports show beyond an Assessment, computed here so that reports only present it.

The design review shows the cell cost if the design were built in each year of the electrolyte
price series, the Arrhenius conductivity of each electrolyte layer over and around the operating
range (and which layers lack the data for it), the design's neighbourhood in the knowledge
graph, the published reference cells it is compared with and the lever it recommends. The
briefing shows the reference designs under low, base and high price paths
(`decide.scenarios`), the industrial view as of its year and the cathode x solid-electrolyte
compatibility matrix. Each report has one entry point here:
`review_outlook` and `brief_outlook`; the results are plain numbers and ids, no chart objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from decide.kb import compatibility, dated
from decide.kb.neighbourhood import Neighbourhood, ip_areas_touched, neighbourhood
from decide.phase.levers import Combination, Lever
from decide.scenarios import (
    ELECTROLYTE,
    LIQUID_TECHNOLOGY,
    PRECURSOR,
    SCENARIOS,
    DesignCostProfile,
    DesignScenario,
    Floor,
    Path,
    cost_profile,
    design_scenario,
    li2s_content,
    li2s_floors,
    li2s_price_for,
    price_paths,
    scenario_kb,
)
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


# -- the briefing ---------------------------------------------------------------------------------

# The year the seed expects parity in, and the focus of the executive summary's cost findings.
PARITY_YEAR = 2030
# The scenario years span at least these (the price anchors and the roadmap's last phase).
SCENARIO_SPAN = (2023, 2035)
REGIONS = ("China", "Japan", "Korea", "EU", "US")


@dataclass(frozen=True)
class Benchmark:
    """A cost the reference designs are measured against, with where it comes from."""

    value: float
    entry: str
    year: int | None = None
    survey_date: str | None = None


@dataclass(frozen=True)
class ScenarioOutlook:
    """The reference designs' costs under one price scenario."""

    scenario: str
    path: Path | None  # the sulfide electrolyte's path under this scenario
    designs: tuple[DesignScenario, ...]
    sulfide_cost: tuple[float, float] | None  # min, max over sulfide designs in PARITY_YEAR
    parity_designs: tuple[str, ...]  # designs meeting the cost target by PARITY_YEAR
    sulfide_annual_change: float | None  # average yearly cost change, first year to PARITY_YEAR


@dataclass(frozen=True)
class PhaseReach:
    """Which roadmap phase a reference design's architecture belongs to, when the roadmap puts
    that phase, which phase's targets it meets, and its gaps to the next one."""

    design: str
    architecture: int | None
    window: tuple[int, int] | None  # the roadmap years of the architecture's phase
    targets_met: int
    next_gaps: tuple[tuple[str, float, float | None], ...]  # (metric, target, actual)
    probability: dict[str, float] | None  # phase -> share of samples, when uncertainty ran


@dataclass(frozen=True)
class Dated:
    """A dated knowledge entry and its status in the briefing's year."""

    id: str
    status: dated.YearStatus


@dataclass(frozen=True)
class MarketOutlook:
    """The industrial view in the briefing's year and region: what is announced, forecast,
    regulated and patented, each with its status in that year."""

    announcements: tuple[Dated, ...]  # by start-of-production year
    forecasts: tuple[str, ...]  # forecast ids (observed volumes included), by year
    policies: tuple[Dated, ...]  # by region, then date
    standards: tuple[Dated, ...]
    patents: tuple[str, ...]
    knowledge_date: str | None  # the latest date any dated entry was confirmed


@dataclass(frozen=True)
class BriefOutlook:
    """What the briefing shows beyond the knowledge base and the designs' Assessments."""

    compatibility: compatibility.Matrix  # cathodes x solid electrolytes
    year: int = PARITY_YEAR  # the year the briefing is written for
    scenario: str = "base"  # the scenario the summary leads with
    region: str | None = None
    scenario_years: tuple[int, ...] = ()
    scenarios: tuple[ScenarioOutlook, ...] = ()
    paths: dict[str, dict[str, Path]] = field(default_factory=dict)  # subject -> scenario -> path
    profiles: tuple[DesignCostProfile, ...] = ()
    target: Benchmark | None = None  # the solid-state cost projection the break-even aims at
    liquid: Benchmark | None = None  # the liquid projection of the same table
    market_cell: Benchmark | None = None  # the latest surveyed Li-ion cell price
    market_pack: Benchmark | None = None  # the latest surveyed Li-ion pack price
    pack_annual_change: float | None = None  # of the surveyed pack price, first to last survey
    breakeven: tuple[float, float] | None = None  # sulfide designs, PARITY_YEAR
    breakeven_liquid: tuple[float, float] | None = None
    breakeven_market: tuple[float, float] | None = None  # against market_cell
    floors: dict[str, Floor] = field(default_factory=dict)  # Li2S floor per Li2S scenario
    li2s_needed: dict[str, tuple[float, float]] = field(default_factory=dict)  # per scenario
    phases: tuple[PhaseReach, ...] = ()
    market: MarketOutlook | None = None

    def chosen(self) -> ScenarioOutlook | None:
        """The scenario the summary leads with."""
        return next((s for s in self.scenarios if s.scenario == self.scenario), None)

    def sulfide_designs(self) -> tuple[str, ...]:
        """Reference designs with a sulfide electrolyte layer and a computed cost."""
        return tuple(p.design for p in self.profiles if p.sulfide and p.costed)


def brief_outlook(
    kb: KnowledgeBase,
    designs: Sequence[Design] = (),
    *,
    year: int = PARITY_YEAR,
    scenario: str = "base",
    region: str | None = None,
    assessments: Sequence[Assessment] = (),
) -> BriefOutlook:
    """Costs of `designs` per year under each price scenario, the break-even electrolyte price,
    the Li2S floor, the phase each reference design reaches, the compatibility matrix of every
    cathode with every solid electrolyte and the industrial view (announcements, forecasts,
    policies, standards, patents) in `year`."""
    matrix = compatibility.matrix(
        kb,
        [m.id for m in kb.with_role("cathode")],
        [m.id for m in kb.with_role("solid-electrolyte")],
    )
    first, last = min(SCENARIO_SPAN[0], year), max(SCENARIO_SPAN[1], year)
    scenario_years = tuple(range(first, last + 1))
    target, liquid, cell, pack, pack_change = _benchmarks(kb)
    profiles = tuple(cost_profile(d, kb, PARITY_YEAR) for d in designs)
    sulfide = {p.design for p in profiles if p.sulfide and p.costed}
    runs = []
    paths = {s: price_paths(kb, s) for s in (ELECTROLYTE, PRECURSOR)}
    for name in SCENARIOS:
        variant = scenario_kb(kb, name)
        rows = tuple(
            design_scenario(
                d,
                variant,
                name,
                scenario_years,
                liquid.value if liquid else None,
                cell.value if cell else None,
            )
            for d in designs
        )
        runs.append(_scenario(name, paths[ELECTROLYTE].get(name), rows, sulfide))
    base = next(r for r in runs if r.scenario == "base")
    floors = li2s_floors(kb, scenario_years)
    content = li2s_content(kb)
    needed = {
        r.scenario: li2s_price_for(r.path.at(PARITY_YEAR), content[0])
        for r in runs
        if r.path is not None and content is not None
    }
    return BriefOutlook(
        matrix,
        year=year,
        scenario=scenario,
        region=region,
        scenario_years=scenario_years,
        scenarios=tuple(runs),
        paths=paths,
        profiles=profiles,
        target=target,
        liquid=liquid,
        market_cell=cell,
        market_pack=pack,
        pack_annual_change=pack_change,
        breakeven=_range(base.designs, sulfide, lambda d: d.at(PARITY_YEAR)[1]),
        breakeven_liquid=_range(
            base.designs, sulfide, lambda d: _at(d.breakeven_liquid, d.years, PARITY_YEAR)
        ),
        breakeven_market=_range(
            base.designs, sulfide, lambda d: _at(d.breakeven_market, d.years, PARITY_YEAR)
        ),
        floors=floors,
        li2s_needed=needed,
        phases=tuple(_reach(kb, a) for a in assessments),
        market=market_outlook(kb, year, region),
    )


def _at(values: Sequence[float | None], years: Sequence[int], year: int) -> float | None:
    return values[list(years).index(year)] if year in years else None


def _range(
    rows: Sequence[DesignScenario], designs: set[str], value: Any
) -> tuple[float, float] | None:
    found = [v for d in rows if d.design in designs and (v := value(d)) is not None]
    return (min(found), max(found)) if found else None


def _scenario(
    name: str, path: Path | None, rows: tuple[DesignScenario, ...], sulfide: set[str]
) -> ScenarioOutlook:
    cost = _range(rows, sulfide, lambda d: d.at(PARITY_YEAR)[0])
    parity = tuple(
        d.design
        for d in rows
        if d.design in sulfide and d.parity_year is not None and d.parity_year <= PARITY_YEAR
    )
    changes = []
    for d in rows:
        if d.design not in sulfide or not d.years:
            continue
        start, end = d.cost[0], _at(d.cost, d.years, PARITY_YEAR)
        if start and end and d.years[0] < PARITY_YEAR:
            changes.append((end / start) ** (1.0 / (PARITY_YEAR - d.years[0])) - 1.0)
    change = sum(changes) / len(changes) if changes else None
    return ScenarioOutlook(name, path, rows, cost, parity, change)


def _benchmarks(
    kb: KnowledgeBase,
) -> tuple[Benchmark | None, Benchmark | None, Benchmark | None, Benchmark | None, float | None]:
    """The solid-state cost target and liquid projection (the seed's Table 2, via the cost model's
    own choice of target), the latest surveyed cell and pack prices and the pack price's average
    yearly change over the surveys."""
    from decide.cell.cost import cost_target

    found = cost_target(kb, PARITY_YEAR)
    target = Benchmark(found[0], found[1]) if found else None
    liquid = None
    if target is not None:
        year = kb.entries[target.entry].year
        for entry in kb.of_kind("projection"):
            prop = entry.properties.get(COST)
            if entry.technology == LIQUID_TECHNOLOGY and entry.year == year and prop is not None:
                liquid = Benchmark(prop.central, entry.id, year)
    cell = _latest_survey(kb, "price-li-ion-cell")
    pack = _latest_survey(kb, "price-li-ion-pack")
    change = None
    series = _survey_series(kb, "price-li-ion-pack")
    if series is not None and len(series.points) >= 2:
        points = sorted(series.points, key=lambda p: p.year)
        span = points[-1].year - points[0].year
        if span > 0 and points[0].central > 0:
            change = (points[-1].central / points[0].central) ** (1.0 / span) - 1.0
    return target, liquid, cell, pack, change


def _survey_series(kb: KnowledgeBase, prefix: str) -> Any:
    """The global surveyed series whose id starts with `prefix` (an overlay's first)."""
    found = [
        e
        for e in kb.of_kind("price")
        if e.id.startswith(prefix) and e.region == "global" and e.unit == "usd_per_kwh"
    ]
    layer = {e.id: getattr(kb.origins.get(e.id), "layer", 0) for e in found}
    return min(found, key=lambda e: (-layer[e.id], e.id), default=None)


def _latest_survey(kb: KnowledgeBase, prefix: str) -> Benchmark | None:
    series = _survey_series(kb, prefix)
    if series is None:
        return None
    point = max(series.points, key=lambda p: p.year)
    return Benchmark(point.central, series.id, point.year, point.survey_date)


def _reach(kb: KnowledgeBase, assessment: Any) -> PhaseReach:
    phase = assessment.phase
    entries = {p.number: p for p in kb.of_kind("phase")}
    entry = entries.get(phase.architecture) if phase.architecture else None
    nxt = phase.targets_met + 1
    gaps = tuple((g.metric, g.target, g.actual) for g in phase.gaps if g.phase == nxt and not g.met)
    spread = getattr(assessment, "uncertainty", None)
    probability = {str(k): v for k, v in spread.phase_probability.items()} if spread else None
    return PhaseReach(
        assessment.design.id,
        phase.architecture,
        (entry.start_year, entry.end_year) if entry else None,
        phase.targets_met,
        gaps,
        dict(probability) if isinstance(probability, dict) else None,
    )


# -- the industrial view --------------------------------------------------------------------------


def region_of(text: str) -> str:
    """A standard's free-text region as one of the briefing's regions ('global' otherwise)."""
    words = text.lower().replace("/", " ").split()
    if "china" in words or "cn" in words:
        return "China"
    if words[:1] == ["us"] or "united" in words or "faa" in text.lower():
        return "US"
    for region in REGIONS:
        if region.lower() in words:
            return region
    return "global"


def _in_region(region: str | None, own: str) -> bool:
    return region is None or own in (region, "global", "UN")


def market_outlook(kb: KnowledgeBase, year: int, region: str | None = None) -> MarketOutlook:
    """Announcements, forecasts, policies, standards and patent studies for `year`, narrowed to
    `region` (plus global and UN items) when one is given."""
    knowledge = dated.knowledge_date(kb)
    announcements = sorted(
        (a for a in kb.of_kind("announcement") if _in_region(region, a.region)),
        key=lambda a: (a.sop_year or 9999, a.company, a.id),
    )
    forecasts = sorted(
        (f for f in kb.of_kind("forecast") if _in_region(region, f.region)),
        key=lambda f: (min(p.year for p in f.points), f.id),
    )
    order = {r: k for k, r in enumerate((*REGIONS, "UN", "global"))}
    policies = sorted(
        (p for p in kb.of_kind("policy") if _in_region(region, p.region)),
        key=lambda p: (order.get(p.region, 99), p.adopted or "", p.id),
    )
    standards = sorted(
        (s for s in kb.of_kind("standard") if _in_region(region, region_of(s.region))),
        key=lambda s: (order.get(region_of(s.region), 99), s.code),
    )
    return MarketOutlook(
        tuple(Dated(a.id, dated.announcement_timing(a, year)) for a in announcements),
        tuple(f.id for f in forecasts),
        tuple(Dated(p.id, dated.policy_status(p, year, knowledge)) for p in policies),
        tuple(Dated(s.id, dated.standard_status(s, year, knowledge)) for s in standards),
        tuple(p.id for p in kb.of_kind("patent-statistics")),
        knowledge,
    )
