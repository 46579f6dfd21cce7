"""``artois-access access``: accessibility indicators per cell, cité, commune and EPCI."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "access",
        help="accessibility indicators per cell / cité / commune / EPCI",
        description="Cumulative opportunities, gravity, nearest-n and 2SFCA/E2SFCA per 200 m "
        "cell, aggregated to cités, communes and EPCIs (population-weighted). Without "
        "--gtfs/--origins/--destinations the embedded Artois model is used. Writes "
        "access.gpkg (one layer per level), access_<level>.parquet/.csv and manifest.json.",
    )
    parser.add_argument("--config", help="TOML file (flags given here win over it)")
    parser.add_argument("--gtfs", action="append", help="GTFS zip or folder (repeatable)")
    parser.add_argument("--osm", help="OSM .pbf for street walking (default straight lines)")
    parser.add_argument(
        "--matrix", help="travel-time matrix already computed (CSV/Parquet): no routing"
    )
    parser.add_argument("--date", help="service date YYYY-MM-DD (model default 2025-01-28)")
    parser.add_argument("--from", dest="departure_from", help="window start HH:MM (07:00)")
    parser.add_argument("--to", dest="departure_to", help="window end HH:MM (09:00)")
    parser.add_argument("--percentile", dest="percentiles", type=int, action="append")
    parser.add_argument("--max-time", dest="max_time", type=int, help="minutes (120)")
    parser.add_argument("--origins", help="origin places (CSV id,lon,lat,population or vector)")
    parser.add_argument("--origins-id", help="id column of the origins (id)")
    parser.add_argument("--income", help="origin income column: adds income quintiles to equity")
    parser.add_argument(
        "--equity-by", action="append", help="origin column splitting the equity table (in_cite)"
    )
    parser.add_argument("--destinations", help="destination places with opportunity columns")
    parser.add_argument("--cites", help="cité polygons (id, name), any CRS")
    parser.add_argument("--communes", help="commune polygons (id, name, epci), any CRS")
    parser.add_argument("--population", help="population column of the origins")
    parser.add_argument(
        "--opportunity", dest="opportunities", action="append", help="column (jobs)"
    )
    parser.add_argument("--cutoff", dest="cutoffs", type=int, action="append", help="minutes")
    parser.add_argument(
        "--decay", dest="decays", action="append", help="e.g. exponential:hl=20, linear:c=45,w=10"
    )
    parser.add_argument("--nearest", action="append", help="OPPORTUNITY[:RANK], e.g. lycee:3")
    parser.add_argument(
        "--catchment", dest="catchments", action="append", help="2sfca:jobs:60, e2sfca:jobs:60"
    )
    parser.add_argument("--demand", help="origin column competing in 2SFCA (population)")
    parser.add_argument("--out", help="output folder (out/access)")
    parser.add_argument("--format", dest="formats", action="append", help="gpkg|parquet|csv")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from artois_access.indicators.access_config import build_config, read_toml
    from artois_access.indicators.access_pipeline import run_access_config

    toml = read_toml(Path(args.config)) if args.config else None
    flags = {
        key: getattr(args, key)
        for key in (
            "gtfs", "osm", "matrix", "date", "departure_from", "departure_to", "percentiles", "max_time",
            "origins", "origins_id", "income", "equity_by", "destinations", "cites", "communes", "population", "opportunities",
            "cutoffs", "decays", "nearest", "catchments", "demand", "out", "formats",
        )
    }  # fmt: skip
    config = build_config(toml, **flags)
    result, written = run_access_config(config)
    for level, frame in result.levels.items():
        print(f"{level}: {len(frame):,} rows")
    for name, rows in written.items():
        print(f"wrote {config.out_dir / name} ({rows:,} rows)")
    return 0
