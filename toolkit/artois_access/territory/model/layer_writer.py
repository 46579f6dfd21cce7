"""Writing vector layers as GeoPackages whose bytes depend only on the data.

GDAL stamps the write time into a GeoPackage (``gpkg_contents.last_change``); the
``OGR_CURRENT_DATE`` option fixes it, and no spatial index is written (its R-tree pages are
not needed for a few thousand features and would only add bytes).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pyogrio

from artois_access.atomic import atomic_write

FIXED_DATE = "2025-01-01T00:00:00.000Z"


def write_gpkg(frame: gpd.GeoDataFrame, path: Path, *, layer: str) -> None:
    """Write ``frame`` as the single layer ``layer`` of ``path``, atomically."""

    def write(tmp: Path) -> None:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": FIXED_DATE})
        try:
            pyogrio.write_dataframe(frame, tmp, layer=layer, driver="GPKG", SPATIAL_INDEX="NO")
        finally:
            pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})

    atomic_write(path, write)
