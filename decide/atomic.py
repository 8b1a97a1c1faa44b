"""Write output files whole or not at all, with the permissions the user's umask asks for.

`check_output` says before any work whether an output can be written at all (its folder exists,
is a folder and is writable); a full disk or a folder made read-only meanwhile still ends in an
OutputError, and the temporary file is removed.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from decide.errors import OutputError, Problem

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.EFBIG: "the file is too large",
    errno.EISDIR: "it is a folder",
    errno.ENAMETOOLONG: "the name is too long",
}


def current_umask() -> int:
    """The process umask (from /proc where it can be read without changing it)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _folder(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def _failure(target: Path, exc: OSError) -> OutputError:
    reason = _REASONS.get(exc.errno or 0, exc.strerror or "unknown error")
    return OutputError(Problem(f"cannot be written: {reason}", str(target)))


def check_output(path: str | os.PathLike) -> None:
    """Refuse, before any work, an output whose folder is missing or not writable, or that is
    an existing folder: writing a report must not be the step that finds out."""
    target = Path(path)
    directory = _folder(target)
    if not directory.is_dir():
        what = "is not a folder" if directory.exists() else "does not exist"
        raise OutputError(f"{target}: the folder {directory} {what}")
    if target.is_dir():
        raise OutputError(Problem("is a folder, expected a file name", str(target)))
    try:  # the real test: can a file be created there (read-only mounts, ACLs, quotas)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:60]}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _failure(target, exc) from None
    os.close(fd)
    Path(tmp).unlink(missing_ok=True)


@contextmanager
def streamed(path: str | os.PathLike, binary: bool = False) -> Iterator[IO]:
    """A file written beside `path` and renamed into place only when the block completes."""
    target = Path(path)
    directory = _folder(target)
    if not directory.is_dir():
        raise OutputError(f"{target}: the folder {directory} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:60]}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _failure(target, exc) from None
    try:
        handle: IO[Any] = (
            os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        )
        with handle:
            # mkstemp makes the file 0600; give it what open() would have: 0666 less the umask
            os.fchmod(handle.fileno(), 0o666 & ~current_umask())
            yield handle
        os.replace(tmp, target)
    except OSError as exc:
        with suppress(OSError):
            Path(tmp).unlink(missing_ok=True)
        raise _failure(target, exc) from None
    except BaseException:
        with suppress(OSError):
            Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | os.PathLike, data: bytes | str) -> None:
    """Write `data` to `path` atomically."""
    with streamed(path, binary=True) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
