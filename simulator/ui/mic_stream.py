"""One browser tab's live microphone: chunks in, a partial transcript while the driver speaks, one utterance
out when the speech ends.

The browser sends a chunk every ``CHUNK_EVERY_S`` (Gradio's streaming ``gr.Audio``: a small WAV file of 16-bit
samples at the device's rate, usually 48 kHz; Gradio keeps only the newest chunk when the handler is still busy
with the last one, so the handler stays cheap). ``MicStream`` keeps them at that rate and looks at the last
``VAD_WINDOW_S`` seconds, resampled to 16 kHz, with a speech detector (Silero by default): an utterance ends
``END_OF_SPEECH_S`` after the last speech, or at ``MAX_UTTERANCE_S`` whatever the detector says. Before any
speech only ``PRE_ROLL_S`` of audio is kept, so an idle microphone costs nothing and the onset is not cut.

Partial transcripts run on a background thread through the same transcriber call as the final one, at most
one at a time per stream, at most one per ``PARTIAL_EVERY_S`` of new audio, and only while the driver is
talking. A partial starts only when the previous one took less than ``END_OF_SPEECH_S``: a partial started
while the driver still talks is then done before the pause is long enough to end the utterance, so the final
decode does not wait behind it (on a machine too slow for that, partials stop).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from numbers import Integral
from typing import TYPE_CHECKING, Any, Callable, Protocol

from multimodal.asr.audio_input import SAMPLE_RATE_HZ, AudioClip, peak_frame_dbfs, resample
from multimodal.protocols import InputError

if TYPE_CHECKING:  # numpy is imported lazily so importing the UI stays cheap
    import numpy as np

END_OF_SPEECH_S = 0.7  # trailing non-speech after speech that ends an utterance
MAX_UTTERANCE_S = 30.0  # an utterance ends here even while speech goes on (the recogniser's limit too)
PRE_ROLL_S = 1.0  # audio kept from before the first speech: the detector fires a little after the onset
VAD_WINDOW_S = 3.0  # the tail the detector looks at on each chunk (longer than END_OF_SPEECH_S + a word)
PARTIAL_EVERY_S = 0.6  # at most one partial transcript per this much new audio: a 2 s command gets one
PARTIAL_QUIET_S = 0.3  # no partial starts once the driver has paused this long: the final one is near
# The detector's own hangover: a pause this long closes a speech span, so a trailing pause shows up in the
# spans once it is this long, well inside END_OF_SPEECH_S.
VAD_MIN_SILENCE_MS = 100
CHUNK_EVERY_S = 0.3  # how often the page sends a chunk: end-of-speech is noticed this much late at worst
MAX_CHUNK_S = 10.0  # a longer single chunk is not a microphone stream


class SpeechDetector(Protocol):
    def __call__(self, samples: "np.ndarray") -> list[tuple[int, int]]:
        """(start, end) sample indices of speech in 16 kHz mono float32 ``samples``."""
        ...


def silero_speech_spans(samples: "np.ndarray") -> list[tuple[int, int]]:
    """Silero VAD (faster-whisper's copy) without padding, so a span ends where the speech does."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(min_silence_duration_ms=VAD_MIN_SILENCE_MS, speech_pad_ms=0)
    return [(c["start"], c["end"]) for c in get_speech_timestamps(samples, options)]


def warm_speech_detector(detector: SpeechDetector = silero_speech_spans) -> None:
    """Load the detector's model now rather than on the first chunk; without faster-whisper there is none."""
    import numpy as np

    try:
        detector(np.zeros(SAMPLE_RATE_HZ // 2, dtype=np.float32))
    except ImportError:
        pass


def to_mono_float32(data: Any) -> "np.ndarray":
    """A chunk as Gradio sends it (int16, (samples,) or (samples, channels)) -> mono float32 in [-1, 1]."""
    import numpy as np

    samples = np.asarray(data)
    if samples.ndim == 2:
        samples = samples.mean(axis=1) if np.issubdtype(samples.dtype, np.floating) else \
            samples.astype(np.float64).mean(axis=1).astype(samples.dtype)
    if samples.ndim != 1:
        raise InputError("mic-bad-chunk", f"a microphone chunk must be (samples,) or (samples, channels), "
                                          f"got shape {samples.shape}")
    if samples.dtype == np.int16:
        return samples.astype(np.float32) / 32768.0
    if samples.dtype == np.int32:
        return (samples.astype(np.float64) / 2**31).astype(np.float32)
    if np.issubdtype(samples.dtype, np.floating):
        if not np.isfinite(samples).all():
            raise InputError("mic-bad-chunk", "a microphone chunk holds NaN or infinite samples")
        return np.clip(samples, -1.0, 1.0).astype(np.float32)
    raise InputError("mic-bad-chunk", f"microphone samples must be int16, int32 or float, got {samples.dtype}")


def read_wav_chunk(path: str) -> tuple[int, "np.ndarray"]:
    """(rate, samples) of one streamed chunk file: a WAV header, then PCM to the end of the file.

    Gradio's recorder repeats the first chunk's header on every chunk, so the sizes in it are not this
    chunk's; the data runs to the end of the file. Read here, a chunk costs no ffmpeg subprocess."""
    import struct

    import numpy as np

    try:
        with open(path, "rb") as fh:
            raw = fh.read(int(MAX_CHUNK_S * 192000 * 8) + 4096)
    except OSError as err:
        raise InputError("mic-bad-chunk", f"the microphone chunk cannot be read: {err.strerror}") from None
    if raw[:4] != b"RIFF" or raw[8:12] != b"WAVE":
        raise InputError("mic-bad-chunk", "a microphone chunk must be a WAV file")
    pos, fmt = 12, None
    while pos + 8 <= len(raw):
        tag, size = raw[pos:pos + 4], struct.unpack("<I", raw[pos + 4:pos + 8])[0]
        if tag == b"fmt " and size >= 16 and pos + 24 <= len(raw):
            fmt = struct.unpack("<HHIIHH", raw[pos + 8:pos + 24])
        elif tag == b"data":
            break
        pos += 8 + size + (size & 1)
    if fmt is None or pos + 8 > len(raw):
        raise InputError("mic-bad-chunk", "a microphone chunk has no WAV format or data section")
    kind, channels, rate, _, _, bits = fmt
    dtypes = {(1, 16): "<i2", (1, 32): "<i4", (3, 32): "<f4"}
    if (kind, bits) not in dtypes or channels < 1:
        raise InputError("mic-bad-chunk", f"microphone chunks must be 16/32-bit PCM or 32-bit float, "
                                          f"got format {kind} with {bits} bits")
    data = raw[pos + 8:]
    width = bits // 8 * channels
    samples = np.frombuffer(data[:len(data) // width * width], dtype=dtypes[(kind, bits)])
    return rate, samples.reshape(-1, channels) if channels > 1 else samples


def clip_of(samples: "np.ndarray", source_rate_hz: int | None) -> AudioClip:
    """16 kHz samples as the ``AudioClip`` a transcriber takes without decoding a file."""
    return AudioClip(samples=samples, sample_rate_hz=SAMPLE_RATE_HZ, duration_s=samples.size / SAMPLE_RATE_HZ,
                     source_format="microphone", source_sample_rate_hz=source_rate_hz, source_channels=1,
                     peak_dbfs=peak_frame_dbfs(samples), decode_ms=0.0)


@dataclass(frozen=True)
class Utterance:
    """One finished utterance of the stream."""

    samples: "np.ndarray"  # 16 kHz mono float32
    ended_by: str  # "speech-end" | "max-length" | "stopped"
    partial_text: str  # the last partial transcript shown while it was spoken ("" when none)

    @property
    def duration_s(self) -> float:
        return self.samples.size / SAMPLE_RATE_HZ


Spawn = Callable[[Callable[[], None]], None]


def _daemon_thread(work: Callable[[], None]) -> None:
    threading.Thread(target=work, name="mic-partial", daemon=True).start()


@dataclass
class MicStream:
    """The live microphone of one session. ``append`` returns an ``Utterance`` when one ends."""

    detector: SpeechDetector = silero_speech_spans
    spawn: Spawn = _daemon_thread  # where a partial decode runs (tests run it inline)
    partial_text: str = ""
    speech_seen: bool = False
    trailing_silence_s: float = 0.0
    last_partial_ms: float | None = None  # how long this utterance's last partial took (None: none yet)
    _chunks: list[Any] = field(default_factory=list)  # float32 arrays at _rate_hz
    _n_samples: int = 0
    _rate_hz: int | None = None
    _generation: int = 0  # bumped when an utterance ends, so a late partial of the old one is dropped
    _partial_running: bool = False
    _partial_at_s: float = 0.0  # stream duration when the last partial started (or the speech began)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def duration_s(self) -> float:
        return self._n_samples / self._rate_hz if self._rate_hz else 0.0

    # ------------------------------------------------------------------ chunks in
    def append(self, rate_hz: int, data: Any) -> Utterance | None:
        """Add one chunk; the utterance when this chunk ends it. A bad chunk raises InputError and changes
        nothing."""
        if isinstance(rate_hz, bool) or not isinstance(rate_hz, Integral) or not 8000 <= rate_hz <= 192000:
            raise InputError("mic-bad-rate", f"a microphone sample rate must be 8000-192000 Hz, got {rate_hz!r}")
        rate_hz = int(rate_hz)
        samples = to_mono_float32(data)
        if samples.size > MAX_CHUNK_S * rate_hz:
            raise InputError("mic-bad-chunk", f"a microphone chunk is at most {MAX_CHUNK_S:g} s, "
                                              f"got {samples.size / rate_hz:.1f} s")
        with self._lock:
            if self._rate_hz is None:
                self._rate_hz = rate_hz
            elif rate_hz != self._rate_hz:  # the device changed mid-stream: keep one rate
                samples = resample(samples, rate_hz, self._rate_hz)
            self._chunks.append(samples)
            self._n_samples += samples.size
            self._listen_locked()
            if self.speech_seen and self.trailing_silence_s >= END_OF_SPEECH_S:
                return self._take_locked("speech-end")
            if self.duration_s >= MAX_UTTERANCE_S:
                return self._take_locked("max-length") if self.speech_seen else self._reset_locked()
            if not self.speech_seen:
                self._keep_tail_locked(PRE_ROLL_S)
            return None

    def finish(self) -> Utterance | None:
        """The driver stopped the microphone: what was said so far, or None when nobody spoke."""
        with self._lock:
            return self._take_locked("stopped") if self.speech_seen else self._reset_locked()

    def reset(self) -> None:
        with self._lock:
            self._reset_locked()

    def samples_16k(self) -> "np.ndarray":
        with self._lock:
            return self._samples_locked()

    # ------------------------------------------------------------------ partial transcripts
    def partial_due(self) -> bool:
        """Whether a partial transcript should start now (see the module docstring for the rules)."""
        with self._lock:
            return self._partial_due_locked()

    def start_partial(self, transcribe: Callable[[AudioClip], str]) -> bool:
        """Transcribe the utterance so far in the background when a partial is due; True when one started.
        ``transcribe`` takes the clip and returns its text; a failing partial leaves the old text (the final
        decode reports errors, a preview does not)."""
        with self._lock:
            if not self._partial_due_locked():
                return False
            self._partial_running = True
            self._partial_at_s = self.duration_s
            generation, clip = self._generation, clip_of(self._samples_locked(), self._rate_hz)

        def work() -> None:
            t0 = time.perf_counter()
            text = None
            try:
                text = transcribe(clip)
            except Exception:  # noqa: BLE001 - a preview never breaks the stream
                text = None
            finally:
                with self._lock:
                    self._partial_running = False
                    self.last_partial_ms = (time.perf_counter() - t0) * 1000
                    if text and generation == self._generation:
                        self.partial_text = text

        self.spawn(work)
        return True

    # ------------------------------------------------------------------ inside the lock
    def _partial_due_locked(self) -> bool:
        keeps_up = self.last_partial_ms is None or self.last_partial_ms < END_OF_SPEECH_S * 1000
        return (self.speech_seen and not self._partial_running and keeps_up
                and self.trailing_silence_s < PARTIAL_QUIET_S
                and self.duration_s - self._partial_at_s >= PARTIAL_EVERY_S - 1e-6)  # durations are sums of floats

    def _listen_locked(self) -> None:
        tail = self._tail_16k_locked(VAD_WINDOW_S)
        spans = self.detector(tail)
        if spans:
            if not self.speech_seen:  # the first partial comes PARTIAL_EVERY_S after the onset, not the pre-roll
                self.speech_seen, self._partial_at_s = True, self.duration_s
            self.trailing_silence_s = (tail.size - max(end for _, end in spans)) / SAMPLE_RATE_HZ
        elif self.speech_seen:  # the whole window is quiet: at least that long since the speech
            self.trailing_silence_s = tail.size / SAMPLE_RATE_HZ

    def _joined_locked(self) -> "np.ndarray":
        import numpy as np

        if len(self._chunks) > 1:
            self._chunks = [np.concatenate(self._chunks)]
        return self._chunks[0] if self._chunks else np.zeros(0, dtype=np.float32)

    def _tail_16k_locked(self, seconds: float) -> "np.ndarray":
        rate = self._rate_hz or SAMPLE_RATE_HZ
        return resample(self._joined_locked()[-int(seconds * rate):], rate, SAMPLE_RATE_HZ)

    def _samples_locked(self) -> "np.ndarray":
        return resample(self._joined_locked(), self._rate_hz or SAMPLE_RATE_HZ, SAMPLE_RATE_HZ)

    def _keep_tail_locked(self, seconds: float) -> None:
        rate = self._rate_hz or SAMPLE_RATE_HZ
        tail = self._joined_locked()[-int(seconds * rate):]
        self._chunks, self._n_samples = [tail], tail.size

    def _take_locked(self, ended_by: str) -> Utterance:
        # The chunk that crossed MAX_UTTERANCE_S may run past it; the recogniser refuses anything longer.
        samples = self._samples_locked()[:int(MAX_UTTERANCE_S * SAMPLE_RATE_HZ)]
        utterance = Utterance(samples, ended_by, self.partial_text)
        self._reset_locked()
        return utterance

    def _reset_locked(self) -> None:
        self._chunks, self._n_samples = [], 0
        self.speech_seen, self.trailing_silence_s = False, 0.0
        self.partial_text, self._partial_at_s = "", 0.0
        # A partial slowed by another session's turn (the recogniser is shared) stops partials for the rest of
        # its utterance only: the next utterance measures again.
        self.last_partial_ms = None
        self._generation += 1
