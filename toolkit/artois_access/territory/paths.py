"""Where the embedded model's files live: ``gtfs/`` and ``grids/`` of the repository."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from artois_access.errors import DataError

TADAO_ZIP = "gtfs/tadao-model.zip"
TER_ZIP = "gtfs/ter-model.zip"
COMMUNES_GPKG = "grids/communes.gpkg"
GRID_GPKG = "grids/population_200m.gpkg"
CITES_GPKG = "grids/cites.gpkg"
OPPORTUNITIES_GPKG = "grids/opportunities.gpkg"


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelPaths:
    """Paths of the embedded model's files under ``root``."""

    root: Path
    tadao_gtfs: Path
    ter_gtfs: Path
    communes: Path
    grid: Path
    cites: Path
    opportunities: Path

    @property
    def gtfs(self) -> tuple[Path, Path]:
        """Both model feeds, TADAO first."""
        return (self.tadao_gtfs, self.ter_gtfs)


def find_repo_root(root: str | Path | None = None) -> Path:
    """The folder holding ``gtfs/`` and ``grids/``: ``root`` when given, else the repository of
    this (editable) install, else the current folder."""
    candidates = (
        [Path(root)] if root is not None else [Path(__file__).resolve().parents[3], Path.cwd()]
    )
    for candidate in candidates:
        if (candidate / "gtfs").is_dir() and (candidate / "grids").is_dir():
            return candidate
    raise DataError(
        f"no gtfs/ and grids/ folders under {', '.join(str(c) for c in candidates)}; run from the "
        "project folder, pass its path, or rebuild them with `artois-access model build`"
    )


def model_paths(root: str | Path | None = None) -> ModelPaths:
    """Paths of the model's feeds and layers (they are not checked to exist)."""
    base = find_repo_root(root)
    return ModelPaths(
        root=base,
        tadao_gtfs=base / TADAO_ZIP,
        ter_gtfs=base / TER_ZIP,
        communes=base / COMMUNES_GPKG,
        grid=base / GRID_GPKG,
        cites=base / CITES_GPKG,
        opportunities=base / OPPORTUNITIES_GPKG,
    )
