"""Isochrone polygons from a travel-time surface on a regular grid.

The polygon of a cutoff ``c`` is the union of the grid's square cells whose travel time is
strictly below ``c`` (the strict ``<`` of cumulative access). Built this way the 15-minute
polygon lies inside the 30-minute one exactly, not within a tolerance, and a place that is
unreachable (an infinite time) is a hole. Cells are first merged into horizontal runs per
row, so the union handles a few thousand rectangles rather than every cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely

from artois_access.errors import InputError


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeSurface:
    """Travel times (minutes, float; ``inf`` = unreached) at the centres of a regular grid.

    ``times_min[row, col]`` is at ``(x0_m + col·cell_size_m, y0_m + row·cell_size_m)`` in the
    metric CRS ``crs`` (e.g. "EPSG:3035")."""

    times_min: np.ndarray
    x0_m: float
    y0_m: float
    cell_size_m: float
    crs: str

    def __post_init__(self) -> None:
        if self.times_min.ndim != 2:
            raise InputError("time surface: a 2-D array of minutes is expected")
        if not self.cell_size_m > 0:
            raise InputError(f"time surface: cell_size_m must be > 0, got {self.cell_size_m}")

    @property
    def x_m(self) -> np.ndarray:
        return self.x0_m + self.cell_size_m * np.arange(self.times_min.shape[1])

    @property
    def y_m(self) -> np.ndarray:
        return self.y0_m + self.cell_size_m * np.arange(self.times_min.shape[0])


def reached_polygon(surface: TimeSurface, cutoff_min: float) -> shapely.Geometry:
    """(Multi)polygon covering the cells with ``time < cutoff_min``; empty if none."""
    inside = surface.times_min < cutoff_min
    half = surface.cell_size_m / 2
    boxes = []
    for row in np.flatnonzero(inside.any(axis=1)):
        line = np.concatenate([[False], inside[row], [False]]).astype(np.int8)
        edges = np.flatnonzero(np.diff(line))
        starts, stops = edges[0::2], edges[1::2] - 1  # inclusive column runs
        y = surface.y0_m + row * surface.cell_size_m
        boxes.append(
            shapely.box(
                surface.x0_m + starts * surface.cell_size_m - half,
                y - half,
                surface.x0_m + stops * surface.cell_size_m + half,
                y + half,
            )
        )
    if not boxes:
        return shapely.Polygon()
    merged = shapely.union_all(np.concatenate(boxes))
    # Runs of consecutive rows meet along whole edges; a zero-width buffer is not needed
    # but collinear vertices are: drop them so the outlines stay small.
    return shapely.simplify(merged, 0.0)


def isochrone_polygons(surface: TimeSurface, cutoffs_min: Sequence[float]) -> list[dict]:
    """One record per cutoff, ascending: ``cutoff_min``, ``area_km2``, ``geometry``."""
    if not cutoffs_min:
        raise InputError("isochrones: give at least one cutoff (--cutoff 30)")
    for cutoff in cutoffs_min:
        if not cutoff > 0:
            raise InputError(f"isochrones: cutoff {cutoff!r} must be > 0 minutes")
    records = []
    for cutoff in sorted(set(cutoffs_min)):
        geometry = reached_polygon(surface, cutoff)
        records.append(
            {"cutoff_min": cutoff, "area_km2": geometry.area / 1e6, "geometry": geometry}
        )
    return records
