"""Per-browser cockpit sessions for the UI, and the ticker that moves their worlds in real time.

A SimPy environment holds generators and cannot be deep-copied, so sessions live here in a dict keyed by
Gradio's ``session_hash`` rather than in ``gr.State``. API clients (gradio_client) get their own
session_hash per Client object, so each client drives its own world across its calls.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

from simulator.pipeline import TurnResult
from simulator.ui.mic_stream import MicStream
from simulator.session import CockpitSession

TIME_FACTORS = (1, 2, 5, 10, 30, 60)
MAX_CATCH_UP_S = 2.0  # wall seconds one tick may make up for after a stall (a long turn, a busy CPU)


@dataclass
class TurnRecord:
    """One turn as the UI keeps it: the pipeline's result plus the inputs needed to file it as a failure."""

    turn: TurnResult
    audio_path: str | None = None
    screenshot_path: str | None = None
    zone: str = "driver"

    @cached_property
    def result(self) -> dict[str, Any]:
        """The turn as JSON-ready data: what the page, the API and the failure store take."""
        return self.turn.to_dict()

    @property
    def state_before(self) -> dict[str, Any]:
        return self.turn.state_before

    @property
    def turn_id(self) -> str:
        return self.turn.turn_id


@dataclass
class UiSession:
    key: str
    session: CockpitSession
    seed: int = 0
    running: bool = True
    time_factor: float = 1.0
    last_seen: float = field(default_factory=time.monotonic)
    turns: list[TurnRecord] = field(default_factory=list)
    chat: list[dict[str, Any]] = field(default_factory=list)
    chat_turn_ids: dict[int, str] = field(default_factory=dict)  # chat message index -> turn id
    screenshot_path: str | None = None
    shown_screen: Any = None  # what the timer last drew, so an unchanged screen is not re-sent
    mic: MicStream = field(default_factory=MicStream)  # the live microphone's utterance in progress

    def turn(self, turn_id: str | None) -> TurnRecord | None:
        if not self.turns:
            return None
        if turn_id is None:
            return self.turns[-1]
        return next((t for t in self.turns if t.turn_id == turn_id), None)


SessionFactory = Callable[..., CockpitSession]  # (seed, lang, speed_profile, overrides) -> session


class SessionManager:
    """Creates sessions on first sight, advances running worlds, forgets idle ones."""

    def __init__(self, factory: SessionFactory, lang: str = "zh", speed_profile: str = "parked",
                 idle_timeout_s: float = 3600.0, max_sessions: int = 50, tick_s: float = 0.25):
        self.factory = factory
        self.lang = lang
        self.speed_profile = speed_profile
        self.idle_timeout_s = idle_timeout_s
        self.max_sessions = max_sessions
        self.tick_s = tick_s
        self._sessions: dict[str, UiSession] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lookup
    def get(self, key: str | None) -> UiSession:
        key = key or "api"
        with self._lock:
            ui = self._sessions.get(key)
            if ui is None:
                self._evict_locked()
                ui = UiSession(key, self.factory(0, self.lang, self.speed_profile, {}))
                self._sessions[key] = ui
            ui.last_seen = time.monotonic()
            return ui

    def reset(self, key: str | None, seed: int, speed_profile: str | None = None,
              overrides: dict[str, Any] | None = None) -> UiSession:
        """A fresh world with ``seed``; the session keeps its run/pause setting and time factor."""
        key = key or "api"
        old = self.get(key)
        new = UiSession(key, self.factory(seed, self.lang, speed_profile or self.speed_profile, overrides or {}),
                        seed=seed,
                        running=old.running, time_factor=old.time_factor)
        with self._lock:
            self._sessions[key] = new
        return new

    def keys(self) -> list[str]:
        with self._lock:
            return list(self._sessions)

    def drop(self, key: str) -> None:
        with self._lock:
            self._sessions.pop(key, None)

    def _evict_locked(self) -> None:
        now = time.monotonic()
        for key, ui in list(self._sessions.items()):
            if now - ui.last_seen > self.idle_timeout_s:
                del self._sessions[key]
        while len(self._sessions) >= self.max_sessions:
            oldest = min(self._sessions.values(), key=lambda u: u.last_seen)
            del self._sessions[oldest.key]

    def cleanup(self) -> int:
        """Forget sessions idle longer than the timeout; returns how many are left."""
        with self._lock:
            self._evict_locked()
            return len(self._sessions)

    # ------------------------------------------------------------------ real time
    def tick(self, wall_dt_s: float) -> None:
        """Advance every running world by ``wall_dt_s`` times its time factor."""
        with self._lock:
            sessions = [u for u in self._sessions.values() if u.running]
        dt = min(wall_dt_s, MAX_CATCH_UP_S)
        for ui in sessions:
            # A turn in progress holds the lock: the world waits for it (a turn takes no simulated time).
            if ui.session.lock.acquire(blocking=False):
                try:
                    # A question waiting for an answer lapses after a simulated timeout: at 60x that would
                    # be two real seconds, so the world runs at most in real time until it is answered.
                    factor = ui.time_factor if ui.session.pending_suggestion is None else min(ui.time_factor, 1.0)
                    ui.session.world.run(dt * factor)
                finally:
                    ui.session.lock.release()

    def start_ticker(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run_ticker, name="cockpit-world-ticker", daemon=True)
            self._thread.start()

    def stop_ticker(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2.0)

    def _run_ticker(self) -> None:
        last = time.monotonic()
        last_cleanup = last
        while not self._stop.wait(self.tick_s):
            now = time.monotonic()
            self.tick(now - last)
            last = now
            if now - last_cleanup > 60.0:
                self.cleanup()
                last_cleanup = now
