"""Stop times that cannot be routed: untimed trip ends, times that go backwards, and (for
information) the intermediate times that routing will interpolate."""

from __future__ import annotations

import polars as pl

from artois_access.feeds.feed import Feed
from artois_access.feeds.findings import Finding, Rule, Severity, examples_of
from artois_access.feeds.interpolation import DropReason

_RULE_OF_REASON = {
    DropReason.UNTIMED_END: Rule.UNTIMED_TRIP_END,
    DropReason.BACKWARDS: Rule.DECREASING_TIMES,
    DropReason.NO_COORDINATES: Rule.MISSING_COORDINATES,
}


def check_stop_times(feed: Feed, dropped: pl.DataFrame) -> list[Finding]:
    """Findings from :func:`interpolate_stop_times`'s ``dropped`` table (one error per reason,
    counting trips) and the number of times it interpolates."""
    findings = []
    for reason, rule in _RULE_OF_REASON.items():
        trips = dropped.filter(pl.col("reason") == str(reason))["trip_id"]
        if trips.len():
            findings.append(
                Finding(
                    rule=rule,
                    severity=Severity.ERROR,
                    file="stop_times.txt",
                    count=trips.len(),
                    examples=f"trips left out ({reason}): " + examples_of(trips),
                )
            )
    untimed = feed.stop_times.filter(
        pl.col("arrival_time").is_null() & pl.col("departure_time").is_null()
    )
    if untimed.height:
        findings.append(
            Finding(
                rule=Rule.INTERPOLATED_TIMES,
                severity=Severity.INFO,
                file="stop_times.txt",
                count=untimed.height,
                examples="stops without times, interpolated by distance: "
                + examples_of(untimed["trip_id"]),
            )
        )
    return findings
