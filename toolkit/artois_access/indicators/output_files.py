"""Writing indicator tables: GeoParquet, GeoPackage (one layer per level, for QGIS) and CSV,
each written to a temporary file in the same folder and then renamed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path

import geopandas as gpd

from artois_access.errors import InputError


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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


def atomic_write(path: Path, write) -> None:
    """Call ``write(tmp_path)`` on a temporary path beside ``path``, then rename it into
    place with the usual permissions (mkstemp's 0600 would hide results from colleagues)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix)
    os.close(fd)
    os.unlink(tmp)  # GDAL wants to create the file itself
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~current_umask())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


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

        def write_gpkg(tmp: Path) -> None:
            for level, frame in levels.items():
                frame.to_file(tmp, layer=level, driver="GPKG", engine="pyogrio")

        atomic_write(out_dir / name, write_gpkg)
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
