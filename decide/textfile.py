"""Read a user's input file safely: a regular file, bounded in size, checked before reading.

Every file `decide` reads on a user's behalf (designs, spaces, rule packs, knowledge overlays,
`decide.toml`) comes through here, so a FIFO cannot block a command, `/dev/zero` cannot fill the
memory and a 2 GB file is refused by its size, not after reading it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from decide.errors import InputError, Problem

# No design, space, rule pack or knowledge file comes near this (the largest built-in is ~60 kB).
MAX_INPUT_BYTES = 10 * 1024 * 1024


def read_bytes(path: str | Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of `path`; InputError unless it is a readable regular file of at most `limit`
    bytes. The type and size are checked on the open descriptor, before anything is read."""
    name = str(path)
    try:
        # O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting.
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(Problem(_open_failure(exc), name)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(Problem("is a folder, expected a file", name))
        if not stat.S_ISREG(info.st_mode):
            raise InputError(Problem(f"is not a regular file ({_kind(info.st_mode)})", name))
        if info.st_size > limit:
            raise InputError(Problem(f"is {_size(info.st_size)}, more than {_size(limit)}", name))
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # the file grew while we read it
                raise InputError(Problem(f"is more than {_size(limit)}", name))
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(Problem(f"cannot be read ({exc.strerror})", name)) from None
    finally:
        os.close(fd)


def read_text(path: str | Path, limit: int = MAX_INPUT_BYTES) -> str:
    """`read_bytes` decoded as UTF-8 (a byte-order mark is allowed); InputError otherwise."""
    return decode(read_bytes(path, limit), path)


def decode(data: bytes, path: str | Path) -> str:
    """The UTF-8 text of a file read by `read_bytes`; InputError naming the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            Problem(f"is not UTF-8 text (byte {exc.start} is 0x{data[exc.start]:02x})", str(path))
        ) from None


def _open_failure(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "file not found"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read (permission denied)"
    if exc.errno == errno.ELOOP:
        return "cannot be read (too many levels of symbolic links)"
    return f"cannot be read ({exc.strerror})"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"
