"""The strategy briefing, rendered once per session to PDF and HTML and read back as text.

The seed article's figures are asserted literally: they are what the briefing exists to carry,
and the test fails if the knowledge base or the formatting loses them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from decide.report.run import brief_view, write_brief

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
YEAR = 2027
SEED_TABLE1 = (
    "2023 1,100–2,300 USD/kg",
    "2024 850–1,200 USD/kg",
    "2025 600–700 USD/kg",
    "2030 ≤150 USD/kg",
)
SEED_TABLE2 = (
    "350 [seed-article] 400 [seed-article] ≥500 [seed-article]",
    "1,500 [seed-article] 2,000 [seed-article] ≥3,000 [seed-article]",
    "80 [seed-article] 100 [seed-article] 90 [seed-article]",
)
PHASE_TARGETS = ("200–300 Wh/kg", "≥400 Wh/kg", "≥800 Wh/L", "≥500 Wh/kg", "≥1,000 Wh/L")


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


@pytest.fixture(scope="session")
def briefing(kb, tmp_path_factory):
    """(view, pdf path, html path, pages) rendered once, charts rendered fresh."""
    out = tmp_path_factory.mktemp("brief")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DECIDE_CHART_CACHE", "0")
        pdf, html = out / "brief.pdf", out / "brief.html"
        result = write_brief(pdf, kb, YEAR, strict=True)
        write_brief(html, kb, YEAR, strict=True)
    return brief_view(kb, YEAR), pdf, html, result.pages


def test_brief_carries_seed_table1(briefing):
    text = pdf_text(briefing[1])
    for row in SEED_TABLE1:
        assert re.sub(r" (USD/kg)", r" \1", row).split(" ", 1)[1] in text
        year, price = row.split(" ", 1)
        assert f"{year} {price} [seed-article]" in text


def test_brief_carries_seed_projections_and_phase_targets(briefing):
    text = pdf_text(briefing[1])
    for row in SEED_TABLE2:
        assert row in text
    for target in PHASE_TARGETS:
        assert target in text
    for phase in ("2025–2027", "2027–2030", "2030–2035"):
        assert phase in text


def test_brief_covers_every_section(briefing):
    text = pdf_text(briefing[1])
    for heading in (
        "Executive summary",
        "Roadmap",
        "Technical challenges",
        "Cost outlook",
        "Parity analysis",
        "Market dynamics",
        "Naming rules in the Chinese standards",
        "Standards landscape",
        "IP landscape",
        "Strategic imperatives",
        "example designs score per phase",
        "Sources",
    ):
        assert heading in text, heading
    assert f"as of {YEAR}" in text


def test_brief_lists_standards_imperatives_and_ip(kb, briefing):
    text = pdf_text(briefing[1])
    for standard in kb.of_kind("standard"):
        assert standard.code in text
    for imperative in kb.of_kind("imperative"):
        assert imperative.name in text
    for area in kb.of_kind("ip-area"):
        assert area.name in text


def test_brief_scores_every_example_design(briefing):
    view, pdf, _, _ = briefing
    text = pdf_text(pdf)
    assert view.designs, "example designs were not assessed"
    for design in view.designs:
        assert design.id in text
    assert view.parity is not None and len(view.parity.rows) == len(view.designs)


def test_every_cited_source_resolves(briefing):
    view, pdf, html, _ = briefing
    page = html.read_text(encoding="utf-8")
    cited = set(re.findall(r'<span class="v">([a-z0-9][a-z0-9.+-]*)</span>', page))
    listed = {ref.id for ref in view.sources}
    assert "seed-article" in cited
    assert cited & listed == listed  # everything listed is cited somewhere
    assert all(ref.resolved for ref in view.sources)
    text = pdf_text(pdf)
    for ref in view.sources:
        assert ref.id in text


def test_brief_html_matches_and_is_self_contained(briefing):
    page = briefing[2].read_text(encoding="utf-8")
    assert "<link" not in page and "<script" not in page
    assert page.count('src="data:image/svg+xml;base64,') >= 4
    assert "1,100–2,300 USD/kg" in page


def test_brief_fits_page_limit_and_renders(briefing, tmp_path):
    assert 5 < briefing[3] <= 50
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "40",
            "-f",
            "3",
            "-l",
            "3",
            str(briefing[1]),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    (png,) = tmp_path.glob("p-*.png")
    assert len(png.read_bytes()) > 2000
