"""The findings table: what loading and validation found wrong or noteworthy in feeds.

Columns: ``rule`` (Utf8, a :class:`Rule` value), ``severity`` (Utf8, a :class:`Severity` value),
``file`` (Utf8, e.g. ``"ter:stop_times.txt"``), ``count`` (Int64, rows concerned), ``examples``
(Utf8, up to five offending values, comma-separated).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import polars as pl

MAX_EXAMPLES = 5


class Severity(StrEnum):
    ERROR = "error"  # routing on this feed gives wrong or missing answers
    WARNING = "warning"  # suspicious, probably harmless for routing
    INFO = "info"


class Rule(StrEnum):
    """The checks; each finding names one."""

    ROWS_DROPPED = "rows_dropped_at_load"
    UNPARSABLE_VALUE = "unparsable_value"
    UNPARSABLE_TIME = "unparsable_time"
    DUPLICATE_ID = "duplicate_id"
    UNKNOWN_REFERENCE = "unknown_reference"
    UNKNOWN_COLUMNS = "unknown_columns"
    NOT_UTF8 = "not_utf8"
    TIMEZONE_MISMATCH = "timezone_mismatch"
    DECREASING_TIMES = "decreasing_stop_times"
    UNTIMED_TRIP_END = "trip_end_without_time"
    INTERPOLATED_TIMES = "interpolated_stop_times"
    TRIP_WITHOUT_STOP_TIMES = "trip_without_stop_times"
    MISSING_COORDINATES = "stop_without_coordinates"
    ZERO_COORDINATES = "stop_at_zero_zero"
    DATE_NOT_COVERED = "date_not_covered"
    IMPOSSIBLE_SPEED = "impossible_speed"


FINDINGS_SCHEMA: dict[str, pl.DataType] = {
    "rule": pl.Utf8(),
    "severity": pl.Utf8(),
    "file": pl.Utf8(),
    "count": pl.Int64(),
    "examples": pl.Utf8(),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    rule: Rule
    severity: Severity
    file: str
    count: int
    examples: str = ""


def examples_of(values: Iterable[object] | pl.Series, limit: int = MAX_EXAMPLES) -> str:
    """Up to ``limit`` distinct values, in first-seen order, as one comma-separated string."""
    if isinstance(values, pl.Series):
        values = values.head(10 * limit).to_list()
    seen: list[str] = []
    for value in values:
        text = "" if value is None else str(value)
        if text not in seen:
            seen.append(text)
        if len(seen) == limit:
            break
    return ", ".join(seen)


def findings_frame(findings: Sequence[Finding] = ()) -> pl.DataFrame:
    """A findings table from :class:`Finding` values (possibly none)."""
    return pl.DataFrame(
        {
            "rule": [str(f.rule) for f in findings],
            "severity": [str(f.severity) for f in findings],
            "file": [f.file for f in findings],
            "count": [f.count for f in findings],
            "examples": [f.examples for f in findings],
        },
        schema=FINDINGS_SCHEMA,
    )


def concat_findings(frames: Iterable[pl.DataFrame]) -> pl.DataFrame:
    """Findings tables one after the other, errors first, then by rule and file."""
    frames = [frame for frame in frames if frame.height]
    if not frames:
        return findings_frame()
    order = {str(s): i for i, s in enumerate(Severity)}
    combined = pl.concat(frames, how="vertical")
    return (
        combined.with_columns(pl.col("severity").replace_strict(order, default=9).alias("_o"))
        .sort(["_o", "rule", "file"], maintain_order=True)
        .drop("_o")
    )


def has_errors(findings: pl.DataFrame) -> bool:
    return findings.filter(pl.col("severity") == str(Severity.ERROR)).height > 0
