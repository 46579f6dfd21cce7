"""``artois-access isochrones`` as functions: origins resolved from a point, a stop, a cité
or a file; polygons written as GeoJSON (WGS84) and GeoPackage, with a PNG map."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import polars as pl

from artois_access.errors import DataError, InputError
from artois_access.isochrones.compute import compute_isochrones
from artois_access.territory.crs import LAEA_EUROPE, WGS84


@dataclass(frozen=True, slots=True, kw_only=True)
class IsochroneOutputs:
    isochrones: gpd.GeoDataFrame
    origins: pl.DataFrame
    files: dict[str, int]


def _folded(text: str) -> str:
    """Lower case without accents: "Cité des Électriciens" matches "cite des electriciens"."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def origin_of_stop(stops: pl.DataFrame, stop_id: str) -> pl.DataFrame:
    """The stop ``stop_id`` (scoped ``feed:id`` or bare ``id`` if unambiguous) as an origin."""
    exact = stops.filter(pl.col("stop_id") == stop_id)
    if exact.height == 0:
        exact = stops.filter(pl.col("stop_id").str.ends_with(":" + stop_id))
    if exact.height != 1:
        hint = "no such stop" if exact.height == 0 else "ambiguous; give it as FEED:ID"
        raise InputError(f"--stop-id {stop_id!r}: {hint} in the network's stops")
    return exact.select(
        pl.col("stop_id").alias("id"),
        pl.col("stop_lon").alias("lon"),
        pl.col("stop_lat").alias("lat"),
    )


def origin_of_cite(cites: gpd.GeoDataFrame, name: str) -> pl.DataFrame:
    """The cité called ``name`` (or with that id), by a point inside its polygon. The name
    match ignores case and accents; a unique partial match is accepted."""
    key = _folded(name)
    names = cites["name"].map(_folded)
    hit = cites[(names == key) | (cites["id"].astype(str) == name)]
    if len(hit) == 0:
        hit = cites[names.str.contains(key, regex=False)]
    if len(hit) != 1:
        examples = ", ".join(sorted(cites.loc[hit.index[:3], "name"])) if len(hit) else ""
        problem = f"matches {len(hit)} cités ({examples}…)" if len(hit) else "matches no cité"
        raise InputError(f"--cite {name!r} {problem}; give the exact name or the cité id")
    point = hit.geometry.to_crs(LAEA_EUROPE).representative_point().to_crs(WGS84).iloc[0]
    return pl.DataFrame({"id": [str(hit["id"].iloc[0])], "lon": [point.x], "lat": [point.y]})


def origin_of_point(lon: float, lat: float) -> pl.DataFrame:
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise InputError(f"--lon {lon} --lat {lat}: not WGS84 degrees")
    return pl.DataFrame({"id": ["point"], "lon": [float(lon)], "lat": [float(lat)]})


def write_isochrones(
    isochrones: gpd.GeoDataFrame,
    out_dir: Path,
    *,
    formats: Sequence[str] = ("geojson", "gpkg"),
    stem: str = "isochrones",
) -> dict[str, int]:
    """GeoJSON (WGS84, as the format requires) and/or GeoPackage (the metric CRS)."""
    from artois_access.indicators.output_files import atomic_write, write_gpkg_layers

    written: dict[str, int] = {}
    for fmt in formats:
        if fmt == "geojson":
            frame = isochrones.to_crs(WGS84)
            atomic_write(
                out_dir / f"{stem}.geojson",
                # The layer name is written into the file: name it, not after the temp file.
                lambda tmp, f=frame: f.to_file(tmp, driver="GeoJSON", layer=stem, engine="pyogrio"),
            )
            written[f"{stem}.geojson"] = len(frame)
        elif fmt == "gpkg":
            atomic_write(
                out_dir / f"{stem}.gpkg", lambda tmp: write_gpkg_layers({stem: isochrones}, tmp)
            )
            written[f"{stem}.gpkg"] = len(isochrones)
        else:
            raise InputError(f"isochrone format {fmt!r}: use geojson or gpkg")
    return written


def isochrones_with_map(
    feed,
    network,
    origins: pl.DataFrame,
    cutoffs_min: Sequence[float],
    out_dir: Path,
    *,
    percentile: int = 50,
    cell_size_m: float = 100.0,
    formats: Sequence[str] = ("geojson", "gpkg"),
    png: bool = True,
    title: str = "",
    stem: str = "isochrones",
    background: gpd.GeoDataFrame | None = None,
) -> IsochroneOutputs:
    """Compute, write the polygons and (optionally) the PNG map with lines and stations."""
    from artois_access.isochrones.map_figure import draw_isochrone_map
    from artois_access.isochrones.network_lines import network_lines, stations

    unknown = [f for f in formats if f not in ("geojson", "gpkg")]
    if unknown:  # before the routing, not after it
        raise InputError(f"isochrone format {unknown[0]!r}: use geojson or gpkg")
    isochrones = compute_isochrones(
        network, origins, cutoffs_min, percentile=percentile, cell_size_m=cell_size_m
    )
    if isochrones.geometry.is_empty.all():
        raise DataError(
            "no place is reached within the cutoffs from these origins; check the date, "
            "the window and that the origins lie near the network"
        )
    out_dir = Path(out_dir)
    written = write_isochrones(isochrones, out_dir, formats=formats, stem=stem)
    if png:
        points = gpd.GeoDataFrame(
            geometry=gpd.points_from_xy(origins["lon"], origins["lat"]), crs=WGS84
        )
        draw_isochrone_map(
            isochrones,
            out_dir / f"{stem}.png",
            lines=network_lines(feed),
            stations=stations(feed),
            origins=points,
            background=background,
            title=title,
        )
        written[f"{stem}.png"] = len(isochrones)
    return IsochroneOutputs(isochrones=isochrones, origins=origins, files=written)


def parameters_record(**values: object) -> dict[str, object]:
    """Parameters for the manifest, dates and times as text."""
    return {
        k: (v.isoformat() if isinstance(v, dt.date | dt.time) else v) for k, v in values.items()
    }
