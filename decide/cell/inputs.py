"""Resolve a Design against the knowledge base into the plain numbers the cell model needs.

Precedence for every material property: the design's override, then the knowledge base. A property
the model needs and neither gives is a DesignError naming the field path and the knowledge-base id.
No material number lives in this module: only ids of the defaults it assumes (named in the output).

Field names of `Inputs` follow the design's field names and units (`cathode_active_wt_pct`), so the
vectorised path maps a varied design field onto an input by name (`decide.cell.vector`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from decide.cell import cost, formats, transport
from decide.cell.classify import all_solid_threshold, hybrid_ceiling
from decide.cell.formats import FormatInputs
from decide.design.model import Design
from decide.errors import DesignError
from decide.vocab.classes import METAL_ANODES, SILICON_ANODES
from decide.vocab.design_fields import BY_COMPONENT, ELECTROLYTE_FIELDS

if TYPE_CHECKING:
    from decide.kb.base import KnowledgeBase

NAN = math.nan
LITHIUM = "lithium-metal"
SILICON_END_MEMBERS = ("graphite", "silicon")  # rule of mixtures for si-c (see knowledge si-c)

# A number, or a numpy array of them on the vectorised path.
Num = Any


@dataclass(frozen=True)
class Need:
    """Data the base design could do without but a varied point needs: where `when` holds for
    the point's inputs, the design loader would refuse it with `message`."""

    when: Callable[[Inputs], Any]
    message: str


@dataclass(frozen=True)
class Inputs:
    """Everything the cell model reads: categorical choices, then numbers (floats or arrays).

    NaN marks a number that does not apply (no catholyte, no interface test, ...).
    """

    # categorical (fixed for one material combination)
    anode_kind: str  # lithium-metal | anode-free | composite
    anode_class: str
    liquid_mode: str | None  # pores | share | per_ah | None
    cathode_size: str  # which size field the cathode is given by: thickness | areal | loading
    anode_size: str  # thickness | n_p
    cathode_density_mode: str  # as_built (density_g_cm3 given) | dry | porosity
    anode_density_mode: str
    separator_as_built: bool  # density_g_cm3 overridden: the as-built density, pores included
    # cathode
    cathode_specific_capacity_mah_g: Num
    cathode_theoretical_capacity_mah_g: Num
    cathode_average_voltage_v: Num
    cathode_upper_cutoff_v: Num
    cathode_active_wt_pct: Num
    cathode_catholyte_wt_pct: Num
    cathode_active_density_g_cm3: Num
    catholyte_density_g_cm3: Num
    cathode_additive_density_g_cm3: Num
    cathode_density_g_cm3: Num  # as-built composite density when overridden, else NaN
    cathode_dry_density_g_cm3: Num  # calendered density without pore liquid, else NaN
    cathode_porosity_pct: Num
    cathode_size_value: Num  # the given size, in its field's unit
    # separator
    separator_thickness_um: Num
    separator_density_g_cm3: Num
    separator_porosity_pct: Num
    # anode
    anode_specific_capacity_mah_g: Num
    anode_theoretical_capacity_mah_g: Num
    anode_average_voltage_v: Num
    anode_active_wt_pct: Num
    anode_anolyte_wt_pct: Num
    anode_active_density_g_cm3: Num
    anolyte_density_g_cm3: Num
    anode_additive_density_g_cm3: Num
    anode_density_g_cm3: Num
    anode_dry_density_g_cm3: Num
    anode_expansion_pct: Num  # particle volume growth on full lithiation (NaN: unknown)
    anode_prelithiated: bool  # the composite anode carries the cell's lithium
    cathode_lithiated: bool  # the cathode brings the cyclable lithium (NMC, LFP, Li2S)
    lithium_specific_capacity_mah_g: Num
    anode_porosity_pct: Num
    anode_size_value: Num  # thickness_um or n_p_ratio
    silicon_wt_pct: Num
    lithium_density_g_cm3: Num
    lithium_volumetric_capacity_mah_cm3: Num  # of plated lithium
    interlayer_thickness_um: Num
    interlayer_density_g_cm3: Num
    # collectors, liquid, cell
    positive_collector_thickness_um: Num
    negative_collector_thickness_um: Num
    positive_collector_density_g_cm3: Num
    negative_collector_density_g_cm3: Num
    liquid_density_g_cm3: Num
    liquid_wt_pct: Num  # of stack mass (share mode)
    liquid_ml_per_ah: Num  # per amp-hour of capacity (per_ah mode)
    cell_format: FormatInputs  # the format model's housing parameters
    packaging_mass_pct: Num
    packaging_volume_pct: Num
    nominal_voltage_override_v: Num
    first_cycle_loss_pct: Num  # delivered capacity = cathode capacity x (1 - loss)
    # transport: 25 C conductivities and activation energies (NaN: unknown)
    separator_conductivity_ms_cm: Num  # of a solid separator; NaN for a porous one
    separator_activation_energy_ev: Num
    liquid_conductivity_ms_cm: Num  # fills a porous separator (Bruggeman)
    liquid_activation_energy_ev: Num
    catholyte_conductivity_ms_cm: Num
    catholyte_activation_energy_ev: Num
    separator_conductivity_60c_ms_cm: Num  # above a polymer's melt (no Arrhenius across it)
    catholyte_conductivity_60c_ms_cm: Num
    min_temperature_c: Num
    max_temperature_c: Num
    interface_delta_v_v: Num
    interface_current_ma: Num
    interface_area_cm2: Num
    # cost (prices are series over years; the year may vary)
    production_year: Num
    prices: dict[str, cost.PriceRef] = field(default_factory=dict)
    unpriced: dict[str, str] = field(default_factory=dict)  # component -> why it has no price
    manufacturing: cost.PriceRef | None = None
    cost_note: str | None = None  # why no cost can be computed at all
    cost_target_usd_per_kwh: float = NAN
    electrolyte_components: frozenset[str] = frozenset()
    # electrolyte class thresholds (knowledge base)
    has_liquid: bool = False
    has_solid_electrolyte: bool = False
    all_solid_max_liquid_wt_pct: float = 0.0
    hybrid_max_liquid_wt_pct: float = NAN
    ids: dict[str, str] = field(default_factory=dict)
    needs: tuple[Need, ...] = ()

    def with_(self, **changes: Any) -> Inputs:
        """A copy with some fields replaced (used by the vectorised path)."""
        return replace(self, **changes)


