"""Screening design spaces: lazy expansion, vectorised evaluation, filters, Pareto ranking.

Library use: `screen(make_setup(load_space(path, kb)), kb, ruleset, jobs=2)`, then
`write_table(result, Path("out.parquet"))` (every candidate's numbers in memory), or
`screen_to_file(make_setup(space), kb, ruleset, Path("out.parquet"))` (streamed, bounded
memory; docs/screening.md).
"""

from decide.screening.output import write_table
from decide.screening.parallel import make_setup
from decide.screening.run import ScreenResult, screen
from decide.screening.space import Space, load_space
from decide.screening.stream import screen_to_file

__all__ = [
    "ScreenResult",
    "Space",
    "load_space",
    "make_setup",
    "screen",
    "screen_to_file",
    "write_table",
]
