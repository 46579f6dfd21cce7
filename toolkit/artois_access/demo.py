"""The main job on the embedded Artois model: what ``artois-access demo`` runs.

1. the model feeds (TADAO model, TER model) are read and checked;
2. their service on a weekday is described per line (the Bulle BHNS first);
3. accessibility per cell, cité, commune and EPCI (jobs within 30/45/60 minutes, nearest lycée,
   university pole and hospital, E2SFCA), the cités ranked, the equity figures;
4. isochrones from the Gare de Lens at 15/30/45/60 minutes (GeoJSON and PNG);
5. a short French synthesis (``synthese.md``) for the Pôle métropolitain's readers.

Everything lands in one folder (``reports/demo/`` by default) with a manifest.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from artois_access.atomic import atomic_write, atomic_write_text

BHNS_PREFIX = "Bulle"


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoSummary:
    """What the demo computed, for the console and the French synthesis."""

    out_dir: Path
    date: dt.date
    n_errors: int
    n_warnings: int
    lines: pl.DataFrame
    ranking: pl.DataFrame
    equity: pl.DataFrame
    timings_s: dict[str, float]
    files: dict[str, int]


def run_demo(
    out_dir: str | Path = "reports/demo", *, root: str | Path | None = None
) -> DemoSummary:
    """Run the whole job on the embedded model and write its outputs to ``out_dir``."""
    from artois_access.feeds.read import read_feeds
    from artois_access.feeds.stats import compute_route_service
    from artois_access.feeds.validation import validate_feed
    from artois_access.indicators.demo_results import demo_accessibility
    from artois_access.indicators.model_places import MODEL_DATE
    from artois_access.territory.paths import model_paths

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    date = dt.date.fromisoformat(MODEL_DATE)
    timings: dict[str, float] = {}
    started = dt.datetime.now(dt.UTC)

    clock = time.perf_counter()
    paths = model_paths(root)
    feed = read_feeds(list(paths.gtfs))
    findings = validate_feed(feed, date=date)
    _write_csv(findings, out_dir / "validation.csv")
    lines = compute_route_service(feed, date)
    _write_csv(lines, out_dir / "lignes.csv")
    timings["feeds"] = time.perf_counter() - clock

    access = demo_accessibility(out_dir, root=paths.root)
    timings |= access.timings_s

    summary = DemoSummary(
        out_dir=out_dir,
        date=date,
        n_errors=int((findings["severity"] == "error").sum()),
        n_warnings=int((findings["severity"] == "warning").sum()),
        lines=lines,
        ranking=access.ranking,
        equity=access.equity,
        timings_s=timings,
        files={
            "validation.csv": findings.height,
            "lignes.csv": lines.height,
            "synthese.md": 1,
            "manifest.json": 1,
            **access.files,
        },
    )
    atomic_write_text(out_dir / "synthese.md", french_synthesis(summary))
    _write_demo_manifest(summary, started)
    return summary


def _write_demo_manifest(summary: DemoSummary, started: dt.datetime) -> None:
    """One manifest for the whole folder: the accessibility step's inputs and parameters,
    and every file the demo wrote with its SHA-256."""
    from artois_access.indicators.run_manifest import write_manifest

    path = summary.out_dir / "manifest.json"
    accessibility = json.loads(path.read_text(encoding="utf-8"))
    write_manifest(
        summary.out_dir,
        command="demo",
        inputs=[Path(item["path"]) for item in accessibility["inputs"]],
        parameters={"model_date": summary.date.isoformat(), **accessibility["parameters"]},
        outputs={name: rows for name, rows in summary.files.items() if name != "manifest.json"},
        started=started,
    )


def bhns_lines(lines: pl.DataFrame) -> pl.DataFrame:
    """The Bulle BHNS lines of a route-service table, in line order."""
    return lines.filter(pl.col("route_short_name").str.starts_with(BHNS_PREFIX)).sort(
        "route_short_name"
    )


def french_synthesis(summary: DemoSummary) -> str:
    """A short French text for planners: what was computed, and what it says."""
    ranking = summary.ranking.filter(pl.col("cum_jobs_45min_p50").is_not_null())
    overall = summary.equity.filter(pl.col("group") == "all")
    lines = [
        "# Accessibilité en transports collectifs — modèle de l'Artois (démonstration)",
        "",
        f"Jour étudié : mardi {summary.date:%d/%m/%Y}, départs de 07:00 à 09:00, temps de "
        "trajet médian (marche + bus/BHNS + TER).",
        "",
        "**Attention : ces chiffres portent sur le modèle intégré du territoire** (réseau TADAO "
        "et TER modélisés, population répartie sur une grille de 200 m, cités minières "
        "modélisées), construit à partir de faits publics. Ce ne sont pas des données "
        "officielles du SMTAG ni de l'INSEE.",
        "",
        "## Réseau",
        "",
        f"Contrôle des flux GTFS : {summary.n_errors} erreur(s), {summary.n_warnings} "
        "avertissement(s) (détail : `validation.csv`).",
        "",
        "| Ligne | Courses/jour | Premier départ | Dernier départ | Intervalle pointe (min) "
        "| Intervalle creuse (min) |",
        "|---|---|---|---|---|---|",
    ]
    for row in bhns_lines(summary.lines).iter_rows(named=True):
        lines.append(
            f"| {row['route_short_name']} | {row['n_trips']} | {row['first_departure']} "
            f"| {row['last_departure']} | {_minutes(row['peak_headway_min'])} "
            f"| {_minutes(row['offpeak_headway_min'])} |"
        )
    lines += [
        "",
        "## Les cités minières et l'emploi",
        "",
        f"{ranking.height} cités mesurées. Emplois accessibles en moins de 45 minutes :",
        "",
        "| Rang | Cité | Commune | Emplois < 45 min | Lycée le plus proche (min) "
        "| Pôle universitaire (min) |",
        "|---|---|---|---|---|---|",
    ]
    shown = pl.concat([ranking.head(10), ranking.tail(10)]) if ranking.height > 20 else ranking
    for row in shown.iter_rows(named=True):
        lines.append(
            f"| {row['rank']} | {row['name']} | {row.get('commune', '')} "
            f"| {_thousands(row['cum_jobs_45min_p50'])} | {_minutes(row.get('nearest1_lycee_p50'))} "
            f"| {_minutes(row.get('nearest1_university_p50'))} |"
        )
    if overall.height:
        row = overall.row(0, named=True)
        lines += [
            "",
            "## Équité",
            "",
            "Répartition, pondérée par la population, des emplois accessibles en 45 minutes :",
            "",
        ]
        for column, label in (
            ("gini", "indice de Gini"),
            ("palma", "ratio de Palma"),
            ("theil", "indice de Theil"),
            ("share_below", "part de la population sous 5 000 emplois"),
        ):
            if column in row and row[column] is not None:
                value = _percent(row) if column == "share_below" else _decimal(row[column])
                lines.append(f"- {label} : {value}")
        by_group = {r["group"]: r for r in summary.equity.iter_rows(named=True)}
        if {"cité", "hors cité"} <= by_group.keys():
            lines += [
                "",
                f"Part des habitants sous 5 000 emplois : {_percent(by_group['cité'])} dans les "
                f"cités, {_percent(by_group['hors cité'])} hors des cités. Dans le modèle, les "
                "lignes régulières sont tracées pour desservir chaque cité : cet écart est une "
                "propriété du modèle, pas un constat sur le territoire.",
            ]
    lines += [
        "",
        "## Fichiers",
        "",
        "- `access.gpkg` : une couche par niveau (carreaux, cités, communes, EPCI) pour QGIS ;",
        "- `cites_ranking.csv`, `equity_jobs45.csv`, `lignes.csv`, `validation.csv` ;",
        "- `isochrones_gare_lens.geojson` et `.png` : isochrones depuis la gare de Lens ;",
        "- `manifest.json` : entrées (SHA-256), paramètres, version.",
        "",
    ]
    return "\n".join(lines)


def _minutes(value) -> str:
    return "—" if value is None else f"{value:.0f}"


def _thousands(value) -> str:
    return "—" if value is None else f"{value:,.0f}".replace(",", "\u202f")


def _percent(row: dict) -> str:
    return f"{row['share_below'] * 100:.0f}\u00a0%"


def _decimal(value: float) -> str:
    return f"{value:.3f}".replace(".", ",")


def _write_csv(frame: pl.DataFrame, path: Path) -> None:
    atomic_write(path, frame.write_csv)
