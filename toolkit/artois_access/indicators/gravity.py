"""Gravity accessibility: opportunities weighted by a decay of travel time
(``Σ_d f(t_od) · O_d``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from artois_access.indicators.decay import DecayFunction
from artois_access.indicators.opportunity_histogram import HistogramView


def gravity_columns(
    histogram: HistogramView, decays: Sequence[DecayFunction]
) -> dict[str, np.ndarray]:
    """Columns ``grav_{opportunity}_{decay label}_p{NN}`` (float64, one value per origin)."""
    minutes = np.arange(histogram.max_time_min, dtype=np.float64)
    columns: dict[str, np.ndarray] = {}
    for k, p in enumerate(histogram.percentiles):
        for decay in decays:
            weighted = np.einsum("omj,m->oj", histogram.hist[k], decay.weight(minutes))
            for j, name in enumerate(histogram.opportunity_names):
                columns[f"grav_{name}_{decay.label}_p{p}"] = weighted[:, j].copy()
    return columns
