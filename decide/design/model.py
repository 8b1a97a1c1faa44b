"""The design file as pydantic models (CONTRACT section 2).

Numbers are in the unit of the field's suffix; a string with a unit is converted (see units.py).
Bounds reject physically absurd values (a 1 m separator), not merely unusual ones. Material
property overrides (any knowledge-base property name) are collected into each section's
`overrides` by the loader, which knows their field paths.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any, Literal

import annotated_types
from annotated_types import GroupedMetadata
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    WithJsonSchema,
    model_validator,
)

from decide.design.constraints import first_violation
from decide.models import Name
from decide.units import to_number
from decide.vocab.design_fields import COLLECTOR_SIDES, OVERRIDE_SECTIONS

ID_PATTERN = r"^[a-z0-9][a-z0-9.+-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]


@dataclass(frozen=True)
class Quantity(GroupedMetadata):
    """Metadata of a float field in `unit` with plausible bounds; accepts '30 um'-style strings.

    `Annotated[float, Quantity(...)]` keeps the field a float for type checkers; pydantic expands
    it into a unit-converting validator, the bounds and the JSON Schema.
    """

    unit: str | None
    low: float
    high: float
    positive: bool = False
    doc: str = ""

    def __iter__(self) -> Iterator[Any]:
        yield BeforeValidator(partial(to_number, unit=self.unit))
        yield annotated_types.Gt(self.low) if self.positive else annotated_types.Ge(self.low)
        yield annotated_types.Le(self.high)
        number: dict[str, Any] = {"type": "number", "maximum": self.high}
        number["exclusiveMinimum" if self.positive else "minimum"] = self.low
        text = {"type": "string", "description": "a number with a unit"}
        bound = {"anyOf": [number, text]}
        ranged = {  # decide.design.ranges: computed at typical, sampled by --uncertainty
            "type": "object",
            "description": "a range: min and max, typical optional",
            "properties": {"min": bound, "typical": bound, "max": bound},
            "required": ["min", "max"],
            "additionalProperties": False,
        }
        shown = self.unit or "-"
        yield WithJsonSchema(
            {"anyOf": [number, text, ranged], "description": f"{self.doc} [{shown}]".strip()}
        )


Um = Annotated[float, Quantity("micrometer", 0, 5000, doc="thickness")]
PositiveUm = Annotated[float, Quantity("micrometer", 0, 5000, positive=True, doc="thickness")]
Pct = Annotated[float, Quantity("percent", 0, 100, doc="percentage")]
Volt = Annotated[float, Quantity("volt", 0, 6, doc="voltage")]
Celsius = Annotated[float, Quantity("degC", -100, 300, doc="temperature")]
DryDensity = Annotated[
    float, Quantity("g/cm^3", 0, 25, positive=True, doc="calendered density without pore liquid")
]


def _check_constraints(section: str, block: BaseModel) -> None:
    """Raise the first cross-field constraint (decide.design.constraints) the block breaks."""
    message = first_violation(section, block.__dict__)
    if message is not None:
        raise ValueError(message)


class Section(BaseModel):
    """A block of the design: unknown fields are errors; KB overrides sit in `overrides`."""

    model_config = ConfigDict(extra="forbid")

    overrides: dict[str, float] = Field(default_factory=dict, exclude=True)


class Cathode(Section):
    """Composite cathode: active material, optional catholyte and coating, size, porosity."""

    active_material: Id
    coating: Id | None = None
    upper_cutoff_v: Volt | None = None
    active_wt_pct: (
        Annotated[
            float, Quantity("percent", 0, 100, positive=True, doc="active material mass share")
        ]
        | None
    ) = None
    catholyte: Id | None = None
    catholyte_wt_pct: Pct | None = None
    additive: Id | None = Field(
        default=None, description="binder/carbon making up the rest of the composite"
    )
    areal_capacity_mah_cm2: (
        Annotated[float, Quantity("mA*h/cm^2", 0, 100, positive=True)] | None
    ) = None
    loading_mg_cm2: (
        Annotated[float, Quantity("mg/cm^2", 0, 500, positive=True, doc="active loading")] | None
    ) = None
    thickness_um: PositiveUm | None = None
    porosity_pct: Annotated[float, Quantity("percent", 0, 100, doc="porosity")] | None = None
    dry_density_g_cm3: DryDensity | None = None

    @model_validator(mode="after")
    def _composition(self) -> Cathode:
        _check_constraints("cathode", self)
        if self.areal_capacity_mah_cm2 is self.loading_mg_cm2 is self.thickness_um is None:
            raise ValueError("give areal_capacity_mah_cm2, loading_mg_cm2 or thickness_um")
        return self


class Separator(Section):
    """The layer between the electrodes: solid electrolyte, polymer or porous separator."""

    material: Id
    thickness_um: (
        Annotated[float, Quantity("micrometer", 0, 1000, positive=True, doc="thickness")] | None
    ) = None
    porosity_pct: Annotated[float, Quantity("percent", 0, 100, doc="porosity")] | None = None


class Anode(Section):
    """Anode: composite (graphite, Si-C, silicon), lithium metal foil, or anode-free."""

    material: Id
    thickness_um: Um | None = None
    n_p_ratio: (
        Annotated[float, Quantity(None, 0, 20, doc="negative/positive capacity ratio")] | None
    ) = None
    active_wt_pct: Annotated[float, Quantity("percent", 0, 100, positive=True)] | None = None
    silicon_wt_pct: Pct | None = None
    anolyte: Id | None = Field(default=None, description="solid electrolyte in a composite anode")
    anolyte_wt_pct: Pct | None = None
    additive: Id | None = None
    porosity_pct: Annotated[float, Quantity("percent", 0, 100, doc="porosity")] | None = None
    dry_density_g_cm3: DryDensity | None = None
    interlayer: Id | None = None
    prelithiated: bool = Field(
        default=False,
        description="the anode is prelithiated (the lithium source of a cell "
        "whose cathode brings none, e.g. sulfur with graphite or silicon)",
    )
    interlayer_thickness_um: Annotated[float, Quantity("micrometer", 0, 200)] = 0.0

    @model_validator(mode="after")
    def _size(self) -> Anode:
        if self.thickness_um is not None and self.n_p_ratio is not None:
            raise ValueError("give thickness_um or n_p_ratio, not both")
        _check_constraints("anode", self)
        return self


class CurrentCollectors(Section):
    """Foil thicknesses; aluminium (positive) and copper (negative) unless named."""

    positive_thickness_um: (
        Annotated[float, Quantity("micrometer", 0, 200, doc="positive foil")] | None
    ) = None
    negative_thickness_um: (
        Annotated[float, Quantity("micrometer", 0, 200, doc="negative foil")] | None
    ) = None
    positive_material: Id | None = None
    negative_material: Id | None = None


class LiquidElectrolyte(Section):
    """Liquid in a hybrid or conventional cell: filling the pores, a share of stack mass, or a
    volume per amp-hour of capacity (the E/C ratio cell makers quote)."""

    material: Id
    fills: Literal["pores"] | None = None
    wt_pct: (
        Annotated[float, Quantity("percent", 0, 100, doc="liquid as % of stack mass")] | None
    ) = None
    ml_per_ah: (
        Annotated[float, Quantity("mL/(A*h)", 0, 20, doc="liquid volume per Ah of capacity")] | None
    ) = None

    @model_validator(mode="after")
    def _one(self) -> LiquidElectrolyte:
        given = [x is not None for x in (self.fills, self.wt_pct, self.ml_per_ah)]
        if sum(given) != 1:
            raise ValueError("give exactly one of fills: pores, wt_pct or ml_per_ah")
        return self


class Cell(Section):
    """Cell format, its size, and packaging shares (derived by the format model when not given);
    a format's housing parameters (e.g. laminate_thickness_um) may be overridden here."""

    format: Id
    electrode_width_mm: (
        Annotated[float, Quantity("mm", 0, 5000, positive=True, doc="positive electrode width")]
        | None
    ) = None
    electrode_length_mm: (
        Annotated[float, Quantity("mm", 0, 5000, positive=True, doc="positive electrode length")]
        | None
    ) = None
    repeat_units: Annotated[int, Field(ge=1, le=100_000)] | None = Field(
        default=None, description="number of repeat units (cathode coatings) in the cell"
    )
    packaging_mass_pct: (
        Annotated[float, Quantity("percent", 0, 100, doc="mass outside the stack")] | None
    ) = None
    packaging_volume_pct: (
        Annotated[float, Quantity("percent", 0, 100, doc="volume outside the stack")] | None
    ) = None
    nominal_voltage_v: Volt | None = None
    first_cycle_loss_pct: (
        Annotated[
            float, Quantity("percent", 0, 100, doc="capacity lost to formation (SEI, trapped Li)")
        ]
        | None
    ) = None
    manufacturing_cost_usd_per_kwh: Annotated[float, Quantity(None, 0, 10000)] | None = None


