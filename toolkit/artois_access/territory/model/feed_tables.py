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


ROUTE_COLUMNS = [
    "route_id",
    "agency_id",
    "route_short_name",
    "route_long_name",
    "route_type",
    "route_color",
    "route_text_color",
]
TRIP_COLUMNS = ["route_id", "service_id", "trip_id", "trip_headsign", "direction_id"]
STOP_TIME_COLUMNS = ["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"]


def feed_tables(
    network: dict[str, Any],
    *,
    stops: Table,
    routes: list[tuple],
    trips: list[tuple],
    stop_times: list[tuple],
) -> dict[str, Table]:
    """Every table of a model feed, ``{file name: (columns, rows)}``."""
    return {
        "agency.txt": agency_table(network),
        "calendar.txt": calendar_table(network),
        "feed_info.txt": feed_info_table(network),
        "stops.txt": stops,
        "routes.txt": (ROUTE_COLUMNS, routes),
        "trips.txt": (TRIP_COLUMNS, trips),
        "stop_times.txt": (STOP_TIME_COLUMNS, stop_times),
    }
