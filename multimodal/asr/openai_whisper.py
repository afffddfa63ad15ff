"""ASR with the reference ``openai-whisper`` package (PyTorch): a named checkpoint or a local ``.pt``.

Named checkpoints (``tiny``, ``base``, ``small``...) download into ``cache_dir("openai-whisper")``
where the internet allows; a local ``.pt`` holds ``{"dims": ..., "model_state_dict": ...}`` as
``whisper.load_model`` expects. Install the package without its 1 GB ``triton`` requirement:
``pip install --no-deps openai-whisper`` plus ``tiktoken numba more-itertools``.

The same decoding guards as the faster-whisper backend: temperature 0 with no fallback, no
conditioning on previous text, ``sample_len`` bounded, leading/trailing non-speech trimmed
(Silero VAD from faster-whisper when installed, else an energy gate), Simplified prompt + OpenCC.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from typing import Sequence

from multimodal.asr.audio_input import SAMPLE_RATE_HZ, AudioClip, AudioLimits
from multimodal.asr.base import (
    DEFAULT_DENOISE, DEFAULT_ZH_PROMPT, SUPPORTED_LANGS, Decoded, WhisperTranscriberBase, no_speech,
    silero_speech_chunks, timed,
)
from multimodal.paths import cache_dir
from multimodal.protocols import BackendInfo, BackendUnavailable

NAMED = ("tiny", "tiny.en", "base", "base.en", "small", "small.en", "medium", "medium.en",
         "large-v1", "large-v2", "large-v3", "large", "large-v3-turbo", "turbo")


def _import_whisper():
    try:
        import whisper
    except ImportError as err:
        raise BackendUnavailable("openai-whisper is not installed: `pip install --no-deps openai-whisper "
                                 "tiktoken numba more-itertools` (torch must already be installed)") from err
    return whisper


class OpenAIWhisperTranscriber(WhisperTranscriberBase):
    def __init__(self, model: str = "base", device: str = "cpu", beam_size: int = 5,
                 languages: Sequence[str] = SUPPORTED_LANGS, vad: bool = True, max_new_tokens: int = 224,
                 zh_prompt: str | None = DEFAULT_ZH_PROMPT, en_prompt: str | None = None,
                 max_duration_s: float = 30.0, limits: AudioLimits | None = None,
                 denoise: str | None = DEFAULT_DENOISE,
                 download_root: str | None = None):
        super().__init__(model=model, device=device, beam_size=beam_size, languages=languages, vad=vad,
                         max_new_tokens=max_new_tokens, zh_prompt=zh_prompt, en_prompt=en_prompt,
                         max_duration_s=max_duration_s, limits=limits, denoise=denoise)
        self.download_root = download_root

    @classmethod
    def describe(cls) -> BackendInfo:
        if importlib.util.find_spec("whisper") is None or importlib.util.find_spec("torch") is None:
            return BackendInfo("openai-whisper", "asr", SUPPORTED_LANGS, False,
                               "not installed: `pip install --no-deps openai-whisper tiktoken numba more-itertools`")
        root = cache_dir("openai-whisper")
        cached = sorted(p.stem for p in root.glob("*.pt"))
        detail = (f"cached checkpoints: {', '.join(cached)}" if cached else
                  "no checkpoint cached: a named model downloads on first use (needs internet), "
                  "or pass model=/path/to/checkpoint.pt")
        return BackendInfo("openai-whisper", "asr", SUPPORTED_LANGS, True, detail)

    def info(self) -> BackendInfo:
        state = "loaded" if self._model is not None else "not loaded yet"
        langs = self.languages if self._model is None or self._model.is_multilingual else ("en",)
        return BackendInfo("openai-whisper", "asr", langs, self.describe().available,
                           f"model={self.model_name} device={self.device} beam_size={self.beam_size} ({state})")

    def _load_locked(self) -> float:
        if self._model is not None:
            return 0.0
        whisper = _import_whisper()
        t0 = time.perf_counter()
        name = self.model_name
        if name not in NAMED:
            path = Path(name).expanduser()
            if not path.is_file():
                raise BackendUnavailable(f"no Whisper checkpoint at {path}; named models: {', '.join(NAMED)}")
            name = str(path)
        try:
            self._model = whisper.load_model(name, device=self.device,
                                             download_root=self.download_root or str(cache_dir("openai-whisper")))
        except Exception as err:  # noqa: BLE001 - a bad .pt fails in many ways (unpickling, keys, shapes)
            # A download without internet surfaces as URLError (an OSError); a damaged .pt as
            # UnpicklingError, KeyError or a size-mismatch RuntimeError. All mean "cannot load".
            raise BackendUnavailable(f"cannot load Whisper checkpoint {self.model_name!r} "
                                     f"({type(err).__name__}: {err})") from err
        self._model.eval()
        return (time.perf_counter() - t0) * 1000

    def _inference(self):
        import torch

        return torch.inference_mode()

    def _decode(self, clip: AudioClip, lang: str | None, timings: dict[str, float]) -> Decoded:
        whisper = _import_whisper()
        model = self._model
        offset_s, samples = 0.0, clip.samples
        if self.vad:
            span = timed(timings, "vad", speech_span, samples)
            if span is None:
                raise no_speech()
            offset_s, samples = span[0] / SAMPLE_RATE_HZ, samples[span[0]:span[1]]
        lang = self._lang_for(lang, model.is_multilingual)
        if lang is None:
            lang = timed(timings, "encode_detect_lang", self._detect, whisper, samples)
        prompt = self.prompts.get(lang)
        t0 = time.perf_counter()
        result = whisper.transcribe(
            model, samples, verbose=None, temperature=0.0, condition_on_previous_text=False,
            initial_prompt=prompt, language=lang, task="transcribe", beam_size=self.beam_size,
            sample_len=self.max_new_tokens, fp16=False)
        timings["asr"] = (time.perf_counter() - t0) * 1000
        return Decoded(lang, prompt, [(float(s["start"]) + offset_s, float(s["end"]) + offset_s, str(s.get("text", "")))
                                      for s in result.get("segments", [])])

    def _detect(self, whisper, samples) -> str:
        """Most likely language among ``self.languages``."""
        import torch

        model = self._model
        mel = whisper.log_mel_spectrogram(whisper.pad_or_trim(torch.from_numpy(samples)),
                                          n_mels=model.dims.n_mels).to(model.device)
        _tokens, probs = model.detect_language(mel)
        return max(self.languages, key=lambda code: float(probs.get(code, 0.0)))


def speech_span(samples, pad_s: float = 0.2) -> tuple[int, int] | None:
    """(start, end) sample indices from the first to the last speech, or None when there is none.

    Uses faster-whisper's bundled Silero VAD when it is installed; otherwise an energy gate at
    30 dB below the loudest 30 ms frame (fine for trimming silence around one spoken command).
    """
    import numpy as np

    try:
        chunks = silero_speech_chunks(samples)
    except ImportError:
        frame = int(0.03 * SAMPLE_RATE_HZ)
        n = samples.size // frame
        if n == 0:
            return None
        rms = np.sqrt(np.mean(np.square(samples[: n * frame].reshape(n, frame)), axis=1))
        loud = np.flatnonzero(rms >= rms.max() * 10 ** (-30 / 20))
        if loud.size == 0 or rms.max() <= 0:
            return None
        start, end = int(loud[0]) * frame, int(loud[-1] + 1) * frame
    else:
        if not chunks:
            return None
        start, end = int(chunks[0]["start"]), int(chunks[-1]["end"])
    pad = int(pad_s * SAMPLE_RATE_HZ)
    return max(0, start - pad), min(samples.size, end + pad)
