"""The file formats are documented inside the project and the docs cannot drift from the models:
every field of the design and design-space models is named in docs/, the README points there,
the docs ship, and `decide schema design|space` lists the ids editors should complete."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import EXAMPLES, FIXTURES, ROOT, run_cli
from pydantic import BaseModel

from decide.design.model import Design
from decide.models import model_in
from decide.screening.space_file import Bound, FilterSection, PhaseFilter, Range, SpaceFile

DESIGN_DOC = (ROOT / "docs" / "design-format.md").read_text()
SPACE_DOC = (ROOT / "docs" / "space-format.md").read_text()
SPACES = sorted((ROOT / "examples").glob("*.space.yaml"))


def dotted_fields(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    """Every field path of a model as written in a file (aliases, [] for list items)."""
    for name, info in model.model_fields.items():
        if info.exclude is True:
            continue  # internal: the loader's overrides, the source file
        key = f"{prefix}{info.alias or name}"
        yield key
        sub = model_in(info.annotation)
        if sub is not None:
            is_list = "list[" in str(info.annotation)
            yield from dotted_fields(sub, key + ("[]." if is_list else "."))


def test_every_design_field_is_documented() -> None:
    missing = [f for f in dotted_fields(Design) if f"`{f}`" not in DESIGN_DOC]
    assert missing == []


def keys_of(model: type[BaseModel]) -> list[str]:
    """The keys a model accepts (aliases where given), one level."""
    return [info.alias or name for name, info in model.model_fields.items()]


def test_every_space_key_is_documented() -> None:
    # the space's values are unions (a list, a range, one value): its models are named one by one
    keys = keys_of(SpaceFile)
    keys += [f"filters.{k}" for k in keys_of(FilterSection)]
    keys += [f"filters.phase.{k}" for k in keys_of(PhaseFilter)]
    keys += [f"filters.metrics.<metric>.{k}" for k in keys_of(Bound)]
    keys += [f"vary.<field>.{k}" for k in keys_of(Range)]
    missing = [k for k in keys if f"`{k}`" not in SPACE_DOC]
    assert missing == []


def test_the_doc_check_sees_a_missing_field() -> None:
    class Extra(BaseModel):
        cathode: Any
        brand_new_field: int

    assert "brand_new_field" in list(dotted_fields(Extra))
    assert "`brand_new_field`" not in DESIGN_DOC


def test_readme_points_inside_the_project_and_the_docs_ship() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "docs/design-format.md" in readme and "docs/space-format.md" in readme
    assert "../shared" not in readme
    build = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]
    assert "docs" in build["targets"]["sdist"]["include"]
    assert build["targets"]["wheel"]["force-include"]["docs"] == "decide/_data/docs"


def schema(kind: str, capsys) -> dict:
    code, out, _ = run_cli(["schema", kind], capsys)
    assert code == 0
    doc = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(doc)
    return doc


@pytest.mark.parametrize(
    "path",
    [*sorted(EXAMPLES.glob("*.yaml")), *sorted(FIXTURES.glob("*.yaml"))],
    ids=lambda p: p.name,
)
def test_every_example_design_fits_the_schema(path, capsys) -> None:
    validator = jsonschema.Draft202012Validator(schema("design", capsys))
    errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text()))]
    assert errors == []


def test_schema_lists_the_ids_each_field_accepts(kb, capsys) -> None:
    doc = schema("design", capsys)
    cathode = doc["$defs"]["Cathode"]["properties"]["active_material"]
    assert set(cathode["enum"]) == {e.id for e in kb.with_role("cathode")}
    application = doc["properties"]["application"]["anyOf"][0]["enum"]
    assert set(application) == {e.id for e in kb.of_kind("application")}
    data = yaml.safe_load((EXAMPLES / "sulfide-nmc811-li20.yaml").read_text())
    data["separator"]["material"] = "li6ps5c"
    errors = list(jsonschema.Draft202012Validator(doc).iter_errors(data))
    assert [list(e.absolute_path) for e in errors] == [["separator", "material"]]


@pytest.mark.parametrize("path", SPACES, ids=lambda p: p.name)
def test_every_example_space_fits_the_schema(path, capsys) -> None:
    validator = jsonschema.Draft202012Validator(schema("space", capsys))
    assert [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text()))] == []


def test_space_schema_catches_what_the_loader_refuses(capsys) -> None:
    validator = jsonschema.Draft202012Validator(schema("space", capsys))
    space = yaml.safe_load(SPACES[0].read_text())
    assert validator.is_valid(space)
    for key, value in (
        ("vary", {"anode.silicn_wt_pct": [40]}),
        ("objectives", {"cell_specific_energy": "maximize"}),
        ("objectives", {"maximize": ["cell_cost_usd_per_kwh"], "cell_cost": "min"}),
    ):
        assert not validator.is_valid(space | {key: value}), (key, value)
    inline = space | {"base": yaml.safe_load((EXAMPLES / "tan2021-micro-si.yaml").read_text())}
    assert validator.is_valid(inline)
    inline["base"]["cathode"]["active_material"] = "nmc812"
    assert not validator.is_valid(inline)
