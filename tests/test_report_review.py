"""Design-review reports of every example design, in PDF and HTML.

Each example is rendered once per session (PDF and HTML); the tests read the PDF back with
pdftotext and pdftoppm, as a reader would see it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from decide.assessment import assess
from decide.design import load_design
from decide.outlook import review_outlook
from decide.report.formatting import num
from decide.report.render import render_report
from decide.report.review import TEMPLATE, build_review

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples" / "designs").glob("*.yaml"))
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def pdf_text(path: Path) -> str:
    """The PDF's text with whitespace collapsed (table cells wrap unpredictably)."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


@pytest.fixture(scope="session")
def reviews(kb, ruleset, tmp_path_factory):
    """Every example rendered to PDF and HTML once: {stem: (assessment, view, pdf, html, pages)}."""
    out = tmp_path_factory.mktemp("reviews")
    done = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DECIDE_CHART_CACHE", "0")
        for path in EXAMPLES:
            assessment = assess(load_design(path, kb), kb, ruleset)
            outlook = review_outlook(assessment, kb)
            view = build_review(assessment, outlook, kb, ruleset, path.read_bytes())
            pdf, html = out / f"{path.stem}.pdf", out / f"{path.stem}.html"
            result = render_report(TEMPLATE, view, pdf, strict=True)
            render_report(TEMPLATE, view, html, strict=True)
            done[path.stem] = (assessment, view, pdf, html, result.pages)
    return done


def test_there_are_examples():
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES])
def test_review_pdf_states_design_verdict_and_findings(reviews, stem):
    assessment, view, pdf, _, pages = reviews[stem]
    text = pdf_text(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert 1 < pages <= 50
    assert view.design_name in text
    assert " ".join(assessment.verdict().split()) in text
    for finding in assessment.findings:
        assert finding.code in text
        if finding.severity == "error":
            assert finding.title in text
    for key in ("cell_specific_energy_wh_per_kg", "cell_energy_density_wh_per_l"):
        assert num(assessment.metrics.values[key], 4) in text
    assert "Provenance" in text and view.provenance.knowledge_digest in text
    assert view.provenance.rules_digest in text and view.provenance.input_digest in text


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES])
def test_review_shows_phase_targets_projections_and_standards(reviews, stem):
    _, view, pdf, _, _ = reviews[stem]
    text = pdf_text(pdf)
    for target in ("200–300 Wh/kg", "≥400 Wh/kg", "≥800 Wh/L", "≥500 Wh/kg", "≥1,000 Wh/L"):
        assert target in text
    assert "350 [seed-article] 400 [seed-article] ≥500 [seed-article]" in text
    assert "1,500 [seed-article] 2,000 [seed-article] ≥3,000 [seed-article]" in text
    assert "80 [seed-article] 100 [seed-article] 90 [seed-article]" in text
    for standard in view.standards:
        assert standard.code in text
    for ref in view.sources:
        assert ref.id in text
        assert ref.resolved, ref.id


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES])
def test_review_html_is_self_contained(reviews, stem):
    _, view, _, html, _ = reviews[stem]
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page and "<link" not in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert 'src="http' not in page and 'src="file:' not in page
    assert view.verdict in page


def test_review_page_renders_to_png(reviews, tmp_path):
    _, _, pdf, _, _ = next(iter(reviews.values()))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == 2
    for png in pngs:
        data = png.read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 2000  # not a blank page


def test_review_has_every_figure_it_can(reviews):
    names = set()
    for _, view, _, _, _ in reviews.values():
        names |= {k for k, v in view.figures.items() if v is not None}
    assert {"breakdown", "targets", "projections", "cost", "sensitivity", "conductivity"} <= names


def test_overrides_are_marked(reviews):
    marked = [row for _, v, _, _, _ in reviews.values() for row in v.inputs if row.override]
    designs_with_overrides = [a for a, *_ in reviews.values() if a.design.overrides]
    assert len(marked) == sum(len(a.design.overrides) for a in designs_with_overrides)
