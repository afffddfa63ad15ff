"""The small Protocols every model backend implements, and the typed records they exchange.

Backends live one per module, grouped by role (``asr/faster_whisper.py``, ``screen/ocr.py``,
``command/sft.py``, ``tts/pyttsx3_speaker.py``…) and are created through ``multimodal.registry``.
Heavy libraries are imported inside the backend, never at module import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, Union, runtime_checkable

from vehicle_state.commands import Command

from multimodal.errors import BackendUnavailable, InputError  # noqa: F401 - the protocols' errors

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in image pixels
AudioInput = Union[str, Path, bytes]  # a file path or the file's bytes (any format ffmpeg reads)
ImageInput = Union[str, Path, bytes, Any]  # a path, bytes, or a PIL.Image.Image


@dataclass(frozen=True)
class BackendInfo:
    """A backend's self-description (rhasspy/wyoming style)."""

    name: str
    kind: str  # asr | tts | screen | command
    languages: tuple[str, ...]
    available: bool
    detail: str = ""  # what it loads, or why it is not available and what to install

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "languages": list(self.languages),
                "available": self.available, "detail": self.detail}


# ----------------------------------------------------------------- ASR
@dataclass(frozen=True)
class Segment:
    start_s: float
    end_s: float
    text: str


@dataclass(frozen=True)
class Transcript:
    text: str
    lang: str  # "zh" | "en" (or another ISO code the backend detected)
    segments: tuple[Segment, ...] = ()
    duration_s: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # stage -> milliseconds

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "lang": self.lang, "duration_s": round(self.duration_s, 3),
                "segments": [{"start_s": s.start_s, "end_s": s.end_s, "text": s.text} for s in self.segments],
                "timings": {k: round(v, 1) for k, v in self.timings.items()}}


@runtime_checkable
class Transcriber(Protocol):
    def transcribe(self, audio: AudioInput, lang: str | None = None) -> Transcript: ...

    def info(self) -> BackendInfo: ...


# ----------------------------------------------------------------- TTS
@dataclass(frozen=True)
class SpeechAudio:
    wav_bytes: bytes
    sample_rate_hz: int
    path: str | None = None  # cached WAV file, when the backend keeps one
    duration_s: float = 0.0


@runtime_checkable
class Speaker(Protocol):
    def synthesize(self, text: str, lang: str = "zh") -> SpeechAudio: ...

    def info(self) -> BackendInfo: ...


# ----------------------------------------------------------------- screen
@dataclass(frozen=True)
class TextBox:
    text: str
    box: Box
    score: float = 1.0


@dataclass(frozen=True)
class Control:
    """Something on screen a person can press, named by its visible label."""

    label: str
    box: Box
    id: str | None = None  # known for the simulator's own screen, None for a screenshot
    state: str | None = None  # "on" / "off" / "2" … when visible

    @property
    def center(self) -> tuple[float, float]:
        return ((self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2)


@dataclass(frozen=True)
class ScreenWarning:
    text: str
    box: Box
    warning_id: str | None = None  # a key of vehicle_state.warnings.BY_ID when recognised


@dataclass(frozen=True)
class ScreenInfo:
    width: int
    height: int
    texts: tuple[TextBox, ...] = ()
    controls: tuple[Control, ...] = ()
    warnings: tuple[ScreenWarning, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # e.g. "no text found", "downscaled from 3840x2160"

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.controls)

    def to_dict(self) -> dict[str, Any]:
        return {
            "width": self.width, "height": self.height,
            "texts": [{"text": t.text, "box": list(t.box), "score": round(t.score, 3)} for t in self.texts],
            "controls": [{"label": c.label, "box": list(c.box), "id": c.id, "state": c.state} for c in self.controls],
            "warnings": [{"text": w.text, "box": list(w.box), "warning_id": w.warning_id} for w in self.warnings],
            "timings": {k: round(v, 1) for k, v in self.timings.items()},
            "notes": list(self.notes),
        }


@runtime_checkable
class ScreenReader(Protocol):
    def read(self, image: ImageInput) -> ScreenInfo: ...

    def info(self) -> BackendInfo: ...


# ----------------------------------------------------------------- command model
@dataclass(frozen=True)
class CommandContext:
    """What the command model may know beyond the words."""

    speaker_zone: str = "driver"
    previous_text: str | None = None
    previous_commands: tuple[Command, ...] = ()
    screen_labels: tuple[str, ...] = ()
    pending_question: str | None = None  # e.g. a suggestion awaiting yes/no


def context_dict(context: CommandContext) -> dict[str, Any]:
    """The parts of a context a training prompt carries (what a failure record stores), empty ones left out."""
    out: dict[str, Any] = {}
    if context.previous_commands:
        out["previous_commands"] = [c.to_dict() for c in context.previous_commands]
    if context.pending_question:
        out["pending_question"] = context.pending_question
    if context.screen_labels:
        out["screen_labels"] = list(context.screen_labels)
    return out


@dataclass(frozen=True)
class ParseResult:
    """Everything a trace or a failure record needs about one parse."""

    commands: tuple[Command, ...]
    backend: str
    raw_output: str = ""
    fallback: str | None = None  # set when output was malformed and a fallback answered
    timings: dict[str, float] = field(default_factory=dict)
    # Why another backend answered in place of the one asked for (e.g. "sft could not load: ..."); None when
    # the backend asked for answered (its own retries and guard are told by ``fallback``).
    fallback_reason: str | None = None


@runtime_checkable
class CommandModel(Protocol):
    def parse(self, text: str, lang: str | None = None, context: CommandContext | None = None) -> list[Command]: ...

    def parse_detailed(self, text: str, lang: str | None = None,
                       context: CommandContext | None = None) -> ParseResult: ...

    def info(self) -> BackendInfo: ...


def detect_lang(text: str) -> str:
    """zh if the text has any Han ideograph, else en."""
    from multimodal.text.cjk import has_han

    return "zh" if has_han(text) else "en"


MAX_UTTERANCE_CHARS = 500


def check_utterance(text: Any) -> str:
    """Validate a typed or transcribed utterance; return it trimmed or raise InputError."""
    return check_text(text, MAX_UTTERANCE_CHARS, "the utterance", "a spoken command")


def check_text(text: Any, max_chars: int, noun: str, limited: str) -> str:
    """``text`` trimmed, or InputError (text-not-a-string, text-empty, text-too-long) naming ``noun``;
    ``limited`` names what is at most ``max_chars`` long."""
    if not isinstance(text, str):
        raise InputError("text-not-a-string", f"{noun} must be text, got {type(text).__name__}")
    cleaned = text.strip()
    if not cleaned:
        raise InputError("text-empty", f"{noun} is empty")
    if len(cleaned) > max_chars:
        raise InputError("text-too-long", f"{noun} is {len(cleaned)} characters; {limited} is at most {max_chars}")
    return cleaned

