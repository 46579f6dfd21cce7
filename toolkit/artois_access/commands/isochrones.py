"""``artois-access isochrones``: polygons reached within cutoffs, with a PNG map."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "isochrones",
        help="polygons reachable within cutoffs from a point, a stop, a cité or a set",
        description="Routes from the origin(s) to a fine grid (100 m, EPSG:3035) and keeps the "
        "cells reached in strictly less than each cutoff (polygons with holes, each inside the "
        "next). Without --gtfs the embedded Artois model is used. Writes isochrones.geojson "
        "(WGS84), isochrones.gpkg, isochrones.png and manifest.json.",
    )
    where = parser.add_argument_group("origin (one of)")
    where.add_argument("--lon", type=float, help="origin longitude (WGS84, with --lat)")
    where.add_argument("--lat", type=float, help="origin latitude (WGS84, with --lon)")
    where.add_argument("--stop-id", help="a stop of the network (FEED:ID or ID)")
    where.add_argument("--cite", help="a cité of the model (or of --cites) by name or id")
    where.add_argument("--origins", help="file of origins: the isochrone of the whole set")
    parser.add_argument("--cites", help="cité polygons (id, name) for --cite")
    parser.add_argument("--gtfs", action="append", help="GTFS zip or folder (repeatable)")
    parser.add_argument("--osm", help="OSM .pbf for street walking (default straight lines)")
    parser.add_argument("--date", help="service date YYYY-MM-DD (model default 2025-01-28)")
    parser.add_argument("--from", dest="departure_from", default="07:00", help="HH:MM")
    parser.add_argument("--to", dest="departure_to", default="09:00", help="HH:MM")
    parser.add_argument("--percentile", type=int, default=50, help="percentile (50)")
    parser.add_argument("--max-time", type=int, default=120, help="minutes (120)")
    parser.add_argument(
        "--cutoff", dest="cutoffs", type=float, action="append", help="minutes (15 30 45 60)"
    )
    parser.add_argument("--cell-size", type=float, default=100.0, help="grid step, m (100)")
    parser.add_argument("--format", dest="formats", action="append", help="geojson|gpkg")
    parser.add_argument("--no-png", action="store_true", help="do not draw the map")
    parser.add_argument("--out", default="out/isochrones", help="output folder")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import datetime as dt
    from pathlib import Path

    from artois_access.errors import InputError
    from artois_access.feeds.read import read_feeds
    from artois_access.indicators.access_config import parse_date, parse_time_of_day
    from artois_access.indicators.run_manifest import write_manifest
    from artois_access.isochrones import isochrone_run as run_mod
    from artois_access.routing.network import TransitNetwork
    from artois_access.routing.parameters import RoutingParameters

    started = dt.datetime.now(dt.UTC)
    given = [
        args.lon is not None or args.lat is not None,
        bool(args.stop_id),
        bool(args.cite),
        bool(args.origins),
    ]
    if sum(given) != 1:
        raise InputError("give exactly one origin: --lon/--lat, --stop-id, --cite or --origins")
    if given[0] and (args.lon is None or args.lat is None):
        raise InputError("--lon and --lat go together")
    cutoffs = args.cutoffs or [15.0, 30.0, 45.0, 60.0]
    inputs: list[Path] = []
    feeds = [Path(p) for p in args.gtfs or []]
    date = parse_date(args.date) if args.date else None
    if not feeds:
        from artois_access.indicators.model_places import MODEL_DATE
        from artois_access.territory.paths import model_paths

        feeds = list(model_paths().gtfs)
        date = date or parse_date(MODEL_DATE)
    if date is None:
        raise InputError("--date is required with --gtfs (YYYY-MM-DD)")
    parameters = RoutingParameters(
        date=date,
        departure_from=parse_time_of_day(args.departure_from, "--from"),
        departure_to=parse_time_of_day(args.departure_to, "--to"),
        percentiles=(args.percentile,),
        max_time_min=args.max_time,
    )
    too_far = [c for c in cutoffs if c > args.max_time]
    if too_far:
        raise InputError(
            f"cutoff {too_far[0]:g} min is above --max-time {args.max_time}; raise --max-time"
        )
    feed = read_feeds(feeds)
    inputs += feeds
    network = TransitNetwork.build(feed, parameters, osm_path=args.osm)
    if args.osm:
        inputs.append(Path(args.osm))
    if given[0]:
        origins = run_mod.origin_of_point(args.lon, args.lat)
    elif args.stop_id:
        origins = run_mod.origin_of_stop(network.timetable.stops, args.stop_id)
    elif args.cite:
        cites = _cites(args.cites)
        origins = run_mod.origin_of_cite(cites, args.cite)
    else:
        from artois_access.territory.places import place_file, read_places

        origins = read_places(args.origins).select("id", "lon", "lat")
        inputs.append(place_file(args.origins))
    out = Path(args.out)
    result = run_mod.isochrones_with_map(
        feed,
        network,
        origins,
        cutoffs,
        out,
        percentile=args.percentile,
        cell_size_m=args.cell_size,
        formats=args.formats or ("geojson", "gpkg"),
        png=not args.no_png,
        background=_model_communes() if not args.gtfs else None,
        title=f"Isochrones p{args.percentile}, {date:%Y-%m-%d} "
        f"{args.departure_from}–{args.departure_to}",
    )
    write_manifest(
        out,
        command="isochrones",
        inputs=inputs,
        parameters=run_mod.parameters_record(
            date=date,
            departure_from=args.departure_from,
            departure_to=args.departure_to,
            percentile=args.percentile,
            max_time_min=args.max_time,
            cutoffs_min=cutoffs,
            cell_size_m=args.cell_size,
            origins=origins.to_dicts(),
        ),
        outputs=result.files,
        started=started,
    )
    for row in result.isochrones.itertuples():
        print(f"< {row.cutoff_min:g} min: {row.area_km2:,.2f} km²")
    for name in result.files:
        print(f"wrote {out / name}")
    return 0


def _cites(path: str | None):
    if path:
        from artois_access.indicators.access_pipeline import read_polygons

        return read_polygons(path, "cités")
    from artois_access.territory.embedded_model import load_model

    return load_model().cites


def _model_communes():
    from artois_access.territory.embedded_model import load_model

    return load_model().communes
