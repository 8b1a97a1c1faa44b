"""Do a report's preparation in a forked child while the parent imports and warms WeasyPrint.

The review and the briefing hand the child everything before the layout: assessing the designs,
drawing the charts (matplotlib, about a second on a cold start) and rendering the HTML; the parent
meanwhile pays WeasyPrint's import and first-use costs. On a machine with two cores the two
overlap. Where fork is unavailable, or the child fails, the parent does the work itself, so
errors surface the usual way.

The child sends its result as JSON (text, lists, tuples, Figure and Chart only), not as a
pickle: what crosses the pipe is data and can build nothing else, and a chart whose URI is not
an image the chart code makes is refused (`chart_cache.valid_uri`) like a bad cache entry.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable
from typing import Any

from decide.report.chart_cache import valid_uri
from decide.report.charts import Chart
from decide.report.model import Figure


class NotData(TypeError):
    """A value of a type the pipe does not carry; the parent draws the figures itself."""


def encode(value: Any) -> Any:
    """`value` as JSON-ready data: tuples, Figures and Charts tagged so they come back typed."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Figure):
        return {"$figure": [value.title, value.caption, encode(value.chart), list(value.sources)]}
    if isinstance(value, Chart):
        return {"$chart": [value.uri, value.alt, list(value.overlaps)]}
    if isinstance(value, tuple):
        return {"$tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) and not k.startswith("$") for k in value):
        return {k: encode(v) for k, v in value.items()}
    raise NotData(f"cannot send a {type(value).__name__} from the chart process")


def decode(data: Any) -> Any:
    """The inverse of `encode`; NotData on anything `encode` does not write."""
    if data is None or isinstance(data, str | bool | int | float):
        return data
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        raise NotData(f"unexpected {type(data).__name__}")
    if len(data) == 1 and next(iter(data)).startswith("$"):
        tag, body = next(iter(data.items()))
        if tag == "$tuple" and isinstance(body, list):
            return tuple(decode(v) for v in body)
        if tag == "$chart" and _shape(body, 3) and _texts(body[2]):
            if not valid_uri(body[0]):
                raise NotData("a chart that is not an SVG or PNG image")
            return Chart(body[0], body[1], tuple(body[2]))
        if tag == "$figure" and _shape(body, 4) and _texts(body[3]):
            chart = decode(body[2])
            if isinstance(chart, Chart):
                return Figure(body[0], body[1], chart, tuple(body[3]))
        raise NotData(f"malformed {tag}")
    return {k: decode(v) for k, v in data.items()}


def _shape(body: Any, n: int) -> bool:
    """`body` is a list of `n` items whose first two are text."""
    return isinstance(body, list) and len(body) == n and _texts(body[:2])


def _texts(items: Any) -> bool:
    return isinstance(items, list) and all(isinstance(x, str) for x in items)


class Pending:
    """Work being done in a child process; `result()` waits for it."""

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
            gc.disable()  # a short life that ends in os._exit: collecting cycles is wasted work
            code = 0
            try:
                payload = json.dumps(encode(draw()), separators=(",", ":")).encode("utf-8")
                with os.fdopen(write_fd, "wb") as pipe:
                    pipe.write(payload)
            except BaseException:
                code = 1
            os._exit(code)
        os.close(write_fd)
        self._pid, self._read_fd = pid, read_fd

    def result(self) -> Any:
        """The child's result, or the same work done here if the child could not."""
        if self._pid is None or self._read_fd is None:
            return self._draw()
        with os.fdopen(self._read_fd, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        if status != 0 or not payload:
            return self._draw()
        try:
            return decode(json.loads(payload))
        except (ValueError, NotData, RecursionError):
            return self._draw()
