"""The UI's models: loaded once, in a background thread, shared by every browser session.

Typed text never waits for a model: until the preferred command model has loaded (or if it fails),
the fast ``rules`` backend answers, and each turn says which one did. Speech recognition, screen
reading and speech synthesis load after the command model; a turn that needs one still loading waits
for it (the model panel shows why).
"""

from __future__ import annotations

import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, Mapping

from multimodal.protocols import CommandContext, InputError, ParseResult
from multimodal.registry import ROLES, BackendPlan, backend_class
from simulator.models import RULES

FALLBACK_COMMAND = RULES
LOAD_ORDER = ("tts", "screen", "asr", "command")

# What a person waits for, measured on the 2-core reference machine (docs/ui.md): shown beside a
# loading model so a 90-second load does not look like a hang.
TYPICAL_LOAD = {("command", "sft"): "6–100 s", ("asr", "faster-whisper"): "2–10 s", ("screen", "ocr"): "1–3 s",
                ("screen", "qwen2-vl"): "30–120 s", ("tts", "pyttsx3"): "<1 s"}


@dataclass
class LoadStatus:
    role: str
    name: str
    state: str = "waiting"  # waiting | loading | loaded | failed | unavailable
    started_at: float | None = None
    finished_at: float | None = None
    detail: str = ""

    @property
    def elapsed_s(self) -> float:
        if self.started_at is None:
            return 0.0
        return (self.finished_at or time.monotonic()) - self.started_at

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "name": self.name, "state": self.state, "elapsed_s": round(self.elapsed_s, 1),
                "detail": self.detail, "typical": TYPICAL_LOAD.get((self.role, self.name), "")}


