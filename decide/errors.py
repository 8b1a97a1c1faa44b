"""The DecideError family: user-facing errors that name the file, line and field path."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters a terminal may act on (C0/C1 controls, DEL, bidirectional overrides) or cannot
# encode (lone surrogates from undecodable file names): never printed raw.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` with every control character shown as an escape (`\\x1b`), so a hostile key,
    value or file name in a message cannot move the cursor, recolour or rewrite the terminal."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    message: str
    file: str | None = None
    line: int | None = None
    path: str | None = None

    def __str__(self) -> str:
        """'file:line: path: message', each part made printable (it may come from user data)."""
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "")
        if self.path:
            where = f"{where}: {self.path}" if where else self.path
        text = f"{where}: {self.message}" if where else self.message
        return printable(text)


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
