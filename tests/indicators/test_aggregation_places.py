"""Cells to communes, EPCIs and cités, on a hand-drawn grid.

 y
200 +------+------+------+
    |  c0  |  c1  |  c2  |      communes: A = x < 150 (c0 whole, c1's centre at 150
100 +------+------+------+      goes to A: the smaller id wins a tie), B = x >= 150
    0     100    200    300     cité K = box(50, 100, 150, 200): half of c0, half of c1
"""

from __future__ import annotations

import geopandas as gpd
import polars as pl
import pytest
import shapely

from artois_access.errors import DataError
from artois_access.indicators.aggregation import (
    aggregate_cells,
    cells_in_polygons,
    commune_of_cells,
    complete_with_centroids,
)

CRS = "EPSG:2154"


def cells():
    return gpd.GeoDataFrame(
        {"id": ["c0", "c1", "c2"]},
        geometry=[shapely.box(x, 100, x + 100, 200) for x in (0, 100, 200)],
        crs=CRS,
    )


def results():
    return pl.DataFrame(
        {
            "id": ["c0", "c1", "c2"],
            "population": [10.0, 30.0, 60.0],
            "cum_jobs_45min_p50": [100.0, 200.0, None],
        }
    )


def test_communes_partition_keeps_the_grid_total():
    communes = gpd.GeoDataFrame(
        {"id": ["A", "B"]},
        geometry=[shapely.box(-10, 0, 150, 300), shapely.box(150, 0, 400, 300)],
        crs=CRS,
    )
    shares = commune_of_cells(cells(), communes)
    assert shares.sort("cell_id")["place_id"].to_list() == ["A", "A", "B"]
    out = aggregate_cells(results(), shares, ["cum_jobs_45min_p50"])
    assert out["population"].sum() == pytest.approx(100.0)
    # A: (10·100 + 30·200) / 40 = 175; B: its only cell has no value → null.
    assert out.filter(pl.col("id") == "A")["cum_jobs_45min_p50"][0] == pytest.approx(175.0)
    assert out.filter(pl.col("id") == "B")["cum_jobs_45min_p50"][0] is None


def test_cite_takes_area_shares_and_centroid_fallback():
    cites = gpd.GeoDataFrame(
        {"id": ["K", "Empty"]},
        geometry=[shapely.box(50, 100, 150, 200), shapely.box(1000, 1000, 1100, 1100)],
        crs=CRS,
    )
    shares = cells_in_polygons(cells(), cites)
    assert shares["share"].to_list() == pytest.approx([0.5, 0.5])
    agg = aggregate_cells(results(), shares, ["cum_jobs_45min_p50"])
    # K: population 0.5·10 + 0.5·30 = 20; value (5·100 + 15·200) / 20 = 175.
    assert agg["population"][0] == pytest.approx(20.0)
    assert agg["cum_jobs_45min_p50"][0] == pytest.approx(175.0)
    centroids = pl.DataFrame({"id": ["Empty"], "cum_jobs_45min_p50": [42.0]})
    full = complete_with_centroids(agg, ["K", "Empty"], centroids, ["cum_jobs_45min_p50"])
    assert full["measured_from"].to_list() == ["cells", "centroid"]
    assert full["cum_jobs_45min_p50"].to_list() == pytest.approx([175.0, 42.0])
    assert full["population"].to_list() == [20.0, 0.0]


def test_layer_without_crs_is_a_data_error():
    with pytest.raises(DataError, match="no CRS"):
        cells_in_polygons(
            cells(), gpd.GeoDataFrame({"id": ["K"]}, geometry=[shapely.box(0, 0, 1, 1)])
        )
