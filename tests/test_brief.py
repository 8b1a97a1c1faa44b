"""The strategy briefing (issue 15), rendered to real PDFs and read back with pdftotext / pdfinfo.

The seed article's figures are asserted literally: they are what the briefing exists to carry.
The so-what (break-even price, decisions) must be on pages 1-2; three price scenarios, the market
in GWh, patents and policies by country, links, and content that follows --year are checked in
the PDF text. Charts are drawn fresh with the overlap check on.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from conftest import run_cli

from decide.kb.loader import load_knowledge
from decide.report.brief import BriefOptions
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
COUNTRIES = ("China", "Japan", "Korea", "US")


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext"]
    if first is not None:
        args += ["-f", str(first)]
    if last is not None:
        args += ["-l", str(last)]
    out = subprocess.run([*args, str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


def pdf_urls(path: Path) -> list[str]:
    out = subprocess.run(
        ["pdfinfo", "-url", str(path)], capture_output=True, check=True, text=True
    ).stdout
    return [line.split()[-1] for line in out.splitlines()[1:] if line.strip()]


@pytest.fixture(scope="session")
def briefing(kb, tmp_path_factory):
    """(view, pdf path, html path, pages): the default (industry) briefing for YEAR, charts
    drawn fresh and checked for overlapping labels."""
    out = tmp_path_factory.mktemp("brief")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DECIDE_CHART_CACHE", "0")
        mp.setenv("DECIDE_CHART_CHECK", "1")
        pdf, html = out / "brief.pdf", out / "brief.html"
        result = write_brief(pdf, kb, YEAR, strict=True)
        write_brief(html, kb, YEAR, strict=True)
        view = brief_view(kb, YEAR)
    return view, pdf, html, result.pages


@pytest.fixture(scope="session")
def by_year(kb, tmp_path_factory):
    """The policy briefing for 2025 and for 2035: (view, PDF text) each."""
    out = tmp_path_factory.mktemp("years")
    found = {}
    for year in (2025, 2035):
        path = out / f"{year}.pdf"
        options = BriefOptions(year, audience="policy", sections=("policy", "standards", "market"))
        write_brief(path, kb, year, options=options, strict=True)
        found[year] = (brief_view(kb, year, options=options), pdf_text(path))
    return found


# -- the so-what, up front ---------------------------------------------------------------------


def test_pages_1_2_state_the_break_even_price_and_the_decisions(briefing):
    view, pdf, _, _ = briefing
    front = pdf_text(pdf, 1, 2)
    assert "Bottom line" in front or "BOTTOM LINE" in front
    assert "break-even" in front and view.scenarios.breakeven in front
    assert re.search(r"\d+(\.\d+)?–\d+(\.\d+)? USD/kg", view.scenarios.breakeven)
    assert "Decisions recommended" in front
    assert 3 <= len(view.summary.decisions) <= 5
    for d in view.summary.decisions:
        assert d.owner and d.by and d.indicator
        assert d.text[:40] in front
    assert "Indicator to watch" in front and "Owner" in front
    assert "What would change the conclusion" in front
    third = pdf_text(pdf, 3, 3)
    assert third.startswith(f"2. {view.sections[1].title}")  # the summary ends within two pages


def test_the_seeds_parity_claim_is_checked_against_the_model(briefing):
    view, pdf, _, _ = briefing
    front = pdf_text(pdf, 1, 2)
    assert view.summary.contradicts_seed
    assert "does not hold in decide's cell model" in front
    base = next(s for s in view.summary.scenarios if s.scenario == "Base")
    assert base.cost_2030 in front and "150 USD/kg" in front


def test_three_scenarios_appear(briefing):
    view, pdf, _, _ = briefing
    text = pdf_text(pdf)
    front = pdf_text(pdf, 1, 2)
    assert [s.scenario for s in view.summary.scenarios] == ["Low", "Base", "High"]
    for name in ("Low", "Base", "High"):
        assert re.search(rf"\b{name}\b", front), name
    assert {p.scenario for p in view.scenarios.paths} == {"low", "base", "high"}
    assert "decide scenario" in text and "not a source's forecast" in text
    assert "Cost by year under each path" in text  # the learning view


def test_the_lead_scenario_follows_the_option(kb):
    view = brief_view(kb, YEAR, options=BriefOptions(YEAR, scenario="low", sections=()))
    assert any("Under the low price path" in v.text for v in view.summary.verdict)
    assert next(s for s in view.summary.scenarios if s.chosen).scenario == "Low"


def test_low_confidence_inputs_carry_a_visible_caveat(briefing):
    view, pdf, _, _ = briefing
    front = pdf_text(pdf, 1, 2)
    assert "†" in front and "low-confidence inputs" in front
    assert view.caveats and view.cathode_share is not None
    text = pdf_text(pdf)
    assert "57–76 %" in text  # the market source's cathode share, next to the model's


# -- market, patents, policies ------------------------------------------------------------------


def test_the_market_section_shows_gwh(briefing):
    view, pdf, _, _ = briefing
    text = pdf_text(pdf)
    assert "Market volumes in GWh" in text
    assert "40–80 GWh/yr" in text  # a stated capacity
    assert "614 GWh" in text or "614.1 GWh" in text  # a forecast
    assert "press report" in text  # press-level items are labelled
    assert len(view.market.announcements) >= 15


def test_patents_and_policies_by_country(briefing):
    view, pdf, _, _ = briefing
    text = pdf_text(pdf)
    for country in COUNTRIES:
        assert country in {r.region for r in view.policies}, country
    assert "EU" in {r.region for r in view.policies}
    section = text[text.index("Policy and regulation by region") :]
    for heading in ("China", "Japan", "Korea", "EU", "US", "UN"):
        assert heading in section
    assert "Patents by country" in text
    assert "48.6 %" in text and "5.8 %" in text and "36.7 %" in text
    jpo = next(s for s in view.studies if s.id == "pat-jpo-2024")
    assert all(jpo.countries)  # China, Japan, Korea, US, Europe


def test_year_drives_content(by_year):
    (early_view, early), (late_view, late) = by_year[2025], by_year[2035]
    assert "Written for 2025" in early and "Written for 2035" in late
    # the draft GB/T: a draft in 2025, status unknown in 2035 (last confirmed 2026-11-30)
    assert "its status in 2035 is not known" in late
    assert "its status in 2025 is not known" not in early
    # GB 38031-2025 applies from 2026-07-01: pending in 2025, in force in 2035
    assert "applies from 2026-07-01" in early and "in force since 2026-07-01" in late
    # announcements: SOP 2027-2028 lies ahead in 2025 and in the past in 2035
    assert "SOP 2027–2028: 2 yr after 2025" in early
    assert "is past in 2035" in late
    # policies: the 45X credit ends 2032; the EU battery passport applies from 2027-02-18
    status = {
        y: {r.id: r.status for r in v.policies} for y, v in ((2025, early_view), (2035, late_view))
    }
    assert status[2035]["pol-us-45x"] == "ended 2032"
    assert status[2025]["pol-eu-battery-passport"] == "adopted; applies from 2027-02-18"
    assert status[2035]["pol-eu-battery-passport"] == "applies since 2027-02-18"
    for text, view in ((early, early_view), (late, late_view)):
        assert view.policies[0].status[:20] in text
    # the roadmap phase and the prices follow the year
    assert early_view.current_phases != late_view.current_phases
    assert early_view.summary.scenarios[1].price_year != late_view.summary.scenarios[1].price_year
    stripped = [re.sub(r"20[23]\d", "YEAR", t) for t in (early, late)]
    assert stripped[0] != stripped[1]


# -- checkable: links, consistency, charts ------------------------------------------------------


def test_citations_are_links_in_the_pdf(briefing):
    view, pdf, _, _ = briefing
    urls = pdf_urls(pdf)
    assert any(u.startswith("https://doi.org/") for u in urls)
    assert any("bnef.com" in u for u in urls)
    hrefs = {ref.href for ref in view.sources if ref.href}
    assert hrefs <= set(urls)
    assert len(urls) > 100


def test_every_cited_source_is_listed_and_every_listed_source_cited(briefing):
    view, pdf, html, _ = briefing
    page = html.read_text(encoding="utf-8")
    cited = set(re.findall(r'<a class="cite" href="[^"]*">([a-z0-9][a-z0-9.+-]*)</a>', page))
    listed = {ref.id for ref in view.sources}
    assert "seed-article" in cited
    assert cited == listed
    assert all(ref.resolved for ref in view.sources)
    text = pdf_text(pdf)
    for ref in view.sources:
        assert ref.id in text


def test_reports_fetch_nothing_external(briefing):
    from weasyprint import HTML

    from decide.paths import reports_dir
    from decide.report.fetcher import SafeFetcher

    fetcher = SafeFetcher()
    page = briefing[2].read_text(encoding="utf-8")
    HTML(string=page, base_url=reports_dir().resolve().as_uri() + "/", url_fetcher=fetcher).render()
    assert not [u for u in fetcher.requested if u.startswith(("http:", "https:"))]
    assert 'href="https://doi.org/' in page


def test_each_claim_has_one_value_across_sections(briefing):
    view, pdf, _, _ = briefing
    claims = view.claims
    assert claims.conflicts() == {}
    keys = claims.keys()
    for prefix in ("window:", "conductivity:", "largest-holder:", "status:", "breakeven"):
        assert any(k.startswith(prefix) for k in keys), prefix
    text = pdf_text(pdf)
    # 'largest patent holder' is always stated with its basis: Toyota by all patents (Nikkei),
    # Panasonic by international families (JPO)
    assert "Toyota holds the most (1,331 patents" in text
    assert "Panasonic holds the most (475 families" in text
    # Li3PS4's window is the convex-hull one everywhere (the chart draws the same entry)
    assert claims._texts["window:li3ps4"] == {"1.71–2.31 V vs Li/Li+"}


def test_charts_show_the_seeds_key_numbers(briefing):
    _, pdf, _, _ = briefing
    text = pdf_text(pdf)
    assert "seed: ~12 mS/cm (sintered)" in text  # LGPS in the conductivity chart
    assert "1 mS/cm: liquid-like (seed)" in text
    for label in ("1,100–2,300", "850–1,200", "600–700", "≤150"):  # Table 1 in the paths chart
        assert label in text
    assert "≥500" in text and "≥3,000" in text  # Table 2 bounds in the bar chart


def test_charts_have_no_overlapping_labels(briefing):
    view = briefing[0]
    assert len(view.figures) >= 8
    # the session fixture's charts were drawn with DECIDE_CHART_CHECK=1 and no cache
    overlapping = {n: f.chart.overlaps for n, f in view.figures.items() if f.chart.overlaps}
    assert overlapping == {}


# -- the seed's figures and the rest of the briefing ----------------------------------------------


def test_brief_carries_seed_table1(briefing):
    text = pdf_text(briefing[1])
    for row in SEED_TABLE1:
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


def test_brief_lists_standards_and_every_example_design(kb, briefing):
    view, pdf, _, _ = briefing
    text = pdf_text(pdf)
    for standard in kb.of_kind("standard"):
        assert standard.code in text
    for design in view.designs:
        assert design.id in text
    assert len(view.summary.phases) == len(view.designs)


def test_brief_html_is_self_contained(briefing):
    page = briefing[2].read_text(encoding="utf-8")
    assert "<link" not in page and "<script" not in page
    assert page.count('src="data:image/svg+xml;base64,') >= 8
    assert "1,100–2,300 USD/kg" in page


def test_brief_fits_page_limit_and_renders(briefing, tmp_path):
    assert 10 < briefing[3] <= 50
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "1",
            str(briefing[1]),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    (png,) = tmp_path.glob("p-*.png")
    assert len(png.read_bytes()) > 2000


# -- options ------------------------------------------------------------------------------------


def test_short_version_fits_four_pages(kb, tmp_path):
    path = tmp_path / "short.pdf"
    result = write_brief(path, kb, YEAR, options=BriefOptions(YEAR, pages=4), strict=True)
    assert result.pages <= 4
    text = pdf_text(path)
    assert "break-even" in text and "Decisions recommended" in text and "Sources" in text


def test_audiences_choose_sections_and_order(kb):
    policy = brief_view(kb, YEAR, options=BriefOptions(YEAR, audience="policy"))
    research = brief_view(kb, YEAR, options=BriefOptions(YEAR, audience="research"))
    order = [s.key for s in policy.sections]
    assert order[0] == "summary" and order.index("policy") < order.index("technology")
    keys = [s.key for s in research.sections]
    assert keys.index("technology") < keys.index("market")
    depth = {s.key: s.depth for s in research.sections}
    assert depth["technology"] == "full" and depth["market"] == "short"


def test_region_narrows_the_industrial_view(kb):
    view = brief_view(kb, YEAR, options=BriefOptions(YEAR, region="EU", sections=("policy",)))
    assert {r.region for r in view.policies} <= {"EU", "UN"}
    assert {a.region for a in view.market.announcements} <= {"EU"}
    assert [s.key for s in view.sections] == ["summary", "policy"]
    assert all(d.by for d in view.summary.decisions)


def test_cli_options_and_their_errors(capsys, tmp_path):
    out = tmp_path / "b.pdf"
    code, _, err = run_cli(
        [
            "brief",
            "--year",
            "2030",
            "--sections",
            "scenarios",
            "--audience",
            "research",
            "-o",
            str(out),
        ],
        capsys,
    )
    assert code == 0 and out.exists() and "pages" in err
    code, _, err = run_cli(["brief", "--sections", "scenarioz", "-o", str(out)], capsys)
    assert code == 2 and "scenarios" in err and "Traceback" not in err
    code, _, err = run_cli(["brief", "--pages", "3", "-o", str(out)], capsys)
    assert code == 2


OVERLAY_PRICE = """\
- id: our-sulfide-quote
  name: "Our sulfide electrolyte quotation"
  subjects: [sulfide]
  unit: usd_per_kg
  points:
    - {year: 2025, value: 300, source: [our-quote]}
    - {year: 2030, value: 40, source: [our-quote]}
  source: [our-quote]