def _or(value: Any, default: Any) -> Any:
    """`value` unless it is missing (not `value or default`: a value may be an array)."""
    return default if value is None else value


def required(design: Design, section: str, name: str, value: Any, why: str = "") -> Any:
    """`value`, or a DesignError: the design left the field open and no sourced default fits."""
    if value is not None:
        return value
    path = (name,) if section == "design" else (section, name)
    reason = why or "no sourced default in the knowledge base fits this design"
    raise DesignError(design.problem(path, f"required: {reason}; give {name}"))


class _Props:
    """Property lookup with design overrides first, then the knowledge base."""

    def __init__(self, design: Design, kb: KnowledgeBase):
        self.design = design
        self.kb = kb

    def kb_value(self, entry_id: str | None, name: str) -> float | None:
        if entry_id is None:
            return None
        return self.kb.index.prop(entry_id, name)

    def get(
        self,
        section: str,
        id_field: str,
        name: str,
        *,
        use_override: bool = True,
        required: bool = True,
    ) -> float:
        """`name` of the material at `section.id_field`: the design's override, else the KB.

        `use_override=False` for a composite's active-material density: an electrode's
        `density_g_cm3` override is the as-built composite density, not the material's.
        """
        block = getattr(self.design, section)
        if use_override and name in block.overrides:
            return block.overrides[name]  # a float, or an array of samples (decide.cell.sampling)
        entry_id = getattr(block, id_field)
        value = self.kb_value(entry_id, name)
        if value is not None:
            return value
        if not required:
            return NAN
        raise DesignError(
            self.design.problem(
                (section, id_field),
                f"{entry_id} has no {name} in the knowledge base; give {name} in the design",
            )
        )


