"""Stages as events: one record type on one bus; the UI, scenarios, failure store and
benchmarks subscribe instead of re-measuring (idea from home-assistant's assist pipeline)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Callable, Iterable


class Stage(StrEnum):
    """A timed step of a turn; it publishes ``<stage>-start`` and ``<stage>-end`` (in this order of a turn)."""

    ASR = "asr"
    SCREEN = "screen"
    COMMAND = "command"
    APPLY = "apply"
    TTS = "tts"

    @property
    def start_event(self) -> str:
        return f"{self.value}-start"

    @property
    def end_event(self) -> str:
        return f"{self.value}-end"


StageTimings = dict[Stage, float]  # duration_ms of each stage that ran


@dataclass(frozen=True)
class CockpitEvent:
    type: str  # asr-start, asr-end, screen-*, command-*, apply-*, tts-*, suggestion, error, turn-end, world:<x>
    turn_id: str | None
    sim_time_s: float
    wall_time: float
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "turn_id": self.turn_id, "sim_time_s": round(self.sim_time_s, 3),
                "wall_time": round(self.wall_time, 6), **self.data}


Listener = Callable[[CockpitEvent], None]


class EventBus:
    """Synchronous publish/subscribe. A failing subscriber never breaks a turn."""

    def __init__(self) -> None:
        self._listeners: list[tuple[Listener, frozenset[str] | None]] = []
        self._lock = threading.Lock()
        self.listener_errors: list[str] = []

    def subscribe(self, listener: Listener, types: Iterable[str] | None = None) -> Callable[[], None]:
        entry = (listener, frozenset(types) if types else None)
        with self._lock:
            self._listeners.append(entry)

        def unsubscribe() -> None:
            with self._lock:
                if entry in self._listeners:
                    self._listeners.remove(entry)
        return unsubscribe

    def publish(self, event: CockpitEvent) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener, types in listeners:
            if types is None or event.type in types:
                try:
                    listener(event)
                except Exception as err:  # noqa: BLE001 - a subscriber's bug must not end a turn
                    self.listener_errors.append(f"{getattr(listener, '__name__', listener)}: {err!r}")


class EventLog:
    """A subscriber that keeps every event (optionally only recent ones)."""

    def __init__(self, bus: EventBus, max_events: int | None = None):
        self.events: list[CockpitEvent] = []
        self.max_events = max_events
        self._lock = threading.Lock()
        bus.subscribe(self._add)

    def _add(self, event: CockpitEvent) -> None:
        with self._lock:
            self.events.append(event)
            if self.max_events and len(self.events) > self.max_events:
                del self.events[: len(self.events) - self.max_events]

    def for_turn(self, turn_id: str) -> list[CockpitEvent]:
        with self._lock:
            return [e for e in self.events if e.turn_id == turn_id]

    def of_type(self, *types: str) -> list[CockpitEvent]:
        with self._lock:
            return [e for e in self.events if e.type in types]


def stage_timings(events: Iterable[CockpitEvent]) -> StageTimings:
    """Per-stage duration_ms from the ``<stage>-end`` events of one turn."""
    ends = {stage.end_event: stage for stage in Stage}
    return {ends[e.type]: e.data["duration_ms"] for e in events if e.type in ends and "duration_ms" in e.data}


def wall_clock() -> float:
    return time.time()
