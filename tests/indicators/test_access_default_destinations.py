"""`artois-access access --origins F` without --destinations measures the origins' own
opportunities, as `matrix` routes origins to themselves: not the embedded model's places."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from artois_access.cli import main

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "sao-paulo"


def test_destinations_default_to_origins(tmp_path):
    gtfs = DATA / "spo_gtfs.zip"
    if not gtfs.exists():
        pytest.skip(f"São Paulo sample not found in {DATA.resolve()}")
    # Two places 60 m apart (~1 min walk at 3.6 km/h with detour 1.3): each reaches the other
    # on foot within 30 minutes, so each counts 5 + 7 = 12 jobs; a third, 20 km away, only its
    # own 100 jobs (walk-only, transit there is far slower than 30 minutes).
    origins = tmp_path / "places.csv"
    origins.write_text(
        "id,lon,lat,population,jobs\n"
        "a,-46.6300,-23.5500,10,5\n"
        "b,-46.6306,-23.5500,20,7\n"
        "far,-46.8300,-23.5500,30,100\n"
    )
    out = tmp_path / "out"
    code = main(["access", "--gtfs", str(gtfs), "--date", "2019-05-14", "--origins",
                 str(origins), "--opportunity", "jobs", "--cutoff", "30", "--format", "csv",
                 "--out", str(out)])  # fmt: skip
    assert code == 0
    cells = pl.read_csv(out / "access_cells.csv").sort("id")
    assert cells["cum_jobs_30min_p50"].to_list() == [12.0, 12.0, 100.0]


def test_origins_from_one_layer_of_a_geopackage(tmp_path):
    gtfs = DATA / "spo_gtfs.zip"
    if not gtfs.exists():
        pytest.skip(f"São Paulo sample not found in {DATA.resolve()}")
    import geopandas as gpd
    import shapely

    # Two adjacent 200 m-ish squares in layer "cells", another layer beside it: the run reads
    # `file.gpkg:cells`, shares nothing with the other layer, and hashes the file itself.
    cells = gpd.GeoDataFrame(
        {"id": ["c1", "c2"], "population": [10, 20], "jobs": [5, 7]},
        geometry=[
            shapely.box(-46.631, -23.551, -46.629, -23.549),
            shapely.box(-46.6316, -23.551, -46.6296, -23.549),
        ],
        crs="EPSG:4326",
    )
    gpkg = tmp_path / "two.gpkg"
    cells.to_file(gpkg, layer="cells")
    cells.iloc[:1].to_file(gpkg, layer="other")
    out = tmp_path / "out"
    code = main(["access", "--gtfs", str(gtfs), "--date", "2019-05-14", "--origins",
                 f"{gpkg}:cells", "--opportunity", "jobs", "--cutoff", "30", "--format", "csv",
                 "--out", str(out)])  # fmt: skip
    assert code == 0
    # Each square's centre is ~60 m from the other's: both reach 5 + 7 jobs on foot.
    assert pl.read_csv(out / "access_cells.csv")["cum_jobs_30min_p50"].to_list() == [12.0, 12.0]
    inputs = json.loads((out / "manifest.json").read_text())["inputs"]
    assert str(gpkg) in [item["path"] for item in inputs]