class ModelManager:
    """Loads the plan's backends through simulator.models (one shared instance per process)."""

    def __init__(self, plan: BackendPlan):
        self.plan = plan
        self._lock = threading.Lock()
        self._status: dict[str, LoadStatus] = {}
        for role in ROLES:
            name = plan.name(role)
            if name:
                self._status[role] = LoadStatus(role, name)
        self._thread: threading.Thread | None = None
        self._infer_locks = {role: threading.Lock() for role in ROLES}

    # ------------------------------------------------------------------ loading
    def start(self) -> None:
        """Begin loading in a daemon thread; returns at once."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._load_all, name="cockpit-model-loader", daemon=True)
            self._thread.start()

    def wait(self, timeout_s: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _load_all(self) -> None:
        # The fallback first: it is what typed text uses while the rest loads.
        if self.plan.name("command") != FALLBACK_COMMAND:
            self._try_get("command", FALLBACK_COMMAND, {})
        # The quick loads first, so voice and screenshots work within seconds; the command model
        # (up to ~100 s) last, as rules answer meanwhile.
        for role in LOAD_ORDER:
            if role in self._status:
                self._load(role)

    def _load(self, role: str) -> None:
        st = self._status[role]
        try:
            info = backend_class(role, st.name).describe()
        except Exception as err:  # noqa: BLE001 - an unknown or broken backend is shown, not raised
            self._set(role, state="unavailable", detail=f"{type(err).__name__}: {err}")
            return
        if not info.available:
            self._set(role, state="unavailable", detail=info.detail)
            return
        self._set(role, state="loading", started_at=time.monotonic())
        error = self._try_get(role, st.name, self.plan.options(role))
        if error:
            self._set(role, state="failed", finished_at=time.monotonic(), detail=error)
        else:
            self._set(role, state="loaded", finished_at=time.monotonic(), detail=info.detail)

    def _try_get(self, role: str, name: str, options: Mapping[str, Any]) -> str | None:
        from simulator.models import get_backend

        try:
            get_backend(role, name, **dict(options))
        except Exception as err:  # noqa: BLE001 - get_backend already phrased it
            return str(err)
        return None

    def _set(self, role: str, **values: Any) -> None:
        with self._lock:
            for k, v in values.items():
                setattr(self._status[role], k, v)

    # ------------------------------------------------------------------ reading
    def status(self) -> list[dict[str, Any]]:
        with self._lock:
            return [self._status[r].to_dict() for r in ROLES if r in self._status]

    def state_of(self, role: str) -> str:
        with self._lock:
            st = self._status.get(role)
            return st.state if st else "off"

    def backend(self, role: str) -> Any:
        """The loaded instance for a role (waits if it is loading); raises RuntimeError if it cannot load."""
        from simulator.models import get_backend

        name = self.plan.name(role)
        if not name:
            raise RuntimeError(f"no {role} backend is configured")
        st = self._status.get(role)
        if st and st.state == "unavailable":
            raise RuntimeError(f"{role} backend {name!r} is not available here: {st.detail}")
        return get_backend(role, name, **self.plan.options(role))

    def command_model(self) -> tuple[Any, str]:
        """(model, name): the preferred command model once loaded, else the rules fallback."""
        from simulator.models import get_backend

        if self.state_of("command") == "loaded":
            return self.backend("command"), self.plan.name("command")
        return get_backend("command", FALLBACK_COMMAND), FALLBACK_COMMAND

    def fallback_reason(self) -> str | None:
        """Why the rules backend answers in place of the preferred command model, or None when it does not."""
        with self._lock:
            st = self._status.get("command")
            if st is None or st.name == FALLBACK_COMMAND or st.state == "loaded":
                return None
            if st.state == "failed":
                return st.detail  # get_backend's "command backend 'sft' could not load: <why>"
            if st.state == "unavailable":
                return f"{st.name} is not available here: {st.detail}"
            typical = TYPICAL_LOAD.get(("command", st.name))
            return f"{st.name} is still loading ({st.elapsed_s:.0f} s" + (f"; typically {typical})" if typical else ")")

    def infer_lock(self, role: str) -> threading.Lock:
        return self._infer_locks[role]


class SwitchingCommandModel:
    """A CommandModel that answers with whichever command model is ready now."""

    def __init__(self, models: ModelManager):
        self.models = models

    def _pick(self) -> tuple[Any, str]:
        return self.models.command_model()

    def parse_detailed(self, text: str, lang: str | None = None, context: CommandContext | None = None) -> ParseResult:
        model, name = self._pick()
        # One shared model instance serves every session: calls into it are serialised unless it batches
        # concurrent parses itself (the sft backend).
        with (nullcontext() if getattr(model, "concurrent_generate", False) else self.models.infer_lock("command")):
            if hasattr(model, "parse_detailed"):
                result = model.parse_detailed(text, lang=lang, context=context)
            else:
                result = ParseResult(tuple(model.parse(text, lang=lang, context=context)), name)
        reason = self.models.fallback_reason() if name == FALLBACK_COMMAND else None
        if reason:
            from simulator.models import stood_in

            result = stood_in(result, reason)
        elif name not in (result.backend or ""):
            # Keep the model's own label but make sure the registry name is visible in the turn.
            from dataclasses import replace

            result = replace(result, backend=f"{name}:{result.backend}" if result.backend else name)
        return result

    def parse(self, text: str, lang: str | None = None, context: CommandContext | None = None):
        return list(self.parse_detailed(text, lang, context).commands)


class PinnedCommandModel(SwitchingCommandModel):
    """The command model that was ready when a run began, for the whole run: a scenario played in the page
    must not switch from the rules fallback to the real model half-way (its verdict would be neither's)."""

    def __init__(self, models: ModelManager):
        super().__init__(models)
        self.model, self.name = models.command_model()

    def _pick(self) -> tuple[Any, str]:
        return self.model, self.name


class SharedBackend:
    """A proxy for an ASR / screen / TTS backend that resolves the shared instance on each call and
    serialises calls into it (one model, many sessions)."""

    _METHODS = {"asr": "transcribe", "screen": "read", "tts": "synthesize"}

    def __init__(self, models: ModelManager, role: str):
        self.models, self.role = models, role

    def _instance(self) -> Any:
        try:
            return self.models.backend(self.role)
        except RuntimeError as err:
            raise InputError(f"{self.role}-unavailable", str(err)) from None

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_"):
            raise AttributeError(attr)
        method = getattr(self._instance(), attr)
        if attr != self._METHODS.get(self.role):
            return method

        def call(*args: Any, **kwargs: Any) -> Any:
            with self.models.infer_lock(self.role):
                out = method(*args, **kwargs)
            if self.role == "tts" and getattr(out, "path", None) is None and getattr(out, "wav_bytes", None):
                out = _with_file(out)
            return out

        return call


def _with_file(speech: Any) -> Any:
    """The browser plays a file: keep in-memory speech (content-addressed, so a repeat reuses it)."""
    import hashlib
    from dataclasses import replace

    from multimodal.cache import atomic_write_bytes
    from multimodal.paths import cache_dir

    folder = cache_dir("ui-speech")
    path = folder / f"reply-{hashlib.sha256(speech.wav_bytes).hexdigest()[:20]}.wav"
    # Named by its content, so a file of the same name and size is this reply; any other size was cut short.
    if not path.is_file() or path.stat().st_size != len(speech.wav_bytes):
        atomic_write_bytes(path, speech.wav_bytes)
    return replace(speech, path=str(path))
