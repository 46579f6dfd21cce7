"""``artois-access matrix``: a travel-time matrix written to CSV or Parquet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from artois_access.commands.arguments import routing_parameters
from artois_access.errors import InputError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "matrix",
        help="travel-time matrix (built-in engine or --engine r5py)",
        description=(
            "Door-to-door travel times by walking and public transport, over a departure "
            "window, summarised by percentiles (ROUTING_SEMANTICS.md)."
        ),
    )
    parser.add_argument(
        "--gtfs",
        action="append",
        required=True,
        metavar="FEED",
        type=Path,
        help="GTFS zip or folder (repeat for several feeds)",
    )
    parser.add_argument("--osm", type=Path, metavar="PBF", help="OpenStreetMap extract for walking")
    parser.add_argument(
        "--origins",
        required=True,
        type=Path,
        metavar="FILE",
        help="CSV id,lon,lat or any vector file with an id column",
    )
    parser.add_argument(
        "--destinations", type=Path, metavar="FILE", help="same formats; default: the origins"
    )
    parser.add_argument("--origins-id", default="id", metavar="COLUMN", help="id column (id)")
    parser.add_argument("--destinations-id", default="id", metavar="COLUMN", help="id column (id)")
    parser.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="service date")
    parser.add_argument("--from", dest="departure_from", required=True, metavar="HH:MM")
    parser.add_argument("--to", dest="departure_to", required=True, metavar="HH:MM")
    parser.add_argument(
        "--percentile", action="append", type=int, metavar="P", help="1–99, repeatable (default 50)"
    )
    parser.add_argument("--max-time", type=int, default=120, metavar="MIN")
    parser.add_argument("--walk-speed", type=float, default=3.6, metavar="KMH")
    parser.add_argument("--max-walk-time", type=float, default=20, metavar="MIN")
    parser.add_argument("--detour-factor", type=float, default=1.3)
    parser.add_argument("--transfer-max-distance", type=float, default=1000, metavar="M")
    parser.add_argument("--board-slack", type=int, default=60, metavar="S")
    parser.add_argument("--max-rides", type=int, default=8)
    parser.add_argument(
        "--frequency-mode",
        default="monte-carlo",
        choices=("monte-carlo", "scheduled", "half-headway"),
    )
    parser.add_argument("--draws-per-minute", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--engine", default="builtin", choices=("builtin", "r5py"))
    parser.add_argument("--r5-jar", type=Path, metavar="PATH", help="R5 jar for --engine r5py")
    parser.add_argument(
        "--all-pairs", action="store_true", help="write every pair, unreached ones with empty times"
    )
    parser.add_argument(
        "--batch-size", type=int, default=256, metavar="N", help="origins routed per batch"
    )
    parser.add_argument("--workers", type=int, metavar="N", help="threads (default: all cores)")
    parser.add_argument(
        "--dask-scheduler",
        metavar="ADDR",
        help="route batches on this dask cluster ('local' starts one)",
    )
    parser.add_argument("--out", required=True, type=Path, metavar="ttm.csv|ttm.parquet")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from artois_access.manifest import utc_now, write_manifest
    from artois_access.routing.matrix import (
        output_kind,
        travel_time_matrix,
        unlinked_messages,
        unlinked_places,
    )
    from artois_access.routing.network import TransitNetwork
    from artois_access.territory.places import place_file, read_places

    started = utc_now()
    output_kind(args.out)
    for feed in args.gtfs:
        if not feed.exists():
            raise InputError(f"--gtfs {feed}: no such file or folder")
    params = routing_parameters(args)
    if args.batch_size <= 0:
        raise InputError(f"--batch-size must be > 0, got {args.batch_size}")
    _set_workers(args.workers)
    origins = read_places(args.origins, id_column=args.origins_id)
    destinations = (
        read_places(args.destinations, id_column=args.destinations_id)
        if args.destinations
        else None
    )
    n_dest = destinations.height if destinations is not None else origins.height

    left_out = None
    unlinked = None
    stopless = None
    if args.engine == "r5py":
        frame = travel_time_matrix(
            args.gtfs,
            origins,
            destinations,
            **_keywords(params),
            osm_path=args.osm,
            all_pairs=args.all_pairs,
            engine="r5py",
            r5_jar=args.r5_jar,
        )
        from artois_access.routing.matrix import write_frame

        rows = write_frame(frame, args.out)
    else:
        network = TransitNetwork.build(args.gtfs, params, osm_path=args.osm)
        left_out = network.timetable.dropped_trips
        unlinked = unlinked_places(network, origins, destinations)
        for line in unlinked_messages(unlinked):
            print(f"artois-access: {line}", file=sys.stderr)
        stopless = len(network.stopless_ids(origins, "origins"))
        if stopless == origins.height:
            print(
                f"artois-access: warning: none of the {stopless:,} origins in {args.origins} "
                f"has a stop within {args.max_walk_time:g} min walk; check that lon and lat are "
                "not swapped and that the feeds cover these places",
                file=sys.stderr,
            )
        rows = _write_builtin(network, origins, destinations, args)
    write_manifest(
        args.out,
        command="matrix",
        inputs={
            "gtfs": args.gtfs,
            "osm": args.osm,
            "origins": place_file(args.origins),
            "destinations": args.destinations and place_file(args.destinations),
        },
        parameters={**params.as_dict(), "engine": args.engine, "all_pairs": args.all_pairs},
        row_counts={
            "origins": origins.height,
            "destinations": n_dest,
            "rows": rows,
            **({} if left_out is None else {"trips_left_out_unusable_times": left_out}),
            **({} if stopless is None else {"origins_without_stop_in_walk": stopless}),
        },
        started_at=started,
        extra=None if unlinked is None else {"unlinked": unlinked},
    )
    print(f"{rows:,} rows written to {args.out}", file=sys.stderr)
    return 0


def _keywords(params) -> dict:
    values = {
        k: getattr(params, k)
        for k in (
            "date",
            "departure_from",
            "departure_to",
            "percentiles",
            "max_time_min",
            "walk_speed_kmh",
            "max_walk_time_min",
            "detour_factor",
            "transfer_max_distance_m",
            "board_slack_s",
            "max_rides",
            "draws_per_minute",
            "seed",
        )
    }
    values["frequency_mode"] = params.frequency_mode.value
    return values


def _set_workers(workers: int | None) -> None:
    if workers is None:
        return
    import numba

    if not 1 <= workers <= numba.config.NUMBA_NUM_THREADS:
        raise InputError(
            f"--workers must be between 1 and {numba.config.NUMBA_NUM_THREADS}, got {workers}"
        )
    numba.set_num_threads(workers)


def _write_builtin(network, origins, destinations, args) -> int:
    from artois_access.routing.matrix import write_travel_time_matrix

    batches = None
    if args.dask_scheduler:
        from artois_access.routing.distributed import dask_travel_time_batches

        address = None if args.dask_scheduler == "local" else args.dask_scheduler
        batches = dask_travel_time_batches(
            network,
            origins,
            destinations,
            batch_size=args.batch_size,
            scheduler_address=address,
            n_workers=args.workers,
        )
    if not sys.stderr.isatty():
        return write_travel_time_matrix(
            network,
            origins,
            destinations,
            args.out,
            all_pairs=args.all_pairs,
            batch_size=args.batch_size,
            batches=batches,
        )
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task("routing origins", total=origins.height)
        return write_travel_time_matrix(
            network,
            origins,
            destinations,
            args.out,
            all_pairs=args.all_pairs,
            batch_size=args.batch_size,
            batches=batches,
            on_batch=lambda n: progress.advance(task, n),
        )
