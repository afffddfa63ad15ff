"""Sign-offs: a reviewer accepts or rejects a scenario for the command model it was run with.

A sign-off names the scenario by the hash of its content (``scenario_sha256``) and the command
model by the hash of what the run loads (``adapter_identity``), so a later run can say what changed
since it was signed (``status``). Stored in SQLite (WAL) under the user data dir
(``COCKPIT_SIM_HOME`` overrides); each sign-off is one transaction, and a ``schema_version`` table
lets later versions migrate the file in place. Reading a store that was never written creates nothing.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import inspect
import json
import re
import sqlite3
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from multimodal.paths import sha256_file
from scenarios.model import Scenario

if TYPE_CHECKING:
    from multimodal.registry import BackendPlan

DECISIONS = ("accepted", "rejected")
VERDICTS = ("pass", "fail")
DB_NAME = "signoffs.sqlite3"
MAX_REVIEWER_CHARS = 100
MAX_NOTE_CHARS = 2000
SHORT_SHA = 12  # hex digits shown to people; the store keeps all 64
SCENARIO_HASH_FORMAT = 1  # bump when the canonical form changes (every stored scenario hash then differs)
# The files of a LoRA adapter folder that decide what the model does (peft loads exactly these).
ADAPTER_FILES = ("adapter_config.json", "adapter_model.safetensors", "adapter_model.bin")
# sft options that change speed only, not what the model answers.
_SFT_SPEED_ONLY = ("threads",)
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")

# Migration i takes the file from schema version i to i + 1; append, never edit, a published step.
_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE signoffs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        scenario_id TEXT NOT NULL,
        scenario_file TEXT NOT NULL,
        scenario_sha256 TEXT NOT NULL,
        adapter_label TEXT NOT NULL,
        adapter_sha256 TEXT NOT NULL,
        verdict TEXT NOT NULL,
        decision TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        note TEXT NOT NULL,
        signed_at TEXT NOT NULL
    );
    CREATE INDEX signoffs_by_scenario ON signoffs(scenario_id, id);
    """,
)
SCHEMA_VERSION = len(_MIGRATIONS)


# ---------------------------------------------------------------------------------- records
@dataclass(frozen=True)
class AdapterIdentity:
    """Which command model a run uses: a label for people and a hash that changes when the model does."""

    label: str
    sha256: str

    @property
    def short(self) -> str:
        return f"{self.label} ({self.sha256[:SHORT_SHA]})"


@dataclass(frozen=True)
class Signoff:
    scenario_id: str
    scenario_file: str
    scenario_sha256: str
    adapter: AdapterIdentity
    verdict: str  # "pass" | "fail": the run the reviewer looked at
    decision: str  # "accepted" | "rejected"
    reviewer: str
    note: str = ""
    signed_at: str = ""  # UTC ISO-8601, set by the store
    id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Signoff:
        d = dict(d)
        d["adapter"] = AdapterIdentity(**d["adapter"])
        return cls(**d)


@dataclass(frozen=True)
class SignoffStatus:
    """A scenario's latest sign-off and how the run at hand differs from the one that was signed."""

    signoff: Signoff | None
    changes: tuple[str, ...]  # one line per difference; empty when unsigned or nothing changed

    @property
    def current(self) -> bool:
        """Signed, and scenario, adapter and verdict are all as they were."""
        return self.signoff is not None and not self.changes

    def to_dict(self) -> dict[str, Any]:
        return {"signoff": self.signoff.to_dict() if self.signoff else None, "changes": list(self.changes),
                "current": self.current}


