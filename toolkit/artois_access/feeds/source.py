"""Where a feed's files come from: a .zip (files at its root or in one sub-folder) or a folder.

Turns every way a container can be broken (not a zip, truncated, unreadable member, no
stop_times.txt) into a one-line :class:`~artois_access.errors.DataError`.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from artois_access.errors import DataError

GTFS_SUFFIX = ".txt"


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedSource:
    """A GTFS feed on disk: ``members`` maps a table name ("stops") to its member path."""

    path: Path
    is_zip: bool
    members: dict[str, str]

    @property
    def stem(self) -> str:
        return self.path.stem if self.is_zip else self.path.name

    def label(self, table: str) -> str:
        """How a file is named in messages: ``ter-sncf-2025.zip:stops.txt``."""
        return f"{self.path.name}:{table}{GTFS_SUFFIX}"

    def has(self, table: str) -> bool:
        return table in self.members

    def read_bytes(self, table: str) -> bytes:
        member = self.members[table]
        if not self.is_zip:
            try:
                return Path(member).read_bytes()
            except OSError as exc:
                raise DataError(
                    f"{self.label(table)}: cannot be read ({exc.strerror}); check the file "
                    "and its permissions"
                ) from None
        try:
            with zipfile.ZipFile(self.path) as archive:
                return archive.read(member)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise DataError(
                f"{self.label(table)}: cannot be read from the zip ({exc}); the archive is "
                "damaged or truncated, download or re-create it"
            ) from None


def open_source(path: str | Path) -> FeedSource:
    """Locate the GTFS files of a feed given as a .zip or a folder."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such file or folder; give the path of a GTFS .zip or folder")
    if path.is_dir():
        names = [
            str(p.relative_to(path).as_posix())
            for p in path.rglob("*")
            if p.suffix.lower() in (GTFS_SUFFIX, ".zip") and p.is_file()
        ]
        members = _pick_folder(path, names)
        return FeedSource(
            path=path, is_zip=False, members={t: str(path / m) for t, m in members.items()}
        )
    try:
        with zipfile.ZipFile(path) as archive:
            names = [info.filename for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise DataError(
            f"{path}: not a readable zip file ({exc}); give a GTFS .zip or a folder of .txt files"
        ) from None
    return FeedSource(path=path, is_zip=True, members=_pick_folder(path, names))


def _pick_folder(path: Path, names: list[str]) -> dict[str, str]:
    """The .txt files of the shallowest folder that holds stop_times.txt, by table name."""
    candidates = [
        PurePosixPath(name)
        for name in names
        if PurePosixPath(name).name == f"stop_times{GTFS_SUFFIX}" and "__MACOSX" not in name
    ]
    if not candidates:
        zips = [n for n in names if PurePosixPath(n).suffix.lower() == ".zip"]
        if zips:
            raise DataError(
                f"{path}: no stop_times.txt, but it holds {', '.join(sorted(zips)[:3])}; "
                "if that is the GTFS feed, give the path of that .zip (extract it first when "
                "it sits inside another zip)"
            )
        raise DataError(
            f"{path}: no stop_times.txt found (at the root or in a sub-folder); "
            "this is not a GTFS feed, or it is incomplete"
        )
    folder = min(candidates, key=lambda p: (len(p.parts), str(p))).parent
    members = {}
    for name in names:
        member = PurePosixPath(name)
        if member.parent == folder and member.suffix == GTFS_SUFFIX:
            members[member.stem] = name
    return members
