"""The travel-time surface behind isochrones: times from the origins to the centres of a
regular grid in a metric CRS.

The grid covers the stops and origins, widened by the longest walk, and only the grid
points within walking reach of a stop or of an origin are routed (the others cannot be
reached: a place is reached by walking from the origin or from a stop). With several
origins, the surface is the minimum over them: the isochrone of a set of origins.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import polars as pl
from scipy.spatial import cKDTree

from artois_access.errors import InputError
from artois_access.isochrones.polygons import TimeSurface
from artois_access.territory.crs import LAEA_EUROPE, WGS84, transformer

# (origins, destinations) → minutes [n_origins, n_destinations], inf where unreached.
# Both tables have ``id``, ``lon``, ``lat`` (WGS84).
TravelTimes = Callable[[pl.DataFrame, pl.DataFrame], np.ndarray]


def grid_points(
    origins: pl.DataFrame,
    stops: pl.DataFrame,
    *,
    cell_size_m: float,
    walk_reach_m: float,
    crs: str = LAEA_EUROPE,
) -> tuple[TimeSurface, np.ndarray, pl.DataFrame]:
    """The empty surface (all ``inf``), the flat indices of the grid points to route, and
    those points as a table ``id, lon, lat``. ``stops`` has ``stop_lon, stop_lat``."""
    if not cell_size_m > 0:
        raise InputError(f"cell size must be > 0 m, got {cell_size_m}")
    to_metric = transformer(WGS84, crs)
    ox, oy = to_metric.transform(origins["lon"].to_numpy(), origins["lat"].to_numpy())
    sx, sy = to_metric.transform(stops["stop_lon"].to_numpy(), stops["stop_lat"].to_numpy())
    anchors = np.column_stack([np.concatenate([ox, sx]), np.concatenate([oy, sy])])
    lo = np.floor((anchors.min(axis=0) - walk_reach_m) / cell_size_m) * cell_size_m
    hi = np.ceil((anchors.max(axis=0) + walk_reach_m) / cell_size_m) * cell_size_m
    nx, ny = (np.round((hi - lo) / cell_size_m).astype(int) + 1).tolist()
    if nx * ny > 5_000_000:
        raise InputError(
            f"isochrone grid of {nx}×{ny} cells is too large; raise --cell-size "
            f"(now {cell_size_m:g} m) or restrict the feeds to the area"
        )
    xs = lo[0] + cell_size_m * np.arange(nx)
    ys = lo[1] + cell_size_m * np.arange(ny)
    gx, gy = np.meshgrid(xs, ys)
    flat = np.column_stack([gx.ravel(), gy.ravel()])
    near, _ = cKDTree(anchors).query(flat, k=1, distance_upper_bound=walk_reach_m)
    keep = np.flatnonzero(np.isfinite(near))
    lon, lat = transformer(crs, WGS84).transform(flat[keep, 0], flat[keep, 1])
    points = pl.DataFrame(
        {"id": [f"g{i}" for i in keep], "lon": np.asarray(lon), "lat": np.asarray(lat)}
    )
    surface = TimeSurface(
        times_min=np.full((ny, nx), np.inf),
        x0_m=float(lo[0]),
        y0_m=float(lo[1]),
        cell_size_m=float(cell_size_m),
        crs=crs,
    )
    return surface, keep, points


def travel_time_surface(
    origins: pl.DataFrame,
    stops: pl.DataFrame,
    travel_times: TravelTimes,
    *,
    cell_size_m: float = 100.0,
    walk_reach_m: float = 1200.0,
    crs: str = LAEA_EUROPE,
) -> TimeSurface:
    """Minutes from the nearest (in time) of ``origins`` to each grid centre; ``inf`` where
    unreached. ``walk_reach_m`` must be at least the longest walk the router allows."""
    if origins.height == 0:
        raise InputError("isochrones: no origin given")
    surface, keep, points = grid_points(
        origins, stops, cell_size_m=cell_size_m, walk_reach_m=walk_reach_m, crs=crs
    )
    times = np.asarray(travel_times(origins, points), dtype=np.float64)
    best = times.min(axis=0) if times.size else np.full(points.height, np.inf)
    flat = surface.times_min.ravel().copy()
    flat[keep] = best
    return TimeSurface(
        times_min=flat.reshape(surface.times_min.shape),
        x0_m=surface.x0_m,
        y0_m=surface.y0_m,
        cell_size_m=surface.cell_size_m,
        crs=surface.crs,
    )
