"""Checks shared by the loaders: required columns, unique ids, counts, CRS."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from artois_access.errors import DataError


def require_columns(frame_columns: list[str], required: list[str], path: Path, hint: str) -> None:
    missing = [c for c in required if c not in frame_columns]
    if missing:
        raise DataError(
            f"{path}: missing column(s) {', '.join(missing)} (has {', '.join(frame_columns[:12])}); {hint}"
        )


def find_column(columns: list[str], candidates: tuple[str, ...]) -> str | None:
    """The first column whose name matches a candidate, ignoring case."""
    lowered = {c.lower(): c for c in columns}
    for name in candidates:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


def check_unique_ids(ids: pl.Series, path: Path, column: str) -> None:
    if ids.null_count():
        raise DataError(f"{path}: {ids.null_count()} row(s) without {column}; give every row an id")
    duplicated = ids.filter(ids.is_duplicated()).unique().sort()
    if duplicated.len():
        shown = ", ".join(duplicated.head(3).cast(pl.Utf8).to_list())
        raise DataError(
            f"{path}: {duplicated.len()} duplicated {column} value(s) (e.g. {shown}); ids must be unique"
        )


def check_counts(values: pl.Series, path: Path, column: str) -> None:
    """A count column: numeric, no missing value, no negative value."""
    if not values.dtype.is_numeric():
        raise DataError(f"{path}: column {column} is {values.dtype}, not a number; fix the file")
    if values.null_count():
        raise DataError(
            f"{path}: {values.null_count()} row(s) with a missing {column}; write 0 where there is none"
        )
    negative = int((values < 0).sum())
    if negative:
        raise DataError(f"{path}: {negative} row(s) with a negative {column}; counts must be >= 0")


def check_crs(crs: object, path: Path) -> None:
    if crs is None:
        raise DataError(
            f"{path}: the layer has no CRS; set it (e.g. in QGIS: Layer > Set CRS) and save again"
        )
