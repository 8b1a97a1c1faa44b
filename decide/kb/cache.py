"""Cache the validated knowledge base, keyed by a hash of its files and of the schema code.

Parsing and validating YAML costs ~100x more than unpickling, and most commands run on an
unchanged base. The pickle is only ever read back through `decide.cachestore`, which hands out
bytes this user's own key authenticated: a planted or altered file is ignored and the base is
rebuilt from its YAML, so nothing someone else wrote is unpickled.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

from decide import __version__
from decide.cachestore import Store

_SCHEMA_FILES = ("schema.py", "properties.py", "index.py", "base.py", "loader.py")
_STORE = Store()


def digest_files(files: list[tuple[str, bytes]]) -> str:
    """Hash (label, content) of every file, plus the code that defines how they are read."""
    h = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for name in _SCHEMA_FILES:
        h.update((here / name).read_bytes())
    for label, data in files:
        h.update(label.encode() + b"\0")
        h.update(data)
        h.update(b"\0")
    return h.hexdigest()


def _name(digest: str) -> str:
    return f"kb-{digest[:32]}.cache"


def read(digest: str) -> Any | None:
    """Return the cached object for `digest`, or None (missing, not authentic or broken)."""
    payload = _STORE.read(_name(digest))
    if payload is None:
        return None
    try:
        return pickle.loads(payload)  # authenticated: written by this user's decide
    except Exception:
        return None


def write(digest: str, obj: Any) -> None:
    """Store `obj` for `digest`; failure to write (read-only home, no home) is not an error."""
    _STORE.write(_name(digest), pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
