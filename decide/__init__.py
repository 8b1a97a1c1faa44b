"""decide: rule-based decision support for solid-state battery industrialization.

The library behind the `decide` command, usable on its own::

    import decide

    kb = decide.load_knowledge()                      # the sourced knowledge graph
    rules = decide.load_rules(kb)                     # the declarative rule pack
    design = decide.load_design("cell.yaml", kb)      # a candidate cell design
    metrics = decide.compute(design, kb)              # stack and cell metrics, each with its level
    result = decide.assess(design, kb, rules)         # findings, phase verdict, levers, spread
    print(result.verdict())
    decide.write_review("cell.yaml", "review.pdf", kb)

Each function below imports what it needs when called, so `import decide` stays cheap (the
command line's `--help` pays for none of pydantic, numpy, networkx or WeasyPrint).
Errors the user can fix are `decide.errors.DecideError`s naming the file, line and field.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from decide.assessment import Assessment
    from decide.cell.metrics import Metrics
    from decide.design.model import Design
    from decide.kb.base import KnowledgeBase
    from decide.report.render import Rendered
    from decide.rules.ruleset import RuleSet
    from decide.screening.run import ScreenResult
    from decide.screening.space import Space

__version__ = "0.1.0"
__all__ = [
    "__version__",
    "assess",
    "compute",
    "design_from_data",
    "load_design",
    "load_knowledge",
    "load_rules",
    "load_space",
    "screen",
    "write_brief",
    "write_review",
]


def load_knowledge(overlays: Sequence[str | Path] = (), use_cache: bool = True) -> KnowledgeBase:
    """Load the built-in knowledge base plus overlay folders (an entry with the same id replaces
    the built-in one); validated, indexed and cached by the hash of its files."""
    from decide.kb.loader import load_knowledge as load

    return load(overlays, use_cache)


def load_rules(kb: KnowledgeBase, overlays: Sequence[str | Path] = ()) -> RuleSet:
    """Load, check and compile the built-in rule pack plus overlay folders against `kb`."""
    from decide.rules.loader import load_rules as load

    return load(kb, overlays)


def load_design(path: str | Path, kb: KnowledgeBase) -> Design:
    """Read a design file (CONTRACT section 2), fill open fields from sourced defaults and
    resolve its ids against `kb`; `design.assumptions` lists every filled value."""
    from decide.design.loader import load_design as load

    return load(path, kb)


def design_from_data(data: dict[str, Any], kb: KnowledgeBase) -> Design:
    """Like `load_design`, from plain data built in code (errors name the field path)."""
    from decide.design.loader import design_from_data as build

    return build(data, None, kb, "<design>")


def compute(design: Design, kb: KnowledgeBase) -> Metrics:
    """Every metric of one design: stack and cell energy, cell size, cost, transport, class."""
    from decide.cell.metrics import compute as run

    return run(design, kb)


def assess(
    design: Design,
    kb: KnowledgeBase,
    ruleset: RuleSet,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    levers: bool = True,
    uncertainty: bool | None = None,
    samples: int | None = None,
    seed: int | None = None,
) -> Assessment:
    """Metrics, findings (each with evidence and sources), the phase verdict and, with
    `levers`, what it would take to reach the next phase within sourced limits. `uncertainty`
    (by default: with the levers) propagates the ranges into `Assessment.uncertainty`:
    percentiles, phase probabilities and drivers (docs/uncertainty.md)."""
    from decide.assessment import assess as run

    return run(design, kb, ruleset, select, ignore, levers, uncertainty, samples, seed)


def load_space(path: str | Path, kb: KnowledgeBase) -> Space:
    """Read a design-space file (CONTRACT section 6): a base design, what varies, objectives
    and filters; expanded lazily."""
    from decide.screening.space import load_space as load

    return load(path, kb)


def screen(
    space: Space,
    kb: KnowledgeBase,
    ruleset: RuleSet,
    jobs: int = 1,
    knowledge: Sequence[str | Path] = (),
    rules: Sequence[str | Path] = (),
) -> ScreenResult:
    """Evaluate, filter and rank every candidate of `space`, vectorised, on `jobs` processes
    (`knowledge` and `rules`: the overlay folders worker processes reload)."""
    from decide.screening.parallel import make_setup
    from decide.screening.run import screen as run

    setup = make_setup(space, tuple(map(str, knowledge)), tuple(map(str, rules)))
    return run(setup, kb, ruleset, jobs=jobs)


def write_review(
    design_path: str | Path,
    output: str | Path,
    kb: KnowledgeBase,
    rules: Sequence[str | Path] = (),
) -> Rendered:
    """Write the design review of `design_path` to `output` (.pdf or .html)."""
    from decide.report.run import write_review as write

    return write(Path(design_path), Path(output), kb, [Path(r) for r in rules])


def write_brief(
    output: str | Path,
    kb: KnowledgeBase,
    year: int,
    rules: Sequence[str | Path] = (),
    *,
    scenario: str = "base",
    audience: str = "industry",
    region: str | None = None,
    sections: Sequence[str] | None = None,
    pages: int | None = None,
) -> Rendered:
    """Write the strategy / policy briefing for `year` to `output` (.pdf or .html): the summary
    leads with `scenario` (low, base, high); `audience` (policy, industry, research) chooses the
    sections, `region` narrows the industrial view, `sections` picks sections, `pages` sets a
    page budget (4 to 6: the short version)."""
    from decide.report.brief import BriefOptions
    from decide.report.run import write_brief as write

    options = BriefOptions(
        year, scenario, audience, region, tuple(sections) if sections is not None else None, pages
    )
    return write(Path(output), kb, year, [Path(r) for r in rules], options=options)
