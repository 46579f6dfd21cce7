"""The value that every stage receives: one or several GTFS feeds, read and combined."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import polars as pl

from artois_access.errors import DataError
from artois_access.feeds.findings import findings_frame
from artois_access.feeds.schema import TABLES, empty_table

TABLE_NAMES = tuple(TABLES)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Feed:
    """GTFS tables of one or several feeds, combined.

    Each table has the columns and dtypes of :data:`artois_access.feeds.schema.TABLES` (plus
    ``feed_id`` in ``agency`` and ``stops``). Every id column (``stop_id``, ``parent_station``,
    ``route_id``, ``agency_id``, ``trip_id``, ``service_id``, ``shape_id``, ``block_id``, and
    the stop/route/trip ids of ``transfers``) is scoped ``"<feed_id>:<id>"``. Times are Int32
    seconds since the service day's start ("25:10:00" -> 90600; null when blank); dates are
    ``pl.Date``. ``stop_times`` is sorted by ``trip_id, stop_sequence``.

    ``findings`` holds what loading noticed (dropped rows, unparsable values...), in the columns
    of :mod:`artois_access.feeds.findings`.
    """

    feed_ids: tuple[str, ...]
    timezone: str
    agency: pl.DataFrame
    stops: pl.DataFrame
    routes: pl.DataFrame
    trips: pl.DataFrame
    stop_times: pl.DataFrame
    calendar: pl.DataFrame = field(default_factory=partial(empty_table, "calendar"))
    calendar_dates: pl.DataFrame = field(default_factory=partial(empty_table, "calendar_dates"))
    frequencies: pl.DataFrame = field(default_factory=partial(empty_table, "frequencies"))
    feed_info: pl.DataFrame = field(default_factory=partial(empty_table, "feed_info"))
    transfers: pl.DataFrame = field(default_factory=partial(empty_table, "transfers"))
    findings: pl.DataFrame = field(default_factory=findings_frame)

    def __post_init__(self) -> None:
        if not self.feed_ids:
            raise DataError("a Feed needs at least one feed id")
        for table in TABLE_NAMES:
            frame = getattr(self, table)
            missing = [c.name for c in TABLES[table] if c.name not in frame.columns]
            if missing:
                raise DataError(f"Feed.{table} lacks the columns {', '.join(missing)}")
            # Cheap, and it saves every stage from a wrong dtype met deep in a join.
            wrong = [
                f"{c.name} is {frame.schema[c.name]}, not {c.dtype}"
                for c in TABLES[table]
                if frame.schema[c.name] != c.dtype
            ]
            if wrong:
                raise DataError(f"Feed.{table}: {'; '.join(wrong)}; cast the columns")

    def table(self, name: str) -> pl.DataFrame:
        """A table by its GTFS name ("stop_times")."""
        if name not in TABLE_NAMES:
            raise KeyError(name)
        return getattr(self, name)

    def describe(self) -> str:
        """One line: feeds and row counts."""
        counts = ", ".join(
            f"{getattr(self, t).height:,} {t}" for t in ("stops", "routes", "trips", "stop_times")
        )
        return f"feeds {', '.join(self.feed_ids)}: {counts}"
