"""The DecideError family: user-facing errors that name the file, line and field path."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    message: str
    file: str | None = None
    line: int | None = None
    path: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "")
        if self.path:
            where = f"{where}: {self.path}" if where else self.path
        return f"{where}: {self.message}" if where else self.message


class DecideError(Exception):
    """Base of every error the CLI turns into a clear message instead of a traceback."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class InputError(DecideError):
    """A user's file or argument is malformed (exit code 2)."""


class KnowledgeError(InputError):
    """The knowledge base (built-in or overlay) is invalid."""


class RuleError(InputError):
    """A rule file is invalid."""


class DesignError(InputError):
    """A design or design-space file is invalid."""


class OutputError(DecideError):
    """An output could not be produced (wrong suffix, too large, unwritable)."""
