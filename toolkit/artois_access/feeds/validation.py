"""Checking feeds: every rule, one findings table."""

from __future__ import annotations

import datetime as dt

import polars as pl

from artois_access.feeds.feed import Feed
from artois_access.feeds.findings import concat_findings, findings_frame, has_errors
from artois_access.feeds.interpolation import interpolate_stop_times
from artois_access.feeds.rules.calendar import check_date_covered
from artois_access.feeds.rules.references import (
    check_duplicates,
    check_references,
    check_trips_without_stop_times,
)
from artois_access.feeds.rules.speeds import check_speeds
from artois_access.feeds.rules.stop_times import check_stop_times
from artois_access.feeds.rules.stops import check_coordinates

__all__ = ["has_errors", "validate_feed"]


def validate_feed(feed: Feed, *, date: dt.date | None = None) -> pl.DataFrame:
    """Findings about ``feed``: what loading found (``feed.findings``: dropped rows,
    unparsable values, duplicates) and the routing rules (unknown references, untimed or
    backward stop times, stops without coordinates or at (0, 0), impossible speeds for the
    route type, and, given ``date``, whether that service date runs).

    Columns: ``rule``, ``severity`` ("error", "warning", "info"), ``file``, ``count``,
    ``examples`` (see :mod:`artois_access.feeds.findings`); errors first.
    """
    filled, dropped = interpolate_stop_times(feed)
    findings = [
        *check_duplicates(feed),
        *check_references(feed),
        *check_trips_without_stop_times(feed),
        *check_coordinates(feed),
        *check_stop_times(feed, dropped),
        *check_speeds(feed, filled),
    ]
    if date is not None:
        findings.extend(check_date_covered(feed, date))
    return concat_findings([feed.findings, findings_frame(findings)])
