"""The review's HTML in a real browser: headless Chromium (Debian's package, installed by
.ci/sysdeps) at desktop and phone widths; no table may be wider than its container.

The report needs no JavaScript. The test embeds a copy of it in a page of its own (an iframe of
the wanted width, whose `srcdoc` keeps it same-origin) with a small script that measures every
table and writes the numbers into the DOM; `--dump-dom` returns them. An iframe sets the width
exactly: headless Chromium will not make a window narrower than 500 px.
"""

from __future__ import annotations

import html as htmlmod
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from decide import load_knowledge
from decide.report.run import write_review

ROOT = Path(__file__).resolve().parents[1]
DESIGNS = ["sulfide-nmc811-li20", "quantumscape-oxide-anode-free", "liquid-nmc811-graphite"]
WIDTHS = {"desktop": 1280, "phone": 390}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and os.environ.get("CI"):
    raise RuntimeError("chromium is missing: .ci/sysdeps installs it (Debian package chromium)")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")

MEASURE = """
<script>
window.addEventListener('load', function () {
  var frame = document.getElementById('report');
  var doc = frame.contentDocument;
  var out = {viewport: frame.contentWindow.innerWidth,
             client: doc.documentElement.clientWidth,
             page: doc.documentElement.scrollWidth, tables: []};
  doc.querySelectorAll('table').forEach(function (t) {
    var box = t.parentElement;
    var name = t.caption ? t.caption.textContent : t.rows[0].textContent.slice(0, 40);
    out.tables.push({caption: name,
                     table: Math.ceil(t.getBoundingClientRect().width),
                     box: box.clientWidth,
                     scroll: box.scrollWidth});
  });
  var pre = document.createElement('pre');
  pre.id = 'measure';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
    ]
    return subprocess.run(
        [str(CHROMIUM), *flags, *args], capture_output=True, text=True, timeout=120
    )


def harness(report: str, width: int, height: int = 2400) -> str:
    """A page holding the report in an iframe `width` px wide, with the measuring script."""
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        "<style>body{margin:0} iframe{border:0}</style></head><body>"
        f"<iframe id='report' width='{width}' height='{height}' "
        f'srcdoc="{htmlmod.escape(report, quote=True)}"></iframe>'
        f"{MEASURE}</body></html>"
    )


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser")
    kb = load_knowledge()
    done = {}
    for stem in DESIGNS:
        path = out / f"{stem}.html"
        write_review(ROOT / "examples" / "designs" / f"{stem}.yaml", path, kb)
        done[stem] = path
    return done


def measure(report: str, width: int, tmp_path: Path) -> dict:
    """Chromium's measurements of `report` shown `width` px wide."""
    page = tmp_path / "harness.html"
    page.write_text(harness(report, width), encoding="utf-8")
    run = chromium(
        ["--window-size=1400,2600", "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
        tmp_path / "profile",
    )
    found = re.search(r'<pre id="measure">(.*?)</pre>', run.stdout, re.S)
    assert found, f"no measurement from chromium: {run.stderr[-2000:]}"
    return json.loads(htmlmod.unescape(found.group(1)))


def overflowing(m: dict) -> list[dict]:
    return [t for t in m["tables"] if t["table"] > t["box"] + 1 or t["scroll"] > t["box"] + 1]


def test_the_check_catches_an_overflowing_table(pages, tmp_path):
    report = pages["liquid-nmc811-graphite"].read_text(encoding="utf-8")
    wide = '<div class="table-wrap"><table style="width:900px"><tr><td>x</td></tr></table></div>'
    m = measure(report.replace("</body>", wide + "</body>"), WIDTHS["phone"], tmp_path)
    assert len(overflowing(m)) == 1


@pytest.mark.parametrize("stem", DESIGNS)
@pytest.mark.parametrize("device", list(WIDTHS))
def test_no_table_overflows_its_container(pages, stem, device, tmp_path):
    width = WIDTHS[device]
    m = measure(pages[stem].read_text(encoding="utf-8"), width, tmp_path)
    assert m["viewport"] == width
    assert m["tables"], "the report has tables"
    wide = overflowing(m)
    assert wide == [], f"tables wider than their container at {width} px: {wide}"
    assert m["page"] <= m["client"] + 1, f"the page scrolls sideways at {width} px: {m}"


def test_phone_screenshot_is_a_page(pages, tmp_path):
    """A screenshot at phone width, for a person to look at (and proof that it renders)."""
    page = tmp_path / "harness.html"
    report = pages["sulfide-nmc811-li20"].read_text(encoding="utf-8")
    page.write_text(harness(report, WIDTHS["phone"], 1600), encoding="utf-8")
    shot = tmp_path / "phone.png"
    chromium(
        [
            f"--screenshot={shot}",
            "--window-size=420,1600",
            "--virtual-time-budget=5000",
            page.as_uri(),
        ],
        tmp_path / "profile",
    )
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
