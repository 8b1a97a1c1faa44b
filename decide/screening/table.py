"""Screening results as Arrow record batches: one typed column per output column.

Every output format is written from these batches (CSV through pyarrow's CSV writer, Parquet,
JSON), so the formats hold the same rows and values by construction. A batch covers one
candidate index range and is built from that range's evaluated arrays plus the ranking of
those candidates; nothing in it depends on how the ranges were split among workers.

Numbers keep their full precision (float64 objectives and varied values, float32 metrics), so a
CSV reader gets back exactly what the Parquet file holds. Text columns are dictionary-encoded
(few distinct values: materials, statuses, reasons), which is what makes them cheap in Parquet
and lets pandas read them as categories.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from decide.screening.evaluate import ChunkResult, Combination
from decide.screening.space import Space

STATUS = ("ranked", "screened-out", "invalid")
# OWASP CSV injection: a cell starting with one of these is a formula to a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TEXT = pa.dictionary(pa.int32(), pa.string())


@dataclass(frozen=True)
class RankSlice:
    """The ranking of one candidate index range (0 / NaN: not ranked)."""

    pareto_rank: np.ndarray  # int32
    score: np.ndarray  # float32
    rank: np.ndarray  # int32


def plain(value: Any) -> str:
    """A categorical value as text (a mapping value, e.g. a whole section, as compact JSON)."""
    if value is None:
        return "none"
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    return str(value)


def _numeric(values: list[Any]) -> pa.DataType | None:
    """The Arrow type of a categorical field whose values are all numbers, else None."""
    if not values or any(isinstance(v, bool) or not isinstance(v, int | float) for v in values):
        return None
    return pa.int64() if all(isinstance(v, int) for v in values) else pa.float64()


def column_names(
    space: Space, metric_keys: tuple[str, ...], extra: list[str] | None = None
) -> list[str]:
    """Every output column, in order."""
    objective_keys = [m for m, _ in space.objectives]
    return [
        "id",
        "index",
        *space.varied,
        *objective_keys,
        *(m for m in metric_keys if m not in objective_keys),
        "electrolyte_class",
        "phase_architecture",
        "phase_targets_met",
        "errors",
        "warnings",
        "infos",
        "status",
        "invalid_reason",
        "pareto_front",
        "pareto_rank",
        "score",
        "rank",
        *(extra or []),
    ]


def schema(space: Space, metric_keys: tuple[str, ...], extra: list[str] | None = None) -> pa.Schema:
    """The Arrow schema of every batch of a screen of `space`."""
    objective_keys = [m for m, _ in space.objectives]
    types: list[pa.DataType] = [pa.string(), pa.int64()]
    types += [_numeric(values) or TEXT for _, values in space.categorical]
    types += [pa.float64()] * len(space.numeric)
    types += [pa.float64()] * len(objective_keys)
    types += [pa.float32()] * len([m for m in metric_keys if m not in objective_keys])
    types += [TEXT, pa.int8(), pa.int8(), pa.int16(), pa.int16(), pa.int16()]
    types += [TEXT, TEXT, pa.bool_(), pa.int32(), pa.float32(), pa.int32()]
    types += [pa.float64()] * len(extra or [])
    names = column_names(space, metric_keys, extra)
    return pa.schema([pa.field(n, t) for n, t in zip(names, types, strict=True)])


def record_batch(
    space: Space,
    part: ChunkResult,
    combo: Callable[[int], Combination],
    ranks: RankSlice,
    extra: dict[str, np.ndarray] | None = None,
    metric_keys: tuple[str, ...] | None = None,
) -> pa.RecordBatch:
    """The output rows of candidates [part.start, part.stop), in index order."""
    keys = metric_keys or tuple(part.metrics)
    return with_ranks(space, unranked_batch(space, part, combo, keys), ranks, extra)


def unranked_batch(
    space: Space,
    part: ChunkResult,
    combo: Callable[[int], Combination],
    metric_keys: tuple[str, ...],
) -> pa.RecordBatch:
    """The output rows of candidates [part.start, part.stop) up to `invalid_reason`: what the
    evaluation alone decides, before the ranking is known."""
    keys = metric_keys
    index = np.arange(part.start, part.stop, dtype=np.int64)
    combos, points = np.divmod(index, space.n_points)
    valid = part.reason < 0
    invalid = ~valid
    arrays: list[pa.Array] = []
    arrays.append(_ids(space.id, index))
    arrays.append(pa.array(index))
    shape = [len(v) for _, v in space.categorical]
    cat_idx: tuple[Any, ...] = np.unravel_index(combos, shape) if shape else ()
    for (_, values), idx in zip(space.categorical, cat_idx, strict=True):
        kind = _numeric(values)
        if kind is None:
            arrays.append(_text(idx, [plain(v) for v in values]))
        else:
            arrays.append(pa.array(np.asarray(values)[idx], type=kind))
    grid_idx: tuple[Any, ...] = np.unravel_index(points, space.grid_shape) if space.numeric else ()
    for (_, grid), idx in zip(space.numeric, grid_idx, strict=True):
        arrays.append(pa.array(grid[idx], type=pa.float64()))
    objective_keys = [m for m, _ in space.objectives]
    for j in range(len(objective_keys)):
        arrays.append(_floats(part.objectives[:, j], pa.float64()))
    for key in keys:
        if key not in objective_keys:
            arrays.append(_floats(part.metrics[key], pa.float32()))
    first = int(combos[0]) if len(combos) else 0
    local = combos - first
    infos = [combo(c) for c in range(first, first + (int(local.max()) + 1 if len(local) else 0))]
    impossible = np.array([c.error is not None for c in infos], dtype=bool)[local]
    arch = np.array([c.architecture or 0 for c in infos], dtype=np.int8)[local]
    arch[invalid] = 0
    arrays.append(_text(local, [c.electrolyte_class for c in infos], mask=impossible))
    arrays.append(pa.array(arch, type=pa.int8(), mask=arch == 0))
    arrays.append(pa.array(part.targets_met, type=pa.int8(), mask=part.targets_met < 0))
    for j in range(3):
        arrays.append(pa.array(part.counts[:, j], type=pa.int16(), mask=invalid))
    status = np.where(part.passed, 0, np.where(valid, 1, 2))
    arrays.append(_text(status, list(STATUS)))
    reasons = [r.split(": ", 1)[1] if ": " in r else r for r in part.reasons]
    arrays.append(_text(np.where(valid, 0, part.reason), reasons or [""], mask=valid))
    fields = list(schema(space, keys))[: len(arrays)]
    return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))


def with_ranks(
    space: Space,
    batch: pa.RecordBatch,
    ranks: RankSlice,
    extra: dict[str, np.ndarray] | None = None,
) -> pa.RecordBatch:
    """An unranked batch completed with its ranking columns and any extra (uncertainty) ones."""
    arrays = list(batch.columns)
    arrays.append(pa.array(ranks.pareto_rank == 1))
    arrays.append(pa.array(ranks.pareto_rank, type=pa.int32(), mask=ranks.pareto_rank <= 0))
    arrays.append(_floats(ranks.score, pa.float32()))
    arrays.append(pa.array(ranks.rank, type=pa.int32(), mask=ranks.rank <= 0))
    for column in (extra or {}).values():
        arrays.append(_floats(column, pa.float64()))
    fields = [
        *batch.schema,
        pa.field("pareto_front", pa.bool_()),
        pa.field("pareto_rank", pa.int32()),
        pa.field("score", pa.float32()),
        pa.field("rank", pa.int32()),
    ]
    fields += [pa.field(name, pa.float64()) for name in extra or {}]
    return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))


def _ids(space_id: str, index: np.ndarray) -> pa.Array:
    """'<space id>-<index>' for each index, without a Python loop."""
    return pc.binary_join_element_wise(f"{space_id}-", pc.cast(pa.array(index), pa.string()), "")


def _text(codes: np.ndarray, values: list[str], mask: np.ndarray | None = None) -> pa.Array:
    """A dictionary-encoded text column: `values[codes]`, null where `mask`.

    The dictionary holds each text once: with a repeated entry (two combinations of the same
    electrolyte class) pyarrow's Parquet writer encodes the same rows differently from run to
    run, and the file would depend on how memory was laid out."""
    unique = list(dict.fromkeys(values))
    if len(unique) < len(values):
        remap = np.array([unique.index(v) for v in values], dtype=np.int32)
        codes, values = remap[np.asarray(codes)], unique
    indices = pa.array(np.asarray(codes, dtype=np.int32), mask=mask)
    return pa.DictionaryArray.from_arrays(indices, pa.array(values, type=pa.string()))


def _floats(values: np.ndarray, kind: pa.DataType) -> pa.Array:
    """A float column, null where the value is not finite."""
    values = np.asarray(values)
    return pa.array(values, type=kind, mask=~np.isfinite(values))


def escape_formulas(batch: pa.RecordBatch) -> pa.RecordBatch:
    """The batch with every text cell that a spreadsheet would read as a formula prefixed with a
    single quote (OWASP CSV injection); numbers are never touched. For CSV only."""
    columns = []
    for column in batch.columns:
        if pa.types.is_dictionary(column.type):
            words = column.dictionary.to_pylist()
            if any(_formula(w) for w in words):
                safe = pa.array([_quoted(w) for w in words], type=pa.string())
                column = pa.DictionaryArray.from_arrays(column.indices, safe)
        elif pa.types.is_string(column.type):
            starts = pc.match_substring_regex(column, "^[=+\\-@\t\r]")
            if pc.any(starts).as_py():
                column = pc.if_else(starts, pc.binary_join_element_wise("'", column, ""), column)
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema)


def _formula(word: str | None) -> bool:
    return word is not None and word.startswith(FORMULA_START)


def _quoted(word: str | None) -> str | None:
    return "'" + word if word is not None and _formula(word) else word
