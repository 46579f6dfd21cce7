"""Loader of a cités minières layer (polygons or points, with a name)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import polars as pl
import pyogrio

from artois_access.errors import DataError
from artois_access.territory.layer_checks import (
    check_counts,
    check_crs,
    check_unique_ids,
    find_column,
)

NAME_COLUMNS = ("name", "nom", "nom_cite", "libelle")


def read_cites(
    path: str | Path, *, id_column: str | None = "id", name_column: str | None = None
) -> gpd.GeoDataFrame:
    """Read cités minières.

    Returns a GeoDataFrame in WGS84 with ``id`` (Utf8, unique; made from the row order as
    ``CITE-0001``... when ``id_column`` is None or absent), ``name``, the other columns and the
    geometry (polygons or points). Checks the CRS, ids, names and a ``dwellings`` column when
    present (no negative or missing count).
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such file; give a GeoPackage/GeoJSON of cités")
    try:
        frame = pyogrio.read_dataframe(path)
    except Exception as exc:
        raise DataError(f"{path}: not a readable vector file ({exc})") from exc
    check_crs(frame.crs, path)
    if frame.geometry.isna().any() or frame.geometry.is_empty.any():
        raise DataError(
            f"{path}: {int((frame.geometry.isna() | frame.geometry.is_empty).sum())} cité(s) without geometry; draw them or remove the rows"
        )
    kinds = set(frame.geom_type.unique())
    if not kinds <= {"Polygon", "MultiPolygon", "Point"}:
        raise DataError(f"{path}: geometries {sorted(kinds)}; cités must be polygons or points")
    name = name_column or find_column(list(frame.columns), NAME_COLUMNS)
    if name is None or name not in frame.columns:
        raise DataError(f"{path}: no name column (name or nom); add one or pass name_column")
    frame = frame.rename(columns={name: "name"})
    if id_column and id_column in frame.columns:
        frame = frame.rename(columns={id_column: "id"})
        frame["id"] = frame["id"].astype(str)
    else:
        frame["id"] = [f"CITE-{i + 1:04d}" for i in range(len(frame))]
    check_unique_ids(pl.Series("id", frame["id"].tolist()), path, id_column or "id")
    if "dwellings" in frame.columns:
        check_counts(pl.Series("dwellings", frame["dwellings"].tolist()), path, "dwellings")
    others = [c for c in frame.columns if c not in {"id", "name", "geometry"}]
    return frame[["id", "name", *others, "geometry"]].to_crs("EPSG:4326")
