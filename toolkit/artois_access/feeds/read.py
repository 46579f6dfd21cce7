"""Reading one or several GTFS feeds (zips or folders) into one :class:`Feed`."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from artois_access.errors import DataError, InputError
from artois_access.feeds.feed import TABLE_NAMES, Feed
from artois_access.feeds.findings import Finding, Rule, Severity, findings_frame
from artois_access.feeds.parse import cast_table, check_header, read_text_table
from artois_access.feeds.schema import CALENDAR_FILES, REQUIRED_FILES, empty_table
from artois_access.feeds.source import FeedSource, open_source


def read_feeds(
    paths: Sequence[str | Path] | str | Path, *, feed_ids: Sequence[str] | None = None
) -> Feed:
    """Read GTFS feeds and combine them, every id scoped ``"<feed_id>:<id>"``.

    The feed id is ``feed_info.feed_id`` when present and unique among the feeds read, else
    the zip's stem or the folder's name (``-2``, ``-3``... appended when two clash), unless
    ``feed_ids`` gives them. Raises :class:`DataError` on an unreadable feed (not a zip,
    truncated, missing required file or column). Rows dropped while loading are counted in
    ``Feed.findings``; see :class:`Feed` for the tables and their columns.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if not paths:
        raise InputError("no GTFS feed given; pass at least one .zip or folder")
    sources = [open_source(path) for path in paths]
    _reject_repeats(sources)
    findings: list[Finding] = []
    raw_tables = [_read_raw(source, findings) for source in sources]
    ids = _choose_feed_ids(sources, raw_tables, feed_ids)

    tables: dict[str, list[pl.DataFrame]] = {name: [] for name in TABLE_NAMES}
    for source, raw, feed_id in zip(sources, raw_tables, ids, strict=True):
        for table in TABLE_NAMES:
            if table not in raw:
                continue
            typed, found = cast_table(raw[table], table, feed_id=feed_id, label=source.label(table))
            tables[table].append(typed)
            findings.extend(found)

    combined = {
        table: pl.concat(frames, how="vertical") if frames else empty_table(table)
        for table, frames in tables.items()
    }
    combined["stop_times"] = combined["stop_times"].sort(["trip_id", "stop_sequence"])
    timezone, tz_findings = _timezone(combined["agency"], sources)
    findings.extend(tz_findings)
    return Feed(
        feed_ids=tuple(ids),
        timezone=timezone,
        findings=findings_frame(findings),
        **combined,
    )


def _reject_repeats(sources: list[FeedSource]) -> None:
    """The same feed given twice (same path, or two copies of one zip) would double every
    trip and halve every headway."""
    sizes = [source.path.stat().st_size for source in sources if source.is_zip]
    seen: dict[object, Path] = {}
    for source in sources:
        keys: list[object] = [source.path.resolve()]
        size = source.path.stat().st_size if source.is_zip else None
        if size is not None and sizes.count(size) > 1:  # hash only zips that may be copies
            keys.append(("zip", size, _sha256(source.path)))
        for key in keys:
            if key in seen:
                raise InputError(
                    f"{source.path}: the same GTFS feed is given twice (also as {seen[key]}); "
                    "give each feed once"
                )
        for key in keys:
            seen[key] = source.path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_raw(source: FeedSource, findings: list[Finding]) -> dict[str, pl.DataFrame]:
    """Every known table of the feed as text columns, headers checked; adds to ``findings``."""
    missing = [t for t in REQUIRED_FILES if not source.has(t)]
    if not any(source.has(t) for t in CALENDAR_FILES):
        missing.append("calendar (or calendar_dates)")
    if missing:
        raise DataError(
            f"{source.path}: missing {', '.join(m + '.txt' for m in missing)}; a GTFS feed needs "
            "agency, stops, routes, trips, stop_times and calendar and/or calendar_dates"
        )
    raw: dict[str, pl.DataFrame] = {}
    for table in TABLE_NAMES:
        if not source.has(table):
            continue
        label = source.label(table)
        frame, found = read_text_table(source.read_bytes(table), label)
        findings.extend(found)
        if not frame.columns and table not in REQUIRED_FILES:
            continue  # an empty optional file is as good as an absent one
        check_header(frame, table, label)
        raw[table] = frame
    if "agency" in raw and raw["agency"].height == 0:
        raise DataError(f"{source.label('agency')}: no agency row; add one with agency_timezone")
    return raw


def _declared_id(raw: dict[str, pl.DataFrame]) -> str | None:
    info = raw.get("feed_info")
    if info is None or "feed_id" not in info.columns or info.height == 0:
        return None
    value = info["feed_id"][0]
    value = value.strip() if value else ""
    return value or None


def _choose_feed_ids(
    sources: list[FeedSource],
    raw_tables: list[dict[str, pl.DataFrame]],
    feed_ids: Sequence[str] | None,
) -> list[str]:
    if feed_ids is not None:
        ids = [str(i) for i in feed_ids]
        if len(ids) != len(sources):
            raise InputError(f"{len(ids)} feed ids given for {len(sources)} feeds; give one each")
        if len(set(ids)) != len(ids) or not all(ids) or any(":" in i for i in ids):
            raise InputError(
                f"feed ids must be distinct, non-empty and without ':': {', '.join(ids)}"
            )
        return ids
    declared = [_declared_id(raw) for raw in raw_tables]
    # ":" separates the feed id from the id it scopes, so it cannot be part of a feed id.
    chosen = [
        (d if d is not None and declared.count(d) == 1 else source.stem).replace(":", "_")
        for d, source in zip(declared, sources, strict=True)
    ]
    ids: list[str] = []
    for candidate in chosen:
        name, n = candidate, 1
        while name in ids:
            n += 1
            name = f"{candidate}-{n}"
        ids.append(name)
    return ids


def _timezone(agency: pl.DataFrame, sources: list[FeedSource]) -> tuple[str, list[Finding]]:
    zones = agency["agency_timezone"].drop_nulls().str.strip_chars()
    zones = zones.filter(zones.str.len_bytes() > 0)
    if zones.is_empty():
        raise DataError(
            f"{sources[0].label('agency')}: agency_timezone is blank; set it (e.g. Europe/Paris)"
        )
    distinct = zones.unique(maintain_order=True)
    findings = []
    if distinct.len() > 1:
        findings.append(
            Finding(
                rule=Rule.TIMEZONE_MISMATCH,
                severity=Severity.WARNING,
                file="agency.txt",
                count=distinct.len(),
                examples=", ".join(distinct.to_list()[:5]) + f"; times read in {distinct[0]}",
            )
        )
    return str(zones[0]), findings
