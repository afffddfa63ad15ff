"""Model caches that heal themselves: written atomically, verified on load, rebuilt when bad.

A cache folder (the dequantized Gemma, the assembled GGUF, the joined Whisper base) is built in a
temp sibling (``<name>.building-<random>``), every file is fsynced, a manifest with each file's size,
mtime and sha256 is written last, and only then is the folder renamed into place. Loading checks
the manifest against the files: a missing manifest, a missing file or a size that differs means the
folder is bad (a kill mid-build, a truncated copy); a file whose mtime moved is re-hashed (so a
rewritten file is caught, and a copy that only lost its mtimes is re-stamped, not rebuilt). Checking a
good folder costs one ``stat`` per file (no hashing). A bad folder is deleted with one log line
saying why and rebuilt. Builders of one cache are serialised by an ``flock`` on ``<name>.lock``, so
a temp sibling found while holding the lock was left by a killed build and is removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterator, Mapping, Sequence

from multimodal.paths import sha256_file
from multimodal.errors import BackendUnavailable

MANIFEST_NAME = "cockpit-sim-manifest.json"
MANIFEST_VERSION = 1
BUILDING_MARK = ".building-"
log = logging.getLogger("cockpit_sim.cache")


class CacheBuildError(BackendUnavailable):
    """A cache could not be built (e.g. joined weights do not match their pinned hash)."""


@dataclass(frozen=True)
class FileRecord:
    size_bytes: int
    mtime_ns: int
    sha256: str


# ---------------------------------------------------------------- single files
def fsync_path(path: str | os.PathLike) -> None:
    """Flush a file's (or a folder's entries') bytes to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_durably(tmp: str | os.PathLike, dest: str | os.PathLike) -> None:
    """fsync ``tmp``, rename it over ``dest`` and fsync the folder, so a crash leaves old or new, never half."""
    fsync_path(tmp)
    os.replace(tmp, dest)
    fsync_path(Path(dest).parent)


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        replace_durably(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def join_parts(parts: Sequence[Path], dest: Path, expected_sha256: str) -> Path:
    """Concatenate ``parts`` into ``dest`` atomically, checking the pinned hash before the rename.

    On a mismatch nothing is left at ``dest`` and CacheBuildError names the files to reinstall.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(prefix=dest.name + ".", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with open(part, "rb") as fh:
                    for block in iter(lambda: fh.read(1 << 22), b""):
                        digest.update(block)
                        out.write(block)
        got = digest.hexdigest()
        if got != expected_sha256:
            raise CacheBuildError(
                f"joined {dest.name} has SHA-256 {got[:16]}..., expected {expected_sha256[:16]}...; "
                f"reinstall the packages holding {', '.join(p.name for p in parts)}")
        replace_durably(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return dest


def safetensors_problem(path: Path) -> str | None:
    """Why a .safetensors file is incomplete (its header's tensor offsets must end exactly at the file's
    end), or None. Reads only the header, so it catches truncation, not flipped bytes."""
    size = path.stat().st_size
    try:
        with open(path, "rb") as fh:
            header_len = int.from_bytes(fh.read(8), "little")
            if not 0 < header_len <= size - 8:
                return f"{path.name}: header length {header_len} does not fit a {size}-byte file"
            header = json.loads(fh.read(header_len))
        end = max((int(t["data_offsets"][1]) for k, t in header.items() if k != "__metadata__"), default=0)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as err:
        return f"{path.name}: unreadable header ({type(err).__name__})"
    if 8 + header_len + end != size:
        return f"{path.name} is {size} bytes, its header needs {8 + header_len + end}"
    return None


# ---------------------------------------------------------------- folders with a manifest
def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST_NAME)


def _record(path: Path) -> FileRecord:
    st = path.stat()
    return FileRecord(st.st_size, st.st_mtime_ns, sha256_file(path))


def write_manifest(folder: Path, source: str, records: Mapping[str, FileRecord] | None = None) -> None:
    """Record every file of ``folder`` (fsynced first); written last, so its presence means "complete"."""
    if records is None:
        for path in _files(folder):
            fsync_path(path)
        records = {p.relative_to(folder).as_posix(): _record(p) for p in _files(folder)}
    body = {"version": MANIFEST_VERSION, "source": source, "files": {k: asdict(v) for k, v in records.items()}}
    atomic_write_bytes(folder / MANIFEST_NAME, json.dumps(body, indent=1, sort_keys=True).encode("utf-8"))


def read_manifest(folder: Path) -> dict[str, FileRecord]:
    """The manifest's records; ValueError says why it cannot be used."""
    try:
        body = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        if body.get("version") != MANIFEST_VERSION:
            raise ValueError(f"manifest version {body.get('version')!r} is not {MANIFEST_VERSION}")
        return {name: FileRecord(**rec) for name, rec in body["files"].items()}
    except FileNotFoundError:
        raise ValueError("it has no manifest (a build was interrupted, or an older version wrote it)") from None
    except (OSError, KeyError, TypeError, AttributeError, json.JSONDecodeError) as err:
        raise ValueError(f"its manifest is unreadable ({type(err).__name__}: {err})") from None


def problem(folder: Path, pinned: Mapping[str, str] | None = None) -> str | None:
    """Why ``folder`` cannot be trusted, or None when every file matches its manifest.

    ``pinned`` maps a file name to the sha256 it must have (e.g. a hash shipped with the code).
    """
    if not folder.is_dir():
        return "it does not exist"
    try:
        records = read_manifest(folder)
    except ValueError as err:
        return str(err)
    restamped = dict(records)
    for name, rec in records.items():
        path = folder / name
        if not path.is_file():
            return f"{name} is missing"
        st = path.stat()
        if st.st_size != rec.size_bytes:
            return f"{name} is {st.st_size} bytes, the manifest says {rec.size_bytes} (cut short or overwritten)"
        if st.st_mtime_ns != rec.mtime_ns:
            if sha256_file(path) != rec.sha256:
                return f"{name} was modified after it was written (its sha256 no longer matches)"
            restamped[name] = FileRecord(rec.size_bytes, st.st_mtime_ns, rec.sha256)
    for name, sha in (pinned or {}).items():
        if name not in records or records[name].sha256 != sha:
            return f"{name} is not the expected file (sha256 differs from the pinned one)"
    if restamped != records:
        _restamp(folder, restamped)
    return None


def _restamp(folder: Path, records: Mapping[str, FileRecord]) -> None:
    """Save the new mtimes so the next check need not rehash; a read-only cache just rehashes next time."""
    try:
        write_manifest(folder, _source_of(folder), records)
    except OSError as err:
        log.info("cache %s: could not save the new file times (%s); its files are valid", folder, err)


def _source_of(folder: Path) -> str:
    try:
        return str(json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8")).get("source", ""))
    except (OSError, ValueError):
        return ""


@contextlib.contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """One builder per cache folder across processes (released when the process dies, too)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / (folder.name + ".lock"), "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def discard(folder: Path, reason: str) -> None:
    """Delete a bad cache folder with one log line saying why."""
    log.warning("cache %s is bad (%s); rebuilding it", folder, reason)
    shutil.rmtree(folder, ignore_errors=True)


def ensure_dir(folder: Path, build: Callable[[Path], None], source: str,
               pinned: Mapping[str, str] | None = None, announce: Callable[[str], None] | None = None,
               adopt: Callable[[Path], bool] | None = None) -> Path:
    """The verified cache ``folder``: reused when its manifest holds, else (re)built by ``build(tmp)``.

    ``build`` fills an empty temp folder; ``source`` says in the manifest what it was built from;
    ``announce`` hears one line before a build starts (e.g. "this takes 100 s"); ``adopt`` may vouch for
    a complete folder an older version wrote without a manifest (it then gets one instead of a rebuild).
    """
    if problem(folder, pinned) is None:
        return folder
    with build_lock(folder):
        why = problem(folder, pinned)  # another process may have built it while this one waited
        if why is None:
            return folder
        _remove_leftovers(folder)
        if folder.is_dir() and not (folder / MANIFEST_NAME).exists() and adopt is not None and adopt(folder):
            write_manifest(folder, source + " (adopted)")
            if problem(folder, pinned) is None:
                return folder
        if folder.exists():
            discard(folder, why)
        if announce is not None:
            announce(f"building {folder} from {source}")
        _build_into_place(folder, build, source)
    return folder


def _remove_leftovers(folder: Path) -> None:
    # Called under the build lock: any temp sibling now belongs to a build that was killed.
    for stale in folder.parent.glob(folder.name + BUILDING_MARK + "*"):
        log.warning("removing %s, left by an interrupted build", stale)
        shutil.rmtree(stale, ignore_errors=True)


def _build_into_place(folder: Path, build: Callable[[Path], None], source: str) -> None:
    tmp = Path(tempfile.mkdtemp(prefix=folder.name + BUILDING_MARK, dir=folder.parent))
    try:
        build(tmp)
        write_manifest(tmp, source)
        fsync_path(tmp)
        tmp.rename(folder)
        fsync_path(folder.parent)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
