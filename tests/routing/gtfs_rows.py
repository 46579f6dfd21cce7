"""Writing small GTFS folders from Python rows (for generated networks)."""

from __future__ import annotations

from pathlib import Path


def hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def write_gtfs(folder: Path, stops, trips, *, frequencies=(), extra_service_rows=()) -> Path:
    """``stops``: (stop_id, lon, lat); ``trips``: (trip_id, [(stop_id, arr_s, dep_s, pickup,
    drop_off)]), all on service "S" running every day of 2025; ``frequencies``: (trip_id,
    start_s, end_s, headway_s, exact_times)."""
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
        "route_id,service_id,trip_id\n" + "".join(f"R,S,{tid}\n" for tid, _ in trips)
    )
    rows = []
    for tid, calls in trips:
        for seq, (sid, arr, dep, pickup, drop) in enumerate(calls):
            rows.append(f"{tid},{seq + 1},{sid},{hms(arr)},{hms(dep)},{pickup},{drop}\n")
    (folder / "stop_times.txt").write_text(
        "trip_id,stop_sequence,stop_id,arrival_time,departure_time,pickup_type,drop_off_type\n"
        + "".join(rows)
    )
    (folder / "calendar.txt").write_text(
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        "S,1,1,1,1,1,1,1,20250101,20251231\n"
    )
    if frequencies:
        (folder / "frequencies.txt").write_text(
            "trip_id,start_time,end_time,headway_secs,exact_times\n"
            + "".join(f"{t},{hms(a)},{hms(b)},{h},{e}\n" for t, a, b, h, e in frequencies)
        )
    return folder
