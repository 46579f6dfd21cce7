"""A :class:`Feed` as a ``gtfs_kit.Feed`` (pandas, times "HH:MM:SS", dates "YYYYMMDD"), for the
statistics that gtfs-kit already computes. gtfs-kit is imported only here, when asked for."""

from __future__ import annotations

import polars as pl

from artois_access.feeds.feed import Feed
from artois_access.feeds.schema import TABLES, Kind
from artois_access.feeds.times import format_time


def as_gtfs_kit_frame(frame: pl.DataFrame, table: str):
    """One table in gtfs-kit's conventions, as a pandas DataFrame."""
    kinds = {column.name: column.kind for column in TABLES[table]}
    converted = frame.with_columns(
        [format_time(pl.col(c)).alias(c) for c in frame.columns if kinds.get(c) is Kind.TIME]
        + [
            pl.col(c).dt.strftime("%Y%m%d").alias(c)
            for c in frame.columns
            if kinds.get(c) is Kind.DATE
        ]
    )
    return converted.to_pandas()


def to_gtfs_kit(feed: Feed):
    """``gtfs_kit.Feed`` holding the same tables (ids stay scoped; a null ``direction_id`` becomes
    0, as gtfs-kit's per-direction statistics need one)."""
    import gtfs_kit

    trips = feed.trips.with_columns(pl.col("direction_id").fill_null(0))
    tables = {
        "agency": feed.agency,
        "stops": feed.stops,
        "routes": feed.routes,
        "trips": trips,
        "stop_times": feed.stop_times,
        "calendar": feed.calendar,
        "calendar_dates": feed.calendar_dates,
        "frequencies": feed.frequencies,
        "transfers": feed.transfers,
        "feed_info": feed.feed_info,
    }
    return gtfs_kit.Feed(
        dist_units="km",
        **{
            name: as_gtfs_kit_frame(frame, name) if frame.height else None
            for name, frame in tables.items()
        },
    )