def status(signoff: Signoff | None, scenario_sha256: str, adapter: AdapterIdentity, verdict: str) -> SignoffStatus:
    """Compare the run at hand (its scenario hash, adapter and verdict) with ``signoff``."""
    if verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}, got {verdict!r}")
    if signoff is None:
        return SignoffStatus(None, ())
    changes = []
    if signoff.scenario_sha256 != scenario_sha256:
        changes.append(f"scenario changed since sign-off (content sha256 {signoff.scenario_sha256[:SHORT_SHA]} → "
                       f"{scenario_sha256[:SHORT_SHA]})")
    if signoff.adapter.sha256 != adapter.sha256:
        changes.append(f"adapter changed: {signoff.adapter.short} → {adapter.short}")
    if signoff.verdict != verdict:
        changes.append(f"verdict changed: {signoff.verdict} → {verdict}")
    return SignoffStatus(signoff, tuple(changes))


# ---------------------------------------------------------------------------------- validation
def _check(s: Signoff) -> Signoff:
    """The sign-off as it will be stored (text trimmed), or ValueError naming the first problem."""
    if s.id is not None:
        raise ValueError(f"this sign-off is already stored (id {s.id}); make a new Signoff to sign again")
    for name in ("scenario_id", "scenario_file", "reviewer"):
        value = getattr(s, name)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name} must be non-empty text, got {value!r}")
    reviewer, note = s.reviewer.strip(), (s.note or "").strip()
    if len(reviewer) > MAX_REVIEWER_CHARS:
        raise ValueError(f"reviewer name is {len(reviewer)} characters; at most {MAX_REVIEWER_CHARS}")
    if any(ch < " " for ch in reviewer):
        raise ValueError("reviewer name must be one line without control characters")
    if not isinstance(s.note, str) or len(note) > MAX_NOTE_CHARS:
        raise ValueError(f"note must be text of at most {MAX_NOTE_CHARS} characters"
                         + (f", got {len(note)}" if isinstance(s.note, str) else ""))
    if s.decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}, got {s.decision!r}")
    if s.verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}, got {s.verdict!r}")
    for name, sha in (("scenario_sha256", s.scenario_sha256), ("adapter.sha256", s.adapter.sha256)):
        if not isinstance(sha, str) or not _SHA_RE.match(sha):
            raise ValueError(f"{name} must be 64 lower-case hex digits, got {sha!r}")
    if not isinstance(s.adapter.label, str) or not s.adapter.label.strip():
        raise ValueError(f"adapter.label must be non-empty text, got {s.adapter.label!r}")
    return Signoff(s.scenario_id.strip(), s.scenario_file, s.scenario_sha256, s.adapter, s.verdict, s.decision,
                   reviewer, note)


# ---------------------------------------------------------------------------------- the store
_COLUMNS = ("id, scenario_id, scenario_file, scenario_sha256, adapter_label, adapter_sha256, verdict, decision, "
            "reviewer, note, signed_at")


def _row(r: sqlite3.Row) -> Signoff:
    return Signoff(r["scenario_id"], r["scenario_file"], r["scenario_sha256"],
                   AdapterIdentity(r["adapter_label"], r["adapter_sha256"]), r["verdict"], r["decision"],
                   r["reviewer"], r["note"], r["signed_at"], r["id"])


