"""A slow, obvious earliest-arrival search, to check the fast engine against.

Time-dependent Dijkstra over explicit states, written for clarity, not speed:
- ("walked", stop, rides): at a stop after the access walk or a transfer walk;
- ("vehicle", stop, rides): at a stop just alighted from a vehicle;
- ("dep", trip, position, rides): on board, the vehicle leaving ``position``;
- ("arr", trip, position, rides): on board, the vehicle reaching ``position``.
Every rule of ROUTING_SEMANTICS is one transition below; nothing is pruned except by the
earliest time per state, so the answer is exact for every departure minute.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True)
class VehicleTrip:
    """One vehicle run: per position (stop_id, arrival_s, departure_s, can_board, can_alight)."""

    trip_id: str
    calls: tuple[tuple[str, int, int, bool, bool], ...]


def walk_seconds(a, b, *, speed_kmh: float, detour: float) -> int:
    """Haversine × detour at speed, rounded up to whole seconds (as ROUTING_SEMANTICS says)."""
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    dist = 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, h))) * detour
    return math.ceil(round(dist / (speed_kmh / 3.6), 6)), dist


def arrivals(
    trips: list[VehicleTrip],
    stops: dict[str, tuple[float, float]],
    origin: tuple[float, float],
    destinations: list[tuple[float, float]],
    departure_s: int,
    *,
    speed_kmh: float,
    detour: float,
    max_walk_s: int,
    transfer_max_m: float,
    board_slack_s: int,
    max_rides: int,
    walks: tuple[dict, dict] | None = None,
) -> list[float]:
    """Earliest arrival (seconds) at each destination by transit, +inf if none.

    ``walks`` (from :func:`walk_tables`) saves recomputing the stop walks on every call."""

    def walk(a, b):
        return walk_seconds(a, b, speed_kmh=speed_kmh, detour=detour)

    if walks is None:
        walks = walk_tables(
            stops,
            destinations,
            speed_kmh=speed_kmh,
            detour=detour,
            max_walk_s=max_walk_s,
            transfer_max_m=transfer_max_m,
        )
    transfer_walks, egress_walks = walks

    best: dict[tuple, int] = {}
    heap: list[tuple[int, int, tuple]] = []
    counter = 0

    def push(t, state):
        nonlocal counter
        if t < best.get(state, math.inf):
            best[state] = t
            counter += 1
            heapq.heappush(heap, (t, counter, state))

    for stop_id, pos in stops.items():
        w, _ = walk(origin, pos)
        if w <= max_walk_s:
            push(departure_s + w, ("walked", stop_id, 0))
    calls_at: dict[str, list[tuple[int, int]]] = {}
    for k, trip in enumerate(trips):
        for j, call in enumerate(trip.calls):
            calls_at.setdefault(call[0], []).append((k, j))
    result = [math.inf] * len(destinations)
    while heap:
        t, _, state = heapq.heappop(heap)
        if t > best[state]:
            continue
        kind = state[0]
        if kind in ("walked", "vehicle"):
            _, stop_id, rides = state
            if rides < max_rides:
                for k, j in calls_at.get(stop_id, []):
                    _, _, dep, can_board, _ = trips[k].calls[j]
                    if can_board and dep >= t + board_slack_s:
                        push(dep, ("dep", k, j, rides + 1))
            if kind == "vehicle":
                for other, w in transfer_walks[stop_id]:
                    push(t + w, ("walked", other, rides))
                for i, w in egress_walks[stop_id]:
                    result[i] = min(result[i], t + w)
        elif kind == "dep":
            _, k, j, rides = state
            if j + 1 < len(trips[k].calls):
                push(trips[k].calls[j + 1][1], ("arr", k, j + 1, rides))
        else:  # "arr"
            _, k, j, rides = state
            stop_id, arr, dep, _, can_alight = trips[k].calls[j]
            if can_alight:
                push(arr, ("vehicle", stop_id, rides))
            push(dep, ("dep", k, j, rides))
    return result


def walk_tables(stops, destinations, *, speed_kmh, detour, max_walk_s, transfer_max_m):
    """Every allowed transfer walk and egress walk, by brute force over all pairs."""
    transfer_walks = {}
    egress_walks = {}
    for stop_id, pos in stops.items():
        transfer_walks[stop_id] = []
        for other, other_pos in stops.items():
            if other == stop_id:
                continue
            w, dist = walk_seconds(pos, other_pos, speed_kmh=speed_kmh, detour=detour)
            if w <= max_walk_s and dist <= transfer_max_m:
                transfer_walks[stop_id].append((other, w))
        egress_walks[stop_id] = []
        for i, dest in enumerate(destinations):
            w, _ = walk_seconds(pos, dest, speed_kmh=speed_kmh, detour=detour)
            if w <= max_walk_s:
                egress_walks[stop_id].append((i, w))
    return transfer_walks, egress_walks
