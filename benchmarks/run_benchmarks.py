"""Benchmarks of the built-in router (a script, not a test: it prints figures).

    .venv/bin/python benchmarks/run_benchmarks.py            # every case, each in its own process
    .venv/bin/python benchmarks/run_benchmarks.py --case c   # one case

Cases (issue 4):
  a  TER feed restricted to the Nord-Pas-de-Calais, 500 origins × all stations, 07:00–09:00
  b  Artois model, every populated 200 m cell → every cell with jobs, 07:00–09:00, p50,
     streamed to a Parquet file (the full matrix is never held)
  c  Artois model, 1,200 × 1,200 sampled populated cells, 120-minute window
  d  São Paulo sample, 323 × 323 hexagons, 120-minute window, Monte Carlo frequencies
     (5 draws per minute, each with new phases: 600 routings per origin)
  e  Artois model, one origin → every 200 m cell, 60-minute window (isochrone latency)
  f  the whole national TER feed, 500 stations × every station, 07:00–09:00
Each case prints: build time, routing time, origins/s, seconds per origin-minute, peak memory
(ru_maxrss of its process), and for a, c, d, e the time with 1 and with 2 numba threads.
Real data come from ../shared/data (absent cases are skipped).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numba
import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
TER = SHARED / "ter-sncf-2025" / "ter-sncf-2025.zip"
SAO_PAULO = SHARED / "sao-paulo"
MODEL_FEEDS = [ROOT / "gtfs" / "tadao-model.zip", ROOT / "gtfs" / "ter-model.zip"]
MODEL_GRID = ROOT / "grids" / "population_200m.gpkg"
NORD_PAS_DE_CALAIS = (1.55, 49.95, 4.25, 51.10)


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def params(date, start, end, **kw):
    from artois_access.routing.parameters import RoutingParameters

    return RoutingParameters(date=date, departure_from=start, departure_to=end, **kw)


def model_cells() -> pl.DataFrame:
    import pyogrio

    frame = pyogrio.read_dataframe(
        MODEL_GRID, read_geometry=False, columns=["id", "lon", "lat", "population", "jobs"]
    )
    return pl.from_pandas(frame).with_columns(pl.col("id").cast(pl.Utf8))


def timed_route(network, origins, destinations, threads=None, **kw):
    if threads:
        numba.set_num_threads(threads)
    start = time.perf_counter()
    times = network.travel_times(origins, destinations, **kw)
    return time.perf_counter() - start, times


def report(name, build_s, route_s, n_origins, n_dest, window_min, times=None, extra=""):
    reached = f", reached pairs {np.mean(times[..., 0] < 65535):.1%}" if times is not None else ""
    print(
        f"[{name}] {n_origins:,} origins × {n_dest:,} destinations, {window_min} min window: "
        f"build {build_s:.2f} s, routing {route_s:.2f} s, {n_origins / route_s:,.1f} origins/s, "
        f"{route_s / (n_origins * window_min) * 1e6:.1f} µs per origin-minute{reached}, "
        f"peak memory {peak_memory_mb():,.0f} MB{extra}",
        flush=True,
    )


def scaling(name, network, origins, destinations, **kw):
    """Best of 3 wall times with 1 and 2 numba threads, with the CPU time of that run (on a
    shared machine the wall time of 2 threads only drops if a second core is free)."""
    figures = []
    for threads in (1, 2):
        if threads > numba.config.NUMBA_NUM_THREADS:
            continue
        runs = []
        for _ in range(3):
            cpu = time.process_time()
            elapsed, _ = timed_route(network, origins, destinations, threads=threads, **kw)
            runs.append((elapsed, time.process_time() - cpu))
        wall, cpu = min(runs)
        figures.append(f"{threads} thread(s) {wall:.2f} s wall ({cpu:.2f} s CPU)")
    numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
    print(f"[{name}] scaling: " + ", ".join(figures), flush=True)


def warm_up(network, origins, destinations):
    network.travel_times(origins.head(2), destinations)  # numba compile / cache load


def case_f() -> None:
    """The whole national TER feed (no area filter): 500 stations × all 3,000+ stations."""
    from artois_access.feeds.read import read_feeds
    from artois_access.routing.network import TransitNetwork

    if not TER.exists():
        print("[f] skipped: TER feed absent")
        return
    start = time.perf_counter()
    feed = read_feeds([TER])
    network = TransitNetwork.build(feed, params(dt.date(2025, 1, 27), dt.time(7), dt.time(9)))
    build_s = time.perf_counter() - start
    stations = feed.stops.filter(pl.col("location_type") == 1).select(
        pl.col("stop_id").alias("id"),
        pl.col("stop_lon").alias("lon"),
        pl.col("stop_lat").alias("lat"),
    )
    origins = stations.sample(500, seed=0)
    tt = network.timetable
    print(
        f"[f] national TER: {tt.n_stops:,} stops, {tt.n_patterns:,} patterns, "
        f"{len(tt.arrival):,} stop times compiled"
    )
    warm_up(network, origins, stations)
    route_s, times = timed_route(network, origins, stations)
    report("f", build_s, route_s, 500, stations.height, 120, times)


def case_a() -> None:
    from artois_access.feeds.read import read_feeds
    from artois_access.feeds.subset import filter_area
    from artois_access.routing.network import TransitNetwork

    if not TER.exists():
        print("[a] skipped: TER feed absent")
        return
    start = time.perf_counter()
    feed = filter_area(read_feeds([TER]), NORD_PAS_DE_CALAIS)
    network = TransitNetwork.build(
        feed, params(dt.date(2025, 1, 27), dt.time(7), dt.time(9), max_rides=8)
    )
    build_s = time.perf_counter() - start
    stations = feed.stops.filter(
        (pl.col("location_type") == 1)
        & pl.col("stop_lon").is_between(NORD_PAS_DE_CALAIS[0], NORD_PAS_DE_CALAIS[2])
        & pl.col("stop_lat").is_between(NORD_PAS_DE_CALAIS[1], NORD_PAS_DE_CALAIS[3])
    )
    destinations = stations.select(
        pl.col("stop_id").alias("id"),
        pl.col("stop_lon").alias("lon"),
        pl.col("stop_lat").alias("lat"),
    )
    # 500 origins: stations drawn at random, moved by up to ~700 m.
    rng = np.random.default_rng(0)
    pick = rng.integers(0, destinations.height, 500)
    origins = pl.DataFrame(
        {
            "id": [f"o{i}" for i in range(500)],
            "lon": destinations["lon"].to_numpy()[pick] + rng.uniform(-0.01, 0.01, 500),
            "lat": destinations["lat"].to_numpy()[pick] + rng.uniform(-0.006, 0.006, 500),
        }
    )
    tt = network.timetable
    print(
        f"[a] network: {tt.n_stops:,} stops, {tt.n_patterns:,} patterns, {tt.trips.height:,} trips, "
        f"{len(tt.arrival):,} stop times compiled; {len(network.transfers.index):,} transfer walks"
    )
    warm_up(network, origins, destinations)
    route_s, times = timed_route(network, origins, destinations)
    report("a", build_s, route_s, 500, destinations.height, 120, times)
    scaling("a", network, origins, destinations)


def _model_network(start, end, **kw):
    from artois_access.feeds.read import read_feeds
    from artois_access.routing.network import TransitNetwork

    t0 = time.perf_counter()
    network = TransitNetwork.build(
        read_feeds(MODEL_FEEDS), params(dt.date(2025, 1, 27), start, end, **kw)
    )
    tt = network.timetable
    print(
        f"[model] {tt.n_stops:,} stops, {tt.n_patterns:,} patterns, {tt.trips.height:,} trips, "
        f"{len(tt.arrival):,} stop times compiled for {start:%H:%M}-{end:%H:%M}"
    )
    return network, time.perf_counter() - t0


def case_b() -> None:
    from artois_access.routing.matrix import write_travel_time_matrix

    if not MODEL_GRID.exists():
        print("[b] skipped: Artois model absent")
        return
    cells = model_cells()
    origins = cells.filter(pl.col("population") > 0).select("id", "lon", "lat")
    destinations = cells.filter(pl.col("jobs") > 0).select("id", "lon", "lat")
    network, build_s = _model_network(dt.time(7), dt.time(9))
    warm_up(network, origins, destinations)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ttm.parquet"
        start = time.perf_counter()
        rows = write_travel_time_matrix(network, origins, destinations, out, batch_size=256)
        route_s = time.perf_counter() - start
        size_mb = out.stat().st_size / 1e6
    report(
        "b", build_s, route_s, origins.height, destinations.height, 120,
        extra=f", {rows:,} rows written to Parquet ({size_mb:,.0f} MB)",
    )  # fmt: skip


def case_c() -> None:
    if not MODEL_GRID.exists():
        print("[c] skipped: Artois model absent")
        return
    cells = model_cells().filter(pl.col("population") > 0).select("id", "lon", "lat")
    sample = cells.sample(1200, seed=1)
    network, build_s = _model_network(dt.time(7), dt.time(9))
    warm_up(network, sample, sample)
    route_s, times = timed_route(network, sample, sample)
    report("c", build_s, route_s, 1200, 1200, 120, times)
    scaling("c", network, sample, sample)


def case_d() -> None:
    from artois_access.feeds.read import read_feeds
    from artois_access.routing.network import TransitNetwork
    from artois_access.territory.places import read_places

    if not (SAO_PAULO / "spo_gtfs.zip").exists():
        print("[d] skipped: São Paulo sample absent")
        return
    hexes = read_places(SAO_PAULO / "spo_hexgrid.csv").select("id", "lon", "lat")
    t0 = time.perf_counter()
    network = TransitNetwork.build(
        read_feeds([SAO_PAULO / "spo_gtfs.zip"]),
        params(dt.date(2019, 5, 13), dt.time(7), dt.time(9), frequency_mode="monte-carlo"),
    )
    build_s = time.perf_counter() - t0
    tt = network.timetable
    print(
        f"[d] {tt.n_draws} Monte Carlo draws per minute (new phases at every minute, as R5) "
        f"for {tt.frequency_phases.shape[2]:,} frequency entries, {tt.n_patterns:,} patterns"
    )
    warm_up(network, hexes, hexes)
    route_s, times = timed_route(network, hexes, hexes)
    report("d", build_s, route_s, hexes.height, hexes.height, 120, times)
    scaling("d", network, hexes, hexes)


def case_e() -> None:
    if not MODEL_GRID.exists():
        print("[e] skipped: Artois model absent")
        return
    cells = model_cells().select("id", "lon", "lat")
    network, build_s = _model_network(dt.time(7), dt.time(8))
    origin = cells.filter(pl.col("id") == cells["id"][cells.height // 2])
    warm_up(network, origin, cells)
    runs = []
    for _ in range(5):
        elapsed, times = timed_route(network, origin, cells)
        runs.append(elapsed)
    print(
        f"[e] one origin → {cells.height:,} cells, 60 min window: best {min(runs):.3f} s, "
        f"median {sorted(runs)[2]:.3f} s (build {build_s:.2f} s), "
        f"{int((times[0, :, 0] < 65535).sum()):,} cells reached",
        flush=True,
    )


CASES = {"a": case_a, "b": case_b, "c": case_c, "d": case_d, "e": case_e, "f": case_f}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=sorted(CASES), action="append")
    args = parser.parse_args()
    if args.case and len(args.case) == 1:
        CASES[args.case[0]]()
        return
    print(
        f"machine: {platform.processor() or platform.machine()}, {numba.config.NUMBA_NUM_THREADS} "
        f"cores, Python {platform.python_version()}, numba {numba.__version__}; "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        flush=True,
    )
    for case in args.case or sorted(CASES):
        subprocess.run([sys.executable, __file__, "--case", case], check=False)


if __name__ == "__main__":
    main()
