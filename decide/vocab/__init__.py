"""The project's shared vocabulary: each concept is spelled in exactly one module here.

- `severity`: finding severities, their order and rank.
- `units`: field-name suffix -> pint unit -> display text.
- `metrics`: every metric the cell model produces, with its unit, level and meaning.
- `design_fields`: which design fields hold materials and electrolytes, and their roles.
- `classes`: the anode and electrolyte classes.

These modules import nothing else from `decide` (only `decide.errors`), so every layer may use them.
"""
