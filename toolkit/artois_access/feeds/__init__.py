"""GTFS feeds in: read (one or several, ids scoped per feed), checked, filtered, described, written.

Public API (importing this package loads polars, not gtfs-kit):

- :func:`read_feeds` -> :class:`Feed`
- :func:`active_service_ids`, :func:`trips_on_date`, :func:`service_dates`
- :func:`interpolate_stop_times`, :func:`filter_area`, :func:`filter_date`
- :func:`validate_feed`, :func:`compute_route_service`, :func:`write_feed`
"""

from artois_access.feeds.feed import Feed
from artois_access.feeds.findings import Rule, Severity
from artois_access.feeds.read import read_feeds

__all__ = ["Feed", "Rule", "Severity", "read_feeds"]
