"""`artois-access access --origins F` without --destinations measures the origins' own
opportunities, as `matrix` routes origins to themselves: not the embedded model's places."""

from __future__ import annotations

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
