"""The accessibility part of ``artois-access demo``, on the embedded Artois model.

Weekday morning peak (Tuesday 2025-01-28, departures 07:00–09:00, median travel time):
jobs reachable in 30/45/60 minutes, minutes to the nearest and third-nearest lycée, to the
nearest university pole and hospital, E2SFCA jobs per inhabitant within 60 minutes; per cell,
cité, commune and EPCI; the cités ranked by jobs within 45 minutes; equity of jobs within
45 minutes over the territory's population (all, cité / hors cité, per EPCI); isochrones from
the Gare de Lens at 15/30/45/60 minutes.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import polars as pl

from artois_access.indicators.access_run import AccessResult, run_access
from artois_access.indicators.equity import equity_table, split_by_share
from artois_access.indicators.floating_catchment import CatchmentSpec
from artois_access.indicators.measure_set import MeasureSet
from artois_access.indicators.model_places import MODEL_DATE, load_model_places

# Gare de Lens: position of StopArea:OCE87345025 in the SNCF TER GTFS 2025 (seed 000/001).
GARE_DE_LENS_LON, GARE_DE_LENS_LAT = 2.8283, 50.42687
JOBS_45 = "cum_jobs_45min_p50"
# "Reaches few jobs": under 5,000 jobs within 45 minutes (about 2 % of the territory's jobs).
FEW_JOBS_THRESHOLD = 5_000.0

DEMO_MEASURES = MeasureSet(
    opportunities=("jobs",),
    cutoffs_min=(30, 45, 60),
    nearest=(("lycee", 1), ("lycee", 3), ("university", 1), ("hospital", 1)),
    catchments=(CatchmentSpec(supply="jobs", catchment_min=60, enhanced=True),),
    percentiles=(50,),
    max_time_min=120,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoAccessResults:
    """What the demo shows. ``ranking``: one row per cité, best first (``rank``, ``id``,
    ``name``, ``commune``, ``epci``, ``population``, ``measured_from``, jobs within 30/45/60
    min, minutes to lycée / university / hospital (means over the people who reach one, with
    ``nearest1_…_reached_share`` for lycée and university), ``ratio_to_territory`` = jobs within
    45 min over the territory's population-weighted mean). ``equity``: see
    :func:`~artois_access.indicators.equity.equity_table` (groups ``all``, ``cité``,
    ``hors cité``, and the EPCIs). ``timings_s``: seconds per step."""

    access: AccessResult
    ranking: pl.DataFrame
    equity: pl.DataFrame
    isochrones: gpd.GeoDataFrame
    files: dict[str, int]
    timings_s: dict[str, float] = field(default_factory=dict)

    @property
    def n_cites_with_results(self) -> int:
        return int(self.ranking[JOBS_45].is_not_null().sum())


def cite_ranking(cites: gpd.GeoDataFrame, territory_mean: float) -> pl.DataFrame:
    """Cités ranked by jobs within 45 minutes (ties: by name)."""
    keep = [
        c
        for c in (
            "id", "name", "commune", "epci", "population", "measured_from",
            "cum_jobs_30min_p50", JOBS_45, "cum_jobs_60min_p50",
            "nearest1_lycee_p50", "nearest3_lycee_p50", "nearest1_university_p50",
            "nearest1_hospital_p50", "e2sfca_jobs_60min_p50",
            "nearest1_lycee_p50_reached_share", "nearest1_university_p50_reached_share",
        )
        if c in cites.columns
    ]  # fmt: skip
    table = pl.from_pandas(cites[keep].reset_index(drop=True))
    return (
        table.sort([pl.col(JOBS_45), pl.col("name")], descending=[True, False], nulls_last=True)
        .with_columns(
            rank=pl.int_range(1, pl.len() + 1, dtype=pl.UInt32),
            ratio_to_territory=pl.col(JOBS_45) / territory_mean,
        )
        .select("rank", *keep, "ratio_to_territory")
    )


def demo_accessibility(
    out_dir: Path, *, root: Path | None = None, cell_size_m: float = 100.0
) -> DemoAccessResults:
    """Run the accessibility part of the demo and write it to ``out_dir``:
    ``access.gpkg`` (layers cells, communes, epci, cites), ``access_<level>.csv``,
    ``cites_ranking.csv``, ``equity_jobs45.csv``, ``isochrones_gare_lens.geojson|.png``,
    ``manifest.json``."""
    from artois_access.feeds.read import read_feeds
    from artois_access.indicators.output_files import OutputFormat, atomic_write, write_levels
    from artois_access.indicators.run_manifest import write_manifest
    from artois_access.isochrones.isochrone_run import isochrones_with_map
    from artois_access.routing.network import TransitNetwork
    from artois_access.routing.parameters import RoutingParameters

    started = dt.datetime.now(dt.UTC)
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    places, files = load_model_places(root)
    feed = read_feeds(list(files.feeds))
    parameters = RoutingParameters(
        date=dt.date.fromisoformat(MODEL_DATE),
        departure_from=dt.time(7, 0),
        departure_to=dt.time(9, 0),
        percentiles=DEMO_MEASURES.percentiles,
        max_time_min=DEMO_MEASURES.max_time_min,
    )
    network = TransitNetwork.build(feed, parameters)
    timings["load_and_compile"] = time.perf_counter() - clock

    clock = time.perf_counter()
    access = run_access(places, DEMO_MEASURES, network.iter_travel_time_batches)
    timings["route_and_indicators"] = time.perf_counter() - clock

    clock = time.perf_counter()
    cells = pl.from_pandas(access.levels["cells"].drop(columns="geometry"))
    population = cells["population"].to_numpy()
    jobs45 = cells[JOBS_45].to_numpy()
    territory_mean = float((population * jobs45).sum() / population.sum())
    ranking = cite_ranking(access.levels["cites"], territory_mean)
    threshold = {JOBS_45: FEW_JOBS_THRESHOLD}
    people = split_by_share(
        cells, "cite_share", group="in_cite", inside="cité", outside="hors cité"
    )
    equity = pl.concat(
        [
            equity_table(people, [JOBS_45], group="in_cite", threshold=threshold),
            equity_table(people, [JOBS_45], group="epci", threshold=threshold).filter(
                pl.col("group") != "all"
            ),
        ]
    )
    out_dir = Path(out_dir)
    written = write_levels(access.levels, out_dir, (OutputFormat.GPKG, OutputFormat.CSV))
    for name, frame in (("cites_ranking.csv", ranking), ("equity_jobs45.csv", equity)):
        atomic_write(out_dir / name, lambda tmp, f=frame: f.write_csv(tmp))
        written[name] = frame.height
    timings["aggregate_and_write"] = time.perf_counter() - clock

    clock = time.perf_counter()
    gare = pl.DataFrame({"id": ["gare_lens"], "lon": [GARE_DE_LENS_LON], "lat": [GARE_DE_LENS_LAT]})
    isochrones = isochrones_with_map(
        feed,
        network,
        gare,
        [15, 30, 45, 60],
        out_dir,
        cell_size_m=cell_size_m,
        formats=("geojson",),
        title="Gare de Lens — temps de trajet médian, mardi 07:00–09:00",
        stem="isochrones_gare_lens",
        background=places.communes,
    )
    written |= isochrones.files
    timings["isochrones"] = time.perf_counter() - clock
    write_manifest(
        out_dir,
        command="demo (accessibility)",
        inputs=list(files.inputs),
        parameters={
            "date": MODEL_DATE,
            "window": "07:00-09:00",
            "percentiles": list(DEMO_MEASURES.percentiles),
            "max_time_min": DEMO_MEASURES.max_time_min,
            "measures": [c for c in access.indicator_columns],
            "few_jobs_threshold": FEW_JOBS_THRESHOLD,
            "isochrone_cell_size_m": cell_size_m,
        },
        outputs=written,
        started=started,
    )
    return DemoAccessResults(
        access=access,
        ranking=ranking,
        equity=equity,
        isochrones=isochrones.isochrones,
        files=written,
        timings_s=timings,
    )


__all__ = ["DemoAccessResults", "cite_ranking", "demo_accessibility"]
