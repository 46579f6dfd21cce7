"""The rounds of RAPTOR for one departure minute (:mod:`artois_access.routing.raptor`).

Labels, per round ``k`` (at most ``k`` vehicles):
- ``best[k, s]``: earliest arrival at stop ``s`` by any means (access walk in round 0, vehicle,
  or transfer walk after a vehicle); boarding in round ``k+1`` starts from it;
- ``ride[k, s]``: earliest arrival at ``s`` by vehicle. Transfer walks and egress start only
  from these (no walk after the access walk, no two walks in a row).
A round's labels are merged from the round before ("at most k" semantics) for every stop
improved in this minute, which gives RAPTOR's local pruning without a scan of all stops.

Scratch ``lists``/``flags`` (7, max(n_stops, n_patterns)), one row per set: 0/1 stops marked
in the previous/current round, 2 stops whose vehicle arrival improved in the round, 3 stops
improved in the minute, 4 stops to egress from (their ``ride_any`` improved), 5 patterns to
scan in the round, 6 stops ever reached from the origin ("seen", kept across minutes).
"""

from __future__ import annotations

from numba import njit

from artois_access.routing.raptor_scans import (
    HALF_HEADWAY,
    INF,
    PHASED,
    UPPER_BOUND,
    earliest_trip,
    scan_frequency,
)

# The two functions below run once per minute (and per draw) and touch no allocation: compiled
# without the NRT (numba's reference counting), their calls do not increment and decrement the
# counts of the ~20 timetable arrays they get, atomic operations that the threads routing other
# origins contend for (measured: +70% routing time on the Artois model with them).


@njit(cache=True, nogil=True, inline="always")
def _mark(lists, flags, row, s, n):
    if flags[row, s] == 0:
        flags[row, s] = 1
        lists[row, n] = s
        n += 1
    return n


@njit(cache=True, nogil=True, _nrt=False)
def access_round(access_idx, access_sec, dep0, limit, best, lists, flags, n_seen):
    """Round 0, the access walk: returns ``(n_prev, n_improved, n_seen)``."""
    n_prev = 0
    n_improved = 0
    for a in range(len(access_idx)):
        s = access_idx[a]
        t = dep0 + access_sec[a]
        if t < limit and t < best[0, s]:
            best[0, s] = t
            n_prev = _mark(lists, flags, 0, s, n_prev)
            if flags[3, s] == 0:
                n_improved = _mark(lists, flags, 3, s, n_improved)
                n_seen = _mark(lists, flags, 6, s, n_seen)
    return n_prev, n_improved, n_seen


@njit(cache=True, nogil=True, _nrt=False)
def minute_rounds(
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
    phased,
    phase_row,
    board_slack_s,
    max_rides,
    limit,
    best,
    ride,
    ride_any,
    pattern_first,
    lists,
    flags,
    n_prev,
    n_improved,
    n_seen,
):
    """Rounds 1..max_rides from the stops marked in round 0; returns ``(n_egress, n_seen)``
    with the stops to egress from in row 4 (flags still set, the caller clears them).

    Monte Carlo frequency patterns (``pattern_phase_slot >= 0``) are boarded at their upper
    bound unless ``phased``; then at the phases ``phase_row[slot]``, and, because the labels
    the rounds start from were found with the upper bound, such patterns are scanned in round
    ``k`` from every seen stop whose label in round ``k-1`` beats its label in round ``k-2``
    (every access stop in round 1), not only from the stops improved here: a label unchanged
    since the upper-bound search can still board an earlier vehicle. A label equal to the one
    of the round before was boarded from in that round already, and what that boarding
    reached is carried into this round ("at most k"). Scheduled patterns need rescanning only
    from the stops improved here (the upper-bound labels are closed under them).
    """
    n_egress = 0
    for k in range(1, max_rides + 1):
        if n_prev == 0 and not phased:
            break
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
            for e in range(stop_pattern_ptr[s], stop_pattern_ptr[s + 1]):
                p = stop_pattern[e]
                pos = stop_pattern_pos[e]
                if pattern_first[p] < 0:
                    lists[5, n_pat] = p
                    n_pat += 1
                    pattern_first[p] = pos
                elif pos < pattern_first[p]:
                    pattern_first[p] = pos
        if phased:
            for i in range(n_seen):
                s = lists[6, i]
                # A label equal to the round before's was already boarded from then.
                if best[k - 1, s] == INF or (k > 1 and best[k - 1, s] >= best[k - 2, s]):
                    continue
                for e in range(stop_pattern_ptr[s], stop_pattern_ptr[s + 1]):
                    p = stop_pattern[e]
                    if pattern_phase_slot[p] < 0:
                        continue
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
                slot = pattern_phase_slot[p]
                how = HALF_HEADWAY
                phase = 0
                if slot >= 0:
                    how = PHASED if phased else UPPER_BOUND
                    if phased:
                        phase = phase_row[slot]
                n_cur, n_ride = scan_frequency(
                    p, start, s0, n_pos, base, k, pattern_stops, pattern_board, pattern_alight,
                    arrival, departure, pattern_headway[p], pattern_freq_start[p],
                    pattern_freq_end[p], how, phase, board_slack_s, limit, best, ride, lists,
                    flags, n_cur, n_ride,
                )  # fmt: skip
                continue
            trip = n_trips  # none boarded
            for j in range(start, n_pos):
                s = pattern_stops[s0 + j]
                if trip < n_trips and pattern_alight[s0 + j] == 1:
                    t = arrival[base + trip * n_pos + j]
                    if t < limit and t < ride[k, s]:
                        ride[k, s] = t
                        n_ride = _mark(lists, flags, 2, s, n_ride)
                        if t < best[k, s]:
                            best[k, s] = t
                            n_cur = _mark(lists, flags, 1, s, n_cur)
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
                n_egress = _mark(lists, flags, 4, s, n_egress)
            if flags[3, s] == 0:
                n_improved = _mark(lists, flags, 3, s, n_improved)
                n_seen = _mark(lists, flags, 6, s, n_seen)
            for e in range(transfer_ptr[s], transfer_ptr[s + 1]):
                u = transfer_idx[e]
                t = t0 + transfer_sec[e]
                if t < limit and t < best[k, u]:
                    best[k, u] = t
                    n_cur = _mark(lists, flags, 1, u, n_cur)
        # Stops marked in this round become the previous round's marks.
        for i in range(n_cur):
            s = lists[1, i]
            flags[1, s] = 0
            lists[0, i] = s
            flags[0, s] = 1
            if flags[3, s] == 0:
                n_improved = _mark(lists, flags, 3, s, n_improved)
                n_seen = _mark(lists, flags, 6, s, n_seen)
        n_prev = n_cur
    for i in range(n_prev):
        flags[0, lists[0, i]] = 0
    for i in range(n_improved):
        flags[3, lists[3, i]] = 0
    return n_egress, n_seen
