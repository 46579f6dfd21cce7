"""GTFS times of day: "HH:MM:SS" (hours may pass 24) <-> seconds since the service day's start.

GTFS measures times from "noon minus 12 h" of the service day, so "25:10:00" is 90,600 s and
belongs to the previous calendar day's service.
"""

from __future__ import annotations

import polars as pl

_TIME_PATTERN = r"^(\d{1,3}):([0-5]\d):([0-5]\d)$"


def parse_time(expr: pl.Expr) -> pl.Expr:
    """Vectorised "H:MM:SS" or "HH:MM:SS" -> Int32 seconds; blank or unparsable -> null."""
    parts = expr.str.strip_chars().str.extract_groups(_TIME_PATTERN)
    hours = parts.struct.field("1").cast(pl.Int32)
    minutes = parts.struct.field("2").cast(pl.Int32)
    seconds = parts.struct.field("3").cast(pl.Int32)
    return hours * 3600 + minutes * 60 + seconds


def format_time(expr: pl.Expr) -> pl.Expr:
    """Int32 seconds -> "HH:MM:SS" (hours past 24 kept, as GTFS writes them); null stays null."""
    hours = (expr // 3600).cast(pl.Utf8).str.zfill(2)
    minutes = ((expr % 3600) // 60).cast(pl.Utf8).str.zfill(2)
    seconds = (expr % 60).cast(pl.Utf8).str.zfill(2)
    return pl.concat_str([hours, minutes, seconds], separator=":")


def seconds_to_text(seconds: int | None) -> str:
    """One time for display: 90600 -> "25:10:00"; None -> ""."""
    if seconds is None:
        return ""
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def text_to_seconds(text: str) -> int:
    """One time typed by a user, "07:30" or "07:30:00" -> seconds; raises ValueError."""
    parts = text.strip().split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a time of day HH:MM[:SS]: {text!r}")
    hours, minutes = int(parts[0]), int(parts[1])
    seconds = int(parts[2]) if len(parts) == 3 else 0
    if minutes > 59 or seconds > 59:
        raise ValueError(f"not a time of day HH:MM[:SS]: {text!r}")
    return hours * 3600 + minutes * 60 + seconds
