"""One turn's input and result, typed; ``TurnResult.to_dict()`` is the JSON edge (``cockpit-sim say --json``,
scenario reports, the failure store, the UI), whose shape stays fixed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple

from multimodal.protocols import AudioInput, Control, ImageInput, ParseResult, ScreenInfo
from simulator.events import CockpitEvent, StageTimings
from vehicle_state.apply import Outcome
from vehicle_state.commands import Command
from vehicle_state.signals import SEATS

RENDERED = "rendered"  # TurnInput.screen value meaning "the simulator's own screen"
TURN_LANGS = ("zh", "en")


@dataclass(frozen=True)
class TurnInput:
    text: str | None = None
    audio: AudioInput | None = None
    screen: ImageInput | None = None  # an image, or RENDERED for the simulator's own screen
    lang: str | None = None  # zh | en; None = detect
    zone: str | None = None  # the speaker's seat for this turn; None = the dialogue's
    speak: bool = True
    # Commands already chosen (a clicked Accept / Decline): the command model is not asked.
    commands: tuple[Command, ...] | None = None

    def problem(self) -> "TurnError | None":
        """Why this input cannot be a turn (an unknown language or seat), checked before anything changes:
        found later, the apply stage would fail halfway, after some commands had already moved the car."""
        if self.lang not in (None, "", *TURN_LANGS):
            return TurnError("lang-unsupported", f"the language must be one of {', '.join(TURN_LANGS)} (or none to "
                                                 f"detect it), got {self.lang!r}")
        if self.zone not in (None, "", *SEATS):
            return TurnError("zone-unknown", f"the speaker's seat must be one of {', '.join(SEATS)} (or none for "
                                             f"the current one), got {self.zone!r}")
        return None


@dataclass(frozen=True)
class TurnError:
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class ScreenUse:
    """The screen a turn looked at: read (``info``) or ignored after an error; ``target`` is a tapped control."""

    source: str  # "rendered" (the simulator's own) | "upload"
    info: ScreenInfo | None = None
    error: TurnError | None = None
    target: Control | None = None

    @property
    def own(self) -> bool:
        return self.source == RENDERED

    def to_dict(self) -> dict[str, Any]:
        if self.info is None:
            return {"source": self.source, "error": self.error.to_dict() if self.error else None}
        out: dict[str, Any] = {"source": self.source, "width": self.info.width, "height": self.info.height,
                               "labels": list(self.info.labels), "own": self.own}
        if self.target is not None:
            out["target"] = self.target_dict()
        return out

    def target_dict(self) -> dict[str, Any] | None:
        c = self.target
        if c is None:
            return None
        return {"label": c.label, "bbox": list(c.box), "control_id": c.id, "center": list(c.center)}


@dataclass(frozen=True)
class SuggestionAnswer:
    suggestion_id: str
    rule: str
    accepted: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class SignalChange(NamedTuple):
    old: Any
    new: Any


@dataclass
class TurnResult:
    turn_id: str
    sim_time_s: float
    transcript: str | None = None
    lang: str = "zh"
    commands: list[Command] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    reply: str = ""
    changes: dict[str, SignalChange] = field(default_factory=dict)
    timings_ms: StageTimings = field(default_factory=dict)
    error: TurnError | None = None
    screen: ScreenUse | None = None
    suggestion: SuggestionAnswer | None = None  # the suggestion this turn accepted/declined
    parse: ParseResult | None = None
    # What the command backend was told of the dialogue (previous commands, a pending question): a failure
    # record keeps it so that a follow-up is retrained as a follow-up.
    dialogue: dict[str, Any] = field(default_factory=dict)
    audio_reply_path: str | None = None
    events: list[CockpitEvent] = field(default_factory=list)
    state_before: dict[str, Any] = field(default_factory=dict)  # flat signal values (VehicleState.to_flat)
    state_after: dict[str, Any] = field(default_factory=dict)

    def summary_dict(self) -> dict[str, Any]:
        """The fields the ``turn-end`` event carries (and ``to_dict`` starts from)."""
        parse = self.parse
        return {
            "transcript": self.transcript, "lang": self.lang, "commands": [c.to_dict() for c in self.commands],
            "outcomes": [o.to_dict() for o in self.outcomes], "reply": self.reply,
            "changes": {k: {"old": c.old, "new": c.new} for k, c in self.changes.items()},
            "timings_ms": {str(stage): ms for stage, ms in self.timings_ms.items()},
            "error": self.error.to_dict() if self.error else None,
            "screen": self.screen.to_dict() if self.screen else None,
            "suggestion": self.suggestion.to_dict() if self.suggestion else None,
            "dialogue": dict(self.dialogue),
            "parse": None if parse is None else {"backend": parse.backend, "raw_output": parse.raw_output,
                                                 "fallback": parse.fallback, "fallback_reason": parse.fallback_reason},
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON record of the turn (without the state snapshots, which have their own places)."""
        return {"turn_id": self.turn_id, "sim_time_s": self.sim_time_s, **self.summary_dict(),
                "audio_reply_path": self.audio_reply_path, "events": [e.to_dict() for e in self.events]}
