"""The ``manifest.json`` that goes with every output written to disk.

It says what produced the output: inputs with their SHA-256, parameters, package version,
start and end timestamps (UTC), row counts. Written atomically next to the output, as
``<output>.manifest.json``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from artois_access import __version__
from artois_access.atomic import atomic_write_text

_CHUNK = 1 << 20


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 of a file; of a folder, of its files' names and contents in sorted order."""
    path = Path(path)
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(str(file.relative_to(path)).encode() + b"\0")
        with open(file, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


def utc_now() -> str:
    """The current time, ISO 8601 in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def manifest_path(output: str | Path) -> Path:
    output = Path(output)
    return output.with_name(output.name + ".manifest.json")


def describe_inputs(inputs: Mapping[str, str | Path | Sequence[str | Path] | None]) -> dict:
    """``{"name": [{"path": ..., "sha256": ...}, ...]}`` for every input file given."""
    described: dict[str, list[dict[str, str]]] = {}
    for name, value in inputs.items():
        if value is None:
            continue
        paths = [value] if isinstance(value, (str, Path)) else list(value)
        described[name] = [{"path": str(Path(p)), "sha256": sha256_file(p)} for p in paths]
    return described


def write_manifest(
    output: str | Path,
    *,
    command: str,
    inputs: Mapping[str, str | Path | Sequence[str | Path] | None],
    parameters: Mapping[str, object],
    row_counts: Mapping[str, int],
    started_at: str,
    extra: Mapping[str, object] | None = None,
) -> Path:
    """Write ``<output>.manifest.json`` atomically and return its path."""
    manifest = {
        "command": command,
        "package": "artois-access",
        "version": __version__,
        "output": str(Path(output).name),
        "inputs": describe_inputs(inputs),
        "parameters": dict(parameters),
        "row_counts": dict(row_counts),
        "started_at": started_at,
        "finished_at": utc_now(),
    }
    if extra:
        manifest.update(extra)
    target = manifest_path(output)
    atomic_write_text(target, json.dumps(manifest, indent=2, sort_keys=False) + "\n")
    return target
