"""Loader of the Ministry of Education's establishments file (collèges, lycées...).

Reads the open-data export (GeoJSON, CSV or GeoPackage) with the UAI code (``Code
etablissement`` or ``uai``), the ``Nature`` of the establishment, its name and coordinates.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import polars as pl
import pyogrio

from artois_access.errors import DataError
from artois_access.territory.layer_checks import check_unique_ids, find_column

UAI_COLUMNS = (
    "Code etablissement",
    "code_etablissement",
    "uai",
    "numero_uai",
    "identifiant_de_l_etablissement",
)
NATURE_COLUMNS = ("Nature", "nature_uai_libe", "libelle_nature", "type_etablissement")
NAME_COLUMNS = ("Nom", "nom_etablissement", "appellation_officielle", "patronyme_uai", "name")
COMMUNE_COLUMNS = ("Commune", "nom_commune", "libelle_commune")
LAT_COLUMNS = ("Latitude", "latitude", "lat")
LON_COLUMNS = ("Longitude", "longitude", "lon")


class SchoolKind(StrEnum):
    """Kinds of establishment, from the ``Nature`` text."""

    LYCEE = "lycee"
    COLLEGE = "college"
    OTHER = "other"


def read_education_establishments(path: str | Path) -> pl.DataFrame:
    """Read the establishments.

    Returns one row per UAI, sorted: ``id`` (UAI), ``name``, ``nature``, ``kind``
    (lycee/college/other), ``commune``, ``lon``, ``lat`` (WGS84), ``lycee`` and ``college``
    (Int32 0/1, usable as opportunity columns).
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such file; give the establishments GeoJSON or CSV")
    if path.suffix.lower() == ".csv":
        frame = pl.read_csv(path, infer_schema_length=10000, separator=_separator(path))
    else:
        try:
            info = pyogrio.read_info(path)
            table = pyogrio.read_dataframe(path)
        except Exception as exc:
            raise DataError(f"{path}: not a readable vector file ({exc})") from exc
        crs = str(info.get("crs") or "")
        if crs and "4326" not in crs and "CRS84" not in crs:
            table = table.to_crs("EPSG:4326")
        geometry = table.geometry
        table = table.drop(columns="geometry")
        table["_lon"], table["_lat"] = geometry.x, geometry.y
        frame = pl.from_pandas(table)
    columns = frame.columns
    uai = find_column(columns, UAI_COLUMNS)
    nature = find_column(columns, NATURE_COLUMNS)
    if uai is None or nature is None:
        raise DataError(
            f"{path}: needs the UAI code (Code etablissement / uai) and the Nature columns; "
            f"found {', '.join(columns[:12])}"
        )
    lon = "_lon" if "_lon" in columns else find_column(columns, LON_COLUMNS)
    lat = "_lat" if "_lat" in columns else find_column(columns, LAT_COLUMNS)
    if lon is None or lat is None:
        raise DataError(f"{path}: no coordinates (Latitude/Longitude columns or point geometry)")
    name = find_column(columns, NAME_COLUMNS)
    commune = find_column(columns, COMMUNE_COLUMNS)
    out = frame.select(
        pl.col(uai).cast(pl.Utf8).str.strip_chars().alias("id"),
        (pl.col(name).cast(pl.Utf8).str.strip_chars() if name else pl.lit(None, pl.Utf8)).alias(
            "name"
        ),
        pl.col(nature).cast(pl.Utf8).str.strip_chars().alias("nature"),
        (
            pl.col(commune).cast(pl.Utf8).str.strip_chars() if commune else pl.lit(None, pl.Utf8)
        ).alias("commune"),
        pl.col(lon).cast(pl.Float64, strict=False).alias("lon"),
        pl.col(lat).cast(pl.Float64, strict=False).alias("lat"),
    )
    check_unique_ids(out["id"], path, uai)
    missing = out.filter(pl.col("lon").is_null() | pl.col("lat").is_null())
    if missing.height:
        raise DataError(
            f"{path}: {missing.height} establishment(s) without coordinates (e.g. "
            f"{missing['id'][0]}); geolocate them or drop them from the file"
        )
    if not out["lat"].is_between(-90, 90).all() or not out["lon"].is_between(-180, 180).all():
        raise DataError(
            f"{path}: coordinates outside WGS84 bounds; give longitude/latitude in degrees"
        )
    upper = pl.col("nature").str.to_uppercase()
    kind = (
        pl.when(upper.str.contains("LYCEE"))
        .then(pl.lit(SchoolKind.LYCEE.value))
        .when(upper.str.contains("COLLEGE"))
        .then(pl.lit(SchoolKind.COLLEGE.value))
        .otherwise(pl.lit(SchoolKind.OTHER.value))
    )
    return (
        out.with_columns(kind.alias("kind"))
        .with_columns(
            (pl.col("kind") == SchoolKind.LYCEE.value).cast(pl.Int32).alias("lycee"),
            (pl.col("kind") == SchoolKind.COLLEGE.value).cast(pl.Int32).alias("college"),
        )
        .select("id", "name", "nature", "kind", "commune", "lon", "lat", "lycee", "college")
        .sort("id")
    )


def _separator(path: Path) -> str:
    with path.open(encoding="utf-8", errors="replace") as handle:
        header = handle.readline()
    return ";" if header.count(";") > header.count(",") else ","
