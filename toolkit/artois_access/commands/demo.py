"""``artois-access demo``: the main job on the embedded Artois model."""

from __future__ import annotations

import argparse
from pathlib import Path

from artois_access.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser(
        "demo",
        help="run the main job on the embedded Artois model (writes reports/demo/)",
        description="Check the model feeds, describe the Bulle lines, measure accessibility "
        "per cité, commune and cell, draw isochrones from the Gare de Lens and write a French "
        "synthesis.",
    )
    demo.add_argument("--out", default="reports/demo", help="output folder (default reports/demo)")
    demo.add_argument("--root", help="folder holding the model's gtfs/ and grids/ (default: here)")
    demo.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import polars as pl
    from rich.console import Console
    from rich.table import Table

    from artois_access.demo import bhns_lines, run_demo

    if Path(args.out).exists() and not Path(args.out).is_dir():
        raise InputError(
            f"--out {args.out}: is a file, not a folder; give a folder for the reports"
        )
    console = Console()
    console.print(
        "[bold]artois-access demo[/bold]: the embedded Artois model (a model, not official data)"
    )
    summary = run_demo(args.out, root=args.root)

    console.print(
        f"feeds checked: {summary.n_errors} error(s), {summary.n_warnings} warning(s); "
        f"{summary.lines.height} lines run on {summary.date}"
    )
    table = Table("line", "trips", "first", "last", "peak headway", "off-peak headway",
                  title="BHNS service")  # fmt: skip
    for row in bhns_lines(summary.lines).iter_rows(named=True):
        table.add_row(
            row["route_short_name"],
            str(row["n_trips"]),
            row["first_departure"],
            row["last_departure"],
            _min(row["peak_headway_min"]),
            _min(row["offpeak_headway_min"]),
        )
    console.print(table)

    ranked = summary.ranking.filter(pl.col("cum_jobs_45min_p50").is_not_null())
    table = Table("rank", "cité", "commune", "jobs < 45 min", "lycée (min)", "university (min)",
                  title=f"Cités by jobs reachable within 45 min (p50, 07:00–09:00), {ranked.height} cités")  # fmt: skip
    for row in pl.concat([ranked.head(5), ranked.tail(5)]).iter_rows(named=True):
        table.add_row(
            str(row["rank"]),
            row["name"],
            str(row.get("commune", "")),
            f"{row['cum_jobs_45min_p50']:,.0f}",
            _min(row.get("nearest1_lycee_p50")),
            _min(row.get("nearest1_university_p50")),
        )
    console.print(table)
    table = Table("group", "population", "mean jobs < 45 min", "Gini", "Palma", "Theil",
                  "share < 5,000 jobs", title="Equity of jobs within 45 min (population-weighted)")  # fmt: skip
    for row in summary.equity.iter_rows(named=True):
        table.add_row(
            row["group"],
            f"{row['population']:,.0f}",
            f"{row['mean']:,.0f}",
            f"{row['gini']:.3f}",
            f"{row['palma']:.2f}",
            f"{row['theil']:.3f}",
            f"{row['share_below']:.1%}",
        )
    console.print(table)
    timings = ", ".join(f"{k} {v:.1f} s" for k, v in summary.timings_s.items())
    console.print(f"timings: {timings}")
    console.print(f"written to {summary.out_dir}/: " + ", ".join(sorted(summary.files)))
    return 0


def _min(value) -> str:
    return "—" if value is None else f"{value:.0f}"
