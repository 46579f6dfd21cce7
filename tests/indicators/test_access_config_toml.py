"""The access configuration: TOML sections, flags winning over them, parse errors."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from artois_access.errors import DataError, InputError
from artois_access.indicators.access_config import build_config, read_toml
from artois_access.indicators.decay import DecayKind

TOML = """
[network]
gtfs = ["a.zip", "b.zip"]
date = 2025-01-28
from = "06:30"
to = "08:30"
percentiles = [25, 50]
max_time = 90

[places]
cites = "cites.gpkg"

[measures]
opportunities = ["jobs", "lycee"]
cutoffs = [20, 40]
decays = ["exponential:hl=20", "logistic:c=45,sd=10"]
nearest = ["lycee:3"]
catchments = ["e2sfca:jobs:60"]

[output]
dir = "out/here"
formats = ["gpkg"]
"""


def test_toml_then_flags(tmp_path):
    path = tmp_path / "access.toml"
    path.write_text(TOML)
    config = build_config(read_toml(path), cutoffs=[45], out=None)
    assert config.gtfs == (Path("a.zip"), Path("b.zip"))
    assert config.date == dt.date(2025, 1, 28)
    assert config.departure_from == dt.time(6, 30)
    assert config.measures.percentiles == (25, 50)
    assert config.measures.cutoffs_min == (45,)  # the flag wins
    assert config.measures.opportunities == ("jobs", "lycee")
    assert [d.kind for d in config.measures.decays] == [DecayKind.EXPONENTIAL, DecayKind.LOGISTIC]
    assert config.measures.nearest == (("lycee", 3),)
    assert config.measures.catchments[0].column(50) == "e2sfca_jobs_60min_p50"
    assert config.cites == Path("cites.gpkg")
    assert config.out_dir == Path("out/here")


def test_config_errors(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[network\n")
    with pytest.raises(DataError, match="not valid TOML"):
        read_toml(bad)
    with pytest.raises(InputError, match="unknown section"):
        build_config({"netwrok": {}})
    with pytest.raises(InputError, match="above max_time"):
        build_config(tomllib.loads("[network]\nmax_time = 30\n[measures]\ncutoffs = [45]\n"))
    with pytest.raises(InputError, match="HH:MM"):
        build_config(departure_from="7h")
    with pytest.raises(InputError, match="format"):
        build_config(formats=["shp"])
