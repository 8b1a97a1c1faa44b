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
from decide.report.review_figures import input_label

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
    for row in view.test_plan:
        assert row.standard.replace("-", "") in text.replace("-", "")
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
    marked = [
        row
        for _, v, _, _, _ in reviews.values()
        for group in v.spec + ([v.cell_spec] if v.cell_spec else [])
        for row in group.rows
        if row.basis == "override"
    ]
    designs_with_overrides = [a for a, *_ in reviews.values() if a.design.overrides]
    assert len(marked) == sum(len(a.design.overrides) for a in designs_with_overrides)


def test_html_output_skips_the_pdf_layout_pass(tmp_path):
    """An .html review is a web page: WeasyPrint is never imported for it."""
    import sys

    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from decide import load_knowledge\n"
        "from decide.report.run import write_review\n"
        f"r = write_review(Path({str(EXAMPLES[0])!r}), Path({str(tmp_path / 'r.html')!r}), "
        "load_knowledge())\n"
        "print('WEASYPRINT', 'weasyprint' in sys.modules, r.format, r.pages)\n"
    )
    env = {"DECIDE_CHART_CACHE": "0", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert "WEASYPRINT False html 0" in out.stdout
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def page_text(pdf: Path, first: int, last: int | None = None) -> str:
    out = subprocess.run(
        ["pdftotext", "-f", str(first), "-l", str(last or first), str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return " ".join(out.stdout.split())


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES])
def test_page_one_is_the_decision(reviews, stem):
    """Page 1: the name, the verdict, the headline numbers, the top issues by code (an error's
    first), the recommendation and the contents; not the spec sheet."""
    assessment, view, pdf, _, _ = reviews[stem]
    text = page_text(pdf, 1)
    assert view.design_name in text
    assert " ".join(assessment.verdict().split()) in text
    values = assessment.metrics.values
    for h in view.headlines:
        if h.key in values:
            assert f"{num(values[h.key])} {h.unit}".strip() in text, h.key
    assert "Cell specific energy" in text and "Separator ASR at" in text
    serious = sorted(
        (f for f in assessment.findings if f.severity != "info"),
        key=lambda f: (f.severity != "error", f.code),
    )
    if serious:
        assert serious[0].code in text  # the top error (else warning) is on page 1
    errors = [f.code for f in assessment.findings if f.severity == "error"]
    for code in errors[:3]:
        assert code in text
    assert "Recommendation" in text and view.recommendation.split(":")[0] in text
    assert "Contents" in text and "As entered in the design file" not in text  # spec sheet later


def test_an_error_leads_page_one(reviews):
    assessment, _, pdf, _, _ = reviews["wang2022-halide-li40"]
    assert any(f.severity == "error" for f in assessment.findings)
    text = page_text(pdf, 1)
    assert "CMP005" in text and "ERROR" in text.upper()
    # the recommendation starts with the error's remedy, before any way to the next phase
    recommendation = " ".join(text.split("Recommendation", 1)[1].split())
    assert recommendation.startswith("Fix CMP005 first: Put a protective interlayer")


@pytest.mark.parametrize("stem", ["sulfide-nmc811-li20", "quantumscape-oxide-anode-free"])
def test_every_cited_source_is_a_link_in_pdf_and_html(reviews, kb, stem):
    _, view, pdf, html, _ = reviews[stem]
    urls = subprocess.run(["pdfinfo", "-url", str(pdf)], capture_output=True, text=True)
    listed = set(urls.stdout.split())
    dests = subprocess.run(["pdfinfo", "-dests", str(pdf)], capture_output=True, text=True)
    page = html.read_text(encoding="utf-8")
    for ref in view.sources:
        href = f"https://doi.org/{ref.doi}" if ref.doi else ref.url
        if href:
            assert href in listed, ref.id
            assert f'href="{href}' in page.replace("&amp;", "&"), ref.id
        assert f'"src-{ref.id}"' in dests.stdout  # the target of every [id] in the text
    for f in view.findings + view.info:
        assert f'"f-{f.code}"' in dests.stdout
    for anchor in set(__import__("re").findall(r'href="#([^"]+)"', page)):
        assert f'id="{anchor}"' in page, anchor


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES])
def test_review_html_is_a_web_page(reviews, stem):
    _, view, _, html, _ = reviews[stem]
    page = html.read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert '<nav class="toc"' in page
    for anchor, _title in view.toc:
        assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page
    assert page.count('<div class="table-wrap') == page.count("<table")
    assert "max-width: 640px" in page  # the narrow-screen sheet, only in the web page


