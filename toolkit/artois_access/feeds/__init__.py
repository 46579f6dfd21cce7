"""GTFS feeds in: read (one or several, ids scoped per feed), checked, filtered, described, written.

Importing this package loads polars, not gtfs-kit (that one only when statistics are asked for).
"""

from artois_access.feeds.feed import Feed
from artois_access.feeds.findings import Rule, Severity
from artois_access.feeds.interpolation import interpolate_stop_times
from artois_access.feeds.read import read_feeds
from artois_access.feeds.service import (
    active_service_ids,
    service_dates,
    service_day_counts,
    trips_on_date,
)
from artois_access.feeds.subset import filter_area, filter_date, restrict_to_trips

__all__ = [
    "Feed",
    "Rule",
    "Severity",
    "active_service_ids",
    "filter_area",
    "filter_date",
    "interpolate_stop_times",
    "read_feeds",
    "restrict_to_trips",
    "service_dates",
    "service_day_counts",
    "trips_on_date",
]
