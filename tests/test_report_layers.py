"""Reports present: they import what is computed below them and never each other's internals."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import decide.report


def test_the_review_does_not_import_the_briefing():
    probe = (
        "import sys\n"
        "import decide.report.review, decide.report.review_figures\n"
        "print('BRIEF', 'decide.report.brief' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "BRIEF False" in out.stdout


def test_reports_run_no_model_and_walk_no_graph():
    """The cell model, Arrhenius and knowledge-graph walks run in decide.outlook / decide.kb; the
    report package receives their results (issue 10)."""
    forbidden = re.compile(
        r"compute\(|arrhenius|layer_conductivity|index\.compatibility|ip_areas_for"
    )
    hits = [
        f"{path.name}:{n}"
        for path in sorted(Path(decide.report.__file__).parent.glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if forbidden.search(line)
    ]
    assert hits == []


def test_the_graph_figure_names_unrelated_materials_instead_of_drawing_them(monkeypatch, kb):
    from decide.kb import neighbourhood as kg
    from decide.report.review_figures import neighbourhood
    from decide.report.sources import Sources

    monkeypatch.setenv("DECIDE_CHART_CACHE", "0")
    graph = kg.Neighbourhood(
        (
            kg.Node("lonely", kg.MATERIAL, "Lonely", ("negative current collector",)),
            kg.Node("nmc811", kg.MATERIAL, "NMC811", ("cathode active material",)),
            kg.Node("layered-oxide", kg.FAMILY, "layered-oxide"),
        ),
        (kg.Link("nmc811", "layered-oxide", (kg.MEMBER_OF,)),),
        (),
    )
    figure = neighbourhood(graph, Sources(kb))
    assert figure is not None
    assert figure.caption.endswith("Not drawn, no relation recorded: lonely.")