def resolve(design: Design, kb: KnowledgeBase) -> Inputs:
    """Turn a validated design into model inputs; DesignError for anything missing."""
    p = _Props(design, kb)
    c, s, a = design.cathode, design.separator, design.anode
    ids: dict[str, str] = {
        "cathode": c.active_material,
        "separator": s.material,
        "anode": a.material,
    }
    cathode = _cathode(p, design, ids)
    separator_as_built = "density_g_cm3" in s.overrides
    separator_density = p.get("separator", "material", "density_g_cm3")
    separator_porosity = _porosity(p, "separator", "material", s.porosity_pct)

    anode_class = str(kb.index.traits.get(a.material, {}).get("anode_class", "composite"))
    kind = anode_class if anode_class in METAL_ANODES else "composite"
    anode = _anode(p, design, kind, ids)
    if kind == "composite":
        anode_class = _composite_class(kb, a.material, anode["silicon_wt_pct"], anode_class)
    lithium = _lithium(p, design, kind)

    needs: list[Need] = []
    interlayer_t, interlayer_rho = a.interlayer_thickness_um, 0.0
    if a.interlayer:
        # resolved even at zero thickness: a screening sweep may give the layer a thickness
        found = p.kb_value(a.interlayer, "density_g_cm3")
        if found is None:
            why = f"anode.interlayer: {a.interlayer} has no density_g_cm3 in the knowledge base"
            needs.append(Need(lambda i: i.interlayer_thickness_um > 0, why))
            if interlayer_t > 0:
                _kb_required(p, design, ("anode", "interlayer"), a.interlayer, "density_g_cm3")
        interlayer_rho = _or(found, 0.0)

    collectors = _collectors(p, design, ids)
    liq = design.liquid_electrolyte
    liquid_mode, liquid_rho, liquid_wt, liquid_per_ah = None, 0.0, 0.0, 0.0
    if liq is not None:
        ids["liquid"] = liq.material
        liquid_mode = "pores" if liq.fills == "pores" else "share"
        if liq.ml_per_ah is not None:
            liquid_mode, liquid_per_ah = "per_ah", liq.ml_per_ah
        liquid_rho = _liquid_density(p, design)
        liquid_wt = liq.wt_pct or 0.0

    cell_format, packaging_mass, packaging_volume = _format(design, kb)
    voltage = design.cell.nominal_voltage_v
    solid = _solid_electrolyte_components(design, kb)
    threshold, _ = all_solid_threshold(kb)
    ceiling = hybrid_ceiling(kb)
    needs.extend(_additive_needs(design, cathode))
    needs.extend(_anode_additive_needs(design, kind, anode))
    return Inputs(
        anode_kind=kind,
        anode_class=anode_class,
        liquid_mode=liquid_mode,
        separator_as_built=separator_as_built,
        separator_thickness_um=required(design, "separator", "thickness_um", s.thickness_um),
        separator_density_g_cm3=separator_density,
        separator_porosity_pct=separator_porosity,
        **cathode,
        **anode,
        **lithium,
        cathode_lithiated=cathode_brings_lithium(design, kb),
        anode_prelithiated=bool(a.prelithiated),
        lithium_specific_capacity_mah_g=_or(p.kb_value(LITHIUM, "specific_capacity_mah_g"), NAN),
        anode_expansion_pct=_expansion(p, design, kind, anode["silicon_wt_pct"]),
        interlayer_thickness_um=interlayer_t,
        interlayer_density_g_cm3=interlayer_rho,
        **collectors,
        liquid_density_g_cm3=liquid_rho,
        liquid_wt_pct=liquid_wt,
        liquid_ml_per_ah=liquid_per_ah,
        cell_format=cell_format,
        packaging_mass_pct=packaging_mass,
        packaging_volume_pct=packaging_volume,
        nominal_voltage_override_v=NAN if voltage is None else voltage,
        first_cycle_loss_pct=design.cell.first_cycle_loss_pct or 0.0,
        **_transport(design, kb),
        production_year=float(
            required(design, "design", "production_year", design.production_year)
        ),
        **_prices(design, kb, ids),
        electrolyte_components=frozenset(solid),
        has_liquid=liq is not None,
        has_solid_electrolyte=bool(solid),
        all_solid_max_liquid_wt_pct=threshold,
        hybrid_max_liquid_wt_pct=NAN if ceiling is None else ceiling,
        ids=ids,
        needs=tuple(needs),
    )


def _cathode(p: _Props, design: Design, ids: dict[str, str]) -> dict[str, Any]:
    c = design.cathode
    as_built = "density_g_cm3" in c.overrides
    active = required(design, "cathode", "active_wt_pct", c.active_wt_pct)
    catholyte = 0.0
    if c.catholyte is not None:
        catholyte = required(design, "cathode", "catholyte_wt_pct", c.catholyte_wt_pct)
    rest = 100.0 - active - catholyte > 1e-7
    additive = c.additive
    if rest:
        additive = required(design, "cathode", "additive", c.additive)
    active_rho = catholyte_rho = additive_rho = NAN
    dry = c.dry_density_g_cm3
    mode = "as_built" if as_built else ("dry" if dry is not None else "porosity")
    if as_built and c.catholyte:  # not needed for mass; kept for the catholyte's volume share
        catholyte_rho = p.kb_value(c.catholyte, "density_g_cm3") or NAN
    if not as_built:
        active_rho = p.get("cathode", "active_material", "density_g_cm3", use_override=False)
        if c.catholyte:
            catholyte_rho = _kb_required(
                p, design, ("cathode", "catholyte"), c.catholyte, "density_g_cm3"
            )
        # resolved even when the composition leaves no room: a sweep may make some
        if additive is not None:
            additive_rho = _additive_density(p, design, "cathode", additive, required=rest)
        if c.porosity_pct is None and mode == "porosity":
            raise DesignError(
                design.problem(
                    ("cathode",),
                    "give porosity_pct (or the as-built composite density_g_cm3) for the cathode",
                )
            )
    if rest:
        ids["cathode_additive"] = str(additive)
    size, value = _cathode_size(c)
    capacity = p.get("cathode", "active_material", "specific_capacity_mah_g")
    cutoff = c.upper_cutoff_v
    if cutoff is None:
        cutoff = p.kb_value(c.active_material, "upper_cutoff_v")
    return {
        "cathode_size": size,
        "cathode_density_mode": mode,
        "cathode_dry_density_g_cm3": NAN if dry is None else dry,
        "cathode_specific_capacity_mah_g": capacity,
        "cathode_theoretical_capacity_mah_g": _or(
            p.kb_value(c.active_material, "theoretical_capacity_mah_g"), capacity
        ),
        "cathode_average_voltage_v": p.get("cathode", "active_material", "average_voltage_v"),
        "cathode_upper_cutoff_v": NAN if cutoff is None else cutoff,
        "cathode_active_wt_pct": active,
        "cathode_catholyte_wt_pct": catholyte,
        "cathode_active_density_g_cm3": active_rho,
        "catholyte_density_g_cm3": catholyte_rho,
        "cathode_additive_density_g_cm3": additive_rho,
        "cathode_density_g_cm3": c.overrides.get("density_g_cm3", NAN),
        "cathode_porosity_pct": c.porosity_pct or 0.0,
        "cathode_size_value": value,
    }


