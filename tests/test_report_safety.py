"""Report safety and output discipline: escaping, the URL fetcher, page limit, atomic writes,
determinism, and the CLI surface of `review` and `brief`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
import yaml

from decide.errors import OutputError
from decide.kb.loader import load_knowledge
from decide.paths import reports_dir
from decide.report import fetcher as fetcher_module
from decide.report.fetcher import BlockedURL, SafeFetcher
from decide.report.render import environment, layout, output_format, render_report
from decide.report.run import review_view, write_review
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "designs" / "sulfide-nmc811-li20.yaml"
HOSTILE = '<img src="file:///etc/passwd"> {{ 7*7 }} <script>x</script>'
HOSTILE_HTML = (
    "&lt;img src=&#34;file:///etc/passwd&#34;&gt; {{ 7*7 }} &lt;script&gt;x&lt;/script&gt;"
)
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


@pytest.fixture(autouse=True)
def _fresh_charts(monkeypatch):
    monkeypatch.setenv("DECIDE_CHART_CACHE", "0")


@pytest.fixture
def fetched(monkeypatch):
    """Every URL WeasyPrint asks the fetcher for."""
    urls: list[str] = []
    original = SafeFetcher.fetch

    def spy(self, url, headers=None):
        urls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(fetcher_module.SafeFetcher, "fetch", spy)
    return urls


# -- machinery ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name, fmt", [("a.pdf", "pdf"), ("b.HTML", "html"), ("c.htm", "html")])
def test_suffix_picks_format(name, fmt):
    assert output_format(name) == fmt


@pytest.mark.parametrize("name", ["a.txt", "report", "a.pdf.bak"])
def test_unknown_suffix_is_refused(name):
    with pytest.raises(OutputError, match=r"use \.pdf or \.html"):
        output_format(name)


def test_environment_escapes_and_is_strict():
    env = environment()
    assert env.from_string("{{ x }}").render(x="<b>{{ 1 }}</b>") == "&lt;b&gt;{{ 1 }}&lt;/b&gt;"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.png",
        "https://example.com/x.css",
        "ftp://example.com/x",
        (reports_dir() / ".." / "pyproject.toml").resolve().as_uri(),
        (reports_dir() / "missing.png").as_uri(),
        "file://remote-host" + str(reports_dir() / "report.css"),
    ],
)
def test_fetcher_refuses_everything_but_own_assets(url):
    with pytest.raises(BlockedURL):
        SafeFetcher().fetch(url)


def test_fetcher_serves_data_uris_and_packaged_assets():
    assert SafeFetcher().fetch("data:text/plain;base64,aGk=").read() == b"hi"
    css = SafeFetcher().fetch((reports_dir() / "report.css").as_uri())
    assert b"@page" in css.read() and css.content_type == "text/css"


def test_blocked_resource_is_not_loaded_and_is_reported(fetched):
    from decide.report.render import _weasyprint_warnings

    with _weasyprint_warnings() as warnings:
        layout('<p>x</p><img src="file:///etc/passwd"><img src="http://example.com/a.png">')
    assert fetched == ["file:///etc/passwd", "http://example.com/a.png"]
    assert len(warnings) == 2 and all("refused" in w for w in warnings)


def test_page_limit_refuses_with_hint_and_writes_nothing(kb, tmp_path):
    view = review_view(EXAMPLE, kb)
    out = tmp_path / "long.pdf"
    with pytest.raises(OutputError, match=r"more than the limit of 3; .*CSV or JSON"):
        render_report("review.html.j2", view, out, max_pages=3)
    assert list(tmp_path.iterdir()) == []


# -- hostile input ------------------------------------------------------------------------------


@pytest.fixture
def hostile_inputs(tmp_path):
    """A design named HOSTILE and a user knowledge entry full of HOSTILE text."""
    data = yaml.safe_load(EXAMPLE.read_text())
    data["name"] = HOSTILE
    design = tmp_path / "hostile.yaml"
    design.write_text(yaml.safe_dump(data, allow_unicode=True))
    base = load_knowledge(use_cache=False)
    touched = next(a for a in base.of_kind("ip-area") if "li6ps5cl" in a.materials)
    entry = touched.model_dump(mode="json", exclude_none=True, exclude={"kind"})
    entry.update(name=HOSTILE, covers=HOSTILE)
    entry["landscape"] = [{"text": HOSTILE, "source": ["seed-article"]}]
    (tmp_path / "kb" / "ip-areas").mkdir(parents=True)
    (tmp_path / "kb" / "ip-areas" / "hostile.yaml").write_text(yaml.safe_dump([entry]))
    return design, load_knowledge([tmp_path / "kb"], use_cache=False)


@needs_poppler
def test_hostile_text_renders_literally_in_pdf_and_html(hostile_inputs, tmp_path, fetched):
    design, kb = hostile_inputs
    pdf, html = tmp_path / "h.pdf", tmp_path / "h.html"
    write_review(design, pdf, kb, strict=True)
    write_review(design, html, kb, strict=True)
    text = pdf_text(pdf)
    assert text.count(HOSTILE) >= 4  # title, heading, IP area name, covers, landscape fact
    page = html.read_text(encoding="utf-8")
    assert HOSTILE_HTML in page
    assert "<script" not in page and 'src="file:' not in page
    assert fetched and all(url.startswith("data:") for url in fetched)
    raw = pdf.read_bytes()
    assert b"/EmbeddedFile" not in raw and b"/FileAttachment" not in raw
    assert b"etc/passwd" not in raw.replace(b"file:///etc/passwd", b"")


# -- determinism --------------------------------------------------------------------------------


def test_same_input_same_bytes(kb, tmp_path):
    outputs = []
    for n in range(2):
        for suffix in ("pdf", "html"):
            path = tmp_path / f"{n}.{suffix}"
            write_review(EXAMPLE, path, kb)
            outputs.append(path.read_bytes())
    assert outputs[0] == outputs[2] and outputs[1] == outputs[3]
    assert b"/CreationDate" not in outputs[0] and b"/ModDate" not in outputs[0]


def test_charts_are_deterministic():
    from decide.report import charts

    def draw():
        return charts.lines(
            [charts.Line("a $x$ <b>", [0, 1, 2], [1, 10, 100])], "x", "y", alt="t", logy=True
        ).uri

    first, second = draw(), draw()
    assert first == second
    import base64

    svg = base64.b64decode(first.split(",", 1)[1])
    assert b"<dc:date>" not in svg and b"a $x$ &lt;b&gt;" in svg


# -- command line -------------------------------------------------------------------------------


def test_cli_review_and_brief(tmp_path, capsys):
    out = tmp_path / "r.html"
    code, _, err = run_cli(["review", str(EXAMPLE), "-o", str(out)], capsys)
    assert code == 0 and out.read_text().startswith("<!DOCTYPE html>") and "wrote" in err
    code, stdout, _ = run_cli(["brief", "--year", "2026"], capsys)
    assert code == 0 and stdout.startswith("<!DOCTYPE html>") and "as of 2026" in stdout


def test_cli_review_wrong_suffix_exits_2(tmp_path, capsys):
    code, _, err = run_cli(["review", str(EXAMPLE), "-o", str(tmp_path / "r.docx")], capsys)
    assert code == 2 and "use .pdf or .html" in err and not (tmp_path / "r.docx").exists()


def test_help_imports_no_rendering_library():
    probe = (
        "import sys; from decide.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('weasyprint', 'matplotlib', 'jinja2') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout
