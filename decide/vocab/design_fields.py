"""Which design fields name knowledge-base materials, what each may be and what it is in the cell.

The design loader checks ids against `roles`; the cell model prices each `component`; rules read
`design.materials` and `design.solid_electrolytes` from here; reports label and group by `label` and
`layer`. Adding a material slot to the design means adding one row here.
"""

from __future__ import annotations

from dataclasses import dataclass

from decide.vocab.units import suffix_of, text_unit


@dataclass(frozen=True)
class MaterialField:
    """A design field that holds a knowledge-base material id."""

    path: str  # dotted design field
    roles: tuple[str, ...]  # the entry must have one of these roles
    label: str  # how a report names it
    layer: str  # cathode | separator | anode | collectors | liquid
    component: str | None  # mass-breakdown component priced by the cell model (None: no mass)
    electrolyte: bool = False  # may hold a solid electrolyte that conducts Li+ in its layer
    owns_overrides: bool = False  # the section's property overrides describe this material

    @property
    def section(self) -> str:
        return self.path.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.path.split(".", 1)[1]


MATERIAL_FIELDS: tuple[MaterialField, ...] = (
    MaterialField(
        "cathode.active_material",
        ("cathode",),
        "cathode active material",
        "cathode",
        "cathode_active",
        owns_overrides=True,
    ),
    MaterialField("cathode.coating", ("coating",), "cathode coating", "cathode", None),
    MaterialField(
        "cathode.catholyte",
        ("solid-electrolyte",),
        "catholyte",
        "cathode",
        "catholyte",
        electrolyte=True,
    ),
    MaterialField(
        "cathode.additive",
        ("binder", "conductive-additive"),
        "cathode additive",
        "cathode",
        "cathode_additive",
    ),
    MaterialField(
        "separator.material",
        ("solid-electrolyte", "separator"),
        "separator",
        "separator",
        "separator",
        electrolyte=True,
        owns_overrides=True,
    ),
    MaterialField("anode.material", ("anode",), "anode", "anode", "anode", owns_overrides=True),
    MaterialField(
        "anode.anolyte",
        ("solid-electrolyte",),
        "anolyte",
        "anode",
        "anolyte",
        electrolyte=True,
    ),
    MaterialField(
        "anode.additive",
        ("binder", "conductive-additive"),
        "anode additive",
        "anode",
        "anode_additive",
    ),
    MaterialField(
        "anode.interlayer", ("interlayer", "coating"), "interlayer", "anode", "interlayer"
    ),
    MaterialField(
        "current_collectors.positive_material",
        ("current-collector",),
        "positive current collector",
        "collectors",
        "positive_collector",
    ),
    MaterialField(
        "current_collectors.negative_material",
        ("current-collector",),
        "negative current collector",
        "collectors",
        "negative_collector",
    ),
    MaterialField(
        "liquid_electrolyte.material",
        ("liquid-electrolyte",),
        "liquid electrolyte",
        "liquid",
        "liquid_electrolyte",
        owns_overrides=True,
    ),
)

BY_PATH: dict[str, MaterialField] = {f.path: f for f in MATERIAL_FIELDS}
BY_COMPONENT: dict[str, MaterialField] = {f.component: f for f in MATERIAL_FIELDS if f.component}
# Fields that can hold a solid electrolyte, in the order the cell meets them (cathode to anode).
ELECTROLYTE_FIELDS: tuple[str, ...] = tuple(f.path for f in MATERIAL_FIELDS if f.electrolyte)
# Design sections whose blocks may carry knowledge-base property overrides.
OVERRIDE_SECTIONS: tuple[str, ...] = (
    "cathode",
    "separator",
    "anode",
    "current_collectors",
    "liquid_electrolyte",
    "cell",
)
# The collector sides: their overrides carry the side as a prefix (`positive_density_g_cm3`).
COLLECTOR_SIDES: tuple[str, ...] = ("positive", "negative")


def owner_of_section(section: str) -> MaterialField | None:
    """The material a section's property overrides describe (None for current collectors)."""
    for f in MATERIAL_FIELDS:
        if f.section == section and f.owns_overrides:
            return f
    return None


# How a report names a design field that is not a material slot; other names are read off the
# field name without its unit suffix ('thickness_um' -> 'Thickness').
FIELD_LABELS: dict[str, str] = {
    "active_wt_pct": "Active material share",
    "catholyte_wt_pct": "Catholyte share",
    "anolyte_wt_pct": "Anolyte share",
    "silicon_wt_pct": "Silicon share of the active material",
    "n_p_ratio": "N/P ratio",
    "upper_cutoff_v": "Upper cut-off voltage",
    "loading_mg_cm2": "Active loading",
    "prelithiated": "Prelithiated",
    "wt_pct": "Liquid share of stack mass",
    "ml_per_ah": "Liquid per capacity",
    "fills": "Liquid fills",
    "format": "Cell format",
    "repeat_units": "Repeat units",
    "positive_thickness_um": "Positive collector thickness",
    "negative_thickness_um": "Negative collector thickness",
    "min_temperature_c": "Lowest operating temperature",
    "max_temperature_c": "Highest operating temperature",
    "stack_pressure_mpa": "Stack pressure",
    "cycle_life": "Cycle life (claimed)",
    "manufacturing_cost_usd_per_kwh": "Manufacturing cost",
    "production_year": "Production year",
    "packaging_mass_pct": "Packaging mass share",
    "packaging_volume_pct": "Packaging volume share",
    "nominal_voltage_v": "Nominal voltage",
    "delta_v_v": "Interface test voltage step",
    "current_ma": "Interface test current",
    "area_cm2": "Interface test area",
}


def field_label(path: str) -> str:
    """A report's name for a dotted design field (material slots by their label)."""
    if path in BY_PATH:
        label = BY_PATH[path].label
        return label[:1].upper() + label[1:]
    name = path.rsplit(".", 1)[-1]
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    suffix = suffix_of(name)
    stem = name[: -len(suffix)] if suffix and name.endswith(suffix) else name
    words = stem.replace("_", " ").strip() or name
    return words[:1].upper() + words[1:]


_UNQUALIFIED = ("cell", "operating", "claims", "current_collectors", "interface_test")


def qualified_label(path: str) -> str:
    """A field's name outside its layer's table: 'Anode thickness', not 'Thickness'."""
    label = field_label(path)
    component, _, _ = path.partition(".")
    if not _ or component in _UNQUALIFIED or component.lower() in label.lower():
        return label
    return f"{component.capitalize()} {label[:1].lower()}{label[1:]}"


def quantity_label(name: str) -> str:
    """A metric's label, or a dotted design field's qualified label, for a sentence."""
    from decide.vocab.metrics import METRICS

    return METRICS[name].label if name in METRICS else qualified_label(name)


def quantity_text(name: str, value: float, digits: int = 3) -> str:
    """'cell specific energy 366 Wh/kg': a labelled value in plain text for a sentence."""
    unit = text_unit(name.rsplit(".", 1)[-1])
    label = quantity_label(name)
    return f"{label[:1].lower()}{label[1:]} {value:.{digits}g}{' ' + unit if unit else ''}"


def quantity_change(name: str, before: float, after: float) -> str:
    """'anode thickness 20 -> 11 um': a labelled change in plain text for a sentence."""
    unit = text_unit(name.rsplit(".", 1)[-1])
    label = quantity_label(name)
    tail = f" {unit}" if unit else ""
    return f"{label[:1].lower()}{label[1:]} {before:.3g} -> {after:.3g}{tail}"
