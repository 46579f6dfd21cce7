"""Cumulative opportunities: how many opportunities are reached in strictly less than a
cutoff (R5's step access, ``travel_time < cutoff``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from artois_access.errors import InputError
from artois_access.indicators.opportunity_histogram import HistogramView


def cumulative_columns(
    histogram: HistogramView, cutoffs_min: Sequence[int]
) -> dict[str, np.ndarray]:
    """Columns ``cum_{opportunity}_{cutoff}min_p{NN}`` (float64, one value per origin)."""
    check_cutoffs(cutoffs_min, histogram.max_time_min)
    columns: dict[str, np.ndarray] = {}
    for k, p in enumerate(histogram.percentiles):
        # running[o, m, j] = opportunities reached in at most m minutes, i.e. < m + 1.
        running = np.cumsum(histogram.hist[k], axis=1)
        for j, name in enumerate(histogram.opportunity_names):
            for cutoff in cutoffs_min:
                columns[f"cum_{name}_{cutoff}min_p{p}"] = running[:, cutoff - 1, j].copy()
    return columns


def check_cutoffs(cutoffs_min: Sequence[int], max_time_min: int) -> None:
    for cutoff in cutoffs_min:
        if int(cutoff) != cutoff or cutoff < 1:
            raise InputError(f"cutoff {cutoff!r}: must be a whole number of minutes >= 1")
        if cutoff > max_time_min:
            raise InputError(
                f"cutoff {cutoff} min is above max_time {max_time_min} min: pairs beyond "
                "max_time are not routed; raise --max-time or lower the cutoff"
            )
