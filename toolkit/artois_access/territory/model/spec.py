"""Reading the model spec shipped in ``artois_access/territory/model_spec/``.

The spec is plain text (CSV and TOML) so that a planner can read and edit it; this module only
parses it and checks the cross-references (every waypoint names a known commune, place or
station).
"""

from __future__ import annotations

import hashlib
import io
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from artois_access.errors import DataError

SPEC_PACKAGE = "artois_access.territory.model_spec"
SPEC_FILES = (
    "communes.csv",
    "stations.csv",
    "pois.csv",
    "sites.csv",
    "education.csv",
    "cites_named.csv",
    "tadao_network.toml",
    "ter_network.toml",
    "grid.toml",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelSpec:
    """The parsed spec. Tables keep the columns of their CSV files (see model_spec/README.md)."""

    communes: pl.DataFrame
    stations: pl.DataFrame
    pois: pl.DataFrame
    sites: pl.DataFrame
    education: pl.DataFrame
    cites_named: pl.DataFrame
    tadao: dict[str, Any]
    ter: dict[str, Any]
    grid: dict[str, Any]
    file_sha256: dict[str, str]


def _read_bytes(spec_dir: Path | None, name: str) -> bytes:
    if spec_dir is not None:
        return (spec_dir / name).read_bytes()
    return resources.files(SPEC_PACKAGE).joinpath(name).read_bytes()


def load_spec(spec_dir: str | Path | None = None) -> ModelSpec:
    """Load the spec from ``spec_dir`` (default: the copy shipped in the package)."""
    spec_dir = Path(spec_dir) if spec_dir is not None else None
    raw = {name: _read_bytes(spec_dir, name) for name in SPEC_FILES}

    def csv(name: str, **overrides: pl.DataType) -> pl.DataFrame:
        return pl.read_csv(io.BytesIO(raw[name]), schema_overrides={"insee": pl.Utf8, **overrides})

    def toml(name: str) -> dict[str, Any]:
        try:
            return tomllib.loads(raw[name].decode("utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise DataError(f"model spec {name}: invalid TOML ({exc}); fix the file") from exc

    spec = ModelSpec(
        communes=csv("communes.csv"),
        stations=pl.read_csv(io.BytesIO(raw["stations.csv"])),
        pois=csv("pois.csv"),
        sites=pl.read_csv(io.BytesIO(raw["sites.csv"])),
        education=csv("education.csv"),
        cites_named=csv("cites_named.csv"),
        tadao=toml("tadao_network.toml"),
        ter=toml("ter_network.toml"),
        grid=toml("grid.toml"),
        file_sha256={name: hashlib.sha256(data).hexdigest() for name, data in raw.items()},
    )
    _check_references(spec)
    return spec


def _check_references(spec: ModelSpec) -> None:
    communes = set(spec.communes["name"])
    pois = set(spec.pois["id"])
    stations = set(spec.stations["id"])
    known = {"commune": communes, "poi": pois, "station": stations}
    for line in spec.tadao["line"]:
        for waypoint in line["waypoints"]:
            kind, _, name = waypoint.partition(":")
            if name not in known.get(kind, set()):
                raise DataError(
                    f"model spec tadao_network.toml, line {line['id']}: unknown waypoint "
                    f"{waypoint!r}; use commune:<name>, poi:<id> or station:<id> of the spec"
                )
    for line in spec.ter["line"]:
        unknown = [stop for stop in line["stops"] if stop not in stations]
        if unknown or len(line["run_min"]) != len(line["stops"]) - 1:
            raise DataError(
                f"model spec ter_network.toml, line {line['id']}: unknown stations {unknown} or "
                "run_min not one shorter than stops; fix the line"
            )
    missing_pois = set(spec.sites["poi"]) - pois
    if missing_pois:
        raise DataError(f"model spec sites.csv: unknown poi ids {sorted(missing_pois)}")