class SignoffStore:
    """Thread- and process-safe: every call opens its own connection and transaction."""

    def __init__(self, path: str | Path | None = None):
        if path is None:
            from multimodal.paths import data_home

            path = data_home() / DB_NAME
        self.path = Path(path)
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.row_factory = sqlite3.Row
            _migrate(db, self.path)
        except BaseException:
            db.close()
            raise
        return db

    def _read(self, sql: str, args: Iterable[Any] = ()) -> list[Signoff]:
        if not self.path.exists():  # never written: nothing to read, and nothing to create
            return []
        db = self._connect()
        try:
            return [_row(r) for r in db.execute(sql, tuple(args))]
        finally:
            db.close()

    def add(self, s: Signoff) -> Signoff:
        """Store a sign-off (checked first: ValueError and nothing written); returns it with id and signed_at."""
        clean = _check(s)
        signed_at = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        with self._lock:
            db = self._connect()
            try:
                db.execute("BEGIN IMMEDIATE")
                cur = db.execute(
                    "INSERT INTO signoffs (scenario_id, scenario_file, scenario_sha256, adapter_label, adapter_sha256,"
                    " verdict, decision, reviewer, note, signed_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (clean.scenario_id, clean.scenario_file, clean.scenario_sha256, clean.adapter.label,
                     clean.adapter.sha256, clean.verdict, clean.decision, clean.reviewer, clean.note, signed_at))
                db.execute("COMMIT")
                new_id = cur.lastrowid
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            finally:
                db.close()
        return Signoff(clean.scenario_id, clean.scenario_file, clean.scenario_sha256, clean.adapter, clean.verdict,
                       clean.decision, clean.reviewer, clean.note, signed_at, new_id)

    def latest(self, scenario_id: str) -> Signoff | None:
        rows = self._read(f"SELECT {_COLUMNS} FROM signoffs WHERE scenario_id = ? ORDER BY id DESC LIMIT 1",
                          (scenario_id,))
        return rows[0] if rows else None

    def history(self, scenario_id: str) -> list[Signoff]:
        """Every sign-off of one scenario, newest first."""
        return self._read(f"SELECT {_COLUMNS} FROM signoffs WHERE scenario_id = ? ORDER BY id DESC", (scenario_id,))

    def latest_all(self) -> dict[str, Signoff]:
        """The latest sign-off of every scenario that has one, by scenario id (sorted)."""
        rows = self._read(f"SELECT {_COLUMNS} FROM signoffs WHERE id IN "
                          "(SELECT MAX(id) FROM signoffs GROUP BY scenario_id) ORDER BY scenario_id")
        return {s.scenario_id: s for s in rows}


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    """Bring the file to SCHEMA_VERSION, one transaction per step; refuse a file from a newer version."""
    db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = db.execute("SELECT version FROM schema_version").fetchone()
    version = row[0] if row else 0
    if version > SCHEMA_VERSION:
        raise RuntimeError(f"{path} has sign-off schema version {version}; this cockpit-sim knows up to "
                           f"{SCHEMA_VERSION} (update cockpit-sim to read it)")
    while version < SCHEMA_VERSION:
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated between our read and the lock: read again under it.
            row = db.execute("SELECT version FROM schema_version").fetchone()
            version = row[0] if row else 0
            if version < SCHEMA_VERSION:
                for statement in _MIGRATIONS[version].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("DELETE FROM schema_version")
                db.execute("INSERT INTO schema_version (version) VALUES (?)", (version + 1,))
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        row = db.execute("SELECT version FROM schema_version").fetchone()
        version = row[0]