def _additive_needs(design: Design, cathode: dict[str, Any]) -> list[Need]:
    """A sweep that leaves room in the cathode composite needs the additive's density."""
    c = design.cathode
    rho = cathode["cathode_additive_density_g_cm3"]
    if cathode["cathode_density_mode"] == "as_built" or rho == rho:
        return []
    additive = c.additive or "the composite's additive"
    why = f"cathode.additive: {additive} has no density_g_cm3 in the knowledge base"
    return [
        Need(lambda i: 100.0 - i.cathode_active_wt_pct - i.cathode_catholyte_wt_pct > 1e-7, why)
    ]


def _anode_additive_needs(design: Design, kind: str, anode: dict[str, Any]) -> list[Need]:
    """Likewise for a composite anode."""
    a = design.anode
    rho = anode["anode_additive_density_g_cm3"]
    if kind != "composite" or anode["anode_density_mode"] == "as_built" or rho == rho:
        return []
    additive = a.additive or "the composite's additive"
    why = f"anode.additive: {additive} has no density_g_cm3 in the knowledge base"
    return [Need(lambda i: 100.0 - i.anode_active_wt_pct - i.anode_anolyte_wt_pct > 1e-7, why)]


def _cathode_size(c: Any) -> tuple[str, float]:
    """The size the model derives the others from (agreement of several is checked later)."""
    if c.thickness_um is not None:
        return "thickness", c.thickness_um
    if c.areal_capacity_mah_cm2 is not None:
        return "areal", c.areal_capacity_mah_cm2
    return "loading", c.loading_mg_cm2


def _lithium(p: _Props, design: Design, kind: str) -> dict[str, Any]:
    """Density and volumetric capacity of lithium (foil and plated lithium)."""
    a = design.anode
    rho = p.kb_value(LITHIUM, "density_g_cm3")
    volcap = p.kb_value(LITHIUM, "volumetric_capacity_mah_cm3")
    if volcap is None and rho is not None:
        cap = p.kb_value(LITHIUM, "specific_capacity_mah_g")
        volcap = cap * rho if cap is not None else None
    if kind != "composite" and "volumetric_capacity_mah_cm3" in a.overrides:
        volcap = a.overrides["volumetric_capacity_mah_cm3"]
    if kind == "lithium-metal" and "density_g_cm3" in a.overrides:
        rho = a.overrides["density_g_cm3"]
    if kind != "composite":
        if volcap is None:
            raise DesignError(
                design.problem(
                    ("anode", "material"),
                    f"{LITHIUM} has no volumetric_capacity_mah_cm3 (or specific capacity and "
                    "density) in the knowledge base; "
                    "give volumetric_capacity_mah_cm3 in the design",
                )
            )
        if kind == "lithium-metal" and rho is None:
            raise DesignError(
                design.problem(
                    ("anode", "material"),
                    f"{a.material} has no density_g_cm3 in the knowledge base; "
                    "give density_g_cm3 in the design",
                )
            )
    return {
        "lithium_density_g_cm3": NAN if rho is None else rho,
        "lithium_volumetric_capacity_mah_cm3": NAN if volcap is None else volcap,
    }


