"""The design-space file (CONTRACT section 6) as pydantic models: its shape, validated once.

`decide.screening.space` turns a validated SpaceFile into a Space: it checks the varied fields
against the design model, converts units with each field's unit, expands ranges lazily and checks
metrics against the cell model. What can be said about the file without the knowledge base and
the design model is said here, with the same messages (file, line, path, 'did you mean') as
designs and rules, through the shared translation of `decide.validation`.

Objectives take either form: `{metric: maximize | minimize}` or
`{maximize: [metrics], minimize: [metrics]}`; a union discriminated by the keys picks one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Literal

import numpy as np
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from decide.models import Name
from decide.suggest import closest
from decide.units import to_number
from decide.vocab.severity import SeverityName
from decide.yamlio import PathKey

MAX_VALUES_PER_FIELD = 1_000_000
SENSES = {"max": "max", "maximize": "max", "min": "min", "minimize": "min"}
GROUPS: dict[str, str] = {"maximize": "max", "minimize": "min"}
_RANGE_KEYS = ("from", "to", "step", "num")
_OBJECTIVE_FORMS = "{metric: maximize | minimize} or {maximize: [metrics], minimize: [metrics]}"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("space", "{message}", {"message": message})


def _quantity(value: Any) -> float | str:
    """A number, or a number with a unit ('30 um'): converted once the field's unit is known."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"expected a number or a number with a unit, got {value!r}")
    return value


Quantity = Annotated[float | str, BeforeValidator(_quantity)]


class Range(Strict):
    """`{from, to, step}` or `{from, to, num}`: evenly spaced values, both ends included."""

    key_noun: ClassVar[str] = "range key"

    start: Quantity = Field(alias="from")
    to: Quantity
    step: Quantity | None = None
    num: int | None = None

    @field_validator("num", mode="before")
    @classmethod
    def _whole(cls, num: Any) -> Any:
        if num is None:
            return None
        if isinstance(num, bool) or not isinstance(num, int) or num < 1:
            raise ValueError(f"num must be a whole number >= 1, got {num!r}")
        if num > MAX_VALUES_PER_FIELD:
            raise ValueError(f"num {num} is more than {MAX_VALUES_PER_FIELD} values")
        return num

    @model_validator(mode="after")
    def _one_spacing(self) -> Range:
        if (self.step is None) == (self.num is None):
            raise ValueError("a range needs from, to and exactly one of step or num")
        return self

    def values(self, unit: str | None) -> np.ndarray:
        """The values in `unit` (ValueError when empty, too many or in the wrong unit)."""
        lo, hi = to_number(self.start, unit), to_number(self.to, unit)
        if self.num is not None:
            return np.linspace(lo, hi, self.num)
        step = to_number(self.step, unit)
        if step <= 0:
            raise ValueError(f"step must be positive, got {self.step!r}")
        if hi < lo:
            raise ValueError(f"empty range: from {lo:g} is above to {hi:g}")
        count = math.floor((hi - lo) / step + 1e-9) + 1
        if count > MAX_VALUES_PER_FIELD:
            raise ValueError(f"the range has {count} values, more than {MAX_VALUES_PER_FIELD}")
        return np.round(lo + step * np.arange(count), 12)


def _some_values(values: list[Any]) -> list[Any]:
    if not values:
        raise ValueError("expected at least one value")
    if len(values) > MAX_VALUES_PER_FIELD:
        raise ValueError(f"more than {MAX_VALUES_PER_FIELD} values")
    return values


def _one_value(value: Any) -> list[Any]:
    return [value]


def _vary_tag(value: Any) -> str:
    if isinstance(value, list):
        return "<list>"
    if isinstance(value, Range):
        return "<range>"
    if isinstance(value, Mapping) and {closest(str(k), _RANGE_KEYS) for k in value} & {
        "from",
        "to",
    }:
        return "<range>"
    return "<one>"


# A list of values, a range, or one value (any other value: a number, a word, null, a mapping).
Values = Annotated[
    Annotated[list[Any], AfterValidator(_some_values), Tag("<list>")]
    | Annotated[Range, Tag("<range>")]
    | Annotated[list[Any], BeforeValidator(_one_value), Tag("<one>")],
    Discriminator(_vary_tag),
]


# --- objectives --------------------------------------------------------------------------------


def _sense(value: Any) -> str:
    word = str(value).lower()
    if word not in SENSES:
        raise ValueError(f"expected maximize or minimize, got {value!r}")
    return SENSES[word]


