"""Fast streaming measures against slow, obvious loops over the full matrix."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from artois_access.errors import DataError, InputError
from artois_access.indicators.batches import UNREACHED, TimesBatch, batches_from_matrix
from artois_access.indicators.decay import DecayFunction, DecayKind, parse_decay
from artois_access.indicators.floating_catchment import CatchmentSpec
from artois_access.indicators.measure_set import MeasureSet, compute_indicators

MAX_TIME = 40
DECAYS = (
    DecayFunction(kind=DecayKind.STEP, cutoff_min=20),
    DecayFunction(kind=DecayKind.LINEAR, cutoff_min=20, width_min=10),
    DecayFunction(kind=DecayKind.EXPONENTIAL, half_life_min=10),
    DecayFunction(kind=DecayKind.LOGISTIC, cutoff_min=20, sd_min=5),
    DecayFunction(kind=DecayKind.GAUSSIAN, sd_min=15),
)


def slow_weight(decay: DecayFunction, t: float) -> float:
    """Each decay written out from its definition, one number at a time."""
    if decay.kind == DecayKind.STEP:
        return 1.0 if t < decay.cutoff_min else 0.0
    if decay.kind == DecayKind.LINEAR:
        lo, hi = decay.cutoff_min - decay.width_min / 2, decay.cutoff_min + decay.width_min / 2
        return 1.0 if t < lo else (0.0 if t >= hi else (hi - t) / decay.width_min)
    if decay.kind == DecayKind.EXPONENTIAL:
        return 0.5 ** (t / decay.half_life_min)
    if decay.kind == DecayKind.LOGISTIC:
        s = decay.sd_min * math.sqrt(3) / math.pi
        return 1 / (1 + math.exp((t - decay.cutoff_min) / s))
    return math.exp(-((t / decay.sd_min) ** 2) / 2)


@st.composite
def problems(draw):
    n_o = draw(st.integers(1, 7))
    n_d = draw(st.integers(1, 9))
    n_p = draw(st.integers(1, 2))
    times = np.array(
        draw(
            st.lists(
                st.one_of(st.integers(0, MAX_TIME + 5), st.just(int(UNREACHED))),
                min_size=n_o * n_d * n_p,
                max_size=n_o * n_d * n_p,
            )
        ),
        dtype=np.uint16,
    ).reshape(n_o, n_d, n_p)
    jobs = draw(st.lists(st.integers(0, 50), min_size=n_d, max_size=n_d))
    lycee = draw(st.lists(st.integers(0, 2), min_size=n_d, max_size=n_d))
    population = draw(st.lists(st.integers(0, 30), min_size=n_o, max_size=n_o))
    return times, jobs, lycee, population


def tables(jobs, lycee, population):
    origins = pl.DataFrame(
        {"id": [f"o{i}" for i in range(len(population))], "population": population}
    )
    destinations = pl.DataFrame(
        {"id": [f"d{i}" for i in range(len(jobs))], "jobs": jobs, "lycee": lycee}
    )
    return origins, destinations


def run(times, origins, destinations, measures, origins_per_batch=3):
    """Feed the matrix in origin batches, and destination halves, to test accumulation."""
    n_o, n_d, _ = times.shape
    half = n_d // 2
    batches = []
    for start in range(0, n_o, origins_per_batch):
        rows = np.arange(start, min(start + origins_per_batch, n_o))
        for cols in (np.arange(half), np.arange(half, n_d)):
            if len(cols):
                batches.append(
                    TimesBatch(origin_idx=rows, dest_idx=cols, times=times[rows][:, cols])
                )
    return compute_indicators(
        batches, origins=origins, destinations=destinations, measures=measures
    )


def slow_indicators(times, jobs, lycee, population, percentiles):
    n_o, n_d, _ = times.shape
    out = {}
    for k, p in enumerate(percentiles):

        def t(o, d, k=k):
            v = int(times[o, d, k])
            return v if v < MAX_TIME else None  # at or above max_time: unreached

        for cutoff in (10, 25, MAX_TIME):
            out[f"cum_jobs_{cutoff}min_p{p}"] = [
                sum(jobs[d] for d in range(n_d) if t(o, d) is not None and t(o, d) < cutoff)
                for o in range(n_o)
            ]
        for decay in DECAYS:
            out[f"grav_jobs_{decay.label}_p{p}"] = [
                sum(
                    jobs[d] * slow_weight(decay, t(o, d)) for d in range(n_d) if t(o, d) is not None
                )
                for o in range(n_o)
            ]
        for rank in (1, 3):
            column = []
            for o in range(n_o):
                units = sorted(
                    t(o, d) for d in range(n_d) if t(o, d) is not None for _ in range(lycee[d])
                )
                column.append(units[rank - 1] if len(units) >= rank else None)
            out[f"nearest{rank}_lycee_p{p}"] = column
        for catchment, enhanced in ((30, False), (30, True)):

            def w(m, catchment=catchment, enhanced=enhanced):
                return math.exp(-0.5 * (m / (catchment / 2)) ** 2) if enhanced else 1.0

            ratio = []
            for d in range(n_d):
                demand = sum(
                    population[o] * w(t(o, d))
                    for o in range(n_o)
                    if t(o, d) is not None and t(o, d) < catchment
                )
                ratio.append(jobs[d] / demand if demand > 0 else 0.0)
            name = "e2sfca" if enhanced else "2sfca"
            out[f"{name}_jobs_{catchment}min_p{p}"] = [
                sum(
                    ratio[d] * w(t(o, d))
                    for d in range(n_d)
                    if t(o, d) is not None and t(o, d) < catchment
                )
                for o in range(n_o)
            ]
    return out


def measure_set(n_percentiles):
    return MeasureSet(
        opportunities=("jobs",),
        cutoffs_min=(10, 25, MAX_TIME),
        decays=DECAYS,
        nearest=(("lycee", 1), ("lycee", 3)),
        catchments=(
            CatchmentSpec(supply="jobs", catchment_min=30),
            CatchmentSpec(supply="jobs", catchment_min=30, enhanced=True),
        ),
        percentiles=(50, 80)[:n_percentiles],
        max_time_min=MAX_TIME,
    )


@settings(max_examples=60, deadline=None)
@given(problems())
def test_streaming_measures_equal_slow_loops(problem):
    times, jobs, lycee, population = problem
    measures = measure_set(times.shape[2])
    origins, destinations = tables(jobs, lycee, population)
    fast = run(times, origins, destinations, measures)
    slow = slow_indicators(times, jobs, lycee, population, measures.percentiles)
    assert set(slow) == set(fast.columns) - {"id"}
    for column, expected in slow.items():
        got = fast[column].to_list()
        if column.startswith("nearest"):
            assert got == expected, column
        else:
            np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-9, err_msg=column)


@settings(max_examples=30, deadline=None)
@given(problems(), st.randoms(use_true_random=False))
def test_indicators_do_not_depend_on_origin_order(problem, rnd):
    times, jobs, lycee, population = problem
    measures = measure_set(times.shape[2])
    origins, destinations = tables(jobs, lycee, population)
    order = list(range(len(population)))
    rnd.shuffle(order)
    base = run(times, origins, destinations, measures)
    shuffled = run(times[order], origins[order], destinations, measures, origins_per_batch=2)
    back = shuffled.join(base.select("id"), on="id", how="right").select(base.columns)
    for column in base.columns[1:]:
        np.testing.assert_allclose(
            back[column].cast(pl.Float64).fill_null(-1).to_numpy(),
            base[column].cast(pl.Float64).fill_null(-1).to_numpy(),
            rtol=1e-12,
        )


@settings(max_examples=40, deadline=None)
@given(problems(), st.integers(1, MAX_TIME - 1), st.integers(1, MAX_TIME - 1))
def test_wider_cutoff_never_reaches_fewer(problem, a, b):
    times, jobs, lycee, population = problem
    lo, hi = sorted((a, b))
    origins, destinations = tables(jobs, lycee, population)
    measures = MeasureSet(
        cutoffs_min=(lo, hi), percentiles=(50, 80)[: times.shape[2]], max_time_min=MAX_TIME
    )
    out = run(times, origins, destinations, measures)
    for p in measures.percentiles:
        assert (out[f"cum_jobs_{hi}min_p{p}"] >= out[f"cum_jobs_{lo}min_p{p}"]).all()


def test_hand_computed_case():
    # One origin; destinations at 5, 15 and 30 minutes with 10, 20 and 40 jobs; one unreached
    # with 1,000 jobs. Within 15 min (strict): 10 jobs; within 16: 30; within 31: 70.
    # Exponential half-life 15: 10·2^(-1/3) + 20·2^(-1) + 40·2^(-2) = 7.937 + 10 + 10.
    times = np.array([[[5], [15], [30], [UNREACHED]]], dtype=np.uint16)
    origins = pl.DataFrame({"id": ["a"], "population": [1]})
    destinations = pl.DataFrame({"id": list("wxyz"), "jobs": [10, 20, 40, 1000]})
    measures = MeasureSet(
        cutoffs_min=(15, 16, 31),
        decays=(DecayFunction(kind=DecayKind.EXPONENTIAL, half_life_min=15),),
        nearest=(("jobs", 25),),
        max_time_min=60,
    )
    out = run(times, origins, destinations, measures)
    assert out["cum_jobs_15min_p50"][0] == 10
    assert out["cum_jobs_16min_p50"][0] == 30
    assert out["cum_jobs_31min_p50"][0] == 70
    assert out["grav_jobs_exp_hl15_p50"][0] == pytest.approx(10 * 2 ** (-1 / 3) + 10 + 10)
    assert out["nearest25_jobs_p50"][0] == 15  # 10 jobs at 5 min, 30 by 15 min


def test_matrix_to_batches_round_trip():
    matrix = pl.DataFrame(
        {"from_id": ["b", "a"], "to_id": ["y", "x"], "travel_time_p50": [7, None]},
        schema_overrides={"travel_time_p50": pl.UInt16},
    )
    (batch,) = batches_from_matrix(
        matrix, origin_ids=["a", "b"], dest_ids=["x", "y"], percentiles=[50]
    )
    assert batch.times[:, :, 0].tolist() == [[65535, 65535], [65535, 7]]


def test_bad_inputs_raise_one_line_errors():
    origins, destinations = tables([1, 2], [0, 1], [3])
    with pytest.raises(InputError, match="'schools' not found"):
        MeasureSet(opportunities=("schools",)).check_tables(origins, destinations)
    with pytest.raises(InputError, match="above max_time"):
        MeasureSet(cutoffs_min=(150,), max_time_min=120)
    bad = destinations.with_columns(pl.Series("jobs", [1, -4]))
    with pytest.raises(DataError, match="negative"):
        MeasureSet().check_tables(origins, bad)
    with pytest.raises(InputError, match="unknown kind"):
        parse_decay("cubic:c=3")
    assert parse_decay("exponential:hl=20").label == "exp_hl20"
    assert parse_decay("linear:c=45,w=10").label == "lin_c45w10"