def _anode(p: _Props, design: Design, kind: str, ids: dict[str, str]) -> dict[str, Any]:
    a = design.anode
    out: dict[str, Any] = {
        "anode_size": "thickness",
        "anode_density_mode": "porosity",
        "anode_dry_density_g_cm3": NAN,
        "anode_specific_capacity_mah_g": NAN,
        "anode_theoretical_capacity_mah_g": NAN,
        "anode_average_voltage_v": NAN,
        "anode_active_wt_pct": 100.0,
        "anode_anolyte_wt_pct": 0.0,
        "anode_active_density_g_cm3": NAN,
        "anolyte_density_g_cm3": NAN,
        "anode_additive_density_g_cm3": NAN,
        "anode_density_g_cm3": NAN,
        "anode_porosity_pct": a.porosity_pct or 0.0,
        "anode_size_value": 0.0,
        "silicon_wt_pct": 0.0,
    }
    if kind == "anode-free":
        out["anode_average_voltage_v"] = p.get("anode", "material", "average_voltage_v")
        return out
    if kind == "lithium-metal":
        _anode_size(design, out)
        out["anode_average_voltage_v"] = p.get("anode", "material", "average_voltage_v")
        out["anode_theoretical_capacity_mah_g"] = p.get(
            "anode", "material", "specific_capacity_mah_g"
        )
        return out
    # composite: graphite, si-c, silicon, ...
    silicon = _silicon_pct(p, design)
    out["silicon_wt_pct"] = silicon
    mix = a.material == "si-c" and "specific_capacity_mah_g" not in a.overrides
    if mix:
        out.update(_si_c_mix(p, design, silicon))
    else:
        out["anode_specific_capacity_mah_g"] = p.get("anode", "material", "specific_capacity_mah_g")
        out["anode_average_voltage_v"] = p.get("anode", "material", "average_voltage_v")
        theo = p.kb_value(a.material, "theoretical_capacity_mah_g")
        out["anode_theoretical_capacity_mah_g"] = (
            theo if theo is not None else out["anode_specific_capacity_mah_g"]
        )
    active = required(
        design, "anode", "active_wt_pct", a.active_wt_pct, "a composite anode needs its composition"
    )
    anolyte = 0.0
    if a.anolyte is not None:
        anolyte = required(design, "anode", "anolyte_wt_pct", a.anolyte_wt_pct)
    out["anode_active_wt_pct"] = active
    out["anode_anolyte_wt_pct"] = anolyte
    if "density_g_cm3" in a.overrides:
        out["anode_density_mode"] = "as_built"
    elif a.dry_density_g_cm3 is not None:
        out["anode_density_mode"] = "dry"
        out["anode_dry_density_g_cm3"] = a.dry_density_g_cm3
    if out["anode_density_mode"] == "as_built":
        out["anode_density_g_cm3"] = a.overrides["density_g_cm3"]
        _anode_size(design, out)
        return out
    if not mix:
        out["anode_active_density_g_cm3"] = p.get(
            "anode", "material", "density_g_cm3", use_override=False
        )
    if a.anolyte:
        out["anolyte_density_g_cm3"] = _kb_required(
            p, design, ("anode", "anolyte"), a.anolyte, "density_g_cm3"
        )
    rest = 100.0 - active - anolyte > 1e-7
    additive = required(design, "anode", "additive", a.additive) if rest else a.additive
    if additive is not None:
        out["anode_additive_density_g_cm3"] = _additive_density(
            p, design, "anode", additive, required=rest
        )
    if rest:
        ids["anode_additive"] = str(additive)
    if a.porosity_pct is None and out["anode_density_mode"] == "porosity":
        raise DesignError(
            design.problem(
                ("anode",),
                "give porosity_pct (or the as-built composite density_g_cm3) for the anode",
            )
        )
    _anode_size(design, out)
    return out


def cathode_brings_lithium(design: Design, kb: KnowledgeBase) -> bool:
    """True when the cathode's formula holds lithium (NMC, LFP, Li2S; not sulfur)."""
    entry = kb.entries.get(design.cathode.active_material)
    return "Li" in (getattr(entry, "formula", None) or "")


def lithium_source(design: Design, kb: KnowledgeBase) -> str:
    """Where the cell's cyclable lithium comes from: the cathode, a lithium foil, a prelithiated
    anode, or nowhere (a sulfur cathode facing graphite or a bare collector)."""
    if cathode_brings_lithium(design, kb):
        return "cathode"
    kind = kb.index.traits.get(design.anode.material, {}).get("anode_class")
    if kind == "lithium-metal":
        return "lithium foil"
    if kind != "anode-free" and design.anode.prelithiated:
        return "prelithiated anode"
    return "none"


