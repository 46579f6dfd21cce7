"""Range-RAPTOR kernel (Delling, Pajor, Werneck: "Round-Based Public Transit Routing", 2012/2015).

For one origin, the departure minutes are routed from the last to the first, keeping each
round's labels from the later minute: leaving earlier can always wait at the origin, so the
later minute's arrivals are valid upper bounds, and only what the earlier departure improves
is rescanned. The result at every minute equals an exact earliest-arrival search
(ROUTING_SEMANTICS, "One departure minute"); range reuse is an optimisation only.

Labels, per round ``k`` (at most ``k`` vehicles):
- ``best[k, s]``: earliest arrival at stop ``s`` by any means (access walk in round 0, vehicle,
  or transfer walk after a vehicle); boarding in round ``k+1`` starts from it;
- ``ride[k, s]``: earliest arrival at ``s`` by vehicle. Transfer walks and egress start only
  from these (no walk after the access walk, no two walks in a row).
A round's labels are merged from the round before ("at most k" semantics) for every stop
improved in this minute, which gives RAPTOR's local pruning without a scan of all stops.

Destination arrivals are carried from the later minute too and updated only from stops whose
vehicle arrival improved in this minute. A destination's arrival is constant over runs of
minutes; each run adds one to a contiguous range of a per-destination histogram of whole
travel minutes (a difference array, O(1) per run), from which nearest-rank percentiles are read
(truncation to minutes commutes with the order statistic).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from artois_access.routing.raptor_scans import INF, count_run, earliest_trip, scan_half_headway

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
    draw,
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
    n_reached,
    since,
    diff,
    raw,
    raw_col0,
):
    """Route one origin in one draw over all minutes; returns the updated ``n_reached``.

    ``lists``/``flags`` are scratch (6, max(n_stops, n_patterns)): rows 0/1 marked stops of the
    previous/current round, 2 stops whose vehicle arrival improved in the round, 3 stops improved
    in the minute, 4 stops to egress from in the minute, 5 patterns to scan in the round.
    ``diff`` (n_dest, max_time_min + 1) is the difference array of each destination's
    histogram of whole minutes (see :func:`count_run`); ``since[d]`` is the minute at which
    the current arrival at ``d`` was found: it holds from there down to the minute routed. ``raw`` (n_dest, n_cols),
    when it has more than one column, receives per-minute travel seconds.
    """
    record_raw = raw.shape[1] > 1
    best[:, :] = INF
    ride[:, :] = INF
    ride_any[:] = INF
    for m in range(n_minutes - 1, -1, -1):
        dep0 = (first_minute + m) * 60
        limit = dep0 + max_time_s
        n_prev = 0
        n_improved = 0
        n_egress = 0
        # Round 0: the access walk.
        for a in range(len(access_idx)):
            s = access_idx[a]
            t = dep0 + access_sec[a]
            if t < limit and t < best[0, s]:
                best[0, s] = t
                if flags[0, s] == 0:
                    flags[0, s] = 1
                    lists[0, n_prev] = s
                    n_prev += 1
                if flags[3, s] == 0:
                    flags[3, s] = 1
                    lists[3, n_improved] = s
                    n_improved += 1
        for k in range(1, max_rides + 1):
            if n_prev == 0:
                break
            # "At most k vehicles": merge what this minute improved in the rounds before.
            for i in range(n_improved):
                s = lists[3, i]
                if best[k - 1, s] < best[k, s]:
                    best[k, s] = best[k - 1, s]
                if ride[k - 1, s] < ride[k, s]:
                    ride[k, s] = ride[k - 1, s]
            # Patterns serving the stops marked in round k-1, from their first marked position.
            n_pat = 0
            for i in range(n_prev):
                s = lists[0, i]
                flags[0, s] = 0
                for e in range(stop_pattern_ptr[draw, s], stop_pattern_ptr[draw, s + 1]):
                    p = stop_pattern[e]
                    pos = stop_pattern_pos[e]
                    if pattern_first[p] < 0:
                        lists[5, n_pat] = p
                        n_pat += 1
                        pattern_first[p] = pos
                    elif pos < pattern_first[p]:
                        pattern_first[p] = pos
            n_cur = 0
            n_ride = 0
            for i in range(n_pat):
                p = lists[5, i]
                start = pattern_first[p]
                pattern_first[p] = -1
                s0 = pattern_stop_ptr[p]
                n_pos = pattern_stop_ptr[p + 1] - s0
                n_trips = pattern_trip_ptr[p + 1] - pattern_trip_ptr[p]
                base = pattern_time_ptr[p]
                if pattern_headway[p] > 0:
                    n_cur, n_ride = scan_half_headway(
                        p, start, s0, n_pos, base, k, pattern_stops, pattern_board,
                        pattern_alight, arrival, departure, pattern_headway[p],
                        pattern_freq_start[p], pattern_freq_end[p], board_slack_s, limit,
                        best, ride, lists, flags, n_cur, n_ride,
                    )  # fmt: skip
                    continue
                trip = n_trips  # none boarded
                for j in range(start, n_pos):
                    s = pattern_stops[s0 + j]
                    if trip < n_trips and pattern_alight[s0 + j] == 1:
                        t = arrival[base + trip * n_pos + j]
                        if t < limit and t < ride[k, s]:
                            ride[k, s] = t
                            if flags[2, s] == 0:
                                flags[2, s] = 1
                                lists[2, n_ride] = s
                                n_ride += 1
                            if t < best[k, s]:
                                best[k, s] = t
                                if flags[1, s] == 0:
                                    flags[1, s] = 1
                                    lists[1, n_cur] = s
                                    n_cur += 1
                    if pattern_board[s0 + j] == 1 and best[k - 1, s] < INF:
                        ready = best[k - 1, s] + board_slack_s
                        hi = trip + 1 if trip < n_trips else n_trips
                        cand = earliest_trip(departure, base, n_pos, j, 0, hi, ready)
                        if cand < trip and departure[base + cand * n_pos + j] < limit:
                            trip = cand
            # Transfer walks, from stops reached by vehicle in this round only.
            for i in range(n_ride):
                s = lists[2, i]
                flags[2, s] = 0
                t0 = ride[k, s]
                if t0 < ride_any[s]:
                    ride_any[s] = t0
                    if flags[4, s] == 0:
                        flags[4, s] = 1
                        lists[4, n_egress] = s
                        n_egress += 1
                if flags[3, s] == 0:
                    flags[3, s] = 1
                    lists[3, n_improved] = s
                    n_improved += 1
                for e in range(transfer_ptr[s], transfer_ptr[s + 1]):
                    u = transfer_idx[e]
                    t = t0 + transfer_sec[e]
                    if t < limit and t < best[k, u]:
                        best[k, u] = t
                        if flags[1, u] == 0:
                            flags[1, u] = 1
                            lists[1, n_cur] = u
                            n_cur += 1
            # Stops marked in this round become the previous round's marks.
            for i in range(n_cur):
                s = lists[1, i]
                flags[1, s] = 0
                lists[0, i] = s
                flags[0, s] = 1
                if flags[3, s] == 0:
                    flags[3, s] = 1
                    lists[3, n_improved] = s
                    n_improved += 1
            n_prev = n_cur
        for i in range(n_prev):
            flags[0, lists[0, i]] = 0
        for i in range(n_improved):
            flags[3, lists[3, i]] = 0
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
                raw[d, raw_col0 + m] = dest_arr[d] - dep0
    for i in range(n_reached):
        d = reached[i]
        count_run(diff, d, dest_arr[d], 0, since[d], first_minute)
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
    n_draws,
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

    ``times`` is uint16 ``[n_origins, n_dest, len(ranks)]``: whole minutes at each nearest
    rank (1-based, over ``n_minutes * n_draws`` values), :data:`UNREACHED` when not strictly
    below ``max_time_s``. ``raw`` (only when ``record_raw``) is int32
    ``[n_origins, n_dest, n_draws * n_minutes]``: transit travel seconds per minute and draw
    (>= INF - departure when unreached), before walk-only trips.
    """
    n_origins = len(access_ptr) - 1
    n_stops = stop_pattern_ptr.shape[1] - 1
    n_patterns = len(pattern_stop_ptr) - 1
    n_ranks = len(ranks)
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
        pattern_first = np.full(n_patterns, -1, dtype=np.int32)
        width = max(n_stops, n_patterns)
        lists = np.empty((6, width), dtype=np.int32)
        flags = np.zeros((6, width), dtype=np.uint8)
        dest_arr = np.full(n_dest, INF, dtype=np.int32)
        # A destination is listed once per draw that reaches it.
        reached = np.empty(n_dest * n_draws, dtype=np.int32)
        diff = np.zeros((n_dest, max_time_min + 1), dtype=np.int32)
        since = np.empty(n_dest, dtype=np.int32)
        dummy = np.empty((1, 1), dtype=np.int32)
        for o in range(w, n_origins, n_workers):
            a0 = access_ptr[o]
            a1 = access_ptr[o + 1]
            n_reached = 0
            raw_o = raw[o] if record_raw else dummy
            for r in range(n_draws):
                # Destination arrivals restart with each draw (another timetable).
                for i in range(n_reached):
                    dest_arr[reached[i]] = INF
                n_reached_draw = _route_origin(
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
                    stop_pattern_ptr,
                    stop_pattern,
                    stop_pattern_pos,
                    transfer_ptr,
                    transfer_idx,
                    transfer_sec,
                    egress_ptr,
                    egress_idx,
                    egress_sec,
                    access_idx[a0:a1],
                    access_sec[a0:a1],
                    r,
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
                    reached[n_reached:],
                    0,
                    since,
                    diff,
                    raw_o,
                    r * n_minutes,
                )
                n_reached += n_reached_draw
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
