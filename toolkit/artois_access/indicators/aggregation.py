"""From cell indicators to cités, communes and EPCIs, weighted by population.

How cells are shared out, and why:
- communes (a partition of the territory): each cell goes whole to exactly one commune, the
  one containing the cell's centre (else the one it overlaps most, else the nearest), so the
  communes' populations add up to the grid's total;
- EPCIs: through their communes (a cell counts in its commune's EPCI);
- cités (small polygons that cut through cells): a cell counts with the **share of its area
  that lies inside the cité**, its population assumed even over the cell. A cité's population
  is ``Σ population × share``; its indicator is the mean of its cells' values weighted by
  ``population × share``. A cité with no populated cell is measured from its centroid,
  routed as an extra origin (``measured_from = "centroid"``, population 0).
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import polars as pl

from artois_access.errors import DataError


def commune_of_cells(
    cells: gpd.GeoDataFrame, communes: gpd.GeoDataFrame, *, commune_id: str = "id"
) -> pl.DataFrame:
    """One commune per cell. Columns: ``cell_id``, ``place_id``, ``share`` (always 1.0)."""
    _check_crs(cells, "cells")
    _check_crs(communes, "communes")
    cells = _metric(cells)
    communes = communes.to_crs(cells.crs)
    centres = gpd.GeoDataFrame(
        {"cell_id": cells["id"].astype(str).to_numpy()},
        geometry=cells.geometry.centroid,
        crs=cells.crs,
    )
    zones = gpd.GeoDataFrame(
        {"place_id": communes[commune_id].astype(str).to_numpy()},
        geometry=communes.geometry.to_numpy(),
        crs=cells.crs,
    )
    # "nearest" covers both inside (distance 0) and just outside the communes' outlines;
    # ties (a centre on a shared border) are broken by the smallest commune id.
    joined = gpd.sjoin_nearest(centres, zones, how="left")
    table = (
        pl.from_pandas(joined[["cell_id", "place_id"]].reset_index(drop=True))
        .sort("cell_id", "place_id")
        .unique("cell_id", keep="first", maintain_order=True)
    )
    return table.with_columns(share=pl.lit(1.0))


def cells_in_polygons(
    cells: gpd.GeoDataFrame, places: gpd.GeoDataFrame, *, place_id: str = "id"
) -> pl.DataFrame:
    """Cells overlapping each place, with the share of the cell's area inside it.
    Columns: ``cell_id``, ``place_id``, ``share`` (0 < share <= 1). Point "cells" (origins
    given as points) count whole in the places that contain them."""
    _check_crs(cells, "cells")
    _check_crs(places, "places")
    cells = _metric(cells)
    places = places.to_crs(cells.crs)
    if cells.geom_type.isin(["Point"]).all():
        inside = gpd.sjoin(
            gpd.GeoDataFrame(
                {"cell_id": cells["id"].astype(str).to_numpy()},
                geometry=cells.geometry.to_numpy(),
                crs=cells.crs,
            ),
            gpd.GeoDataFrame(
                {"place_id": places[place_id].astype(str).to_numpy()},
                geometry=places.geometry.to_numpy(),
                crs=cells.crs,
            ),
            predicate="within",
        )
        return pl.DataFrame(
            {
                "cell_id": inside["cell_id"].astype(str).to_numpy(),
                "place_id": inside["place_id"].astype(str).to_numpy(),
                "share": np.ones(len(inside)),
            },
            schema={"cell_id": pl.Utf8, "place_id": pl.Utf8, "share": pl.Float64},
        ).sort("place_id", "cell_id")
    left = gpd.GeoDataFrame(
        {"cell_id": cells["id"].astype(str).to_numpy(), "cell_area": cells.geometry.area},
        geometry=cells.geometry.to_numpy(),
        crs=cells.crs,
    )
    right = gpd.GeoDataFrame(
        {"place_id": places[place_id].astype(str).to_numpy()},
        geometry=places.geometry.to_numpy(),
        crs=cells.crs,
    )
    pieces = gpd.overlay(left, right, how="intersection", keep_geom_type=True)
    share = pieces.geometry.area / pieces["cell_area"]
    table = pl.DataFrame(
        {
            "cell_id": pieces["cell_id"].astype(str).to_numpy(),
            "place_id": pieces["place_id"].astype(str).to_numpy(),
            "share": np.clip(share.to_numpy(), 0.0, 1.0),
        },
        schema={"cell_id": pl.Utf8, "place_id": pl.Utf8, "share": pl.Float64},
    )
    return table.filter(pl.col("share") > 0).sort("place_id", "cell_id")


def aggregate_cells(
    cell_results: pl.DataFrame,
    shares: pl.DataFrame,
    indicator_columns: Sequence[str],
    *,
    population: str = "population",
) -> pl.DataFrame:
    """Population-weighted means of ``indicator_columns`` per place.

    ``cell_results`` has ``id``, ``population`` and the indicators; ``shares`` comes from
    :func:`commune_of_cells` or :func:`cells_in_polygons`. Columns returned: ``id``,
    ``population`` (Σ population × share), ``n_cells``, then each indicator (null values of
    a cell, e.g. no lycée reached, are left out of that indicator's mean; a place whose
    cells have no population gets null).
    """
    for name in ("id", population, *indicator_columns):
        if name not in cell_results.columns:
            raise DataError(f"aggregation: no column {name!r} in the cell results")
    cells = cell_results.select(
        pl.col("id").cast(pl.Utf8).alias("cell_id"),
        pl.col(population).cast(pl.Float64).fill_null(0).alias("_pop"),
        *indicator_columns,
    )
    joined = shares.join(cells, on="cell_id", how="inner").with_columns(
        (pl.col("_pop") * pl.col("share")).alias("_w")
    )
    means = []
    for column in indicator_columns:
        weight = pl.when(pl.col(column).is_not_null()).then(pl.col("_w")).otherwise(0.0)
        total = weight.sum()
        means.append(
            pl.when(total > 0)
            .then((pl.col(column).cast(pl.Float64) * weight).sum() / total)
            .otherwise(None)
            .alias(column)
        )
    return (
        joined.group_by("place_id")
        .agg(
            pl.col("_w").sum().alias(population),
            pl.col("cell_id").n_unique().cast(pl.UInt32).alias("n_cells"),
            *means,
        )
        .rename({"place_id": "id"})
        .sort("id")
    )


def complete_with_centroids(
    aggregated: pl.DataFrame,
    place_ids: Sequence[str],
    centroid_results: pl.DataFrame | None,
    indicator_columns: Sequence[str],
    *,
    population: str = "population",
) -> pl.DataFrame:
    """Every place once: places measured from their cells keep those values
    (``measured_from = "cells"``); places without population in any cell take the values
    routed from their centroid (``centroid_results``: ``id`` + indicators), with
    ``measured_from = "centroid"``; places with neither get nulls (``"none"``)."""
    ids = pl.DataFrame({"id": [str(i) for i in place_ids]})
    from_cells = aggregated.filter(pl.col(population) > 0).with_columns(
        measured_from=pl.lit("cells")
    )
    table = ids.join(from_cells, on="id", how="left", maintain_order="left")
    if centroid_results is not None:
        fallback = centroid_results.select(
            pl.col("id").cast(pl.Utf8), *(pl.col(c).alias(f"_c_{c}") for c in indicator_columns)
        )
        table = table.join(fallback, on="id", how="left", maintain_order="left")
        use = pl.col("measured_from").is_null() & pl.col("_c_" + indicator_columns[0]).is_not_null()
        table = table.with_columns(
            *(
                pl.when(use)
                .then(pl.col(f"_c_{c}").cast(pl.Float64))
                .otherwise(pl.col(c).cast(pl.Float64))
                .alias(c)
                for c in indicator_columns
            ),
            pl.when(use)
            .then(pl.lit("centroid"))
            .otherwise(pl.col("measured_from"))
            .alias("measured_from"),
        ).drop([f"_c_{c}" for c in indicator_columns])
    return table.with_columns(
        pl.col(population).fill_null(0.0),
        pl.col("n_cells").fill_null(0),
        pl.col("measured_from").fill_null("none"),
    )


def _metric(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Centres and area shares need a projected CRS: the local UTM zone if in degrees."""
    return frame.to_crs(frame.estimate_utm_crs()) if frame.crs.is_geographic else frame


def _check_crs(frame: gpd.GeoDataFrame, what: str) -> None:
    if frame.crs is None:
        raise DataError(
            f"{what}: the layer has no CRS; set one (e.g. EPSG:2154) in the file or with --crs"
        )
