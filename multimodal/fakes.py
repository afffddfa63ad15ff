"""Deterministic fake backends for unit tests and for running the pipeline with no models."""

from __future__ import annotations

import io
import math
import os
import struct
import wave
from pathlib import Path
from typing import Any, Mapping, Sequence

from multimodal.protocols import (
    BackendInfo, CommandContext, ImageInput, InputError, ParseResult, ScreenInfo, SpeechAudio, Transcript,
    detect_lang,
)
from vehicle_state.commands import REASON_OUT_OF_DOMAIN, Command, validate_commands


class FakeTranscriber:
    """Returns the text of ``<audio>.txt`` beside an audio file, or a fixed mapping by file name."""

    def __init__(self, transcripts: Mapping[str, str] | None = None):
        self.transcripts = dict(transcripts or {})

    @classmethod
    def describe(cls) -> BackendInfo:
        return BackendInfo("fake", "asr", ("zh", "en"), True, "reads <file>.txt; for tests")

    def info(self) -> BackendInfo:
        return self.describe()

    def transcribe(self, audio: Any, lang: str | None = None) -> Transcript:
        if isinstance(audio, (bytes, bytearray)):
            if not audio:
                raise InputError("audio-empty", "the audio is empty")
            text = bytes(audio).decode("utf-8", "replace").removeprefix("TEXT:")
        elif not isinstance(audio, (str, Path)):  # a decoded clip (e.g. with noise mixed in) has no .txt
            raise InputError("audio-unreadable", f"fake ASR reads <file>.txt; it cannot hear a {type(audio).__name__}")
        else:
            path = Path(audio)
            text = self.transcripts.get(path.name)
            if text is None:
                side = path.with_suffix(path.suffix + ".txt")
                if not side.exists():
                    raise InputError("audio-unreadable", f"fake ASR has no transcript for {path.name}")
                text = side.read_text(encoding="utf-8")
        text = text.strip()
        if not text:
            raise InputError("audio-silent", "no speech was found in the audio")
        return Transcript(text=text, lang=lang or detect_lang(text), duration_s=1.0, timings={"decode": 0.0})


class FakeSpeaker:
    """A short sine beep per character: a valid WAV, no TTS engine needed."""

    def __init__(self, sample_rate_hz: int = 16000):
        self.sample_rate_hz = sample_rate_hz

    @classmethod
    def describe(cls) -> BackendInfo:
        return BackendInfo("fake", "tts", ("zh", "en"), True, "sine beeps; for tests")

    def info(self) -> BackendInfo:
        return self.describe()

    def synthesize(self, text: str, lang: str = "zh") -> SpeechAudio:
        n = int(self.sample_rate_hz * min(3.0, 0.05 * max(1, len(text))))
        frames = b"".join(struct.pack("<h", int(3000 * math.sin(2 * math.pi * 440 * i / self.sample_rate_hz)))
                          for i in range(n))
        buf = io.BytesIO()
        with wave.open(buf, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(self.sample_rate_hz)
            w.writeframes(frames)
        return SpeechAudio(buf.getvalue(), self.sample_rate_hz, None, n / self.sample_rate_hz)


class FakeScreenReader:
    """Returns a preset ScreenInfo whatever the image."""

    def __init__(self, screen: ScreenInfo | None = None):
        self.screen = screen or ScreenInfo(width=1280, height=720)

    @classmethod
    def describe(cls) -> BackendInfo:
        return BackendInfo("fake", "screen", ("zh", "en"), True, "preset layout; for tests")

    def info(self) -> BackendInfo:
        return self.describe()

    def read(self, image: ImageInput) -> ScreenInfo:
        return self.screen


class FakeCommandModel:
    """Looks the utterance up in a table ``text -> commands``; anything else is out of domain.

    ``exit_on`` maps an utterance to a marker file: parsing it ends the whole process at once, as a
    killed or out-of-memory worker would, while the marker is absent (it is created first, so a retry
    in a fresh process parses normally); ``None`` instead of a path ends the process every time.
    """

    def __init__(self, table: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
                 exit_on: Mapping[str, str | None] | None = None):
        self.table = {k: validate_commands(list(v)) for k, v in (table or {}).items()}
        self.exit_on = dict(exit_on or {})

    def _maybe_exit(self, text: str) -> None:
        if text not in self.exit_on:
            return
        marker = self.exit_on[text]
        if marker is not None:
            try:
                Path(marker).open("x").close()
            except FileExistsError:
                return
        os._exit(70)  # no clean-up, no exception: exactly what a SIGKILL leaves behind

    @classmethod
    def describe(cls) -> BackendInfo:
        return BackendInfo("fake", "command", ("zh", "en"), True, "lookup table; for tests")

    def info(self) -> BackendInfo:
        return self.describe()

    def parse_detailed(self, text: str, lang: str | None = None, context: CommandContext | None = None) -> ParseResult:
        self._maybe_exit(text.strip())
        commands = self.table.get(text.strip()) or [Command("unsupported", {"reason": REASON_OUT_OF_DOMAIN})]
        return ParseResult(tuple(commands), "fake", raw_output="")

    def parse(self, text: str, lang: str | None = None, context: CommandContext | None = None) -> list[Command]:
        return list(self.parse_detailed(text, lang, context).commands)
