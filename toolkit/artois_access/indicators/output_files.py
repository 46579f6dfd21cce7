"""Writing indicator tables: GeoParquet, GeoPackage (one layer per level, for QGIS) and CSV,
each written to a temporary file in the same folder and then renamed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path

import geopandas as gpd

from artois_access.atomic import atomic_write
from artois_access.errors import InputError


class OutputFormat(StrEnum):
    GPKG = "gpkg"
    PARQUET = "parquet"
    CSV = "csv"


def parse_formats(values: Sequence[str]) -> tuple[OutputFormat, ...]:
    formats = []
    for value in values:
        try:
            formats.append(OutputFormat(value.strip().lower()))
        except ValueError:
            raise InputError(
                f"output format {value!r}: use one of {', '.join(f.value for f in OutputFormat)}"
            ) from None
    return tuple(dict.fromkeys(formats))


# GDAL stamps the write time into a GeoPackage (gpkg_contents.last_change); a fixed date
# keeps the file's bytes a function of the data alone (deterministic outputs).
FIXED_GPKG_DATE = "2025-01-01T00:00:00.000Z"


def write_gpkg_layers(layers: Mapping[str, gpd.GeoDataFrame], path: Path) -> None:
    """Write each frame as a layer of the GeoPackage ``path`` (not atomic by itself)."""
    import pyogrio

    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": FIXED_GPKG_DATE})
    try:
        for layer, frame in layers.items():
            pyogrio.write_dataframe(frame, path, layer=layer, driver="GPKG", append=False)
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})


def write_levels(
    levels: Mapping[str, gpd.GeoDataFrame],
    out_dir: Path,
    formats: Sequence[OutputFormat],
    *,
    stem: str = "access",
) -> dict[str, int]:
    """Write each level (``cells``, ``cites``, ``communes``, ``epci``…). Returns
    ``{file name: rows}``: ``{stem}.gpkg`` holds one layer per level; GeoParquet and CSV
    (geometry as ``lon, lat`` of a point inside, WGS84) are one file per level, ``{stem}_{level}.parquet|csv``."""
    out_dir = Path(out_dir)
    written: dict[str, int] = {}
    if OutputFormat.GPKG in formats:
        name = f"{stem}.gpkg"

        atomic_write(out_dir / name, lambda tmp: write_gpkg_layers(levels, tmp))
        written[name] = sum(len(f) for f in levels.values())
    for level, frame in levels.items():
        if OutputFormat.PARQUET in formats:
            name = f"{stem}_{level}.parquet"
            atomic_write(out_dir / name, lambda tmp, f=frame: f.to_parquet(tmp, index=False))
            written[name] = len(frame)
        if OutputFormat.CSV in formats:
            name = f"{stem}_{level}.csv"
            # Spreadsheets want numbers, not WKT: a representative point in WGS84.
            point = frame.geometry.representative_point().to_crs("EPSG:4326")
            table = frame.drop(columns=frame.geometry.name).assign(
                lon=point.x.round(6), lat=point.y.round(6)
            )

            def write_csv(tmp: Path, table=table) -> None:
                table.to_csv(tmp, index=False, lineterminator="\n")

            atomic_write(out_dir / name, write_csv)
            written[name] = len(frame)
    return written
