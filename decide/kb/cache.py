"""Cache the validated knowledge base, keyed by a hash of its files and of the schema code.

Parsing and validating YAML costs ~100x more than unpickling, and most commands run on an
unchanged base.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from decide import __version__

_SCHEMA_FILES = ("schema.py", "properties.py", "index.py", "base.py", "loader.py")


def cache_dir() -> Path:
    """`$DECIDE_CACHE_DIR`, else `$XDG_CACHE_HOME/decide`, else `~/.cache/decide`."""
    explicit = os.environ.get("DECIDE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "decide"


def digest_files(files: list[tuple[str, Path]]) -> str:
    """Hash (label, content) of every file, plus the code that defines how they are read."""
    h = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for name in _SCHEMA_FILES:
        h.update((here / name).read_bytes())
    for label, path in files:
        h.update(label.encode() + b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def read(digest: str) -> Any | None:
    """Return the cached object for `digest`, or None (a broken cache file is ignored)."""
    path = cache_dir() / f"kb-{digest[:32]}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:
        return None


def write(digest: str, obj: Any) -> None:
    """Store `obj` for `digest`; failure to write (read-only home) is not an error."""
    directory = cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        tmp = directory / f".kb-{digest[:32]}.{os.getpid()}.tmp"
        with tmp.open("wb") as handle:
            pickle.dump(obj, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, directory / f"kb-{digest[:32]}.pickle")
    except OSError:
        pass
