"""Library entry points that load, assess, compute what the report shows, build the view model
and render it.

This is where the reports' numbers are computed: the Assessment (`decide.assessment`) and the
report's outlook (`decide.outlook`) are made here and handed to the builders, which only
present them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from decide.paths import examples_dir
from decide.report.render import Rendered, render, render_report

REVIEW_HINT = "the full findings belong in `decide check --format json`"
BRIEF_HINT = "full data belongs in `decide kb export --format json`"


def review_view(
    design_path: Path, kb: Any, rule_dirs: Sequence[Path] = (), prepare: Any = None
) -> Any:
    """Load, assess and present one design; `prepare()` runs while the charts are drawn."""
    from decide.assessment import assess
    from decide.design import load_design
    from decide.outlook import review_outlook
    from decide.report.parallel_figures import Pending
    from decide.report.review import build_review, review_charts
    from decide.rules.loader import load_rules

    ruleset = load_rules(kb, list(rule_dirs))
    design = load_design(design_path, kb)
    assessment = assess(design, kb, ruleset)
    outlook = review_outlook(assessment, kb)
    # Two cores: a child draws the charts while this process gets the renderer ready; the
    # result is the same as drawing them here (measured: ~0.4 s off a cold review).
    charts = Pending(lambda: review_charts(assessment, outlook, kb))
    if prepare is not None:
        prepare()
    return build_review(assessment, outlook, kb, ruleset, design_path.read_bytes(), charts.result())


def _prepare_renderer(pdf: bool = True) -> None:
    """Import WeasyPrint (for a PDF) and compile the review template while the charts are drawn
    elsewhere."""
    if pdf:
        import weasyprint  # noqa: F401

    from decide.report.render import environment
    from decide.report.review import TEMPLATE

    environment().get_template(TEMPLATE)


def write_review(
    design_path: Path, output: Path, kb: Any, rule_dirs: Sequence[Path] = (), strict: bool = False
) -> Rendered:
    """Write the review of `design_path` to `output` (PDF or HTML by suffix)."""
    from decide.report.render import output_format
    from decide.report.review import TEMPLATE

    pdf = output_format(output) == "pdf"
    view = review_view(design_path, kb, rule_dirs, prepare=lambda: _prepare_renderer(pdf))
    return render_report(TEMPLATE, view, output, hint=REVIEW_HINT, strict=strict)


def example_assessments(
    kb: Any, rule_dirs: Sequence[Path] = (), folder: Path | None = None
) -> tuple[list[Any], str | None]:
    """Assess every example design (sorted by file name); ([], None) when there are none."""
    from decide.assessment import assess
    from decide.design import load_design
    from decide.rules.loader import load_rules

    folder = folder or examples_dir() / "designs"
    paths = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not paths:
        return [], None
    ruleset = load_rules(kb, list(rule_dirs))
    return [assess(load_design(p, kb), kb, ruleset, levers=False) for p in paths], ruleset.digest


def brief_view(
    kb: Any, year: int, rule_dirs: Sequence[Path] = (), examples: Path | None = None
) -> Any:
    """The briefing view model, with the example designs assessed and costed per price year."""
    from decide.outlook import brief_outlook
    from decide.report.brief import build_brief

    assessments, digest = example_assessments(kb, rule_dirs, examples)
    outlook = brief_outlook(kb, [a.design for a in assessments])
    return build_brief(kb, year, outlook, assessments, digest)


def brief_html(kb: Any, year: int, rule_dirs: Sequence[Path] = ()) -> str:
    """The briefing as HTML text (a web page: no PDF layout pass, no page limit)."""
    from decide.report.brief import TEMPLATE

    view = brief_view(kb, year, rule_dirs)
    return render(TEMPLATE, view, "html", hint=BRIEF_HINT).data.decode("utf-8")


def write_brief(
    output: Path,
    kb: Any,
    year: int,
    rule_dirs: Sequence[Path] = (),
    strict: bool = False,
    examples: Path | None = None,
) -> Rendered:
    """Write the briefing to `output` (PDF or HTML by suffix)."""
    from decide.report.brief import TEMPLATE

    view = brief_view(kb, year, rule_dirs, examples)
    return render_report(TEMPLATE, view, output, hint=BRIEF_HINT, strict=strict)
