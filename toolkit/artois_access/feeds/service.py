"""Which services and trips run on a date (calendar.txt and/or calendar_dates.txt)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from artois_access.errors import DataError, InputError
from artois_access.feeds.feed import Feed
from artois_access.feeds.schema import DAYS


def active_service_ids(feed: Feed, date: dt.date) -> pl.Series:
    """Service ids active on ``date``: calendar.txt's weekday and date range, then
    calendar_dates.txt's additions (exception_type 1) and removals (2). Sorted, unique, Utf8;
    empty when nothing runs."""
    weekday = DAYS[date.weekday()]
    regular = feed.calendar.filter(
        (pl.col("start_date") <= date) & (pl.col("end_date") >= date) & (pl.col(weekday) == 1)
    )["service_id"]
    exceptions = feed.calendar_dates.filter(pl.col("date") == date)
    added = exceptions.filter(pl.col("exception_type") == 1)["service_id"]
    removed = exceptions.filter(pl.col("exception_type") == 2)["service_id"]
    active = pl.concat([regular, added]).unique()
    return active.filter(~active.is_in(removed.implode())).sort().alias("service_id")


def trips_on_date(feed: Feed, date: dt.date) -> pl.DataFrame:
    """The rows of ``feed.trips`` whose service runs on ``date`` (service day ``date``: times past
    24:00:00 belong to it). Raises :class:`InputError` when no trip of any feed runs that day."""
    services = active_service_ids(feed, date)
    trips = feed.trips.filter(pl.col("service_id").is_in(services.implode()))
    if trips.is_empty():
        first, last = service_dates(feed)
        raise InputError(
            f"no service on {date.isoformat()} in feeds {', '.join(feed.feed_ids)}; "
            f"the feeds cover {first.isoformat()}..{last.isoformat()}"
        )
    return trips


def service_dates(feed: Feed) -> tuple[dt.date, dt.date]:
    """First and last date on which some service is defined (calendar ranges and
    calendar_dates additions). Raises :class:`DataError` when the feeds define no service."""
    starts = [
        feed.calendar["start_date"],
        feed.calendar_dates.filter(pl.col("exception_type") == 1)["date"],
    ]
    ends = [feed.calendar["end_date"], starts[1]]
    first = pl.concat(starts).min()
    last = pl.concat(ends).max()
    if first is None or last is None:
        raise DataError(
            f"feeds {', '.join(feed.feed_ids)}: calendar.txt and calendar_dates.txt define no "
            "service day; check the calendar files"
        )
    return first, last


def service_day_counts(feed: Feed) -> pl.DataFrame:
    """Trips running per date over the feeds' whole period.

    Columns: ``date`` (Date), ``n_trips`` (UInt32, 0 on days without service).
    """
    first, last = service_dates(feed)
    days = pl.date_range(first, last, interval="1d", eager=True).alias("date")
    weekday_frames = []
    calendar = feed.calendar
    if calendar.height:
        ranges = calendar.select(
            "service_id", pl.date_ranges("start_date", "end_date").alias("date"), *DAYS
        ).explode("date")
        weekday = pl.col("date").dt.weekday() - 1  # Monday = 0
        runs = pl.lit(0, dtype=pl.Int8)
        for i, day in enumerate(DAYS):
            runs = pl.when(weekday == i).then(pl.col(day)).otherwise(runs)
        weekday_frames.append(ranges.filter(runs == 1).select("service_id", "date"))
    added = feed.calendar_dates.filter(pl.col("exception_type") == 1).select("service_id", "date")
    removed = feed.calendar_dates.filter(pl.col("exception_type") == 2).select("service_id", "date")
    active = (
        pl.concat([*weekday_frames, added])
        .unique()
        .join(removed, on=["service_id", "date"], how="anti")
    )
    per_service = feed.trips.group_by("service_id").len("n")
    counts = (
        active.join(per_service, on="service_id")
        .group_by("date")
        .agg(pl.col("n").sum().cast(pl.UInt32).alias("n_trips"))
    )
    return (
        pl.DataFrame(days)
        .join(counts, on="date", how="left")
        .with_columns(pl.col("n_trips").fill_null(0))
        .sort("date")
    )
