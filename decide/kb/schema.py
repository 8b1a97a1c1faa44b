"""Pydantic models of knowledge-base entries, one per folder of `knowledge/`.

Every model forbids unknown fields. Numbers live in `properties`, whose names carry their unit and
whose values carry their sources; relations to other entries are plain id fields that the graph
builder turns into edges (see `relations`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from decide.models import Name
from decide.vocab.classes import AnodeClass, ElectrolyteClass
from decide.vocab.severity import CompatSeverityName

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.+-]*$", max_length=80)]
SourceIds = list[Id]
# A date to the precision a source gives it: '2026', '2026-07' or '2026-07-01' (see kb.dated).
When = Annotated[str, Field(pattern=r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")]
# How sure a sourced item is (the research notes' legend): high = a company or agency statement
# or two independent reputable reports; medium = one reputable secondary report; low = an
# aggregator, blog or a tool's example input (a lead, or a placeholder, not a fact).
Confidence = Literal["high", "medium", "low"]
# What the item rests on: the company's or agency's own statement, a press report of it, or a
# number decide derived (the derivation is in the note).
Evidence = Literal["primary", "press", "derived"]
ScenarioName = Literal["low", "base", "high"]
# Regions the briefing filters by; 'UN' for UN regulations, 'global' for worldwide figures.
Region = Literal["China", "Japan", "Korea", "EU", "US", "UN", "global"]
# Electrolyte material classes of the draft GB/T terms standard, plus hybrid solid-liquid
# (semi-solid): what a company programme announces (not the cell's liquid-share class).
AnnouncedElectrolyte = Literal[
    "sulfide", "oxide", "polymer", "halide", "composite", "hybrid-solid-liquid", "not-stated"
]
Audience = Literal["policy", "industry", "research"]


def _as_list(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Property(Strict):
    """A sourced number: `value`, or a range with `min`, `typical`, `max` (at least one)."""

    value: float | None = None
    min: float | None = None
    typical: float | None = None
    max: float | None = None
    source: SourceIds = Field(min_length=1)
    note: str | None = None
    condition: str | None = None

    _list_source = field_validator("source", mode="before")(_as_list)

    @model_validator(mode="after")
    def _consistent(self) -> Property:
        given = [v for v in (self.value, self.min, self.typical, self.max) if v is not None]
        if not given:
            raise ValueError("give value, or at least one of min, typical, max")
        if self.value is not None and any(v is not None for v in (self.min, self.typical)):
            raise ValueError("give either value or a range (min, typical, max), not both")
        ordered = [v for v in (self.min, self.typical, self.max) if v is not None]
        if ordered != sorted(ordered):
            raise ValueError("range must satisfy min <= typical <= max")
        return self

    @property
    def central(self) -> float:
        """The value to compute with: value, typical, the middle of min and max, or the bound."""
        return _central(self.value, self.min, self.typical, self.max)

    def bounds(self) -> tuple[float, float]:
        """(low, high) of the range; a single value gives (value, value)."""
        c = self.central
        return (self.min if self.min is not None else c, self.max if self.max is not None else c)

    def text(self, unit: str = "") -> str:
        """Human form: '2 (1-4) mS/cm'."""
        u = f" {unit}" if unit else ""
        if self.value is not None:
            return f"{_num(self.value)}{u}"
        if self.typical is not None and (self.min is not None or self.max is not None):
            lo = _num(self.min) if self.min is not None else ""
            hi = _num(self.max) if self.max is not None else ""
            return f"{_num(self.typical)} ({lo}-{hi}){u}"
        if self.min is not None and self.max is not None:
            return f"{_num(self.min)}-{_num(self.max)}{u}"
        if self.min is not None:
            return f">= {_num(self.min)}{u}"
        if self.max is not None:
            return f"<= {_num(self.max)}{u}"
        return f"{_num(self.typical)}{u}"  # type: ignore[arg-type]


def _central(
    value: float | None, low: float | None, typical: float | None, high: float | None
) -> float:
    if value is not None:
        return value
    if typical is not None:
        return typical
    if low is not None and high is not None:
        return (low + high) / 2
    found = low if low is not None else high
    if found is None:
        raise ValueError("a property needs value, or at least one of min, typical, max")
    return found


def _num(x: float) -> str:
    return f"{x:g}" if abs(x) < 1e6 else f"{x:.3g}"


class Trait(Strict):
    """A sourced qualitative fact (e.g. `lithium_metal_stability: passivating`)."""

    value: str | bool
    source: SourceIds = Field(min_length=1)
    note: str | None = None

    _list_source = field_validator("source", mode="before")(_as_list)


class Entry(Strict):
    """Fields every entry has."""

    id: Id
    name: Name
    description: str | None = None
    source: SourceIds = Field(default_factory=list)
    notes: str | None = None

    _list_source = field_validator("source", mode="before")(_as_list)

    kind: str = "entry"

    def relations(self) -> list[tuple[str, str]]:
        """(relation, target id) pairs this entry declares, besides citations."""
        return []

    def cited(self) -> set[str]:
        """Every source id this entry cites, anywhere in it."""
        found: set[str] = set(self.source)
        for value in self.__dict__.values():
            found |= _sources_in(value)
        return found


def _sources_in(value: Any) -> set[str]:
    if isinstance(
        value, Property | Trait | Fact | PricePoint | IdDefault | Milestone | Decision | PatentCount
    ):
        return set(value.source)
    if isinstance(value, dict):
        out: set[str] = set()
        for v in value.values():
            out |= _sources_in(v)
        return out
    if isinstance(value, list | tuple):
        out = set()
        for v in value:
            out |= _sources_in(v)
        return out
    return set()


class Fact(Strict):
    """A sourced statement, optionally with a number (landscape facts, recommendations)."""

    text: str
    value: float | None = None
    unit: str | None = None
    source: SourceIds = Field(min_length=1)

    _list_source = field_validator("source", mode="before")(_as_list)


class Source(Strict):
    """Where a fact comes from: a paper, a standard, a report, a web page or the seed article."""

    id: Id
    kind: Literal["source"] = "source"
    type: Literal["paper", "standard", "report", "web", "seed", "book", "dataset"]
    citation: str
    doi: str | None = None
    url: str | None = None
    standard_id: str | None = None
    year: int | None = None
    used_for: str = Field(min_length=3)
    verified: str | None = None

    def cited(self) -> set[str]:
        return set()

    def relations(self) -> list[tuple[str, str]]:
        return []


MaterialRole = Literal[
    "solid-electrolyte",
    "cathode",
    "anode",
    "coating",
    "interlayer",
    "current-collector",
    "binder",
    "conductive-additive",
    "liquid-electrolyte",
    "separator",
    "packaging",
    "precursor",
]


# How a compatibility entry relates its subject to its object (rule conditions match on these too).
RelationName = Literal[
    "reduced_by",
    "oxidised_by",
    "reacts_with",
    "co_sintering_reaction",
    "hydrolysed_by",
    "low_conductivity_below",
    "compatible_with",
    "high_interface_resistance_with",
    "requires",
]


class Family(Entry):
    """A family of materials (sulfide, argyrodite, garnet ...); rules on a family reach members."""

    kind: Literal["family"] = "family"
    parent: Id | None = None

    def relations(self) -> list[tuple[str, str]]:
        return [("subfamily_of", self.parent)] if self.parent else []


class Material(Entry):
    """A material with sourced properties and traits."""

    kind: Literal["material"] = "material"
    formula: str | None = None
    roles: list[MaterialRole] = Field(min_length=1)
    family: list[Id] = Field(default_factory=list)
    properties: dict[str, Property] = Field(default_factory=dict)
    traits: dict[str, Trait] = Field(default_factory=dict)
    capacity_model: dict[str, Property] | None = None

    _list_family = field_validator("family", mode="before")(_as_list)

    def relations(self) -> list[tuple[str, str]]:
        return [("member_of", f) for f in self.family]


class Condition(Strict):
    """When a compatibility relation applies."""

    contact: str | None = None
    min_cathode_voltage_v: float | None = None
    max_cathode_voltage_v: float | None = None
    max_temperature_c: float | None = None
    min_temperature_c: float | None = None
    min_processing_temperature_c: float | None = None
    max_dew_point_c: float | None = None
    text: str | None = None


class Compatibility(Entry):
    """A sourced relation between two materials or families, with severity and mitigations."""

    kind: Literal["compatibility"] = "compatibility"
    subject: Id
    object: Id
    relation: RelationName
    severity: CompatSeverityName
    condition: Condition = Field(default_factory=Condition)
    mitigated_by: list[Id] = Field(default_factory=list)
    mitigation: str
    evidence: str
    source: SourceIds = Field(min_length=1)
    csv_rule: str | None = None

    def relations(self) -> list[tuple[str, str]]:
        rel = [("concerns", self.subject), ("concerns", self.object)]
        return rel + [("mitigated_by", m) for m in self.mitigated_by]


class Milestone(Strict):
    """A dated event of a standard, policy or project; `planned` when it had not happened when
    the source was written."""

    when: When
    event: str
    planned: bool = False
    source: SourceIds = Field(min_length=1)
    confidence: Confidence | None = None
    note: str | None = None

    _list_source = field_validator("source", mode="before")(_as_list)


class Standard(Entry):
    """A test or safety standard, and whether it addresses solid-state specifics.

    `status` is as of `status_as_of`; `in_force` is when it applies (mandatory standards);
    `milestones` hold the dated steps (draft, comments, planned approval and publication) that
    `decide kb check` compares with today and the briefing with its year.
    """

    kind: Literal["standard"] = "standard"
    code: str
    edition: str | None = None
    status: str
    region: str
    level: list[Literal["material", "cell", "module", "pack", "system", "vehicle", "installation"]]
    tests: list[str] = Field(min_length=1)
    applications: list[Id] = Field(default_factory=list)
    solid_state_specific: bool
    solid_state_gap: str | None = None
    mandatory: bool = False
    properties: dict[str, Property] = Field(default_factory=dict)
    source: SourceIds = Field(min_length=1)
    status_as_of: When | None = None
    in_force: When | None = None
    milestones: list[Milestone] = Field(default_factory=list)
    review_by: When | None = None

    def relations(self) -> list[tuple[str, str]]:
        return [("applies_to", a) for a in self.applications]


class IpArea(Entry):
    """A patent landscape area, the materials and design choices it touches, sourced facts."""

    kind: Literal["ip-area"] = "ip-area"
    covers: str
    materials: list[Id] = Field(default_factory=list)
    families: list[Id] = Field(default_factory=list)
    design_choices: list[str] = Field(default_factory=list)
    landscape: list[Fact] = Field(default_factory=list)
    source: SourceIds = Field(min_length=1)

    def relations(self) -> list[tuple[str, str]]:
        return [("touches", m) for m in self.materials + self.families]


class Phase(Entry):
    """A roadmap phase as the seed article states it."""

    kind: Literal["phase"] = "phase"
    number: int = Field(ge=1, le=9)
    start_year: int
    end_year: int
    anode_classes: list[str] = Field(min_length=1)
    anode_description: str
    targets: dict[str, Property]
    focus: list[str]
    applications: list[Id] = Field(default_factory=list)
    properties: dict[str, Property] = Field(default_factory=dict)
    source: SourceIds = Field(min_length=1)

    def relations(self) -> list[tuple[str, str]]:
        return [("serves", a) for a in self.applications]


class Application(Entry):
    """A market application with its requirements and the standards it faces."""

    kind: Literal["application"] = "application"
    region: list[str] = Field(default_factory=lambda: ["global"])
    requirements: dict[str, Property] = Field(default_factory=dict)
    standards: list[Id] = Field(default_factory=list)
    source: SourceIds = Field(min_length=1)

    def relations(self) -> list[tuple[str, str]]:
        return [("tested_under", s) for s in self.standards]


class PricePoint(Strict):
    """A price in one year: a value or a range, with sources."""

    year: int = Field(ge=1990, le=2100)
    value: float | None = Field(default=None, ge=0)
    min: float | None = Field(default=None, ge=0)
    typical: float | None = Field(default=None, ge=0)
    max: float | None = Field(default=None, ge=0)
    source: SourceIds = Field(min_length=1)
    note: str | None = None
    confidence: Confidence | None = None  # None: the series' confidence
    survey_date: When | None = None  # when the survey or quotation behind the point was published

    _list_source = field_validator("source", mode="before")(_as_list)

    @model_validator(mode="after")
    def _given(self) -> PricePoint:
        if all(v is None for v in (self.value, self.min, self.typical, self.max)):
            raise ValueError("give value, or at least one of min, typical, max")
        ordered = [v for v in (self.min, self.typical, self.max) if v is not None]
        if ordered != sorted(ordered):
            raise ValueError("range must satisfy min <= typical <= max")
        return self

    @property
    def central(self) -> float:
        """Value, typical, middle of the range, or the one bound given (as Property.central)."""
        return _central(self.value, self.min, self.typical, self.max)


class PriceSeries(Entry):
    """Prices of a material (or a cost item) over years; interpolated between points."""

    kind: Literal["price"] = "price"
    subjects: list[Id] = Field(min_length=1)
    unit: Literal["usd_per_kg", "usd_per_kwh", "usd_per_m2"]
    region: str = "global"
    points: list[PricePoint] = Field(min_length=1)
    confidence: Confidence | None = None
    review_by: When | None = None

    def relations(self) -> list[tuple[str, str]]:
        return [("price_of", s) for s in self.subjects]

    def low_confidence(self) -> bool:
        """True when the series or any of its points is marked `confidence: low`."""
        return self.confidence == "low" or any(p.confidence == "low" for p in self.points)


class PricePath(Entry):
    """A low or high price path of a material or family: decide's scenario, built from named,
    sourced anchors (the base path is the price series the cost model uses).

    `construction` says how the path was built; each point cites the source of its anchor.
    """

    kind: Literal["scenario"] = "scenario"
    scenario: Literal["low", "high"]
    subjects: list[Id] = Field(min_length=1)
    unit: Literal["usd_per_kg"]
    construction: str = Field(min_length=10)
    points: list[PricePoint] = Field(min_length=1)
    confidence: Confidence | None = None
    source: SourceIds = Field(min_length=1)

    def relations(self) -> list[tuple[str, str]]:
        return [("price_of", s) for s in self.subjects]


class Projection(Entry):
    """A performance projection for a technology in a year (the seed's Table 2)."""

    kind: Literal["projection"] = "projection"
    technology: Literal["liquid", "semi-solid", "solid-state"]
    year: int
    properties: dict[str, Property]
    source: SourceIds = Field(min_length=1)


# The computed findings a decision can rest on (decide.outlook computes them for the briefing).
FindingName = Literal[
    "parity", "breakeven", "li2s-floor", "phase", "standards", "patents", "market", "policy"
]


class Decision(Strict):
    """A decision the briefing may recommend: who owns it, by when, and what shows progress.

    `by` is a fixed date (a regulatory deadline); otherwise the horizon is `within_years` of the
    briefing's year. `rests_on` names the computed finding shown beside it; `source` backs the
    premises of the text.
    """

    text: str
    owner: str
    by: When | None = None
    within_years: int | None = Field(default=None, ge=0, le=30)
    indicator: str
    audiences: list[Audience] = Field(min_length=1)
    regions: list[Region] = Field(default_factory=list)  # empty: every region
    rests_on: FindingName | None = None
    about: list[Id] = Field(default_factory=list)  # the policies or standards it answers to
    priority: int = Field(default=5, ge=1, le=9)  # 1 leads the executive summary
    source: SourceIds = Field(min_length=1)

    _list_source = field_validator("source", mode="before")(_as_list)

    @model_validator(mode="after")
    def _horizon(self) -> Decision:
        if (self.by is None) == (self.within_years is None):
            raise ValueError("give exactly one of by (a date) and within_years")
        return self


class Imperative(Entry):
    """A strategic imperative, concrete sourced recommendations and the decisions they imply."""

    kind: Literal["imperative"] = "imperative"
    statement: str
    recommendations: list[Fact] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    related: list[Id] = Field(default_factory=list)
    source: SourceIds = Field(min_length=1)

    def relations(self) -> list[tuple[str, str]]:
        about = [a for d in self.decisions for a in d.about]
        return [("concerns", r) for r in self.related] + [("answers_to", a) for a in about]


class Announcement(Entry):
    """A company's announced solid-state (or hybrid) cell programme: capacity, start of production
    and status, as of `as_of`."""

    kind: Literal["announcement"] = "announcement"
    company: str
    partners: list[str] = Field(default_factory=list)
    product: str
    electrolyte_class: AnnouncedElectrolyte
    region: Region  # the company's home region
    site: str | None = None
    capacity_gwh: Property | None = None  # stated cell capacity per year; None: no GWh stated
    capacity_note: str | None = None  # what was stated instead (tonnes, vehicles, floor area)
    sop_year: int | None = Field(default=None, ge=2000, le=2100)  # start of (mass) production
    sop_year_latest: int | None = Field(default=None, ge=2000, le=2100)  # when a span is stated
    sop_note: str | None = None
    status: Literal["announced", "pilot", "demo-fleet", "production", "delayed", "cancelled"]
    announced: When
    as_of: When  # when the status was last confirmed by a source
    confidence: Confidence
    evidence: Evidence
    review_by: When | None = None
    source: SourceIds = Field(min_length=1)

    @model_validator(mode="after")
    def _span(self) -> Announcement:
        if self.sop_year_latest is not None and (
            self.sop_year is None or self.sop_year_latest < self.sop_year
        ):
            raise ValueError("sop_year_latest needs sop_year and may not precede it")
        return self


class Forecast(Entry):
    """A published market forecast (GWh or share by year), with decide's scenario label.

    Definitions differ between publishers (most Chinese forecasts count semi-solid cells as
    solid-state): `scope` says what is counted; forecasts are never added up.
    """

    kind: Literal["forecast"] = "forecast"
    publisher: str
    metric: Literal["shipments_gwh", "capacity_gwh", "market_potential_gwh", "share_pct"]
    scope: str
    includes_semi_solid: bool | None = None
    region: Region
    scenario: ScenarioName
    scenario_basis: str  # why this label (the source's own case, or decide's reading of it)
    observed: bool = False  # a measured volume (installations, shipments), not a forecast
    points: list[PricePoint] = Field(min_length=1)
    published: When
    confidence: Confidence
    evidence: Evidence
    review_by: When | None = None
    source: SourceIds = Field(min_length=1)


PatentCountry = Literal["China", "Japan", "Korea", "US", "Europe"]


class PatentCount(Strict):
    """A country's or company's patent count and/or share in one study; `derived` when decide
    computed it (share x total), which the note states."""

    count: float | None = Field(default=None, ge=0)
    share_pct: float | None = Field(default=None, ge=0, le=100)
    approximate: bool = False  # the source says 'about', 'nearly', 'over'
    derived: bool = False
    confidence: Confidence | None = None  # None: the study's confidence
    source: SourceIds = Field(min_length=1)
    note: str | None = None

    _list_source = field_validator("source", mode="before")(_as_list)

    @model_validator(mode="after")
    def _given(self) -> PatentCount:
        if self.count is None and self.share_pct is None:
            raise ValueError("give count or share_pct")
        return self


class PatentStatistics(Entry):
    """Patent counts of one study by country (and optionally by year). Studies differ in office,
    period and unit: `basis` says what is counted; rows of different studies are never added."""

    kind: Literal["patent-statistics"] = "patent-statistics"
    publisher: str
    basis: str
    unit: Literal["families", "applications", "priority-filings", "patents"]
    by: Literal["applicant-origin", "filing-office", "not-stated"]
    period: str
    total: Property | None = None
    by_country: dict[PatentCountry, PatentCount] = Field(default_factory=dict)
    by_company: dict[str, PatentCount] = Field(default_factory=dict)
    by_year: list[PricePoint] = Field(default_factory=list)  # world totals per year
    share_by_year: dict[PatentCountry, list[PricePoint]] = Field(default_factory=dict)  # %
    confidence: Confidence
    evidence: Evidence
    source: SourceIds = Field(min_length=1)


class Policy(Entry):
    """A policy, regulation or programme of one region and what it requires of (or gives to)
    batteries, with its dates; `status` as of `status_as_of`."""

    kind: Literal["policy"] = "policy"
    region: Region
    instrument: str
    instrument_type: Literal[
        "regulation", "technical-regulation", "tax-credit", "funding", "strategy", "standards-plan"
    ]
    provision: str  # what it requires of, or offers to, batteries
    adopted: When | None = None
    in_force: When | None = None  # when its obligations apply
    ends: When | None = None  # when it ends or was terminated
    milestones: list[Milestone] = Field(default_factory=list)
    amount: str | None = None  # funding or credit, as the source states it
    status: Literal["proposed", "draft", "adopted", "in-force", "ended"]
    status_as_of: When
    confidence: Confidence
    evidence: Evidence
    review_by: When | None = None
    source: SourceIds = Field(min_length=1)


class CellFormat(Entry):
    """A cell format (pouch, cylindrical, prismatic) with the sourced geometry of its housing.

    The format model (`decide.cell.formats`) derives the cell's capacity, mass, dimensions and
    packaging shares from the stack and these parameters; `materials` names the housing parts'
    materials (their densities come from the knowledge base).
    """

    kind: Literal["format"] = "format"
    geometry: Literal["pouch", "cylindrical", "prismatic"]
    properties: dict[str, Property] = Field(default_factory=dict)
    materials: dict[Literal["can", "positive_terminal", "negative_terminal"], Id] = Field(
        default_factory=dict
    )
    source: SourceIds = Field(min_length=1)

    def relations(self) -> list[tuple[str, str]]:
        return [("uses", m) for m in self.materials.values()]


class DefaultSelector(Strict):
    """Which designs a default fits; every given key must match (most specific entry wins)."""

    material: list[Id] = Field(default_factory=list)  # the section's material, or its family
    electrolyte: list[Id] = Field(default_factory=list)  # the layer's solid electrolyte family
    anode_class: list[str] = Field(default_factory=list)
    liquid: bool | None = None  # the design has a liquid electrolyte
    format: list[Id] = Field(default_factory=list)

    def specificity(self) -> int:
        """How many keys constrain the match."""
        return sum(
            1 for v in (self.material, self.electrolyte, self.anode_class, self.format) if v
        ) + (self.liquid is not None)


class IdDefault(Strict):
    """A default choice of a material id, with its source."""

    value: Id
    source: SourceIds = Field(min_length=1)
    note: str | None = None

    _list_source = field_validator("source", mode="before")(_as_list)


class DesignDefault(Entry):
    """Sourced values the tool fills into a design section that leaves them open.

    Every filled value is reported as an assumption with these sources; a value the design gives
    always wins.
    """

    kind: Literal["design-default"] = "design-default"
    section: Literal[
        "design",
        "cathode",
        "separator",
        "anode",
        "current_collectors",
        "liquid_electrolyte",
        "cell",
    ]
    when: DefaultSelector = Field(default_factory=DefaultSelector)
    values: dict[str, Property] = Field(default_factory=dict)
    ids: dict[str, IdDefault] = Field(default_factory=dict)
    source: SourceIds = Field(min_length=1)

    def relations(self) -> list[tuple[str, str]]:
        found = [("default_for", m) for m in self.when.material + self.when.electrolyte]
        found += [("default_for", f) for f in self.when.format]
        return found + [("defaults_to", d.value) for d in self.ids.values()]


class LimitSelector(Strict):
    """Which designs a lever limit fits; every given key must match (the most specific wins).

    Ids match the design's material or any family it belongs to.
    """

    separator: list[Id] = Field(default_factory=list)  # separator material or its family
    catholyte: list[Id] = Field(default_factory=list)
    cathode: list[Id] = Field(default_factory=list)  # cathode active material or its family
    anode_class: list[str] = Field(default_factory=list)
    electrolyte_class: list[ElectrolyteClass] = Field(default_factory=list)

    def specificity(self) -> int:
        """How many keys constrain the match."""
        keys = (self.separator, self.catholyte, self.cathode, self.anode_class)
        return sum(1 for v in (*keys, self.electrolyte_class) if v)

    def ids(self) -> list[str]:
        """The material and family ids the selector names."""
        return [*self.separator, *self.catholyte, *self.cathode]


class LeverLimit(Entry):
    """A realistic limit of a design lever: the most that has been demonstrated, with sources.

    `lever` is the dotted design field "what it would take" moves; `quantity` is what the limit
    bounds: the lever's own field, or a metric the change moves (a catholyte volume share, a
    cathode thickness). `bound` says which side the limit is on.
    """

    kind: Literal["lever-limit"] = "lever-limit"
    lever: str = Field(pattern=r"^[a-z_]+\.[a-z0-9_]+$")
    quantity: str = Field(pattern=r"^[a-z][a-z0-9_.]*$")
    bound: Literal["min", "max"]
    limit: Property
    when: LimitSelector = Field(default_factory=LimitSelector)
    source: SourceIds = Field(min_length=1)

    def relations(self) -> list[tuple[str, str]]:
        return [("limit_for", i) for i in self.when.ids()]


class ReferenceCell(Entry):
    """A published cell a design review compares against: its class and sourced figures.

    `properties` hold the published figures under metric keys (`cell_specific_energy_wh_per_kg`,
    `stack_energy_density_wh_per_l`, ...), so the key names the level (stack or cell) and the
    review can set them beside a design's own metrics. `basis` says how the figure was obtained:
    measured on a built cell, computed by a published model, or a published projection.
    """

    kind: Literal["reference-cell"] = "reference-cell"
    anode_class: AnodeClass
    electrolyte_class: ElectrolyteClass
    basis: Literal["measured", "model", "projection"]
    chemistry: str
    format: str | None = None
    properties: dict[str, Property] = Field(min_length=1)
    source: SourceIds = Field(min_length=1)


FOLDERS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "families": Family,
    "materials": Material,
    "compatibility": Compatibility,
    "standards": Standard,
    "ip-areas": IpArea,
    "phases": Phase,
    "applications": Application,
    "prices": PriceSeries,
    "projections": Projection,
    "imperatives": Imperative,
    "formats": CellFormat,
    "defaults": DesignDefault,
    "limits": LeverLimit,
    "reference-cells": ReferenceCell,
    "scenarios": PricePath,
    "announcements": Announcement,
    "forecasts": Forecast,
    "patents": PatentStatistics,
    "policies": Policy,
}

KINDS: dict[str, type[BaseModel]] = {
    model.model_fields["kind"].default: model for model in FOLDERS.values()
}
