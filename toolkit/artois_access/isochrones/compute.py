"""Isochrones from a transit network: route to a fine grid, then contour it."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import polars as pl

from artois_access.errors import InputError
from artois_access.isochrones.polygons import TimeSurface, isochrone_polygons
from artois_access.isochrones.surface import travel_time_surface
from artois_access.territory.crs import LAEA_EUROPE

UNREACHED = 65535


def network_surface(
    network,
    origins: pl.DataFrame,
    *,
    percentile: int = 50,
    cell_size_m: float = 100.0,
    crs: str = LAEA_EUROPE,
) -> TimeSurface:
    """Travel-time surface (minutes at ``percentile``) from ``origins`` (``id, lon, lat``)
    over a ``TransitNetwork``; the grid reaches as far as the longest walk from any stop."""
    params = network.parameters
    # Every walk is at most max_walk_time at walk speed along the street or the straight
    # line × detour, so no reachable point lies farther than this from a stop or an origin.
    reach_m = params.walk_speed_kmh / 3.6 * params.max_walk_time_min * 60 + cell_size_m

    def times(o: pl.DataFrame, d: pl.DataFrame) -> np.ndarray:
        raw = network.travel_times(o, d, percentiles=[percentile])[:, :, 0]
        return np.where(raw == UNREACHED, np.inf, raw.astype(np.float64))

    return travel_time_surface(
        origins,
        network.timetable.stops,
        times,
        cell_size_m=cell_size_m,
        walk_reach_m=reach_m,
        crs=crs,
    )


def compute_isochrones(
    network,
    origins: pl.DataFrame,
    cutoffs_min: Sequence[float],
    *,
    percentile: int = 50,
    cell_size_m: float = 100.0,
    crs: str = LAEA_EUROPE,
) -> gpd.GeoDataFrame:
    """Isochrone polygons of ``origins`` (the set's: minimum over them), one row per cutoff.

    Columns: ``cutoff_min``, ``percentile``, ``area_km2``, geometry (polygons in ``crs``,
    with holes where unreachable; each cutoff's polygon contains the smaller ones)."""
    max_time = network.parameters.max_time_min
    too_far = [c for c in cutoffs_min if c > max_time]
    if too_far:
        raise InputError(
            f"cutoff {too_far[0]:g} min is above max_time {max_time} min; raise --max-time"
        )
    surface = network_surface(
        network, origins, percentile=percentile, cell_size_m=cell_size_m, crs=crs
    )
    records = isochrone_polygons(surface, cutoffs_min)
    for record in records:
        record["percentile"] = percentile
    frame = gpd.GeoDataFrame(records, geometry="geometry", crs=crs)
    return frame[["cutoff_min", "percentile", "area_km2", "geometry"]]