class Operating(Section):
    """Operating window (defaults: the application's, else 25 C)."""

    min_temperature_c: Celsius | None = None
    max_temperature_c: Celsius | None = None
    stack_pressure_mpa: Annotated[float, Quantity("MPa", 0, 1000)] | None = None
    charge_c_rate: (
        Annotated[float, Quantity(None, 0, 100, positive=True, doc="intended charge C-rate")] | None
    ) = None

    @model_validator(mode="after")
    def _order(self) -> Operating:
        _check_constraints("operating", self)
        return self


class InterfaceTest(BaseModel):
    """A declared interface measurement: R = dV / I, ASR = R x A."""

    model_config = ConfigDict(extra="forbid")

    delta_v_v: Annotated[float, Quantity("volt", 0, 10, positive=True, doc="voltage step")]
    current_ma: Annotated[float, Quantity("mA", 0, 1e6, positive=True, doc="current")]
    area_cm2: Annotated[float, Quantity("cm^2", 0, 1e5, positive=True, doc="electrode area")]


class Claims(BaseModel):
    """Performance claims the design owner declares (checked for plausibility by the rules)."""

    model_config = ConfigDict(extra="forbid")

    cycle_life: Annotated[float, Quantity(None, 0, 1e6, positive=True)] | None = None
    interface_test: InterfaceTest | None = None
    cell_specific_energy_wh_per_kg: (
        Annotated[float, Quantity(None, 0, 2000, positive=True, doc="measured, cell level")] | None
    ) = None
    cell_energy_density_wh_per_l: (
        Annotated[float, Quantity(None, 0, 3000, positive=True, doc="measured, cell level")] | None
    ) = None
    weight_loss_pct: (
        Annotated[
            float,
            Quantity("percent", 0, 100, doc="measured weight loss after 6 h vacuum at 120 C"),
        ]
        | None
    ) = None


