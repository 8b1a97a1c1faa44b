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

from decide.paths import examples_dir, reports_dir
from decide.report.render import Rendered, render, render_html, render_report

REVIEW_HINT = "the full findings belong in `decide check --format json`"
BRIEF_HINT = (
    "drop sections with --sections, or use --pages 4 for the short version; full data belongs in "
    "`decide kb export --format json`"
)
# Samples per reference design for the briefing's phase probabilities: a probability to the
# nearest percent needs a few thousand (the review of one design uses the full default).
BRIEF_SAMPLES = 2_000


def review_view(design_path: Path, kb: Any, rule_dirs: Sequence[Path] = ()) -> Any:
    """Load, assess and present one design: the review's view model."""
    from decide.assessment import assess
    from decide.design import load_design
    from decide.outlook import review_outlook
    from decide.report.review import build_review
    from decide.rules.config import discover_config
    from decide.rules.loader import load_rules
    from decide.textfile import read_bytes

    # the design's project config, as `decide check` finds it
    config = discover_config(Path(design_path).parent, fallback=Path.cwd())
    ruleset = load_rules(kb, list(rule_dirs), config=config)
    design = load_design(design_path, kb)
    assessment = assess(design, kb, ruleset)
    outlook = review_outlook(assessment, kb)
    raw = read_bytes(design_path)  # bounded like every input (the loader read it already)
    return build_review(assessment, outlook, kb, ruleset, raw)


def review_html(
    design_path: Path, kb: Any, rule_dirs: Sequence[Path] = (), web: bool = False
) -> str:
    """The review of one design as HTML (`web`: the web page, else the input of the PDF)."""
    from decide.report.review import TEMPLATE

    return render_html(TEMPLATE, review_view(design_path, kb, rule_dirs), web=web)


# A page touching what the review uses (both fonts, a table, an SVG with text): laying it out once
# pays WeasyPrint's first-use costs (fontconfig, Pango, cffi type parsing; ~0.05 s) while the
# child is still assessing.
_WARM_UP = (
    '<table><tr><td>1 <b>b</b> <code>c</code></td></tr></table><img src="data:image/svg+xml,'
    "%3Csvg xmlns='http://www.w3.org/2000/svg' width='20' height='10'%3E%3Ctext x='1' y='8' "
    "font-size='7' font-family='DejaVu Sans'%3Ex%3C/text%3E%3C/svg%3E\">"
)


def _prepare_renderer() -> None:
    """Import WeasyPrint (a quarter of a second of C-declaration parsing that depends on nothing)
    and pay its first-use costs on a tiny page."""
    from weasyprint import HTML

    from decide.report.fetcher import SafeFetcher

    HTML(string=_WARM_UP, url_fetcher=SafeFetcher()).render().write_pdf()


def write_review(
    design_path: Path, output: Path, kb: Any, rule_dirs: Sequence[Path] = (), strict: bool = False
) -> Rendered:
    """Write the review of `design_path` to `output` (PDF or HTML by suffix).

    For a PDF on a machine with two cores, a forked child assesses the design, draws the charts and
    renders the HTML while this process imports WeasyPrint (measured: about a quarter of a second
    off a warm review). Should the child fail, the parent does the work itself, so an error in the
    design surfaces the usual way.
    """
    from decide.report.parallel_figures import Pending
    from decide.report.render import output_format, write_rendered

    if output_format(output) == "html":
        html = review_html(design_path, kb, rule_dirs, web=True)
    else:
        pending = Pending(lambda: review_html(design_path, kb, rule_dirs))
        _prepare_renderer()
        html = pending.result()
    return write_rendered(html, output, hint=REVIEW_HINT, strict=strict)


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
    found = [
        assess(
            load_design(p, kb), kb, ruleset, levers=False, uncertainty=True, samples=BRIEF_SAMPLES
        )
        for p in paths
    ]
    return found, ruleset.digest


