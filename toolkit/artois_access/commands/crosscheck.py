"""``artois-access crosscheck``: the built-in engine against R5 (r5py) on a sample of pairs.

For users who have R5: both engines route the same sampled origin–destination pairs with the same
parameters, and the share of pairs with equal times and with times within one minute is printed.
Where R5 cannot run, one line says why and how to fix it, and the exit code is 1. Nothing is
written to disk (apart from the engines' own caches).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from artois_access.commands.arguments import routing_parameters
from artois_access.errors import EngineUnavailableError, InputError

if TYPE_CHECKING:
    from artois_access.routing.crosscheck import EngineAgreement


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "crosscheck",
        help="compare the built-in engine with R5 (r5py) on a sample of pairs",
        description="Route a sample of origin-destination pairs with both engines and report the "
        "share of pairs with equal travel times and within 1 minute. Needs r5py "
        "(pip install 'artois-access[r5]'), Java 21+ and R5's jar; exits 1 where R5 is absent.",
    )
    parser.add_argument(
        "--gtfs",
        action="append",
        required=True,
        metavar="FEED",
        help="GTFS zip or folder (repeat for several feeds)",
    )
    parser.add_argument("--osm", metavar="PBF", help="OpenStreetMap extract (R5 needs one)")
    parser.add_argument("--origins", required=True, help="places file (CSV id,lon,lat, GPKG...)")
    parser.add_argument("--destinations", help="places file (default: the origins)")
    parser.add_argument("--origins-id", default="id", help="id column of the origins (id)")
    parser.add_argument("--destinations-id", default="id", help="id column (id)")
    parser.add_argument("--date", required=True, help="service date YYYY-MM-DD")
    parser.add_argument("--from", dest="departure_from", required=True, help="window start HH:MM")
    parser.add_argument("--to", dest="departure_to", required=True, help="window end HH:MM")
    parser.add_argument(
        "--percentile", action="append", type=int, metavar="P", help="1-99, repeatable (default 50)"
    )
    parser.add_argument("--max-time", type=int, default=120, help="minutes (default 120)")
    parser.add_argument("--walk-speed", type=float, default=3.6, help="km/h (default 3.6)")
    parser.add_argument("--max-walk-time", type=float, default=20, help="minutes (default 20)")
    parser.add_argument("--max-rides", type=int, default=8, help="default 8")
    parser.add_argument("--sample", type=int, default=200, help="pairs compared (default 200)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    parser.add_argument("--r5-jar", metavar="PATH", help="R5's jar, when r5py cannot download it")
    parser.set_defaults(func=run_crosscheck)


def run_crosscheck(args: argparse.Namespace) -> int:
    from artois_access.routing.r5py_runtime import load_r5py

    if args.sample <= 0:
        raise InputError(f"--sample must be a whole number > 0, got {args.sample}")
    parameters = routing_parameters(args)
    # First: a user without R5 learns it in seconds, before any routing.
    try:
        load_r5py(args.r5_jar)
    except EngineUnavailableError as exc:
        raise EngineUnavailableError(f"crosscheck needs R5, which cannot run here: {exc}") from None
    if args.osm is None:
        raise InputError("crosscheck needs --osm PBF: R5 walks on the OpenStreetMap street network")
    return _run(args, parameters)


def _run(args: argparse.Namespace, parameters) -> int:
    import numpy as np
    import polars as pl

    from artois_access.routing.crosscheck import compare_minutes, sample_pairs
    from artois_access.routing.matrix import travel_time_matrix
    from artois_access.territory.places import read_places

    origins = read_places(args.origins, id_column=args.origins_id).select("id", "lon", "lat")
    destinations = (
        origins
        if args.destinations is None
        else read_places(args.destinations, id_column=args.destinations_id).select(
            "id", "lon", "lat"
        )
    )
    pairs = sample_pairs(len(origins), len(destinations), args.sample, args.seed)
    o_sub = origins[np.unique(pairs[:, 0])]
    d_sub = destinations[np.unique(pairs[:, 1])]
    wanted = pl.DataFrame(
        {
            "from_id": origins["id"].cast(pl.Utf8).to_numpy()[pairs[:, 0]],
            "to_id": destinations["id"].cast(pl.Utf8).to_numpy()[pairs[:, 1]],
        }
    )
    keywords = {
        "date": parameters.date,
        "departure_from": parameters.departure_from,
        "departure_to": parameters.departure_to,
        "percentiles": parameters.percentiles,
        "max_time_min": parameters.max_time_min,
        "walk_speed_kmh": parameters.walk_speed_kmh,
        "max_walk_time_min": parameters.max_walk_time_min,
        "max_rides": parameters.max_rides,
        "osm_path": args.osm,
        "all_pairs": True,
    }
    ours = travel_time_matrix(args.gtfs, o_sub, d_sub, **keywords)
    theirs = travel_time_matrix(
        args.gtfs, o_sub, d_sub, **keywords, engine="r5py", r5_jar=args.r5_jar
    )

    print(
        f"crosscheck: {len(pairs)} sampled pairs (seed {args.seed}) of "
        f"{len(origins)} origins × {len(destinations)} destinations, "
        f"{parameters.date} {parameters.departure_from:%H:%M}-{parameters.departure_to:%H:%M}; "
        "built-in engine (streets) vs R5 (r5py)"
    )
    for p in parameters.percentiles:
        column = f"travel_time_p{p}"
        a, b = (
            wanted.join(table, on=["from_id", "to_id"], how="left", maintain_order="left")[column]
            .cast(pl.Float64)
            .fill_null(np.nan)
            .to_numpy()
            for table in (ours, theirs)
        )
        print(_describe(compare_minutes(a, b, p)))
    return 0


def _describe(a: EngineAgreement) -> str:
    return (
        f"  p{a.percentile:02d}: equal {a.equal_share:.1%}, within 1 min {a.within_1_min_share:.1%} "
        f"(both reached {a.both_reached}, mean |diff| {a.mean_abs_diff_min:.2f} min; "
        f"built-in only {a.only_first}, R5 only {a.only_second}, neither {a.neither})"
    )
