"""The condition grammar as pydantic models: the shapes a rule's `when` and `evidence` may take.

Each condition or operand is a mapping whose keys say what it is, so the unions here are
discriminated by a function of the keys (pydantic `Discriminator` + `Tag`). A misspelt key is
matched to the key it is closest to before the branch is chosen, so `{feild: x, op: lt, value: 1}`
is validated as a field comparison and gives ONE error, 'unknown key 'feild' (did you mean
"field"?)', instead of one error per branch of the union.

These models check shape only (keys, op names, list lengths, literal choices). What needs the
registries (fact names and kinds, function signatures, knowledge-base ids) is checked by
`decide.rules.check`, and `decide.rules.conditions` compiles the checked models to closures.

Grammar (each condition is a mapping with exactly one of these shapes):
  {all: [cond, ...]}  {any: [cond, ...]}  {not: cond}
  {field: NAME, op: OP, value: V}  {field: NAME, op: OP, ref: NAME}
  {field: NAME, op: present|missing}
  {left: OPERAND, op: OP, right: OPERAND}
  {is_a: FAMILY_OR_ID, field: NAME}          knowledge-graph membership of the id in NAME
  {role: ROLE, field: NAME}                  the material in NAME can play ROLE
  {compat: {subject: NAME, object: NAME, relation: [..], severity: [..]}}  a compatibility edge
      between the two ids (either orientation: the knowledge base's choice of subject is arbitrary)
Operands: {field: NAME} {value: V} (or a plain value) {prop: PROPERTY, of: NAME}
  {trait: TRAIT, of: NAME} {add|sub|mul|div|min|max: [OPERAND, ...]} {call: FUNCTION, args: [..]}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar

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

from decide.kb.schema import MaterialRole, RelationName
from decide.suggest import closest, did_you_mean
from decide.vocab.severity import CompatSeverityName

BINARY_OPS: tuple[str, ...] = ("lt", "le", "gt", "ge", "eq", "ne", "in", "not_in", "contains")
UNARY_OPS: tuple[str, ...] = ("present", "missing")
ORDER_OPS: tuple[str, ...] = ("lt", "le", "gt", "ge")
ARITH_OPS: tuple[str, ...] = ("add", "sub", "mul", "div", "min", "max")
CONDITION_KEYS: tuple[str, ...] = (
    "all",
    "any",
    "not",
    "field",
    "op",
    "value",
    "ref",
    "left",
    "right",
    "is_a",
    "role",
    "compat",
)
OPERAND_KEYS: tuple[str, ...] = (
    "value",
    "field",
    "prop",
    "trait",
    "of",
    "call",
    "args",
    *ARITH_OPS,
)


def _known_op(op: str) -> str:
    if op not in BINARY_OPS and op not in UNARY_OPS:
        raise ValueError(f"unknown op {op!r}{did_you_mean(op, (*BINARY_OPS, *UNARY_OPS))}")
    return op


def _listed(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


OpName = Annotated[str, AfterValidator(_known_op)]
# One word or a list of them; an error in a single word is reported at the key, once.
Relations = Annotated[list[RelationName] | None, BeforeValidator(_listed)]
Severities = Annotated[list[CompatSeverityName] | None, BeforeValidator(_listed)]


class Node(BaseModel):
    """A mapping of the grammar: unknown keys are errors, and messages call them keys."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    key_noun: ClassVar[str] = "key"


# --- operands -------------------------------------------------------------------------------


class ValueOperand(Node):
    """A literal value (also written plainly, without `value:`)."""

    value: Any

    def text(self) -> str:
        """How explanations and messages show the operand."""
        return repr(self.value)


class FieldOperand(Node):
    """The value of a fact (a design field, `metrics.<key>` or a derived fact)."""

    field: str

    def text(self) -> str:
        return self.field


class PropOperand(Node):
    """A knowledge-base property of the material named in a fact (a design override wins)."""

    prop: str
    of: str

    def text(self) -> str:
        return f"{self.prop} of {self.of}"


class TraitOperand(Node):
    """A knowledge-base trait of the material named in a fact."""

    trait: str
    of: str

    def text(self) -> str:
        return f"{self.trait} of {self.of}"


