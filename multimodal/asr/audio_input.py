"""Audio as users and browsers send it -> 16 kHz mono float32 samples, or a clear InputError.

A plain, intact mono/stereo PCM WAV is read in-process (``_read_pcm_wav``: no subprocess to start, its reading
bounded by ``max_duration_s``; any surprise in it hands the file to ffmpeg). Everything else goes through the
``ffmpeg`` binary (Debian package ``ffmpeg``) in a subprocess so a hostile or broken file can only cost a bounded
amount of time (``timeout_s``) and memory (decoding stops just after ``max_duration_s``), and can never crash the
Python process.

Error codes (``InputError.code``), stable for the UI and the failure store:

``audio-not-found``   the path does not exist or is not a file
``audio-empty``       zero bytes
``audio-too-large``   the file is bigger than ``max_file_bytes``
``audio-not-audio``   ffmpeg does not recognise it as audio (text, an image, random bytes)
``audio-corrupt``     a recognised audio container whose data cannot be decoded (truncated, damaged)
``audio-too-short``   shorter than ``min_duration_s``
``audio-too-long``    longer than ``max_duration_s``
``audio-silent``      no frame louder than ``silence_dbfs`` (energy check, not a speech detector)
``audio-timeout``     ffmpeg took longer than ``timeout_s``
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Union

from multimodal.protocols import AudioInput, BackendUnavailable, InputError

if TYPE_CHECKING:  # numpy is imported lazily so importing this module stays cheap
    import numpy as np

SAMPLE_RATE_HZ = 16000
DEFAULT_MAX_DURATION_S = 30.0
# -50 dBFS RMS over 30 ms is below a quiet room through a laptop mic; speech peaks sit 20-40 dB higher.
DEFAULT_SILENCE_DBFS = -50.0
FRAME_S = 0.03


@dataclass(frozen=True)
class AudioLimits:
    max_duration_s: float = DEFAULT_MAX_DURATION_S
    min_duration_s: float = 0.1
    silence_dbfs: float = DEFAULT_SILENCE_DBFS
    max_file_bytes: int = 100 * 1024 * 1024
    timeout_s: float = 30.0

    def __post_init__(self) -> None:
        if not (self.max_duration_s > 0 and self.min_duration_s >= 0 and self.timeout_s > 0
                and self.max_file_bytes > 0):
            raise ValueError(f"invalid audio limits: {self}")


@dataclass(frozen=True)
class AudioClip:
    """Decoded audio, ready for a 16 kHz model."""

    samples: "np.ndarray"  # float32, mono, in [-1, 1]
    sample_rate_hz: int
    duration_s: float
    source_format: str  # ffmpeg's container name, e.g. "wav", "matroska,webm", "ogg"
    source_sample_rate_hz: int | None
    source_channels: int | None
    peak_dbfs: float  # loudest 30 ms frame (RMS), the figure the silence check uses
    decode_ms: float


def ffmpeg_binary() -> str:
    path = shutil.which("ffmpeg")
    if not path:
        raise BackendUnavailable("ffmpeg is not installed; install it with `apt-get install ffmpeg`")
    return path


def load_audio(audio: Union[AudioInput, AudioClip], limits: AudioLimits | None = None) -> AudioClip:
    """Decode a path or a file's bytes (any format ffmpeg reads) to 16 kHz mono float32.

    An ``AudioClip`` passes through unchanged, so callers can decode once and hand the clip on.
    """
    if isinstance(audio, AudioClip):
        return audio
    limits = limits or AudioLimits()
    if isinstance(audio, (bytes, bytearray, memoryview)):
        data = bytes(audio)
        _check_size(len(data), limits, "the audio")
        # A temp file instead of a pipe: mp4/m4a keep their index at the end and need seeking.
        fd, tmp = tempfile.mkstemp(prefix="cockpit-audio-", suffix=".bin")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            return _decode_file(tmp, limits, label="the audio")
        finally:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    if isinstance(audio, (str, Path)):
        path = Path(audio)
        if not path.is_file():
            raise InputError("audio-not-found", f"no audio file at {path}")
        _check_size(path.stat().st_size, limits, path.name)
        return _decode_file(str(path), limits, label=path.name)
    raise InputError("audio-not-audio", f"audio must be a file path or bytes, got {type(audio).__name__}")


def _check_size(n_bytes: int, limits: AudioLimits, label: str) -> None:
    if n_bytes == 0:
        raise InputError("audio-empty", f"{label} is empty (0 bytes)")
    if n_bytes > limits.max_file_bytes:
        raise InputError("audio-too-large", f"{label} is {n_bytes / 1e6:.1f} MB; "
                                            f"the limit is {limits.max_file_bytes / 1e6:.0f} MB")


def _run(cmd: list[str], timeout_s: float) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(cmd, capture_output=True, timeout=timeout_s, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise InputError("audio-timeout", f"decoding the audio took longer than {timeout_s:g} s") from None


def _probe(path: str, limits: AudioLimits, label: str) -> tuple[str, int | None, int | None]:
    """(container name, sample rate, channels) of the first audio stream, or InputError."""
    import json

    ffprobe = shutil.which("ffprobe") or ffmpeg_binary().replace("ffmpeg", "ffprobe")
    proc = _run([ffprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path],
                limits.timeout_s)
    try:
        info = json.loads(proc.stdout.decode("utf-8", "replace") or "{}")
    except ValueError:
        info = {}
    fmt = (info.get("format") or {}).get("format_name")
    if proc.returncode != 0 or not fmt:
        container = sniff_container(path)
        if container:  # the header says audio but ffmpeg cannot even read the stream layout
            raise InputError("audio-corrupt", f"{label} starts like {container} audio but is damaged or truncated")
        raise InputError("audio-not-audio", f"{label} is not an audio file ffmpeg can read")
    audio_streams = [s for s in info.get("streams", []) if s.get("codec_type") == "audio"]
    if not audio_streams:
        raise InputError("audio-not-audio", f"{label} has no audio track (ffmpeg sees format {fmt!r})")
    stream = audio_streams[0]
    if fmt in ("mp3", "mpeg") and not stream.get("sample_rate"):
        raise InputError("audio-not-audio", f"{label} is not an audio file ffmpeg can read")
    rate = int(stream["sample_rate"]) if str(stream.get("sample_rate", "")).isdigit() else None
    channels = stream.get("channels") if isinstance(stream.get("channels"), int) else None
    return fmt, rate, channels


# Leading bytes of the audio containers users send; only used to word the error for a file
# ffmpeg rejects (a truncated m4a or ogg is "corrupt", a text file is "not audio").
_MAGIC = (
    (0, b"RIFF", "wav"), (0, b"OggS", "ogg"), (0, b"fLaC", "flac"), (0, b"ID3", "mp3"),
    (0, b"\x1a\x45\xdf\xa3", "webm/matroska"), (4, b"ftyp", "mp4/m4a"), (0, b"FORM", "aiff"),
    (0, b"#!AMR", "amr"), (0, b"caff", "caf"),
)


def sniff_container(path: str) -> str | None:
    with open(path, "rb") as fh:
        head = fh.read(16)
    for offset, magic, name in _MAGIC:
        if head[offset:offset + len(magic)] == magic:
            return name
    # An MPEG audio frame sync (11 set bits) with a valid layer, as raw mp3 without ID3 starts.
    if len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0 and (head[1] & 0x06):
        return "mp3"
    return None


def _decode_file(path: str, limits: AudioLimits, label: str) -> AudioClip:
    import time

    import numpy as np

    t0 = time.perf_counter()
    pcm = _read_pcm_wav(path, limits)
    if pcm is not None:
        samples, rate, channels = pcm
        return _checked_clip(samples, "wav", rate, channels, limits, label, t0)
    fmt, rate, channels = _probe(path, limits, label)
    # Decode a little past the maximum: enough to know the file is too long, no more.
    cmd = [ffmpeg_binary(), "-nostdin", "-hide_banner", "-v", "error", "-xerror", "-i", path,
           "-map", "0:a:0", "-t", f"{limits.max_duration_s + 0.5:.3f}",
           "-ac", "1", "-ar", str(SAMPLE_RATE_HZ), "-f", "f32le", "-acodec", "pcm_f32le", "pipe:1"]
    proc = _run(cmd, limits.timeout_s)
    raw = proc.stdout[: len(proc.stdout) // 4 * 4]
    samples = np.frombuffer(raw, dtype="<f4").astype(np.float32, copy=True)
    if proc.returncode != 0 or samples.size == 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        why = f" ({detail[-1][:160]})" if detail else ""
        raise InputError("audio-corrupt", f"{label} looks like {fmt} audio but cannot be decoded{why}")
    return _checked_clip(samples, fmt, rate, channels, limits, label, t0)


# 16-bit PCM is what microphones, datasets and TTS write; 8- and 32-bit PCM are read the same way (24-bit and
# float WAVs go to ffmpeg).
_PCM_DTYPES = {1: "u1", 2: "<i2", 4: "<i4"}


def _read_pcm_wav(path: str, limits: AudioLimits) -> "tuple[np.ndarray, int, int] | None":
    """(16 kHz mono float32, source rate, channels) for a plain, intact mono or stereo PCM WAV, read
    in-process; None for anything else, which then goes through ffprobe + ffmpeg (and their precise errors).

    The two subprocesses cost 0.2-0.4 s per clip on 2 cores, a third of a voice turn's budget, for the format
    most voice turns arrive in. A WAV whose data chunk is shorter than its header says (cut off) is left to
    ffmpeg, which rejects it as corrupt.
    """
    import wave

    import numpy as np

    try:
        with wave.open(path, "rb") as wav:
            width, channels, rate, frames = wav.getsampwidth(), wav.getnchannels(), wav.getframerate(), wav.getnframes()
            if width not in _PCM_DTYPES or channels not in (1, 2) or not 1000 <= rate <= 384000:
                return None
            wanted = min(frames, int((limits.max_duration_s + 0.5) * rate))
            raw = wav.readframes(wanted)
    except Exception:  # noqa: BLE001 - e.g. a bad chunk size makes `wave` raise a bare RuntimeError
        return None
    if len(raw) != wanted * width * channels or wanted == 0:
        return None
    data = np.frombuffer(raw, dtype=_PCM_DTYPES[width]).astype(np.float32)
    if width == 1:
        data = (data - 128.0) / 128.0
    else:
        data /= float(2 ** (8 * width - 1))
    if channels == 2:  # ffmpeg's stereo-to-mono matrix: each channel at -3 dB, summed
        data = data.reshape(-1, 2).sum(axis=1) * np.float32(0.5 ** 0.5)
    return resample(data, rate, SAMPLE_RATE_HZ), rate, channels


def resample(samples: "np.ndarray", from_hz: int, to_hz: int) -> "np.ndarray":
    """Polyphase resampling (anti-aliased) of mono float32 samples."""
    if from_hz == to_hz or samples.size == 0:
        return samples
    from fractions import Fraction

    from scipy.signal import resample_poly

    ratio = Fraction(to_hz, from_hz)
    return resample_poly(samples, ratio.numerator, ratio.denominator).astype("float32")


def wav_bytes(samples: "np.ndarray", rate_hz: int = SAMPLE_RATE_HZ) -> bytes:
    """16-bit mono PCM WAV of float samples in [-1, 1] (clipped)."""
    import io
    import wave

    import numpy as np

    pcm = (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate_hz)
        w.writeframes(pcm.tobytes())
    return buf.getvalue()


def warm_up() -> None:
    """Import what resampling a WAV needs: scipy.signal takes over a second on its first import, which would
    otherwise land on the first voice turn."""
    from scipy.signal import resample_poly  # noqa: F401


def _checked_clip(samples: "np.ndarray", fmt: str, rate: int | None, channels: int | None, limits: AudioLimits,
                  label: str, t0: float) -> AudioClip:
    """The decoded samples as a clip, or the length / silence error."""
    import time

    import numpy as np

    samples = np.nan_to_num(samples, nan=0.0, posinf=1.0, neginf=-1.0)
    np.clip(samples, -1.0, 1.0, out=samples)
    duration_s = samples.size / SAMPLE_RATE_HZ
    if duration_s > limits.max_duration_s:
        raise InputError("audio-too-long", f"{label} is longer than the {limits.max_duration_s:g} s maximum")
    if duration_s < limits.min_duration_s:
        raise InputError("audio-too-short", f"{label} is {duration_s * 1000:.0f} ms long; "
                                            f"the minimum is {limits.min_duration_s * 1000:.0f} ms")
    peak = peak_frame_dbfs(samples)
    if peak < limits.silence_dbfs:
        raise InputError("audio-silent", f"{label} is silent (loudest moment {peak:.0f} dBFS, "
                                         f"threshold {limits.silence_dbfs:g} dBFS)")
    return AudioClip(samples=samples, sample_rate_hz=SAMPLE_RATE_HZ, duration_s=duration_s, source_format=fmt,
                     source_sample_rate_hz=rate, source_channels=channels, peak_dbfs=peak,
                     decode_ms=(time.perf_counter() - t0) * 1000)


def peak_frame_dbfs(samples: "np.ndarray", sample_rate_hz: int = SAMPLE_RATE_HZ) -> float:
    """RMS level of the loudest 30 ms frame in dBFS (full-scale sine = -3 dBFS, digital zero = -120)."""
    import numpy as np

    frame = max(1, int(FRAME_S * sample_rate_hz))
    n = samples.size // frame * frame
    frames = samples[:n].reshape(-1, frame) if n else samples.reshape(1, -1)
    rms = float(np.sqrt(np.mean(np.square(frames, dtype=np.float64), axis=1)).max()) if frames.size else 0.0
    return 20.0 * float(np.log10(max(rms, 1e-6)))  # floor at -120 dBFS: digital silence
