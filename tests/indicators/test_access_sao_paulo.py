"""Accessibility on r5py's São Paulo sample (skipped when ../shared/data is absent): the
streaming indicators, fed by the built-in router, equal a slow loop over the full matrix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from artois_access.indicators.floating_catchment import CatchmentSpec
from artois_access.indicators.measure_set import MeasureSet, compute_indicators

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "sao-paulo"


@pytest.fixture(scope="module", params=["straight", "osm"])
def network_and_grid(request):
    if not (DATA / "spo_gtfs.zip").exists():
        pytest.skip(f"São Paulo sample not found in {DATA.resolve()}")
    try:
        from artois_access.routing.network import TransitNetwork
        from artois_access.routing.parameters import RoutingParameters
    except ImportError:  # pragma: no cover - router not shipped
        pytest.skip("the built-in router is not available")
    osm = DATA / "spo_osm.pbf" if request.param == "osm" else None
    if osm is not None:
        pytest.importorskip("artois_access.routing.street_walking")
    parameters = RoutingParameters(
        date=dt.date(2019, 5, 14),  # a Tuesday inside the calendar (2008-01-01 → 2020-05-01)
        departure_from=dt.time(7, 0),
        departure_to=dt.time(8, 0),
        percentiles=(50, 80),
        max_time_min=60,
    )
    network = TransitNetwork.build(DATA / "spo_gtfs.zip", parameters, osm_path=osm)
    grid = pl.read_csv(DATA / "spo_hexgrid.csv", schema_overrides={"id": pl.Utf8})
    return network, grid


def test_sao_paulo_indicators_match_full_matrix(network_and_grid):
    network, grid = network_and_grid
    measures = MeasureSet(
        opportunities=("jobs", "schools"),
        cutoffs_min=(30, 45, 60),
        nearest=(("schools", 1), ("schools", 3)),
        catchments=(CatchmentSpec(supply="jobs", catchment_min=45),),
        percentiles=(50, 80),
        max_time_min=60,
    )
    fast = compute_indicators(
        network.iter_travel_time_batches(grid, grid, batch_size=100),
        origins=grid,
        destinations=grid,
        measures=measures,
    )
    times = network.travel_times(grid, grid).astype(np.int64)  # [o, d, p], 65535 unreached
    jobs = grid["jobs"].to_numpy()
    schools = grid["schools"].to_numpy()
    population = grid["population"].to_numpy()
    for k, p in enumerate((50, 80)):
        t = times[:, :, k]
        for cutoff in (30, 45, 60):
            slow = [
                sum(jobs[d] for d in range(len(grid)) if t[o, d] < cutoff) for o in range(len(grid))
            ]
            assert fast[f"cum_jobs_{cutoff}min_p{p}"].to_list() == pytest.approx(slow)
        # Nearest school: the smallest time among destinations with a school.
        with_school = np.flatnonzero(schools > 0)
        nearest = t[:, with_school].min(axis=1)
        expected = [int(v) if v < 60 else None for v in nearest]
        assert fast[f"nearest1_schools_p{p}"].to_list() == expected
        # 2SFCA within 45 min, written out.
        inside = t < 45
        demand = (population[:, None] * inside).sum(axis=0)
        ratio = np.divide(jobs, demand, out=np.zeros(len(grid)), where=demand > 0)
        assert fast[f"2sfca_jobs_45min_p{p}"].to_numpy() == pytest.approx(
            (inside * ratio).sum(axis=1)
        )
    # Every cell reaches at least its own jobs (travel time 0), and never more than all jobs.
    assert (fast["cum_jobs_30min_p50"].to_numpy() >= jobs).all()
    assert fast["cum_jobs_60min_p50"].max() <= jobs.sum()
    # A plausible city: the median cell reaches tens of thousands of jobs within an hour.
    assert fast["cum_jobs_60min_p50"].median() > 50_000