class ArithOperand(Node):
    """Arithmetic over two or more operands: `{mul: [a, b, ...]}`; a missing operand gives None."""

    add: list[Operand] | None = None
    sub: list[Operand] | None = None
    mul: list[Operand] | None = None
    div: list[Operand] | None = None
    min: list[Operand] | None = None
    max: list[Operand] | None = None

    @field_validator(*ARITH_OPS)
    @classmethod
    def _two_or_more(cls, items: list[Operand] | None, info: Any) -> list[Operand] | None:
        if items is not None and len(items) < 2:
            raise ValueError(f"{info.field_name} takes a list of at least two operands")
        return items

    @model_validator(mode="after")
    def _one(self) -> ArithOperand:
        given = [name for name in ARITH_OPS if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"give one of {', '.join(ARITH_OPS)} per mapping, not {given}")
        return self

    @property
    def name(self) -> str:
        """The operation: add, sub, mul, div, min or max."""
        return next(name for name in ARITH_OPS if getattr(self, name) is not None)

    @property
    def operands(self) -> list[Operand]:
        return list(getattr(self, self.name))

    def text(self) -> str:
        return f"{self.name}(" + ", ".join(x.text() for x in self.operands) + ")"


class CallOperand(Node):
    """A call of a registered function (`decide.rules.functions`)."""

    call: str
    args: list[Operand] = Field(default_factory=list)

    def text(self) -> str:
        return f"{self.call}(" + ", ".join(x.text() for x in self.args) + ")"


def _canonical(keys: Any, known: tuple[str, ...]) -> set[str]:
    """Each key, or the known key it is closest to (so one typo still picks the right branch)."""
    out: set[str] = set()
    for key in keys:
        text = str(key)
        match = text if text in known else closest(text, known)
        if match is not None:
            out.add(match)
    return out


def _error(message: str) -> PydanticCustomError:
    """A grammar error whose message is shown as it is."""
    return PydanticCustomError("grammar", "{message}", {"message": message})


def _reject(message: str) -> Any:
    def fail(_value: Any) -> Any:
        raise _error(message)

    return fail


def _unknown_operand(value: Any) -> Any:
    if not isinstance(value, Mapping) or not value:
        raise _error("an operand must be a plain value or a non-empty mapping")
    key = str(sorted(value, key=str)[0])
    keys = ", ".join(k for k in OPERAND_KEYS if k not in ("of", "args"))
    raise _error(f"unknown operand {key!r}: expected one of {keys}")


def _operand_tag(value: Any) -> str:
    """The branch of an operand, from its (nearest known) keys; tags are never keys."""
    if isinstance(value, BaseModel):  # serialising a validated operand
        return _TAGS[type(value)]
    if not isinstance(value, Mapping):
        return "<literal>"
    keys = _canonical(value, OPERAND_KEYS)
    for key in ("value", "call", "prop", "trait"):
        if key in keys:
            return f"<{key}>"
    if "args" in keys:
        return "<call>"
    if keys & set(ARITH_OPS):
        return "<arith>"
    if "field" in keys:
        return "<field>"
    if "of" in keys:
        return "<prop>"
    return "<unknown>"


def _as_value(value: Any) -> dict[str, Any]:
    return {"value": value}


Operand = Annotated[
    Annotated[ValueOperand, BeforeValidator(_as_value), Tag("<literal>")]
    | Annotated[ValueOperand, Tag("<value>")]
    | Annotated[FieldOperand, Tag("<field>")]
    | Annotated[PropOperand, Tag("<prop>")]
    | Annotated[TraitOperand, Tag("<trait>")]
    | Annotated[ArithOperand, Tag("<arith>")]
    | Annotated[CallOperand, Tag("<call>")]
    | Annotated[ValueOperand, BeforeValidator(_unknown_operand), Tag("<unknown>")],
    Discriminator(_operand_tag),
]


# --- conditions -----------------------------------------------------------------------------


def _stands_alone(key: str) -> Any:
    def check(data: Any) -> Any:
        if isinstance(data, Mapping) and key in data and len(data) > 1:
            raise _error(f"'{key}' must stand alone in its mapping")
        return data

    return check


def _non_empty(key: str) -> Any:
    def check(items: list[Any]) -> list[Any]:
        if not items:
            raise ValueError(f"'{key}' takes a non-empty list of conditions")
        return items

    return check


class AllOf(Node):
    """Every condition holds."""

    all: list[Condition]

    _alone = model_validator(mode="before")(_stands_alone("all"))
    _filled = field_validator("all")(_non_empty("all"))


class AnyOf(Node):
    """At least one condition holds."""

    any: list[Condition]

    _alone = model_validator(mode="before")(_stands_alone("any"))
    _filled = field_validator("any")(_non_empty("any"))


