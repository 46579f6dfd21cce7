"""Travel-time batches: the unit of work fed to the indicator accumulators.

A batch is what the router yields for a block of origins: the origins' row indices in the
origin table, the destinations' row indices in the destination table, and a ``uint16`` array
``times[n_origins, n_destinations, n_percentiles]`` of whole minutes, ``UNREACHED`` (65535)
where a pair is not reached. Accumulators never need more than one batch at a time, so the
full matrix is never held.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from artois_access.errors import DataError

UNREACHED = np.uint16(65535)


@dataclass(frozen=True, slots=True, kw_only=True)
class TimesBatch:
    """Travel times from a block of origins to a block of destinations.

    ``origin_idx``/``dest_idx`` are row indices (int64) into the origin and destination tables
    of the run; ``times`` is uint16 minutes ``[len(origin_idx), len(dest_idx), n_percentiles]``.
    """

    origin_idx: np.ndarray
    dest_idx: np.ndarray
    times: np.ndarray

    def __post_init__(self) -> None:
        if self.times.ndim != 3:
            raise DataError(f"travel-time batch: times must be 3-D, got shape {self.times.shape}")
        n_o, n_d, _ = self.times.shape
        if n_o != len(self.origin_idx) or n_d != len(self.dest_idx):
            raise DataError(
                f"travel-time batch: times shape {self.times.shape} does not match "
                f"{len(self.origin_idx)} origins × {len(self.dest_idx)} destinations"
            )


def index_of(ids: Sequence[str] | np.ndarray, lookup: dict[str, int], what: str) -> np.ndarray:
    """Row indices of ``ids`` in a table whose id → row map is ``lookup``."""
    try:
        return np.fromiter((lookup[i] for i in ids), dtype=np.int64, count=len(ids))
    except KeyError as exc:
        raise DataError(f"travel-time batch: unknown {what} id {exc.args[0]!r}") from None


def batches_from_matrix(
    matrix: pl.DataFrame,
    *,
    origin_ids: Sequence[str],
    dest_ids: Sequence[str],
    percentiles: Sequence[int],
    origins_per_batch: int = 512,
) -> Iterator[TimesBatch]:
    """Cut a long travel-time matrix (``from_id, to_id, travel_time_pNN``, null = unreached)
    into dense batches of ``origins_per_batch`` origins × all destinations."""
    columns = [f"travel_time_p{p}" for p in percentiles]
    missing = [c for c in ("from_id", "to_id", *columns) if c not in matrix.columns]
    if missing:
        raise DataError(f"travel-time matrix: missing column(s) {', '.join(missing)}")
    origin_lookup = {str(i): k for k, i in enumerate(origin_ids)}
    dest_lookup = {str(i): k for k, i in enumerate(dest_ids)}
    o_idx = index_of(matrix["from_id"].cast(pl.Utf8).to_list(), origin_lookup, "origin")
    d_idx = index_of(matrix["to_id"].cast(pl.Utf8).to_list(), dest_lookup, "destination")
    values = np.stack(
        [matrix[c].fill_null(int(UNREACHED)).to_numpy().astype(np.uint16) for c in columns],
        axis=-1,
    )
    n_dest = len(dest_ids)
    all_dest = np.arange(n_dest, dtype=np.int64)
    order = np.argsort(o_idx, kind="stable")
    o_sorted = o_idx[order]
    for start in range(0, len(origin_ids), origins_per_batch):
        stop = min(start + origins_per_batch, len(origin_ids))
        times = np.full((stop - start, n_dest, len(columns)), UNREACHED, dtype=np.uint16)
        lo, hi = np.searchsorted(o_sorted, [start, stop])
        rows = order[lo:hi]
        times[o_idx[rows] - start, d_idx[rows], :] = values[rows]
        yield TimesBatch(
            origin_idx=np.arange(start, stop, dtype=np.int64), dest_idx=all_dest, times=times
        )
