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
from artois_access.feeds.stats import (
    compute_route_service,
    compute_stop_service,
    compute_trip_stats,
)
from artois_access.feeds.subset import filter_area, filter_date, restrict_to_trips
from artois_access.feeds.validation import has_errors, validate_feed
from artois_access.feeds.write import write_feed

__all__ = [
    "Feed",
    "Rule",
    "Severity",
    "active_service_ids",
    "compute_route_service",
    "compute_stop_service",
    "compute_trip_stats",
    "filter_area",
    "filter_date",
    "has_errors",
    "interpolate_stop_times",
    "read_feeds",
    "restrict_to_trips",
    "service_dates",
    "service_day_counts",
    "trips_on_date",
    "validate_feed",
    "write_feed",
]
