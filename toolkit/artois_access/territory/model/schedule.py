"""Departure times from headways by period of the day and day type."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class DayType(StrEnum):
    """The three calendars of the model feeds; values are their GTFS service_id."""

    WEEKDAY = "weekday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"


# GTFS calendar day flags (monday..sunday) of each day type.
DAY_FLAGS: dict[DayType, tuple[int, ...]] = {
    DayType.WEEKDAY: (1, 1, 1, 1, 1, 0, 0),
    DayType.SATURDAY: (0, 0, 0, 0, 0, 1, 0),
    DayType.SUNDAY: (0, 0, 0, 0, 0, 0, 1),
}


def parse_hhmm(text: str) -> int:
    """Seconds after midnight of ``HH:MM`` (hours may exceed 23)."""
    hours, minutes = text.split(":")
    return int(hours) * 3600 + int(minutes) * 60


def format_gtfs_time(seconds: int) -> str:
    """``HH:MM:SS`` with hours past 24 for trips running after midnight."""
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def departures_from_headways(
    periods: dict[str, str], service: dict[str, Any], day_type: DayType
) -> list[int]:
    """First-stop departures (seconds after midnight) of one day type.

    ``periods`` maps period names to their start ``HH:MM``; ``service`` holds ``first``,
    ``last`` and, per day type, the headway in minutes of each period (0: no service).
    """
    headways = service.get(day_type.value, {})
    starts = sorted((parse_hhmm(start), name) for name, start in periods.items())
    first, last = parse_hhmm(service["first"]), parse_hhmm(service["last"])

    def period_at(t: int) -> tuple[str, int]:
        current, next_start = starts[0][1], 10**9
        for index, (start, name) in enumerate(starts):
            if start <= t:
                current = name
                next_start = starts[index + 1][0] if index + 1 < len(starts) else 10**9
        return current, next_start

    times: list[int] = []
    t = first
    while t <= last:
        name, next_start = period_at(t)
        headway_min = int(headways.get(name, 0))
        if headway_min <= 0:
            t = next_start
            continue
        times.append(t)
        t += headway_min * 60
    return times
