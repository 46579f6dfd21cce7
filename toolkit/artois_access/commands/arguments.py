"""Parsing of the option values that several subcommands share (dates, clock times)."""

from __future__ import annotations

import datetime as dt

from artois_access.errors import InputError


def parse_date(text: str, option: str = "--date") -> dt.date:
    """``YYYY-MM-DD`` → date; anything else is an :class:`InputError` naming the option."""
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise InputError(f"{option} {text!r} is not a date; write it YYYY-MM-DD") from None


def parse_clock(text: str, option: str) -> dt.time:
    """``HH:MM`` (a time of day, 00:00–23:59) → time."""
    try:
        hours, minutes = text.split(":")
        return dt.time(int(hours), int(minutes))
    except (AttributeError, TypeError, ValueError):
        raise InputError(f"{option} {text!r} is not a time of day; write it HH:MM") from None
