"""``artois-access feeds validate|stats``: GTFS in, checked, described."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from artois_access.commands.arguments import parse_date
from artois_access.errors import InputError

_EXAMPLES_WIDTH = 110


def register(subparsers: argparse._SubParsersAction) -> None:
    feeds = subparsers.add_parser("feeds", help="check and describe GTFS feeds")
    commands = feeds.add_subparsers(dest="feeds_command", metavar="SUBCOMMAND")

    validate = commands.add_parser(
        "validate",
        help="check feeds; exit 0 without errors, 1 with errors",
        description="Print a table of findings (rule, severity, file, count, examples). "
        "Exit code 0 when there is no error, 1 when there is one.",
    )
    validate.add_argument("feeds", nargs="+", metavar="FEED", help="GTFS .zip or folder")
    validate.add_argument("--date", help="service date YYYY-MM-DD that must run")
    validate.add_argument("--out", help="also write the findings as CSV to this file")
    validate.set_defaults(func=run_validate)

    stats = commands.add_parser(
        "stats",
        help="per route: trips, first/last departure, peak and off-peak headways on a date",
    )
    stats.add_argument("feeds", nargs="+", metavar="FEED", help="GTFS .zip or folder")
    stats.add_argument("--date", required=True, help="service date YYYY-MM-DD")
    stats.add_argument(
        "--per", choices=("route", "stop"), default="route", help="one row per route or per stop"
    )
    stats.add_argument("--route-type", type=int, help="only routes of this GTFS route_type")
    stats.add_argument("--out", help="write the table as CSV to this file")
    stats.set_defaults(func=run_stats)
    feeds.set_defaults(func=lambda args: _help(feeds))


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 1


def run_validate(args: argparse.Namespace) -> int:
    import polars as pl
    from rich.table import Table

    from artois_access.feeds.read import read_feeds
    from artois_access.feeds.validation import has_errors, validate_feed

    on = parse_date(args.date) if args.date else None
    _check_out(args.out)
    feed = read_feeds(args.feeds)
    findings = validate_feed(feed, date=on)
    console = _console()
    console.print(feed.describe())
    if findings.is_empty():
        console.print("no findings")
    else:
        table = Table("rule", "severity", "file", "count", "examples")
        styles = {"error": "red", "warning": "yellow", "info": "dim"}
        for row in findings.iter_rows(named=True):
            examples = row["examples"]
            if len(examples) > _EXAMPLES_WIDTH:
                examples = examples[: _EXAMPLES_WIDTH - 1] + "…"
            table.add_row(
                row["rule"],
                row["severity"],
                row["file"],
                f"{row['count']:,}",
                examples,
                style=styles.get(row["severity"]),
            )
        console.print(table)
    if args.out:
        _write_csv(findings, Path(args.out))
    counts = findings.group_by("severity").agg(pl.col("count").len()).rows()
    summary = ", ".join(f"{n} {severity}" for severity, n in sorted(counts)) or "nothing"
    console.print(f"findings: {summary}")
    return 1 if has_errors(findings) else 0


def run_stats(args: argparse.Namespace) -> int:
    import polars as pl
    from rich.table import Table

    from artois_access.feeds.read import read_feeds
    from artois_access.feeds.stats import compute_route_service

    on = parse_date(args.date) if args.date else None
    _check_out(args.out)
    feed = read_feeds(args.feeds)
    if args.per == "stop":
        return _stop_stats(feed, on, args)
    stats = compute_route_service(feed, on)
    if args.route_type is not None:
        stats = stats.filter(pl.col("route_type") == args.route_type)
    console = _console()
    console.print(f"{feed.describe()}; service on {on.isoformat()}")
    table = Table(
        "route", "name", "type", "trips", "first", "last", "peak hw (min)", "off-peak hw (min)"
    )
    for row in stats.iter_rows(named=True):
        table.add_row(
            row["route_short_name"] or "",
            (row["route_long_name"] or "")[:50],
            str(row["route_type"]),
            str(row["n_trips"]),
            row["first_departure"] or "",
            row["last_departure"] or "",
            _minutes(row["peak_headway_min"]),
            _minutes(row["offpeak_headway_min"]),
        )
    console.print(table)
    if args.out:
        _write_csv(stats, Path(args.out))
        console.print(f"written {args.out}")
    return 0


def _stop_stats(feed, on: date, args: argparse.Namespace) -> int:
    from rich.table import Table

    from artois_access.feeds.stats import compute_stop_service

    if args.route_type is not None:
        raise InputError("--route-type applies to --per route only; leave it out with --per stop")
    stats = compute_stop_service(feed, on)
    console = _console()
    console.print(f"{feed.describe()}; service on {on.isoformat()}")
    table = Table(
        "stop",
        "name",
        "routes",
        "departures",
        "first",
        "last",
        "peak hw (min)",
        "off-peak hw (min)",
    )
    for row in stats.iter_rows(named=True):
        table.add_row(
            row["stop_id"],
            (row["stop_name"] or "")[:40],
            str(row["n_routes"]),
            str(row["n_departures"]),
            row["first_departure"] or "",
            row["last_departure"] or "",
            _minutes(row["peak_headway_min"]),
            _minutes(row["offpeak_headway_min"]),
        )
    console.print(table)
    if args.out:
        _write_csv(stats, Path(args.out))
        console.print(f"written {args.out}")
    return 0


def _console():
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = 200  # a log or a pipe: do not squeeze the table to 80 columns
    return console


def _minutes(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


def _check_out(out: str | None) -> None:
    """Refuse a bad ``--out`` before the work, not after it."""
    if out is None:
        return
    path = Path(out)
    if path.suffix.lower() != ".csv":
        raise InputError(f"--out {out}: the table is written as CSV; name the file .csv")
    if path.is_dir():
        raise InputError(f"--out {out}: is a folder; give a file name such as {path / 'out.csv'}")


def _write_csv(frame, path: Path) -> None:
    from artois_access.atomic import atomic_write

    atomic_write(path, frame.write_csv)
