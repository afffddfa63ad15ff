"""The failure store: every wrong turn, with everything needed to retrain on it.

SQLite in WAL mode under the user data dir (``COCKPIT_SIM_HOME`` overrides), media files beside it.
Writes are atomic: media go to temp files renamed into place (content-addressed), then one SQLite
transaction inserts the record. A crash or kill never leaves half a record: at worst an orphan
media file, which ``vacuum_media()`` removes.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from multimodal.cache import atomic_write_bytes
from multimodal.paths import data_home
from vehicle_state.commands import CommandValidationError, validate_commands

SOURCES = ("ui-feedback", "scenario-step", "eval-mismatch")
STATUSES = ("new", "accepted", "rejected")
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS failures (
    id TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new',
    lang TEXT,
    text TEXT,
    transcript TEXT,
    audio_file TEXT,
    screenshot_file TEXT,
    model_output TEXT NOT NULL,
    corrected_commands TEXT,
    expected_source TEXT,
    state TEXT NOT NULL,
    context TEXT NOT NULL,
    model_id TEXT,
    model_version TEXT,
    note TEXT,
    fingerprint TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS failures_status ON failures(status);
CREATE INDEX IF NOT EXISTS failures_source ON failures(source);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


class FailureStoreError(ValueError):
    pass


@dataclass
class FailureCase:
    """What a source hands in. Media may be bytes or a file path (copied into the store)."""

    source: str
    text: str | None = None  # what was typed, or the transcript of what was said
    lang: str | None = None
    transcript: str | None = None
    audio: bytes | str | Path | None = None
    screenshot: bytes | str | Path | None = None  # PNG/JPEG bytes or a path
    model_output: Mapping[str, Any] = field(default_factory=dict)  # {"commands": [...], "raw_output", "backend"}
    corrected_commands: list[Mapping[str, Any]] | None = None
    state: Mapping[str, Any] = field(default_factory=dict)  # vehicle-state snapshot (flat dict)
    context: Mapping[str, Any] = field(default_factory=dict)  # speaker zone, screen labels, scenario/step, turn id
    model_id: str | None = None
    model_version: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class FailureRecord:
    id: str
    created_at: float
    updated_at: float
    source: str
    status: str
    lang: str | None
    text: str | None
    transcript: str | None
    audio_path: str | None
    screenshot_path: str | None
    model_output: dict[str, Any]
    corrected_commands: list[dict[str, Any]] | None
    state: dict[str, Any]
    context: dict[str, Any]
    model_id: str | None
    model_version: str | None
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _checked_commands(commands: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    try:
        return [c.to_dict() for c in validate_commands(list(commands))]
    except CommandValidationError as err:
        raise FailureStoreError(f"corrected commands do not follow the contract: {err}") from None


class FailureStore:
    """Thread-safe; each call opens its own short transaction."""

    def __init__(self, home: str | Path | None = None):
        self.home = Path(home) if home else data_home("failures")
        self.home.mkdir(parents=True, exist_ok=True)
        self.media_dir = self.home / "media"
        self.media_dir.mkdir(exist_ok=True)
        self.db_path = self.home / "failures.sqlite3"
        self._lock = threading.Lock()
        with self._connect() as db:
            db.executescript(_SCHEMA)
            db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.db_path, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.row_factory = sqlite3.Row
        return db

    # ------------------------------------------------------------------ writing
    def _store_media(self, media: bytes | str | Path | None, kind: str) -> str | None:
        if media is None:
            return None
        if isinstance(media, (str, Path)):
            path = Path(media)
            if not path.is_file():
                raise FailureStoreError(f"{kind} file not found: {path}")
            data, suffix = path.read_bytes(), path.suffix.lower() or ".bin"
        else:
            data = bytes(media)
            suffix = _sniff_suffix(data)
        if not data:
            return None
        name = f"{kind}-{hashlib.sha256(data).hexdigest()[:24]}{suffix}"
        target = self.media_dir / name
        if not target.exists():
            atomic_write_bytes(target, data)
        return name

    def add(self, case: FailureCase) -> str:
        """Store one failure; returns its id. Everything is checked before anything is written."""
        if case.source not in SOURCES:
            raise FailureStoreError(f"source must be one of {', '.join(SOURCES)}, got {case.source!r}")
        corrected = None if case.corrected_commands is None else _checked_commands(case.corrected_commands)
        try:
            payload = {k: json.dumps(v, ensure_ascii=False, default=str) for k, v in (
                ("model_output", dict(case.model_output)), ("state", dict(case.state)),
                ("context", dict(case.context)))}
        except (TypeError, ValueError) as err:
            raise FailureStoreError(f"failure data is not serialisable: {err}") from None
        audio_file = self._store_media(case.audio, "audio")
        screenshot_file = self._store_media(case.screenshot, "screen")
        now = time.time()
        fid = f"f-{time.strftime('%Y%m%d', time.gmtime(now))}-{uuid.uuid4().hex[:10]}"
        fingerprint = hashlib.sha256(json.dumps(
            [case.text or case.transcript, case.lang, corrected, case.context.get("screen_labels")],
            ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()[:32]
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT INTO failures (id, created_at, updated_at, source, status, lang, text, transcript, audio_file,"
                " screenshot_file, model_output, corrected_commands, expected_source, state, context, model_id,"
                " model_version, note, fingerprint) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (fid, now, now, case.source, "new", case.lang, case.text, case.transcript, audio_file,
                 screenshot_file, payload["model_output"], json.dumps(corrected, ensure_ascii=False) if corrected else None,
                 case.source if corrected else None, payload["state"], payload["context"], case.model_id,
                 case.model_version, case.note, fingerprint))
        return fid

    def review(self, fid: str, status: str, corrected_commands: list[Mapping[str, Any]] | None = None,
               note: str | None = None) -> FailureRecord:
        if status not in STATUSES:
            raise FailureStoreError(f"status must be one of {', '.join(STATUSES)}, got {status!r}")
        corrected_json = None
        if corrected_commands is not None:
            corrected_json = json.dumps(_checked_commands(corrected_commands), ensure_ascii=False)
        if status == "accepted" and corrected_json is None and not self.get(fid).corrected_commands:
            raise FailureStoreError(f"{fid} has no corrected commands; give them before accepting it")
        with self._lock, self._connect() as db:
            sets, args = ["status = ?", "updated_at = ?"], [status, time.time()]
            if corrected_json is not None:
                sets.append("corrected_commands = ?")
                args.append(corrected_json)
            if note is not None:
                sets.append("note = ?")
                args.append(note)
            cur = db.execute(f"UPDATE failures SET {', '.join(sets)} WHERE id = ?", (*args, fid))
            if cur.rowcount == 0:
                raise FailureStoreError(f"no failure with id {fid!r}")
        return self.get(fid)

    # ------------------------------------------------------------------ reading
    def _record(self, row: sqlite3.Row) -> FailureRecord:
        def media(name: str | None) -> str | None:
            return str(self.media_dir / name) if name else None

        return FailureRecord(
            id=row["id"], created_at=row["created_at"], updated_at=row["updated_at"], source=row["source"],
            status=row["status"], lang=row["lang"], text=row["text"], transcript=row["transcript"],
            audio_path=media(row["audio_file"]), screenshot_path=media(row["screenshot_file"]),
            model_output=json.loads(row["model_output"]),
            corrected_commands=json.loads(row["corrected_commands"]) if row["corrected_commands"] else None,
            state=json.loads(row["state"]), context=json.loads(row["context"]), model_id=row["model_id"],
            model_version=row["model_version"], note=row["note"])

    def get(self, fid: str) -> FailureRecord:
        with self._connect() as db:
            row = db.execute("SELECT * FROM failures WHERE id = ?", (fid,)).fetchone()
        if row is None:
            raise FailureStoreError(f"no failure with id {fid!r}")
        return self._record(row)

    def list(self, status: str | None = None, source: str | None = None, limit: int | None = None) -> list[FailureRecord]:
        where, args = [], []
        if status:
            where.append("status = ?")
            args.append(status)
        if source:
            where.append("source = ?")
            args.append(source)
        sql = "SELECT * FROM failures" + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY created_at"
        if limit:
            sql += f" LIMIT {int(limit)}"
        with self._connect() as db:
            return [self._record(r) for r in db.execute(sql, args).fetchall()]

    def count(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM failures").fetchone()[0])

    def vacuum_media(self) -> list[str]:
        """Remove media files no record points to (left by a crash between file and row)."""
        with self._connect() as db:
            used = {r[0] for r in db.execute("SELECT audio_file FROM failures UNION SELECT screenshot_file FROM failures")}
        removed = []
        for path in self.media_dir.iterdir():
            if path.name not in used:
                path.unlink()
                removed.append(path.name)
        return removed


# Leading bytes of the media formats the UI and scenarios hand in, and the file suffix each gets.
_MAGIC_SUFFIXES = (
    (b"\x89PNG\r\n\x1a\n", ".png"), (b"\xff\xd8\xff", ".jpg"), (b"RIFF", ".wav"), (b"\x1aE\xdf\xa3", ".webm"),
    (b"OggS", ".ogg"), (b"fLaC", ".flac"),
)


def _sniff_suffix(data: bytes) -> str:
    return next((suffix for magic, suffix in _MAGIC_SUFFIXES if data.startswith(magic)), ".bin")


def cases_from_turn(turn: Mapping[str, Any], source: str, corrected: Iterable[Mapping[str, Any]] | None,
                    state: Mapping[str, Any], audio: Any = None, screenshot: Any = None,
                    context: Mapping[str, Any] | None = None, model_id: str | None = None,
                    note: str | None = None) -> FailureCase:
    """Build a FailureCase from a pipeline TurnResult dict (or turn-end event data)."""
    parse = turn.get("parse") or {}
    return FailureCase(
        source=source, text=turn.get("transcript"), lang=turn.get("lang"), transcript=turn.get("transcript"),
        audio=audio, screenshot=screenshot,
        model_output={"commands": turn.get("commands", []), "raw_output": parse.get("raw_output"),
                      "backend": parse.get("backend"), "fallback": parse.get("fallback"),
                      "reply": turn.get("reply"), "error": turn.get("error")},
        corrected_commands=list(corrected) if corrected is not None else None, state=dict(state),
        context={"turn_id": turn.get("turn_id"), "sim_time_s": turn.get("sim_time_s"),
                 "screen_labels": (turn.get("screen") or {}).get("labels"), **dict(turn.get("dialogue") or {}),
                 **dict(context or {})},
        model_id=model_id or parse.get("backend"), note=note)
