"""Accessibility indicators from travel times, opportunities and population.

Streaming measures (fed origin batch by origin batch, the full matrix never held):
cumulative opportunities, gravity with decay functions, time to the n-th nearest
opportunity (all from :class:`OpportunityHistogram`), 2SFCA/E2SFCA
(:class:`FloatingCatchmentAccumulator`); equity indices; aggregation of cells to cités,
communes and EPCIs; the ``access`` run and the demo's accessibility part.
"""

from artois_access.indicators.access_config import AccessConfig, build_config
from artois_access.indicators.access_run import AccessPlaces, AccessResult, run_access
from artois_access.indicators.aggregation import (
    aggregate_cells,
    cells_in_polygons,
    commune_of_cells,
    complete_with_centroids,
)
from artois_access.indicators.batches import UNREACHED, TimesBatch, batches_from_matrix
from artois_access.indicators.decay import DecayFunction, DecayKind, parse_decay
from artois_access.indicators.equity import (
    equity_table,
    gini,
    palma_ratio,
    share_below,
    theil_index,
)
from artois_access.indicators.floating_catchment import (
    CatchmentSpec,
    FloatingCatchmentAccumulator,
)
from artois_access.indicators.measure_set import MeasureSet, compute_indicators
from artois_access.indicators.opportunity_histogram import OpportunityHistogram

__all__ = [
    "UNREACHED",
    "AccessConfig",
    "AccessPlaces",
    "AccessResult",
    "CatchmentSpec",
    "DecayFunction",
    "DecayKind",
    "FloatingCatchmentAccumulator",
    "MeasureSet",
    "OpportunityHistogram",
    "TimesBatch",
    "aggregate_cells",
    "batches_from_matrix",
    "build_config",
    "cells_in_polygons",
    "commune_of_cells",
    "complete_with_centroids",
    "compute_indicators",
    "equity_table",
    "gini",
    "palma_ratio",
    "parse_decay",
    "run_access",
    "share_below",
    "theil_index",
]
