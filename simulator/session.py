"""A cockpit session: one world, its event bus, dialogue, proactive rules and the turn pipeline.

The CLI, the scenario runner and each browser session of the UI all drive a CockpitSession.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Mapping

from multimodal.registry import BackendPlan
from multimodal.text.lexicon import answer_word
from simulator.dialogue import DialogueContext
from simulator.events import CockpitEvent, EventBus, EventLog, wall_clock
from simulator.hmi.own_screen import render_own_screen
from simulator.pipeline import Backends, TurnInput, TurnPipeline, TurnResult
from simulator.proactive import ProactiveEngine, attach_proactive
from simulator.world import make_world
from vehicle_state.commands import Command


@dataclass(frozen=True)
class SessionConfig:
    seed: int = 0
    lang: str = "zh"
    speaker_zone: str = "driver"
    speed_profile: str = "parked"
    overrides: Mapping[str, Any] = field(default_factory=dict)
    realtime_factor: float | None = None
    proactive: bool = True
    # Every role on, each the registry default; tts=None turns speech output off.
    backends: BackendPlan = BackendPlan()
    # True: when the command model cannot load, the rules backend answers and every turn says why
    # (simulator.models.RulesStandIn); False: the session does not start.
    command_fallback: bool = False


class CockpitSession:
    def __init__(self, config: SessionConfig | None = None, backends: Backends | None = None):
        self.config = config or SessionConfig()
        c = self.config
        self.world = make_world(seed=c.seed, overrides=dict(c.overrides), speed_profile=c.speed_profile,
                                realtime_factor=c.realtime_factor)
        self.bus = EventBus()
        self.log = EventLog(self.bus, max_events=20000)
        self.dialogue = DialogueContext(speaker_zone=c.speaker_zone)
        self.engine = ProactiveEngine() if c.proactive else None
        self.backends = backends or self._load_backends()
        self.pipeline = TurnPipeline(self.world, self.bus, self.backends, self.dialogue, self.engine, lang=c.lang)
        self.lock = threading.RLock()
        self.world.subscribe(self._world_event)
        if self.engine is not None:
            attach_proactive(self.world, self.pipeline.offer, self.engine)

    def _load_backends(self) -> Backends:
        from simulator.models import command_or_rules, get_backend

        plan = self.config.backends
        name, options = plan.name("command"), dict(plan.options("command"))
        command = (command_or_rules(name, options) if self.config.command_fallback
                   else get_backend("command", name, **options))
        lazy = {role: _lazy(role, plan.name(role), plan.options(role)) if plan.name(role) else None
                for role in ("asr", "screen", "tts")}
        return Backends(command=command, render=render_own_screen, **lazy)

    def _world_event(self, event) -> None:
        self.bus.publish(CockpitEvent(f"world:{event.type}", None, event.sim_time_s, wall_clock(), dict(event.data)))

    # ---------------------------------------------------------------- driving the session
    def say(self, text: str, lang: str | None = None, zone: str | None = None, screen: Any = None,
            speak: bool = False) -> TurnResult:
        with self.lock:
            return self.pipeline.run(TurnInput(text=text, lang=lang, zone=zone, screen=screen, speak=speak))

    def listen(self, audio: Any, lang: str | None = None, zone: str | None = None, screen: Any = None,
               speak: bool = False) -> TurnResult:
        with self.lock:
            return self.pipeline.run(TurnInput(audio=audio, lang=lang, zone=zone, screen=screen, speak=speak))

    def respond(self, accept: bool, lang: str | None = None, speak: bool = False) -> TurnResult:
        """A click on Accept / Decline: the same turn as saying yes / no, with the answer already known."""
        lang = lang or self.config.lang
        command = Command("dialog.confirm" if accept else "dialog.reject", {})
        with self.lock:
            return self.pipeline.run(TurnInput(text=answer_word(accept, lang), lang=lang, speak=speak,
                                               commands=(command,)))

    def advance(self, seconds: float) -> None:
        with self.lock:
            self.world.run(seconds)

    def inject(self, event: str) -> None:
        with self.lock:
            self.world.inject(event)

    def set_speed_profile(self, profile: str) -> None:
        """The drive cycle from now on; raises ValueError for an unknown profile."""
        with self.lock:
            self.world.set_speed_profile(profile)

    def set(self, values: Mapping[str, Any]) -> dict:
        with self.lock:
            return self.world.set_signals(values)

    def state(self) -> dict[str, Any]:
        return self.world.snapshot()

    @property
    def pending_suggestion(self):
        return self.engine.pending if self.engine else None


class _lazy:
    """A backend proxy that loads the shared instance on first use (so typed text never waits for ASR)."""

    def __init__(self, kind: str, name: str, options: Mapping[str, Any]):
        self.kind, self.name, self.options = kind, name, options

    def _get(self):
        from simulator.models import get_backend

        return get_backend(self.kind, self.name, **self.options)

    def __getattr__(self, attr):
        return getattr(self._get(), attr)
