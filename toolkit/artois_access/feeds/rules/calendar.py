"""Whether the feeds run on the date asked for."""

from __future__ import annotations

import datetime as dt

import polars as pl

from artois_access.errors import DataError
from artois_access.feeds.feed import Feed
from artois_access.feeds.findings import Finding, Rule, Severity
from artois_access.feeds.service import active_service_ids, service_dates


def check_date_covered(feed: Feed, date: dt.date) -> list[Finding]:
    """An error when no feed runs a trip on ``date``; a warning for each feed that does not while
    others do (its riders would be missing from the results)."""
    services = active_service_ids(feed, date)
    running = feed.trips.filter(pl.col("service_id").is_in(services.implode()))
    running_feeds = set(running["trip_id"].str.split_exact(":", 1).struct.field("field_0"))
    try:
        first, last = service_dates(feed)
        period = f"the feeds cover {first.isoformat()}..{last.isoformat()}"
    except DataError:
        period = "the feeds define no service day"
    if running.is_empty():
        return [
            Finding(
                rule=Rule.DATE_NOT_COVERED,
                severity=Severity.ERROR,
                file="calendar.txt/calendar_dates.txt",
                count=len(feed.feed_ids),
                examples=f"no trip runs on {date.isoformat()}; {period}",
            )
        ]
    idle = [f for f in feed.feed_ids if f not in running_feeds]
    if not idle:
        return []
    return [
        Finding(
            rule=Rule.DATE_NOT_COVERED,
            severity=Severity.WARNING,
            file="calendar.txt/calendar_dates.txt",
            count=len(idle),
            examples=f"no trip on {date.isoformat()} in feeds {', '.join(idle)}",
        )
    ]