class Suppression(BaseModel):
    """A rule code the design owner silences, with the reason (required)."""

    model_config = ConfigDict(extra="forbid")

    code: Annotated[str, Field(pattern=r"^[A-Z]{2,5}[0-9]{3}$")]
    reason: Annotated[str, Field(min_length=1, pattern=r"\S")]


class Design(BaseModel):
    """One candidate cell design (CONTRACT section 2)."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
    name: Name | None = None
    application: Id | None = None
    production_year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    cathode: Cathode
    separator: Separator
    anode: Anode
    current_collectors: CurrentCollectors = Field(default_factory=CurrentCollectors)
    liquid_electrolyte: LiquidElectrolyte | None = None
    cell: Cell
    operating: Operating = Field(default_factory=Operating)
    claims: Claims = Field(default_factory=Claims)
    suppressions: list[Suppression] = Field(default_factory=list)

    source_file: str | None = Field(default=None, exclude=True)
    _lines: Any = PrivateAttr(default=None)
    _assumptions: dict[str, Any] = PrivateAttr(default_factory=dict)
    _ranges: dict[str, Any] = PrivateAttr(default_factory=dict)

    @property
    def assumptions(self) -> dict[str, Any]:
        """Dotted field -> Assumption: what the tool filled from sourced defaults."""
        return self._assumptions

    @assumptions.setter
    def assumptions(self, value: dict[str, Any]) -> None:
        self._assumptions = dict(value)

    @property
    def ranges(self) -> dict[str, Any]:
        """Dotted field -> DesignRange: numbers known within bounds (decide.design.ranges)."""
        return self._ranges

    @ranges.setter
    def ranges(self, value: dict[str, Any]) -> None:
        self._ranges = dict(value)

    @property
    def overrides(self) -> dict[str, float]:
        """Dotted path -> overridden knowledge-base property value."""
        out: dict[str, float] = {}
        for name in OVERRIDE_SECTIONS:
            section = getattr(self, name)
            for prop, value in (section.overrides if section else {}).items():
                out[f"{name}.{prop}"] = value
        return out

    def material_at(self, path: str) -> str | None:
        """The material id at a dotted field of the design table (None when not given)."""
        section, name = path.split(".", 1)
        block = getattr(self, section, None)
        value = getattr(block, name, None) if block is not None else None
        return value if isinstance(value, str) else None

    def problem(self, path: tuple[str | int, ...], message: str) -> Any:
        """A Problem located at `path` in the design file (line when known)."""
        from decide.errors import Problem
        from decide.yamlio import format_path

        if self._lines is not None:
            return self._lines.problem(path, message)
        return Problem(message, self.source_file, None, format_path(path) or None)


def override_property(section: str, key: str) -> str | None:
    """The knowledge-base property a section key overrides (collector keys carry their side)."""
    from decide.kb.properties import FORMAT_PROPERTIES, PROPERTIES

    if section == "cell":
        return key if key in FORMAT_PROPERTIES else None
    if section == "current_collectors":
        for side in COLLECTOR_SIDES:
            prop = key.removeprefix(side + "_")
            if prop != key and prop in PROPERTIES:
                return prop
        return None
    return key if key in PROPERTIES else None