def _expansion(p: _Props, design: Design, kind: str, silicon_pct: float) -> float:
    """Volume growth of the anode's active particles on full lithiation (NaN: not in the KB).

    Si-C mixes its end members' growth by volume (graphite and silicon swell independently).
    """
    if kind != "composite":
        return NAN
    a = design.anode
    own = a.overrides.get("volume_expansion_pct", p.kb_value(a.material, "volume_expansion_pct"))
    if own is not None or a.material != "si-c":
        return NAN if own is None else own
    g, si = SILICON_END_MEMBERS
    grow_g, grow_si = (p.kb_value(m, "volume_expansion_pct") for m in (g, si))
    rho_g, rho_si = (p.kb_value(m, "density_g_cm3") for m in (g, si))
    if grow_g is None or grow_si is None or rho_g is None or rho_si is None:
        return NAN
    if silicon_pct != silicon_pct:
        return NAN
    x = silicon_pct / 100
    v_g, v_si = (1 - x) / rho_g, x / rho_si  # volume per gram of mix
    return (v_g * grow_g + v_si * grow_si) / (v_g + v_si)


def _anode_size(design: Design, out: dict[str, Any]) -> None:
    """The anode is sized by its thickness or by its N/P ratio (one of them is required)."""
    a = design.anode
    if a.thickness_um is None and a.n_p_ratio is None:
        raise DesignError(design.problem(("anode",), "give thickness_um or n_p_ratio"))
    out["anode_size"] = "thickness" if a.thickness_um is not None else "n_p"
    out["anode_size_value"] = a.thickness_um if a.thickness_um is not None else a.n_p_ratio


def _silicon_pct(p: _Props, design: Design) -> float:
    a = design.anode
    if a.silicon_wt_pct is not None:
        return a.silicon_wt_pct
    if p.kb.index.traits.get(a.material, {}).get("anode_class") == "high-si":
        return 100.0 if a.material == "silicon" else NAN
    value = p.kb_value(a.material, "silicon_wt_pct")
    if value is not None:
        return value
    if a.material == "si-c":
        raise DesignError(design.problem(("anode",), "give silicon_wt_pct for an si-c anode"))
    return 0.0


def _si_c_mix(p: _Props, design: Design, silicon_pct: float) -> dict[str, float]:
    """Rule of mixtures between the graphite and silicon entries (by mass)."""
    x = silicon_pct / 100
    g, si = SILICON_END_MEMBERS
    vals = {}
    for mid in (g, si):
        for name in ("specific_capacity_mah_g", "average_voltage_v", "density_g_cm3"):
            v = p.kb_value(mid, name)
            if v is None:
                raise DesignError(
                    design.problem(
                        ("anode", "material"),
                        f"si-c is mixed from {g} and {si}, but {mid} has no {name} in the "
                        f"knowledge base; give {name} in the design",
                    )
                )
            vals[mid, name] = v
    cap_g, cap_si = vals[g, "specific_capacity_mah_g"], vals[si, "specific_capacity_mah_g"]
    cap = (1 - x) * cap_g + x * cap_si
    volt = (
        (1 - x) * cap_g * vals[g, "average_voltage_v"] + x * cap_si * vals[si, "average_voltage_v"]
    ) / cap
    rho = 1 / ((1 - x) / vals[g, "density_g_cm3"] + x / vals[si, "density_g_cm3"])
    theo_g = _or(p.kb_value(g, "theoretical_capacity_mah_g"), cap_g)
    theo_si = _or(p.kb_value(si, "theoretical_capacity_mah_g"), cap_si)
    a = design.anode
    return {
        "anode_specific_capacity_mah_g": cap,
        "anode_average_voltage_v": a.overrides.get("average_voltage_v", volt),
        "anode_active_density_g_cm3": rho,
        "anode_theoretical_capacity_mah_g": (1 - x) * theo_g + x * theo_si,
    }


def _composite_class(kb: KnowledgeBase, material: str, silicon_pct: float, trait: str) -> str:
    """graphite | low-si | high-si from the silicon share and the sourced high-Si threshold."""
    if silicon_pct != silicon_pct:  # nan: trait decides
        return trait
    if silicon_pct <= 0:
        return "graphite" if trait in ("graphite", "composite") else trait
    threshold = kb.index.prop(material, "high_silicon_threshold_wt_pct")
    if threshold is None:
        found = [
            v.get("high_silicon_threshold_wt_pct")
            for v in kb.index.props.values()
            if "high_silicon_threshold_wt_pct" in v
        ]
        threshold = found[0] if found else None
    if threshold is None:
        return trait if trait in SILICON_ANODES else "low-si"
    return "high-si" if silicon_pct > threshold else "low-si"


