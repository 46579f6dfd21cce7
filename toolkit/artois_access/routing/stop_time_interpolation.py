"""Stop times ready for routing: every stop timed, trips with unusable times left out.

The rule (ROUTING_SEMANTICS, "Missing stop times") is the feeds stage's
:func:`artois_access.feeds.interpolation.interpolate_stop_times`; this adapter gives the
router the filled table and the number of trips left out.
"""

from __future__ import annotations

import polars as pl

from artois_access.feeds.interpolation import interpolate_stop_times


def interpolated_stop_times(feed) -> tuple[pl.DataFrame, int]:
    """``(stop_times, number of trips dropped)``, sorted by trip and stop_sequence."""
    stop_times, dropped = interpolate_stop_times(feed)
    return stop_times.sort("trip_id", "stop_sequence"), dropped["trip_id"].n_unique()
