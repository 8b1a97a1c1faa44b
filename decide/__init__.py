"""decide: rule-based decision support for solid-state battery industrialization."""

__version__ = "0.1.0"
