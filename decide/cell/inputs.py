"""Resolve a Design against the knowledge base into the plain numbers the cell model needs.

Precedence for every material property: the design's override, then the knowledge base. A property
the model needs and neither gives is a DesignError naming the field path and the knowledge-base id.
No material number lives in this module: only ids of the defaults it assumes (named in the output).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from decide.design.model import Design
from decide.errors import DesignError

NAN = math.nan
LITHIUM = "lithium-metal"
# Default ids (not numbers): the foils CONTRACT section 2 names, and what makes up the rest of a
# composite electrode when the design names nothing (cathodes need carbon, graphite needs binder).
DEFAULT_COLLECTORS = {"positive": "aluminium", "negative": "copper"}
DEFAULT_ADDITIVE = {"cathode": "carbon-black", "anode": "pvdf"}
SILICON_END_MEMBERS = ("graphite", "silicon")  # rule of mixtures for si-c (see knowledge si-c)


@dataclass(frozen=True)
class Inputs:
    """Numbers (floats, or numpy arrays on the vectorised path) and the categorical choices."""

    # categorical (fixed for one material combination)
    anode_kind: str  # lithium-metal | anode-free | composite
    anode_class: str
    liquid_mode: str | None  # pores | share | None
    cathode_size: str  # areal | loading | thickness
    anode_size: str  # thickness | n_p
    cathode_dense: bool  # density_g_cm3 overridden: as-built, pores included
    anode_dense: bool
    separator_dense: bool
    # cathode
    c_cap: Any
    c_v: Any
    c_f: Any  # active mass fraction
    c_w_cl: Any  # catholyte mass fraction
    c_rho_am: Any
    c_rho_cl: Any
    c_rho_add: Any
    c_rho: Any  # as-built composite density when overridden, else nan
    c_p: Any  # porosity fraction
    c_size: Any  # value of the given size field in its unit
    c_cap_theo: Any
    # separator
    s_t: Any
    s_rho: Any
    s_p: Any
    # anode
    a_cap: Any
    a_v: Any
    a_f: Any
    a_w_el: Any
    a_rho_am: Any
    a_rho_el: Any
    a_rho_add: Any
    a_rho: Any
    a_p: Any
    a_size: Any  # thickness_um or n_p_ratio
    a_cap_theo: Any
    li_rho: Any
    li_volcap: Any  # mAh/cm3 of plated lithium
    il_t: Any
    il_rho: Any
    # collectors, liquid, cell
    cc_pos_t: Any
    cc_neg_t: Any
    cc_pos_rho: Any
    cc_neg_rho: Any
    liq_rho: Any
    liq_wt: Any  # pct of stack mass (share mode)
    pkg_m: Any
    pkg_v: Any
    v_override: Any
    silicon_pct: Any
    ids: dict[str, str] = field(default_factory=dict)

    def with_(self, **changes: Any) -> Inputs:
        """A copy with some fields replaced (used by the vectorised path)."""
        return replace(self, **changes)


class _Props:
    """Property lookup with design overrides first, then the knowledge base."""

    def __init__(self, design: Design, kb: Any):
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
        key = name
        if use_override and key in block.overrides:
            return block.overrides[key]
        entry_id = getattr(block, id_field)
        value = self.kb_value(entry_id, name)
        if value is not None:
            return value
        if not required:
            return NAN
        raise DesignError(
            self.design.problem(
                (section, id_field),
                f"{entry_id} has no {name} in the knowledge base; give {key} in the design",
            )
        )


def resolve(design: Design, kb: Any) -> Inputs:
    """Turn a validated design into model inputs; DesignError for anything missing."""
    p = _Props(design, kb)
    c, s, a = design.cathode, design.separator, design.anode
    ids: dict[str, str] = {
        "cathode": c.active_material,
        "separator": s.material,
        "anode": a.material,
    }

    # cathode composite
    c_add = c.additive or DEFAULT_ADDITIVE["cathode"]
    c_f, c_w_cl = c.active_wt_pct / 100, c.catholyte_wt_pct / 100
    c_dense = "density_g_cm3" in c.overrides
    c_rho_am = c_rho_cl = c_rho_add = NAN
    if not c_dense:
        c_rho_am = p.get("cathode", "active_material", "density_g_cm3", use_override=False)
        if c.catholyte:
            c_rho_cl = _kb_required(
                p, design, ("cathode", "catholyte"), c.catholyte, "density_g_cm3"
            )
        if 1 - c_f - c_w_cl > 1e-9:
            c_rho_add = _additive_density(p, design, "cathode", c_add)
        if c.porosity_pct is None:
            raise DesignError(
                design.problem(
                    ("cathode",),
                    "give porosity_pct (or the as-built composite density_g_cm3) for the cathode",
                )
            )
    if 1 - c_f - c_w_cl > 1e-9:
        ids["cathode_additive"] = c_add
    c_size, c_val = _cathode_size(c)
    c_cap = p.get("cathode", "active_material", "specific_capacity_mah_g")
    c_theo = p.kb_value(c.active_material, "theoretical_capacity_mah_g") or c_cap
    c_v = p.get("cathode", "active_material", "average_voltage_v")

    # separator
    s_dense = "density_g_cm3" in s.overrides
    s_rho = p.get("separator", "material", "density_g_cm3")
    s_p = _porosity(p, "separator", "material", s.porosity_pct)

    # lithium (plated lithium of lithium-metal and anode-free anodes; foil)
    li_rho = p.kb_value(LITHIUM, "density_g_cm3")
    li_volcap = p.kb_value(LITHIUM, "volumetric_capacity_mah_cm3")
    if li_volcap is None and li_rho is not None:
        cap = p.kb_value(LITHIUM, "specific_capacity_mah_g")
        li_volcap = cap * li_rho if cap is not None else None

    anode_class = str(kb.index.traits.get(a.material, {}).get("anode_class", "composite"))
    kind = anode_class if anode_class in ("lithium-metal", "anode-free") else "composite"
    a_fields = _anode(p, design, kind)
    if kind != "composite" and "volumetric_capacity_mah_cm3" in a.overrides:
        li_volcap = a.overrides["volumetric_capacity_mah_cm3"]
    if kind == "lithium-metal" and "density_g_cm3" in a.overrides:
        li_rho = a.overrides["density_g_cm3"]
    if kind != "composite":
        if li_volcap is None:
            raise DesignError(
                design.problem(
                    ("anode", "material"),
                    f"{LITHIUM} has no volumetric_capacity_mah_cm3 (or specific capacity and "
                    "density) in the knowledge base; "
                    "give volumetric_capacity_mah_cm3 in the design",
                )
            )
        if kind == "lithium-metal" and li_rho is None:
            raise DesignError(
                design.problem(
                    ("anode", "material"),
                    f"{a.material} has no density_g_cm3 in the knowledge base; "
                    "give density_g_cm3 in the design",
                )
            )
    if a_fields.get("additive_id"):
        ids["anode_additive"] = a_fields["additive_id"]
    a_fields.pop("additive_id")
    if kind == "composite":
        silicon = a_fields.pop("silicon_pct")
        anode_class = _composite_class(kb, a.material, silicon, anode_class)
    else:
        silicon = 0.0
        a_fields.pop("silicon_pct")

    il_t, il_rho = a.interlayer_thickness_um, 0.0
    if a.interlayer and il_t > 0:
        il_rho = _kb_required(p, design, ("anode", "interlayer"), a.interlayer, "density_g_cm3")

    # collectors
    cc = design.current_collectors
    rho_cc = {}
    for side in ("positive", "negative"):
        cc_id = getattr(cc, f"{side}_material") or DEFAULT_COLLECTORS[side]
        ids[f"{side}_collector"] = cc_id
        key = f"{side}_density_g_cm3"
        if key in cc.overrides:
            rho_cc[side] = cc.overrides[key]
            continue
        value = p.kb_value(cc_id, "density_g_cm3")
        if value is None:
            raise DesignError(
                design.problem(
                    ("current_collectors", f"{side}_thickness_um"),
                    f"{cc_id} has no density_g_cm3 in the knowledge base; give {key} in the design",
                )
            )
        rho_cc[side] = value

    # liquid
    liq = design.liquid_electrolyte
    liq_mode, liq_rho, liq_wt = None, 0.0, 0.0
    if liq is not None:
        ids["liquid"] = liq.material
        liq_mode = "pores" if liq.fills == "pores" else "share"
        liq_rho = _liquid_density(p, design)
        liq_wt = liq.wt_pct or 0.0

    # cell
    pkg_m, pkg_v = _packaging(design, kb)
    v_override = design.cell.nominal_voltage_v
    return Inputs(
        anode_kind=kind,
        anode_class=anode_class,
        liquid_mode=liq_mode,
        cathode_size=c_size,
        anode_size=a_fields.pop("size_kind"),
        cathode_dense=c_dense,
        anode_dense=a_fields.pop("dense"),
        separator_dense=s_dense,
        c_cap=c_cap,
        c_v=c_v,
        c_f=c_f,
        c_w_cl=c_w_cl,
        c_rho_am=c_rho_am,
        c_rho_cl=c_rho_cl,
        c_rho_add=c_rho_add,
        c_rho=c.overrides.get("density_g_cm3", NAN),
        c_p=(c.porosity_pct or 0.0) / 100,
        c_size=c_val,
        c_cap_theo=c_theo,
        s_t=s.thickness_um,
        s_rho=s_rho,
        s_p=s_p,
        li_rho=li_rho if li_rho is not None else NAN,
        li_volcap=li_volcap if li_volcap is not None else NAN,
        il_t=il_t,
        il_rho=il_rho,
        cc_pos_t=cc.positive_thickness_um,
        cc_neg_t=cc.negative_thickness_um,
        cc_pos_rho=rho_cc["positive"],
        cc_neg_rho=rho_cc["negative"],
        liq_rho=liq_rho,
        liq_wt=liq_wt,
        pkg_m=pkg_m,
        pkg_v=pkg_v,
        v_override=NAN if v_override is None else v_override,
        silicon_pct=silicon,
        ids=ids,
        **a_fields,
    )


def _cathode_size(c: Any) -> tuple[str, float]:
    """The size the model derives the others from (agreement of several is checked later)."""
    if c.thickness_um is not None:
        return "thickness", c.thickness_um
    if c.areal_capacity_mah_cm2 is not None:
        return "areal", c.areal_capacity_mah_cm2
    return "loading", c.loading_mg_cm2


def _anode(p: _Props, design: Design, kind: str) -> dict[str, Any]:
    a = design.anode
    out: dict[str, Any] = dict(
        a_cap=NAN,
        a_v=NAN,
        a_f=1.0,
        a_w_el=0.0,
        a_rho_am=NAN,
        a_rho_el=NAN,
        a_rho_add=NAN,
        a_rho=NAN,
        a_p=(a.porosity_pct or 0.0) / 100,
        a_size=0.0,
        a_cap_theo=NAN,
        dense=False,
        additive_id="",
        size_kind="thickness",
        silicon_pct=0.0,
    )
    if kind == "anode-free":
        out["a_v"] = p.get("anode", "material", "average_voltage_v")
        return out
    if kind == "lithium-metal":
        out["a_v"] = p.get("anode", "material", "average_voltage_v")
        out["a_cap_theo"] = p.get("anode", "material", "specific_capacity_mah_g")
        if a.thickness_um is None and a.n_p_ratio is None:
            raise DesignError(design.problem(("anode",), "give thickness_um or n_p_ratio"))
        out["size_kind"] = "thickness" if a.thickness_um is not None else "n_p"
        out["a_size"] = a.thickness_um if a.thickness_um is not None else a.n_p_ratio
        return out
    # composite: graphite, si-c, silicon, ...
    silicon = _silicon_pct(p, design)
    out["silicon_pct"] = silicon
    mix = a.material == "si-c" and "specific_capacity_mah_g" not in a.overrides
    if mix:
        out.update(_si_c_mix(p, design, silicon))
    else:
        out["a_cap"] = p.get("anode", "material", "specific_capacity_mah_g")
        out["a_v"] = p.get("anode", "material", "average_voltage_v")
        theo = p.kb_value(a.material, "theoretical_capacity_mah_g")
        out["a_cap_theo"] = theo if theo is not None else out["a_cap"]
    if a.active_wt_pct is None:
        raise DesignError(design.problem(("anode",), "give active_wt_pct for a composite anode"))
    out["a_f"] = a.active_wt_pct / 100
    out["a_w_el"] = a.anolyte_wt_pct / 100
    out["dense"] = "density_g_cm3" in a.overrides
    if out["dense"]:
        out["a_rho"] = a.overrides["density_g_cm3"]
    else:
        if not mix:
            out["a_rho_am"] = p.get("anode", "material", "density_g_cm3", use_override=False)
        if a.anolyte:
            out["a_rho_el"] = _kb_required(
                p, design, ("anode", "anolyte"), a.anolyte, "density_g_cm3"
            )
        if 1 - out["a_f"] - out["a_w_el"] > 1e-9:
            add = a.additive or DEFAULT_ADDITIVE["anode"]
            out["a_rho_add"] = _additive_density(p, design, "anode", add)
            out["additive_id"] = add
        if a.porosity_pct is None:
            raise DesignError(
                design.problem(
                    ("anode",),
                    "give porosity_pct (or the as-built composite density_g_cm3) for the anode",
                )
            )
    if a.thickness_um is None and a.n_p_ratio is None:
        raise DesignError(design.problem(("anode",), "give thickness_um or n_p_ratio"))
    out["size_kind"] = "thickness" if a.thickness_um is not None else "n_p"
    out["a_size"] = a.thickness_um if a.thickness_um is not None else a.n_p_ratio
    return out


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
    theo_g = p.kb_value(g, "theoretical_capacity_mah_g") or cap_g
    theo_si = p.kb_value(si, "theoretical_capacity_mah_g") or cap_si
    a = design.anode
    return {
        "a_cap": cap,
        "a_v": a.overrides.get("average_voltage_v", volt),
        "a_rho_am": rho,
        "a_cap_theo": (1 - x) * theo_g + x * theo_si,
    }


def _composite_class(kb: Any, material: str, silicon_pct: float, trait: str) -> str:
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
        return trait if trait in ("low-si", "high-si") else "low-si"
    return "high-si" if silicon_pct > threshold else "low-si"


def _porosity(p: _Props, section: str, id_field: str, given: float | None) -> float:
    """Porosity fraction: the design's, else the material's sourced value, else none."""
    if given is not None:
        return given / 100
    block = getattr(p.design, section)
    value = p.kb_value(getattr(block, id_field), "porosity_pct")
    if value is not None:
        return value / 100
    return 0.0


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


def _additive_density(p: _Props, design: Design, section: str, add_id: str) -> float:
    value = p.kb_value(add_id, "density_g_cm3")
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


def _packaging(design: Design, kb: Any) -> tuple[float, float]:
    """Packaging shares: the design's, else a sourced default for the format, else an error."""
    fmt = design.cell.format
    out = []
    for name in ("packaging_mass_pct", "packaging_volume_pct"):
        value = getattr(design.cell, name)
        if value is None:
            value = kb.index.prop(fmt, name) if fmt in kb.entries else None
        if value is None:
            raise DesignError(
                design.problem(
                    ("cell", name),
                    f"required: the knowledge base has no sourced {name} for format {fmt!r}; "
                    f"give {name} in the design",
                )
            )
        out.append(value)
    return out[0], out[1]
