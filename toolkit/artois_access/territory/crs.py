"""Coordinate reference systems used by the territory layers, and cached transformers."""

from __future__ import annotations

from functools import cache

from pyproj import Transformer

WGS84 = "EPSG:4326"
LAMBERT93 = "EPSG:2154"
LAEA_EUROPE = "EPSG:3035"  # INSEE's grid CRS (ETRS89-LAEA)


@cache
def transformer(source: str, target: str) -> Transformer:
    """A transformer with x=lon/easting, y=lat/northing axis order."""
    return Transformer.from_crs(source, target, always_xy=True)
