"""Writing GTFS tables into a zip whose bytes depend only on the tables."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from artois_access.atomic import atomic_write

# A fixed timestamp keeps the zip byte-identical from one build to the next.
ZIP_DATE_TIME = (2025, 1, 1, 0, 0, 0)


def table_to_csv(columns: list[str], rows: list[tuple]) -> bytes:
    """CSV bytes with a header, ``\\n`` line ends and minimal quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def write_gtfs_zip(path: Path, tables: dict[str, tuple[list[str], list[tuple]]]) -> None:
    """Write ``{name.txt: (columns, rows)}`` to ``path`` atomically, members in name order."""

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w") as archive:
            for name in sorted(tables):
                columns, rows = tables[name]
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, table_to_csv(columns, rows), compresslevel=9)

    atomic_write(path, write)
