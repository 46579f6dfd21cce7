"""Shared helpers of the routing tests: the slow reference, GTFS folders written from rows."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
NETWORKS = HERE / "networks"
SHARED_DATA = HERE.parents[2] / "shared" / "data"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"routing_tests_{name}", HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def reference():
    """The slow, obvious search (tests/routing/slow_reference.py)."""
    return _load("slow_reference")


@pytest.fixture(scope="session")
def gtfs_writer():
    """Functions writing GTFS folders from rows (tests/routing/gtfs_rows.py)."""
    return _load("gtfs_rows")


@pytest.fixture(scope="session")
def networks_dir() -> Path:
    return NETWORKS


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return SHARED_DATA
