"""Missing stop times, filled as ROUTING_SEMANTICS.md ("Missing stop times") says, after R5/gtfs-lib.

An intermediate stop without arrival and departure gets a time interpolated linearly between
the surrounding timed stops, in proportion to the cumulative geodesic distance (WGS84
ellipsoid) between consecutive stops, truncated to whole seconds, with arrival = departure.
A trip whose first or last stop has no time, or whose times go backwards, cannot be routed:
it is left out and reported.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
import polars as pl

from artois_access.feeds.feed import Feed


class DropReason(StrEnum):
    UNTIMED_END = "first or last stop without time"
    BACKWARDS = "times go backwards"
    NO_COORDINATES = "untimed stop between stops without coordinates"


DROPPED_SCHEMA = {"trip_id": pl.Utf8(), "reason": pl.Utf8()}


def geodesic_distances_m(
    lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray
) -> np.ndarray:
    """Distances on the WGS84 ellipsoid, in metres (NaN where a coordinate is missing)."""
    from pyproj import Geod

    lon1, lat1, lon2, lat2 = (np.asarray(a, dtype=np.float64) for a in (lon1, lat1, lon2, lat2))
    ok = ~(np.isnan(lon1) | np.isnan(lat1) | np.isnan(lon2) | np.isnan(lat2))
    out = np.full(lon1.shape, np.nan)
    if ok.any():
        _, _, dist = Geod(ellps="WGS84").inv(lon1[ok], lat1[ok], lon2[ok], lat2[ok])
        out[ok] = dist
    return out


def interpolate_stop_times(feed: Feed) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Stop times with every time filled, and the trips that had to be left out.

    Returns ``(stop_times, dropped)``: ``stop_times`` has the columns of ``feed.stop_times``,
    without the rows of dropped trips; a stop with only one of arrival/departure gets the other
    from it; interpolated rows have ``timepoint`` 0. ``dropped`` has columns ``trip_id`` (Utf8)
    and ``reason`` (Utf8, a :class:`DropReason` value), one row per trip left out.
    """
    st = feed.stop_times.with_columns(
        pl.coalesce("arrival_time", "departure_time").alias("arrival_time"),
        pl.coalesce("departure_time", "arrival_time").alias("departure_time"),
    ).with_row_index("_row")
    timed = pl.col("arrival_time").is_not_null()
    per_trip = st.group_by("trip_id", maintain_order=True).agg(
        untimed_end=~(timed.first() & timed.last()),
        needs_fill=(~timed).any(),
        # Backwards: a stop's departure before its arrival, or an arrival before the previous
        # timed stop's departure.
        backwards=(
            (pl.col("departure_time") < pl.col("arrival_time")).any()
            | (
                pl.col("arrival_time").drop_nulls() < pl.col("departure_time").drop_nulls().shift(1)
            ).any()
        ),
    )
    dropped = pl.concat(
        [
            per_trip.filter("untimed_end").select(
                "trip_id", pl.lit(str(DropReason.UNTIMED_END)).alias("reason")
            ),
            per_trip.filter(~pl.col("untimed_end") & pl.col("backwards")).select(
                "trip_id", pl.lit(str(DropReason.BACKWARDS)).alias("reason")
            ),
        ]
    )
    fill_trips = per_trip.filter(
        pl.col("needs_fill") & ~pl.col("untimed_end") & ~pl.col("backwards")
    )["trip_id"]
    if fill_trips.is_empty():
        kept = st.join(dropped, on="trip_id", how="anti").drop("_row")
        return kept, dropped.cast(DROPPED_SCHEMA)

    to_fill = _filled(st.filter(pl.col("trip_id").is_in(fill_trips.implode())), feed.stops)
    lacking = to_fill.filter(pl.col("arrival_time").is_null())["trip_id"].unique(
        maintain_order=True
    )
    dropped = pl.concat(
        [
            dropped,
            pl.DataFrame({"trip_id": lacking}).with_columns(
                pl.lit(str(DropReason.NO_COORDINATES)).alias("reason")
            ),
        ]
    )
    result = (
        st.filter(~pl.col("trip_id").is_in(fill_trips.implode()))
        .vstack(to_fill.select(st.columns))
        .join(dropped, on="trip_id", how="anti")
        .sort("_row")
        .drop("_row")
    )
    return result, dropped.cast(DROPPED_SCHEMA).sort("trip_id", maintain_order=True)


def _filled(st: pl.DataFrame, stops: pl.DataFrame) -> pl.DataFrame:
    """Interpolated times for trips that have untimed intermediate stops (null where a
    distance is missing)."""
    st = st.join(stops.select("stop_id", "stop_lon", "stop_lat"), on="stop_id", how="left").sort(
        "_row"
    )
    same_trip = pl.col("trip_id") == pl.col("trip_id").shift(1)
    pairs = st.select(
        same_trip.fill_null(False).alias("same"),
        pl.col("stop_lon").shift(1).alias("lon0"),
        pl.col("stop_lat").shift(1).alias("lat0"),
        "stop_lon",
        "stop_lat",
    )
    step = geodesic_distances_m(
        pairs["lon0"].to_numpy(),
        pairs["lat0"].to_numpy(),
        pairs["stop_lon"].to_numpy(),
        pairs["stop_lat"].to_numpy(),
    )
    step = np.where(pairs["same"].to_numpy(), step, 0.0)
    st = st.with_columns(pl.Series("_step", step).fill_nan(None))
    timed = pl.col("arrival_time").is_not_null()
    over = {"partition_by": "trip_id", "order_by": "_row"}
    # One stop without coordinates makes the trip's distances unknown: its untimed stops stay
    # null, and the caller drops the trip.
    unknown = pl.col("_step").is_null().any().over("trip_id")
    st = st.with_columns(
        pl.when(unknown)
        .then(None)
        .otherwise(pl.col("_step").cum_sum().over(**over))
        .alias("_dist"),
        pl.int_range(pl.len()).over(**over).alias("_pos"),
    )
    prev = {
        "_t0": pl.when(timed).then(pl.col("departure_time")),
        "_d0": pl.when(timed).then(pl.col("_dist")),
        "_p0": pl.when(timed).then(pl.col("_pos")),
    }
    nxt = {
        "_t1": pl.when(timed).then(pl.col("arrival_time")),
        "_d1": pl.when(timed).then(pl.col("_dist")),
        "_p1": pl.when(timed).then(pl.col("_pos")),
    }
    st = st.with_columns(
        *(e.forward_fill().over(**over).alias(n) for n, e in prev.items()),
        *(e.backward_fill().over(**over).alias(n) for n, e in nxt.items()),
    )
    # A stretch of zero length (all stops at one place) is shared out by stop count instead.
    span = pl.col("_d1") - pl.col("_d0")
    fraction = (
        pl.when(span > 0)
        .then((pl.col("_dist") - pl.col("_d0")) / span)
        .otherwise((pl.col("_pos") - pl.col("_p0")) / (pl.col("_p1") - pl.col("_p0")))
    )
    guess = (pl.col("_t0") + (pl.col("_t1") - pl.col("_t0")) * fraction).floor().cast(pl.Int32)
    return st.with_columns(
        pl.when(timed).then(pl.col("arrival_time")).otherwise(guess).alias("arrival_time"),
        pl.when(timed).then(pl.col("departure_time")).otherwise(guess).alias("departure_time"),
        pl.when(timed).then(pl.col("timepoint")).otherwise(pl.lit(0, pl.Int8)).alias("timepoint"),
    )
