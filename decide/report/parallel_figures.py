"""Draw a report's charts in a forked child while the parent imports and prepares WeasyPrint.

Charts (matplotlib) and PDF layout (WeasyPrint) each cost about a second on a cold start and do
not depend on each other until the HTML is assembled; on a machine with two cores, overlapping
them is the cheapest way to a faster first report. Where fork is unavailable, or the child
fails, the charts are drawn in the parent as before, so errors surface the usual way.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import Any


class Pending:
    """Figures being drawn in a child process; `result()` waits for them."""

    def __init__(self, draw: Callable[[], Any]):
        self._draw = draw
        self._pid: int | None = None
        self._read_fd: int | None = None
        if not hasattr(os, "fork"):
            return
        read_fd, write_fd = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            return
        if pid == 0:  # child: draw, send, leave without running the parent's cleanup
            os.close(read_fd)
            code = 0
            try:
                payload = pickle.dumps(draw(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_fd, "wb") as pipe:
                    pipe.write(payload)
            except BaseException:
                code = 1
            os._exit(code)
        os.close(write_fd)
        self._pid, self._read_fd = pid, read_fd

    def result(self) -> Any:
        """The child's figures, or the same figures drawn here if the child could not."""
        if self._pid is None or self._read_fd is None:
            return self._draw()
        with os.fdopen(self._read_fd, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        if status != 0 or not payload:
            return self._draw()
        return pickle.loads(payload)
