"""Render a view model through a Jinja2 template to self-contained HTML or to PDF.

Jinja2 autoescapes everything and StrictUndefined turns a template typo into an error instead of
an empty cell. Text from designs, knowledge entries and rules reaches templates only as data, so it
is escaped and never evaluated. WeasyPrint gets a fetcher that serves nothing but data: URIs and
our own assets; the PDF carries no dates or random identifier, so the same input gives the same
bytes.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decide.atomic import write_atomic
from decide.errors import OutputError
from decide.paths import reports_dir

if TYPE_CHECKING:
    import jinja2

MAX_PAGES = 50
FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html"}
DEFAULT_HINT = "full data belongs in CSV or JSON (e.g. `decide check --format json`)"
STYLESHEET = "report.css"
SCREEN_STYLESHEET = "screen.css"  # web pages only: narrow-screen rules the PDF never sees


@dataclass
class Rendered:
    """What a render produced: the bytes, their format, the page count and any warnings."""

    data: bytes
    format: str
    pages: int
    warnings: list[str] = field(default_factory=list)


def output_format(path: str | Path) -> str:
    """The format chosen by the output file's suffix; OutputError for anything else."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise OutputError(
            f"{path}: unknown report format {suffix or '(no suffix)'!r}; use .pdf or .html"
        )
    return FORMATS[suffix]


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja2 environment for reports/: autoescaped, strict about undefined names."""
    import jinja2
    from markupsafe import Markup

    from decide.report import formatting

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(reports_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = formatting.num
    env.filters["span"] = formatting.span
    env.filters["label"] = formatting.title_case
    env.filters["href"] = formatting.href
    env.filters["nobreak"] = formatting.nobreak
    css = (reports_dir() / STYLESHEET).read_text(encoding="utf-8")
    env.globals["stylesheet"] = Markup(css)  # our own file, trusted
    screen = (reports_dir() / SCREEN_STYLESHEET).read_text(encoding="utf-8")
    env.globals["screen_stylesheet"] = Markup(screen)
    return env


def render_html(template_name: str, view: Any, web: bool = False) -> str:
    """Render `template_name` with the view model bound to `view`; `web` adds the web page's
    narrow-screen stylesheet (the HTML output), which the PDF layout pass never sees."""
    return environment().get_template(template_name).render(view=view, web=web)


@contextmanager
def _weasyprint_warnings() -> Iterator[list[str]]:
    """Collect what WeasyPrint logs at warning level or above while rendering."""
    caught: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            caught.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Collect(level=logging.WARNING)
    logger.addHandler(handler)
    try:
        yield caught
    finally:
        logger.removeHandler(handler)


def layout(html: str, *, max_pages: int = MAX_PAGES, hint: str = DEFAULT_HINT) -> Any:
    """Lay out `html` with WeasyPrint; refuse a document longer than `max_pages` pages."""
    from weasyprint import HTML

    from decide.report.fetcher import SafeFetcher

    base = reports_dir().resolve().as_uri() + "/"
    document = HTML(string=html, base_url=base, url_fetcher=SafeFetcher()).render()
    pages = len(document.pages)
    if pages > max_pages:
        raise OutputError(
            f"the report would have {pages} pages, more than the limit of {max_pages}; "
            f"narrow it down ({hint})"
        )
    return document


def render(
    template_name: str,
    view: Any,
    fmt: str,
    *,
    max_pages: int = MAX_PAGES,
    hint: str = DEFAULT_HINT,
) -> Rendered:
    """Render to 'html' or 'pdf' bytes. Only a PDF is laid out (and held to `max_pages`): the
    HTML is a web page, and WeasyPrint's layout pass is most of a report's time."""
    html = render_html(template_name, view, web=fmt == "html")
    return finish(html, fmt, max_pages=max_pages, hint=hint)


def finish(
    html: str, fmt: str, *, max_pages: int = MAX_PAGES, hint: str = DEFAULT_HINT
) -> Rendered:
    """Turn rendered HTML into the output's bytes: as they are for 'html', laid out for 'pdf'."""
    if fmt == "html":
        return Rendered(html.encode("utf-8"), fmt, 0, [])
    with _weasyprint_warnings() as warnings, _cyclic_gc_paused():
        document = layout(html, max_pages=max_pages, hint=hint)
        data = document.write_pdf()
    return Rendered(data, fmt, len(document.pages), list(warnings))


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the length of a PDF layout.

    WeasyPrint allocates a few hundred thousand objects per report, which triggers collection
    after collection, each walking everything alive; none of it is garbage until the document is
    written (measured on the review: about a quarter of a second of a 1.5 s layout). Memory is
    bounded by the page limit; reference counting still frees what it can, and the collector
    resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def write_rendered(
    html: str,
    output_path: str | Path,
    *,
    max_pages: int = MAX_PAGES,
    hint: str = DEFAULT_HINT,
    strict: bool = False,
) -> Rendered:
    """Finish `html` in the format of `output_path`'s suffix and write it atomically.

    With `strict`, any WeasyPrint warning is an OutputError (tests use this).
    """
    result = finish(html, output_format(output_path), max_pages=max_pages, hint=hint)
    if strict and result.warnings:
        raise OutputError("WeasyPrint warned: " + "; ".join(result.warnings))
    write_atomic(output_path, result.data)
    return result


def render_report(
    template_name: str,
    view_model: Any,
    output_path: str | Path,
    *,
    max_pages: int = MAX_PAGES,
    hint: str = DEFAULT_HINT,
    strict: bool = False,
) -> Rendered:
    """Render a report to `output_path` (format by suffix), written atomically.

    With `strict`, any WeasyPrint warning is an OutputError (tests use this).
    """
    web = output_format(output_path) == "html"
    html = render_html(template_name, view_model, web=web)
    return write_rendered(html, output_path, max_pages=max_pages, hint=hint, strict=strict)