"""
OVERLAY_SOURCE = """\
- id: our-quote
  type: dataset
  citation: "In-house quotation"
  url: https://example.org/quote
  used_for: "sulfide electrolyte price"
"""


def test_an_overlay_price_series_changes_the_result(kb, tmp_path):
    (tmp_path / "prices").mkdir()
    (tmp_path / "sources").mkdir()
    (tmp_path / "prices" / "ours.yaml").write_text(textwrap.dedent(OVERLAY_PRICE))
    (tmp_path / "sources" / "ours.yaml").write_text(textwrap.dedent(OVERLAY_SOURCE))
    mine = load_knowledge([tmp_path], use_cache=False)
    options = BriefOptions(YEAR, sections=("scenarios",))
    ours = brief_view(mine, YEAR, options=options)
    built_in = brief_view(kb, YEAR, options=options)
    base = next(p for p in ours.scenarios.paths if p.scenario == "base")
    assert base.entry == "our-sulfide-quote" and base.overlay
    assert "your knowledge overlay" in ours.scenarios.overlay_note
    ours_cost = next(s for s in ours.summary.scenarios if s.scenario == "Base").cost_2030
    theirs = next(s for s in built_in.summary.scenarios if s.scenario == "Base").cost_2030
    assert ours_cost != theirs
    assert "our-quote" in {ref.id for ref in ours.sources}


def test_phase_reach_carries_the_propagated_probabilities(briefing):
    """Issue 13 in the briefing: each reference design's probability of meeting each phase."""
    view, pdf, _, _ = briefing
    front = " ".join(pdf_text(pdf, 1, 2).split())
    assert "P(meets phase 1 / 2 / 3)" in front and "not computed" not in front
    assert view.summary.phases and all(p.probability.endswith(" %") for p in view.summary.phases)
    assert "100 / 100 / 0 %" in front  # lee2020: phase 2 in every sample, phase 3 in none
    assert "Uncertainty: with the knowledge base's ranges propagated" in front


def test_html_briefing_never_imports_weasyprint(tmp_path):
    """Issue 17: an .html briefing is a web page; it neither lays out nor imports WeasyPrint."""
    import sys

    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from decide import load_knowledge\n"
        "from decide.report.run import write_brief\n"
        f"r = write_brief(Path({str(tmp_path / 'b.html')!r}), load_knowledge(), {YEAR})\n"
        "print('WEASYPRINT', 'weasyprint' in sys.modules, r.format, r.pages)\n"
    )
    env = {"DECIDE_CHART_CACHE": "0", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert "WEASYPRINT False html 0" in out.stdout
    assert (tmp_path / "b.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
