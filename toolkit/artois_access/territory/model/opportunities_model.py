"""Opportunities of the model: named sites (jobs, health, university), modelled lycées, and
jobs per 200 m cell."""

from __future__ import annotations

import math
from enum import StrEnum

import geopandas as gpd
import numpy as np
import polars as pl
import shapely

from artois_access.territory.crs import LAEA_EUROPE, WGS84, transformer
from artois_access.territory.model.allocation import allocate_largest_remainder
from artois_access.territory.model.population_grid import GRID_PROVENANCE
from artois_access.territory.model.spec import ModelSpec

LYCEE_RING_M = 350.0  # distance of modelled lycées from the commune centre


class OpportunityKind(StrEnum):
    """Kinds of opportunity points in ``grids/opportunities.gpkg``."""

    JOB_SITE = "job_site"
    HEALTH = "health"
    UNIVERSITY = "university"
    LYCEE = "lycee"


def build_opportunities(spec: ModelSpec, communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Opportunity points in WGS84.

    Columns: ``id, name, kind, insee, jobs, students, lycee, provenance, geometry``. ``jobs`` are
    the jobs of the site (also counted in the grid's ``jobs``), ``lycee`` is 1 for a lycée.
    """
    pois = spec.pois.rows_by_key("id", named=True, unique=True)
    rows = []
    for site in spec.sites.iter_rows(named=True):
        poi = pois[site["poi"]]
        rows.append(
            {
                "id": site["id"],
                "name": site["name"],
                "kind": OpportunityKind(site["kind"]).value,
                "insee": poi["insee"],
                "jobs": int(site["jobs"]),
                "students": int(site["students"]),
                "lycee": 0,
                "provenance": site["provenance"],
                "geometry": shapely.Point(poi["lon"], poi["lat"]),
            }
        )
    to_laea, to_wgs = transformer(WGS84, LAEA_EUROPE), transformer(LAEA_EUROPE, WGS84)
    by_insee = communes.set_index("insee")
    for row in spec.education.sort("insee").iter_rows(named=True):
        commune = by_insee.loc[row["insee"]]
        cx, cy = to_laea.transform(commune["centre_lon"], commune["centre_lat"])
        count = int(row["lycees"])
        for k in range(count):
            angle = 2.0 * math.pi * k / count
            lon, lat = to_wgs.transform(
                cx + LYCEE_RING_M * math.cos(angle), cy + LYCEE_RING_M * math.sin(angle)
            )
            rows.append(
                {
                    "id": f"LYC-{row['insee']}-{k + 1}",
                    "name": f"Lycée {k + 1} de {commune['name']} (modèle)",
                    "kind": OpportunityKind.LYCEE.value,
                    "insee": row["insee"],
                    "jobs": 0,
                    "students": 0,
                    "lycee": 1,
                    "provenance": row["provenance"],
                    "geometry": shapely.Point(round(lon, 6), round(lat, 6)),
                }
            )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)


def add_jobs(spec: ModelSpec, cells: pl.DataFrame, opportunities: gpd.GeoDataFrame) -> pl.DataFrame:
    """The grid with a ``jobs`` column (Int64) summing to ``grid.toml [jobs] total``.

    Site jobs go to the cell holding the site (a jobs-only cell with population 0 is added
    when the site lies in an empty cell); the other jobs follow population ** exponent.
    """
    params = spec.grid["jobs"]
    size = int(spec.grid["population"]["cell_size_m"])
    sites = opportunities[opportunities["jobs"] > 0]
    x, y = transformer(WGS84, LAEA_EUROPE).transform(
        sites.geometry.x.to_numpy(), sites.geometry.y.to_numpy()
    )
    site_cells = (
        pl.DataFrame(
            {
                "x_3035": (np.floor(x / size) * size).astype(np.int64),
                "y_3035": (np.floor(y / size) * size).astype(np.int64),
                "insee": sites["insee"].to_list(),
                "site_jobs": sites["jobs"].to_numpy().astype(np.int64),
            }
        )
        .group_by("x_3035", "y_3035")
        .agg(pl.col("insee").first(), pl.col("site_jobs").sum())
    )
    missing = site_cells.join(cells, on=["x_3035", "y_3035"], how="anti")
    if missing.height:
        lon, lat = transformer(LAEA_EUROPE, WGS84).transform(
            missing["x_3035"].to_numpy() + size / 2.0, missing["y_3035"].to_numpy() + size / 2.0
        )
        extra = missing.select(
            pl.format("CRS3035RES{}mN{}E{}", pl.lit(size), "y_3035", "x_3035").alias("id"),
            "insee",
            "x_3035",
            "y_3035",
            pl.Series("lon", np.round(lon, 6)),
            pl.Series("lat", np.round(lat, 6)),
            pl.lit(0, dtype=pl.Int64).alias("population"),
            pl.lit(GRID_PROVENANCE).alias("provenance"),
        )
        cells = pl.concat([cells, extra]).sort("id")
    cells = cells.join(site_cells.drop("insee"), on=["x_3035", "y_3035"], how="left").with_columns(
        pl.col("site_jobs").fill_null(0)
    )
    diffuse_total = int(params["total"]) - int(cells["site_jobs"].sum())
    weights = cells["population"].to_numpy().astype(np.float64) ** float(
        params["population_exponent"]
    )
    diffuse = allocate_largest_remainder(diffuse_total, weights)
    return cells.with_columns((pl.col("site_jobs") + pl.Series(diffuse)).alias("jobs")).drop(
        "site_jobs"
    )