class Not(Node):
    """The condition does not hold."""

    not_: Condition = Field(alias="not")

    _alone = model_validator(mode="before")(_stands_alone("not"))


class FieldCompare(Node):
    """A fact compared with a literal (`value`) or with another fact (`ref`)."""

    field: str
    op: OpName
    value: Any = None
    ref: str | None = None

    @model_validator(mode="after")
    def _operands(self) -> FieldCompare:
        given = [k for k in ("value", "ref") if k in self.model_fields_set]
        if self.op in UNARY_OPS:
            if given:
                raise ValueError(f"op {self.op!r} takes no {given[0]!r}")
        elif not given:
            raise ValueError(f"op {self.op!r} needs 'value' or 'ref'")
        elif len(given) == 2:
            raise ValueError("give 'value' or 'ref', not both")
        return self

    @property
    def right(self) -> Operand | None:
        """The right-hand operand, as in the `{left, op, right}` form."""
        if self.ref is not None:
            return FieldOperand(field=self.ref)
        if "value" in self.model_fields_set:
            return ValueOperand(value=self.value)
        return None


class Compare(Node):
    """Two operands compared: `{left: OPERAND, op: OP, right: OPERAND}`."""

    left: Operand
    op: OpName
    right: Operand | None = None

    @model_validator(mode="after")
    def _operands(self) -> Compare:
        if self.op in UNARY_OPS and self.right is not None:
            raise ValueError(f"op {self.op!r} takes no 'right'")
        if self.op not in UNARY_OPS and self.right is None:
            raise ValueError(f"op {self.op!r} needs 'right'")
        return self


class IsA(Node):
    """The id in a fact is the knowledge-base entry, or belongs to the family, `is_a`."""

    is_a: str
    field: str


class HasRole(Node):
    """The material in a fact can play `role`."""

    role: MaterialRole
    field: str


class CompatSpec(Node):
    """Which compatibility entries between two materials count (all when not narrowed)."""

    subject: str
    object: str
    relation: Relations = None
    severity: Severities = None


class Compat(Node):
    """A compatibility entry of the knowledge base relates the two materials (either way)."""

    compat: CompatSpec


def _condition_tag(value: Any) -> str:
    """The branch of a condition, from its (nearest known) keys; tags are never keys."""
    if isinstance(value, BaseModel):  # serialising a validated condition
        return _TAGS[type(value)]
    if not isinstance(value, Mapping) or not value:
        return "<empty>"
    keys = _canonical(value, CONDITION_KEYS)
    for key in ("all", "any", "not", "compat", "is_a", "role"):
        if key in keys:
            return f"<{key}>"
    if keys & {"left", "right"}:
        return "<compare>"
    if keys & {"field", "op", "value", "ref"}:
        return "<field>"
    return "<unknown>"


def _unknown_condition(value: Any) -> Any:
    key = str(sorted(value, key=str)[0])
    raise _error(
        f"unknown condition {key!r}: expected all, any, not, field/op, left/op/right, "
        "is_a, role or compat"
    )


_EMPTY = "a condition must be a non-empty mapping"
Condition = Annotated[
    Annotated[AllOf, Tag("<all>")]
    | Annotated[AnyOf, Tag("<any>")]
    | Annotated[Not, Tag("<not>")]
    | Annotated[FieldCompare, Tag("<field>")]
    | Annotated[Compare, Tag("<compare>")]
    | Annotated[IsA, Tag("<is_a>")]
    | Annotated[HasRole, Tag("<role>")]
    | Annotated[Compat, Tag("<compat>")]
    | Annotated[AllOf, BeforeValidator(_reject(_EMPTY)), Tag("<empty>")]
    | Annotated[AllOf, BeforeValidator(_unknown_condition), Tag("<unknown>")],
    Discriminator(_condition_tag),
]

# The tag of each model, for serialising validated trees (the tag functions also see instances).
_TAGS: dict[type[BaseModel], str] = {
    ValueOperand: "<value>",
    FieldOperand: "<field>",
    PropOperand: "<prop>",
    TraitOperand: "<trait>",
    ArithOperand: "<arith>",
    CallOperand: "<call>",
    AllOf: "<all>",
    AnyOf: "<any>",
    Not: "<not>",
    FieldCompare: "<field>",
    Compare: "<compare>",
    IsA: "<is_a>",
    HasRole: "<role>",
    Compat: "<compat>",
}
for _model in (ArithOperand, CallOperand, AllOf, AnyOf, Not, Compare):
    _model.model_rebuild()
