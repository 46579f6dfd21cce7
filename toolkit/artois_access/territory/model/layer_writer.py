"""Writing vector layers as GeoPackages whose bytes depend only on the data.

GDAL stamps the write time into a GeoPackage (``gpkg_contents.last_change``); the
``OGR_CURRENT_DATE`` option fixes it, and no spatial index is written (its R-tree pages are
not needed for a few thousand features and would only add bytes).
"""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import pyogrio

FIXED_DATE = "2025-01-01T00:00:00.000Z"


def write_gpkg(frame: gpd.GeoDataFrame, path: Path, *, layer: str) -> None:
    """Write ``frame`` as the single layer ``layer`` of ``path``, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.tmp{path.suffix}")
    if tmp.exists():
        tmp.unlink()
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": FIXED_DATE})
    try:
        pyogrio.write_dataframe(frame, tmp, layer=layer, driver="GPKG", SPATIAL_INDEX="NO")
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})
    os.replace(tmp, path)