def _collectors(p: _Props, design: Design, ids: dict[str, str]) -> dict[str, Any]:
    cc = design.current_collectors
    out: dict[str, Any] = {}
    for side in ("positive", "negative"):
        cc_id = required(
            design, "current_collectors", f"{side}_material", getattr(cc, f"{side}_material")
        )
        ids[f"{side}_collector"] = cc_id
        out[f"{side}_collector_thickness_um"] = required(
            design,
            "current_collectors",
            f"{side}_thickness_um",
            getattr(cc, f"{side}_thickness_um"),
        )
        key = f"{side}_density_g_cm3"
        if key in cc.overrides:
            out[f"{side}_collector_density_g_cm3"] = cc.overrides[key]
            continue
        value = p.kb_value(cc_id, "density_g_cm3")
        if value is None:
            raise DesignError(
                design.problem(
                    ("current_collectors", f"{side}_thickness_um"),
                    f"{cc_id} has no density_g_cm3 in the knowledge base; give {key} in the design",
                )
            )
        out[f"{side}_collector_density_g_cm3"] = value
    return out


def _porosity(p: _Props, section: str, id_field: str, given: float | None) -> float:
    """Porosity in %: the design's, else the material's sourced value, else none."""
    if given is not None:
        return given
    block = getattr(p.design, section)
    value = p.kb_value(getattr(block, id_field), "porosity_pct")
    return value if value is not None else 0.0


def _kb_required(
    p: _Props, design: Design, path: tuple[str, str], entry_id: str, name: str
) -> float:
    value = p.kb_value(entry_id, name)
    if value is None:
        raise DesignError(
            design.problem(
                path,
                f"{entry_id} has no {name} in the knowledge base; give the layer's as-built "
                f"density_g_cm3 in the design, or add {name} to {entry_id} with --knowledge",
            )
        )
    return value


def _additive_density(
    p: _Props, design: Design, section: str, add_id: str, required: bool = True
) -> float:
    """Density of what makes up the rest of a composite (NaN when unknown and not needed)."""
    value = p.kb_value(add_id, "density_g_cm3")
    if value is None and not required:
        return NAN
    if value is None:
        known = add_id in p.kb.entries
        why = "has no density_g_cm3 in" if known else "is not in"
        raise DesignError(
            design.problem(
                (section, "additive"),
                f"the rest of the {section} composite is taken as {add_id}, which {why} the "
                f"knowledge base; name an additive with a density, or give density_g_cm3",
            )
        )
    return value


def _liquid_density(p: _Props, design: Design) -> float:
    liq = design.liquid_electrolyte
    assert liq is not None
    for key in ("liquid_density_g_cm3", "density_g_cm3"):
        if key in liq.overrides:
            return liq.overrides[key]
    for key in ("liquid_density_g_cm3", "density_g_cm3"):
        value = p.kb_value(liq.material, key)
        if value is not None:
            return value
    raise DesignError(
        design.problem(
            ("liquid_electrolyte", "material"),
            f"{liq.material} has no liquid_density_g_cm3 in the knowledge base; "
            "give liquid_density_g_cm3 in the design",
        )
    )


def _format(design: Design, kb: KnowledgeBase) -> tuple[FormatInputs, float, float]:
    """The format model's inputs, and the packaging shares the design gives (NaN: derived).

    A format without a model (no sourced housing geometry) needs both shares from the design.
    """
    cell = design.cell
    entry = kb.entries.get(cell.format)
    given = (cell.packaging_mass_pct, cell.packaging_volume_pct)
    shares = tuple(NAN if v is None else v for v in given)
    geometry = getattr(entry, "geometry", None) if entry is not None else None
    if entry is None or geometry not in formats.MODELS:
        for name, value in zip(("packaging_mass_pct", "packaging_volume_pct"), given, strict=True):
            required(
                design,
                "cell",
                name,
                value,
                f"format {cell.format!r} has no sourced housing geometry in the knowledge base",
            )
        return FormatInputs(None), shares[0], shares[1]
    params = {
        name: prop.central
        for name, prop in entry.properties.items()
        if name in formats.PARAMETERS[geometry]
    }
    params.update({k: v for k, v in cell.overrides.items() if k in formats.PARAMETERS[geometry]})
    for name in ("electrode_width_mm", "electrode_length_mm"):
        if getattr(cell, name) is not None:
            params[name] = getattr(cell, name)
    missing = [n for n in formats.PARAMETERS[geometry] if n not in params]
    if missing:
        raise DesignError(
            design.problem(
                ("cell", "format"),
                f"format {cell.format!r} lacks {', '.join(missing)} in the knowledge base; give "
                "them under cell, or give packaging_mass_pct and packaging_volume_pct",
            )
        )
    densities = {}
    for part in formats.DENSITIES[geometry]:
        material = entry.materials.get(part)
        rho = kb.index.prop(material, "density_g_cm3") if material else None
        if rho is None:
            raise DesignError(
                design.problem(
                    ("cell", "format"),
                    f"format {cell.format!r}: the {part.replace('_', ' ')} material has no "
                    "density in the knowledge base",
                )
            )
        densities[part] = rho
    count = NAN if cell.repeat_units is None else float(cell.repeat_units)
    return FormatInputs(geometry, params, densities, count), shares[0], shares[1]


