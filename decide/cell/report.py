"""Plain-text rendering of Metrics: one row per metric with its unit and level."""

from __future__ import annotations

from decide.cell.metrics import Metrics
from decide.vocab.metrics import LEVELS
from decide.vocab.units import text_unit

_ORDER = LEVELS


def unit_of_key(key: str) -> str:
    """Display unit of a metric key, from its suffix."""
    return text_unit(key)


def _fmt(value: float | str) -> str:
    if isinstance(value, str):
        return value
    return f"{value:.4g}" if abs(value) < 1e5 else f"{value:.3e}"


def render_text(m: Metrics) -> str:
    """The table `decide metrics --format text` prints, grouped by level, with breakdowns."""
    lines = [f"design {m.design}", ""]
    width = max(len(k) for k in m.values) + 2
    lines.append(f"{'level':<10}{'metric':<{width}}{'value':>12}  unit")
    for level in _ORDER:
        for key, value in m.values.items():
            if m.levels.get(key) == level:
                unit = unit_of_key(key) if not isinstance(value, str) else ""
                lines.append(f"{level:<10}{key:<{width}}{_fmt(value):>12}  {unit}")
    total_mass = sum(m.mass_breakdown.values()) or 1.0
    lines += ["", "mass per repeat unit (g/cm2, % of stack)"]
    for key, value in m.mass_breakdown.items():
        lines.append(f"  {key:<22}{value:>12.4g}  {100 * value / total_mass:5.1f} %")
    total_t = sum(m.volume_breakdown.values()) or 1.0
    lines += ["", "thickness per repeat unit, charged (um, % of stack)"]
    for key, value in m.volume_breakdown.items():
        lines.append(f"  {key:<22}{value * 1e4:>12.4g}  {100 * value / total_t:5.1f} %")
    if m.cost_breakdown:
        lines += ["", "cost (USD/kWh)"]
        for key, value in m.cost_breakdown.items():
            lines.append(f"  {key:<22}{value:>12.4g}")
    if m.assumptions:
        lines += ["", "assumed (filled from the knowledge base; give a value to replace it)"]
        for key, item in m.assumptions.items():
            value = item["value"]
            shown = _fmt(value) if isinstance(value, float | int) else str(value)
            unit = text_unit(key.rsplit(".", 1)[-1]) if not isinstance(value, str) else ""
            sources = ", ".join(item["sources"])
            lines.append(f"  {key:<38}{shown:>12} {unit:<8} [{sources}]")
            lines.append(f"      {item['note']}")
    for key, note in m.notes.items():
        lines.append(f"note: {key} {note}")
    return "\n".join(lines) + "\n"
