"""From cell indicators to cités, communes and EPCIs, weighted by population.

How cells are shared out, and why:
- communes (a partition of the territory): each cell goes whole to exactly one commune, the
  one containing the cell's centre (else the nearest one, for a centre just outside), so the
  communes' populations add up to the grid's total;
- EPCIs: through their communes (a cell counts in its commune's EPCI);
- cités (small polygons that cut through cells): a cell counts with the **share of its area
  that lies inside the cité**, its population assumed even over the cell. A cité's population
  is ``Σ population × share``; its indicator is the mean of its cells' values weighted by
  ``population × share``. A cité with no populated cell is measured from its centroid,
  routed as an extra origin (``measured_from = "centroid"``, population 0).

Times to the n-th nearest opportunity are null where fewer are reached; their means are
over the population that reaches them, with ``{indicator}_reached_share`` beside them.
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import polars as pl

from artois_access.errors import DataError

REACHED_SHARE_SUFFIX = "_reached_share"


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
    ``population`` (Σ population × share), ``n_cells``, then each indicator; a place whose
    cells have no population gets null.

    Null values of a cell (e.g. no lycée reached below ``max_time``) are left out of that
    indicator's mean, which is then the mean over the people who reach it: so that this is
    never silent, every ``nearest…`` indicator gets a companion column
    ``{indicator}_reached_share``, the share (0–1) of the place's population whose cell
    has a value (e.g. ``nearest1_lycee_p50_reached_share``).
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
        if column in reached_share_columns(indicator_columns):
            means.append(
                pl.when(pl.col("_w").sum() > 0)
                .then(weight.sum() / pl.col("_w").sum())
                .otherwise(None)
                .alias(f"{column}{REACHED_SHARE_SUFFIX}")
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


def reached_share_columns(indicator_columns: Sequence[str]) -> list[str]:
    """The indicators that can be null for a reached-nothing cell and so get a
    ``_reached_share`` column when aggregated: times to the n-th nearest opportunity."""
    return [c for c in indicator_columns if c.startswith("nearest")]


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
            pl.col("id").cast(pl.Utf8),
            *(pl.col(c).alias(f"_c_{c}") for c in indicator_columns),
            _routed=pl.lit(True),
        )
        table = table.join(fallback, on="id", how="left", maintain_order="left")
        # A routed centroid is used even where its first indicator is null (e.g. a run of
        # nearest-only measures from a cité that reaches no lycée).
        use = pl.col("measured_from").is_null() & pl.col("_routed").fill_null(False)
        table = table.with_columns(
            *(
                pl.when(use)
                .then(pl.col(f"_c_{c}").cast(pl.Float64))
                .otherwise(pl.col(c).cast(pl.Float64))
                .alias(c)
                for c in indicator_columns
            ),
            *(
                # Measured from one point: the "population" reaching is all or none of it.
                pl.when(use)
                .then(pl.col(f"_c_{c}").is_not_null().cast(pl.Float64))
                .otherwise(pl.col(f"{c}{REACHED_SHARE_SUFFIX}"))
                .alias(f"{c}{REACHED_SHARE_SUFFIX}")
                for c in reached_share_columns(indicator_columns)
                if f"{c}{REACHED_SHARE_SUFFIX}" in table.columns
            ),
            pl.when(use)
            .then(pl.lit("centroid"))
            .otherwise(pl.col("measured_from"))
            .alias("measured_from"),
        ).drop([f"_c_{c}" for c in indicator_columns], "_routed")
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
