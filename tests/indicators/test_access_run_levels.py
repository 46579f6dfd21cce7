"""A whole accessibility run on a hand-made mini territory with a stand-in router
(minutes = straight distance / 250 m per minute)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import polars as pl
import pytest
import shapely

from artois_access.indicators.access_run import AccessPlaces, run_access, write_access_outputs
from artois_access.indicators.batches import UNREACHED, TimesBatch
from artois_access.indicators.measure_set import MeasureSet
from artois_access.indicators.output_files import OutputFormat
from artois_access.routing.walking import haversine_m

CRS = "EPSG:2154"


def stand_in_router(origins: pl.DataFrame, destinations: pl.DataFrame):
    d = haversine_m(
        origins["lon"].to_numpy()[:, None],
        origins["lat"].to_numpy()[:, None],
        destinations["lon"].to_numpy()[None, :],
        destinations["lat"].to_numpy()[None, :],
    )
    minutes = np.floor(d / 250.0)
    times = np.where(minutes < 120, minutes, UNREACHED).astype(np.uint16)[:, :, None]
    yield TimesBatch(
        origin_idx=np.arange(origins.height), dest_idx=np.arange(destinations.height), times=times
    )


@pytest.fixture
def places():
    # Four 200 m cells in a row (Lambert-93), 1 km apart; communes A (cells 0, 1) and
    # B (cells 2, 3) in EPCI "E1"; cité K over half of cell 0; cité Far, 5 km away, with no cell.
    xs = [650_000 + 1000 * i for i in range(4)]
    cells = gpd.GeoDataFrame(
        {"id": [f"c{i}" for i in range(4)]},
        geometry=[shapely.box(x, 7_000_000, x + 200, 7_000_200) for x in xs],
        crs=CRS,
    )
    centres = cells.geometry.centroid.to_crs("EPSG:4326")
    origins = pl.DataFrame(
        {
            "id": cells["id"].tolist(),
            "lon": centres.x.to_numpy(),
            "lat": centres.y.to_numpy(),
            "population": [100, 0, 50, 50],
        }
    )
    destinations = origins.select("id", "lon", "lat").with_columns(
        jobs=pl.Series([10.0, 1000.0, 20.0, 40.0])
    )
    communes = gpd.GeoDataFrame(
        {"id": ["A", "B"], "name": ["Aville", "Bville"], "epci": ["E1", "E1"]},
        geometry=[
            shapely.box(649_000, 6_999_000, 651_500, 7_001_000),
            shapely.box(651_500, 6_999_000, 655_000, 7_001_000),
        ],
        crs=CRS,
    )
    cites = gpd.GeoDataFrame(
        {"id": ["K", "Far"], "name": ["Cité K", "Cité lointaine"]},
        geometry=[
            shapely.box(650_000, 7_000_000, 650_100, 7_000_200),
            shapely.box(650_000, 7_005_000, 650_200, 7_005_200),
        ],
        crs=CRS,
    )
    return AccessPlaces(
        origins=origins, destinations=destinations, cells=cells, cites=cites, communes=communes
    )


def test_levels_totals_and_centroid_fallback(places, tmp_path):
    measures = MeasureSet(cutoffs_min=(5,), max_time_min=120)
    result = run_access(places, measures, stand_in_router)
    cells = result.levels["cells"]
    # c0 reaches itself (0 min) and c1 (1 km = 4 min): 1010 jobs within 5 min.
    assert cells.loc[cells["id"] == "c0", "cum_jobs_5min_p50"].item() == 1010
    communes = result.levels["communes"]
    assert communes["population"].sum() == pytest.approx(200)
    # A: only c0 is populated → 1010. B: c2 reaches c1, c2, c3 (1060), c3 reaches c2, c3 (60):
    # (50·1060 + 50·60) / 100 = 560.
    assert communes.set_index("id")["cum_jobs_5min_p50"].to_dict() == pytest.approx(
        {"A": 1010, "B": 560}
    )
    epci = result.levels["epci"]
    assert epci["population"].item() == pytest.approx(200)
    assert epci["cum_jobs_5min_p50"].item() == pytest.approx(
        (100 * 1010 + 50 * 1060 + 50 * 60) / 200
    )
    cites = result.levels["cites"].set_index("id")
    assert cites.loc["K", "measured_from"] == "cells"
    assert cites.loc["K", "population"] == pytest.approx(50)  # half of c0
    assert cites.loc["Far", "measured_from"] == "centroid"
    assert cites.loc["Far", "population"] == 0
    assert cites.loc["Far", "cum_jobs_5min_p50"] == 0  # 5 km from every job
    written = write_access_outputs(
        result,
        tmp_path,
        (OutputFormat.GPKG, OutputFormat.CSV, OutputFormat.PARQUET),
        inputs=[],
        parameters={},
        started=__import__("datetime").datetime.now(),
    )
    assert {"access.gpkg", "access_cites.csv", "access_cells.parquet"} <= set(written)
    import pyogrio

    assert [name for name, _ in pyogrio.list_layers(tmp_path / "access.gpkg")] == [
        "cells",
        "communes",
        "epci",
        "cites",
    ]
    assert (tmp_path / "manifest.json").exists()


def test_point_origins_count_whole_in_their_places(places):
    from dataclasses import replace

    # Cité K2 contains the centre of c0 (650,100; 7,000,100); Far contains no origin.
    cites = gpd.GeoDataFrame(
        {"id": ["K2", "Far"], "name": ["K2", "Far"]},
        geometry=[
            shapely.box(650_050, 7_000_050, 650_150, 7_000_150),
            places.cites.geometry.iloc[1],
        ],
        crs=CRS,
    )
    result = run_access(
        replace(places, cells=None, cites=cites), MeasureSet(cutoffs_min=(5,)), stand_in_router
    )
    communes = result.levels["communes"].set_index("id")
    assert communes["population"].sum() == pytest.approx(200)
    assert communes.loc["A", "cum_jobs_5min_p50"] == pytest.approx(1010)
    cites = result.levels["cites"].set_index("id")
    assert cites["measured_from"].tolist() == ["cells", "centroid"]
    assert cites.loc["K2", "population"] == 100  # c0 counted whole
    assert result.levels["cells"].geom_type.unique().tolist() == ["Point"]


def test_outputs_are_byte_identical_from_run_to_run(places, tmp_path):
    from artois_access.indicators.output_files import write_levels

    contents = []
    for run in ("one", "two"):
        result = run_access(places, MeasureSet(cutoffs_min=(5,)), stand_in_router)
        out = tmp_path / run
        written = write_levels(result.levels, out, tuple(OutputFormat))
        contents.append({name: (out / name).read_bytes() for name in written})
    assert contents[0] == contents[1]
