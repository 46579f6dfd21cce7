"""A :class:`Feed` back out as GTFS text files, in a folder or a .zip, written atomically."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import polars as pl

from artois_access.atomic import atomic_write
from artois_access.errors import InputError
from artois_access.feeds.feed import TABLE_NAMES, Feed
from artois_access.feeds.schema import TABLES, Kind
from artois_access.feeds.times import format_time

# Written even when empty, so that the output is a complete feed.
_ALWAYS = ("agency", "stops", "routes", "trips", "stop_times")


def write_feed(feed: Feed, target: str | Path) -> Path:
    """Write ``feed`` as GTFS to ``target`` (a folder, or a file ending in ``.zip``).

    A single feed gets its ids back unscoped (``"ter:87345025"`` -> ``"87345025"``); several
    feeds keep their scoped ids, so they stay distinct in the one feed written. Times are
    written "HH:MM:SS" (hours past 24 kept), dates "YYYYMMDD"; optional columns that are
    entirely empty and optional files without rows are left out. Returns ``target``.
    """
    target = Path(target)
    prefix = f"{feed.feed_ids[0]}:" if len(feed.feed_ids) == 1 else None
    files = {
        f"{table}.txt": _csv_bytes(feed.table(table), table, prefix)
        for table in TABLE_NAMES
        if feed.table(table).height or table in _ALWAYS
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix.lower() == ".zip":
        _write_zip(files, target)
    elif target.exists() and not target.is_dir():
        raise InputError(f"{target}: exists and is not a folder; give a folder or a .zip path")
    else:
        _write_folder(files, target)
    return target


def _csv_bytes(frame: pl.DataFrame, table: str, prefix: str | None) -> bytes:
    columns = TABLES[table]
    exprs = []
    for column in columns:
        if column.name not in frame.columns:
            continue
        if not column.required and frame[column.name].null_count() == frame.height:
            continue
        value = pl.col(column.name)
        if column.kind is Kind.ID and prefix is not None:
            value = value.str.strip_prefix(prefix)
        elif column.kind is Kind.TIME:
            value = format_time(value)
        elif column.kind is Kind.DATE:
            value = value.dt.strftime("%Y%m%d")
        exprs.append(value.alias(column.name))
    buffer = io.BytesIO()
    frame.select(exprs).write_csv(buffer, null_value="")
    return buffer.getvalue()


def _write_zip(files: dict[str, bytes], target: Path) -> None:
    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                # A fixed timestamp keeps the zip byte-identical from run to run.
                archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)

    atomic_write(target, write)


def _write_folder(files: dict[str, bytes], target: Path) -> None:
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    os.chmod(tmp, 0o755)
    try:
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
            os.replace(tmp, target)
            shutil.rmtree(old)
        else:
            os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
