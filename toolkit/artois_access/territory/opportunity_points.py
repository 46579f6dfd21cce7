"""Loader of a points layer carrying an opportunity count (jobs, places, beds...)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from artois_access.territory.layer_checks import check_counts, check_unique_ids, require_columns
from artois_access.territory.places import read_places


def read_opportunity_points(
    path: str | Path, *, column: str, id_column: str = "id", crs: str | None = None
) -> pl.DataFrame:
    """Read points with an opportunity count.

    Accepts what :func:`read_places` reads (CSV ``id,lon,lat`` or ``id,x,y`` in Lambert-93,
    GeoPackage, GeoJSON, GeoParquet; polygons become a representative point). Returns ``id``,
    ``lon``, ``lat``, ``column`` (Float64) and the other columns. Raises DataError when the
    column is missing, not numeric, missing or negative somewhere, or ids repeat.
    """
    path = Path(path)
    frame = read_places(path, id_column=id_column, crs=crs)
    require_columns(
        frame.columns,
        [column],
        path,
        f"add a numeric {column} column or choose another with --column",
    )
    check_unique_ids(frame["id"], path, id_column)
    values = frame[column]
    if values.dtype == pl.Utf8:
        values = values.cast(pl.Float64, strict=False)
    check_counts(values, path, column)
    return frame.with_columns(values.cast(pl.Float64).alias(column))
