"""Small scans of the range-RAPTOR kernel (:mod:`artois_access.routing.raptor`): the trip
search of a scheduled pattern, the scan of a frequency pattern, and the counting
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


# How a frequency pattern (``pattern_headway > 0``) is boarded.
HALF_HEADWAY = 0  # half the headway of waiting (half-headway mode)
UPPER_BOUND = 1  # the longest wait any phase can give (Monte Carlo, scheduled search)
PHASED = 2  # the vehicles of one Monte Carlo phase


@njit(cache=True, nogil=True, inline="always")
def frequency_vehicle(earliest, freq_start, headway, how, phase):
    """First-stop departure of the vehicle a rider boards when the vehicle may leave the first
    stop no earlier than ``earliest``; the caller checks it against the entry's end.

    PHASED: the first of ``freq_start + phase + k·headway`` (k >= 0) at or after ``earliest``.
    UPPER_BOUND: ``max(earliest, freq_start) + headway - 1``, the latest that first vehicle can
    be over all phases in ``[0, headway)``; it exists (is before the end) for every phase when
    this bound is before the end, so labels found with it are upper bounds of every draw's.
    HALF_HEADWAY: ``earliest + headway // 2``, but not before ``freq_start``."""
    if how == PHASED:
        vehicle = freq_start + phase
        if earliest > vehicle:
            vehicle += (earliest - vehicle + headway - 1) // headway * headway
        return vehicle
    if how == UPPER_BOUND:
        return max(earliest, freq_start) + headway - 1
    return max(earliest + headway // 2, freq_start)


@njit(cache=True, nogil=True)
def scan_frequency(
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
    how,
    phase,
    board_slack_s,
    limit,
    best,
    ride,
    lists,
    flags,
    n_cur,
    n_ride,
):
    """Scan a frequency pattern from position ``start``: its single row of times is relative to
    the first-stop departure ``vehicle`` of the vehicle ridden, boarded as ``how`` says (see
    :func:`frequency_vehicle`), and only if that vehicle leaves the first stop before the
    entry's end."""
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
            earliest = best[k - 1, s] + board_slack_s - departure[base + j]
            if earliest < vehicle:  # else no earlier vehicle can be caught here
                cand = frequency_vehicle(earliest, freq_start, headway, how, phase)
                if cand < freq_end and cand < vehicle and cand + departure[base + j] < limit:
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
