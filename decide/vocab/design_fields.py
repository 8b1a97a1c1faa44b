"""Which design fields name knowledge-base materials, what each may be and what it is in the cell.

The design loader checks ids against `roles`; the cell model prices each `component`; rules read
`design.materials` and `design.solid_electrolytes` from here; reports label and group by `label` and
`layer`. Adding a material slot to the design means adding one row here.
"""

from __future__ import annotations

from dataclasses import dataclass


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
