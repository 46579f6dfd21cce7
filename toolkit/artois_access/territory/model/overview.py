"""The overview printed by ``artois-access model describe``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from artois_access.territory.embedded_model import load_model


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelOverview:
    """Figures of the model. ``epci``: ``epci, communes, population, cells, jobs, cites``;
    ``bulles``: the rows of :func:`artois_access.feeds.stats.compute_route_service` for the
    routes named ``Bulle …``."""

    epci: pl.DataFrame
    cites: int
    cites_erbm: int
    cites_unesco: int
    tadao_stops: int
    tadao_routes: int
    ter_stops: int
    ter_routes: int
    bulles: pl.DataFrame


def describe_model(root: str | Path | None, on: date) -> ModelOverview:
    from artois_access.feeds.read import read_feeds
    from artois_access.feeds.stats import compute_route_service

    territory = load_model(root)
    communes = pl.from_pandas(territory.communes.drop(columns="geometry"))
    cites = pl.from_pandas(territory.cites.drop(columns="geometry"))
    cells = territory.cells.join(communes.select("insee", "epci"), on="insee", how="left")
    epci = (
        communes.group_by("epci")
        .agg(pl.len().alias("communes"), pl.col("population").sum())
        .join(
            cells.group_by("epci").agg(pl.len().alias("cells"), pl.col("jobs").sum()),
            on="epci",
            how="left",
        )
        .join(cites.group_by("epci").agg(pl.len().alias("cites")), on="epci", how="left")
        .sort("epci")
    )
    total = epci.select(
        pl.lit("total").alias("epci"),
        pl.col("communes").sum(),
        pl.col("population").sum(),
        pl.col("cells").sum(),
        pl.col("jobs").sum(),
        pl.col("cites").sum(),
    )
    tadao = read_feeds(territory.paths.tadao_gtfs)
    ter = read_feeds(territory.paths.ter_gtfs)
    service = compute_route_service(tadao, on)
    return ModelOverview(
        epci=pl.concat([epci, total.cast(epci.schema)]),
        cites=cites.height,
        cites_erbm=int(cites["erbm"].sum()),
        cites_unesco=int(cites["unesco"].sum()),
        tadao_stops=tadao.stops.height,
        tadao_routes=tadao.routes.height,
        ter_stops=ter.stops.height,
        ter_routes=ter.routes.height,
        bulles=service.filter(pl.col("route_short_name").str.starts_with("Bulle")).sort(
            "route_short_name"
        ),
    )
