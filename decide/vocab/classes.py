"""Cell classes: the anode classes the roadmap phases name and the electrolyte classes of
T/CSAE 434-2025, each spelled once here."""

from __future__ import annotations

from typing import Literal, get_args

AnodeClass = Literal["graphite", "low-si", "high-si", "lithium-metal", "anode-free"]
ANODE_CLASSES: tuple[str, ...] = get_args(AnodeClass)
# anodes whose cyclable lithium is metal plated on charge (no host): the lithium-inventory model
METAL_ANODES: tuple[str, ...] = ("lithium-metal", "anode-free")
SILICON_ANODES: tuple[str, ...] = ("low-si", "high-si")

ElectrolyteClass = Literal["liquid", "hybrid-solid-liquid", "all-solid-state"]
ELECTROLYTE_CLASSES: tuple[str, ...] = get_args(ElectrolyteClass)
