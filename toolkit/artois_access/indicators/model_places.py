"""The embedded Artois model as the places of an accessibility run.

Read from the files the model build writes (``grids/*.gpkg``, ``gtfs/*.zip`` under the
repository root): origins are the populated 200 m cells; destinations are all cells (their
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

from artois_access.errors import DataError
from artois_access.indicators.access_run import AccessPlaces

GRID_GPKG = Path("grids/population_200m.gpkg")
CITES_GPKG = Path("grids/cites.gpkg")
COMMUNES_GPKG = Path("grids/communes.gpkg")
OPPORTUNITIES_GPKG = Path("grids/opportunities.gpkg")
MODEL_FEEDS = (Path("gtfs/tadao-model.zip"), Path("gtfs/ter-model.zip"))
# A Tuesday inside the model's calendars (2025-01-01 → 2026-12-31), outside school holidays.
MODEL_DATE = "2025-01-28"


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelFiles:
    root: Path

    @property
    def feeds(self) -> tuple[Path, ...]:
        return tuple(self.root / p for p in MODEL_FEEDS)

    @property
    def inputs(self) -> tuple[Path, ...]:
        layers = (GRID_GPKG, CITES_GPKG, COMMUNES_GPKG, OPPORTUNITIES_GPKG)
        return (*self.feeds, *(self.root / p for p in layers))


def model_root() -> Path:
    """The repository root holding ``grids/`` and ``gtfs/``: the current folder if it has
    them, else the checkout the package was installed from."""
    for candidate in (Path.cwd(), Path(__file__).resolve().parents[3]):
        if (candidate / GRID_GPKG).exists():
            return candidate
    raise DataError(
        "the embedded model's files (grids/population_200m.gpkg…) were not found; run "
        "`artois-access model build` in the repository, or give --origins/--destinations"
    )


def load_model_places(root: Path | None = None) -> tuple[AccessPlaces, ModelFiles]:
    """The model's cells, cités, communes and opportunities as :class:`AccessPlaces`.

    Origins get ``in_cite`` ("cité" when any part of the cell lies in a cité, else
    "hors cité"), ``insee`` and ``epci``."""
    files = ModelFiles(root=root or model_root())
    cells = gpd.read_file(files.root / GRID_GPKG, engine="pyogrio")
    cites = gpd.read_file(files.root / CITES_GPKG, engine="pyogrio")
    communes = gpd.read_file(files.root / COMMUNES_GPKG, engine="pyogrio")
    points = gpd.read_file(files.root / OPPORTUNITIES_GPKG, engine="pyogrio")
    communes = communes.assign(id=communes["insee"].astype(str))
    cells = cells.assign(id=cells["id"].astype(str))
    touching = gpd.sjoin(cells[["id", "geometry"]], cites.to_crs(cells.crs)[["geometry"]])
    in_cite = cells["id"].isin(set(touching["id"]))
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
            "in_cite": np.where(in_cite, "cité", "hors cité"),
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
