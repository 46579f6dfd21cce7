"""The example accessibility spec shipped in reports/ parses into the run it describes."""

import datetime as dt
from pathlib import Path

from artois_access.indicators.access_config import build_config, read_toml

EXAMPLE = Path(__file__).resolve().parents[2] / "reports" / "access_cites_emploi.toml"


def test_example_spec_reads():
    config = build_config(read_toml(EXAMPLE))
    assert config.date == dt.date(2025, 1, 28)
    assert config.departure_from == dt.time(7, 0)
    assert config.measures.cutoffs_min == (30, 45, 60)
    assert config.measures.percentiles == (50, 80)
    assert config.gtfs == ()  # the embedded model's feeds
