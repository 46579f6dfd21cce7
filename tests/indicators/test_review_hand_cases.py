"""Independent review: small cases of every measure, answers worked out by hand in comments."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from artois_access.errors import InputError
from artois_access.indicators.aggregation import aggregate_cells, complete_with_centroids
from artois_access.indicators.batches import UNREACHED, TimesBatch, batches_from_matrix
from artois_access.indicators.decay import DecayFunction, DecayKind
from artois_access.indicators.equity import gini, palma_ratio, share_below, theil_index
from artois_access.indicators.floating_catchment import CatchmentSpec
from artois_access.indicators.measure_set import MeasureSet, compute_indicators
from artois_access.isochrones.polygons import TimeSurface, isochrone_polygons

U = int(UNREACHED)


def one_batch(times_min: list[list[int]]) -> list[TimesBatch]:
    times = np.array(times_min, dtype=np.uint16)[:, :, None]
    n_o, n_d, _ = times.shape
    return [
        TimesBatch(
            origin_idx=np.arange(n_o, dtype=np.int64),
            dest_idx=np.arange(n_d, dtype=np.int64),
            times=times,
        )
    ]


# One origin "a"; destinations: its own cell at 0 min, one at 44, one at exactly 45, one
# unreached. jobs 5 / 10 / 100 / 1000, lycées 1 / 0 / 2 / 7.
DESTS = pl.DataFrame(
    {
        "id": ["a", "b", "c", "d"],
        "jobs": [5, 10, 100, 1000],
        "lycee": [1, 0, 2, 7],
    }
)
ORIGINS = pl.DataFrame({"id": ["a"], "population": [10.0]})
TIMES = [[0, 44, 45, U]]


def test_cumulative_strict_cutoff_own_cell_and_unreached():
    measures = MeasureSet(opportunities=("jobs", "lycee"), cutoffs_min=(1, 45, 46), max_time_min=60)
    out = compute_indicators(
        one_batch(TIMES), origins=ORIGINS, destinations=DESTS, measures=measures
    )
    # within 1 min (t < 1): only the own cell, t = 0: 5 jobs, 1 lycée.
    assert out["cum_jobs_1min_p50"][0] == 5
    assert out["cum_lycee_1min_p50"][0] == 1
    # within 45 (t < 45): 0 and 44 count, 45 does not, unreached never: 5 + 10 = 15 jobs;
    # lycées 1 + 0 = 1.
    assert out["cum_jobs_45min_p50"][0] == 15
    assert out["cum_lycee_45min_p50"][0] == 1
    # within 46: c at 45 now counts: 15 + 100 = 115 jobs, 1 + 2 = 3 lycées; d never.
    assert out["cum_jobs_46min_p50"][0] == 115
    assert out["cum_lycee_46min_p50"][0] == 3


def test_matrix_null_and_times_at_max_time_are_unreached():
    # A matrix (null = unreached) and a time of 60 = max_time: neither is counted, even by
    # a 60-minute cutoff (t < 60).
    matrix = pl.DataFrame(
        {
            "from_id": ["a", "a", "a"],
            "to_id": ["a", "b", "c"],
            "travel_time_p50": pl.Series([0, None, 60], dtype=pl.UInt16),
        }
    )
    batches = batches_from_matrix(
        matrix, origin_ids=["a"], dest_ids=["a", "b", "c", "d"], percentiles=[50]
    )
    measures = MeasureSet(opportunities=("jobs",), cutoffs_min=(60,), max_time_min=60)
    out = compute_indicators(batches, origins=ORIGINS, destinations=DESTS, measures=measures)
    assert out["cum_jobs_60min_p50"][0] == 5


def test_decay_weights_by_hand():
    minutes = np.array([0.0, 10.0, 20.0, 40.0, 45.0, 50.0, np.inf])
    exp20 = DecayFunction(kind=DecayKind.EXPONENTIAL, half_life_min=20).weight(minutes)
    # 0.5 ** (t / 20): 1, 0.5**0.5, 0.5, 0.25, 0.5**2.25, 0.5**2.5; unreached 0.
    assert exp20 == pytest.approx([1, 0.5**0.5, 0.5, 0.25, 0.5**2.25, 0.5**2.5, 0])
    lin = DecayFunction(kind=DecayKind.LINEAR, cutoff_min=45, width_min=10).weight(minutes)
    # R5's linear: 1 below 45 − 5 = 40, 0 from 50, (50 − t) / 10 between: at 45 → 0.5.
    assert lin == pytest.approx([1, 1, 1, 1, 0.5, 0, 0])
    # With cutoff = width / 2 it is the plain "1 − t/width, clipped": width 40 → 1 − t/40.
    plain = DecayFunction(kind=DecayKind.LINEAR, cutoff_min=20, width_min=40).weight(minutes)
    assert plain == pytest.approx([1, 0.75, 0.5, 0, 0, 0, 0])
    gauss = DecayFunction(kind=DecayKind.GAUSSIAN, sd_min=10).weight(minutes)
    # exp(−½ (t/10)²): t = 10 → e^−0.5, t = 20 → e^−2.
    assert gauss[:3] == pytest.approx([1, math.exp(-0.5), math.exp(-2)])
    assert gauss[-1] == 0
    logi = DecayFunction(kind=DecayKind.LOGISTIC, cutoff_min=45, sd_min=10).weight(minutes)
    # 1 / (1 + exp((t − 45) / s)), s = 10·√3/π: exactly ½ at the cutoff.
    s = 10 * math.sqrt(3) / math.pi
    assert logi[4] == pytest.approx(0.5)
    assert logi[3] == pytest.approx(1 / (1 + math.exp(-5 / s)))
    assert logi[-1] == 0


def test_gravity_uses_the_percentile_minutes_and_ignores_unreached():
    decay = DecayFunction(kind=DecayKind.EXPONENTIAL, half_life_min=20)
    measures = MeasureSet(
        opportunities=("jobs",), cutoffs_min=(45,), decays=(decay,), max_time_min=60
    )
    out = compute_indicators(
        one_batch(TIMES), origins=ORIGINS, destinations=DESTS, measures=measures
    )
    # 5·0.5^0 + 10·0.5^(44/20) + 100·0.5^(45/20) + 1000·0 = 5 + 2.1764 + 21.0224
    expected = 5 + 10 * 0.5 ** (44 / 20) + 100 * 0.5 ** (45 / 20)
    assert out["grav_jobs_exp_hl20_p50"][0] == pytest.approx(expected)


def test_nearest_counts_opportunity_units_not_places():
    # b holds 2 lycées at 10 min, c holds 1 at 20 min, d holds 3 unreached.
    dests = pl.DataFrame({"id": ["a", "b", "c", "d"], "lycee": [0, 2, 1, 3]})
    measures = MeasureSet(
        opportunities=(),
        cutoffs_min=(),
        nearest=(("lycee", 1), ("lycee", 2), ("lycee", 3), ("lycee", 4)),
        max_time_min=60,
    )
    out = compute_indicators(
        one_batch([[0, 10, 20, U]]), origins=ORIGINS, destinations=dests, measures=measures
    )
    # Units: the 1st and 2nd lycées are both at b (10 min), the 3rd is c's (20 min); a 4th
    # is not reached below max_time → null.
    assert out["nearest1_lycee_p50"][0] == 10
    assert out["nearest2_lycee_p50"][0] == 10
    assert out["nearest3_lycee_p50"][0] == 20
    assert out["nearest4_lycee_p50"][0] is None


def test_nearest_own_cell_is_zero_minutes():
    measures = MeasureSet(
        opportunities=(), cutoffs_min=(), nearest=(("lycee", 1),), max_time_min=60
    )
    out = compute_indicators(
        one_batch(TIMES), origins=ORIGINS, destinations=DESTS, measures=measures
    )
    assert out["nearest1_lycee_p50"][0] == 0


def test_2sfca_and_e2sfca_two_origins_two_sites_by_hand():
    # Origins o1 (pop 100), o2 (pop 300), o3 (pop 0); sites s1 (supply 10), s2 (20), s3 (50).
    # Minutes: o1→s1 10, o1→s2 50 (outside the 30-min catchment), o2→s1 20, o2→s2 25,
    # o3→s3 5 (s3 has no demand: only o3, without population, reaches it).
    origins = pl.DataFrame({"id": ["o1", "o2", "o3"], "population": [100.0, 300.0, 0.0]})
    dests = pl.DataFrame({"id": ["s1", "s2", "s3"], "jobs": [10, 20, 50]})
    times = [[10, 50, U], [20, 25, U], [U, U, 5]]
    measures = MeasureSet(
        opportunities=(),
        cutoffs_min=(),
        catchments=(
            CatchmentSpec(supply="jobs", catchment_min=30),
            CatchmentSpec(supply="jobs", catchment_min=30, enhanced=True),
        ),
        max_time_min=60,
    )
    out = compute_indicators(
        one_batch(times), origins=origins, destinations=dests, measures=measures
    )
    # 2SFCA. R1 = 10 / (100 + 300) = 0.025; R2 = 20 / 300; R3 = 50 / 0 → 0 (no demand).
    # A1 = R1 = 0.025; A2 = R1 + R2 = 0.025 + 0.0667 = 0.091667; A3 = R3 = 0.
    assert out["2sfca_jobs_30min_p50"].to_list() == pytest.approx([0.025, 0.025 + 20 / 300, 0])
    # Supply is conserved over the demand that reaches it: 100·A1 + 300·A2 = 10 + 20.
    a = out["2sfca_jobs_30min_p50"].to_numpy()
    assert 100 * a[0] + 300 * a[1] == pytest.approx(30)
    # E2SFCA, gaussian σ = 30/2 = 15: w(t) = exp(−½ (t/15)²).
    w = {t: math.exp(-0.5 * (t / 15) ** 2) for t in (10, 20, 25)}
    r1 = 10 / (100 * w[10] + 300 * w[20])
    r2 = 20 / (300 * w[25])
    expected = [r1 * w[10], r1 * w[20] + r2 * w[25], 0]
    assert out["e2sfca_jobs_30min_p50"].to_list() == pytest.approx(expected)


def test_gini_theil_palma_share_below_by_hand():
    # Two groups of equal size, 0 and 1: mean ½, Σ w w |Δ| = 2·1·1·1 = 2 → 2 / (2·4·½) = ½.
    assert gini(np.array([0.0, 1.0]), np.array([1.0, 1.0])) == pytest.approx(0.5)
    # Weighted: 3 people at 1, 1 at 3: μ = 6/4 = 1.5; Σ = 2·3·1·2 = 12 → 12/(2·16·1.5) = ¼.
    assert gini(np.array([1.0, 3.0]), np.array([3.0, 1.0])) == pytest.approx(0.25)
    assert gini(np.array([7.0, 7.0, 7.0]), np.array([1.0, 5.0, 2.0])) == 0
    # Theil T, values 0 and 2 (μ = 1): ½ (0 + 2 ln 2) = ln 2; the zero adds 0 (0 ln 0 = 0).
    assert theil_index(np.array([0.0, 2.0]), np.array([1.0, 1.0])) == pytest.approx(math.log(2))
    # Palma: 4 people at 1, 5 at 2, 1 at 10 (total 24): bottom 40 % = the 4 at 1 → 4/24;
    # top 10 % = the one at 10 → 10/24; ratio 2.5.
    assert palma_ratio(np.array([1.0, 2.0, 10.0]), np.array([4.0, 5.0, 1.0])) == pytest.approx(2.5)
    # Equal values whatever the boundaries: top 10 % / bottom 40 % = 0.1 / 0.4 = ¼.
    assert palma_ratio(np.array([3.0, 3.0]), np.array([5.0, 5.0])) == pytest.approx(0.25)
    # A place straddling the 40 % boundary: 3 people at 1, 7 at 2 (total 17): bottom 4 people
    # = 3·1 + 1·2 = 5 → 5/17; top 1 person = 2/17; ratio 0.4.
    assert palma_ratio(np.array([1.0, 2.0]), np.array([3.0, 7.0])) == pytest.approx(0.4)
    # share_below is strict: a value equal to the threshold is not below it.
    assert share_below(np.array([10.0, 20.0]), np.array([1.0, 3.0]), 20) == pytest.approx(0.25)


def test_aggregation_keeps_unreached_visible_as_reached_share():
    # Commune X: c1 (pop 100, lycée at 10 min, 10 jobs), c2 (pop 300, no lycée reached, 20
    # jobs), c3 (pop 0, 99 min, 99 jobs: weighs nothing).
    cells = pl.DataFrame(
        {
            "id": ["c1", "c2", "c3"],
            "population": [100.0, 300.0, 0.0],
            "nearest1_lycee_p50": pl.Series([10, None, 99], dtype=pl.UInt16),
            "cum_jobs_45min_p50": [10.0, 20.0, 99.0],
        }
    )
    shares = pl.DataFrame(
        {"cell_id": ["c1", "c2", "c3"], "place_id": ["X", "X", "X"], "share": [1.0, 1.0, 1.0]}
    )
    out = aggregate_cells(cells, shares, ["nearest1_lycee_p50", "cum_jobs_45min_p50"])
    row = out.row(0, named=True)
    assert row["population"] == 400
    # Mean over the reached people only: 10 min; and 100 of 400 people reach it → 0.25.
    assert row["nearest1_lycee_p50"] == 10
    assert row["nearest1_lycee_p50_reached_share"] == pytest.approx(0.25)
    # (100·10 + 300·20) / 400 = 17.5; no reached-share column for never-null measures.
    assert row["cum_jobs_45min_p50"] == pytest.approx(17.5)
    assert "cum_jobs_45min_p50_reached_share" not in out.columns


def test_centroid_fallback_used_even_when_its_first_indicator_is_null():
    # A cité without populated cells, measured from its centroid, which reaches no lycée:
    # it is "centroid"-measured (not "none"), with nearest null and a reached share of 0.
    aggregated = pl.DataFrame(
        schema={
            "id": pl.Utf8,
            "population": pl.Float64,
            "n_cells": pl.UInt32,
            "nearest1_lycee_p50": pl.Float64,
            "nearest1_lycee_p50_reached_share": pl.Float64,
        }
    )
    centroid = pl.DataFrame(
        {"id": ["k", "m"], "nearest1_lycee_p50": pl.Series([None, 12], dtype=pl.UInt16)}
    )
    out = complete_with_centroids(aggregated, ["k", "m", "z"], centroid, ["nearest1_lycee_p50"])
    assert out["measured_from"].to_list() == ["centroid", "centroid", "none"]
    assert out["nearest1_lycee_p50"].to_list() == [None, 12, None]
    assert out["nearest1_lycee_p50_reached_share"].to_list() == [0.0, 1.0, None]


def test_isochrone_point_exactly_at_cutoff_is_outside():
    # One row of cells 100 m wide at 0, 15 and 30 min: the 15-min polygon holds only the first
    # cell (15 is not < 15), the 30-min one the first two; 15 ⊂ 30.
    surface = TimeSurface(
        times_min=np.array([[0.0, 15.0, 30.0]]), x0_m=0, y0_m=0, cell_size_m=100, crs="EPSG:3035"
    )
    p15, p30 = (r["geometry"] for r in isochrone_polygons(surface, [30, 15]))
    assert p15.area == pytest.approx(100 * 100)
    assert p30.area == pytest.approx(2 * 100 * 100)
    assert p30.covers(p15)
    assert not p15.intersects(shapely.Point(100, 0))


def test_bad_nearest_rank_fails_before_any_routing():
    # A rank of 0 used to be caught only after every batch had been routed.
    with pytest.raises(InputError, match="nearest lycee:0"):
        MeasureSet(opportunities=(), cutoffs_min=(), nearest=(("lycee", 0),))


def test_fractional_cutoff_in_toml_is_an_error_not_truncated():
    from artois_access.indicators.access_config import build_config

    # 45.5 used to become 45 without a word.
    with pytest.raises(InputError, match=r"cutoff 45\.5"):
        build_config({"measures": {"cutoffs": [45.5]}})
    assert build_config({"measures": {"cutoffs": [45.0]}}).measures.cutoffs_min == (45,)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 3),  # commune of the cell
            st.floats(0, 500, allow_nan=False),  # population
            st.one_of(st.none(), st.integers(0, 119)),  # nearest minutes (None = unreached)
        ),
        min_size=1,
        max_size=12,
    )
)
def test_partition_keeps_totals_and_reached_share_is_a_share(cells):
    table = pl.DataFrame(
        {
            "id": [f"c{i}" for i in range(len(cells))],
            "population": [p for _, p, _ in cells],
            "nearest1_lycee_p50": pl.Series([t for _, _, t in cells], dtype=pl.UInt16),
        }
    )
    shares = pl.DataFrame(
        {
            "cell_id": [f"c{i}" for i in range(len(cells))],
            "place_id": [f"X{c}" for c, _, _ in cells],
            "share": [1.0] * len(cells),
        }
    )
    out = aggregate_cells(table, shares, ["nearest1_lycee_p50"])
    # Each cell in exactly one commune: the communes' populations add up to the grid's.
    assert out["population"].sum() == pytest.approx(table["population"].sum())
    for row in out.iter_rows(named=True):
        share = row["nearest1_lycee_p50_reached_share"]
        if row["population"] == 0:
            assert share is None and row["nearest1_lycee_p50"] is None
            continue
        assert 0 <= share <= 1
        # A mean exists exactly when someone reaches a lycée, and lies within the cells' range.
        mine = [t for c, p, t in cells if f"X{c}" == row["id"] and p > 0 and t is not None]
        if share == 0:
            assert row["nearest1_lycee_p50"] is None
        else:
            assert min(mine) - 1e-9 <= row["nearest1_lycee_p50"] <= max(mine) + 1e-9
