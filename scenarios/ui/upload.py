"""Scenario files a reviewer uploads to the Scenarios tab: a YAML file, or the zip "save this session"
downloads (scenario.yaml + media/), unpacked safely so its relative media paths resolve."""

from __future__ import annotations

import uuid
import zipfile
from pathlib import Path, PurePosixPath

from scenarios.loader import ScenarioFileError, load_file
from scenarios.model import Scenario

MAX_YAML_BYTES = 1_000_000  # a scenario file is text; anything bigger is not one
MAX_ZIP_BYTES = 200_000_000  # unpacked: a saved session's audio clips and screenshots
MAX_ZIP_FILES = 500
MAX_ERROR_CHARS = 3000  # the loader lists every problem; the page shows the first screenful


class UploadError(ValueError):
    """The upload is not a usable scenario file; the message names the file (and line and key)."""


def load_upload(path: str | Path | None, unpack_root: Path) -> list[Scenario]:
    """Every scenario in an uploaded .yaml/.yml file or saved-session .zip (unpacked under ``unpack_root``)."""
    if not path:
        raise UploadError("no file was uploaded")
    p = Path(path)
    if not p.is_file():
        raise UploadError(f"{p.name}: the uploaded file is gone; upload it again")
    suffix = p.suffix.lower()
    if suffix == ".zip":
        files = _unpack(p, unpack_root / uuid.uuid4().hex)
    elif suffix in (".yaml", ".yml"):
        if p.stat().st_size > MAX_YAML_BYTES:
            raise UploadError(f"{p.name}: {p.stat().st_size:,} bytes is too big for a scenario file "
                              f"(at most {MAX_YAML_BYTES:,})")
        files = [p]
    else:
        raise UploadError(f"{p.name}: not a scenario file (expected .yaml, .yml, or the .zip a saved session "
                          f"downloads)")
    scenarios: list[Scenario] = []
    for f in files:
        try:
            scenarios.extend(load_file(f))
        except ScenarioFileError as err:
            text = str(err)
            raise UploadError(text if len(text) <= MAX_ERROR_CHARS else text[:MAX_ERROR_CHARS] + " …") from None
    if not scenarios:
        raise UploadError(f"{p.name}: holds no scenario")
    return scenarios


def _unpack(archive: Path, dest: Path) -> list[Path]:
    """The archive's YAML files, after unpacking it whole (media included) into ``dest``."""
    try:
        with zipfile.ZipFile(archive) as z:
            members = [m for m in z.infolist() if not m.is_dir()]
            if len(members) > MAX_ZIP_FILES:
                raise UploadError(f"{archive.name}: {len(members)} files; a saved session has at most "
                                  f"{MAX_ZIP_FILES}")
            total = sum(m.file_size for m in members)
            if total > MAX_ZIP_BYTES:
                raise UploadError(f"{archive.name}: unpacks to {total:,} bytes (at most {MAX_ZIP_BYTES:,})")
            for m in members:
                name = PurePosixPath(m.filename)
                if name.is_absolute() or ".." in name.parts:
                    raise UploadError(f"{archive.name}: refuses to unpack {m.filename!r} outside its folder")
            dest.mkdir(parents=True, exist_ok=False)
            z.extractall(dest, members)
    except zipfile.BadZipFile as err:
        raise UploadError(f"{archive.name}: not a readable zip file ({err})") from None
    yamls = sorted(q for q in dest.rglob("*") if q.suffix.lower() in (".yaml", ".yml"))
    if not yamls:
        raise UploadError(f"{archive.name}: holds no .yaml scenario file")
    return yamls
