"""Loader of INSEE's Filosofi 200 m population grid (GeoPackage or CSV).

Cells are identified by ``idcar_200m`` (``CRS3035RES200mN{Y}E{X}``, lower-left corner in
EPSG:3035); the population is ``ind`` (``Ind`` in recent releases, ``Men``... are ignored).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import polars as pl
import pyogrio

from artois_access.errors import DataError
from artois_access.territory.crs import LAEA_EUROPE, WGS84, transformer
from artois_access.territory.layer_checks import check_counts, check_unique_ids, find_column

CELL_ID_PATTERN = r"^CRS3035RES(\d+)mN(\d+)E(\d+)$"
ID_COLUMNS = ("idcar_200m", "idinspire", "idcar", "id_carr_200m", "id")
POPULATION_COLUMNS = ("ind", "ind_c", "population")


def read_filosofi_grid(
    path: str | Path, *, layer: str | None = None, population_column: str | None = None
) -> pl.DataFrame:
    """Read a Filosofi grid.

    Returns one row per cell, sorted by id: ``id`` (Utf8), ``population`` (Float64: Filosofi
    imputes fractional counts), ``cell_size_m``, ``x_3035``, ``y_3035`` (Int64, lower-left
    corner), ``lon``, ``lat`` (cell centre, WGS84), then the file's other columns.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such file; give the Filosofi GeoPackage or CSV")
    if path.suffix.lower() == ".csv":
        frame = pl.read_csv(path, infer_schema_length=10000)
    else:
        try:
            layers = [name for name, _ in pyogrio.list_layers(path)]
            chosen = layer or ("carreaux_200m" if "carreaux_200m" in layers else layers[0])
            info = pyogrio.read_info(path, layer=chosen)
            table = pyogrio.read_dataframe(path, layer=chosen, read_geometry=False)
        except Exception as exc:  # GDAL raises several classes for unreadable files
            raise DataError(f"{path}: not a readable GeoPackage ({exc}); check the file") from exc
        crs = info.get("crs")
        if crs is not None and "3035" not in str(crs):
            raise DataError(
                f"{path}: layer {chosen} is in {crs}, not EPSG:3035; Filosofi cells are "
                "EPSG:3035 squares: reproject the layer or give INSEE's original file"
            )
        frame = pl.from_pandas(table)
    id_column = find_column(frame.columns, ID_COLUMNS)
    pop_column = population_column or find_column(frame.columns, POPULATION_COLUMNS)
    if id_column is None or pop_column is None or pop_column not in frame.columns:
        raise DataError(
            f"{path}: needs a cell id column (idcar_200m) and a population column (ind or Ind); "
            f"found {', '.join(frame.columns[:12])}; rename them or pass population_column"
        )
    frame = frame.rename(
        {id_column: "id", pop_column: "population"}
        if pop_column != "population"
        else {id_column: "id"}
    )
    frame = frame.with_columns(
        pl.col("id").cast(pl.Utf8), pl.col("population").cast(pl.Float64, strict=False)
    )
    check_unique_ids(frame["id"], path, id_column)
    check_counts(frame["population"], path, pop_column)
    parts = frame["id"].str.extract_groups(CELL_ID_PATTERN)
    bad = parts.struct.field("1").is_null()
    if bad.any():
        example = frame["id"].filter(bad).head(1).item()
        raise DataError(
            f"{path}: {int(bad.sum())} id(s) not of the form CRS3035RES200mN<y>E<x> (e.g. "
            f"{example!r}); use INSEE's idcar_200m column"
        )
    size = parts.struct.field("1").cast(pl.Int64)
    y = parts.struct.field("2").cast(pl.Int64)
    x = parts.struct.field("3").cast(pl.Int64)
    lon, lat = transformer(LAEA_EUROPE, WGS84).transform(
        (x + size / 2).to_numpy(), (y + size / 2).to_numpy()
    )
    extra = [c for c in frame.columns if c not in {"id", "population"}]
    return (
        frame.with_columns(
            size.alias("cell_size_m"),
            x.alias("x_3035"),
            y.alias("y_3035"),
            pl.Series("lon", np.round(lon, 6)),
            pl.Series("lat", np.round(lat, 6)),
        )
        .select(
            "id",
            "population",
            "cell_size_m",
            "x_3035",
            "y_3035",
            "lon",
            "lat",
            *[c for c in extra if c not in {"cell_size_m", "x_3035", "y_3035", "lon", "lat"}],
        )
        .sort("id")
    )


def parse_cell_id(cell_id: str) -> tuple[int, int, int]:
    """``(cell_size_m, x_3035, y_3035)`` of an INSEE cell id."""
    match = re.match(CELL_ID_PATTERN, cell_id)
    if match is None:
        raise DataError(f"{cell_id!r} is not an INSEE cell id (CRS3035RES200mN<y>E<x>)")
    return int(match[1]), int(match[3]), int(match[2])
