"""``artois-access access`` as a function: config in, files out."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import geopandas as gpd
import polars as pl

from artois_access.errors import DataError
from artois_access.indicators.access_config import AccessConfig
from artois_access.indicators.access_run import (
    AccessPlaces,
    AccessResult,
    run_access,
    write_access_outputs,
)
from artois_access.indicators.batches import batches_from_matrix
from artois_access.indicators.equity import (
    equity_report,
    split_by_share,
    weighted_quantile_groups,
)
from artois_access.indicators.model_places import MODEL_DATE, load_model_places


def read_polygons(path: Path, what: str) -> gpd.GeoDataFrame:
    """A polygon layer with ``id`` (and ``name`` when present), CRS required."""
    if not Path(path).exists():
        raise DataError(f"{path}: no such {what} file")
    try:
        frame = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # GDAL's errors are many; the message is what matters
        raise DataError(f"{path}: cannot read the {what} layer ({exc})") from None
    if frame.crs is None:
        raise DataError(
            f"{path}: the {what} layer has no CRS; set one (e.g. EPSG:2154) and save it again"
        )
    if "id" not in frame.columns:
        raise DataError(f"{path}: the {what} layer has no 'id' column")
    if "name" not in frame.columns:
        frame = frame.assign(name=frame["id"].astype(str))
    return frame.assign(id=frame["id"].astype(str))


def origin_polygons(path: Path, id_column: str = "id") -> gpd.GeoDataFrame | None:
    """The polygons of an origin layer (e.g. a Filosofi 200 m grid), so that its cells are
    shared out to cités by area; None for CSV or point layers."""
    from artois_access.territory.places import place_file_and_layer

    file, layer = place_file_and_layer(path)
    if file.suffix.lower() in {".csv", ".txt", ".tsv"}:
        return None
    frame = gpd.read_file(file, engine="pyogrio", layer=layer, columns=[id_column])
    if frame.crs is None or not frame.geom_type.isin(["Polygon", "MultiPolygon"]).all():
        return None
    return frame.assign(id=frame[id_column].astype(str))[["id", "geometry"]]


def inside_model_area(origins: pl.DataFrame, communes: gpd.GeoDataFrame) -> bool:
    """Whether most origins lie within the bounds of the model's communes."""
    west, south, east, north = communes.to_crs("EPSG:4326").total_bounds
    inside = origins.select(
        (pl.col("lon").is_between(west, east) & pl.col("lat").is_between(south, north)).mean()
    ).item()
    return bool(inside and inside >= 0.5)


def places_for(config: AccessConfig) -> tuple[AccessPlaces, tuple[Path, ...], tuple[Path, ...]]:
    """Places of the run, the feeds to route on and the input files (for the manifest).
    Anything the config leaves unset comes from the embedded model."""
    from artois_access.territory.places import place_file, read_places

    # Destinations default to the origins (as in `matrix`) when the user brings origins, and
    # to the model's cells and opportunity points when the origins are the model's too.
    needs_model = config.origins is None or (not config.gtfs and config.matrix is None)
    model, files = load_model_places() if needs_model else (None, None)
    inputs: list[Path] = list(files.inputs) if files else []
    origins = destinations = None
    cells = cites = communes = None
    if config.origins is not None:
        origins = read_places(config.origins, id_column=config.origins_id)
        cells = origin_polygons(config.origins, config.origins_id)
        if config.population not in origins.columns:
            raise DataError(
                f"{config.origins}: no population column {config.population!r} "
                f"(columns: {', '.join(origins.columns)}); name it with --population"
            )
        inputs.append(place_file(config.origins))
    if config.destinations is not None:
        destinations = read_places(config.destinations)
        inputs.append(place_file(config.destinations))
    elif origins is not None:
        destinations = origins
    if config.cites is not None:
        cites = read_polygons(config.cites, "cités")
        inputs.append(config.cites)
    if config.communes is not None:
        communes = read_polygons(config.communes, "communes")
        inputs.append(config.communes)
    if model is not None:
        own = origins is None
        if own:
            origins, cells = model.origins, model.cells
        destinations = destinations if destinations is not None else model.destinations
        # The model's cités and communes only make sense for origins in the Artois.
        if own or inside_model_area(origins, model.communes):
            cites = cites if cites is not None else model.cites
            communes = communes if communes is not None else model.communes
    origins = origins.with_columns(pl.col(config.population).cast(pl.Float64).fill_null(0))
    if config.income is not None:
        if config.income not in origins.columns:
            raise DataError(f"origins: no income column {config.income!r} (--income)")
        quintile = weighted_quantile_groups(
            origins[config.income].cast(pl.Float64).fill_null(float("nan")).to_numpy(),
            origins[config.population].to_numpy(),
        )
        origins = origins.with_columns(income_quintile=pl.Series(quintile, dtype=pl.Int64))
    for group in config.equity_by:
        if group not in origins.columns:
            raise DataError(
                f"origins: no column {group!r} to split the equity table by (--equity-by)"
            )
    places = AccessPlaces(
        origins=origins,
        destinations=destinations,
        cells=cells,
        cites=cites,
        communes=communes,
    )
    feeds = config.gtfs or (files.feeds if files else ())
    inputs.extend(config.gtfs)
    if config.osm is not None:
        inputs.append(config.osm)
    return places, tuple(feeds), tuple(inputs)


