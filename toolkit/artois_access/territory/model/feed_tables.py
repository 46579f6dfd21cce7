"""GTFS tables shared by the two model feeds: agency, calendar, feed_info."""

from __future__ import annotations

from typing import Any

from artois_access.territory.model.schedule import DAY_FLAGS

Table = tuple[list[str], list[tuple]]


def agency_table(network: dict[str, Any]) -> Table:
    agency = network["agency"]
    columns = ["agency_id", "agency_name", "agency_url", "agency_timezone", "agency_lang"]
    return columns, [tuple(agency[c] for c in columns)]


def calendar_table(network: dict[str, Any]) -> Table:
    feed = network["feed"]
    columns = [
        "service_id",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "start_date",
        "end_date",
    ]
    rows = [
        (day_type.value, *flags, feed["start_date"], feed["end_date"])
        for day_type, flags in DAY_FLAGS.items()
    ]
    return columns, rows


def feed_info_table(network: dict[str, Any]) -> Table:
    feed = network["feed"]
    columns = [
        "feed_publisher_name",
        "feed_publisher_url",
        "feed_lang",
        "feed_start_date",
        "feed_end_date",
        "feed_version",
        "feed_id",
    ]
    row = (
        feed["feed_publisher_name"],
        feed["feed_publisher_url"],
        feed["feed_lang"],
        feed["start_date"],
        feed["end_date"],
        feed["feed_version"],
        feed["feed_id"],
    )
    return columns, [row]
