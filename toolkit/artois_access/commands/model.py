"""``artois-access model build|describe``: the embedded Artois model."""

from __future__ import annotations

import argparse
from pathlib import Path

from artois_access.commands.arguments import parse_date
from artois_access.errors import InputError

DEFAULT_DESCRIBE_DATE = "2025-01-27"  # a Monday inside the model calendars and the real TER feed


def register(subparsers: argparse._SubParsersAction) -> None:
    model = subparsers.add_parser("model", help="build or describe the embedded Artois model")
    commands = model.add_subparsers(dest="model_command", metavar="SUBCOMMAND")

    build = commands.add_parser(
        "build",
        help="build gtfs/ and grids/ from the model spec (byte-identical on rebuild)",
        description="Turn the text spec shipped in artois_access/territory/model_spec/ into the "
        "model feeds gtfs/tadao-model.zip, gtfs/ter-model.zip and the layers in grids/.",
    )
    build.add_argument(
        "--out-dir", default=".", help="folder that receives gtfs/ and grids/ (default .)"
    )
    build.add_argument("--spec-dir", help="read the spec from this folder instead of the package")
    build.set_defaults(func=run_build)

    describe = commands.add_parser(
        "describe",
        help="population per EPCI, cités, stops, lines and the service of each Bulle line",
    )
    describe.add_argument("--root", help="folder holding gtfs/ and grids/ (default: the project)")
    describe.add_argument("--date", default=DEFAULT_DESCRIBE_DATE, help="service date YYYY-MM-DD")
    describe.set_defaults(func=run_describe)
    model.set_defaults(func=lambda args: _help(model))


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 1


def run_build(args: argparse.Namespace) -> int:
    from artois_access.territory.model.build import build_model

    out_dir = Path(args.out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--out-dir {out_dir}: is a file, not a folder; give a folder")
    for sub in ("gtfs", "grids"):
        if (out_dir / sub).exists() and not (out_dir / sub).is_dir():
            raise InputError(
                f"--out-dir {out_dir}: {out_dir / sub} is a file; move it away or choose "
                "another folder"
            )
    if args.spec_dir is not None:
        _check_spec_dir(Path(args.spec_dir))
    summary = build_model(args.out_dir, spec_dir=args.spec_dir)
    print(
        f"model built in {args.out_dir}: {summary.communes} communes, {summary.population:,} "
        f"inhabitants on {summary.cells:,} cells, {summary.jobs:,} jobs, {summary.cites} cités, "
        f"{summary.tadao_stops:,} TADAO stops, {summary.tadao_stop_times:,} TADAO stop_times"
    )
    for path, digest in summary.files_sha256.items():
        print(f"  {digest[:16]}  {path}")
    return 0


def _check_spec_dir(spec_dir: Path) -> None:
    from artois_access.territory.model.spec import SPEC_FILES

    if not spec_dir.is_dir():
        raise InputError(f"--spec-dir {spec_dir}: no such folder; give a copy of the model spec")
    missing = [name for name in SPEC_FILES if not (spec_dir / name).is_file()]
    if missing:
        raise InputError(
            f"--spec-dir {spec_dir}: missing {', '.join(missing)}; copy the whole spec folder "
            "(artois_access/territory/model_spec/) and edit it there"
        )


def run_describe(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from artois_access.territory.model.overview import describe_model

    on = parse_date(args.date)
    overview = describe_model(args.root, on)
    console = Console(width=120)
    epci = Table(
        "EPCI", "communes", "population", "cells", "jobs", "cités", title="Territoire (modèle)"
    )
    for row in overview.epci.iter_rows(named=True):
        epci.add_row(
            row["epci"],
            str(row["communes"]),
            f"{row['population']:,}",
            f"{row['cells']:,}",
            f"{row['jobs']:,}",
            str(row["cites"]),
        )
    console.print(epci)
    console.print(
        f"cités minières: {overview.cites} ({overview.cites_erbm} ERBM, {overview.cites_unesco} UNESCO); "
        f"TADAO: {overview.tadao_stops:,} stops, {overview.tadao_routes} lines; "
        f"TER: {overview.ter_stops} stations, {overview.ter_routes} lines"
    )
    bulles = Table(
        "line",
        "trips",
        "first",
        "last",
        "peak hw (min)",
        "off-peak hw (min)",
        title=f"Bulles on {on.isoformat()}",
    )
    for row in overview.bulles.iter_rows(named=True):
        bulles.add_row(
            row["route_short_name"],
            str(row["n_trips"]),
            row["first_departure"],
            row["last_departure"],
            _minutes(row["peak_headway_min"]),
            _minutes(row["offpeak_headway_min"]),
        )
    console.print(bulles)
    return 0


def _minutes(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"
