"""A per-user on-disk cache that trusts nothing it reads back.

The knowledge base is cached as a pickle and charts as data URIs that go into a report's
`<img src>`, so a cache entry someone else planted would run code or inject content. Hence:

- the folder (`$DECIDE_CACHE_DIR`, else `$XDG_CACHE_HOME/decide`, else `~/.cache/decide`) must be
  a real directory (not a symlink) owned by this user and writable by nobody else; it is created
  0700; one that fails (someone else's, group- or world-writable) is not used at all;
- every entry is authenticated: HMAC-SHA256 over its name and bytes, under a random 32-byte key
  kept in the folder as `key` (0600, owned by this user). An entry that fails the check, a key
  that is not private and a file that is not a regular file of ours are ignored, never trusted;
- every file operation is relative to the folder's open descriptor, files are opened with
  O_NOFOLLOW, and new files are created O_EXCL under a random name, then renamed into place;
- with no usable folder (no HOME, a read-only disk, a folder of someone else) nothing is cached
  and nothing fails: callers compute what they would have read.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

MAGIC = b"decide-cache-1\n"
KEY_FILE = "key"
KEY_BYTES = 32
MAX_ENTRY_BYTES = 256 * 1024 * 1024
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}")
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def cache_root() -> Path | None:
    """`$DECIDE_CACHE_DIR`, else `$XDG_CACHE_HOME/decide`, else `~/.cache/decide`; None when
    there is no home to put it in (HOME unset and no password entry)."""
    explicit = os.environ.get("DECIDE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG spec: a relative value is ignored
        return Path(xdg) / "decide"
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):
        return None
    if not home.is_absolute():
        return None
    return home / ".cache" / "decide"


def _private_dir(fd: int) -> bool:
    """The open folder is a directory of ours that nobody else can write to. An existing folder
    is never chmod-ed (DECIDE_CACHE_DIR=/tmp must not close /tmp): one that fails is not used."""
    info = os.fstat(fd)
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022


def _open_dir(path: Path | str, parent: int | None = None) -> int | None:
    """Create (0700) and open a cache folder; None unless it is a private directory of ours."""
    try:
        if parent is None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, 0o700, dir_fd=parent)
        fd = os.open(path, _DIR_FLAGS, dir_fd=parent)
    except OSError:
        return None
    if _private_dir(fd):
        return fd
    os.close(fd)
    return None


def _read_own(dir_fd: int, name: str, limit: int) -> bytes | None:
    """The bytes of a regular file of ours in the folder, or None (absent, a link, a FIFO, too
    big, someone else's)."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW, dir_fd=dir_fd)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            return None
        if info.st_mode & 0o022 or info.st_size > limit:
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _create(dir_fd: int, data: bytes) -> str:
    """Write `data` to a new private file (O_EXCL, random name); return its name."""
    tmp = f".tmp-{secrets.token_hex(8)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=dir_fd)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=dir_fd)
        raise
    return tmp


def _key(dir_fd: int) -> bytes | None:
    """This user's secret key, made on first use; a key that is not private is replaced (the
    entries it signed then fail their check and are rebuilt)."""
    for _ in range(3):
        key = _read_own(dir_fd, KEY_FILE, KEY_BYTES)
        if key is not None and len(key) == KEY_BYTES and _private_file(dir_fd, KEY_FILE):
            return key
        try:
            if key is not None or _exists(dir_fd, KEY_FILE):
                os.unlink(KEY_FILE, dir_fd=dir_fd)
            tmp = _create(dir_fd, secrets.token_bytes(KEY_BYTES))
            try:  # link, not rename: of two processes making a key at once, one key wins
                os.link(tmp, KEY_FILE, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
            except FileExistsError:
                pass
            finally:
                os.unlink(tmp, dir_fd=dir_fd)
        except OSError:
            return None
    return None


def _exists(dir_fd: int, name: str) -> bool:
    try:
        os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except OSError:
        return False
    return True


def _private_file(dir_fd: int, name: str) -> bool:
    try:
        info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


def _mac(key: bytes, name: str, payload: bytes) -> bytes:
    return hmac.new(key, name.encode("ascii") + b"\0" + payload, hashlib.sha256).digest()


class Store:
    """One folder of the cache (`sub` under the root, or the root itself)."""

    def __init__(self, sub: str = ""):
        if sub and not _NAME.fullmatch(sub):
            raise ValueError(f"bad cache folder name {sub!r}")
        self.sub = sub

    @contextlib.contextmanager
    def _folder(self) -> Iterator[tuple[int, bytes] | None]:
        """(descriptor of the folder, key), or None when there is no usable cache."""
        root = cache_root()
        fds: list[int] = []
        try:
            fd = _open_dir(root) if root is not None else None
            if fd is not None:
                fds.append(fd)
                key = _key(fd)
                if self.sub and key is not None:
                    fd = _open_dir(self.sub, parent=fd)
                    if fd is not None:
                        fds.append(fd)
                yield (fd, key) if fd is not None and key is not None else None
            else:
                yield None
        finally:
            for fd in fds:
                os.close(fd)

    def read(self, name: str) -> bytes | None:
        """The payload stored under `name`, or None (absent, or failing any check)."""
        _check_name(name)
        with self._folder() as folder:
            if folder is None:
                return None
            fd, key = folder
            data = _read_own(fd, name, MAX_ENTRY_BYTES)
        if data is None or not data.startswith(MAGIC):
            return None
        mac = data[len(MAGIC) : len(MAGIC) + 32]
        payload = data[len(MAGIC) + 32 :]
        if len(mac) != 32 or not hmac.compare_digest(mac, _mac(key, name, payload)):
            return None
        return payload

    def write(self, name: str, payload: bytes) -> bool:
        """Store `payload` under `name` (atomically); False when it could not be stored."""
        _check_name(name)
        if len(payload) > MAX_ENTRY_BYTES:
            return False
        with self._folder() as folder:
            if folder is None:
                return False
            fd, key = folder
            try:
                tmp = _create(fd, MAGIC + _mac(key, name, payload) + payload)
                try:
                    os.replace(tmp, name, src_dir_fd=fd, dst_dir_fd=fd)
                except OSError:
                    os.unlink(tmp, dir_fd=fd)
                    raise
            except OSError:
                return False
        return True

    def prune(self, suffix: str, keep: int) -> None:
        """Delete all but the `keep` newest entries whose names end with `suffix`."""
        with self._folder() as folder:
            if folder is None:
                return
            fd = folder[0]
            try:
                entries = []
                with os.scandir(fd) as listing:
                    for entry in listing:
                        if entry.name.endswith(suffix) and entry.is_file(follow_symlinks=False):
                            entries.append((entry.stat(follow_symlinks=False).st_mtime, entry.name))
                for _, name in sorted(entries)[:-keep] if keep else sorted(entries):
                    os.unlink(name, dir_fd=fd)
            except OSError:
                return


def _check_name(name: str) -> None:
    if not _NAME.fullmatch(name) or name == KEY_FILE:
        raise ValueError(f"bad cache entry name {name!r}")