def _listed(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Sense = Annotated[str, BeforeValidator(_sense)]
MetricNames = Annotated[list[str], BeforeValidator(_listed)]


def _grouped(groups: dict[str, list[str]]) -> dict[str, list[str]]:
    if not any(groups.values()):
        raise ValueError("name at least one metric to maximize or minimize")
    if both := set(groups.get("maximize", ())) & set(groups.get("minimize", ())):
        raise ValueError(f"{sorted(both)[0]} is both maximized and minimized")
    return groups


def _objectives_tag(value: Any) -> str:
    if not isinstance(value, Mapping) or not value:
        return "<neither>"
    grouped = [closest(str(k), GROUPS) is not None for k in value]
    if all(grouped):
        return "<grouped>"
    if any(grouped):
        return "<mixed>"
    return "<by-metric>"


def _mixed(_value: Any) -> Any:
    raise _fail(f"write objectives as {_OBJECTIVE_FORMS}, not both at once")


def _neither(_value: Any) -> Any:
    raise _fail(f"expected {_OBJECTIVE_FORMS}")


Objectives = Annotated[
    Annotated[dict[str, Sense], Tag("<by-metric>")]
    | Annotated[
        dict[Literal["maximize", "minimize"], MetricNames],
        AfterValidator(_grouped),
        Tag("<grouped>"),
    ]
    | Annotated[dict[str, Any], BeforeValidator(_mixed), Tag("<mixed>")]
    | Annotated[dict[str, Any], BeforeValidator(_neither), Tag("<neither>")],
    Discriminator(_objectives_tag),
]


# --- filters -----------------------------------------------------------------------------------


def _targets_met(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3:
        raise ValueError("expected a whole number 0-3")
    return value


def _architectures(value: Any) -> Any:
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    if not items or not all(not isinstance(i, bool) and i in (1, 2, 3) for i in items):
        raise ValueError("expected phase numbers 1, 2 or 3")
    return tuple(items)


class PhaseFilter(Strict):
    """Keep candidates meeting at least a phase's targets, or of given architectures."""

    key_noun: ClassVar[str] = "phase filter"

    min_targets_met: Annotated[int | None, BeforeValidator(_targets_met)] = None
    architecture: Annotated[tuple[int, ...] | None, BeforeValidator(_architectures)] = None


def _plain_number(value: Any) -> float | None:
    return None if value is None else to_number(value, None)


class Bound(Strict):
    """Inclusive bounds on one metric."""

    key_noun: ClassVar[str] = "bound"

    min: Annotated[float | None, BeforeValidator(_plain_number)] = None
    max: Annotated[float | None, BeforeValidator(_plain_number)] = None

    @model_validator(mode="before")
    @classmethod
    def _some(cls, data: Any) -> Any:
        if not isinstance(data, Mapping) or not data:
            raise ValueError("expected {min: X} and/or {max: Y}")
        return data


class FilterSection(Strict):
    """Hard constraints: candidates failing any are screened out (counted by reason)."""

    key_noun: ClassVar[str] = "filter"

    max_severity: SeverityName | None = None
    phase: PhaseFilter | None = None
    metrics: dict[str, Bound] | None = None


# --- the file ----------------------------------------------------------------------------------


def _space_id(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        raise ValueError("expected an id of [a-z0-9-], e.g. si-sweep")
    if len(value) > 60:
        raise ValueError("expected an id of at most 60 characters")
    return value


def _base(value: Any) -> Any:
    if not isinstance(value, str | dict):
        raise ValueError("expected a design mapping or a relative path")
    return value


def _vary(vary: dict[str, Any]) -> dict[str, Any]:
    if not vary:
        raise ValueError("expected a mapping: dotted field -> values")
    return vary


class SpaceFile(Strict):
    """A design space as written: id, base design, what to vary, objectives and filters."""

    id: Annotated[str, BeforeValidator(_space_id)]
    name: Name | None = None
    base: Annotated[str | dict[str, Any], BeforeValidator(_base)]
    vary: Annotated[dict[str, Values], AfterValidator(_vary)]
    objectives: Objectives | None = None
    filters: FilterSection | None = None

    @field_validator("vary", mode="before")
    @classmethod
    def _mapping(cls, value: Any) -> Any:
        if not isinstance(value, Mapping):
            raise ValueError("expected a mapping: dotted field -> values")
        return value

    def objective_list(self) -> list[tuple[str, str, PathKey]]:
        """(metric, 'max' | 'min', where it is written) in file order; [] when not given."""
        if self.objectives is None:
            return []
        out: list[tuple[str, str, PathKey]] = []
        for key, item in self.objectives.items():
            if isinstance(item, list):  # {maximize: [metrics], minimize: [metrics]}
                for i, metric in enumerate(item):
                    out.append((metric, GROUPS[key], ("objectives", key, i)))
            else:
                out.append((key, item, ("objectives", key)))
        return out
