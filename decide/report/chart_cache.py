"""A small on-disk memo of rendered charts, keyed by the chart code and its inputs' exact bytes.

Lives beside the knowledge-base cache, in the same authenticated store (`decide.cachestore`:
a private folder, entries signed with this user's key); `DECIDE_CHART_CACHE=0` turns it off.
Failing to read or write it is never an error: the chart is simply rendered. What comes back goes
into a report's `<img src>`, so an entry is used only when it is authentic AND has the shape of a
chart this module writes (a base64 SVG or PNG data URI whose bytes are an SVG or PNG image).

The key is a canonical encoding of the arguments, not their repr: numpy abbreviates arrays of more
than 1,000 elements in its repr, so two screenings that differed only mid-array once shared a
chart. Floats enter by their IEEE bytes, arrays by dtype, shape and data. A value the encoder does
not know is not guessed at: the chart is rendered and not cached. The memo stores only the SVG;
the alt text belongs to the call and never comes from the cache.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import os
import re
import struct
from collections.abc import Mapping
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

from decide.cachestore import Store

MAX_ENTRIES = 400
MAX_URI_CHARS = 20_000_000
_URI = re.compile(r"data:image/(svg\+xml|png);base64,([A-Za-z0-9+/]+={0,2})")
_SIGNATURES = {"svg+xml": (b"<?xml", b"<svg"), "png": (b"\x89PNG\r\n\x1a\n",)}
_STORE = Store("charts")
# Libraries whose version changes what a chart looks like (networkx lays out the graph figure).
LIBRARIES = ("matplotlib", "numpy", "networkx")
# The modules whose code draws charts: a change to any of them invalidates the memo.
CHART_MODULES = ("charts.py", "brief_charts.py", "svg_compact.py")


class Uncacheable(TypeError):
    """An argument has no canonical encoding; the chart is drawn without the memo."""


class _Hash(Protocol):
    def update(self, data: bytes, /) -> None: ...


def enabled() -> bool:
    """False when DECIDE_CHART_CACHE=0."""
    return os.environ.get("DECIDE_CHART_CACHE", "1") != "0"


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    here = Path(__file__).parent
    h = hashlib.sha256()
    for module in CHART_MODULES:
        h.update((here / module).read_bytes())
    for name in LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=-\0".encode())
    return h.digest()


def _tagged(h: _Hash, tag: bytes, payload: bytes) -> None:
    """Type tag, length and payload: no two different values share an encoding."""
    h.update(tag + struct.pack("<Q", len(payload)) + payload)


def encode(value: Any, h: _Hash) -> None:
    """Feed a canonical, exact encoding of `value` into `h` (Uncacheable if there is none)."""
    if value is None or isinstance(value, bool):
        _tagged(h, b"c", repr(value).encode())
    elif isinstance(value, int):
        _tagged(h, b"i", str(value).encode())
    elif isinstance(value, float):
        _tagged(h, b"f", struct.pack("<d", value))
    elif isinstance(value, str):
        _tagged(h, b"s", value.encode("utf-8", "surrogatepass"))
    elif isinstance(value, bytes):
        _tagged(h, b"b", value)
    elif type(value).__module__ == "numpy":
        _numpy(value, h)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        _tagged(h, b"D", f"{type(value).__module__}.{type(value).__qualname__}".encode())
        for f in dataclasses.fields(value):
            encode(f.name, h)
            encode(getattr(value, f.name), h)
    elif isinstance(value, Mapping):
        # Insertion order, not sorted: a breakdown's order is the order its bars are drawn in.
        _tagged(h, b"M", struct.pack("<Q", len(value)))
        for k, v in value.items():
            encode(k, h)
            encode(v, h)
    elif isinstance(value, list | tuple | range):
        _tagged(h, b"L" if isinstance(value, list) else b"T", struct.pack("<Q", len(value)))
        for item in value:
            encode(item, h)
    else:
        raise Uncacheable(f"no canonical encoding for {type(value).__qualname__}")


def _numpy(value: Any, h: _Hash) -> None:
    import numpy as np

    array = np.ascontiguousarray(value)
    if array.dtype.hasobject:
        raise Uncacheable("numpy object arrays have no canonical bytes")
    shape = ",".join(str(n) for n in array.shape)
    _tagged(h, b"N", f"{array.dtype.str}|{shape}".encode())
    _tagged(h, b"n", array.tobytes())


def key(name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> str:
    """Hash of the chart code, the plotting libraries' versions and the inputs' exact bytes.

    Raises Uncacheable when an argument has no canonical encoding.
    """
    h = hashlib.sha256(_code_digest())
    encode(name, h)
    encode(args, h)
    encode(sorted(kwargs.items()), h)
    return h.hexdigest()[:40]


def valid_uri(uri: str) -> bool:
    """True for a base64 SVG or PNG data URI whose bytes start like an SVG or a PNG."""
    if len(uri) > MAX_URI_CHARS:
        return False
    match = _URI.fullmatch(uri)
    if match is None:
        return False
    try:
        head = base64.b64decode(match.group(2)[:64], validate=True)
    except (binascii.Error, ValueError):
        return False
    return head.lstrip().startswith(_SIGNATURES[match.group(1)])


def read(digest: str) -> str | None:
    """The cached data URI, or None (absent, not authentic, or not a chart)."""
    if not enabled():
        return None
    payload = _STORE.read(f"{digest}.uri")
    if payload is None:
        return None
    try:
        uri = payload.decode("ascii")
    except UnicodeDecodeError:
        return None
    return uri if valid_uri(uri) else None


def write(digest: str, uri: str) -> None:
    """Store a chart (atomically); prune the oldest entries past MAX_ENTRIES."""
    if not enabled() or not valid_uri(uri):
        return
    if _STORE.write(f"{digest}.uri", uri.encode("ascii")):
        _STORE.prune(".uri", MAX_ENTRIES)
