"""``artois-access model build``: the spec in, ``gtfs/`` and ``grids/`` out, byte-identical
from one build to the next."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely

from artois_access.atomic import atomic_write_text
from artois_access.territory.crs import LAEA_EUROPE
from artois_access.territory.model.cites_model import build_cites
from artois_access.territory.model.communes_layer import build_communes
from artois_access.territory.model.gtfs_zip import write_gtfs_zip
from artois_access.territory.model.layer_writer import write_gpkg
from artois_access.territory.model.opportunities_model import add_jobs, build_opportunities
from artois_access.territory.model.population_grid import build_population_grid
from artois_access.territory.model.spec import load_spec
from artois_access.territory.model.tadao_feed import build_tadao_tables
from artois_access.territory.model.ter_feed import build_ter_tables

# Paths of the outputs relative to the output root (the repository root by default).
TADAO_ZIP = Path("gtfs/tadao-model.zip")
TER_ZIP = Path("gtfs/ter-model.zip")
COMMUNES_GPKG = Path("grids/communes.gpkg")
GRID_GPKG = Path("grids/population_200m.gpkg")
CITES_GPKG = Path("grids/cites.gpkg")
OPPORTUNITIES_GPKG = Path("grids/opportunities.gpkg")
MANIFEST = Path("grids/model_manifest.json")
OUTPUTS = (TADAO_ZIP, TER_ZIP, COMMUNES_GPKG, GRID_GPKG, CITES_GPKG, OPPORTUNITIES_GPKG)


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildSummary:
    """What a build wrote: output paths with their SHA-256, and headline counts."""

    files_sha256: dict[str, str]
    population: int
    communes: int
    cells: int
    cites: int
    jobs: int
    tadao_stops: int
    tadao_stop_times: int


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_model(out_dir: str | Path = ".", *, spec_dir: str | Path | None = None) -> BuildSummary:
    """Build the model feeds and layers under ``out_dir`` (``gtfs/`` and ``grids/``)."""
    out = Path(out_dir)
    spec = load_spec(spec_dir)
    communes = build_communes(spec)
    cites = build_cites(spec, communes)
    cells = build_population_grid(spec, communes, cites)
    opportunities = build_opportunities(spec, communes)
    cells = add_jobs(spec, cells, opportunities)

    tadao, coverage_waypoints = build_tadao_tables(spec, communes, cites=cites, cells=cells)
    write_gtfs_zip(out / TADAO_ZIP, tadao)
    write_gtfs_zip(out / TER_ZIP, build_ter_tables(spec))

    write_gpkg(communes, out / COMMUNES_GPKG, layer="communes")
    write_gpkg(cites, out / CITES_GPKG, layer="cites")
    write_gpkg(opportunities, out / OPPORTUNITIES_GPKG, layer="opportunities")
    size = int(spec.grid["population"]["cell_size_m"])
    squares = shapely.box(
        cells["x_3035"].to_numpy(),
        cells["y_3035"].to_numpy(),
        cells["x_3035"].to_numpy() + size,
        cells["y_3035"].to_numpy() + size,
    )
    grid = gpd.GeoDataFrame(cells.to_pandas(), geometry=squares, crs=LAEA_EUROPE)
    write_gpkg(grid, out / GRID_GPKG, layer="cells")

    files = {str(p): _sha256(out / p) for p in OUTPUTS}
    manifest = {
        "what": "embedded Artois model (a model built from public facts, not official data)",
        "spec_sha256": spec.file_sha256,
        "outputs_sha256": files,
        "counts": {
            "communes": len(communes),
            "population": int(communes["population"].sum()),
            "population_by_epci": {
                k: int(v)
                for k, v in communes.groupby("epci")["population"].sum().sort_index().items()
            },
            "cells": cells.height,
            "populated_cells": int((cells["population"] > 0).sum()),
            "jobs": int(cells["jobs"].sum()),
            "cites": len(cites),
            "tadao_stops": len(tadao["stops.txt"][1]),
            "tadao_routes": len(tadao["routes.txt"][1]),
            "tadao_stop_times": len(tadao["stop_times.txt"][1]),
            "tadao_coverage_waypoints": len(coverage_waypoints),
        },
        "tadao_coverage_waypoints": [
            {
                "line": added.line_id,
                "reason": added.reason,
                "name": added.waypoint.name,
                "detour_m": round(added.detour_m),
            }
            for added in coverage_waypoints
        ],
    }
    atomic_write_text(
        out / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    )
    return BuildSummary(
        files_sha256=files,
        population=manifest["counts"]["population"],
        communes=len(communes),
        cells=cells.height,
        cites=len(cites),
        jobs=manifest["counts"]["jobs"],
        tadao_stops=manifest["counts"]["tadao_stops"],
        tadao_stop_times=manifest["counts"]["tadao_stop_times"],
    )
