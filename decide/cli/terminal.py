"""What the terminal wants: colour or not (NO_COLOR, FORCE_COLOR, a TTY), and whether stdout is
a person's terminal (where a report's HTML does not belong)."""

from __future__ import annotations

import os
from typing import IO

_OFF = ("", "0", "false", "no")


def colour_wanted(stream: IO[str]) -> bool:
    """Colour on a terminal; never with NO_COLOR set (no-color.org), always with FORCE_COLOR."""
    if os.environ.get("NO_COLOR", ""):
        return False
    if os.environ.get("FORCE_COLOR", "").strip().lower() not in _OFF:
        return True
    return is_terminal(stream)


def is_terminal(stream: IO[str]) -> bool:
    """True when `stream` is a terminal (not a pipe or a file)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or not a real stream
        return False
