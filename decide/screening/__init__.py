"""Screening design spaces: lazy expansion, vectorised evaluation, filters, Pareto ranking.

Library use: `screen(make_setup(load_space(path, kb)), kb, ruleset, jobs=2)`, then
`write_table(result, Path("out.csv"))`.
"""

from decide.screening.output import write_table
from decide.screening.parallel import make_setup
from decide.screening.run import ScreenResult, screen
from decide.screening.space import Space, load_space

__all__ = ["ScreenResult", "Space", "load_space", "make_setup", "screen", "write_table"]
