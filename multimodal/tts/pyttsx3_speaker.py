"""TTS with pyttsx3 over Debian ``espeak-ng``: English with an English voice, Mandarin via pinyin.

pyttsx3 keeps one engine per driver and breaks when it is re-initialised from another thread,
so this module owns a single process-wide engine behind a lock; any thread may call
``synthesize``. Output is cached by (text, language, voice, rate) under ``cache_dir("tts")``: each WAV is
written to a temp file, checked, fsynced and renamed; a cached WAV that fails the same check on load
(unreadable, cut short, silent) is deleted and rendered again.

Fallback (documented, not the primary path): when pyttsx3 cannot be imported, raises, or writes
no valid WAV, the same text is rendered by calling the ``espeak-ng`` binary directly with the
same voice and rate. ``SpeechAudio`` does not say which path ran; ``Pyttsx3Speaker.last_engine``
does (``"pyttsx3"``, ``"espeak-ng"`` or ``"cache"``).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import subprocess
import tempfile
import threading
import wave
from pathlib import Path

from multimodal.cache import replace_durably
from multimodal.once import Once
from multimodal.paths import cache_dir
from multimodal.protocols import BackendInfo, BackendUnavailable, InputError, SpeechAudio, check_text, detect_lang
from multimodal.tts.pinyin import to_pinyin

VOICES = {"en": "en-us", "zh": "cmn-latn-pinyin"}
MAX_TEXT_CHARS = 1000
MAX_SPEECH_S = 300.0  # a reply read at espeak speed never gets near this; longer output is a bug
CACHE_VERSION = "1"  # bump when the text->speech recipe changes so old WAVs are not reused


def _make_engine():
    import pyttsx3

    return pyttsx3.init("espeak")


def _make_thread():
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="pyttsx3")


_engine = Once(_make_engine)  # the process-wide engine; used only on _pyttsx3_thread, under _engine_lock
_engine_lock = threading.Lock()
_pyttsx3_thread = Once(_make_thread)  # the single long-lived worker thread that owns the engine


class Pyttsx3Speaker:
    def __init__(self, rate_wpm: int = 160, voices: dict[str, str] | None = None, use_cache: bool = True,
                 cache_root: str | Path | None = None, timeout_s: float = 60.0):
        if not 80 <= rate_wpm <= 450:
            raise ValueError("rate_wpm must be between 80 and 450 (espeak's usable range)")
        self.rate_wpm = int(rate_wpm)
        self.voices = {**VOICES, **(voices or {})}
        self.use_cache = use_cache
        self.cache_root = Path(cache_root) if cache_root else None
        self.timeout_s = timeout_s
        self.last_engine: str | None = None

    @classmethod
    def describe(cls) -> BackendInfo:
        import importlib.util

        missing = []
        if importlib.util.find_spec("pyttsx3") is None:
            missing.append("`pip install pyttsx3`")
        if importlib.util.find_spec("pypinyin") is None:
            missing.append("`pip install pypinyin`")
        if not shutil.which("espeak-ng") and not _has_libespeak():
            missing.append("`apt-get install espeak-ng`")
        if missing:
            return BackendInfo("pyttsx3", "tts", ("zh", "en"), False, "needs " + ", ".join(missing))
        return BackendInfo("pyttsx3", "tts", ("zh", "en"), True,
                           "pyttsx3 + espeak-ng; en: en-us voice, zh: pinyin with cmn-latn-pinyin")

    def info(self) -> BackendInfo:
        base = self.describe()
        return BackendInfo(base.name, base.kind, base.languages, base.available,
                           f"{base.detail}; rate={self.rate_wpm} wpm; voices={self.voices}")

    # ------------------------------------------------------------------ public
    def synthesize(self, text: str, lang: str = "zh") -> SpeechAudio:
        text = check_text(text, MAX_TEXT_CHARS, "the text to speak", "what is spoken at once")
        lang = detect_lang(text) if lang in (None, "auto") else str(lang).lower().split("-")[0]
        if lang not in self.voices:
            raise InputError("lang-unsupported", f"cannot speak language {lang!r}; choose one of "
                                                 f"{', '.join(self.voices)}")
        voice = self.voices[lang]
        spoken = to_pinyin(text) if lang == "zh" else text
        if not spoken.strip(" ,.!?;:"):
            raise InputError("text-unspeakable", "the text has nothing that can be spoken")
        key = hashlib.sha256("\x1f".join([CACHE_VERSION, voice, str(self.rate_wpm), lang, text]).encode()).hexdigest()
        path = (self.cache_root or cache_dir("tts")) / f"{lang}-{key[:32]}.wav"
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.use_cache and path.is_file():
            try:
                audio = read_wav(path)
                self.last_engine = "cache"
                return audio
            except ValueError:
                path.unlink(missing_ok=True)  # a damaged cache entry is re-rendered
        fd, tmp = tempfile.mkstemp(prefix=path.stem + ".", suffix=".wav", dir=path.parent)
        os.close(fd)
        try:
            engine = self._render(spoken, voice, tmp)
            audio = read_wav(Path(tmp))
            replace_durably(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        self.last_engine = engine
        return SpeechAudio(audio.wav_bytes, audio.sample_rate_hz, str(path), audio.duration_s)

    def warm_up(self) -> None:
        """Render a word per voice into a throw-away file, past the cache: starting the pyttsx3 engine and
        loading each espeak voice costs more than speaking a reply, and belongs to loading, not the first turn."""
        with tempfile.TemporaryDirectory(prefix="tts-warm-") as tmp:
            for lang, voice in self.voices.items():
                self._render(to_pinyin("好的") if lang == "zh" else "okay", voice, os.path.join(tmp, f"{lang}.wav"))

    # ------------------------------------------------------------------ rendering
    def _render(self, spoken: str, voice: str, out_path: str) -> str:
        try:
            self._render_pyttsx3(spoken, voice, out_path)
            read_wav(Path(out_path))
            return "pyttsx3"
        except (ImportError, RuntimeError, ValueError, OSError, KeyError):
            pass  # fall through to the espeak-ng binary (see the module docstring)
        self._render_espeak(spoken, voice, out_path)
        return "espeak-ng"

    def _render_pyttsx3(self, spoken: str, voice: str, out_path: str) -> None:
        # The engine lives on one dedicated thread for the whole process: pyttsx3's espeak driver
        # breaks when used from a thread other than the one that created it (seen when the first
        # synthesis ran on a short-lived worker thread).
        _pyttsx3_thread.get().submit(self._render_pyttsx3_here, spoken, voice, out_path).result(timeout=self.timeout_s)

    def _render_pyttsx3_here(self, spoken: str, voice: str, out_path: str) -> None:
        with _engine_lock:
            engine = _engine.get()
            engine.setProperty("voice", voice)
            engine.setProperty("rate", self.rate_wpm)
            engine.save_to_file(spoken, out_path)
            # pyttsx3's espeak driver prints "Audio saved to ..." on stdout, which would corrupt
            # `--json` output; the lock is held, so only this thread's synthesis is silenced.
            with contextlib.redirect_stdout(io.StringIO()):
                engine.runAndWait()

    def _render_espeak(self, spoken: str, voice: str, out_path: str) -> None:
        binary = shutil.which("espeak-ng") or shutil.which("espeak")
        if not binary:
            raise BackendUnavailable("espeak-ng is not installed: `apt-get install espeak-ng`")
        try:
            proc = subprocess.run([binary, "-v", voice, "-s", str(self.rate_wpm), "-w", out_path, "--", spoken],
                                  capture_output=True, timeout=self.timeout_s, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise BackendUnavailable(f"espeak-ng took longer than {self.timeout_s:g} s") from None
        if proc.returncode != 0:
            raise BackendUnavailable(f"espeak-ng failed: {proc.stderr.decode('utf-8', 'replace').strip()[:200]}")


def read_wav(path: Path) -> SpeechAudio:
    """Load and sanity-check a WAV: PCM, non-empty, not all zeros, 0.05 s to ``MAX_SPEECH_S`` long."""
    data = Path(path).read_bytes()
    try:
        with wave.open(io.BytesIO(data), "rb") as w:
            rate, frames, frame_bytes = w.getframerate(), w.getnframes(), w.getsampwidth() * w.getnchannels()
            pcm = w.readframes(frames)
    except (wave.Error, EOFError) as err:
        raise ValueError(f"{path} is not a valid WAV file: {err}") from err
    if rate <= 0 or frames == 0 or not pcm:
        raise ValueError(f"{path} holds no audio")
    if len(pcm) != frames * frame_bytes:  # a file cut short keeps its header's frame count
        raise ValueError(f"{path} is cut short: {len(pcm)} of {frames * frame_bytes} audio bytes")
    duration_s = frames / rate
    if not 0.05 <= duration_s <= MAX_SPEECH_S:
        raise ValueError(f"{path} is {duration_s:.2f} s long, outside 0.05..{MAX_SPEECH_S:g} s")
    if pcm.count(0) == len(pcm):
        raise ValueError(f"{path} is pure silence")
    return SpeechAudio(data, rate, str(path), duration_s)


def _has_libespeak() -> bool:
    import ctypes.util

    return bool(ctypes.util.find_library("espeak-ng") or ctypes.util.find_library("espeak"))
