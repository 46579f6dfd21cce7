"""Configuration of an accessibility run, from a TOML file and/or command-line flags.

TOML layout (every key optional; flags given on the command line win)::

    [network]
    gtfs = ["gtfs/tadao.zip", "gtfs/ter.zip"]   # default: the embedded model's feeds
    osm = "streets.osm.pbf"                     # default: straight-line walking
    matrix = "tt.parquet"    # a travel-time matrix already computed: no routing
    date = 2025-01-28
    from = "07:00"
    to = "09:00"
    percentiles = [50]
    max_time = 120

    [places]
    origins = "cells.gpkg"           # default: the model's populated 200 m cells
    origins_id = "id"                # id column of the origins (e.g. idcar_200m)
    destinations = "jobs.gpkg"       # default: model cells (jobs) + opportunity points
    cites = "cites.gpkg"             # polygons; default: the model's cités
    communes = "communes.gpkg"       # polygons with an `epci` column; default: model
    population = "population"
    income = "Nivvie_moy"            # optional: adds population-weighted income quintiles
    equity_by = ["in_cite"]          # origin columns splitting the equity table

    [measures]
    opportunities = ["jobs"]
    cutoffs = [30, 45, 60]
    decays = ["exponential:hl=20"]
    nearest = ["lycee:1", "lycee:3"]
    catchments = ["2sfca:jobs:60", "e2sfca:jobs:60"]
    demand = "population"

    [output]
    dir = "out/access"
    formats = ["gpkg", "parquet", "csv"]
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from artois_access.errors import DataError, InputError
from artois_access.indicators.decay import parse_decay
from artois_access.indicators.floating_catchment import CatchmentSpec
from artois_access.indicators.measure_set import MeasureSet
from artois_access.indicators.output_files import OutputFormat, parse_formats


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessConfig:
    """Everything an accessibility run needs. Paths left at None take the embedded model."""

    gtfs: tuple[Path, ...] = ()
    osm: Path | None = None
    matrix: Path | None = None
    date: dt.date | None = None
    departure_from: dt.time = dt.time(7, 0)
    departure_to: dt.time = dt.time(9, 0)
    measures: MeasureSet = field(default_factory=MeasureSet)
    origins: Path | None = None
    origins_id: str = "id"
    destinations: Path | None = None
    cites: Path | None = None
    communes: Path | None = None
    population: str = "population"
    income: str | None = None
    equity_by: tuple[str, ...] = ()
    out_dir: Path = Path("out/access")
    formats: tuple[OutputFormat, ...] = (OutputFormat.GPKG, OutputFormat.PARQUET, OutputFormat.CSV)


def parse_time_of_day(text: str, what: str) -> dt.time:
    try:
        hours, minutes = (int(p) for p in str(text).split(":")[:2])
        return dt.time(hours, minutes)
    except ValueError:
        raise InputError(f"{what} {text!r}: expected HH:MM, e.g. 07:00") from None


def parse_date(value: object, what: str = "date") -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{what} {value!r}: expected YYYY-MM-DD") from None


def parse_nearest(text: str) -> tuple[str, int]:
    name, _, rank = text.partition(":")
    try:
        return name.strip(), int(rank or 1)
    except ValueError:
        raise InputError(f"nearest {text!r}: expected OPPORTUNITY[:RANK], e.g. lycee:3") from None


def parse_catchment(text: str) -> CatchmentSpec:
    """``2sfca:jobs:60`` or ``e2sfca:jobs:60[:gaussian:sd=20]``."""
    parts = text.split(":", 3)
    if len(parts) < 3 or parts[0].lower() not in ("2sfca", "e2sfca"):
        raise InputError(f"catchment {text!r}: expected 2sfca:SUPPLY:MINUTES or e2sfca:…")
    try:
        minutes = int(parts[2])
    except ValueError:
        raise InputError(f"catchment {text!r}: minutes must be a whole number") from None
    decay = parse_decay(parts[3]) if len(parts) == 4 else None
    return CatchmentSpec(
        supply=parts[1], catchment_min=minutes, enhanced=parts[0].lower() == "e2sfca", decay=decay
    )


def whole_number(value: object, what: str) -> int:
    """``value`` as an int; 45.5 or "45min" is an error, not silently 45."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(f"{what} {value!r}: expected a whole number") from None
    if isinstance(value, bool) or not number.is_integer():
        raise InputError(f"{what} {value!r}: expected a whole number")
    return int(number)


def read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise DataError(f"{path}: no such configuration file") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path}: not valid TOML ({exc})") from None


def build_config(toml: dict | None = None, **flags: object) -> AccessConfig:
    """Merge a parsed TOML document with flags (flags that are None are not given)."""
    toml = toml or {}
    unknown = set(toml) - {"network", "places", "measures", "output"}
    if unknown:
        raise InputError(f"access config: unknown section(s) {', '.join(sorted(unknown))}")
    network, places = toml.get("network", {}), toml.get("places", {})
    measures, output = toml.get("measures", {}), toml.get("output", {})

    def pick(flag: str, section: dict, key: str, default: object = None) -> object:
        value = flags.get(flag)
        if value is None or value == [] or value == ():
            value = section.get(key, default)
        return value

    def path_or_none(value: object) -> Path | None:
        return None if value in (None, "") else Path(str(value))

    max_time = whole_number(pick("max_time", network, "max_time", 120), "max_time")
    date = pick("date", network, "date")
    measure_set = MeasureSet(
        opportunities=tuple(pick("opportunities", measures, "opportunities", ["jobs"])),
        cutoffs_min=tuple(
            whole_number(c, "cutoff") for c in pick("cutoffs", measures, "cutoffs", [30, 45, 60])
        ),
        decays=tuple(parse_decay(d) for d in pick("decays", measures, "decays", [])),
        nearest=tuple(parse_nearest(n) for n in pick("nearest", measures, "nearest", [])),
        catchments=tuple(
            parse_catchment(c) for c in pick("catchments", measures, "catchments", [])
        ),
        demand=str(pick("demand", measures, "demand", "population")),
        percentiles=tuple(
            whole_number(p, "percentile") for p in pick("percentiles", network, "percentiles", [50])
        ),
        max_time_min=max_time,
    )
    return AccessConfig(
        gtfs=tuple(Path(str(p)) for p in pick("gtfs", network, "gtfs", [])),
        osm=path_or_none(pick("osm", network, "osm")),
        matrix=path_or_none(pick("matrix", network, "matrix")),
        date=None if date is None else parse_date(date),
        departure_from=parse_time_of_day(
            str(pick("departure_from", network, "from", "07:00")), "from"
        ),
        departure_to=parse_time_of_day(str(pick("departure_to", network, "to", "09:00")), "to"),
        measures=measure_set,
        origins=path_or_none(pick("origins", places, "origins")),
        origins_id=str(pick("origins_id", places, "origins_id", "id")),
        destinations=path_or_none(pick("destinations", places, "destinations")),
        cites=path_or_none(pick("cites", places, "cites")),
        communes=path_or_none(pick("communes", places, "communes")),
        population=str(pick("population", places, "population", "population")),
        income=(lambda v: None if v in (None, "") else str(v))(pick("income", places, "income")),
        equity_by=tuple(str(g) for g in pick("equity_by", places, "equity_by", [])),
        out_dir=Path(str(pick("out", output, "dir", "out/access"))),
        formats=parse_formats(pick("formats", output, "formats", ["gpkg", "parquet", "csv"])),
    )
