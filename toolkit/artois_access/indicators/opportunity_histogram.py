"""Per-origin histogram of opportunities by travel minute: the streaming core of the
place-based measures.

Percentile travel times are whole minutes below ``max_time_min`` (ROUTING_SEMANTICS.md), so
``H[o, m, j]`` = opportunities of column ``j`` reached from origin ``o`` in exactly ``m``
minutes is a sufficient statistic for every measure that depends on each destination's
travel time alone: cumulative counts for any cutoff, gravity for any decay, time to the
n-th nearest opportunity. It is fed batch by batch, its size does not depend on the number of
destinations, and its sums do not depend on the order of batches or of origins.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numba
import numpy as np

from artois_access.errors import DataError, InputError
from artois_access.indicators.batches import TimesBatch


@numba.njit(cache=True, nogil=True)
def _add_batch(hist, origin_idx, dest_idx, times, opportunities):  # pragma: no cover - jit
    n_minutes = hist.shape[1]
    n_opp = opportunities.shape[1]
    for i in range(times.shape[0]):
        o = origin_idx[i]
        for k in range(times.shape[1]):
            t = times[i, k]
            if t < n_minutes:
                d = dest_idx[k]
                for j in range(n_opp):
                    hist[o, t, j] += opportunities[d, j]


@dataclass(frozen=True, slots=True, kw_only=True)
class HistogramView:
    """The accumulated ``hist[percentile, origin, minute, opportunity]`` with its labels."""

    hist: np.ndarray
    opportunity_names: tuple[str, ...]
    percentiles: tuple[int, ...]
    max_time_min: int


class OpportunityHistogram:
    """Accumulates ``H[percentile][origin, minute, opportunity]`` from travel-time batches.

    ``opportunities`` is ``float64[n_destinations, n_columns]`` (non-negative, checked);
    travel times at or above ``max_time_min`` count as unreached.
    """

    def __init__(
        self,
        *,
        n_origins: int,
        opportunities: np.ndarray,
        opportunity_names: Sequence[str],
        percentiles: Sequence[int],
        max_time_min: int,
    ) -> None:
        opp = np.ascontiguousarray(opportunities, dtype=np.float64)
        if opp.ndim != 2 or opp.shape[1] != len(opportunity_names):
            raise InputError("opportunities: one column per opportunity name is expected")
        check_opportunities(opp, opportunity_names)
        if not 1 <= max_time_min < 65535:
            raise InputError(f"max_time_min must be within 1..65534, got {max_time_min}")
        # Destinations that hold no opportunity cannot change any sum: skip them.
        self._useful = np.flatnonzero(opp.any(axis=1))
        self._opp = opp
        self.opportunity_names = tuple(opportunity_names)
        self.percentiles = tuple(percentiles)
        self.max_time_min = int(max_time_min)
        self.hist = np.zeros(
            (len(self.percentiles), n_origins, self.max_time_min, opp.shape[1]), dtype=np.float64
        )

    def add(self, batch: TimesBatch) -> None:
        if batch.times.shape[2] != len(self.percentiles):
            raise DataError(
                f"travel-time batch has {batch.times.shape[2]} percentiles, "
                f"expected {len(self.percentiles)}"
            )
        keep = np.isin(batch.dest_idx, self._useful)
        dest_idx = np.ascontiguousarray(batch.dest_idx[keep], dtype=np.int64)
        origin_idx = np.ascontiguousarray(batch.origin_idx, dtype=np.int64)
        for k in range(len(self.percentiles)):
            times = np.ascontiguousarray(batch.times[:, keep, k], dtype=np.uint16)
            _add_batch(self.hist[k], origin_idx, dest_idx, times, self._opp)

    def view(self, names: Sequence[str] | None = None) -> HistogramView:
        """The histogram restricted to the opportunity columns ``names`` (all by default)."""
        names = tuple(names) if names is not None else self.opportunity_names
        keep = [self.opportunity_names.index(n) for n in names]
        return HistogramView(
            hist=self.hist[..., keep],
            opportunity_names=names,
            percentiles=self.percentiles,
            max_time_min=self.max_time_min,
        )

    def add_all(self, batches: Iterable[TimesBatch]) -> OpportunityHistogram:
        for batch in batches:
            self.add(batch)
        return self


def check_opportunities(opp: np.ndarray, names: Sequence[str]) -> None:
    """Raise DataError on a negative or non-finite opportunity count, naming the column."""
    for j, name in enumerate(names):
        column = opp[:, j]
        if not np.isfinite(column).all():
            raise DataError(f"opportunity column {name!r} holds missing or infinite values")
        if (column < 0).any():
            raise DataError(
                f"opportunity column {name!r} holds a negative count ({column.min():g}); "
                "counts must be >= 0"
            )
