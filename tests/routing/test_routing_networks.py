"""Hand-built networks (tests/routing/networks/*, each with a README drawing it), answers derived
by hand below.

Geometry used in the derivations: every network lies on the equator, where 0.001° of longitude
is 6,371,008.8 m × π/180 × 0.001 = 111.195 m. With ``detour_factor=1`` and 3.6 km/h (1 m/s) a
0.001° walk takes ceil(111.195) = 112 s. Stops 0.1° apart (11 km) are never walked between.
An origin or destination placed on a stop walks 0 s to it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import polars as pl
import pytest

from artois_access.errors import InputError
from artois_access.routing.matrix import travel_time_matrix
from artois_access.routing.network import TransitNetwork
from artois_access.routing.parameters import RoutingParameters

MONDAY = dt.date(2025, 1, 27)
TUESDAY = dt.date(2025, 1, 28)


def places(**points: float) -> pl.DataFrame:
    """Places on the equator: name=longitude."""
    return pl.DataFrame(
        {"id": list(points), "lon": list(points.values()), "lat": [0.0] * len(points)}
    )


def matrix(networks_dir, feeds, origins, destinations, *, start, end, date=MONDAY, **kw):
    frame = travel_time_matrix(
        [networks_dir / f for f in feeds],
        origins,
        destinations,
        date=date,
        departure_from=start,
        departure_to=end,
        all_pairs=True,
        **{"detour_factor": 1.0, **kw},
    )
    columns = [c for c in frame.columns if c.startswith("travel_time_p")]
    return {
        (r["from_id"], r["to_id"]): tuple(r[c] for c in columns)
        for r in frame.iter_rows(named=True)
    }


def test_board_slack_made_and_missed_and_percentiles(networks_dir):
    # Origin on A, destination on C. T1 leaves A at 07:10: from minute m (07:00+m) the rider is
    # ready at m+1 min, so T1 is made up to m=9 (ready 07:10:00 exactly) and reaches C at 07:30:
    # 30-m minutes (30..21). From m=10 on, T2 (A 07:30 -> C 07:50): 50-m (40..31).
    # Sorted, the 20 values are 21..40 once each: p25 = rank 5 = 25, p50 = rank 10 = 30,
    # p90 = rank 18 = 38, which is not below max_time 35: unreached.
    params = RoutingParameters(
        date=MONDAY,
        departure_from=dt.time(7, 0),
        departure_to=dt.time(7, 20),
        percentiles=(25, 50, 90),
        max_time_min=35,
        detour_factor=1.0,
    )
    network = TransitNetwork.build([networks_dir / "slack"], params)
    seconds = network.minute_travel_seconds(places(oA=0.0), places(dC=0.2))[0, 0]
    expected = [1800 - 60 * m for m in range(10)] + [3000 - 60 * m for m in range(10, 20)]
    # Minutes past 07:14 would take 36+ min: beyond max_time, the engine does not finish them.
    for m, want in enumerate(expected):
        if want < 35 * 60:
            assert seconds[m] == want, m
        else:
            assert seconds[m] >= 35 * 60, m
    got = matrix(
        networks_dir,
        ["slack"],
        places(oA=0.0),
        places(dC=0.2, oA=0.0),
        start=dt.time(7, 0),
        end=dt.time(7, 20),
        percentiles=(25, 50, 90),
        max_time_min=35,
    )
    assert got[("oA", "dC")] == (25, 30, None)
    assert got[("oA", "oA")] == (0, 0, 0)  # the origin itself


def test_percentiles_over_a_20_minute_headway(networks_dir):
    # Departures A -> C (30 min ride) at :05, :25, :45. Ready at m+1, the wait to the next
    # departure runs through 1..20 min once per 20-minute cycle: over 07:00-08:00 each wait
    # 1..20 appears 3 times, travel = 30 + wait = 31..50, three times each (60 values).
    # p5 = rank 3 -> 31; p25 = rank 15 -> 35; p50 = rank 30 -> 40; p75 = rank 45 -> 45;
    # p95 = rank 57 -> 49.
    got = matrix(
        networks_dir,
        ["headway"],
        places(oA=0.0),
        places(dC=0.2),
        start=dt.time(7, 0),
        end=dt.time(8, 0),
        percentiles=(5, 25, 50, 75, 95),
    )
    assert got[("oA", "dC")] == (31, 35, 40, 45, 49)


def test_percentile_order_is_the_callers(networks_dir):
    got = matrix(
        networks_dir,
        ["headway"],
        places(oA=0.0),
        places(dC=0.2),
        start=dt.time(7, 0),
        end=dt.time(8, 0),
        percentiles=(75, 25),
    )
    assert got[("oA", "dC")] == (45, 35)


def test_transfer_walk_to_the_second(networks_dir):
    # L1 reaches B at 07:20:00; the walk B->C is 112 s: at C 07:21:52, ready 07:22:52 with the
    # 60 s slack: L2a (07:22:50) is missed by 2 s, L2b (07:23:00) is made: D at 07:40 -> 40.
    # A destination on C is reached by the egress walk from B: 07:21:52 -> 21 min; one on E
    # (0.002° = 222.39 m from B, 223 s) at 07:23:43 -> 23 min. F needs the walks B->C->E in a
    # row (B->E is beyond the 150 m transfer limit): unreached.
    kw = {"transfer_max_distance_m": 150}
    dests = places(dD=0.2, dC=0.101, dE=0.102, dF=0.3)
    got = matrix(
        networks_dir,
        ["transfer"],
        places(oA=0.0),
        dests,
        start=dt.time(7, 0),
        end=dt.time(7, 1),
        **kw,
    )
    assert got[("oA", "dD")] == (40,)
    assert got[("oA", "dC")] == (21,)
    assert got[("oA", "dE")] == (23,)
    assert got[("oA", "dF")] == (None,)
    # Without slack, L2a (07:22:50) is made at 07:21:52: D at 07:30.
    got = matrix(
        networks_dir,
        ["transfer"],
        places(oA=0.0),
        dests,
        start=dt.time(7, 0),
        end=dt.time(7, 1),
        board_slack_s=0,
        **kw,
    )
    assert got[("oA", "dD")] == (30,)


def test_pickup_and_drop_off_types(networks_dir):
    # From A (07:00): B has drop_off_type 1 -> unreached; C at 07:30 -> 30; D at 07:40 -> 40.
    # From B: pickup_type 1, nothing can be boarded -> C, D unreached.
    # From C: pickup_type 2 is treated as a regular stop: D at 07:40 -> 40.
    got = matrix(
        networks_dir,
        ["pickup"],
        places(oA=0.0, oB=0.1, oC=0.2),
        places(dB=0.1, dC=0.2, dD=0.3),
        start=dt.time(7, 0),
        end=dt.time(7, 1),
    )
    assert got[("oA", "dB")] == (None,)
    assert got[("oA", "dC")] == (30,)
    assert got[("oA", "dD")] == (40,)
    assert got[("oB", "dC")] == (None,)
    assert got[("oB", "dD")] == (None,)
    assert got[("oC", "dD")] == (40,)


def test_service_after_midnight(networks_dir):
    # Tuesday 00:00-00:05: Monday's N1 (24:10 -> 24:20) runs at 00:10 -> 00:20: from minute m,
    # 20-m (20..16), p50 = rank 3 = 18. Tuesday 23:40-23:45: Wednesday's W1 (00:05 -> 00:15)
    # runs at 24:05 -> 24:15: 35-m (35..31), p50 = 33.
    got = matrix(
        networks_dir,
        ["midnight"],
        places(oA=0.0),
        places(dB=0.1),
        start=dt.time(0, 0),
        end=dt.time(0, 5),
        date=TUESDAY,
    )
    assert got[("oA", "dB")] == (18,)
    got = matrix(
        networks_dir,
        ["midnight"],
        places(oC=0.2),
        places(dD=0.3),
        start=dt.time(23, 40),
        end=dt.time(23, 45),
        date=TUESDAY,
    )
    assert got[("oC", "dD")] == (33,)
    # On Monday neither runs there: N1 belongs to Monday night (Tuesday 00:10), W1 to Wednesday.
    got = matrix(
        networks_dir,
        ["midnight"],
        places(oA=0.0, oC=0.2),
        places(dB=0.1, dD=0.3),
        start=dt.time(0, 0),
        end=dt.time(0, 5),
        date=MONDAY,
    )
    assert got[("oA", "dB")] == (None,)
    got = matrix(
        networks_dir,
        ["midnight"],
        places(oC=0.2),
        places(dD=0.3),
        start=dt.time(23, 40),
        end=dt.time(23, 45),
        date=MONDAY,
    )
    assert got[("oC", "dD")] == (None,)


def test_calendar_dates_only_service(networks_dir):
    # Service X runs on 2025-01-27 only: A 07:10 -> B 07:20, 20 min from 07:00.
    got = matrix(
        networks_dir,
        ["calendar_dates_only"],
        places(oA=0.0),
        places(dB=0.1),
        start=dt.time(7, 0),
        end=dt.time(7, 1),
    )
    assert got[("oA", "dB")] == (20,)
    with pytest.raises(InputError, match="no service on 2025-01-28"):
        matrix(
            networks_dir,
            ["calendar_dates_only"],
            places(oA=0.0),
            places(dB=0.1),
            start=dt.time(7, 0),
            end=dt.time(7, 1),
            date=TUESDAY,
        )


def test_walk_only_faster_than_transit(networks_dir):
    # Bus: 07:00 -> 07:12, 12 min. Walk: 0.005° = 555.975 m, 556 s = 9 min 16 s -> 9.
    got = matrix(
        networks_dir,
        ["walk_only"],
        places(oA=0.0),
        places(dB=0.005),
        start=dt.time(7, 0),
        end=dt.time(7, 1),
    )
    assert got[("oA", "dB")] == (9,)
    # With walks limited to 5 min the walk-only trip is out; access/egress are 0 s: the bus.
    got = matrix(
        networks_dir,
        ["walk_only"],
        places(oA=0.0),
        places(dB=0.005),
        start=dt.time(7, 0),
        end=dt.time(7, 1),
        max_walk_time_min=5,
    )
    assert got[("oA", "dB")] == (12,)


def test_two_feeds_with_clashing_ids(networks_dir):
    # Both feeds use S1, S2, T1: feed clash_a runs 10 min, clash_b 30 min, far apart.
    got = matrix(
        networks_dir,
        ["clash_a", "clash_b"],
        places(oa=0.0, ob=0.2),
        places(da=0.1, db=0.3),
        start=dt.time(7, 0),
        end=dt.time(7, 1),
    )
    assert got[("oa", "da")] == (20,)
    assert got[("ob", "db")] == (40,)
    assert got[("oa", "db")] == (None,)
    assert got[("ob", "da")] == (None,)


def test_loop_trip_visiting_a_stop_twice(networks_dir):
    # L: A 07:10, B 07:20, C 07:30, A 07:40, B 07:50.
    # From C at 07:00: A at 07:40 (40), B at 07:50 (50): only the second visits serve them.
    # From A at 07:00: B at 07:20 (20). From B at 07:00: A at 07:40 (40).
    got = matrix(
        networks_dir,
        ["loop"],
        places(oA=0.0, oB=0.1),
        places(dA=0.0, dB=0.1),
        start=dt.time(7, 0),
        end=dt.time(7, 1),
    )
    assert got[("oA", "dB")] == (20,)
    assert got[("oB", "dA")] == (40,)
    loop_c = pl.DataFrame({"id": ["oC"], "lon": [0.05], "lat": [0.1]})
    got = matrix(
        networks_dir,
        ["loop"],
        loop_c,
        places(dA=0.0, dB=0.1),
        start=dt.time(7, 0),
        end=dt.time(7, 1),
    )
    assert got[("oC", "dA")] == (40,)
    assert got[("oC", "dB")] == (50,)
    # From A at 07:25 only the second visit of A (07:40) is left: B at 07:50 -> 25.
    got = matrix(
        networks_dir,
        ["loop"],
        places(oA=0.0),
        places(dB=0.1),
        start=dt.time(7, 25),
        end=dt.time(7, 26),
    )
    assert got[("oA", "dB")] == (25,)


@pytest.mark.parametrize(
    ("network", "mode"),
    [("frequencies_exact", "monte-carlo"), ("frequencies_inexact", "scheduled")],
)
def test_frequencies_on_exact_times(networks_dir, network, mode):
    # Departures 07:00, 07:10, ...; ride 10 min. From m (07:00-07:09), ready m+1: the 07:10
    # vehicle, B at 07:20: 20-m = 20..11; p50 = rank 5 of 11..20 = 15.
    got = matrix(
        networks_dir,
        [network],
        places(oA=0.0),
        places(dB=0.1),
        start=dt.time(7, 0),
        end=dt.time(7, 10),
        frequency_mode=mode,
    )
    assert got[("oA", "dB")] == (15,)


def _monte_carlo_network(networks_dir, seed):
    params = RoutingParameters(
        date=MONDAY,
        departure_from=dt.time(7, 0),
        departure_to=dt.time(7, 10),
        seed=seed,
        detour_factor=1.0,
    )
    return TransitNetwork.build([networks_dir / "frequencies_inexact"], params)


def test_frequencies_monte_carlo(networks_dir):
    def seconds(seed):
        network = _monte_carlo_network(networks_dir, seed)
        assert network.timetable.n_draws == 5
        return network.minute_travel_seconds(places(oA=0.0), places(dB=0.1))[0, 0]

    first = seconds(0)
    assert np.array_equal(first, seconds(0))  # same seed, same result
    assert not all(np.array_equal(first, seconds(s)) for s in (1, 2, 3))
    # As R5: a new phase φ in [0, 600) at every minute m and draw r, the table
    # default_rng(seed).integers(0, [600], size=(10 minutes, 5 draws, 1 entry)). Vehicles leave
    # at 07:00 + φ + 600 k; from minute m the rider takes the first one at or after
    # 07:00 + m + 1 min; 10 min later at B.
    phases = np.random.default_rng(0).integers(0, np.array([600]), size=(10, 5, 1))
    for r in range(5):
        for m in range(10):
            phase = int(phases[m, r, 0])
            ready = 60 * m + 60
            k = max(0, -(-(ready - phase) // 600))
            assert first[r * 10 + m] == phase + 600 * k + 600 - 60 * m, (r, m)


def test_frequencies_monte_carlo_injected_phases(networks_dir):
    # A hand-written phase table replaces the drawn one (2 draws). F leaves A at
    # 07:00 + φ + 600 k (k >= 0, before 08:00) and reaches B 600 s later; the rider leaving at
    # 07:00 + m min is ready at 07:00 + 60(m+1) s.
    #   m=0, φ=0:   ready 07:01, next vehicle 07:10 -> B 07:20: 1200 s
    #   m=0, φ=599: vehicle 07:09:59 -> B 07:19:59: 1199 s
    #   m=3, φ=240: ready 07:04, vehicle 07:04 (slack met exactly) -> B 07:14: 840 - 180 = 660 s
    #   m=3, φ=239: vehicle 07:03:59 is missed by 1 s, next 07:13:59 -> B 07:23:59: 1259 s
    #   m=9, φ=30:  ready 07:10, vehicle 07:10:30 -> B 07:20:30: 1230 - 540 = 690 s
    #   m=9, φ=0:   vehicle 07:10 -> B 07:20: 1200 - 540 = 660 s
    network = _monte_carlo_network(networks_dir, 0)
    table = np.zeros((10, 2, 1), dtype=np.int32)
    table[0, :, 0] = (0, 599)
    table[3, :, 0] = (240, 239)
    table[9, :, 0] = (30, 0)
    timetable = dataclasses.replace(network.timetable, n_draws=2, frequency_phases=table)
    network = dataclasses.replace(network, timetable=timetable)
    got = network.minute_travel_seconds(places(oA=0.0), places(dB=0.1))[0, 0]
    assert [int(got[r * 10 + m]) for m in (0, 3, 9) for r in (0, 1)] == [
        1200, 1199, 660, 1259, 690, 660,
    ]  # fmt: skip
    # Minutes with phase 0 in both draws: the 07:10 vehicle, 1200 - 60 m s.
    assert [int(got[m]) for m in (1, 2, 4, 5)] == [1140, 1080, 960, 900]


def test_frequencies_half_headway(networks_dir):
    # Half-headway mode: boarding F costs the 60 s slack plus 300 s (half of 600 s); vehicles
    # leave A from 07:00 to before 08:00. From 07:00+m: 60 + 300 + 600 s ride = 16 min.
    # From 07:50+m (m = 0..9) the vehicle would leave A at 07:56+m: only m <= 3 make it
    # before 08:00, so 4 values of 16 and 6 unreached: p25 (rank 3) = 16, p50 (rank 5) none.
    # From 06:50 the rider waits for the first vehicle at 07:00: B at 07:10, 20 min.
    def run(start, end):
        return matrix(
            networks_dir, ["frequencies_inexact"], places(oA=0.0), places(dB=0.1),
            start=start, end=end, frequency_mode="half-headway", percentiles=(25, 50),
        )[("oA", "dB")]  # fmt: skip

    assert run(dt.time(7, 0), dt.time(7, 10)) == (16, 16)
    assert run(dt.time(7, 50), dt.time(8, 0)) == (16, None)
    assert run(dt.time(6, 50), dt.time(6, 51)) == (20, 20)


def test_overtaking_trips(networks_dir):
    # From A at 07:00 both trips can be boarded: B is reached first by the express X (07:25,
    # 25 min), C by the slow S (07:50, 50 min). A router that only boards the first trip
    # leaving A would give 40 for B; one that only boards the first arriving at B, 60 for C.
    got = matrix(
        networks_dir,
        ["overtaking"],
        places(oA=0.0),
        places(dB=0.1, dC=0.2),
        start=dt.time(7, 0),
        end=dt.time(7, 1),
    )
    assert got[("oA", "dB")] == (25,)
    assert got[("oA", "dC")] == (50,)
    params = RoutingParameters(
        date=MONDAY, departure_from=dt.time(7), departure_to=dt.time(7, 1), detour_factor=1.0
    )
    network = TransitNetwork.build([networks_dir / "overtaking"], params)
    assert network.timetable.n_patterns == 2  # split so that each pattern is FIFO
