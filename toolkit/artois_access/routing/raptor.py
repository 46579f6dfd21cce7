"""Range-RAPTOR kernel (Delling, Pajor, Werneck: "Round-Based Public Transit Routing", 2012/2015).

For one origin, the departure minutes are routed from the last to the first, keeping each
round's labels from the later minute: leaving earlier can always wait at the origin, so the
later minute's arrivals are valid upper bounds, and only what the earlier departure improves
is rescanned. The result at every minute equals an exact earliest-arrival search
(ROUTING_SEMANTICS, "One departure minute"); range reuse is an optimisation only.

The rounds of one minute are :func:`artois_access.routing.raptor_rounds.minute_rounds`.
Monte Carlo frequency patterns are routed by :mod:`artois_access.routing.raptor_monte_carlo`.

Destination arrivals are carried from the later minute too and updated only from stops whose
vehicle arrival improved in this minute. A destination's arrival is constant over runs of
minutes; each run adds one to a contiguous range of a per-destination histogram of whole
travel minutes (a difference array, O(1) per run), from which nearest-rank percentiles are read
(truncation to minutes commutes with the order statistic).

Numba caches :func:`route_batch` with the code of every kernel function it calls, but only
invalidates that cache when *this* file changes; :mod:`artois_access.routing.kernel_cache`
drops the cached kernel at import when any kernel module changed.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from artois_access.routing.kernel_cache import drop_stale_kernel_cache
from artois_access.routing.raptor_monte_carlo import route_origin_monte_carlo
from artois_access.routing.raptor_rounds import access_round, minute_rounds
from artois_access.routing.raptor_scans import INF, count_run

drop_stale_kernel_cache()

UNREACHED = np.uint16(65535)


@njit(cache=True, nogil=True)
def _route_origin(
    pattern_stop_ptr,
    pattern_stops,
    pattern_board,
    pattern_alight,
    pattern_trip_ptr,
    pattern_time_ptr,
    arrival,
    departure,
    pattern_headway,
    pattern_freq_start,
    pattern_freq_end,
    pattern_phase_slot,
    stop_pattern_ptr,
    stop_pattern,
    stop_pattern_pos,
    transfer_ptr,
    transfer_idx,
    transfer_sec,
    egress_ptr,
    egress_idx,
    egress_sec,
    access_idx,
    access_sec,
    first_minute,
    n_minutes,
    board_slack_s,
    max_rides,
    max_time_s,
    best,
    ride,
    ride_any,
    pattern_first,
    lists,
    flags,
    dest_arr,
    reached,
    since,
    diff,
    raw,
):
    """Route one origin over all minutes (no Monte Carlo pattern); returns the number of
    destinations reached, listed in ``reached``.

    ``lists``/``flags`` are the scratch of :func:`minute_rounds`. ``diff`` (n_dest,
    max_time_min + 1) is the difference array of each destination's histogram of whole minutes
    (see :func:`count_run`); ``since[d]`` is the minute at which the current arrival at ``d``
    was found: it holds from there down to the minute routed. ``raw`` (n_dest, n_cols), when
    it has more than one column, receives per-minute travel seconds.
    """
    record_raw = raw.shape[1] > 1
    best[:, :] = INF
    ride[:, :] = INF
    ride_any[:] = INF
    n_reached = 0
    n_seen = 0
    no_phases = np.zeros(0, dtype=np.int32)
    for m in range(n_minutes - 1, -1, -1):
        dep0 = (first_minute + m) * 60
        limit = dep0 + max_time_s
        n_prev, n_improved, n_seen = access_round(
            access_idx, access_sec, dep0, limit, best, lists, flags, n_seen
        )
        n_egress, n_seen = minute_rounds(
            pattern_stop_ptr, pattern_stops, pattern_board, pattern_alight, pattern_trip_ptr,
            pattern_time_ptr, arrival, departure, pattern_headway, pattern_freq_start,
            pattern_freq_end, pattern_phase_slot, stop_pattern_ptr, stop_pattern,
            stop_pattern_pos, transfer_ptr, transfer_idx, transfer_sec, False, no_phases,
            board_slack_s, max_rides, limit, best, ride, ride_any, pattern_first, lists, flags,
            n_prev, n_improved, n_seen,
        )  # fmt: skip
        # Egress walks from the stops whose vehicle arrival improved in this minute.
        for i in range(n_egress):
            s = lists[4, i]
            flags[4, s] = 0
            t0 = ride_any[s]
            for e in range(egress_ptr[s], egress_ptr[s + 1]):
                d = egress_idx[e]
                t = t0 + egress_sec[e]
                if t < dest_arr[d]:
                    if dest_arr[d] == INF:
                        reached[n_reached] = d
                        n_reached += 1
                    elif since[d] != m:
                        # The previous arrival held for minutes m+1 .. since[d].
                        count_run(diff, d, dest_arr[d], m + 1, since[d], first_minute)
                    since[d] = m
                    dest_arr[d] = t
        if record_raw:
            for i in range(n_reached):
                d = reached[i]
                raw[d, m] = dest_arr[d] - dep0
    for i in range(n_reached):
        d = reached[i]
        count_run(diff, d, dest_arr[d], 0, since[d], first_minute)
    for i in range(n_seen):
        flags[6, lists[6, i]] = 0
    return n_reached


@njit(cache=True, parallel=True)
def route_batch(
    pattern_stop_ptr,
    pattern_stops,
    pattern_board,
    pattern_alight,
    pattern_trip_ptr,
    pattern_time_ptr,
    arrival,
    departure,
    pattern_headway,
    pattern_freq_start,
    pattern_freq_end,
    pattern_phase_slot,
    stop_pattern_ptr,
    stop_pattern,
    stop_pattern_pos,
    transfer_ptr,
    transfer_idx,
    transfer_sec,
    egress_ptr,
    egress_idx,
    egress_sec,
    access_ptr,
    access_idx,
    access_sec,
    direct_ptr,
    direct_idx,
    direct_sec,
    same_dest,
    phases,
    first_minute,
    n_minutes,
    board_slack_s,
    max_rides,
    max_time_s,
    ranks,
    n_dest,
    n_workers,
    record_raw,
):
    """Travel times from a batch of origins: ``(times, raw)``.

    ``phases`` is the Monte Carlo phase table ``[n_minutes, n_draws, n_slots]`` (``n_slots``
    may be 0: then one draw, scheduled range-RAPTOR only). ``times`` is uint16 ``[n_origins,
    n_dest, len(ranks)]``: whole minutes at each nearest rank (1-based, over ``n_minutes *
    n_draws`` values), :data:`UNREACHED` when not strictly below ``max_time_s``. ``raw`` (only
    when ``record_raw``) is int32 ``[n_origins, n_dest, n_draws * n_minutes]``: transit travel
    seconds of minute ``m`` in draw ``r`` in column ``r * n_minutes + m`` (>= INF - departure
    when unreached), before walk-only trips.
    """
    n_origins = len(access_ptr) - 1
    n_stops = len(stop_pattern_ptr) - 1
    n_patterns = len(pattern_stop_ptr) - 1
    n_ranks = len(ranks)
    monte_carlo = phases.shape[2] > 0
    n_draws = phases.shape[1] if monte_carlo else 1
    max_time_min = (max_time_s + 59) // 60
    times = np.full((n_origins, n_dest, n_ranks), UNREACHED, dtype=np.uint16)
    n_cols = n_draws * n_minutes if record_raw else 1
    raw = np.full(
        (n_origins if record_raw else 1, n_dest if record_raw else 1, n_cols), INF, np.int32
    )
    for w in prange(n_workers):
        best = np.empty((max_rides + 1, n_stops), dtype=np.int32)
        ride = np.empty((max_rides + 1, n_stops), dtype=np.int32)
        ride_any = np.empty(n_stops, dtype=np.int32)
        # Monte Carlo: the labels of one draw, restarted from the upper bounds at each draw.
        mc_stops = n_stops if monte_carlo else 1
        draw_best = np.empty((max_rides + 1, mc_stops), dtype=np.int32)
        draw_ride = np.empty((max_rides + 1, mc_stops), dtype=np.int32)
        draw_ride_any = np.empty(mc_stops, dtype=np.int32)
        draw_dest = np.full(n_dest if monte_carlo else 1, INF, dtype=np.int32)
        dest_flags = np.zeros(n_dest if monte_carlo else 1, dtype=np.uint8)
        changed = np.empty(n_dest if monte_carlo else 1, dtype=np.int32)
        pattern_first = np.full(n_patterns, -1, dtype=np.int32)
        width = max(n_stops, n_patterns)
        lists = np.empty((7, width), dtype=np.int32)
        flags = np.zeros((7, width), dtype=np.uint8)
        dest_arr = np.full(n_dest, INF, dtype=np.int32)
        reached = np.empty(n_dest, dtype=np.int32)
        diff = np.zeros((n_dest, max_time_min + 1), dtype=np.int32)
        since = np.empty(n_dest, dtype=np.int32)
        dummy = np.empty((1, 1), dtype=np.int32)
        for o in range(w, n_origins, n_workers):
            a0 = access_ptr[o]
            a1 = access_ptr[o + 1]
            raw_o = raw[o] if record_raw else dummy
            if monte_carlo:
                n_reached = route_origin_monte_carlo(
                    pattern_stop_ptr, pattern_stops, pattern_board, pattern_alight,
                    pattern_trip_ptr, pattern_time_ptr, arrival, departure, pattern_headway,
                    pattern_freq_start, pattern_freq_end, pattern_phase_slot, stop_pattern_ptr,
                    stop_pattern, stop_pattern_pos, transfer_ptr, transfer_idx, transfer_sec,
                    egress_ptr, egress_idx, egress_sec, access_idx[a0:a1], access_sec[a0:a1],
                    phases, first_minute, n_minutes, board_slack_s, max_rides, max_time_s, best,
                    ride, ride_any, draw_best, draw_ride, draw_ride_any, pattern_first, lists,
                    flags, dest_arr, draw_dest, dest_flags, changed, reached, diff, raw_o,
                )  # fmt: skip
            else:
                n_reached = _route_origin(
                    pattern_stop_ptr, pattern_stops, pattern_board, pattern_alight,
                    pattern_trip_ptr, pattern_time_ptr, arrival, departure, pattern_headway,
                    pattern_freq_start, pattern_freq_end, pattern_phase_slot, stop_pattern_ptr,
                    stop_pattern, stop_pattern_pos, transfer_ptr, transfer_idx, transfer_sec,
                    egress_ptr, egress_idx, egress_sec, access_idx[a0:a1], access_sec[a0:a1],
                    first_minute, n_minutes, board_slack_s, max_rides, max_time_s, best, ride,
                    ride_any, pattern_first, lists, flags, dest_arr, reached, since, diff, raw_o,
                )  # fmt: skip
            # Percentiles by nearest rank from the histogram of whole minutes.
            for i in range(n_reached):
                d = reached[i]
                dest_arr[d] = INF
                level = 0
                cum = 0
                q = 0
                for minute in range(max_time_min):
                    level += diff[d, minute]
                    diff[d, minute] = 0
                    cum += level
                    while q < n_ranks and ranks[q] <= cum:
                        times[o, d, q] = minute
                        q += 1
                    if q == n_ranks:
                        diff[d, minute + 1 :] = 0
                        break
                diff[d, max_time_min] = 0
            # Walk-only trips, then the origin itself.
            for e in range(direct_ptr[o], direct_ptr[o + 1]):
                d = direct_idx[e]
                sec = direct_sec[e]
                if sec < max_time_s:
                    walk_min = sec // 60
                    for q in range(n_ranks):
                        if walk_min < times[o, d, q]:
                            times[o, d, q] = walk_min
            if same_dest[o] >= 0:
                for q in range(n_ranks):
                    times[o, same_dest[o], q] = 0
    return times, raw
