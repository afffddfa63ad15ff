"""Save a live session (the cockpit UI's "Save this session as a scenario") as a scenario that replays.

``save_session`` records the session (``scenarios.recorder``), keeps the audio clips and uploaded
screenshots its turns used under ``media/`` beside ``scenario.yaml`` (steps refer to them by relative path),
checks the file loads, and publishes the folder atomically: everything is written into a hidden temporary
folder next to the destination (and a temporary zip), renamed into place only when complete. The download is the YAML
itself, or a zip of ``scenario.yaml`` + ``media/`` when there are media; unzipped anywhere, it replays with
``cockpit-sim scenario run scenario.yaml``.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Mapping

from scenarios.recorder import MediaFiles, record_session, to_yaml

YAML_NAME = "scenario.yaml"
RECORDINGS = "recordings"
MAX_TITLE_CHARS = 200
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")  # the loader's rule for scenario ids


@dataclass(frozen=True)
class TurnMedia:
    """The files one UI turn used (``TurnRecord.audio_path`` / ``screenshot_path``)."""

    audio_path: str | None = None
    screenshot_path: str | None = None


@dataclass(frozen=True)
class SavedScenario:
    yaml_path: Path  # <dest>/scenario.yaml
    download_path: Path  # the yaml itself, or <dest>.zip (yaml + media/) when the session had media
    media: tuple[Path, ...]  # every file written under <dest>/media (clips, their transcripts, screenshots)
    steps: int


def save_session(session, media: Mapping[str, TurnMedia] | None = None, dest_dir: Path | None = None,
                 title: str = "Recorded session", scenario_id: str | None = None) -> SavedScenario:
    """Write ``session`` as ``<dest>/scenario.yaml`` (+ ``media/``); ``media`` is keyed by turn id.

    ``dest_dir`` defaults to ``data_home("recordings") / "<UTC yyyymmdd-hhmmss>-<scenario_id>"`` (a suffix
    keeps it new); a given one must not exist yet. ``scenario_id`` defaults to ``session-<stamp>``.
    Raises ValueError for a session with no turns, a bad id or title; FileExistsError for an existing
    ``dest_dir``. Nothing is left behind when it raises.
    """
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    scenario_id = _check_id(scenario_id if scenario_id is not None else f"session-{stamp}")
    title = _check_title(title)
    files = MediaFiles()
    with session.lock:  # the UI's ticker moves the world meanwhile: take one consistent picture
        _check_savable(session)
        doc = record_session(session, title=title, scenario_id=scenario_id, media=media or {}, files=files)
    text = to_yaml(doc)
    if dest_dir is not None:
        dest = Path(dest_dir)
        if dest.exists():
            raise FileExistsError(f"cannot save the session to {dest}: it already exists")
        dest.parent.mkdir(parents=True, exist_ok=True)
    else:
        from multimodal.paths import data_home

        dest = _free_path(data_home(RECORDINGS), f"{stamp}-{scenario_id}")
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
    zip_tmp: Path | None = None
    published: Path | None = None
    try:
        (tmp / YAML_NAME).write_text(text, encoding="utf-8")
        written = [p.relative_to(tmp) for p in files.write(tmp)]
        _check_loads(text, tmp)
        if files.copies:
            zip_tmp = _zip(tmp, written, dest.parent)
        published = _publish(tmp, dest, pick_next=dest_dir is None)
        download = published / YAML_NAME
        if zip_tmp is not None:
            download = published.with_name(published.name + ".zip")
            os.replace(zip_tmp, download)
    except BaseException:
        shutil.rmtree(published or tmp, ignore_errors=True)
        if zip_tmp is not None:
            zip_tmp.unlink(missing_ok=True)
        raise
    return SavedScenario(yaml_path=published / YAML_NAME, download_path=download,
                         media=tuple(published / rel for rel in written), steps=len(doc["steps"]))


def _check_id(scenario_id: str) -> str:
    if not isinstance(scenario_id, str) or not _ID_RE.match(scenario_id) or len(scenario_id) > 100:
        raise ValueError(f"a scenario id is 1-100 letters, digits, '_', '-' or '.' starting with a letter or "
                         f"digit, got {scenario_id!r}")
    return scenario_id


def _check_title(title: str) -> str:
    if not isinstance(title, str) or not title.strip():
        raise ValueError(f"the scenario needs a title, got {title!r}")
    if len(title) > MAX_TITLE_CHARS:
        raise ValueError(f"the title is {len(title)} characters; at most {MAX_TITLE_CHARS}")
    return title.strip()


def _check_savable(session) -> None:
    log = session.log
    if not any(e.type == "turn-end" for e in log.events):
        raise ValueError("nothing to save: the session has no turns yet (say something first)")
    if log.max_events and len(log.events) >= log.max_events:
        # The log keeps only its newest events; the session's start is gone, so no faithful replay exists.
        raise ValueError(f"the session is too long to save: its log kept only the last {log.max_events} events; "
                         "reset the world and record a shorter session")


def _check_loads(text: str, folder: Path) -> None:
    """The saved file must load where it was written (media paths resolve against its folder)."""
    from scenarios.loader import load_text

    load_text(text, str(folder / YAML_NAME), base_dir=folder)


def _free_path(parent: Path, name: str) -> Path:
    candidate, n = parent / name, 2
    while candidate.exists() or candidate.with_name(candidate.name + ".zip").exists():
        candidate, n = parent / f"{name}-{n}", n + 1
    return candidate


def _publish(tmp: Path, dest: Path, pick_next: bool) -> Path:
    """Rename the finished temporary folder to ``dest`` (or, when the name was ours to pick and another
    save took it meanwhile, to the next free one)."""
    while True:
        if dest.exists():
            if not pick_next:
                raise FileExistsError(f"cannot save the session to {dest}: it already exists")
            dest = _free_path(dest.parent, dest.name)
        try:
            os.rename(tmp, dest)  # fails on an existing non-empty folder, so a racing save is never overwritten
            return dest
        except OSError:
            if not dest.exists():
                raise


def _zip(folder: Path, media: list[Path], where: Path) -> Path:
    """A temporary zip in ``where`` of scenario.yaml and ``media`` (paths relative to ``folder``), both at
    its top level, so it replays wherever it is unzipped."""
    fd, name = tempfile.mkstemp(prefix=".recording-", suffix=".zip.tmp", dir=where)
    os.close(fd)
    try:
        with zipfile.ZipFile(name, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.write(folder / YAML_NAME, YAML_NAME)
            for rel in media:
                zf.write(folder / rel, rel.as_posix())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)
