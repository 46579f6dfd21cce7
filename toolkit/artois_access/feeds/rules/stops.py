"""Stops that cannot be placed on a map."""

from __future__ import annotations

import polars as pl

from artois_access.feeds.feed import Feed
from artois_access.feeds.findings import Finding, Rule, Severity, examples_of


def check_coordinates(feed: Feed) -> list[Finding]:
    """Stops without coordinates (an error when a trip stops there, a warning otherwise) and
    stops at (0, 0), "null island", where a blank was written as zero."""
    stops = feed.stops
    used = pl.col("stop_id").is_in(feed.stop_times["stop_id"].unique().implode())
    missing = pl.col("stop_lat").is_null() | pl.col("stop_lon").is_null()
    # Generic nodes and boarding areas (location_type 3, 4) may lack coordinates.
    placed_kind = pl.col("location_type").is_in([0, 1, 2])
    zero = (pl.col("stop_lat") == 0) & (pl.col("stop_lon") == 0)
    findings = []
    for mask, severity, rule in (
        (missing & used, Severity.ERROR, Rule.MISSING_COORDINATES),
        (missing & ~used & placed_kind, Severity.WARNING, Rule.MISSING_COORDINATES),
        (zero, Severity.ERROR, Rule.ZERO_COORDINATES),
    ):
        bad = stops.filter(mask)["stop_id"]
        if bad.len():
            findings.append(
                Finding(
                    rule=rule,
                    severity=severity,
                    file="stops.txt",
                    count=bad.len(),
                    examples=examples_of(bad),
                )
            )
    return findings
