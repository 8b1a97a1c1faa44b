"""The one translation of pydantic errors: locations that exist in the file, one message per typo,
'did you mean' from the model's own field names (also through discriminated unions), units."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

import pytest
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
)

from decide.units import to_number
from decide.validation import place_in, problems_from
from decide.yamlio import load_text


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Layer(Strict):
    thickness_um: Annotated[
        float, BeforeValidator(lambda v: to_number(v, "micrometer")), Field(gt=0, le=1000)
    ]
    material: str


class Pick(Strict):
    key_noun: ClassVar[str] = "key"
    pick: Literal["lt", "gt"]


class Nested(Strict):
    nested: list[Layer]


def _kind(value: Any) -> str:
    return "pick-tag" if isinstance(value, dict) and "pick" in value else "nested-tag"


Choice = Annotated[
    Annotated[Pick, Tag("pick-tag")] | Annotated[Nested, Tag("nested-tag")], Discriminator(_kind)
]


class Doc(Strict):
    layer: Layer
    layers: dict[str, Layer] = Field(default_factory=dict)
    choice: Choice | None = None


def _problems(text: str) -> list[str]:
    data, lines = load_text(text, "doc.yaml")
    with pytest.raises(ValidationError) as info:
        Doc.model_validate(data)
    return [str(p) for p in problems_from(info.value, Doc, data, lines)]


def test_a_misspelt_field_is_one_problem_with_a_suggestion() -> None:
    assert _problems("layer:\n  thicknes_um: 3\n  material: x\n") == [
        "doc.yaml:2: layer.thicknes_um: "
        "unknown field 'thicknes_um' (did you mean \"thickness_um\"?)"
    ]


def test_missing_field_without_a_typo_is_reported() -> None:
    assert _problems("layer:\n  thickness_um: 3\n") == [
        "doc.yaml:1: layer.material: required field is missing"
    ]


def test_bounds_name_the_unit_and_convert_unit_strings() -> None:
    assert _problems("layer: {thickness_um: -3, material: x}\n") == [
        "doc.yaml:1: layer.thickness_um: -3 is not plausible: expected greater than 0 um"
    ]
    assert _problems("layer: {thickness_um: '2 mm', material: x}\n") == [
        "doc.yaml:1: layer.thickness_um: "
        "'2 mm' = 2000 um is not plausible: expected at most 1000 um"
    ]


def test_suggestions_inside_dicts_and_lists() -> None:
    text = "layer: {thickness_um: 3, material: x}\nlayers:\n  a: {thickness_um: 3, materal: x}\n"
    assert _problems(text) == [
        "doc.yaml:3: layers.a.materal: unknown field 'materal' (did you mean \"material\"?)"
    ]


def test_discriminated_union_tags_are_not_in_the_path_and_guide_the_suggestion() -> None:
    base = "layer: {thickness_um: 3, material: x}\n"
    text = base + "choice:\n  nested:\n    - {thickness_um: 3, material: x, colour: red}\n"
    assert _problems(text) == [
        "doc.yaml:4: choice.nested[0].colour: "
        "unknown field 'colour' (expected thickness_um or material)"
    ]
    text = base + "choice: {pick: lt, pikc: gt}\n"
    assert _problems(text) == [
        "doc.yaml:2: choice.pikc: unknown key 'pikc' (did you mean \"pick\"?)"
    ]


def test_literal_choices_are_listed_with_a_suggestion() -> None:
    text = "layer: {thickness_um: 3, material: x}\nchoice: {pick: gtt}\n"
    assert _problems(text) == [
        "doc.yaml:2: choice.pick: expected lt or gt, got 'gtt' (did you mean \"gt\"?)"
    ]


def test_place_in_keeps_only_what_the_data_holds() -> None:
    data = {"a": [{"b": 1}], "s": "x"}
    assert place_in(data, ("a", "tag", 0, "function-after[f()]", "b")) == ("a", 0, "b")
    assert place_in(data, ("a", 0, "c"), keep_last=True) == ("a", 0, "c")
    assert place_in(data, ("s", 0)) == ("s",)


def test_an_unknown_field_without_a_close_match_lists_a_few_choices() -> None:
    text = "layer: {thickness_um: 3, material: x}\nchoice: {pick: lt, zzz: 1}\n"
    assert _problems(text) == ["doc.yaml:2: choice.zzz: unknown key 'zzz' (expected pick)"]
