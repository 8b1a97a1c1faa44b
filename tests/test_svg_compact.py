"""The chart compaction changes how a chart is written, never what it shows."""

from __future__ import annotations

import base64
import subprocess
import xml.etree.ElementTree as ET

import pytest

from decide.report import charts
from decide.report.svg_compact import SVG, compact

STYLED = b"""<?xml version="1.0" encoding="utf-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="100pt" height="50pt" viewBox="0 0 100 50">
 <metadata><title>matplotlib</title></metadata>
 <defs><style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style></defs>
 <g id="figure_1">
  <g id="patch_1"><path d="M 10 20 L 90 20"
    style="fill: none; stroke: #000; stroke-width: 6; stroke-linecap: square"/></g>
  <g id="kept"><path d="M 0 10 L 100 10" style="stroke: #ff0000"/></g>
  <use xlink:href="#kept"/>
 </g>
</svg>"""


def _nodes(svg: bytes) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter())


def test_compaction_writes_styles_as_attributes_and_drops_bare_groups():
    out = compact(STYLED)
    nodes = _nodes(out)
    assert all("style" not in n.attrib for n in nodes)
    assert not any(n.tag.endswith("metadata") for n in nodes)
    ids = {n.get("id") for n in nodes}
    assert "figure_1" not in ids and "patch_1" not in ids
    assert "kept" in ids, "a group another node refers to keeps its id"
    root = ET.fromstring(out)
    assert root.get("stroke-linejoin") == "round" and root.get("stroke-linecap") == "butt"
    first = root.find(f"{{{SVG}}}path")
    assert first is not None and first.get("stroke-linecap") == "square", (
        "an element's own value still beats the lifted universal rule"
    )


def test_a_stylesheet_rule_other_than_the_universal_one_is_left_alone():
    svg = STYLED.replace(b"*{stroke-linejoin", b"path{stroke-linejoin")
    out = compact(svg)
    assert b"path{stroke-linejoin" in out
    assert ET.fromstring(out).get("stroke-linejoin") is None


def _png(svg: bytes, tmp_path, name: str) -> bytes:
    from weasyprint import HTML

    uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    pdf = tmp_path / f"{name}.pdf"
    HTML(string=f'<img src="{uri}" style="width:160mm">').write_pdf(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "72", "-png", "-singlefile", pdf, tmp_path / name], check=True
    )
    return (tmp_path / f"{name}.png").read_bytes()


def _matplotlib_svg() -> bytes:
    """A chart as matplotlib writes it, in the reports' style: grid, ticks, text, legend."""
    import io

    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    with matplotlib.rc_context(charts.RC):
        fig = Figure(figsize=(4, 2))
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        ax.plot([2024, 2026, 2028], [150, 120, 95], marker="o", label="cell cost")
        ax.axhline(100, linestyle="--", label="target")
        ax.grid(True)
        ax.set_xlabel("production year")
        ax.legend()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


@pytest.mark.parametrize("make", [_matplotlib_svg, lambda: STYLED], ids=["matplotlib", "styled"])
def test_compacted_charts_paint_the_same_pixels(tmp_path, make):
    raw = make()
    assert b"style=" in raw
    assert _png(raw, tmp_path, "raw") == _png(compact(raw), tmp_path, "compact")
