"""Isochrones: polygons of what is reachable within cutoffs, from a travel-time surface on a
regular metric grid (cells with ``time < cutoff``, merged; nested by construction, holes
where unreachable), with GeoJSON/GeoPackage output and a PNG map."""

from artois_access.isochrones.compute import compute_isochrones, network_surface
from artois_access.isochrones.polygons import TimeSurface, isochrone_polygons, reached_polygon
from artois_access.isochrones.surface import travel_time_surface

__all__ = [
    "TimeSurface",
    "compute_isochrones",
    "isochrone_polygons",
    "network_surface",
    "reached_polygon",
    "travel_time_surface",
]
