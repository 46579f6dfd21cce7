"""Loading the embedded Artois model that ``artois-access model build`` wrote."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import polars as pl
import pyogrio

from artois_access.errors import DataError
from artois_access.territory.paths import ModelPaths, model_paths


@dataclass(frozen=True, slots=True, kw_only=True)
class Territory:
    """The embedded model, ready for the other stages.

    - ``communes``: GeoDataFrame (WGS84) ``insee, name, epci, population, centre_lon,
      centre_lat, provenance, geometry``;
    - ``cells``: polars ``id`` (CRS3035RES200mN…E…), ``insee``, ``x_3035``, ``y_3035``,
      ``lon``, ``lat`` (cell centre), ``population``, ``jobs`` (Int64), ``provenance``;
    - ``cites``: GeoDataFrame (WGS84, polygons) ``id, name, insee, commune, epci, dwellings,
      erbm, unesco, provenance, geometry``;
    - ``opportunities``: GeoDataFrame (WGS84, points) ``id, name, kind, insee, jobs,
      students, lycee, provenance, geometry``;
    - ``paths``: where the files are; ``paths.gtfs`` are the two model feeds.
    """

    communes: gpd.GeoDataFrame
    cells: pl.DataFrame
    cites: gpd.GeoDataFrame
    opportunities: gpd.GeoDataFrame
    paths: ModelPaths

    @property
    def gtfs(self) -> tuple[Path, Path]:
        return self.paths.gtfs


def _read(path: Path, **kwargs) -> gpd.GeoDataFrame:
    if not path.exists():
        raise DataError(
            f"{path}: missing model file; rebuild the model with `artois-access model build`"
        )
    return pyogrio.read_dataframe(path, **kwargs)


def load_model(root: str | Path | None = None) -> Territory:
    """Load the model from ``root`` (default: this repository; see :func:`model_paths`)."""
    paths = model_paths(root)
    for feed in paths.gtfs:
        if not feed.exists():
            raise DataError(
                f"{feed}: missing model feed; rebuild it with `artois-access model build`"
            )
    cells = pl.from_pandas(_read(paths.grid, read_geometry=False)).with_columns(
        pl.col("population").cast(pl.Int64), pl.col("jobs").cast(pl.Int64)
    )
    return Territory(
        communes=_read(paths.communes),
        cells=cells,
        cites=_read(paths.cites),
        opportunities=_read(paths.opportunities),
        paths=paths,
    )