def _options(year: int, options: Any) -> Any:
    from decide.report.brief import BriefOptions

    return options if options is not None else BriefOptions(year)


def brief_view(
    kb: Any,
    year: int,
    rule_dirs: Sequence[Path] = (),
    examples: Path | None = None,
    options: Any = None,
) -> Any:
    """The briefing view model: the reference designs assessed, costed per price year and per
    scenario, the industrial view for the year, its charts drawn."""
    from decide.outlook import brief_outlook
    from decide.report.brief import TEMPLATE, build_brief, keep_cited
    from decide.report.brief_figures import draw

    options = _options(year, options)
    assessments, digest = example_assessments(kb, rule_dirs, examples)
    outlook = brief_outlook(
        kb,
        [a.design for a in assessments],
        year=options.year,
        scenario=options.scenario,
        region=options.region,
        assessments=assessments,
    )
    view = build_brief(kb, options, outlook, assessments, digest, draw_figures=False)
    view.figures = draw(view.figure_specs)
    keep_cited(view, render_html(TEMPLATE, view))
    return view


def _prepare_brief_renderer() -> None:
    """Get the renderer ready while the charts are drawn: import WeasyPrint, compile the
    briefing template and lay out a scrap of text in the report's fonts (WeasyPrint loads and
    caches fonts on first use, about a second of a cold run)."""
    import weasyprint

    from decide.report.brief import TEMPLATE
    from decide.report.fetcher import SafeFetcher
    from decide.report.render import STYLESHEET, environment

    environment().get_template(TEMPLATE)
    css = (reports_dir() / STYLESHEET).read_text(encoding="utf-8")
    scrap = (
        f"<html><head><style>{css}</style></head><body><h1>x</h1><h2>x</h2><p>x <b>x</b> "
        '<span class="id">x</span> <a id="x" href="#x">x</a></p>'
        "<table><tr><th>x</th><td>x</td></tr></table></body></html>"
    )
    weasyprint.HTML(string=scrap, url_fetcher=SafeFetcher()).render().write_pdf()


def _page_limit(options: Any) -> int:
    from decide.report.render import MAX_PAGES

    return options.pages if options.pages is not None else MAX_PAGES


def brief_html(kb: Any, year: int, rule_dirs: Sequence[Path] = (), options: Any = None) -> str:
    """The briefing as HTML text, held to the same page limit as the PDF."""
    from decide.report.brief import TEMPLATE

    options = _options(year, options)
    view = brief_view(kb, year, rule_dirs, options=options)
    rendered = render(TEMPLATE, view, "html", max_pages=_page_limit(options), hint=BRIEF_HINT)
    return rendered.data.decode("utf-8")


def write_brief(
    output: Path,
    kb: Any,
    year: int,
    rule_dirs: Sequence[Path] = (),
    strict: bool = False,
    examples: Path | None = None,
    options: Any = None,
) -> Rendered:
    """Write the briefing to `output` (PDF or HTML by suffix); `options` (BriefOptions) choose
    scenario, audience, region, sections and a page budget (default: the full briefing for
    `year`)."""
    from decide.report.brief import TEMPLATE
    from decide.report.parallel_figures import Pending
    from decide.report.render import output_format, write_rendered

    options = _options(year, options)
    pages = _page_limit(options)
    if output_format(output) == "html":  # a web page: no WeasyPrint at all
        view = brief_view(kb, year, rule_dirs, examples, options)
        return render_report(
            TEMPLATE, view, output, max_pages=pages, hint=BRIEF_HINT, strict=strict
        )
    # Two cores: a child assesses the reference designs, draws the charts and renders the HTML
    # while this process imports WeasyPrint and warms it up; should the child fail, the work is
    # done here and any error surfaces the usual way.
    pending = Pending(
        lambda: render_html(TEMPLATE, brief_view(kb, year, rule_dirs, examples, options))
    )
    _prepare_brief_renderer()
    html = pending.result()
    return write_rendered(html, output, max_pages=pages, hint=BRIEF_HINT, strict=strict)
