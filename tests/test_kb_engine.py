"""The knowledge-base engine: loader errors with file and line, overlays, graph, index, cache,
and the `decide kb` commands."""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from conftest import ROOT, run_cli

from decide.errors import KnowledgeError
from decide.kb import cache
from decide.kb.loader import load_knowledge

CONTRACT_IDS = {
    "solid": "lgps lsipscl li6ps5cl li3ps4 li7p3s11 llzo latp lipon li3incl6 li3ycl6 peo-litfsi",
    "cathode": "nmc811 nmc622 nca lfp lco lnmo sulfur li2s",
    "anode": "graphite si-c silicon lithium-metal anode-free",
    "coating": "linbo3 li4ti5o12 li2zro3 li3po4 al2o3 li3n ag-c li-in lipon",
    "other": "pe-separator lp30",
    "application": "ev-mainstream ev-premium drone aviation grid-storage consumer",
    "phase": "phase-1 phase-2 phase-3",
}

GOOD_MATERIAL = """\
- id: my-sulfide
  name: Our in-house sulfide
  roles: [solid-electrolyte]
  family: [argyrodite]
  properties:
    ionic_conductivity_ms_cm: {value: 6.0, source: [my-lab-2026]}
"""
GOOD_SOURCE = """\
- id: my-lab-2026
  type: report
  citation: Internal test report TR-2026-01
  used_for: conductivity of our sulfide
"""

# (name, material file text, expected line, words)
BROKEN = [
    ("missing-source", GOOD_MATERIAL.replace("[my-lab-2026]", "[]"), 6, ["source"]),
    (
        "dangling-source",
        GOOD_MATERIAL.replace("my-lab-2026", "my-lab-2025"),
        6,
        ["unknown source", "my-lab-2026"],
    ),
    (
        "dangling-id",
        GOOD_MATERIAL.replace("[argyrodite]", "[argyrodit]"),
        4,
        ["unknown id", '"argyrodite"'],
    ),
    (
        "duplicate-id",
        GOOD_MATERIAL + GOOD_MATERIAL.replace("Our in-house", "Again"),
        7,
        ["duplicate id", "my-sulfide"],
    ),
    (
        "out-of-bounds",
        GOOD_MATERIAL.replace("value: 6.0", "value: 60000"),
        6,
        ["outside the physical bounds"],
    ),
    (
        "unknown-field",
        GOOD_MATERIAL.replace("  roles:", "  rolse:"),
        3,
        ["unknown field", '"roles"'],
    ),
    (
        "unknown-property",
        GOOD_MATERIAL.replace("ionic_conductivity_ms_cm", "ionic_conductivity_ms"),
        6,
        ["unknown property", "ionic_conductivity_ms_cm"],
    ),
    (
        "bad-range",
        GOOD_MATERIAL.replace("{value: 6.0,", "{min: 7, typical: 6.0,"),
        6,
        ["min <= typical <= max"],
    ),
    ("yaml-syntax", GOOD_MATERIAL.replace("name: Our", "name: [Our"), None, ["malformed YAML"]),
    ("not-a-list", "id: x\n", 1, ["expected a list"]),
    (
        "wrong-kind",
        GOOD_MATERIAL.replace("[argyrodite]", "[nmc811]"),
        4,
        ["is a material, expected family"],
    ),
]


def _overlay(tmp_path, material: str, source: str = GOOD_SOURCE):
    root = tmp_path / "private-kb"
    (root / "materials").mkdir(parents=True)
    (root / "sources").mkdir()
    (root / "materials" / "ours.yaml").write_text(material)
    (root / "sources" / "ours.yaml").write_text(source)
    return root


def test_builtin_base_is_valid_and_counts(capsys) -> None:
    code, out, _ = run_cli(["kb", "check"], capsys)
    assert code == 0
    assert out.startswith("knowledge base OK:")
    assert re.search(r"material\s+\d+", out)


def test_export_json_lists_every_contract_id_with_its_kind(capsys) -> None:
    code, out, _ = run_cli(["kb", "export", "--format", "json"], capsys)
    assert code == 0
    doc = json.loads(out)
    kinds = {node["id"]: node["kind"] for node in doc["nodes"]}
    for group, ids in CONTRACT_IDS.items():
        for entry_id in ids.split():
            assert entry_id in kinds, entry_id
            if group in ("application", "phase"):
                assert kinds[entry_id] == group
            else:
                assert kinds[entry_id] == "material"
    assert all({"source", "target", "relation"} <= set(link) for link in doc["links"])
    assert {"source", "standard", "ip-area"} <= set(kinds.values())


def test_export_graphml_writes_atomically(tmp_path, capsys) -> None:
    target = tmp_path / "kg.graphml"
    code, _, _ = run_cli(["kb", "export", "--format", "graphml", "-o", str(target)], capsys)
    assert code == 0
    text = target.read_text()
    assert text.startswith("<?xml") and "li6ps5cl" in text
    assert [p.name for p in tmp_path.iterdir()] == ["kg.graphml"]


