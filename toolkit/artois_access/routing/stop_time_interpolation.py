"""Stop times ready for routing: every stop timed, trips with unusable times left out.

The feeds stage owns the rule (``artois_access.feeds.interpolation``); until it ships, this
module applies the same rule of ROUTING_SEMANTICS ("Missing stop times"), as R5's gtfs-lib
does: a missing time at an intermediate stop is interpolated linearly between the surrounding
timed stops in proportion to the cumulative geodesic (WGS84) distance, truncated to whole
seconds, with arrival = departure. A trip whose first or last stop has no time, or whose times
go backwards, is left out and counted.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from pyproj import Geod


def interpolated_stop_times(feed) -> tuple[pl.DataFrame, int]:
    """``(stop_times, number of trips dropped)``, sorted by trip and stop_sequence."""
    try:
        from artois_access.feeds.interpolation import interpolate_stop_times
    except ImportError:
        return _interpolate(feed)
    stop_times, dropped = interpolate_stop_times(feed)
    if isinstance(dropped, pl.DataFrame):
        dropped = dropped.height
    return stop_times, int(dropped)


def _interpolate(feed) -> tuple[pl.DataFrame, int]:
    st = feed.stop_times.sort("trip_id", "stop_sequence").with_columns(
        pl.coalesce("arrival_time", "departure_time").alias("arrival_time"),
        pl.coalesce("departure_time", "arrival_time").alias("departure_time"),
    )
    n_trips = st["trip_id"].n_unique()
    bounds = st.group_by("trip_id").agg(
        pl.col("departure_time").first().is_not_null().alias("first_ok"),
        pl.col("arrival_time").last().is_not_null().alias("last_ok"),
        pl.col("arrival_time").null_count().alias("n_missing"),
    )
    keep = bounds.filter(pl.col("first_ok") & pl.col("last_ok"))
    st = st.join(keep.select("trip_id", "n_missing"), on="trip_id", how="semi")
    needs = keep.filter(pl.col("n_missing") > 0)["trip_id"].implode()
    gappy = st.filter(pl.col("trip_id").is_in(needs))
    if gappy.height:
        st = pl.concat(
            [st.filter(~pl.col("trip_id").is_in(needs)), _fill_gaps(gappy, feed.stops)]
        ).sort("trip_id", "stop_sequence")
    # Times going backwards: departure before arrival at a stop, or the next arrival before
    # this departure.
    back = st.with_columns(
        (
            (pl.col("departure_time") < pl.col("arrival_time"))
            | (pl.col("arrival_time").shift(-1).over("trip_id") < pl.col("departure_time"))
        ).alias("back")
    )
    bad = back.filter(pl.col("back"))["trip_id"].unique().implode()
    st = st.filter(~pl.col("trip_id").is_in(bad))
    return st, n_trips - st["trip_id"].n_unique()


def _fill_gaps(gappy: pl.DataFrame, stops: pl.DataFrame) -> pl.DataFrame:
    located = gappy.join(
        stops.select("stop_id", "stop_lon", "stop_lat"), on="stop_id", how="left"
    ).sort("trip_id", "stop_sequence")
    lon = located["stop_lon"].fill_null(0.0).to_numpy()
    lat = located["stop_lat"].fill_null(0.0).to_numpy()
    trip = located["trip_id"].to_numpy()
    step = np.zeros(len(lon))
    if len(lon) > 1:
        _, _, dist = Geod(ellps="WGS84").inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
        step[1:] = np.where(trip[1:] == trip[:-1], dist, 0.0)
    new_trip = np.ones(len(lon), dtype=bool)
    new_trip[1:] = trip[1:] != trip[:-1]
    cum = np.cumsum(step)
    starts = np.flatnonzero(new_trip)
    cum -= np.repeat(cum[starts], np.diff(np.append(starts, len(cum))))
    arr = located["arrival_time"].to_numpy().astype(np.float64)
    dep = located["departure_time"].to_numpy().astype(np.float64)
    missing = np.isnan(arr)
    # Previous and next timed row within the same trip (first and last rows are timed).
    idx = np.arange(len(arr))
    prev = np.maximum.accumulate(np.where(~missing, idx, 0))
    nxt = np.minimum.accumulate(np.where(~missing, idx, len(arr))[::-1])[::-1]
    span = cum[nxt[missing]] - cum[prev[missing]]
    frac = np.where(span > 0, (cum[missing] - cum[prev[missing]]) / np.where(span > 0, span, 1), 0)
    t0 = dep[prev[missing]]
    t1 = arr[nxt[missing]]
    filled = np.floor(t0 + frac * (t1 - t0))
    arr[missing] = filled
    dep[missing] = filled
    return located.drop("stop_lon", "stop_lat").with_columns(
        pl.Series("arrival_time", arr.astype(np.int32)),
        pl.Series("departure_time", dep.astype(np.int32)),
    )