# ---------------------------------------------------------------------------------- hashing
def _plain(value: Any) -> Any:
    """JSON-able copy with mappings as dicts and tuples as lists (loader output uses both)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _canonical_sha256(doc: Any) -> str:
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _media(value: Any) -> Any:
    """A media path as the hash of its bytes (where the file lives is not part of the scenario)."""
    from scenarios.loader import RENDERED

    if not isinstance(value, str) or not value or value == RENDERED:
        return value
    path = Path(value)
    return {"sha256": sha256_file(path)} if path.is_file() else {"missing": path.name}


# Step args that name a media file, per step kind (see scenarios.model.Step).
_MEDIA_ARGS = {"say": ("audio", "screen"), "screen": ("image",)}


def scenario_sha256(scenario: Scenario) -> str:
    """Identity of one scenario's content: metadata and each step's kind, time, args and expectations,
    with referenced media replaced by the sha256 of their bytes. Line numbers, notes, the file's
    location and the other scenarios of the same file are not part of it."""
    steps = []
    for step in scenario.steps:
        args = _plain(step.args)
        for key in _MEDIA_ARGS.get(step.kind, ()):
            if key in args:
                args[key] = _media(args[key])
        steps.append({"kind": step.kind, "time_s": step.time_s, "args": args, "expect": _plain(step.expect)})
    doc = {"format": SCENARIO_HASH_FORMAT, "id": scenario.id, "title": scenario.title,
           "description": scenario.description, "tags": list(scenario.tags), "lang": scenario.lang,
           "seed": scenario.seed, "speed_profile": scenario.speed_profile, "zone": scenario.zone,
           "proactive": scenario.proactive, "state": _plain(scenario.state), "steps": steps}
    return _canonical_sha256(doc)


def _shown_path(path: Path) -> str:
    """A path for a label: relative to the repository when inside it, else with ~ for the home folder."""
    from multimodal.paths import REPO_ROOT

    resolved = path.resolve()
    try:
        return resolved.relative_to(REPO_ROOT).as_posix()
    except ValueError:
        home = Path.home()
        return "~/" + resolved.relative_to(home).as_posix() if resolved.is_relative_to(home) else str(resolved)


def _sft_identity(options: Mapping[str, Any]) -> AdapterIdentity:
    """The adapter folder sft would load, hashed over its weight and config files, plus the options
    that change its answers (base, quantize, decoding); no torch, no model loading."""
    from multimodal.command import sft
    from multimodal.paths import promoted_adapter_dir

    try:
        bound = inspect.signature(sft.SftCommandModel.__init__).bind(None, **options)
    except TypeError as err:
        raise ValueError(f"sft backend options: {err}") from None
    bound.apply_defaults()
    settings = {k: v for k, v in bound.arguments.items() if k not in ("self", "adapter", *_SFT_SPEED_ONLY)}
    adapter_dir = sft.resolve_adapter_dir(options.get("adapter"))
    settings["quantize"] = sft.resolve_quantize(settings["quantize"])
    settings["base"] = sft.base_name(adapter_dir, settings["base"])
    files = {name: sha256_file(adapter_dir / name) for name in ADAPTER_FILES if (adapter_dir / name).is_file()}
    notes = []
    if adapter_dir.resolve() == promoted_adapter_dir().resolve():
        notes.append("promoted")
    notes.append(settings["quantize"] or "float32")
    if settings["base"] != "gemma-3-270m":
        notes.append(f"base {settings['base']}")
    if "adapter_config.json" not in files:
        notes.append("no adapter_config.json")
    label = f"sft adapter {_shown_path(adapter_dir)} ({', '.join(notes)})"
    return AdapterIdentity(label, _canonical_sha256({"backend": "sft", "files": files, "settings": _plain(settings)}))


def adapter_identity(plan: BackendPlan) -> AdapterIdentity:
    """Which command model a run with ``plan`` uses. sft: the adapter folder actually loaded (explicit
    ``adapter`` option > promoted > shipped) hashed over its weight and config files; openai: the
    endpoint's model and base URL; rules, fake: the backend name and options."""
    name = plan.name("command")
    options = dict(plan.options("command"))
    if name == "sft":
        return _sft_identity(options)
    if name == "openai":
        from multimodal.command.openai_compat import OpenAICommandModel

        # The class resolves model and URL from options and environment; building it sends nothing.
        model = OpenAICommandModel(**options)
        ident = {"backend": name, "model": model.model, "base_url": model.base_url, "options": _plain(options)}
        return AdapterIdentity(f"openai {model.model} @ {model.base_url}", _canonical_sha256(ident))
    return AdapterIdentity(name, _canonical_sha256({"backend": name, "options": _plain(options)}))


def run_statuses(scenarios: Iterable[Scenario], verdicts: Mapping[str, str], plan: BackendPlan,
                 store: SignoffStore | None = None) -> dict[str, SignoffStatus] | None:
    """The status of every scenario in ``verdicts`` (id -> "pass"/"fail") that has a sign-off, by id;
    None when the store holds no sign-off at all (a report then has no sign-off section)."""
    signed = (store or SignoffStore()).latest_all()
    if not signed:
        return None
    wanted = [s for s in scenarios if s.id in signed and s.id in verdicts]
    if not wanted:
        return {}
    adapter = adapter_identity(plan)
    return {s.id: status(signed[s.id], scenario_sha256(s), adapter, verdicts[s.id]) for s in wanted}
