"""Place layers: origins, destinations and opportunities as points with a unique id.

A place layer is a polars frame with columns ``id`` (Utf8, unique), ``lon`` and ``lat`` (Float64,
WGS84), followed by the file's other attribute columns (population, jobs, ...). It is read from:

- a CSV with ``id, lon, lat`` (WGS84), or ``id, x, y`` in Lambert-93 (EPSG:2154) unless another
  ``crs`` is given;
- any vector file that GDAL reads (GeoPackage, GeoJSON, GeoParquet, zipped shapefile...): points
  are taken as they are, polygons and lines by a representative point inside them. A file with
  several layers needs one chosen: ``layer=``, or ``file.gpkg:layer`` as the path.

CSV files may use ``,``, ``;`` or a tab as separator; with ``;`` (French spreadsheets) a decimal
comma is accepted in numbers.
"""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl

from artois_access.errors import DataError

WGS84 = "EPSG:4326"
LAMBERT93 = "EPSG:2154"

_RESERVED = ("id", "lon", "lat")
_VECTOR_SUFFIXES = {".gpkg", ".geojson", ".json", ".parquet", ".geoparquet", ".shp", ".zip", ".fgb"}


def read_places(
    path: str | Path,
    *,
    id_column: str = "id",
    crs: str | None = None,
    layer: str | None = None,
) -> pl.DataFrame:
    """Read a layer of places.

    Returns a frame with ``id`` (Utf8), ``lon``, ``lat`` (Float64, WGS84) and the other columns of
    the file. ``id_column`` names the column that holds the ids; ``crs`` overrides the CRS of CSV
    ``x, y`` coordinates (default Lambert-93); ``layer`` picks the layer of a multi-layer file.
    """
    path, layer = _split_layer(Path(path), layer)
    if not path.exists():
        raise DataError(
            f"{path}: no such file; give the path of a CSV (id,lon,lat) or a vector file"
        )
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt", ".tsv"}:
        frame = _read_csv_places(path, id_column=id_column, crs=crs)
    elif suffix in _VECTOR_SUFFIXES:
        frame = _read_vector_places(path, id_column=id_column, layer=layer)
    else:
        raise DataError(
            f"{path}: unknown place file type '{suffix}'; use CSV (id,lon,lat), GeoPackage, "
            "GeoJSON or GeoParquet"
        )
    return _checked(frame, path)


def places_from_lonlat(ids, lons, lats, **columns) -> pl.DataFrame:
    """Build a place layer from sequences; used by the API and the tests."""
    frame = pl.DataFrame(
        {
            "id": [str(i) for i in ids],
            "lon": pl.Series(list(lons), dtype=pl.Float64),
            "lat": pl.Series(list(lats), dtype=pl.Float64),
            **columns,
        }
    )
    return _checked(frame, Path("<memory>"))


def place_file(path: str | Path) -> Path:
    """The file behind a place path (``file.gpkg:layer`` → ``file.gpkg``), e.g. to hash it."""
    return place_file_and_layer(path)[0]


def place_file_and_layer(path: str | Path) -> tuple[Path, str | None]:
    """``file.gpkg:layer`` → (``file.gpkg``, ``"layer"``); any other path → (path, None)."""
    return _split_layer(Path(path), None)


def _split_layer(path: Path, layer: str | None) -> tuple[Path, str | None]:
    """``file.gpkg:layer`` → (``file.gpkg``, ``"layer"``) when only the file part exists."""
    if layer is not None or path.exists() or ":" not in path.name:
        return path, layer
    name, _, chosen = path.name.rpartition(":")
    file = path.with_name(name)
    if file.suffix.lower() in _VECTOR_SUFFIXES and file.exists() and chosen:
        return file, chosen
    return path, layer