def test_show_reads_like_a_data_sheet(capsys) -> None:
    code, out, _ = run_cli(["kb", "show", "li6ps5cl"], capsys)
    assert code == 0
    assert "ionic_conductivity_ms_cm" in out and "mS/cm" in out
    assert "<- " in out  # every value names its sources
    assert "compatibility:" in out and "as subject" in out
    assert "IP areas:" in out
    assert "sources:" in out


def test_show_unknown_id_suggests(capsys) -> None:
    code, _, err = run_cli(["kb", "show", "li6ps5c"], capsys)
    assert code == 2 and 'did you mean "li6ps5cl"' in err


def test_list_by_kind(capsys) -> None:
    code, out, _ = run_cli(["kb", "list", "--kind", "phase"], capsys)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["phase-1", "phase-2", "phase-3"]
    code, _, err = run_cli(["kb", "list", "--kind", "phse"], capsys)
    assert code == 2 and "did you mean" in err


def test_path_between_entries(capsys) -> None:
    code, out, _ = run_cli(["kb", "path", "li6ps5cl", "nmc811"], capsys)
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("li6ps5cl ") and lines[-1].endswith(" nmc811")
    assert "cites" not in out


def test_overlay_adds_an_entry(tmp_path, capsys) -> None:
    root = _overlay(tmp_path, GOOD_MATERIAL)
    kb = load_knowledge([root], use_cache=False)
    assert kb.index.prop("my-sulfide", "ionic_conductivity_ms_cm") == 6.0
    assert kb.index.is_a("my-sulfide", "sulfide")
    # family-level compatibility reaches the new member
    assert kb.index.compatibility("my-sulfide", "nmc811")
    code, out, _ = run_cli(["--knowledge", str(root), "kb", "show", "my-sulfide"], capsys)
    assert code == 0 and "my-lab-2026" in out


def test_overlay_replaces_a_builtin_entry(tmp_path) -> None:
    text = GOOD_MATERIAL.replace("my-sulfide", "li6ps5cl")
    kb = load_knowledge([_overlay(tmp_path, text)], use_cache=False)
    assert kb.index.prop("li6ps5cl", "ionic_conductivity_ms_cm") == 6.0
    assert "private-kb" in kb.origins["li6ps5cl"].file


@pytest.mark.parametrize("name,text,line,words", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_overlay(name, text, line, words, tmp_path, capsys) -> None:
    root = _overlay(tmp_path, text)
    code, out, err = run_cli(["kb", "check", "--knowledge", str(root)], capsys)
    assert code == 2, out
    assert "Traceback" not in err
    assert "ours.yaml" in err
    if line is not None:
        assert re.search(rf"ours\.yaml:{line}\b", err), err
    for word in words:
        assert word in err, err


def test_unknown_folder_suggests(tmp_path) -> None:
    root = tmp_path / "kb"
    (root / "materails").mkdir(parents=True)
    with pytest.raises(KnowledgeError, match='did you mean "materials"'):
        load_knowledge([root], use_cache=False)


def test_graph_is_typed_multidigraph(kb) -> None:
    graph = kb.graph()
    assert graph.is_multigraph() and graph.is_directed()
    assert graph.nodes["seed-article"]["kind"] == "source"
    assert graph.nodes["phase-3"]["kind"] == "phase"
    assert graph.has_edge("li6ps5cl", "argyrodite", key="member_of")
    assert graph.has_edge("thio-lisicon", "lithium-metal", key="reduced_by")
    kinds = {graph.nodes[n]["kind"] for n in graph}
    assert {"standard", "ip-area", "source", "material"} <= kinds


def test_index_agrees_with_the_graph(kb) -> None:
    graph = kb.graph()
    for src, dst, key in list(graph.edges(keys=True))[:500]:
        assert dst in kb.index.targets(key, src)
        assert src in kb.index.sources_of(key, dst)


def test_cache_round_trip_and_invalidation(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DECIDE_CACHE_DIR", str(tmp_path / "cache"))
    root = _overlay(tmp_path, GOOD_MATERIAL)
    first = load_knowledge([root])
    files = list((tmp_path / "cache").glob("kb-*.cache"))
    assert len(files) == 1
    again = load_knowledge([root])
    assert again.digest == first.digest
    assert cache.read(first.digest).digest == first.digest
    (root / "materials" / "ours.yaml").write_text(GOOD_MATERIAL.replace("6.0", "7.0"))
    changed = load_knowledge([root])
    assert changed.digest != first.digest
    assert changed.index.prop("my-sulfide", "ionic_conductivity_ms_cm") == 7.0


def test_broken_cache_file_is_ignored(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DECIDE_CACHE_DIR", str(tmp_path))
    kb = load_knowledge()
    for path in tmp_path.glob("kb-*.cache"):
        path.write_bytes(b"not a pickle")
    assert load_knowledge().digest == kb.digest
    assert cache.read("0" * 64) is None


def test_wheel_ships_knowledge_rules_and_reports(tmp_path) -> None:
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("decide-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("decide/_data/knowledge/materials/") for n in names)
    assert any(n.startswith("decide/_data/rules/") and n.endswith(".yaml") for n in names)
    assert any(n.startswith("decide/_data/reports/") for n in names)
