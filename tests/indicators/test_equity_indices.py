"""Equity indices: hand-computed cases, a slow pairwise Gini, and invariants."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from artois_access.indicators.equity import (
    equity_table,
    gini,
    lorenz_share,
    palma_ratio,
    share_below,
    theil_index,
    weighted_quantile_groups,
)

values = st.lists(st.integers(0, 1000), min_size=1, max_size=20)


def slow_gini(x, w):
    total = sum(w)
    mean = sum(a * b for a, b in zip(x, w, strict=True)) / total
    pairs = sum(
        wi * wj * abs(xi - xj)
        for xi, wi in zip(x, w, strict=True)
        for xj, wj in zip(x, w, strict=True)
    )
    return pairs / (2 * total * total * mean)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_gini_equals_pairwise_definition(data):
    x = data.draw(values)
    w = data.draw(st.lists(st.integers(1, 50), min_size=len(x), max_size=len(x)))
    if sum(a * b for a, b in zip(x, w, strict=True)) == 0:
        assert math.isnan(gini(np.array(x), np.array(w)))
    else:
        assert gini(np.array(x), np.array(w)) == pytest.approx(slow_gini(x, w))


@given(st.floats(0.1, 1e6), st.lists(st.integers(1, 100), min_size=1, max_size=10))
def test_equal_values_give_zero_inequality(value, w):
    x = np.full(len(w), value)
    assert gini(x, np.array(w)) == pytest.approx(0, abs=1e-12)
    assert theil_index(x, np.array(w)) == pytest.approx(0, abs=1e-12)
    assert palma_ratio(x, np.array(w)) == pytest.approx(0.25)  # shares 0.1 / 0.4


def test_weights_equal_repetition():
    # A place of weight 3 is the same as three places of weight 1.
    assert gini(np.array([1.0, 5.0]), np.array([3.0, 1.0])) == pytest.approx(
        gini(np.array([1.0, 1, 1, 5]), np.ones(4))
    )
    assert theil_index(np.array([1.0, 5.0]), np.array([3.0, 1.0])) == pytest.approx(
        theil_index(np.array([1.0, 1, 1, 5]), np.ones(4))
    )


def test_palma_hand_computed():
    # Ten people with values 1..10 (total 55). Poorest 40 %: 1+2+3+4 = 10 → 10/55.
    # Richest 10 %: 10 → 10/55. Palma = 1.0.
    x = np.arange(1, 11, dtype=float)
    assert lorenz_share(x, np.ones(10), 0.4) == pytest.approx(10 / 55)
    assert palma_ratio(x, np.ones(10)) == pytest.approx(1.0)
    # Two places: 8 people at 0, 2 people at 10. Poorest 40 % hold 0 → inf.
    assert palma_ratio(np.array([0.0, 10]), np.array([8.0, 2])) == math.inf
    # 5 people at 1, 5 at 3 (total 20): poorest 40 % = 4 people at 1 = 4/20;
    # richest 10 % = 1 person at 3 = 3/20; Palma = 0.75 (the 40 % point inside a place).
    assert palma_ratio(np.array([1.0, 3]), np.array([5.0, 5])) == pytest.approx(0.75)


def test_theil_hand_computed():
    # Two equal groups with values 1 and 3, mean 2: T = ½(½ ln ½) + ½(3/2 ln 3/2).
    expected = 0.5 * (0.5 * math.log(0.5)) + 0.5 * (1.5 * math.log(1.5))
    assert theil_index(np.array([1.0, 3]), np.array([7.0, 7])) == pytest.approx(expected)
    # One person holds everything among four: T = ln 4.
    assert theil_index(np.array([0.0, 0, 0, 8]), np.ones(4)) == pytest.approx(math.log(4))


def test_share_below_and_group_table():
    table = pl.DataFrame(
        {
            "population": [10, 30, 60],
            "cum_jobs_45min_p50": [100.0, 0.0, 500.0],
            "in_cite": ["cité", "cité", "hors cité"],
        }
    )
    assert share_below(
        table["cum_jobs_45min_p50"].to_numpy(), table["population"].to_numpy(), 200
    ) == pytest.approx(0.4)
    out = equity_table(
        table, ["cum_jobs_45min_p50"], group="in_cite", threshold={"cum_jobs_45min_p50": 200}
    )
    assert out["group"].to_list() == ["all", "cité", "hors cité"]
    assert out["population"].to_list() == [100, 40, 60]
    assert out["mean"].to_list() == pytest.approx([310.0, 25.0, 500.0])
    assert out["share_below"].to_list() == pytest.approx([0.4, 1.0, 0.0])
    assert out["gini"][2] == pytest.approx(0.0)


def test_income_quintiles_hold_a_fifth_of_the_population_each():
    # Ten places of 10 people with incomes 10..100 (shuffled): two places per quintile.
    income = np.array([70.0, 10, 100, 40, 20, 90, 30, 60, 80, 50])
    groups = weighted_quantile_groups(income, np.full(10, 10.0))
    assert dict(zip(income.tolist(), groups.tolist(), strict=True)) == {
        10.0: 1,
        20.0: 1,
        30.0: 2,
        40.0: 2,
        50.0: 3,
        60.0: 3,
        70.0: 4,
        80.0: 4,
        90.0: 5,
        100.0: 5,
    }
    # Missing income or no population: group 0.
    assert weighted_quantile_groups(np.array([np.nan, 5.0]), np.array([3.0, 0.0])).tolist() == [
        0,
        0,
    ]


def test_equity_report_stacks_groupings():
    from artois_access.indicators.equity import equity_report

    table = pl.DataFrame(
        {
            "population": [1.0, 1, 1, 1],
            "x": [1.0, 2, 3, 4],
            "in_cite": ["a", "a", "b", "b"],
            "q": [1, 1, 2, 2],
        }
    )
    out = equity_report(table, ["x"], groups=["in_cite", "q"])
    assert out["grouping"].to_list() == ["all", "in_cite", "in_cite", "q", "q"]
    assert out["group"].to_list() == ["all", "a", "b", "1", "2"]
    assert out["mean"].to_list() == pytest.approx([2.5, 1.5, 3.5, 1.5, 3.5])
