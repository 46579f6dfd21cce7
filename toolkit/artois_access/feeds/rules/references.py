"""Ids that should exist and do not, ids that exist twice, trips that have no stop times."""

from __future__ import annotations

import polars as pl

from artois_access.feeds.feed import Feed
from artois_access.feeds.findings import Finding, Rule, Severity, examples_of
from artois_access.feeds.parse import PRIMARY_KEYS

# (table, column, referenced table, referenced column, severity): severity is an error when
# routing would silently lose or mis-place service.
REFERENCES = (
    ("trips", "route_id", "routes", "route_id", Severity.ERROR),
    ("stop_times", "trip_id", "trips", "trip_id", Severity.ERROR),
    ("stop_times", "stop_id", "stops", "stop_id", Severity.ERROR),
    ("stops", "parent_station", "stops", "stop_id", Severity.WARNING),
    ("routes", "agency_id", "agency", "agency_id", Severity.WARNING),
    ("frequencies", "trip_id", "trips", "trip_id", Severity.ERROR),
    ("transfers", "from_stop_id", "stops", "stop_id", Severity.WARNING),
    ("transfers", "to_stop_id", "stops", "stop_id", Severity.WARNING),
)


def check_references(feed: Feed) -> list[Finding]:
    findings = []
    for table, column, target, target_column, severity in REFERENCES:
        values = feed.table(table)[column].drop_nulls()
        unknown = values.filter(~values.is_in(feed.table(target)[target_column].implode()))
        if unknown.len():
            findings.append(
                Finding(
                    rule=Rule.UNKNOWN_REFERENCE,
                    severity=severity,
                    file=f"{table}.txt",
                    count=unknown.len(),
                    examples=f"{column} not in {target}.txt: " + examples_of(unknown),
                )
            )
    services = pl.concat([feed.calendar["service_id"], feed.calendar_dates["service_id"]])
    unknown = feed.trips.filter(~pl.col("service_id").is_in(services.implode()))["service_id"]
    if unknown.len():
        findings.append(
            Finding(
                rule=Rule.UNKNOWN_REFERENCE,
                severity=Severity.ERROR,
                file="trips.txt",
                count=unknown.len(),
                examples="service_id not in calendar.txt nor calendar_dates.txt: "
                + examples_of(unknown),
            )
        )
    return findings


def check_duplicates(feed: Feed) -> list[Finding]:
    """Duplicate primary keys (loading already drops and counts them; a Feed built in code may
    still have some)."""
    findings = []
    for table, keys in PRIMARY_KEYS.items():
        frame = feed.table(table)
        if not frame.height:
            continue
        # A null key (one agency without agency_id per feed) is no duplicate.
        frame = frame.drop_nulls(keys)
        repeated = frame.filter(~pl.struct(keys).is_first_distinct())
        if repeated.height:
            findings.append(
                Finding(
                    rule=Rule.DUPLICATE_ID,
                    severity=Severity.ERROR,
                    file=f"{table}.txt",
                    count=repeated.height,
                    examples=f"{'+'.join(keys)}: " + examples_of(repeated[keys[0]]),
                )
            )
    return findings


def check_trips_without_stop_times(feed: Feed) -> list[Finding]:
    lonely = feed.trips.filter(
        ~pl.col("trip_id").is_in(feed.stop_times["trip_id"].unique().implode())
    )["trip_id"]
    if not lonely.len():
        return []
    return [
        Finding(
            rule=Rule.TRIP_WITHOUT_STOP_TIMES,
            severity=Severity.WARNING,
            file="trips.txt",
            count=lonely.len(),
            examples=examples_of(lonely),
        )
    ]
