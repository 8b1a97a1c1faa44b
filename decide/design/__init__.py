"""Candidate cell designs: the design file's models, loader and JSON Schema."""

from decide.design.loader import design_from_data, load_design
from decide.design.model import Design

__all__ = ["Design", "design_from_data", "load_design"]
