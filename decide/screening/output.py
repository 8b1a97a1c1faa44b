"""Write screening results: CSV, Parquet or JSON, every candidate in index order, in batches.

Every format is written from the same Arrow record batches (`decide.screening.table`): CSV
through pyarrow's CSV writer (strings quoted, booleans true/false, empty cells for missing
values, numbers at full precision; text cells a spreadsheet would read as a formula are
prefixed with a single quote), Parquet through pyarrow (the header below rides along as schema
metadata under b"decide"), JSON as one object with the header and a "candidates" list.

Rows come in candidate-index order, not best first: that is what lets workers encode their own
index ranges and the output stream through in bounded memory. The `rank` column gives the
order (sort by it); the terminal table and the reports show the best candidates first.

Encoding a batch (`encode`) is a pure function that workers run; the `Sink` in the writing
process only appends the pieces to a temporary file beside the target, renamed into place when
complete, so an output is written whole or not at all.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from decide.atomic import streamed
from decide.errors import OutputError
from decide.screening.rank import SCORE_DOC
from decide.screening.run import ScreenResult, Summary
from decide.screening.space import candidate_id
from decide.screening.table import (
    RankSlice,
    column_names,
    escape_formulas,
    record_batch,
    schema,
)
from decide.screening.uncertainty import columns as uncertainty_columns
from decide.screening.uncertainty import values as uncertainty_values

ROWS_PER_BLOCK = 50_000
FORMATS = {".csv": "csv", ".json": "json", ".parquet": "parquet"}


def format_of(path: Path) -> str:
    """'csv', 'json' or 'parquet' by the suffix of `path` (OutputError for any other)."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise OutputError(
            f"{path}: unknown output format {path.suffix or '(no suffix)'!r}; "
            "use .csv, .parquet, .json, .html or .pdf"
        )
    return fmt


def columns(result: ScreenResult) -> list[str]:
    """CSV header / JSON keys / Parquet columns, in order."""
    return column_names(
        result.space, tuple(result.metrics), uncertainty_columns(result.space, result.uncertainty)
    )


def header(result: Summary) -> dict[str, Any]:
    """What the JSON output (and the Parquet metadata) says besides the candidates."""
    space = result.space
    return {
        "space": space.id,
        "name": space.name,
        "file": space.file,
        "objectives": [{"metric": m, "sense": s} for m, s in space.objectives],
        "ordering": SCORE_DOC,
        "rows": "in candidate-index order; the rank column gives the order best first",
        "summary": {
            "candidates": result.n,
            "combinations": space.n_combinations,
            "invalid": result.n_invalid,
            "screened_out": result.n - result.n_invalid - result.n_passed,
            "ranked": result.n_passed,
            "pareto_front": result.n_front,
        },
        "screened_out": [{"reason": r, "candidates": n} for r, n in result.screened_out()],
    }


def encode(fmt: str, batch: Any) -> Any:
    """A batch as its piece of the output: CSV or JSON bytes, or the batch itself for Parquet
    (whose encoder lives in the writing process)."""
    if fmt == "csv":
        import pyarrow as pa
        import pyarrow.csv as pacsv

        sink = pa.BufferOutputStream()
        pacsv.write_csv(escape_formulas(batch), sink, _csv_options(include_header=False))
        return sink.getvalue().to_pybytes()
    if fmt == "json":
        return _json_rows(batch).encode("utf-8")
    return batch


def _csv_options(include_header: bool) -> Any:
    import pyarrow.csv as pacsv

    return pacsv.WriteOptions(include_header=include_header, quoting_style="needed")


def _json_rows(batch: Any) -> str:
    """The rows of a batch as JSON objects, one a line, comma-separated."""
    cells = [_json_cells(column) for column in batch.columns]
    keys = [json.dumps(name) + ":" for name in batch.schema.names]
    cols = [list(map(k.__add__, col)) for k, col in zip(keys, cells, strict=True)]
    return ",\n".join("{" + ",".join(row) + "}" for row in zip(*cols, strict=True))


