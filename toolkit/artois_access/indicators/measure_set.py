"""One pass over travel-time batches computing a whole set of measures.

``compute_indicators`` feeds each batch to the opportunity histogram (cumulative, gravity,
nearest) and to the floating-catchment accumulator, then turns both into one table with a
row per origin.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from artois_access.errors import DataError, InputError
from artois_access.indicators.batches import TimesBatch
from artois_access.indicators.cumulative import check_cutoffs, cumulative_columns
from artois_access.indicators.decay import DecayFunction
from artois_access.indicators.floating_catchment import CatchmentSpec, FloatingCatchmentAccumulator
from artois_access.indicators.gravity import gravity_columns
from artois_access.indicators.nearest import nearest_columns
from artois_access.indicators.opportunity_histogram import OpportunityHistogram


@dataclass(frozen=True, slots=True, kw_only=True)
class MeasureSet:
    """What to compute. ``opportunities`` are destination columns counted by the
    cumulative and gravity measures; ``nearest`` lists ``(opportunity, rank)`` pairs;
    ``catchments`` the 2SFCA/E2SFCA measures, whose demand is the origin column ``demand``."""

    opportunities: tuple[str, ...] = ("jobs",)
    cutoffs_min: tuple[int, ...] = (30, 45, 60)
    decays: tuple[DecayFunction, ...] = ()
    nearest: tuple[tuple[str, int], ...] = ()
    catchments: tuple[CatchmentSpec, ...] = ()
    demand: str = "population"
    percentiles: tuple[int, ...] = (50,)
    max_time_min: int = 120

    def __post_init__(self) -> None:
        for p in self.percentiles:
            if int(p) != p or not 1 <= p <= 99:
                raise InputError(f"percentile {p!r}: whole number within 1..99 expected")
        check_cutoffs(self.cutoffs_min, self.max_time_min)
        # Checked here, before any routing, not when the columns are made at the end.
        for opportunity, rank in self.nearest:
            if isinstance(rank, bool) or int(rank) != rank or rank < 1:
                raise InputError(
                    f"nearest {opportunity}:{rank!r}: the rank must be a whole number >= 1"
                )
        for spec in self.catchments:
            check_cutoffs([spec.catchment_min], self.max_time_min)

    @property
    def histogram_columns(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*self.opportunities, *(o for o, _ in self.nearest)]))

    def check_tables(self, origins: pl.DataFrame, destinations: pl.DataFrame) -> None:
        """Cheap checks before any routing: columns exist, counts are >= 0."""
        needed = [*self.histogram_columns, *(s.supply for s in self.catchments)]
        for name in dict.fromkeys(needed):
            if name not in destinations.columns:
                raise InputError(
                    f"opportunity column {name!r} not found in the destinations "
                    f"(columns: {', '.join(destinations.columns)})"
                )
            column = destinations[name]
            if not column.dtype.is_numeric():
                raise DataError(f"opportunity column {name!r} is not numeric ({column.dtype})")
            if column.null_count() or (column.min() or 0) < 0:
                raise DataError(
                    f"opportunity column {name!r} holds a missing or negative count; "
                    "counts must be >= 0"
                )
        if self.catchments and self.demand not in origins.columns:
            raise InputError(
                f"demand column {self.demand!r} (for 2SFCA/E2SFCA) not found in the origins"
            )


def compute_indicators(
    batches: Iterable[TimesBatch],
    *,
    origins: pl.DataFrame,
    destinations: pl.DataFrame,
    measures: MeasureSet,
) -> pl.DataFrame:
    """Indicators per origin, in the order of ``origins``.

    Columns: ``id`` then ``cum_{opp}_{c}min_pNN`` (Float64), ``grav_{opp}_{decay}_pNN``
    (Float64), ``nearest{n}_{opp}_pNN`` (UInt16 minutes, null = not reached),
    ``2sfca_{supply}_{c}min_pNN`` / ``e2sfca_…`` (Float64).
    """
    measures.check_tables(origins, destinations)
    if "id" not in origins.columns:
        raise DataError("origins: no 'id' column")
    names = measures.histogram_columns
    opp = destinations.select(pl.col(n).cast(pl.Float64) for n in names).to_numpy()
    histogram = OpportunityHistogram(
        n_origins=origins.height,
        opportunities=opp.reshape(destinations.height, len(names)),
        opportunity_names=names,
        percentiles=measures.percentiles,
        max_time_min=measures.max_time_min,
    )
    catchment = None
    if measures.catchments:
        catchment = FloatingCatchmentAccumulator(
            n_origins=origins.height,
            demand=origins[measures.demand].cast(pl.Float64).fill_null(0).to_numpy(),
            supply={
                s.supply: destinations[s.supply].cast(pl.Float64).to_numpy()
                for s in measures.catchments
            },
            specs=measures.catchments,
            percentiles=measures.percentiles,
            max_time_min=measures.max_time_min,
        )
    for batch in batches:
        histogram.add(batch)
        if catchment is not None:
            catchment.add(batch)

    table: dict[str, object] = {"id": origins["id"]}
    if measures.opportunities:
        measured = histogram.view(measures.opportunities)
        table |= cumulative_columns(measured, measures.cutoffs_min)
        table |= gravity_columns(measured, measures.decays)
    for opportunity, rank in measures.nearest:
        table |= nearest_columns(histogram.view([opportunity]), [rank])
    if catchment is not None:
        table |= catchment.columns()
    return pl.DataFrame(table)
