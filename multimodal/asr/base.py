"""What both Whisper backends share: options, language checks, the timed transcription frame and
the clean-up of decoded segments into a ``Transcript``.

A backend subclasses ``WhisperTranscriberBase`` and supplies its own model loading
(``_load_locked``) and decoding (``_decode``); everything around them is here.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from multimodal.asr.audio_input import AudioClip, AudioLimits, load_audio
from multimodal.asr.denoise import DEFAULT_DENOISE, denoise_clip, parse_chain
from multimodal.asr.text import clean_transcript
from multimodal.protocols import AudioInput, InputError, Segment, Transcript

# Whisper's usual Mandarin priming sentence ("what follows are Mandarin sentences"), written in
# Simplified characters so the decoder continues in Simplified; it names no command, so it cannot
# bias the output toward one.
DEFAULT_ZH_PROMPT = "以下是普通话的句子。"
SUPPORTED_LANGS = ("zh", "en")
VAD_MIN_SILENCE_MS = 500


@dataclass(frozen=True)
class Decoded:
    """A backend's raw decoding: the language it used, its prompt, and (start_s, end_s, text) pieces
    with times already in the clip's time base."""

    lang: str
    prompt: str | None
    pieces: Sequence[tuple[float, float, str]]


def timed(timings: dict[str, float], stage: str, fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)``, recording its milliseconds under ``stage``."""
    t0 = time.perf_counter()
    try:
        return fn(*args)
    finally:
        timings[stage] = (time.perf_counter() - t0) * 1000


def silero_speech_chunks(samples) -> list[dict[str, int]]:
    """Silero VAD speech chunks ({"start", "end"} sample indices); ImportError without faster-whisper."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    return get_speech_timestamps(samples, VadOptions(min_silence_duration_ms=VAD_MIN_SILENCE_MS))


class WhisperTranscriberBase:
    """``Transcriber`` skeleton: subclasses implement loading and decoding."""

    def __init__(self, model: str = "base", device: str = "cpu", beam_size: int = 5,
                 languages: Sequence[str] = SUPPORTED_LANGS, vad: bool = True, max_new_tokens: int = 224,
                 zh_prompt: str | None = DEFAULT_ZH_PROMPT, en_prompt: str | None = None,
                 max_duration_s: float = 30.0, limits: AudioLimits | None = None,
                 denoise: str | None = DEFAULT_DENOISE):
        if beam_size < 1:
            raise ValueError("beam_size must be at least 1")
        parse_chain(denoise)  # an unknown filter fails here, not on the first utterance
        self.denoise = denoise
        self.model_name = str(model)
        self.device = device
        self.beam_size = beam_size
        self.languages = tuple(languages)
        self.vad = vad
        self.max_new_tokens = max_new_tokens
        self.prompts = {"zh": zh_prompt or None, "en": en_prompt or None}
        self.limits = limits or AudioLimits(max_duration_s=max_duration_s)
        self._lock = threading.Lock()
        self._model: Any = None

    # ------------------------------------------------------------ for subclasses
    def _load_locked(self) -> float:
        """Load the model (once, the lock held); the milliseconds it took, 0 when already loaded."""
        raise NotImplementedError

    def _decode(self, clip: AudioClip, lang: str | None, timings: dict[str, float]) -> Decoded:
        """Decode ``clip`` (the model loaded, the lock held), adding stage timings."""
        raise NotImplementedError

    def _inference(self) -> contextlib.AbstractContextManager:
        """A context the decoding runs in (e.g. torch's inference mode)."""
        return contextlib.nullcontext()

    # ------------------------------------------------------------ shared
    def load(self) -> float:
        """Load (once) and return the milliseconds it took (0 when already loaded)."""
        with self._lock:
            return self._load_locked()

    def _check_lang(self, lang: str | None) -> str | None:
        if lang is None or lang == "auto":
            return None
        lang = lang.lower().split("-")[0]  # zh-CN -> zh
        if lang not in self.languages:
            raise InputError("lang-unsupported",
                             f"language {lang!r} is not supported; choose one of {', '.join(self.languages)}")
        return lang

    def _lang_for(self, lang: str | None, multilingual: bool) -> str | None:
        """An English-only model transcribes English or nothing."""
        if multilingual:
            return lang
        if lang not in (None, "en"):
            raise InputError("lang-unsupported",
                             f"model {self.model_name} is English-only; it cannot transcribe {lang!r}")
        return "en"

    def transcribe(self, audio: AudioInput | AudioClip, lang: str | None = None) -> Transcript:
        t_start = time.perf_counter()
        lang = self._check_lang(lang)
        clip = load_audio(audio, self.limits)
        timings = {"decode_audio": clip.decode_ms}
        clip = denoise_clip(clip, self.denoise, timings)  # before VAD: noise can hide where speech is
        with self._lock, self._inference():
            load_ms = self._load_locked()
            if load_ms:
                timings["load"] = load_ms
            decoded = self._decode(clip, lang, timings)
        return _transcript(clip, decoded, timings, t_start)


def no_speech() -> InputError:
    return InputError("audio-no-speech", "no speech was found in the audio")


def _transcript(clip: AudioClip, decoded: Decoded, timings: dict[str, float], t_start: float) -> Transcript:
    lang, prompt = decoded.lang, decoded.prompt
    segments = []
    for start_s, end_s, raw in decoded.pieces:
        text = clean_transcript(raw, lang, prompt)
        if text:
            # Whisper's timestamps snap to 20 ms steps and can overshoot the end of the clip.
            end_s = min(end_s, clip.duration_s)
            segments.append(Segment(round(min(start_s, end_s), 3), round(end_s, 3), text))
    joiner = "" if lang == "zh" else " "
    text = clean_transcript(joiner.join(s.text for s in segments), lang, prompt)
    timings["total"] = (time.perf_counter() - t_start) * 1000
    if not text:
        raise InputError("audio-no-speech", "no words were recognised in the audio")
    return Transcript(text=text, lang=lang, segments=tuple(segments), duration_s=clip.duration_s, timings=timings)
