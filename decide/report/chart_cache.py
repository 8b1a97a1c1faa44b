"""A small on-disk memo of rendered charts, keyed by the chart code and its exact inputs.

Lives beside the knowledge-base cache (`$DECIDE_CACHE_DIR`); `DECIDE_CHART_CACHE=0` turns it
off. Failing to read or write it is never an error: the chart is simply rendered.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path

MAX_ENTRIES = 400


def enabled() -> bool:
    """False when DECIDE_CHART_CACHE=0."""
    return os.environ.get("DECIDE_CHART_CACHE", "1") != "0"


def _folder() -> Path:
    from decide.kb.cache import cache_dir

    return cache_dir() / "charts"


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    here = Path(__file__).parent
    h = hashlib.sha256((here / "charts.py").read_bytes())
    h.update(metadata.version("matplotlib").encode())
    return h.digest()


def key(name: str, args: tuple, kwargs: dict) -> str:
    """Hash of the chart code, matplotlib's version and the inputs' exact repr."""
    h = hashlib.sha256(_code_digest())
    h.update(name.encode() + b"\0" + repr(args).encode() + b"\0")
    h.update(repr(sorted(kwargs.items())).encode())
    return h.hexdigest()[:40]


def read(digest: str) -> str | None:
    """The cached data URI, or None."""
    if not enabled():
        return None
    try:
        return (_folder() / f"{digest}.uri").read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return None


def write(digest: str, uri: str) -> None:
    """Store a chart (atomically); prune the oldest entries past MAX_ENTRIES."""
    if not enabled():
        return
    folder = _folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{digest}.{os.getpid()}.tmp"
        tmp.write_text(uri, encoding="ascii")
        os.replace(tmp, folder / f"{digest}.uri")
        entries = sorted(folder.glob("*.uri"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-MAX_ENTRIES]:
            old.unlink(missing_ok=True)
    except OSError:
        return
