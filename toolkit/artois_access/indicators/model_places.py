"""The embedded Artois model as the places of an accessibility run.

Read with :func:`artois_access.territory.embedded_model.load_model`: origins are the populated 200 m cells; destinations are all cells (their
``jobs``) plus the opportunity points: ``lycee`` (count), ``university`` (1 per university
pole), ``hospital`` (1 per hospital). The sites' jobs are already counted in their cells by
the model, so the points carry no jobs here (no double count).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import polars as pl
import shapely

from artois_access.indicators.access_run import AccessPlaces
from artois_access.territory.crs import LAEA_EUROPE
from artois_access.territory.embedded_model import load_model
from artois_access.territory.paths import ModelPaths

# A Tuesday inside the model's calendars (2025-01-01 → 2026-12-31), outside school holidays.
MODEL_DATE = "2025-01-28"
CELL_SIZE_M = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelFiles:
    """The model's feeds and every file read (for manifests)."""

    paths: ModelPaths

    @property
    def root(self) -> Path:
        return self.paths.root

    @property
    def feeds(self) -> tuple[Path, ...]:
        return tuple(self.paths.gtfs)

    @property
    def inputs(self) -> tuple[Path, ...]:
        p = self.paths
        return (*p.gtfs, p.grid, p.cites, p.communes, p.opportunities)


def load_model_places(root: Path | None = None) -> tuple[AccessPlaces, ModelFiles]:
    """The model's cells, cités, communes and opportunities as :class:`AccessPlaces`.

    Origins get ``cite_share`` (the share of the cell's area inside a cité, by which its
    population is split between cité and hors cité in the equity figures), ``in_cite`` ("cité"
    when any part of the cell lies in a cité, else
    "hors cité"), ``insee`` and ``epci``."""
    model = load_model(root)
    files = ModelFiles(paths=model.paths)
    grid = model.cells
    # INSEE cells are 200 m squares whose lower-left corner is (x_3035, y_3035).
    x = grid["x_3035"].to_numpy().astype(np.float64)
    y = grid["y_3035"].to_numpy().astype(np.float64)
    cells = gpd.GeoDataFrame(
        {
            "id": grid["id"].cast(pl.Utf8).to_numpy(),
            "insee": grid["insee"].cast(pl.Utf8).to_numpy(),
            "lon": grid["lon"].to_numpy(),
            "lat": grid["lat"].to_numpy(),
            "population": grid["population"].to_numpy(),
            "jobs": grid["jobs"].to_numpy(),
        },
        geometry=shapely.box(x, y, x + CELL_SIZE_M, y + CELL_SIZE_M),
        crs=LAEA_EUROPE,
    )
    cites, points = model.cites, model.opportunities
    communes = model.communes.assign(id=model.communes["insee"].astype(str))
    cite_area = shapely.union_all(cites.to_crs(cells.crs).geometry.to_numpy())
    cite_share = np.asarray(
        shapely.area(shapely.intersection(cells.geometry.to_numpy(), cite_area))
        / (CELL_SIZE_M * CELL_SIZE_M)
    ).clip(0.0, 1.0)
    epci_of = dict(zip(communes["id"], communes["epci"].astype(str), strict=True))
    table = pl.DataFrame(
        {
            "id": cells["id"].to_numpy(),
            "lon": cells["lon"].to_numpy().astype(np.float64),
            "lat": cells["lat"].to_numpy().astype(np.float64),
            "population": cells["population"].to_numpy().astype(np.float64),
            "jobs": cells["jobs"].to_numpy().astype(np.float64),
            "insee": cells["insee"].astype(str).to_numpy(),
            "epci": [epci_of.get(str(i), "") for i in cells["insee"]],
            "in_cite": np.where(cite_share > 0, "cité", "hors cité"),
            "cite_share": cite_share,
        }
    )
    origins = table.filter(pl.col("population") > 0).drop("jobs")
    kind = points["kind"].astype(str)
    sites = pl.DataFrame(
        {
            "id": points["id"].astype(str).to_numpy(),
            "lon": points.geometry.x.to_numpy(),
            "lat": points.geometry.y.to_numpy(),
            "jobs": np.zeros(len(points)),
            "lycee": points["lycee"].to_numpy().astype(np.float64),
            "university": (kind == "university").to_numpy().astype(np.float64),
            "hospital": (kind == "health").to_numpy().astype(np.float64),
        }
    )
    destinations = pl.concat(
        [
            table.select("id", "lon", "lat", "jobs").with_columns(
                lycee=pl.lit(0.0), university=pl.lit(0.0), hospital=pl.lit(0.0)
            ),
            sites,
        ]
    )
    places = AccessPlaces(
        origins=origins,
        destinations=destinations,
        cells=cells[["id", "geometry"]],
        cites=cites,
        communes=communes,
    )
    return places, files
