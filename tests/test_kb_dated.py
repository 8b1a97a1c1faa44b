"""Dated knowledge (issue 15): the industrial-view kinds load, `kb check` warns where a dated entry
is stale, statuses follow the briefing's year, and an overlay's price series is the one used."""

from __future__ import annotations

import datetime
import textwrap

import pytest
from conftest import EXAMPLES, run_cli

from decide.kb import dated
from decide.kb.loader import load_knowledge

TODAY = datetime.date(2026, 11, 30)


def test_the_industrial_view_is_in_the_knowledge_base(kb):
    counts = kb.counts()
    for kind in ("announcement", "forecast", "patent-statistics", "policy", "scenario"):
        assert counts.get(kind, 0) > 0, kind
    regions = {p.region for p in kb.of_kind("policy")}
    assert {"China", "Japan", "Korea", "EU", "US", "UN"} <= regions
    countries = {c for s in kb.of_kind("patent-statistics") for c in s.by_country}
    assert {"China", "Japan", "Korea", "US", "Europe"} <= countries
    assert any(a.capacity_gwh is not None for a in kb.of_kind("announcement"))


def test_the_built_in_base_is_current_today(kb):
    assert dated.stale_entries(kb, TODAY) == []


def test_stale_entries_are_named_with_file_and_line(kb):
    later = dated.stale_entries(kb, datetime.date(2027, 8, 1))
    assert later, "review dates in mid-2027 should have passed"
    first = later[0]
    assert first.file.endswith(".yaml") and first.line
    assert any("factorial-stellantis" in s.entry and "production" in s.message for s in later)


def test_a_draft_whose_planned_step_passed_unconfirmed_is_stale(kb):
    draft = kb.entries["gbt-ssb-terms-draft"]
    assert dated.staleness(draft, TODAY) == []  # confirmed still a draft on 2026-11-30
    unconfirmed = draft.model_copy(update={"status_as_of": "2026-03"})
    messages = dated.staleness(unconfirmed, TODAY)
    assert any("publication" in m and "2026-07" in m for m in messages)


def test_kb_check_prints_warnings_and_exits_0(capsys):
    code, out, err = run_cli(["kb", "check", "--today", "2027-08-01"], capsys)
    assert code == 0
    assert "knowledge base OK" in out
    assert "warning:" in err and "past its review date" in err


def test_dates_keep_their_precision():
    assert dated.end_of("2026-07") == datetime.date(2026, 7, 31)
    assert dated.end_of("2026") == datetime.date(2026, 12, 31)
    assert dated.start_of("2026-07") == datetime.date(2026, 7, 1)


def test_statuses_follow_the_year(kb):
    knowledge = dated.knowledge_date(kb)
    assert knowledge == "2026-11-30"
    draft = kb.entries["gbt-ssb-terms-draft"]
    assert dated.standard_status(draft, 2025, knowledge).phase == "pending"
    later = dated.standard_status(draft, 2035, knowledge)
    assert later.phase == "unknown" and "2026-11-30" in later.text
    gb = kb.entries["gb-38031-2025"]
    assert dated.standard_status(gb, 2025, knowledge).phase == "pending"
    assert dated.standard_status(gb, 2030, knowledge).phase == "current"
    credit = kb.entries["pol-us-45x"]
    assert dated.policy_status(credit, 2035, knowledge).phase == "ended"
    passport = kb.entries["pol-eu-battery-passport"]
    assert dated.policy_status(passport, 2026, knowledge).phase == "pending"
    assert dated.policy_status(passport, 2028, knowledge).phase == "current"
    toyota = kb.entries["ann-toyota-idemitsu"]
    assert dated.announcement_timing(toyota, 2025).phase == "future"
    assert dated.announcement_timing(toyota, 2035).phase == "past"


def test_low_confidence_prices_are_marked(kb):
    assert kb.entries["price-nmc-example"].low_confidence()
    assert not kb.entries["price-li-ion-pack-bnef"].low_confidence()


OVERLAY_PRICE = """\
- id: my-sulfide-quote
  name: "Our sulfide electrolyte quotation"
  subjects: [sulfide]
  unit: usd_per_kg
  points:
    - {year: 2030, value: 40, source: [our-quote]}
  source: [our-quote]
"""
OVERLAY_SOURCE = """\
- id: our-quote
  type: dataset
  citation: "In-house quotation"
  used_for: "sulfide electrolyte price"
"""


@pytest.fixture
def overlay(tmp_path):
    (tmp_path / "prices").mkdir()
    (tmp_path / "sources").mkdir()
    (tmp_path / "prices" / "ours.yaml").write_text(textwrap.dedent(OVERLAY_PRICE))
    (tmp_path / "sources" / "ours.yaml").write_text(textwrap.dedent(OVERLAY_SOURCE))
    return tmp_path


def test_an_overlay_price_series_is_used_even_with_a_new_id(kb, overlay):
    from decide.cell import compute
    from decide.cell.cost import price_series
    from decide.design import load_design

    mine = load_knowledge([overlay], use_cache=False)
    assert price_series(mine, "li6ps5cl").origin == "my-sulfide-quote"
    assert mine.origins["my-sulfide-quote"].layer == 1
    design = load_design(EXAMPLES / "sulfide-nmc811-li20.yaml", kb)
    built_in = compute(design.model_copy(update={"production_year": 2030}), kb)
    ours = compute(design.model_copy(update={"production_year": 2030}), mine)
    assert ours.values["cell_cost_usd_per_kwh"] < built_in.values["cell_cost_usd_per_kwh"]


def test_reported_text_uses_glyphs_the_report_fonts_have(kb):
    """Reports use DejaVu fonts, which have no CJK glyphs: Chinese and Japanese quotes belong in
    a source's `verified` field (never rendered), names are romanised."""
    import re

    cjk = re.compile("[\u3000-\u9fff\uff00-\uffef]")
    found = [
        entry_id
        for entry_id, entry in kb.entries.items()
        if cjk.search(str(entry.model_dump(exclude={"verified"})))
    ]
    assert found == []