def _csv_text(path: Path) -> str:
    """The file's text: UTF-8 (BOM dropped), else Windows-1252, as spreadsheets in France
    save CSV, so that "Béthune" stays "Béthune"."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: cannot be read ({exc.strerror}); give a CSV file") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.removeprefix("\ufeff")


def _csv_separator(header: str, suffix: str) -> str:
    """``,`` unless the header line has none and ``;`` or a tab instead (spreadsheets set to
    French write ``;``)."""
    if suffix == ".tsv" or ("\t" in header and "," not in header):
        return "\t"
    if ";" in header and "," not in header:
        return ";"
    return ","


_DECIMAL_COMMA = r"^\s*[-+]?\d+,\d+\s*$"


def _read_csv_places(path: Path, *, id_column: str, crs: str | None) -> pl.DataFrame:
    text = _csv_text(path)
    if not text.strip():
        raise DataError(
            f"{path}: the file is empty; write a header id,lon,lat and one row per place"
        )
    separator = _csv_separator(text.partition("\n")[0], path.suffix.lower())
    try:
        frame = pl.read_csv(
            text.encode("utf-8"),
            separator=separator,
            infer_schema_length=0,
        )
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, OSError) as exc:
        raise DataError(
            f"{path}: cannot read as CSV ({_first_line(exc)}); check that every row has as "
            "many fields as the header"
        ) from None
    frame = frame.rename({c: c.strip() for c in frame.columns})
    # Blank lines (often left at the end by editors) are no places.
    frame = frame.filter(~pl.all_horizontal(pl.all().str.strip_chars().fill_null("") == ""))
    if id_column not in frame.columns:
        by_case = [c for c in frame.columns if c.lower() == id_column.lower()]
        if len(by_case) != 1:
            raise DataError(
                f"{path}: no '{id_column}' column (columns: {', '.join(frame.columns)}); "
                "add a column of unique ids or name the column that holds them (--origins-id or --destinations-id)"
            )
        id_column = by_case[0]
    # Spaces around an id are typing accidents: "a " and "a" are one place.
    frame = frame.with_columns(pl.col(id_column).str.strip_chars())
    if separator == ";":
        # A ';'-separated file comes from a spreadsheet that writes decimal commas.
        frame = frame.with_columns(
            pl.when(pl.col(c).str.contains(_DECIMAL_COMMA))
            .then(pl.col(c).str.replace(",", ".", literal=True))
            .otherwise(pl.col(c))
            for c in frame.columns
            if c != id_column
        )
    lower = {c.lower(): c for c in frame.columns}
    if "lon" in lower and "lat" in lower:
        lon, lat = _as_float(frame, lower["lon"], path), _as_float(frame, lower["lat"], path)
        if crs not in (None, WGS84):
            lon, lat = _to_wgs84(lon, lat, crs, path)
    elif "x" in lower and "y" in lower:
        x, y = _as_float(frame, lower["x"], path), _as_float(frame, lower["y"], path)
        lon, lat = _to_wgs84(x, y, crs or LAMBERT93, path)
    else:
        raise DataError(
            f"{path}: needs 'lon' and 'lat' columns (WGS84) or 'x' and 'y' (Lambert-93); "
            f"found {', '.join(frame.columns)}"
        )
    drop = [c for c in (lower.get("lon"), lower.get("lat"), lower.get("x"), lower.get("y")) if c]
    rest = frame.drop([id_column, *drop])
    rest = rest.with_columns([_maybe_numeric(rest[c]) for c in rest.columns])
    return pl.DataFrame({"id": frame[id_column], "lon": lon, "lat": lat}).hstack(
        _renamed_clashes(rest)
    )


def _read_vector_places(path: Path, *, id_column: str, layer: str | None) -> pl.DataFrame:
    import geopandas as gpd

    is_parquet = path.suffix.lower() in {".parquet", ".geoparquet"}
    if not is_parquet:
        layer = _chosen_layer(path, layer)
    try:
        gdf = gpd.read_parquet(path) if is_parquet else gpd.read_file(path, layer=layer)
    except Exception as exc:  # GDAL raises many kinds; the message is what matters
        raise DataError(f"{path}: cannot read as a vector layer ({_first_line(exc)})") from None
    return geodataframe_to_places(gdf, source=path, id_column=id_column)


def _chosen_layer(path: Path, layer: str | None) -> str | None:
    """The layer to read; a file with several layers needs one named, rather than silently
    reading the first (which may be the wrong one)."""
    import pyogrio

    try:
        names = [str(name) for name, _ in pyogrio.list_layers(path)]
    except Exception as exc:  # GDAL raises many kinds; the message is what matters
        raise DataError(f"{path}: cannot read as a vector layer ({_first_line(exc)})") from None
    if layer is not None:
        if layer not in names:
            raise DataError(f"{path}: no layer '{layer}'; its layers are {', '.join(names)}")
        return layer
    if len(names) > 1:
        raise DataError(
            f"{path}: {len(names)} layers ({', '.join(names)}); choose one by writing the path "
            f"as {path}:{names[0]}"
        )
    return None


def geodataframe_to_places(gdf, *, source: str | Path = "<memory>", id_column: str = "id"):
    """Turn a GeoDataFrame (any CRS, any geometry type) into a place layer."""
    if gdf.crs is None:
        raise DataError(
            f"{source}: the layer has no CRS; set one (e.g. in QGIS: Layer > Assign projection) "
            "so that its coordinates can be placed"
        )
    if len(gdf) == 0:
        raise DataError(f"{source}: the layer has no places; add one feature per place")
    if id_column not in gdf.columns:
        raise DataError(
            f"{source}: no '{id_column}' column (columns: {', '.join(map(str, gdf.columns))}); "
            "add a column of unique ids or name the column that holds them (--origins-id or --destinations-id)"
        )
    if gdf.geometry.isna().any() or gdf.geometry.is_empty.any():
        bad = gdf.loc[gdf.geometry.isna() | gdf.geometry.is_empty, id_column].astype(str)
        raise DataError(
            f"{source}: {len(bad)} feature(s) without geometry (e.g. id {bad.iloc[0]}); "
            "remove them or give them a position"
        )
    geom = gdf.geometry
    if not (geom.geom_type == "Point").all():
        geom = geom.representative_point()
    geom = geom.to_crs(WGS84)
    attributes = gdf.drop(columns=[gdf.geometry.name, id_column])
    frame = pl.DataFrame(
        {
            "id": pl.Series(_id_texts(gdf[id_column]), dtype=pl.Utf8),
            "lon": pl.Series(geom.x.to_numpy(), dtype=pl.Float64),
            "lat": pl.Series(geom.y.to_numpy(), dtype=pl.Float64),
        }
    )
    if len(attributes.columns):
        frame = frame.hstack(_renamed_clashes(pl.from_pandas(attributes.reset_index(drop=True))))
    return frame


def _id_texts(ids) -> list[str | None]:
    """Ids of a vector layer as text: missing ones stay missing (reported by ``_checked``), and
    whole numbers that GDAL handed over as floats (an integer column with gaps) lose their
    ``.0``, so that id 12 stays "12"."""
    import pandas as pd

    texts = []
    for value in ids.tolist():
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            texts.append(None)
        elif isinstance(value, float) and value.is_integer():
            texts.append(str(int(value)))
        else:
            texts.append(str(value))
    return texts


def _renamed_clashes(attributes: pl.DataFrame) -> pl.DataFrame:
    """A layer may carry its own ``id``/``lon``/``lat`` attributes (e.g. cell centres); they
    are kept as ``<name>_source`` beside the computed ones rather than clashing with them."""
    return attributes.rename({c: f"{c}_source" for c in attributes.columns if c in _RESERVED})


def _checked(frame: pl.DataFrame, path: Path) -> pl.DataFrame:
    frame = frame.with_columns(pl.col("id").cast(pl.Utf8))
    if frame.height == 0:
        raise DataError(f"{path}: the layer has no places; add one row (or feature) per place")
    if frame["id"].null_count():
        raise DataError(
            f"{path}: {frame['id'].null_count()} place(s) have an empty id; give every place an id"
        )
    dupes = frame.filter(pl.col("id").is_duplicated())["id"].unique(maintain_order=True)
    if dupes.len():
        raise DataError(
            f"{path}: {dupes.len()} duplicate id(s), e.g. '{dupes[0]}'; ids must be unique"
        )
    bad = frame.filter(
        ~pl.col("lon").is_finite().fill_null(False)
        | ~pl.col("lat").is_finite().fill_null(False)
        | (pl.col("lon").abs() > 180)
        | (pl.col("lat").abs() > 90)
    )
    if bad.height:
        raise DataError(
            f"{path}: {bad.height} place(s) have missing or invalid coordinates "
            f"(e.g. id '{bad['id'][0]}'); lon must be in [-180, 180] and lat in [-90, 90] (WGS84)"
        )
    return frame


def _as_float(frame: pl.DataFrame, column: str, path: Path) -> pl.Series:
    series = frame[column].str.strip_chars().cast(pl.Float64, strict=False)
    bad = series.is_null() & frame[column].is_not_null()
    if bad.any():
        example = frame[column].filter(bad)[0]
        raise DataError(f"{path}: column '{column}' has a non-numeric value '{example}'")
    return series.alias(column)


def _maybe_numeric(series: pl.Series) -> pl.Series:
    """CSV columns are read as text; turn those that are all numbers into numbers."""
    stripped = series.str.strip_chars()
    as_int = stripped.cast(pl.Int64, strict=False)
    if as_int.null_count() == series.null_count():
        return as_int
    as_float = stripped.cast(pl.Float64, strict=False)
    if as_float.null_count() == series.null_count():
        return as_float
    return series


def _to_wgs84(x: pl.Series, y: pl.Series, crs: str, path: Path) -> tuple[pl.Series, pl.Series]:
    from pyproj import Transformer
    from pyproj.exceptions import CRSError

    try:
        transformer = Transformer.from_crs(crs, WGS84, always_xy=True)
    except CRSError:
        raise DataError(
            f"{path}: unknown CRS '{crs}'; give an EPSG code such as EPSG:2154"
        ) from None
    lon, lat = transformer.transform(x.to_numpy(), y.to_numpy())
    lon_s = pl.Series("lon", lon, dtype=pl.Float64)
    lat_s = pl.Series("lat", lat, dtype=pl.Float64)
    if not (lon_s.is_finite().all() and lat_s.is_finite().all()) or math.isinf(float(lon_s.max())):
        raise DataError(f"{path}: coordinates do not convert from {crs} to WGS84; check the CRS")
    return lon_s, lat_s


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