def matrix_batches(path: Path, percentiles):
    """Batches read from a travel-time matrix file (``from_id, to_id, travel_time_pNN``;
    CSV or Parquet, e.g. from ``artois-access matrix`` or r5py). Origins missing from it
    (such as cité centroids) are unreached."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such travel-time matrix file")
    try:
        if path.suffix.lower() == ".csv":
            matrix = pl.read_csv(path, schema_overrides={"from_id": pl.Utf8, "to_id": pl.Utf8})
        else:
            matrix = pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise DataError(f"{path}: unreadable travel-time matrix ({exc})") from None
    missing = [f"travel_time_p{p}" for p in percentiles]
    missing = [c for c in ("from_id", "to_id", *missing) if c not in matrix.columns]
    if missing:
        raise DataError(f"{path}: the matrix lacks column(s) {', '.join(missing)}")

    def batches_for(origins: pl.DataFrame, destinations: pl.DataFrame):
        known_o = set(origins["id"].to_list())
        known_d = set(destinations["id"].to_list())
        kept = matrix.filter(
            pl.col("from_id").cast(pl.Utf8).is_in(list(known_o))
            & pl.col("to_id").cast(pl.Utf8).is_in(list(known_d))
        )
        return batches_from_matrix(
            kept,
            origin_ids=origins["id"].to_list(),
            dest_ids=destinations["id"].to_list(),
            percentiles=percentiles,
        )

    return batches_for


def run_access_config(config: AccessConfig) -> tuple[AccessResult, dict[str, int]]:
    """Load places, check them, build the network, compute, write. Returns the result and
    the files written with their row counts."""
    from artois_access.routing.network import TransitNetwork
    from artois_access.routing.parameters import RoutingParameters

    started = dt.datetime.now(dt.UTC)
    places, feeds, inputs = places_for(config)
    measures = config.measures
    measures.check_tables(places.origins, places.destinations)  # before any routing
    date = config.date or dt.date.fromisoformat(MODEL_DATE)
    parameters = RoutingParameters(
        date=date,
        departure_from=config.departure_from,
        departure_to=config.departure_to,
        percentiles=measures.percentiles,
        max_time_min=measures.max_time_min,
    )
    if config.matrix is not None:
        batches_for = matrix_batches(config.matrix, measures.percentiles)
        inputs = (*inputs, config.matrix)
    else:
        network = TransitNetwork.build(list(feeds), parameters, osm_path=config.osm)
        batches_for = network.iter_travel_time_batches
    result = run_access(places, measures, batches_for, population=config.population)
    # Equity over the population of the cells, for the measures where more is better.
    cells = pl.from_pandas(result.levels["cells"].drop(columns="geometry"))
    better = [c for c in result.indicator_columns if not c.startswith("nearest")]
    default_groups = [c for c in ("in_cite", "epci") if c in cells.columns]
    groups = [
        *(config.equity_by or default_groups),
        *(["income_quintile"] if config.income else []),
    ]
    if "in_cite" in groups and "cite_share" in cells.columns:
        # Cells partly in a cité count that part of their people in it (as cités are measured).
        cells = split_by_share(
            cells,
            "cite_share",
            group="in_cite",
            inside="cité",
            outside="hors cité",
            weight=config.population,
        )
    equity = equity_report(cells, better, weight=config.population, groups=groups)
    described = dataclasses.asdict(config)
    described["date"] = None if config.matrix is not None else date
    written = write_access_outputs(
        result,
        config.out_dir,
        config.formats,
        inputs=inputs,
        parameters=described,
        started=started,
        extra_outputs={"access_equity.csv": equity},
    )
    return result, written
