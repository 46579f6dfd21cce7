"""The TER/TGV model feed: stations, lines with run times, departures by headway or by list."""

from __future__ import annotations

from typing import Any

from artois_access.territory.model.feed_tables import Table, feed_tables
from artois_access.territory.model.schedule import (
    DayType,
    departures_from_headways,
    format_gtfs_time,
    parse_hhmm,
)
from artois_access.territory.model.spec import ModelSpec

ROUTE_COLOR = {2: "0C4DA2"}


def _departures(
    network: dict[str, Any], line: dict[str, Any], direction: int, day_type: DayType
) -> list[int]:
    listed = line.get("departures" if direction == 0 else "return_departures")
    if listed is not None:
        return [parse_hhmm(t) for t in listed.get(day_type.value, [])]
    return departures_from_headways(
        network["periods"], network["service"][line["service"]], day_type
    )


def build_ter_tables(spec: ModelSpec) -> dict[str, Table]:
    """GTFS tables of the TER model feed, keyed by file name."""
    network = spec.ter
    dwell_s = int(network["defaults"]["dwell_min"]) * 60
    used = {stop for line in network["line"] for stop in line["stops"]}
    stations = spec.stations.filter(spec.stations["id"].is_in(sorted(used))).sort("id")
    stops = (
        ["stop_id", "stop_name", "stop_lat", "stop_lon", "location_type"],
        [
            (f"TER-{row['id']}", row["name"], f"{row['lat']:.6f}", f"{row['lon']:.6f}", 0)
            for row in stations.iter_rows(named=True)
        ],
    )
    routes_rows, trips_rows, stop_times_rows = [], [], []
    for line in network["line"]:
        routes_rows.append(
            (
                line["id"],
                network["agency"]["agency_id"],
                line["short_name"],
                line["long_name"],
                line["route_type"],
                "0C4DA2",
                "FFFFFF",
            )
        )
        for direction in (0, 1):
            stops_seq = line["stops"] if direction == 0 else line["stops"][::-1]
            runs_min = line["run_min"] if direction == 0 else line["run_min"][::-1]
            for day_type in DayType:
                for departure in _departures(network, line, direction, day_type):
                    trip_id = f"{line['id']}-{direction}-{day_type.value[:2].upper()}-{format_gtfs_time(departure)[:5].replace(':', '')}"
                    trips_rows.append(
                        (
                            line["id"],
                            day_type.value,
                            trip_id,
                            spec_station_name(spec, stops_seq[-1]),
                            direction,
                        )
                    )
                    time_s = departure
                    for seq, stop in enumerate(stops_seq):
                        if seq > 0:
                            time_s += runs_min[seq - 1] * 60
                        arrival = time_s
                        if 0 < seq < len(stops_seq) - 1:
                            time_s += dwell_s
                        stop_times_rows.append(
                            (
                                trip_id,
                                format_gtfs_time(arrival),
                                format_gtfs_time(time_s),
                                f"TER-{stop}",
                                seq + 1,
                            )
                        )
    return feed_tables(
        network, stops=stops, routes=routes_rows, trips=trips_rows, stop_times=stop_times_rows
    )


def spec_station_name(spec: ModelSpec, station_id: str) -> str:
    """The display name of a station of the spec."""
    return spec.stations.filter(spec.stations["id"] == station_id)["name"].item()
