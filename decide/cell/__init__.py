"""The cell model: metrics of a design (scalar) and of design sweeps (vectorised)."""

from decide.cell.metrics import Metrics, compute

__all__ = ["Metrics", "compute"]
