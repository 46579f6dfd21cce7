"""Benchmark: street-mode walking on r5py's São Paulo sample, every hexgrid cell to every cell.

Prints the time to build the street network from the PBF (first build, then cached load), the
time of each kind of walking links (first computed, then from the links cache), and the full
travel-time matrix (07:00–09:00, p50) in street mode beside straight-line mode.

    .venv/bin/python benchmarks/street_mode.py [--data ../shared/data/sao-paulo]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "sao-paulo"


def timed(label: str, fn):
    started = time.perf_counter()
    result = fn()
    print(f"  {label:<44} {time.perf_counter() - started:8.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    osm, gtfs, hexgrid = (args.data / n for n in ("spo_osm.pbf", "spo_gtfs.zip", "spo_hexgrid.csv"))
    for path in (osm, gtfs, hexgrid):
        if not path.is_file():
            raise SystemExit(f"missing {path}")

    cache = Path(tempfile.mkdtemp(prefix="artois-street-bench-"))
    os.environ["ARTOIS_ACCESS_CACHE"] = str(cache)  # a fresh cache: the first build is a real one

    from artois_access.routing.network import TransitNetwork
    from artois_access.routing.osm_network import read_street_network
    from artois_access.routing.parameters import RoutingParameters
    from artois_access.routing.street_walking import StreetWalking
    from artois_access.routing.walking import Points

    print(
        f"machine: {platform.node()} {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, python {platform.python_version()}"
    )
    print(f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; data: {args.data}")
    cells = pl.read_csv(hexgrid).select("id", "lon", "lat")
    points = Points(lon=cells["lon"].to_numpy(), lat=cells["lat"].to_numpy())

    print("street network (pyosmium read, filter, CSR, npz cache):")
    first = read_street_network(osm, cache_dir=cache)
    cached = read_street_network(osm, cache_dir=cache)
    npz = next(cache.glob("streets-*.npz"))
    print(
        f"  first build {first.load_seconds:.3f} s, cached load {cached.load_seconds:.3f} s; "
        f"{first.n_nodes:,} nodes, {first.n_edges:,} edges, "
        f"{first.edge_length_m.sum() / 1000:,.1f} km, cache {npz.stat().st_size / 1e6:.2f} MB"
    )

    params = RoutingParameters(
        date=dt.date(2019, 5, 13), departure_from=dt.time(7, 0), departure_to=dt.time(9, 0)
    )
    print("walking links (first computed, then cached), 323 cells, 654 stops:")
    for attempt in ("first", "cached"):
        walking = StreetWalking(osm, cache_dir=cache)
        net = timed(
            f"{attempt}: compile GTFS + transfer links",
            lambda w=walking: TransitNetwork.build(gtfs, params, walking=w),
        )
        stops = net.stop_points
        timed(
            f"{attempt}: access links (cells -> stops)",
            lambda w=walking, s=stops: w.access_links(points, s),
        )
        timed(
            f"{attempt}: egress links (stops -> cells)",
            lambda w=walking, s=stops: w.egress_links(s, points),
        )
        timed(
            f"{attempt}: direct links (cells -> cells)",
            lambda w=walking: w.direct_links(points, points),
        )
    print(
        f"  unlinked: {len(walking.unlinked(points))} of {len(points)} cells, "
        f"{len(walking.unlinked(stops))} of {len(stops)} stops (outside the OSM extract)"
    )

    print("matrix, every cell to every cell, 07:00-09:00, p50:")
    for label, osm_path in (("straight lines", None), ("streets", osm)):
        for attempt in ("warm-up", "timed"):
            started = time.perf_counter()
            net = TransitNetwork.build(gtfs, params, osm_path=osm_path)
            built = time.perf_counter()
            times = net.travel_times(cells)
            done = time.perf_counter()
            if attempt == "timed":
                reached = times[:, :, 0] < np.iinfo(np.uint16).max
                print(
                    f"  {label:<15} build {built - started:6.3f} s, route {done - built:6.3f} s; "
                    f"{int(reached.sum()):,} of {reached.size:,} pairs reached, "
                    f"median {np.median(times[:, :, 0][reached]):.0f} min"
                )


if __name__ == "__main__":
    main()
