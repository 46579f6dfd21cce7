"""One GTFS file -> one typed table: CSV read as text, then cast column by column.

Reading every column as text and casting afterwards is both fast (one vectorised pass per
column) and honest: a value that does not parse is counted, with examples, instead of failing
the whole file or vanishing.
"""

from __future__ import annotations

import io

import polars as pl

from artois_access.errors import DataError
from artois_access.feeds.findings import Finding, Rule, Severity, examples_of
from artois_access.feeds.schema import FEED_ID_TABLES, TABLES, Column, Kind
from artois_access.feeds.times import parse_time

_BOM = b"\xef\xbb\xbf"

# Columns that identify a row; later duplicates are dropped and counted.
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "agency": ("agency_id",),
    "stops": ("stop_id",),
    "routes": ("route_id",),
    "trips": ("trip_id",),
    "stop_times": ("trip_id", "stop_sequence"),
    "calendar": ("service_id",),
    "calendar_dates": ("service_id", "date"),
}


def read_text_table(data: bytes, label: str) -> tuple[pl.DataFrame, list[Finding]]:
    """A CSV file as a frame of Utf8 columns; headers stripped of BOM and spaces.

    GTFS files are UTF-8; a file that is not (Windows-1252 exports are common in France) is
    decoded as Windows-1252 and reported, rather than read with broken accents.
    """
    findings = []
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if not data.strip():
        return pl.DataFrame(), findings
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        findings.append(
            Finding(
                rule=Rule.NOT_UTF8,
                severity=Severity.WARNING,
                file=label,
                count=1,
                examples=f"byte {exc.start}: read as Windows-1252; re-export the file as UTF-8",
            )
        )
        data = data.decode("cp1252", errors="replace").encode("utf-8")
    try:
        frame = pl.read_csv(
            io.BytesIO(data),
            infer_schema=False,
            truncate_ragged_lines=True,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataError(
            f"{label}: not a readable CSV file ({first}); fix or re-export it"
        ) from None
    names = [name.strip().strip('"').strip() for name in frame.columns]
    if len(set(names)) != len(names):
        raise DataError(f"{label}: the header repeats a column name ({', '.join(names)})")
    return frame.rename(dict(zip(frame.columns, names, strict=True))), findings


def check_header(frame: pl.DataFrame, table: str, label: str) -> None:
    missing = [c.name for c in TABLES[table] if c.required and c.name not in frame.columns]
    if missing:
        header = ",".join(frame.columns) or "(empty)"
        if len(frame.columns) == 1 and any(sep in header for sep in ";\t|"):
            raise DataError(
                f"{label}: the columns are not separated by commas (header is: {header[:200]}); "
                "GTFS files are comma-separated: re-export the file as CSV with ','"
            )
        raise DataError(
            f"{label}: the header lacks the required column(s) {', '.join(missing)} "
            f"(header is: {header[:200]}); fix the first line of the file"
        )


def _parsed(column: Column, raw: pl.Expr, feed_id: str) -> pl.Expr:
    text = raw.str.strip_chars()
    blank_to_null = pl.when(text.str.len_bytes() > 0).then(text)
    match column.kind:
        case Kind.ID:
            value = pl.lit(f"{feed_id}:") + blank_to_null
        case Kind.TEXT:
            value = raw
        case Kind.INT8 | Kind.INT32 | Kind.FLOAT:
            value = blank_to_null.cast(column.dtype, strict=False)
        case Kind.TIME:
            value = parse_time(raw)
        case Kind.DATE:
            value = blank_to_null.str.strptime(pl.Date, "%Y%m%d", strict=False)
    if column.default is not None:
        value = value.fill_null(pl.lit(column.default, dtype=column.dtype))
    return value.cast(column.dtype).alias(column.name)


def cast_table(
    raw: pl.DataFrame, table: str, *, feed_id: str, label: str
) -> tuple[pl.DataFrame, list[Finding]]:
    """Typed table with exactly the declared columns, ids scoped, and what went wrong.

    Unparsable values become null (or the column's default) and are counted; rows whose key
    columns are null are dropped and counted; duplicate primary keys keep the first row.
    """
    columns = TABLES[table]
    findings: list[Finding] = []
    unknown = [name for name in raw.columns if name not in {c.name for c in columns}]
    if unknown:
        findings.append(
            Finding(
                rule=Rule.UNKNOWN_COLUMNS,
                severity=Severity.INFO,
                file=label,
                count=len(unknown),
                examples=examples_of(unknown),
            )
        )
    present = [c for c in columns if c.name in raw.columns]
    exprs = [
        _parsed(c, pl.col(c.name), feed_id)
        if c.name in raw.columns
        else pl.lit(c.default, dtype=c.dtype).alias(c.name)
        for c in columns
    ]
    if table in FEED_ID_TABLES:
        exprs.append(pl.lit(feed_id, dtype=pl.Utf8).alias("feed_id"))
    typed = raw.select(exprs)
    if table == "feed_info":
        typed = typed.with_columns(pl.lit(feed_id, dtype=pl.Utf8).alias("feed_id"))

    # Values present in the file that did not parse (text columns always parse).
    checked = [c for c in present if c.kind not in (Kind.TEXT, Kind.ID)]
    if checked:
        bad_masks = {
            c.name: (pl.col(c.name).str.strip_chars().str.len_bytes() > 0)
            & _parsed(Column(name=c.name, kind=c.kind), pl.col(c.name), feed_id).is_null()
            for c in checked
        }
        counts = raw.select(mask.sum().alias(name) for name, mask in bad_masks.items()).row(0)
        for (name, mask), count in zip(bad_masks.items(), counts, strict=True):
            if count:
                kind = next(c.kind for c in checked if c.name == name)
                findings.append(
                    Finding(
                        rule=Rule.UNPARSABLE_TIME if kind is Kind.TIME else Rule.UNPARSABLE_VALUE,
                        severity=Severity.ERROR,
                        file=label,
                        count=count,
                        examples=f"{name}: " + examples_of(raw.filter(mask)[name]),
                    )
                )

    keys = [c.name for c in columns if c.key]
    if keys:
        complete = pl.all_horizontal(pl.col(k).is_not_null() for k in keys)
        incomplete = typed.filter(~complete)
        if incomplete.height:
            first_key = keys[0]
            findings.append(
                Finding(
                    rule=Rule.ROWS_DROPPED,
                    severity=Severity.ERROR,
                    file=label,
                    count=incomplete.height,
                    examples=f"missing or unparsable {'/'.join(keys)}; "
                    + examples_of(incomplete[first_key].drop_nulls()),
                )
            )
            typed = typed.filter(complete)

    primary = PRIMARY_KEYS.get(table)
    if primary and typed.height:
        first = pl.struct(primary).is_first_distinct()
        duplicates = typed.filter(~first)
        if duplicates.height:
            findings.append(
                Finding(
                    rule=Rule.DUPLICATE_ID,
                    severity=Severity.ERROR,
                    file=label,
                    count=duplicates.height,
                    examples=f"{'+'.join(primary)} repeated, later rows dropped; "
                    + examples_of(duplicates[primary[0]]),
                )
            )
            typed = typed.filter(first)
    return typed, findings
