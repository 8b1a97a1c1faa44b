"""Finding severities: the one ordered type every layer uses (rules, screening, reports, CLI).

Compatibility relations in the knowledge base use the same words plus `ok` (a pair known to work).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal


class Severity(StrEnum):
    """How bad a finding is; compares by rank (ERROR is the most severe)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most severe (error), 2 for info: sort keys use it."""
        return _RANK[self.value]

    def at_least(self, other: str) -> bool:
        """True when this severity is as bad as `other` or worse."""
        return self.rank <= _RANK[str(other)]


# Most severe first: sorting, counting and reporting all follow this order.
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SeverityName = Literal["error", "warning", "info"]
# The words a compatibility relation may carry: the severities plus `ok`.
COMPAT_SEVERITIES: tuple[str, ...] = (*SEVERITIES, "ok")
CompatSeverityName = Literal["error", "warning", "info", "ok"]
_RANK = {name: i for i, name in enumerate(COMPAT_SEVERITIES)}


def rank(name: str) -> int:
    """Sort key of a severity word (error 0, warning 1, info 2, ok 3); unknown words sort last."""
    return _RANK.get(name, len(_RANK))


def empty_counts() -> dict[str, int]:
    """{'error': 0, 'warning': 0, 'info': 0}, in severity order."""
    return dict.fromkeys(SEVERITIES, 0)


def worst(names: list[str] | tuple[str, ...]) -> str | None:
    """The most severe word among `names`, or None when there is none."""
    return min(names, key=rank) if names else None


def more_severe_than(limit: str) -> tuple[str, ...]:
    """The severities worse than `limit` (a screening filter `max_severity: warning` bans these)."""
    return tuple(s for s in SEVERITIES if rank(s) < rank(limit))