def _solid_electrolyte_components(design: Design, kb: KnowledgeBase) -> set[str]:
    """Mass components that are solid electrolyte (for electrolyte mass and break-even price)."""
    roles = kb.index.roles
    found = set()
    for path in ELECTROLYTE_FIELDS:
        material = design.material_at(path)
        component = BY_COMPONENT_OF_PATH[path]
        if material and "solid-electrolyte" in roles.get(material, frozenset()):
            found.add(component)
    return found


BY_COMPONENT_OF_PATH = {slot.path: comp for comp, slot in BY_COMPONENT.items()}


def layer_conductivity(
    block: Any, entry_id: str | None, kb: KnowledgeBase
) -> tuple[float | None, float | None]:
    """(25 C conductivity, activation energy) of a layer: override, KB, or sigma = n q mu.

    `block` is the design section whose overrides describe the layer (None: the KB alone).
    """
    overrides: dict[str, float] = getattr(block, "overrides", {}) if block is not None else {}
    prop = kb.index.props.get(entry_id, {}) if entry_id else {}

    def get(name: str) -> float | None:
        return overrides.get(name, prop.get(name))

    sigma = get("ionic_conductivity_ms_cm")
    if sigma is None:
        n, mu = get("carrier_density_per_cm3"), get("mobility_cm2_per_v_s")
        if n is not None and mu is not None:
            sigma = transport.sigma_from_carriers(n, mu)
    return sigma, get("activation_energy_ev")


def operating_temperatures(design: Design, kb: KnowledgeBase) -> tuple[float, float]:
    """(lowest, highest) operating temperature: the design's, else the application's, else 25 C."""
    op = design.operating
    reqs = kb.index.props.get(design.application, {}) if design.application else {}
    lo = op.min_temperature_c
    hi = op.max_temperature_c
    if lo is None:
        lo = reqs.get("min_operating_temperature_c", transport.REFERENCE_C)
    if hi is None:
        hi = reqs.get("max_operating_temperature_c", transport.REFERENCE_C)
    return lo, hi


def _transport(design: Design, kb: KnowledgeBase) -> dict[str, Any]:
    def nan(x: float | None) -> float:
        return NAN if x is None else x

    sep = design.separator
    sigma, ea = layer_conductivity(sep, sep.material, kb)
    liquid_sigma = liquid_ea = None
    if sigma is None and design.liquid_electrolyte is not None:
        liq = design.liquid_electrolyte
        liquid_sigma, liquid_ea = layer_conductivity(liq, liq.material, kb)
    cl_sigma = cl_ea = None
    if design.cathode.catholyte:
        cl_sigma, cl_ea = layer_conductivity(None, design.cathode.catholyte, kb)
    sep_60 = sep.overrides.get(
        "ionic_conductivity_60c_ms_cm", kb.index.prop(sep.material, "ionic_conductivity_60c_ms_cm")
    )
    cl_60 = kb.index.prop(design.cathode.catholyte or "", "ionic_conductivity_60c_ms_cm")
    lo, hi = operating_temperatures(design, kb)
    test = design.claims.interface_test
    return {
        "separator_conductivity_ms_cm": nan(sigma),
        "separator_activation_energy_ev": nan(ea),
        "liquid_conductivity_ms_cm": nan(liquid_sigma),
        "liquid_activation_energy_ev": nan(liquid_ea),
        "catholyte_conductivity_ms_cm": nan(cl_sigma),
        "catholyte_activation_energy_ev": nan(cl_ea),
        "separator_conductivity_60c_ms_cm": nan(sep_60),
        "catholyte_conductivity_60c_ms_cm": nan(cl_60),
        "min_temperature_c": lo,
        "max_temperature_c": hi,
        "interface_delta_v_v": NAN if test is None else test.delta_v_v,
        "interface_current_ma": NAN if test is None else test.current_ma,
        "interface_area_cm2": NAN if test is None else test.area_cm2,
    }


def _prices(design: Design, kb: KnowledgeBase, ids: dict[str, str]) -> dict[str, Any]:
    """Price every component that may carry mass; remember why the others cannot be priced."""
    try:
        manufacturing = cost.manufacturing_ref(design, kb)
    except DesignError as exc:
        return {"cost_note": "; ".join(p.message for p in exc.problems)}
    prices, unpriced = cost.resolve_prices(design, kb, ids)
    target = cost.cost_target(kb, float(design.production_year or 0))
    return {
        "prices": prices,
        "unpriced": unpriced,
        "manufacturing": manufacturing,
        "cost_target_usd_per_kwh": NAN if target is None else target[0],
    }
