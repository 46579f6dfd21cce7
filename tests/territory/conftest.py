"""Fixtures of the territory tests: the committed model, a fresh build, the real data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def fresh_build(tmp_path_factory: pytest.TempPathFactory):
    """The model rebuilt from the packaged spec into a temporary folder (about 3 s)."""
    from artois_access.territory.model.build import build_model

    out = tmp_path_factory.mktemp("model")
    return out, build_model(out)


@pytest.fixture(scope="session")
def territory():
    from artois_access.territory.embedded_model import load_model

    return load_model(REPO)


def shared_file(relative: str) -> Path:
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"real data {relative} absent from {SHARED_DATA}")
    return path
