"""Travel time to the n-th nearest opportunity (minutes to the closest lycée, to the third
closest…).

Opportunities are counted as **units, not places**: a destination holding ``c``
opportunities counts as ``c`` of them, so a cell with two lycées at 10 minutes gives
``nearest1 = nearest2 = 10``. This is what a planner means by "the third-closest lycée"
(two lycées in one 200 m cell are still two lycées, a choice between two schools); to count
places instead, give the destinations a 0/1 column. The n-th nearest is reached at the
smallest minute ``m`` where the opportunities reached within ``m`` minutes (``t <= m``)
add up to at least ``n``; the origin's own cell counts at 0 minutes. Null when fewer than
``n`` are reached below ``max_time`` (aggregations then report the share of population
that reaches it, see ``aggregation``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from artois_access.errors import InputError
from artois_access.indicators.opportunity_histogram import HistogramView

# Counts are sums of floats: a tolerance keeps "2 lycées of weight 1.0" from missing n=2.
_TOLERANCE = 1e-9


def nearest_columns(histogram: HistogramView, ranks: Sequence[int]) -> dict[str, pl.Series]:
    """Columns ``nearest{n}_{opportunity}_p{NN}`` (UInt16 minutes, null = fewer reached)."""
    for n in ranks:
        if int(n) != n or n < 1:
            raise InputError(f"nearest rank {n!r}: must be a whole number >= 1")
    columns: dict[str, pl.Series] = {}
    for k, p in enumerate(histogram.percentiles):
        running = np.cumsum(histogram.hist[k], axis=1)
        for j, name in enumerate(histogram.opportunity_names):
            for n in ranks:
                enough = running[:, :, j] >= n - _TOLERANCE
                first = np.argmax(enough, axis=1)
                found = enough.any(axis=1)
                column = f"nearest{n}_{name}_p{p}"
                minutes = np.where(found, first, np.nan)
                columns[column] = pl.Series(column, minutes, nan_to_null=True).cast(pl.UInt16)
    return columns
