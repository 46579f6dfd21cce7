"""On the embedded Artois model (skipped when its files are absent): the streaming
indicators for a sample of cells equal slow loops over the sample's full matrix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from artois_access.indicators.demo_results import DEMO_MEASURES, cite_ranking
from artois_access.indicators.measure_set import compute_indicators

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def model_sample():
    if not (ROOT / "grids" / "population_200m.gpkg").exists():
        pytest.skip("the embedded model's grids are not built")
    from artois_access.indicators.model_places import MODEL_DATE, load_model_places
    from artois_access.routing.network import TransitNetwork
    from artois_access.routing.parameters import RoutingParameters

    places, files = load_model_places(ROOT)
    parameters = RoutingParameters(
        date=dt.date.fromisoformat(MODEL_DATE),
        departure_from=dt.time(7, 0),
        departure_to=dt.time(9, 0),
        max_time_min=DEMO_MEASURES.max_time_min,
    )
    network = TransitNetwork.build(list(files.feeds), parameters)
    # Every 200th populated cell: spread over the whole territory, deterministic.
    sample = places.origins.gather_every(200)
    return network, sample, places.destinations


def test_model_sample_matches_slow_reference(model_sample):
    network, origins, destinations = model_sample
    fast = compute_indicators(
        network.iter_travel_time_batches(origins, destinations, batch_size=16),
        origins=origins,
        destinations=destinations,
        measures=DEMO_MEASURES,
    )
    times = network.travel_times(origins, destinations)[:, :, 0].astype(np.int64)
    jobs = destinations["jobs"].to_numpy()
    lycee = destinations["lycee"].to_numpy()
    university = destinations["university"].to_numpy()
    for o in range(origins.height):
        row = times[o]
        for cutoff in (30, 45, 60):
            expected = sum(jobs[d] for d in range(len(row)) if row[d] < cutoff)
            assert fast[f"cum_jobs_{cutoff}min_p50"][o] == pytest.approx(expected)
        lycee_times = sorted(t for d, t in enumerate(row) if t < 120 for _ in range(int(lycee[d])))
        assert fast["nearest1_lycee_p50"][o] == (lycee_times[0] if lycee_times else None)
        assert fast["nearest3_lycee_p50"][o] == (lycee_times[2] if len(lycee_times) >= 3 else None)
        uni = [t for d, t in enumerate(row) if t < 120 and university[d] > 0]
        assert fast["nearest1_university_p50"][o] == (min(uni) if uni else None)
    # Reached jobs are many in the centres, few in the fields: the sample has both.
    assert fast["cum_jobs_45min_p50"].max() > 20 * max(fast["cum_jobs_45min_p50"].min(), 1)


def test_ranking_orders_cites_by_jobs_within_45_min():
    import geopandas as gpd
    import shapely

    cites = gpd.GeoDataFrame(
        {
            "id": ["a", "b", "c"],
            "name": ["A", "B", "C"],
            "population": [10.0, 20.0, 0.0],
            "measured_from": ["cells", "cells", "none"],
            "cum_jobs_45min_p50": [100.0, 300.0, None],
        },
        geometry=[shapely.Point(0, 0)] * 3,
    )
    ranking = cite_ranking(cites, territory_mean=200.0)
    assert ranking["id"].to_list() == ["b", "a", "c"]
    assert ranking["rank"].to_list() == [1, 2, 3]
    assert ranking["ratio_to_territory"].to_list()[:2] == [1.5, 0.5]
