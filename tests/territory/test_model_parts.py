"""Pieces of the builder: largest-remainder allocation and departures from headways."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from artois_access.territory.model.allocation import allocate_largest_remainder
from artois_access.territory.model.schedule import DayType, departures_from_headways


@given(
    total=st.integers(min_value=0, max_value=50_000),
    weights=st.lists(st.floats(min_value=0.0, max_value=1e6), min_size=1, max_size=60).filter(
        lambda w: sum(w) > 0
    ),
)
def test_allocation_sums_exactly_and_stays_within_one_of_quota(total, weights):
    counts = allocate_largest_remainder(total, np.array(weights))
    assert counts.sum() == total
    quotas = np.array(weights) / sum(weights) * total
    assert (counts >= np.floor(quotas) - 1e-9).all()
    assert (counts <= np.ceil(quotas) + 1e-9).all()


def test_allocation_by_hand():
    # quotas 3.33, 3.33, 3.33 -> floors 3, 3, 3 -> the one left goes to the first index
    assert allocate_largest_remainder(10, np.array([1.0, 1.0, 1.0])).tolist() == [4, 3, 3]
    # quotas 0.5, 1.5, 3.0 -> floors 0, 1, 3; remainders 0.5, 0.5 -> first index wins
    assert allocate_largest_remainder(5, np.array([1.0, 3.0, 6.0])).tolist() == [1, 1, 3]


def test_departures_by_period():
    periods = {"early": "05:00", "peak": "07:00", "day": "09:00"}
    service = {"first": "06:00", "last": "09:30", "weekday": {"early": 30, "peak": 20, "day": 0}}
    # 06:00, 06:30 (early, every 30); 07:00, 07:20, 07:40, 08:00, 08:20, 08:40 (peak, every 20);
    # 09:00 falls in "day" where the headway is 0: no more departure.
    expected = [
        6 * 60,
        6 * 60 + 30,
        7 * 60,
        7 * 60 + 20,
        7 * 60 + 40,
        8 * 60,
        8 * 60 + 20,
        8 * 60 + 40,
    ]
    got = departures_from_headways(periods, service, DayType.WEEKDAY)
    assert [t // 60 for t in got] == expected
    assert departures_from_headways(periods, service, DayType.SUNDAY) == []
