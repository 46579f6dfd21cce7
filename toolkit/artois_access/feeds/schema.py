"""Column types of the GTFS tables, declared once, as data.

Every table of a :class:`~artois_access.feeds.feed.Feed` has exactly the columns listed here, in
this order, with these dtypes, whether or not the file had them. ``required`` columns must be in
the file's header (else the file is rejected); ``key`` columns must hold a parseable value in each
row (else the row is dropped, and counted in the findings); ``default`` fills absent or blank
values.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import polars as pl


class Kind(StrEnum):
    """How a GTFS field is parsed."""

    ID = "id"  # scoped per feed: "<feed_id>:<id>"
    TEXT = "text"
    INT8 = "int8"
    INT32 = "int32"
    FLOAT = "float"
    TIME = "time"  # "HH:MM:SS", hours may pass 24 -> Int32 seconds
    DATE = "date"  # "YYYYMMDD" -> pl.Date


DTYPES: dict[Kind, pl.DataType] = {
    Kind.ID: pl.Utf8(),
    Kind.TEXT: pl.Utf8(),
    Kind.INT8: pl.Int8(),
    Kind.INT32: pl.Int32(),
    Kind.FLOAT: pl.Float64(),
    Kind.TIME: pl.Int32(),
    Kind.DATE: pl.Date(),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    name: str
    kind: Kind
    required: bool = False
    key: bool = False
    default: int | None = None

    @property
    def dtype(self) -> pl.DataType:
        return DTYPES[self.kind]


def _c(name: str, kind: Kind, *, req: bool = False, key: bool = False, default=None) -> Column:
    return Column(name=name, kind=kind, required=req, key=key, default=default)


ID, T, I8, I32, F, TM, D = (
    Kind.ID,
    Kind.TEXT,
    Kind.INT8,
    Kind.INT32,
    Kind.FLOAT,
    Kind.TIME,
    Kind.DATE,
)
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Table name (file name without ".txt") -> its columns.
TABLES: dict[str, tuple[Column, ...]] = {
    "agency": (
        _c("agency_id", ID),
        _c("agency_name", T),
        _c("agency_url", T),
        _c("agency_timezone", T, req=True),
        _c("agency_lang", T),
        _c("agency_phone", T),
    ),
    "stops": (
        _c("stop_id", ID, req=True, key=True),
        _c("stop_code", T),
        _c("stop_name", T),
        _c("stop_desc", T),
        _c("stop_lat", F, req=True),
        _c("stop_lon", F, req=True),
        _c("zone_id", T),
        _c("location_type", I8, default=0),
        _c("parent_station", ID),
        _c("wheelchair_boarding", I8),
        _c("platform_code", T),
    ),
    "routes": (
        _c("route_id", ID, req=True, key=True),
        _c("agency_id", ID),
        _c("route_short_name", T),
        _c("route_long_name", T),
        _c("route_desc", T),
        _c("route_type", I32, req=True, key=True),
        _c("route_color", T),
        _c("route_text_color", T),
    ),
    "trips": (
        _c("trip_id", ID, req=True, key=True),
        _c("route_id", ID, req=True, key=True),
        _c("service_id", ID, req=True, key=True),
        _c("trip_headsign", T),
        _c("trip_short_name", T),
        _c("direction_id", I8),
        _c("block_id", ID),
        _c("shape_id", ID),
        _c("wheelchair_accessible", I8),
    ),
    "stop_times": (
        _c("trip_id", ID, req=True, key=True),
        _c("stop_sequence", I32, req=True, key=True),
        _c("stop_id", ID, req=True, key=True),
        _c("arrival_time", TM, req=True),
        _c("departure_time", TM, req=True),
        _c("stop_headsign", T),
        _c("pickup_type", I8, default=0),
        _c("drop_off_type", I8, default=0),
        _c("shape_dist_traveled", F),
        _c("timepoint", I8),
    ),
    "calendar": (
        _c("service_id", ID, req=True, key=True),
        *(_c(day, I8, req=True, key=True) for day in _DAYS),
        _c("start_date", D, req=True, key=True),
        _c("end_date", D, req=True, key=True),
    ),
    "calendar_dates": (
        _c("service_id", ID, req=True, key=True),
        _c("date", D, req=True, key=True),
        _c("exception_type", I8, req=True, key=True),
    ),
    "frequencies": (
        _c("trip_id", ID, req=True, key=True),
        _c("start_time", TM, req=True, key=True),
        _c("end_time", TM, req=True, key=True),
        _c("headway_secs", I32, req=True, key=True),
        _c("exact_times", I8, default=0),
    ),
    "feed_info": (
        _c("feed_id", T),
        _c("feed_publisher_name", T),
        _c("feed_publisher_url", T),
        _c("feed_lang", T),
        _c("feed_start_date", D),
        _c("feed_end_date", D),
        _c("feed_version", T),
    ),
    "transfers": (
        _c("from_stop_id", ID, req=True, key=True),
        _c("to_stop_id", ID, req=True, key=True),
        _c("from_route_id", ID),
        _c("to_route_id", ID),
        _c("from_trip_id", ID),
        _c("to_trip_id", ID),
        _c("transfer_type", I8, default=0),
        _c("min_transfer_time", I32),
    ),
}

# Files without which a feed cannot be routed. A feed also needs calendar.txt or
# calendar_dates.txt (or both).
REQUIRED_FILES = ("agency", "stops", "routes", "trips", "stop_times")
CALENDAR_FILES = ("calendar", "calendar_dates")

# Tables that carry the feed id as a column of their own, besides the scoped ids.
FEED_ID_TABLES = ("agency", "stops")

DAYS = _DAYS


def table_schema(table: str) -> dict[str, pl.DataType]:
    """The polars schema of a table, with ``feed_id`` where the table carries it."""
    schema = {column.name: column.dtype for column in TABLES[table]}
    if table in FEED_ID_TABLES:
        schema["feed_id"] = pl.Utf8()
    return schema


def empty_table(table: str) -> pl.DataFrame:
    """A table with no rows and the declared columns."""
    return pl.DataFrame(schema=table_schema(table))
