"""Reports present: they import what is computed below them and never each other's internals."""

from __future__ import annotations

import subprocess
import sys


def test_the_review_does_not_import_the_briefing():
    probe = (
        "import sys\n"
        "import decide.report.review, decide.report.review_figures\n"
        "print('BRIEF', 'decide.report.brief' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "BRIEF False" in out.stdout
