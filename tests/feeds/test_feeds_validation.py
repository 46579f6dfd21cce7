"""Validation rules on the hand-written faulty feed, and on the real TER feed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from artois_access.feeds import has_errors, read_feeds, validate_feed
from artois_access.feeds.rules.speeds import hop_speeds

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def faulty():
    return read_feeds([FIXTURES / "faulty"])


def _found(findings: pl.DataFrame) -> dict[tuple[str, str], int]:
    """(rule, first word of examples) -> count."""
    return {
        (r["rule"], r["examples"].split(" ")[0]): r["count"] for r in findings.iter_rows(named=True)
    }


def test_faulty_feed_findings(faulty):
    findings = validate_feed(faulty, date=date(2025, 1, 27))
    found = _found(findings)
    # Each fault of fixtures/faulty, by hand:
    assert found[("unknown_reference", "route_id")] == 1  # trip unknown_route -> NOPE
    assert found[("unknown_reference", "service_id")] == 1  # trip unknown_service -> NOSVC
    assert found[("unknown_reference", "stop_id")] == 1  # GHOST
    assert found[("unknown_reference", "trip_id")] == 2  # ghost_trip has 2 stop times
    assert found[("decreasing_stop_times", "trips")] == 1  # decreasing: 08:00 then 07:55
    # bad_values' first time "8h00" is unparsable, so its first stop has no time
    assert found[("trip_end_without_time", "trips")] == 1
    assert found[("stop_at_zero_zero", "faulty:ZERO")] == 1
    assert found[("stop_without_coordinates", "faulty:NOCOORD")] == 1  # unused: a warning
    assert found[("duplicate_id", "stop_id")] == 1
    assert found[("rows_dropped_at_load", "missing")] == 1
    assert found[("trip_without_stop_times", "faulty:no_stop_times")] == 1
    # too_fast: A (50.40, 2.80) -> B (50.67, 2.80), about 30 km in 5 min by bus.
    assert found[("impossible_speed", "faulty:too_fast")] == 1
    assert ("date_not_covered", "no") not in found  # service S runs on Monday 2025-01-27
    assert has_errors(findings)
    severities = findings["severity"].to_list()
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


def test_date_not_covered(faulty):
    findings = validate_feed(faulty, date=date(2025, 2, 3))  # after end_date 2025-01-31
    row = findings.filter(pl.col("rule") == "date_not_covered").row(0, named=True)
    assert row["severity"] == "error"
    assert "2025-01-01..2025-01-31" in row["examples"]


def test_clean_feed_has_no_findings():
    feed = read_feeds([FIXTURES / "tiny"])
    findings = validate_feed(feed, date=date(2025, 1, 27))
    assert findings.is_empty()
    assert not has_errors(findings)


def test_duplicates_in_a_feed_built_in_code():
    feed = read_feeds([FIXTURES / "tiny"])
    doubled = replace(feed, routes=pl.concat([feed.routes, feed.routes.head(1)]))
    found = _found(validate_feed(doubled))
    assert found[("duplicate_id", "route_id:")] == 1


def test_hop_speed_by_hand():
    feed = read_feeds([FIXTURES / "interpolation"])
    full = feed.stop_times.filter(pl.col("trip_id") == "interpolation:full")
    hop = hop_speeds(feed, full).row(0, named=True)
    # S0 -> S3: 0.06 degrees of the equator = 6378137 * 0.06 * pi / 180 = 6679.169 m, in
    # 11:05:00 - 11:00:30 = 270 s, judged on 270 + 60 s: 6679.169 / 330 * 3.6 = 72.864 km/h.
    assert hop["distance_m"] == pytest.approx(6679.169, abs=0.01)
    assert hop["time_s"] == 270
    assert hop["speed_kmh"] == pytest.approx(72.864, abs=0.001)
    assert hop["max_speed_kmh"] == 120.0


def test_ter_validation(ter_feed):
    findings = validate_feed(ter_feed, date=date(2025, 1, 27))
    rules = set(findings["rule"])
    # The feed is referentially clean: no error; its only warnings are coach hops timed too
    # short (e.g. 17.7 km in 6 min).
    assert rules <= {"impossible_speed", "unknown_columns"}
    assert not has_errors(findings)
    speed = findings.filter(pl.col("rule") == "impossible_speed")
    assert speed.height <= 1 and speed["count"].sum() < 100
    assert set(speed["severity"]) <= {"warning"}
