"""An accessibility run, end to end: places in, indicators per cell, cité, commune and EPCI
out (tables in memory, then files).

Origins are the populated cells (or any points); cités without a populated cell are added as
extra origins at a point inside them, with no population, so they get values without
changing the competition (2SFCA) or the population totals.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import polars as pl

from artois_access.errors import DataError
from artois_access.indicators.aggregation import (
    aggregate_cells,
    cells_in_polygons,
    commune_of_cells,
    complete_with_centroids,
)
from artois_access.indicators.measure_set import MeasureSet, compute_indicators
from artois_access.territory.crs import WGS84

CENTROID_PREFIX = "cite-centroid:"


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessPlaces:
    """The places of a run.

    ``origins``: ``id, lon, lat`` (WGS84), ``population`` and any attribute (e.g. ``in_cite``);
    ``destinations``: ``id, lon, lat`` and the opportunity columns; ``cells``: polygons of the
    origins (``id`` + geometry, any CRS) or None (origins are then points, each counted
    whole in the places containing it); ``cites``: ``id, name`` + polygons, or None;
    ``communes``: ``id, name, epci`` + polygons, or None.
    """

    origins: pl.DataFrame
    destinations: pl.DataFrame
    cells: gpd.GeoDataFrame | None = None
    cites: gpd.GeoDataFrame | None = None
    communes: gpd.GeoDataFrame | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessResult:
    """Indicator tables per level (``cells``, ``cites``, ``communes``, ``epci``), each a
    GeoDataFrame with ``id``, ``name`` (levels above cells), ``population``, the indicator
    columns, and geometry; plus the indicator column names."""

    levels: dict[str, gpd.GeoDataFrame]
    indicator_columns: tuple[str, ...]


def cites_without_cells(places: AccessPlaces, population: str) -> pl.DataFrame:
    """Cités with no populated cell: ``id`` (prefixed), ``lon``, ``lat``, population 0."""
    if places.cites is None:
        return pl.DataFrame(schema={"id": pl.Utf8, "lon": pl.Float64, "lat": pl.Float64})
    measured: set[str] = set()
    if places.cells is not None:
        populated = places.origins.filter(pl.col(population) > 0)["id"].cast(pl.Utf8)
        cells = places.cells[places.cells["id"].astype(str).isin(populated.to_list())]
        shares = cells_in_polygons(cells, places.cites)
        measured = set(shares["place_id"].to_list())
    missing = places.cites[~places.cites["id"].astype(str).isin(measured)]
    points = missing.geometry.representative_point().to_crs(WGS84)
    return pl.DataFrame(
        {
            "id": [CENTROID_PREFIX + str(i) for i in missing["id"]],
            "lon": points.x.to_numpy(),
            "lat": points.y.to_numpy(),
        },
        schema={"id": pl.Utf8, "lon": pl.Float64, "lat": pl.Float64},
    )


def run_access(
    places: AccessPlaces,
    measures: MeasureSet,
    batches_for,
    *,
    population: str = "population",
) -> AccessResult:
    """Compute every level. ``batches_for(origins, destinations)`` yields travel-time
    batches (e.g. ``TransitNetwork.iter_travel_time_batches``)."""
    origins = places.origins
    if population not in origins.columns:
        raise DataError(f"origins: no population column {population!r}")
    if places.cells is None:
        # Point origins: each counts whole in the commune and the cités containing it.
        points = gpd.GeoDataFrame(
            {"id": origins["id"].cast(pl.Utf8).to_list()},
            geometry=gpd.points_from_xy(origins["lon"], origins["lat"]),
            crs=WGS84,
        )
        places = dataclasses.replace(places, cells=points)
    measures.check_tables(origins, places.destinations)
    extra = cites_without_cells(places, population)
    routed = pl.concat(
        [
            origins.select("id", "lon", "lat", pl.col(population).cast(pl.Float64)),
            extra.with_columns(pl.lit(0.0).alias(population)),
        ],
        how="vertical_relaxed",
    )
    if measures.demand != population and measures.catchments:
        routed = routed.join(
            origins.select("id", measures.demand), on="id", how="left", maintain_order="left"
        ).with_columns(pl.col(measures.demand).fill_null(0))
    values = compute_indicators(
        batches_for(
            routed.select("id", "lon", "lat"), places.destinations.select("id", "lon", "lat")
        ),
        origins=routed,
        destinations=places.destinations,
        measures=measures,
    )
    columns = tuple(c for c in values.columns if c != "id")
    cell_values = origins.join(values, on="id", how="left", maintain_order="left")
    levels: dict[str, gpd.GeoDataFrame] = {"cells": _cells_level(cell_values, places)}

    if places.cells is not None and places.communes is not None:
        shares = commune_of_cells(places.cells, places.communes)
        communes = aggregate_cells(cell_values, shares, columns, population=population)
        levels["communes"] = _with_geometry(communes, places.communes, population, columns)
        if "epci" in places.communes.columns:
            epci_of = pl.DataFrame(
                {
                    "place_id": places.communes["id"].astype(str).to_numpy(),
                    "epci": places.communes["epci"].astype(str).to_numpy(),
                }
            )
            epci_shares = shares.join(epci_of, on="place_id").select(
                "cell_id", pl.col("epci").alias("place_id"), "share"
            )
            epci = aggregate_cells(cell_values, epci_shares, columns, population=population)
            outlines = places.communes.dissolve(by="epci", as_index=False)
            outlines = outlines.assign(id=outlines["epci"].astype(str), name=outlines["epci"])
            levels["epci"] = _with_geometry(epci, outlines, population, columns)
    if places.cites is not None:
        if places.cells is not None:
            shares = cells_in_polygons(places.cells, places.cites)
            cites = aggregate_cells(cell_values, shares, columns, population=population)
        else:
            cites = pl.DataFrame(
                schema={"id": pl.Utf8, population: pl.Float64, "n_cells": pl.UInt32}
            )
        centroid_values = values.filter(pl.col("id").str.starts_with(CENTROID_PREFIX)).with_columns(
            pl.col("id").str.strip_prefix(CENTROID_PREFIX)
        )
        full = complete_with_centroids(
            cites,
            places.cites["id"].astype(str).tolist(),
            centroid_values,
            list(columns),
            population=population,
        )
        levels["cites"] = _with_geometry(full, places.cites, population, columns)
    return AccessResult(levels=levels, indicator_columns=columns)


def _cells_level(cell_values: pl.DataFrame, places: AccessPlaces) -> gpd.GeoDataFrame:
    frame = cell_values.to_pandas()
    if places.cells is not None:
        geometry = places.cells.set_index(places.cells["id"].astype(str)).geometry
        geoms = geometry.reindex(frame["id"].astype(str)).to_numpy()
        return gpd.GeoDataFrame(frame, geometry=geoms, crs=places.cells.crs)
    return gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs=WGS84
    )


def _with_geometry(
    table: pl.DataFrame, layer: gpd.GeoDataFrame, population: str, columns
) -> gpd.GeoDataFrame:
    """Every place of ``layer`` once, in its order, with ``id, name``, the aggregated values
    (places without cells: population 0, nulls) and the layer's geometry."""
    keep = ["id", "name"] + [c for c in ("insee", "commune", "epci") if c in layer.columns]
    base = pl.from_pandas(
        layer[[c for c in dict.fromkeys(keep) if c in layer.columns]]
        .astype(str)
        .reset_index(drop=True)
    )
    merged = base.join(table, on="id", how="left", maintain_order="left").with_columns(
        pl.col(population).fill_null(0.0)
    )
    frame = merged.to_pandas()
    return gpd.GeoDataFrame(frame, geometry=layer.geometry.to_numpy(), crs=layer.crs)


def write_access_outputs(
    result: AccessResult,
    out_dir: Path,
    formats,
    *,
    inputs,
    parameters,
    started: dt.datetime,
    extra_outputs: dict[str, pl.DataFrame] | None = None,
):
    """Write the levels, any extra tables (CSV, by file name) and ``manifest.json``;
    returns the written files with row counts."""
    from artois_access.indicators.output_files import atomic_write, write_levels
    from artois_access.indicators.run_manifest import write_manifest

    written = write_levels(result.levels, out_dir, formats)
    for name, table in (extra_outputs or {}).items():
        atomic_write(Path(out_dir) / name, lambda tmp, t=table: t.write_csv(tmp))
        written[name] = table.height
    write_manifest(
        out_dir,
        command="access",
        inputs=inputs,
        parameters=parameters,
        outputs=written,
        started=started,
    )
    return written