def _json_cells(column: Any) -> list[str]:
    """Each value of an Arrow column as a JSON literal (numbers as the CSV writes them)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_dictionary(column.type):
        words = [json.dumps(w, ensure_ascii=False) for w in column.dictionary.to_pylist()]
        return [words[i] if i is not None else "null" for i in column.indices.to_pylist()]
    if pa.types.is_boolean(column.type):
        return ["null" if v is None else ("true" if v else "false") for v in column.to_pylist()]
    if pa.types.is_string(column.type):
        return [json.dumps(v, ensure_ascii=False) for v in column.to_pylist()]
    text = pc.cast(column, pa.string()).to_pylist()
    return ["null" if v is None else v for v in text]


def parquet_options(table_schema: Any) -> dict[str, Any]:
    """How Parquet is written: dictionary pages for the text columns only (numbers rarely
    repeat, and trying costs twice the time), zstd at its fastest level (a third smaller than
    snappy at the same speed; every current Parquet reader has it)."""
    import pyarrow as pa

    text = [f.name for f in table_schema if pa.types.is_dictionary(f.type)]
    return {"use_dictionary": text, "compression": "zstd", "compression_level": 1}


class Sink:
    """The output file being written: the header first, then encoded pieces in order."""

    def __init__(self, path: Path, fmt: str, table_schema: Any, head: dict[str, Any]):
        self.path, self.fmt, self.schema, self.head = path, fmt, table_schema, head
        self._stack = ExitStack()
        self._parquet: Any = None
        self._first = True

    def __enter__(self) -> Sink:
        handle = self._stack.enter_context(streamed(self.path, binary=True))
        self._handle = handle
        if self.fmt == "csv":
            import pyarrow as pa
            import pyarrow.csv as pacsv

            sink = pa.BufferOutputStream()
            pacsv.write_csv(self.schema.empty_table(), sink, _csv_options(include_header=True))
            handle.write(sink.getvalue().to_pybytes())
        elif self.fmt == "json":
            text = json.dumps(self.head, indent=1)
            handle.write((text[:-2] + ',\n "candidates": [\n').encode("utf-8"))
        else:
            import pyarrow.parquet as pq

            meta = {b"decide": json.dumps(self.head).encode("utf-8")}
            self._parquet = pq.ParquetWriter(
                handle, self.schema.with_metadata(meta), **parquet_options(self.schema)
            )
        return self

    def write(self, piece: Any) -> None:
        """Append one encoded batch (see `encode`)."""
        if self.fmt == "parquet":
            if piece.num_rows:
                self._parquet.write_batch(piece)
            return
        if self.fmt == "json" and piece:
            if not self._first:
                self._handle.write(b",\n")
            self._first = False
        self._handle.write(piece)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc is None:
                if self._parquet is not None:
                    self._parquet.close()
                elif self.fmt == "json":
                    self._handle.write(b"\n ]\n}\n")
        finally:
            self._stack.__exit__(kind, exc, tb)


def write_table(result: ScreenResult, path: Path) -> None:
    """Every candidate of an in-memory result to CSV, Parquet or JSON by the suffix of `path`."""
    fmt = format_of(path)
    extra_names = uncertainty_columns(result.space, result.uncertainty)
    keys = tuple(result.metrics)
    with Sink(path, fmt, schema(result.space, keys, extra_names), header(result)) as sink:
        for a in range(0, result.n, ROWS_PER_BLOCK):
            b = min(a + ROWS_PER_BLOCK, result.n)
            s = slice(a, b)
            ranks = RankSlice(
                result.ranking.pareto_rank[s], result.ranking.score[s], result.ranking.rank[s]
            )
            extra = uncertainty_values(result.space, result.uncertainty, np.arange(a, b))
            batch = record_batch(
                result.space, result.part(a, b), result.combination, ranks, extra, keys
            )
            sink.write(encode(fmt, batch))


def top_table(result: ScreenResult, top: int) -> str:
    """The best `top` candidates as a plain-text table (no -o given)."""
    space = result.space
    head = ["rank", "id", "pareto", *(m for m, _ in space.objectives), "err", "warn"]
    if result.uncertainty:
        head += [f"{m} p5-p95" for m, _ in space.objectives] + ["P(phase 1/2/3)"]
    rows = [head]
    for i in result.ranking.order[:top].tolist():
        row = [
            str(result.ranking.rank[i]),
            candidate_id(space.id, i),
            str(result.ranking.pareto_rank[i]),
            *(f"{v:.4g}" for v in result.objectives[i]),
            str(result.counts[i, 0]),
            str(result.counts[i, 1]),
        ]
        if result.uncertainty:
            row += _spread_cells(result, i)
        rows.append(row)
    widths = [max(len(r[k]) for r in rows) for k in range(len(head))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    if len(rows) == 1:
        lines.append("no candidate passed the filters")
    return "\n".join(lines)


def _spread_cells(result: ScreenResult, i: int) -> list[str]:
    """'p5-p95' of each objective and the phase probabilities of candidate `i`."""
    u = result.uncertainty.get(i)
    cells = []
    for metric, _ in result.space.objectives:
        s = u.spread.get(metric) if u is not None else None
        cells.append("" if s is None else f"{s.p5:.4g}-{s.p95:.4g}")
    probs = u.phase_probability if u is not None else {}
    cells.append("/".join(f"{100 * p:.0f}%" for _, p in sorted(probs.items())))
    return cells
