"""How `decide check` shows what it found: linter text (`file:line:col: CODE severity message`),
CONTRACT JSON, SARIF, and per-code statistics."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

from decide.checking import Checked, CheckRun
from decide.errors import printable
from decide.rules.location import WHOLE_DESIGN
from decide.vocab.design_fields import quantity_text

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}
Echo = Callable[[str], None]


def text(run: CheckRun, echo: Echo, colour: bool, quiet: bool, verbose: bool) -> None:
    """One line per finding; unless quiet, the suppressed ones, verdict, levers and a total.

    A file name, or a reason given in a config (TOML strings may spell escapes), may hold control
    characters: every such text is made printable, while our own colours stay colours."""

    def show(line: str) -> None:
        echo(printable(line))

    for c in run.checked:
        name = printable(c.source.name)
        for f in c.assessment.findings:
            where = c.locations.get(f.code, WHOLE_DESIGN)
            sev = (
                click.style(f.severity, fg=_COLOURS[f.severity], bold=True)
                if colour
                else f.severity
            )
            code = click.style(f.code, bold=True) if colour else f.code
            echo(f"{name}:{where.line}:{where.column}: {code} {sev} {printable(f.message)}")
            if verbose:
                show(f"    remediation: {f.remediation}")
        if quiet:
            continue
        for f in c.assessment.suppressed:
            where = c.locations.get(f.code, WHOLE_DESIGN)
            by = " in the config" if f.suppressed_by == "config" else ""
            show(
                f"{name}:{where.line}:{where.column}: {f.code} suppressed{by} "
                f"({f.suppressed_reason})"
            )
        show(f"{name}: {c.assessment.verdict()}")
        for line in _phase_lines(c.assessment):
            show(f"{name}: {line}")
    if not quiet:
        show(summary(run))


def summary(run: CheckRun) -> str:
    """'2 design(s) checked: 1 error(s), 4 warning(s), 9 info'."""
    total = run.totals
    return (
        f"{len(run.checked)} design(s) checked: {total.get('error', 0)} error(s), "
        f"{total.get('warning', 0)} warning(s), {total.get('info', 0)} info"
    )


def statistics_text(run: CheckRun, echo: Echo, quiet: bool) -> None:
    """Count, code, severity and title per code, most frequent first (ruff's --statistics)."""
    for row in run.statistics():
        echo(f"{row['count']:>5}  {row['code']:<7} {row['severity']:<8} {row['title']}")
    if not quiet:
        echo(summary(run))


def file_json(c: Checked) -> dict[str, Any]:
    """CONTRACT section 5 for one design, plus its file and each finding's location."""
    doc = c.assessment.to_json()
    for key in ("findings", "suppressed"):
        for finding in doc[key]:
            finding["location"] = c.locations.get(finding["code"], WHOLE_DESIGN).to_json()
    return {"file": c.source.name, **doc}


def json_text(run: CheckRun, as_list: bool) -> str:
    """One design's object (CONTRACT section 5) or, for several inputs, a list of them."""
    docs = [file_json(c) for c in run.checked]
    return json.dumps(docs if as_list else docs[0], indent=2)


def _phase_lines(a: Any) -> list[str]:
    """What it would take (each lever, its sourced limit, the combination), and the phase
    probabilities when the ranges were propagated."""
    phase = a.phase
    lines = []
    if a.uncertainty is not None and a.uncertainty.phase_probability:
        shown = ", ".join(
            f"phase {k} {100 * p:.0f} %" for k, p in a.uncertainty.phase_probability.items()
        )
        lines.append(
            f"probability of meeting the targets ({a.uncertainty.samples} samples): {shown}"
        )
    if phase.next_phase is None or not phase.levers:
        return lines
    lines.append(f"to reach phase {phase.next_phase}: {phase.statement}")
    for lever in phase.levers:
        mark = "ok" if lever.feasible else "no"
        lines.append(f"  [{mark}] {lever.lever} ({lever.field}): {lever.change}")
    if phase.combination is None and phase.combination_reason:
        lines.append(f"  combination: none ({phase.combination_reason})")
    elif phase.combination is not None:
        reaches = ", ".join(quantity_text(k, v) for k, v in phase.combination.reaches.items())
        lines.append(f"  combination reaches {reaches}")
    return lines
