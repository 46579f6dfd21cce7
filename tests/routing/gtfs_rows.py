"""Writing small GTFS folders from Python rows (for generated networks)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

T7 = 7 * 3600


def hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def write_gtfs(folder: Path, stops, trips, *, frequencies=(), extra_service_rows=()) -> Path:
    """``stops``: (stop_id, lon, lat); ``trips``: (trip_id, [(stop_id, arr_s, dep_s, pickup,
    drop_off)][, service_id]): service "S" runs every day of 2025, "MON", "TUE", "WED" on those
    weekdays only (the default is "S"); ``frequencies``: (trip_id, start_s, end_s, headway_s,
    exact_times)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "agency.txt").write_text(
        "agency_id,agency_name,agency_url,agency_timezone\nA,Test,http://example.org,Europe/Paris\n"
    )
    (folder / "stops.txt").write_text(
        "stop_id,stop_name,stop_lat,stop_lon\n"
        + "".join(f"{sid},{sid},{lat:.7f},{lon:.7f}\n" for sid, lon, lat in stops)
    )
    (folder / "routes.txt").write_text("route_id,agency_id,route_short_name,route_type\nR,A,R,3\n")
    (folder / "trips.txt").write_text(
        "route_id,service_id,trip_id\n"
        + "".join(f"R,{trip[2] if len(trip) > 2 else 'S'},{trip[0]}\n" for trip in trips)
    )
    rows = []
    for tid, calls, *_ in trips:
        for seq, (sid, arr, dep, pickup, drop) in enumerate(calls):
            rows.append(f"{tid},{seq + 1},{sid},{hms(arr)},{hms(dep)},{pickup},{drop}\n")
    (folder / "stop_times.txt").write_text(
        "trip_id,stop_sequence,stop_id,arrival_time,departure_time,pickup_type,drop_off_type\n"
        + "".join(rows)
    )
    (folder / "calendar.txt").write_text(
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        "S,1,1,1,1,1,1,1,20250101,20251231\n"
        "MON,1,0,0,0,0,0,0,20250101,20251231\n"
        "TUE,0,1,0,0,0,0,0,20250101,20251231\n"
        "WED,0,0,1,0,0,0,0,20250101,20251231\n"
    )
    if frequencies:
        (folder / "frequencies.txt").write_text(
            "trip_id,start_time,end_time,headway_secs,exact_times\n"
            + "".join(f"{t},{hms(a)},{hms(b)},{h},{e}\n" for t, a, b, h, e in frequencies)
        )
    return folder


def random_network(seed: int, *, start_s: int = T7, services=None):
    """A small random network around 07:00: (stops, trips, 4 points), see write_gtfs."""
    rng = np.random.default_rng(seed)
    n_stops = int(rng.integers(3, 8))
    # Rounded as written in stops.txt, so that both searches see the same positions.
    stops = [
        (f"s{i}", round(2.80 + rng.uniform(0, 0.03), 7), round(50.42 + rng.uniform(0, 0.02), 7))
        for i in range(n_stops)
    ]
    trips = []
    for t in range(int(rng.integers(1, 16))):
        length = int(rng.integers(2, 6))
        seq = [int(rng.integers(n_stops))]
        while len(seq) < length:
            nxt = int(rng.integers(n_stops))
            if nxt != seq[-1]:
                seq.append(nxt)
        time = start_s - 900 + int(rng.integers(0, 60)) * 30
        calls = []
        for k, s in enumerate(seq):
            if k:
                time += int(rng.integers(1, 12)) * 30
            arr = time
            time += int(rng.integers(0, 3)) * 30
            pickup = 1 if rng.random() < 0.15 else 0
            drop = 1 if rng.random() < 0.15 else 0
            calls.append((f"s{s}", arr, time, pickup, drop))
        if services:
            trips.append((f"t{t}", calls, services[int(rng.integers(len(services)))]))
        else:
            trips.append((f"t{t}", calls))
    points = [(2.80 + rng.uniform(0, 0.03), 50.42 + rng.uniform(0, 0.02)) for _ in range(4)]
    return stops, trips, points
