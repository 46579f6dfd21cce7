"""Monte Carlo frequencies as R5 routes them (FastRaptorWorker.runRaptorForMinute).

For one origin the departure minutes are routed from the last to the first. At each minute:

1. the scheduled range-RAPTOR search (:func:`minute_rounds`, labels reused from the later
   minutes) boards every Monte Carlo frequency pattern at an *upper bound*: the latest first
   vehicle any phase can give (``max(earliest, start) + headway - 1``, see
   :func:`artois_access.routing.raptor_scans.frequency_vehicle`). Its labels bound every
   draw's arrivals from above, at this minute and, since leaving earlier can wait at the
   origin, at every earlier one, whatever the phases drawn there;
2. for each draw ``r`` of the minute, those labels are copied and the rounds re-run with the
   frequency patterns boarded at the vehicles of the phases ``phases[m, r]``: the exact
   earliest arrivals of that draw's timetable. Every frequency pattern is rescanned in every
   round from every stop with a label (a bound label may still board an earlier vehicle);
   scheduled patterns, transfers and egress only from what improved on the bound, which is
   enough because the bound labels are already closed under them.

Each (minute, draw) arrival at each destination counts once in its histogram of whole
minutes, so percentiles are over ``n_minutes * n_draws`` values.
"""

from __future__ import annotations

from numba import njit

from artois_access.routing.raptor_rounds import access_round, minute_rounds
from artois_access.routing.raptor_scans import INF


@njit(cache=True, nogil=True)
def route_origin_monte_carlo(
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
    phases,
    first_minute,
    n_minutes,
    board_slack_s,
    max_rides,
    max_time_s,
    best,
    ride,
    ride_any,
    draw_best,
    draw_ride,
    draw_ride_any,
    pattern_first,
    lists,
    flags,
    dest_arr,
    draw_dest,
    dest_flags,
    changed,
    reached,
    diff,
    raw,
):
    """Route one origin over all minutes and draws; returns the number of destinations
    reached in some (minute, draw), listed in ``reached`` (``dest_arr`` and ``diff`` hold
    their bounds and histograms; the caller reads and clears them).

    ``dest_arr`` holds the upper-bound arrivals, ``draw_dest`` equals it outside a draw and
    the draw's arrivals within one (``changed`` lists the destinations a draw improved, bit 2
    of ``dest_flags``; bit 1 marks the destinations listed in ``reached``). ``raw`` (n_dest,
    n_cols), when it has more than one column, receives travel seconds in column
    ``r * n_minutes + m``.
    """
    record_raw = raw.shape[1] > 1
    n_draws = phases.shape[1]
    top = diff.shape[1] - 1  # = max_time_min
    best[:, :] = INF
    ride[:, :] = INF
    ride_any[:] = INF
    n_reached = 0
    n_seen = 0
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
            stop_pattern_pos, transfer_ptr, transfer_idx, transfer_sec, False, phases[m, 0],
            board_slack_s, max_rides, limit, best, ride, ride_any, pattern_first, lists, flags,
            n_prev, n_improved, n_seen,
        )  # fmt: skip
        for i in range(n_egress):
            s = lists[4, i]
            flags[4, s] = 0
            t0 = ride_any[s]
            for e in range(egress_ptr[s], egress_ptr[s + 1]):
                d = egress_idx[e]
                t = t0 + egress_sec[e]
                if t < dest_arr[d]:
                    dest_arr[d] = t
                    draw_dest[d] = t
                    if dest_flags[d] & 1 == 0:
                        dest_flags[d] |= 1
                        reached[n_reached] = d
                        n_reached += 1
        for r in range(n_draws):
            draw_best[:, :] = best
            draw_ride[:, :] = ride
            draw_ride_any[:] = ride_any
            n_egress, n_seen = minute_rounds(
                pattern_stop_ptr, pattern_stops, pattern_board, pattern_alight,
                pattern_trip_ptr, pattern_time_ptr, arrival, departure, pattern_headway,
                pattern_freq_start, pattern_freq_end, pattern_phase_slot, stop_pattern_ptr,
                stop_pattern, stop_pattern_pos, transfer_ptr, transfer_idx, transfer_sec, True,
                phases[m, r], board_slack_s, max_rides, limit, draw_best, draw_ride,
                draw_ride_any, pattern_first, lists, flags, 0, 0, n_seen,
            )  # fmt: skip
            n_changed = 0
            for i in range(n_egress):
                s = lists[4, i]
                flags[4, s] = 0
                t0 = draw_ride_any[s]
                for e in range(egress_ptr[s], egress_ptr[s + 1]):
                    d = egress_idx[e]
                    t = t0 + egress_sec[e]
                    if t < draw_dest[d]:
                        draw_dest[d] = t
                        if dest_flags[d] & 2 == 0:
                            dest_flags[d] |= 2
                            changed[n_changed] = d
                            n_changed += 1
                        if dest_flags[d] & 1 == 0:
                            dest_flags[d] |= 1
                            reached[n_reached] = d
                            n_reached += 1
            # One value per destination for this (minute, draw): whole minutes, if in time.
            for i in range(n_reached):
                d = reached[i]
                t = draw_dest[d]
                if t == INF:
                    continue
                travel_min = t // 60 - first_minute - m
                if travel_min < top:
                    diff[d, travel_min] += 1
                    diff[d, travel_min + 1] -= 1
                if record_raw:
                    raw[d, r * n_minutes + m] = t - dep0
            for i in range(n_changed):
                d = changed[i]
                draw_dest[d] = dest_arr[d]
                dest_flags[d] &= 1
    for i in range(n_reached):
        d = reached[i]
        draw_dest[d] = INF
        dest_flags[d] = 0
    for i in range(n_seen):
        flags[6, lists[6, i]] = 0
    return n_reached
