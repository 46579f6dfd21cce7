"""Service statistics per route on a date: trips, first and last departure, headways.

Headways come from gtfs-kit (``gtfs_kit.routes.compute_route_stats``, per direction, mean gap
between trip starts inside a time window). Its own ``compute_trip_stats`` is not used: it takes
8 s on the national TER feed for one day, for distances and loop flags these statistics do not
need, so the per-trip table it expects is built here in polars, from the interpolated stop times.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from datetime import time

import polars as pl

from artois_access.feeds.feed import Feed
from artois_access.feeds.interpolation import interpolate_stop_times
from artois_access.feeds.subset import filter_date
from artois_access.feeds.times import format_time

PEAK = (time(7, 0), time(9, 0))
OFF_PEAK = (time(10, 0), time(16, 0))


def compute_trip_stats(feed: Feed) -> pl.DataFrame:
    """One row per trip with stop times, in the columns ``gtfs_kit`` expects of trip stats.

    Columns: ``trip_id``, ``route_id``, ``route_short_name``, ``route_type``, ``direction_id``
    (null -> 0), ``shape_id``, ``stop_pattern_name``, ``num_stops``, ``start_time``,
    ``end_time`` (Int32 s: first departure, last arrival), ``start_stop_id``, ``end_stop_id``,
    ``is_loop`` (Int8), ``distance`` (NaN: not computed), ``duration`` (hours), ``speed`` (NaN).
    """
    stop_times, _ = interpolate_stop_times(feed)
    per_trip = stop_times.group_by("trip_id").agg(
        pl.col("stop_id").str.join("|").hash().cast(pl.Utf8).alias("stop_pattern_name"),
        pl.len().alias("num_stops"),
        pl.col("departure_time").first().alias("start_time"),
        pl.col("arrival_time").last().alias("end_time"),
        pl.col("stop_id").first().alias("start_stop_id"),
        pl.col("stop_id").last().alias("end_stop_id"),
    )
    per_trip = _expand_frequencies(per_trip, feed.frequencies)
    return (
        feed.trips.select("trip_id", "route_id", "direction_id", "shape_id")
        .join(per_trip, on="trip_id", how="inner")
        .join(
            feed.routes.select("route_id", "route_short_name", "route_type"),
            on="route_id",
            how="left",
        )
        .with_columns(
            pl.col("direction_id").fill_null(0),
            (pl.col("start_stop_id") == pl.col("end_stop_id")).cast(pl.Int8).alias("is_loop"),
            pl.lit(float("nan")).alias("distance"),
            ((pl.col("end_time") - pl.col("start_time")) / 3600).alias("duration"),
            pl.lit(float("nan")).alias("speed"),
        )
        .sort("trip_id", "start_time")
    )


def _expand_frequencies(per_trip: pl.DataFrame, frequencies: pl.DataFrame) -> pl.DataFrame:
    """A trip of ``frequencies.txt`` becomes one row per departure (``start_time``,
    ``start_time + headway``... before ``end_time``, with the template's run time), keeping its
    trip_id: gtfs-kit then counts and spaces these departures like scheduled trips. Entries
    with ``exact_times=0`` are expanded the same way (phase 0): the count and the headway are
    what statistics need."""
    if frequencies.is_empty():
        return per_trip
    starts = frequencies.select(
        "trip_id",
        pl.int_ranges("start_time", "end_time", "headway_secs", dtype=pl.Int32).alias("_start"),
    ).explode("_start")
    expanded = (
        per_trip.join(starts.drop_nulls("_start"), on="trip_id", how="inner")
        .with_columns((pl.col("_start") - pl.col("start_time")).alias("_shift"))
        .with_columns(
            pl.col("_start").alias("start_time"),
            (pl.col("end_time") + pl.col("_shift")).alias("end_time"),
        )
        .drop("_start", "_shift")
    )
    scheduled = per_trip.join(frequencies.select("trip_id").unique(), on="trip_id", how="anti")
    return pl.concat([scheduled, expanded])


def compute_route_service(
    feed: Feed,
    date: dt.date,
    *,
    peak: tuple[time, time] = PEAK,
    off_peak: tuple[time, time] = OFF_PEAK,
) -> pl.DataFrame:
    """Per route, the service of date ``date`` (service day: trips past midnight included).

    Columns: ``route_id``, ``route_short_name``, ``route_long_name``, ``route_type``,
    ``n_trips`` (both directions), ``first_departure_s``, ``last_departure_s`` (Int32 s, first
    and last trip start), ``first_departure``, ``last_departure`` ("HH:MM:SS"),
    ``main_direction`` (the direction with more trips; 0 on a tie), ``peak_departures``,
    ``offpeak_departures`` (trip starts in the window, ends included as gtfs-kit does, main
    direction; a frequency-based trip counts once per departure), ``peak_headway_min``,
    ``offpeak_headway_min`` (Float64, gtfs-kit's mean headway in the window, main direction;
    null with fewer than two departures). Sorted by route_type, route_short_name, route_id.
    Raises :class:`InputError` when nothing runs on ``date``.
    """
    day = filter_date(feed, date)
    trip_stats = compute_trip_stats(day)
    per_direction = trip_stats.group_by("route_id", "direction_id").agg(
        pl.len().alias("n"),
        _starts_between(peak).alias("peak_departures"),
        _starts_between(off_peak).alias("offpeak_departures"),
    )
    main = (
        per_direction.sort(["route_id", "n", "direction_id"], descending=[False, True, False])
        .group_by("route_id", maintain_order=True)
        .first()
        .rename({"direction_id": "main_direction"})
        .drop("n")
    )
    headways = _gtfs_kit_headways(day, trip_stats, date, {"peak": peak, "offpeak": off_peak})
    overall = trip_stats.group_by("route_id").agg(
        pl.len().cast(pl.UInt32).alias("n_trips"),
        pl.col("start_time").min().alias("first_departure_s"),
        pl.col("start_time").max().alias("last_departure_s"),
    )
    return (
        day.routes.select("route_id", "route_short_name", "route_long_name", "route_type")
        .join(overall, on="route_id", how="inner")
        .with_columns(
            format_time(pl.col("first_departure_s")).alias("first_departure"),
            format_time(pl.col("last_departure_s")).alias("last_departure"),
        )
        .join(main, on="route_id", how="left")
        .join(
            headways,
            left_on=["route_id", "main_direction"],
            right_on=["route_id", "direction_id"],
            how="left",
        )
        .sort(["route_type", "route_short_name", "route_id"], nulls_last=True)
    )


def _starts_between(window: tuple[time, time]) -> pl.Expr:
    start, end = (t.hour * 3600 + t.minute * 60 + t.second for t in window)
    return pl.col("start_time").is_between(start, end, closed="both").sum().cast(pl.UInt32)


def _gtfs_kit_headways(
    day: Feed, trip_stats: pl.DataFrame, date: dt.date, windows: dict[str, tuple[time, time]]
) -> pl.DataFrame:
    """Columns ``route_id``, ``direction_id``, ``<name>_headway_min`` per window."""
    import gtfs_kit

    from artois_access.feeds.gtfs_kit_bridge import to_gtfs_kit

    gk_feed = to_gtfs_kit(day)
    stats_pd = trip_stats.with_columns(
        format_time(pl.col("start_time")).alias("start_time"),
        format_time(pl.col("end_time")).alias("end_time"),
    ).to_pandas()
    result = None
    for name, (start, end) in windows.items():
        stats = gtfs_kit.routes.compute_route_stats(
            gk_feed,
            [date.strftime("%Y%m%d")],
            trip_stats=stats_pd,
            headway_start_time=start.strftime("%H:%M:%S"),
            headway_end_time=end.strftime("%H:%M:%S"),
            split_directions=True,
        )
        frame = pl.from_pandas(stats[["route_id", "direction_id", "mean_headway"]]).select(
            pl.col("route_id").cast(pl.Utf8),
            pl.col("direction_id").cast(pl.Int8),
            pl.col("mean_headway").cast(pl.Float64).fill_nan(None).alias(f"{name}_headway_min"),
        )
        result = (
            frame
            if result is None
            else result.join(frame, on=["route_id", "direction_id"], how="full", coalesce=True)
        )
    return result


def compute_stop_service(
    feed: Feed,
    date: dt.date,
    *,
    peak: tuple[time, time] = PEAK,
    off_peak: tuple[time, time] = OFF_PEAK,
) -> pl.DataFrame:
    """Per stop, the service of date ``date``, from ``gtfs_kit.stops.compute_stop_stats`` on the
    interpolated stop times (trips of ``frequencies.txt`` count once, as their template).

    Columns: ``stop_id``, ``stop_name``, ``n_routes``, ``n_departures`` (UInt32, trips
    stopping), ``first_departure``, ``last_departure`` ("HH:MM:SS"), ``peak_headway_min``,
    ``offpeak_headway_min`` (Float64, mean gap between departures, both directions together;
    null with fewer than two). Sorted by stop_id. Raises :class:`InputError` when nothing runs.
    """
    import gtfs_kit

    from artois_access.feeds.gtfs_kit_bridge import to_gtfs_kit

    day = filter_date(feed, date)
    stop_times, _ = interpolate_stop_times(day)
    gk_feed = to_gtfs_kit(dataclasses.replace(day, stop_times=stop_times))
    frames = []
    for name, (start, end) in {"peak": peak, "offpeak": off_peak}.items():
        stats = gtfs_kit.stops.compute_stop_stats(
            gk_feed,
            [date.strftime("%Y%m%d")],
            headway_start_time=start.strftime("%H:%M:%S"),
            headway_end_time=end.strftime("%H:%M:%S"),
        )
        frames.append(
            pl.from_pandas(
                stats[
                    ["stop_id", "num_routes", "num_trips", "mean_headway", "start_time", "end_time"]
                ]
            ).rename({"mean_headway": f"{name}_headway_min"})
        )
    peak_frame, offpeak_frame = frames
    return (
        peak_frame.join(
            offpeak_frame.select("stop_id", "offpeak_headway_min"), on="stop_id", how="left"
        )
        .join(day.stops.select("stop_id", "stop_name"), on="stop_id", how="left")
        .select(
            pl.col("stop_id").cast(pl.Utf8),
            "stop_name",
            pl.col("num_routes").cast(pl.UInt32).alias("n_routes"),
            pl.col("num_trips").cast(pl.UInt32).alias("n_departures"),
            pl.col("start_time").cast(pl.Utf8).alias("first_departure"),
            pl.col("end_time").cast(pl.Utf8).alias("last_departure"),
            pl.col("peak_headway_min").cast(pl.Float64).fill_nan(None),
            pl.col("offpeak_headway_min").cast(pl.Float64).fill_nan(None),
        )
        .sort("stop_id")
    )
