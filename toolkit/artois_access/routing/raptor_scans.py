"""Small scans of the range-RAPTOR kernel (:mod:`artois_access.routing.raptor`): the trip
search of a scheduled pattern, the scan of a half-headway frequency pattern, and the counting
of travel minutes into a destination's histogram."""

from __future__ import annotations

import numpy as np
from numba import njit

INF = np.int32(2_000_000_000)


@njit(cache=True, nogil=True)
def earliest_trip(departure, base, n_pos, pos, lo, hi, ready):
    """Smallest trip index in [lo, hi) whose departure at ``pos`` is >= ready, else hi."""
    while lo < hi:
        mid = (lo + hi) >> 1
        if departure[base + mid * n_pos + pos] >= ready:
            hi = mid
        else:
            lo = mid + 1
    return lo


@njit(cache=True, nogil=True)
def scan_half_headway(
    p,
    start,
    s0,
    n_pos,
    base,
    k,
    pattern_stops,
    pattern_board,
    pattern_alight,
    arrival,
    departure,
    headway,
    freq_start,
    freq_end,
    board_slack_s,
    limit,
    best,
    ride,
    lists,
    flags,
    n_cur,
    n_ride,
):
    """Scan a half-headway frequency pattern: boarding at position j costs the board slack
    plus half the headway of waiting (but no earlier than the first vehicle), as long as the
    vehicle leaves the first stop before the entry's end. ``vehicle`` is that first-stop
    departure of the vehicle ridden."""
    vehicle = INF
    for j in range(start, n_pos):
        s = pattern_stops[s0 + j]
        if vehicle < INF and pattern_alight[s0 + j] == 1:
            t = vehicle + arrival[base + j]
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
            leave = best[k - 1, s] + board_slack_s + headway // 2
            first = freq_start + departure[base + j]
            if leave < first:
                leave = first
            cand = leave - departure[base + j]
            if cand < freq_end and cand < vehicle and leave < limit:
                vehicle = cand
    return n_cur, n_ride


@njit(cache=True, nogil=True, inline="always")
def count_run(diff, d, arrival, lo_m, hi_m, first_minute):
    """Count the travel minutes of departure minutes ``lo_m..hi_m`` that all arrive at
    ``arrival``: minute j gives bin ``arrival // 60 - first_minute - j`` (truncation of
    ``arrival - 60 (first_minute + j)`` seconds), so the run fills a contiguous range of bins,
    counted in O(1) in the difference array. Bins at or past the last (``max_time``) are not
    counted: those minutes are not reached in time."""
    top = diff.shape[1] - 1  # = max_time_min
    base = arrival // 60 - first_minute
    lo_bin = base - hi_m
    hi_bin = base - lo_m
    if hi_bin > top - 1:
        hi_bin = top - 1
    if lo_bin <= hi_bin:
        diff[d, lo_bin] += 1
        diff[d, hi_bin + 1] -= 1