def test_findings_order_by_severity_then_rank_then_code(kb):
    """Issue 12 gives findings a rank within their severity; until then the code decides."""
    from types import SimpleNamespace

    from decide.report.review import ordered_findings
    from decide.report.sources import Sources

    def f(code, severity, rank=None):
        item = SimpleNamespace(
            code=code,
            title=code,
            severity=severity,
            category="c",
            message="",
            subjects=[],
            evidence={},
            remediation="",
            sources=[],
        )
        if rank is not None:
            item.rank = rank
        return item

    found = [f("AAA001", "info"), f("ZZZ001", "warning", 1), f("BBB001", "warning", 2)]
    found += [f("CCC001", "error"), f("AAA002", "warning")]
    order = [v.code for v in ordered_findings(found, Sources(kb))]
    assert order == ["CCC001", "ZZZ001", "BBB001", "AAA002", "AAA001"]


def test_phase_probabilities_show_when_the_assessment_has_them(reviews):
    """Issue 13 puts an uncertainty analysis on the Assessment (CONTRACT section 7 shape)."""
    from types import SimpleNamespace

    from decide.report.review import phase_probabilities

    assessment = reviews["sulfide-nmc811-li20"][0]
    shown = phase_probabilities(assessment)
    assert shown is not None and [phase for phase, _ in shown] == [1, 2, 3]
    expected = assessment.uncertainty.phase_probability
    assert shown == [(k, f"{100 * expected[k]:.0f} %") for k in (1, 2, 3)]
    fake = SimpleNamespace(uncertainty={"phase_probability": {"2": 0.25, "1": 0.9, "3": 0.0}})
    assert phase_probabilities(fake) == [(1, "90 %"), (2, "25 %"), (3, "0 %")]


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES])
def test_first_pages_show_probabilities_and_the_tornado(reviews, kb, stem):
    """Issue 13: each example's review shows its phase probabilities and the drivers up front."""
    assessment, _, pdf, _, _ = reviews[stem]
    first = page_text(pdf, 1, 2)
    assert "Probability of meeting the targets" in page_text(pdf, 1, 1)
    for phase, share in assessment.uncertainty.phase_probability.items():
        assert f"phase {phase}: {100 * share:.0f} %" in first
    drivers = [d for d in assessment.uncertainty.drivers if d.swing > 0]
    assert drivers, "every example has at least one ranged input that moves a key metric"
    assert "What moves the result" in first
    top = max(drivers, key=lambda d: d.relative_swing)
    assert input_label(top.field, kb) in first.replace("\n", " ")


def test_the_review_states_the_gap_between_model_and_measurement(reviews):
    """Issue 12: the QuantumScape example quotes measured 844 Wh/L and 301 Wh/kg; the review sets
    the model beside them with the signed gap, and a gap beyond 10 % is a finding with causes."""
    assessment, view, pdf, _, _ = reviews["quantumscape-oxide-anode-free"]
    rows = {r.key: r for r in view.measured}
    assert set(rows) == {"cell_specific_energy_wh_per_kg", "cell_energy_density_wh_per_l"}
    values = assessment.metrics.values
    density = rows["cell_energy_density_wh_per_l"]
    assert density.measured == "844"
    expected = 100 * (values["cell_energy_density_wh_per_l"] - 844) / 844
    assert density.gap == f"{expected:+.1f} %"
    text = " ".join(pdf_text(pdf).split())
    assert "The model against the design owner's measurements" in text and density.gap in text
    assert any(f.code == "PLA006" for f in assessment.findings)  # 392 against 301 Wh/kg


def test_evidence_reads_as_text_not_python(reviews):
    """A year is printed as 2030, not '2,030'; a list as its items, not "['li6ps5cl']"."""
    _, view, pdf, _, _ = reviews["sulfide-nmc811-li20"]
    evidence = {(f.code, k): v for f in view.findings for k, v in f.evidence}
    assert evidence[("CST001", "year")] == "2030"
    assert evidence[("SAF001", "sulfides")] == "li6ps5cl"
    text = pdf_text(pdf)
    assert "year = 2030" in text and "year = 2,030" not in text
    assert "sulfides = li6ps5cl" in text and "['" not in text


def test_info_findings_that_are_whole_sections_point_there(reviews):
    """ASM001, IP001 and STD003 say what the assumptions table, the IP areas and the test plan
    show in full; the findings table links to those instead of printing them twice."""
    assessment, view, pdf, html, _ = reviews["sulfide-nmc811-li20"]
    codes = {f.code for f in view.info}
    assert {"ASM001", "IP001", "STD003"} <= codes
    page = html.read_text(encoding="utf-8")
    pointer = '<a href="#assumptions">the assumptions table in 1. Spec sheet</a>'
    assert f"Shown in full in {pointer}" in page
    assert '<a href="#ip">' in page and '<a href="#tests">' in page
    asm = next(f for f in assessment.findings if f.code == "ASM001")
    assert asm.message not in page
    assert "Shown in full in the assumptions table" in pdf_text(pdf)
