"""Which vehicles run on a service date: trip "runs" (a template trip and a time shift).

A run is one vehicle journey on the day routed: a trip of ``stop_times.txt`` shifted by the
service day it belongs to (ROUTING_SEMANTICS, "Service days": ``D-1`` trips at -24 h, ``D+1``
trips at +24 h), or one departure of a ``frequencies.txt`` entry ("Frequencies"). Runs that
cannot matter to a departure window (they end before it or start after the last useful
moment) are dropped here, which keeps the compiled timetable small.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import numpy as np
import polars as pl

DAY_S = 86_400


class FrequencyMode(StrEnum):
    """How ``frequencies.txt`` entries with ``exact_times=0`` become departures."""

    MONTE_CARLO = "monte-carlo"
    SCHEDULED = "scheduled"
    HALF_HEADWAY = "half-headway"


def active_service_ids(feed, date: dt.date) -> set[str]:
    """Service ids running on ``date`` (the feeds stage's rule)."""
    from artois_access.feeds.service import active_service_ids as feeds_active

    return set(feeds_active(feed, date).to_list())


def service_range(feed) -> str:
    """'from YYYY-MM-DD to YYYY-MM-DD' over calendar and calendar_dates, for error messages."""
    dates = [
        *feed.calendar["start_date"].to_list(),
        *feed.calendar["end_date"].to_list(),
        *feed.calendar_dates.filter(pl.col("exception_type") == 1)["date"].to_list(),
    ]
    dates = [d for d in dates if d is not None]
    if not dates:
        return "no date at all"
    return f"from {min(dates)} to {max(dates)}"


def scheduled_runs(
    trips: pl.DataFrame, date: dt.date, active_by_day: dict[int, set[str]]
) -> pl.DataFrame:
    """Runs of trips not in frequencies.txt: columns ``trip_id``, ``shift_s`` (Int32), one row
    per service day (offset -1, 0, +1) on which the trip's service is active."""
    frames = []
    for offset, services in active_by_day.items():
        frames.append(
            trips.filter(pl.col("service_id").is_in(list(services))).select(
                "trip_id", pl.lit(offset * DAY_S, dtype=pl.Int32).alias("shift_s")
            )
        )
    return (
        pl.concat(frames)
        if frames
        else pl.DataFrame(schema={"trip_id": pl.Utf8, "shift_s": pl.Int32})
    )


def frequency_runs(
    frequencies: pl.DataFrame,
    trips: pl.DataFrame,
    first_departure: pl.DataFrame,
    active_by_day: dict[int, set[str]],
    phases_s: np.ndarray,
) -> pl.DataFrame:
    """Runs of frequency entries: columns ``trip_id``, ``shift_s``.

    ``frequencies`` rows are the entries in a fixed order, ``phases_s`` one phase per entry
    (0: exact times, scheduled mode). A run departs at ``start + phase + k*headway`` while
    before ``end_time``; its shift is that departure minus the template's first departure.
    """
    if frequencies.height == 0:
        return pl.DataFrame(schema={"trip_id": pl.Utf8, "shift_s": pl.Int32})
    entries = (
        frequencies.with_columns(pl.Series("phase_s", phases_s, dtype=pl.Int32))
        .join(trips.select("trip_id", "service_id"), on="trip_id", how="inner")
        .join(first_departure, on="trip_id", how="inner")
        .with_columns((pl.col("start_time") + pl.col("phase_s")).alias("first_run_s"))
        .filter(pl.col("first_run_s") < pl.col("end_time"))
        .with_columns(
            pl.int_ranges(pl.col("first_run_s"), pl.col("end_time"), pl.col("headway_secs")).alias(
                "run_s"
            )
        )
        .explode("run_s")
    )
    frames = []
    for offset, services in active_by_day.items():
        frames.append(
            entries.filter(pl.col("service_id").is_in(list(services))).select(
                "trip_id",
                (pl.col("run_s") - pl.col("template_first_s") + offset * DAY_S)
                .cast(pl.Int32)
                .alias("shift_s"),
            )
        )
    return pl.concat(frames)


def monte_carlo_phases(
    headways_s: np.ndarray, n_minutes: int, n_draws: int, seed: int
) -> np.ndarray:
    """Random phases of the Monte Carlo frequency entries, as R5 draws them: a new phase for
    every entry at every departure minute and every draw of that minute.

    Returns int32 ``[n_minutes, n_draws, n_entries]``: entry ``e`` gets, at minute ``m`` (0 =
    the window's first minute) and draw ``r``, a phase drawn uniformly in
    ``[0, headways_s[e])``. The whole table is one call
    ``numpy.random.default_rng(seed).integers(0, headways_s, size=(n_minutes, n_draws,
    n_entries))`` (C order: minute, then draw, then entry), so the same seed gives the same
    phases whatever the origins, their order, batches or threads.
    """
    headways = np.maximum(np.asarray(headways_s, dtype=np.int64), 1)
    rng = np.random.default_rng(seed)
    return rng.integers(0, headways, size=(n_minutes, n_draws, len(headways))).astype(np.int32)


def frequency_entries(
    frequencies: pl.DataFrame, trips: pl.DataFrame, active_by_day: dict[int, set[str]]
) -> pl.DataFrame:
    """Inexact frequency entries routed without expanding them into trips (half-headway and
    Monte Carlo modes), one row per service day on which they run: columns ``trip_id``,
    ``start_s``, ``end_s`` (shifted by the service day), ``headway_s``."""
    entries = frequencies.join(trips.select("trip_id", "service_id"), on="trip_id", how="inner")
    frames = [
        entries.filter(pl.col("service_id").is_in(list(services))).select(
            "trip_id",
            (pl.col("start_time") + offset * DAY_S).cast(pl.Int32).alias("start_s"),
            (pl.col("end_time") + offset * DAY_S).cast(pl.Int32).alias("end_s"),
            pl.col("headway_secs").cast(pl.Int32).alias("headway_s"),
        )
        for offset, services in active_by_day.items()
    ]
    return pl.concat(frames)
