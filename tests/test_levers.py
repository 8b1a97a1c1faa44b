"""What it would take: levers limited by sourced knowledge-base limits, each change recomputed by
the cell model and re-checked by the rules, and the smallest combination of levers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, run_cli

from decide.assessment import assess, make_recompute
from decide.cell import compute
from decide.design import design_from_data, load_design
from decide.design.edits import design_data, with_edits
from decide.errors import KnowledgeError
from decide.kb.loader import load_knowledge
from decide.phase import meets
from decide.phase.levers import LEVER_FIELDS, LEVERS
from decide.phase.limits import check_limits

DATA = ROOT / "tests" / "data"
NEAR = DATA / "sulfide-li10-near-phase2.yaml"
RESISTIVE = DATA / "sulfide-li10-resistive-interface.yaml"
SPECS = {spec.field: spec for spec in LEVERS}


def _assess(path: Path, kb, ruleset):
    return assess(load_design(path, kb), kb, ruleset, uncertainty=False)


def test_every_limit_names_a_known_lever_and_cites_its_sources(kb) -> None:
    check_limits(kb, LEVER_FIELDS)
    entries = kb.of_kind("lever-limit")
    assert {e.lever for e in entries} <= set(SPECS)
    for entry in entries:
        assert entry.limit.source, entry.id
        assert all(kb.entries[s].kind == "source" for s in entry.limit.source), entry.id


def test_a_limit_naming_an_unknown_lever_is_a_located_error(tmp_path) -> None:
    folder = tmp_path / "kb" / "limits"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(
        "- id: limit-mine\n"
        "  name: mine\n"
        "  lever: separator.thicknes_um\n"
        "  quantity: separator.thicknes_um\n"
        "  bound: min\n"
        "  limit: {value: 5, source: [lee-2020]}\n"
        "  source: [lee-2020]\n"
    )
    base = load_knowledge([tmp_path / "kb"], use_cache=False)
    with pytest.raises(KnowledgeError) as info:
        check_limits(base, LEVER_FIELDS)
    text = str(info.value)
    assert "mine.yaml:1" in text and "limit-mine.lever" in text
    assert 'did you mean "separator.thickness_um"' in text


def test_kb_check_rejects_a_bad_limit_with_exit_2(tmp_path, capsys) -> None:
    folder = tmp_path / "kb" / "limits"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(
        "- id: limit-mine\n  name: mine\n  lever: cathode.active_wt_pct\n"
        "  quantity: no_such_metric\n  bound: max\n"
        "  limit: {value: 5, source: [lee-2020]}\n  source: [lee-2020]\n"
    )
    code, _, err = run_cli(["--knowledge", str(tmp_path / "kb"), "kb", "check"], capsys)
    assert code == 2
    assert "mine.yaml:1" in err and "no_such_metric" in err and "Traceback" not in err


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_no_lever_goes_past_a_sourced_limit_or_without_one(path, kb, ruleset) -> None:
    phase = _assess(path, kb, ruleset).phase
    for lever in phase.levers:
        if lever.limit_id is None:
            assert not lever.feasible and lever.required is None
            assert "no sourced limit" in lever.note
            continue
        assert lever.limit_source, lever
        if lever.required is not None:
            spec = SPECS[lever.field]
            assert (lever.limit - lever.required) * spec.direction >= -1e-9, lever


def test_a_feasible_lever_reaches_the_next_phase_and_is_the_least_that_does(kb, ruleset) -> None:
    design = load_design(NEAR, kb)
    phase = assess(design, kb, ruleset, uncertainty=False).phase
    feasible = [lever for lever in phase.levers if lever.feasible]
    assert feasible, phase.statement
    assert "any one of these changes suffices" in phase.statement
    assert phase.combination is None and "single lever" in phase.combination_reason
    data = design_data(design, assumed=True)
    recompute = make_recompute(kb, data)
    for lever in feasible:
        spec = SPECS[lever.field]
        edited = recompute(spec.edits(data, lever.required))
        assert edited is not None and meets(edited.metrics, phase.gaps, phase.next_phase)
        back = lever.required + 0.1 * (lever.current - lever.required)
        edited = recompute(spec.edits(data, back))
        assert edited is not None and not meets(edited.metrics, phase.gaps, phase.next_phase)
        assert lever.new_errors == []


def test_a_lever_that_brings_an_error_is_infeasible_and_names_the_code(kb, ruleset) -> None:
    a = _assess(RESISTIVE, kb, ruleset)
    assert a.summary["error"] == 0
    lever = next(x for x in a.phase.levers if x.field == "cathode.areal_capacity_mah_cm2")
    assert not lever.feasible
    assert lever.new_errors == ["INT001"]
    assert "INT001" in lever.note
    # the edited design really has the error: the same change checked on its own
    data = design_data(a.design, assumed=True)
    edited = design_from_data(
        with_edits(data, SPECS[lever.field].edits(data, lever.required)), None, kb
    )
    codes = {
        f.code for f in assess(edited, kb, ruleset, levers=False).findings if f.severity == "error"
    }
    assert "INT001" in codes


def test_the_old_thin_sulfide_separator_and_catholyte_free_proposals_are_gone(kb, ruleset) -> None:
    """Before sourced limits the tool proposed a 6.8-7.5 um Li6PS5Cl separator and 90 wt%
    active material (the catholyte removed) for the Samsung anode-free cell."""
    design = load_design(EXAMPLES / "lee2020-agc-anode-free.yaml", kb)
    phase = assess(design, kb, ruleset, uncertainty=False).phase
    levers = {lever.field: lever for lever in phase.levers}
    separator = levers["separator.thickness_um"]
    assert not separator.feasible and separator.required is None
    assert separator.limit == 30 and "lee-2020" in separator.limit_source
    assert "already at or beyond the sourced limit" in separator.note
    active = levers["cathode.active_wt_pct"]
    assert not active.feasible
    assert active.limit_quantity == "catholyte_vol_pct" and active.limit_value == 25
    assert active.limit < 83  # the catholyte stays: 25 vol% of the composite at least
    data = design_data(design, assumed=True)
    at_limit = compute(
        design_from_data(with_edits(data, SPECS[active.field].edits(data, active.limit)), None, kb),
        kb,
    ).values
    assert at_limit["catholyte_vol_pct"] >= 25 - 1e-6


def test_the_combination_reaches_the_next_phase_when_recomputed(kb, ruleset) -> None:
    design = load_design(EXAMPLES / "sulfide-nmc811-li20.yaml", kb)
    a = assess(design, kb, ruleset, uncertainty=False)
    phase = a.phase
    assert not any(lever.feasible for lever in phase.levers)
    combo = phase.combination
    assert combo is not None, phase.combination_reason
    assert 2 <= len(combo.changes) <= 3
    limits = {lever.field: lever for lever in phase.levers}
    edits: dict = {}
    data = design_data(design, assumed=True)
    for change in combo.changes:
        spec = SPECS[change.field]
        lever = limits[change.field]
        assert (lever.limit - change.proposed) * spec.direction >= -1e-9  # within the limit
        assert (change.proposed - change.current) * spec.direction > 0  # a move that helps
        edits.update(spec.edits(data, change.proposed))
    edited = design_from_data(with_edits(data, edits), None, kb)
    values = compute(edited, kb).values
    assert meets(values, phase.gaps, phase.next_phase)
    for metric, reached in combo.reaches.items():
        assert values[metric] == pytest.approx(reached, rel=1e-9)
    before = {f.code for f in a.findings if f.severity == "error"}
    after = {
        f.code for f in assess(edited, kb, ruleset, levers=False).findings if f.severity == "error"
    }
    assert after <= before
    assert "together these changes do" in phase.statement


def test_no_combination_is_said_with_a_reason(kb, ruleset) -> None:
    phase = _assess(EXAMPLES / "polymer-lfp-li.yaml", kb, ruleset).phase
    assert phase.combination is None and phase.combination_reason
    assert "another chemistry or architecture" in phase.statement


def test_check_json_carries_the_contract_keys(capsys) -> None:
    _, out, _ = run_cli(
        ["check", str(EXAMPLES / "sulfide-nmc811-li20.yaml"), "--format", "json"], capsys
    )
    doc = json.loads(out)
    take = doc["phase"]["what_it_would_take"]
    for lever in take["levers"]:
        assert {"limit", "limit_source", "new_errors", "feasible"} <= set(lever)
    combo = take["combination"]
    assert set(combo) >= {"changes", "reaches"}
    assert all(set(c) == {"field", "from", "to"} for c in combo["changes"])
    assert "uncertainty" not in doc  # only with --uncertainty


def test_check_text_states_the_levers_and_the_combination(capsys) -> None:
    _, out, _ = run_cli(["check", str(EXAMPLES / "sulfide-nmc811-li20.yaml")], capsys)
    assert "to reach phase 2:" in out
    assert "[no] separator thickness" in out and "combination reaches" in out
