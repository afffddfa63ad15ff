"""Abuse of audio input (``multimodal.asr.audio_input.load_audio``): generated WAVs with lying headers, odd
sample formats, NaN/inf samples, silence, clipping, truncation, and plain random bytes.

Property: the answer is valid 16 kHz mono audio within the limits, or an ``InputError`` whose code is one
of the documented ones; never another exception.
"""

from __future__ import annotations

import math
import shutil
import struct

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from multimodal.asr.audio_input import SAMPLE_RATE_HZ, AudioClip, AudioLimits, load_audio
from multimodal.protocols import InputError
from tests.abuse import abuse_settings, run_counted

pytestmark = pytest.mark.skipif(not shutil.which("ffmpeg"), reason="needs ffmpeg (Debian package)")

AUDIO_CODES = {"audio-not-found", "audio-empty", "audio-too-large", "audio-not-audio", "audio-corrupt",
               "audio-too-short", "audio-too-long", "audio-silent", "audio-timeout"}
# Short limits keep every decode quick; the checks are the same at any length.
LIMITS = AudioLimits(max_duration_s=2.0, timeout_s=20.0)

# (format tag, bits per sample, numpy dtype of the payload or None for raw bytes)
SAMPLE_FORMATS = [(1, 16, "<i2"), (1, 8, "u1"), (1, 24, None), (1, 32, "<i4"), (3, 32, "<f4"), (3, 64, "<f8"),
                  (1, 12, None), (1, 0, None), (3, 16, None), (0xFFFE, 16, "<i2"), (6, 8, "u1"), (7, 8, "u1"),
                  (2, 4, None), (0x1234, 16, "<i2")]
RATES = [0, 1, 8, 4000, 8000, 16000, 44100, 48000, 96000, 192000, 384000, 2**31 - 1, 2**32 - 1]
SIGNALS = ["silence", "sine", "clipped", "noise", "nan", "inf", "dc"]


def samples(kind: str, n: int, dtype: str) -> bytes:
    t = np.arange(n) / 16000
    wave = {"silence": np.zeros(n), "sine": 0.5 * np.sin(2 * math.pi * 440 * t), "clipped": 40 * np.sin(2 * math.pi * 300 * t),
            "noise": np.random.default_rng(n).uniform(-1, 1, n), "nan": np.full(n, np.nan),
            "inf": np.where(np.arange(n) % 2, np.inf, -np.inf), "dc": np.ones(n)}[kind]
    if np.dtype(dtype).kind == "f":
        return wave.astype(dtype).tobytes()
    info = np.iinfo(dtype)
    with np.errstate(invalid="ignore"):
        scaled = np.nan_to_num(wave, nan=0.0, posinf=1.0, neginf=-1.0).clip(-1, 1) * info.max
    return scaled.astype(dtype).tobytes()


@st.composite
def wav_files(draw) -> bytes:
    """A RIFF/WAVE file whose header fields are drawn independently of the data that follows."""
    tag, bits, dtype = draw(st.sampled_from(SAMPLE_FORMATS))
    channels = draw(st.sampled_from([0, 1, 2, 6, 255, 65535]))
    rate = draw(st.sampled_from(RATES))
    n = draw(st.sampled_from([0, 1, 100, 1600, 8000, 40000]))
    payload = samples(draw(st.sampled_from(SIGNALS)), n, dtype) if dtype else draw(st.binary(max_size=4000))
    # The declared data size: honest, 2 hours' worth, zero, or more than the file holds.
    declared = draw(st.sampled_from([len(payload), 2 * 3600 * 16000 * 2, 0, 0xFFFFFFFF, len(payload) * 3 + 7]))
    block = max(1, channels * bits // 8) & 0xFFFF
    fmt = struct.pack("<HHIIHH", tag, channels, rate, (rate * block) & 0xFFFFFFFF, block, bits)
    data = (b"RIFF" + struct.pack("<I", (36 + declared) & 0xFFFFFFFF) + b"WAVE" + b"fmt " + struct.pack("<I", 16)
            + fmt + b"data" + struct.pack("<I", declared & 0xFFFFFFFF) + payload)
    cut = draw(st.sampled_from([None, None, 4, 12, 20, 30, 44, 45, len(data) // 2]))
    data = data if cut is None else data[:cut]
    flips = draw(st.lists(st.tuples(st.integers(0, max(0, len(data) - 1)), st.integers(1, 255)), max_size=3))
    buf = bytearray(data)
    for at, mask in flips:
        if buf:
            buf[at] ^= mask
    return bytes(buf)


def audio_inputs() -> st.SearchStrategy[bytes]:
    return st.one_of(wav_files(), wav_files(), st.binary(max_size=3000),
                     st.sampled_from([b"", b"RIFF", b"RIFF\x00\x00\x00\x00WAVE", b"OggS" + bytes(60),
                                      b"fLaC" + bytes(40), b"ID3" + bytes(100), b"\xff\xfb" + bytes(500),
                                      b"\x1a\x45\xdf\xa3" + bytes(64), b"caff" + bytes(32)]))


def check_clip(clip: AudioClip) -> None:
    assert clip.sample_rate_hz == SAMPLE_RATE_HZ and clip.samples.ndim == 1 and clip.samples.dtype == np.float32
    assert np.isfinite(clip.samples).all() and np.abs(clip.samples).max() <= 1.0
    assert LIMITS.min_duration_s <= clip.duration_s <= LIMITS.max_duration_s
    assert clip.peak_dbfs >= LIMITS.silence_dbfs


def test_audio_input_gives_valid_audio_or_a_coded_error():
    def prop(tally):
        @abuse_settings("audio-wav-bytes")
        @given(data=audio_inputs())
        def check(data):
            tally.add(data)
            try:
                clip = load_audio(data, LIMITS)
            except InputError as err:
                assert err.code in AUDIO_CODES, f"undocumented code {err.code!r}: {err.message}"
                assert err.message.strip()
            else:
                check_clip(clip)

        check()

    run_counted("audio-wav-bytes", prop)


def test_a_two_hour_declared_wav_is_refused_as_too_long_without_decoding_it_all():
    rate, seconds = 8000, 3.0  # three real seconds behind a header that claims two hours
    payload = samples("sine", int(rate * seconds), "<i2")
    declared = 2 * 3600 * rate * 2
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate * 2, 2, 16)
    data = b"RIFF" + struct.pack("<I", 36 + declared) + b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + \
        b"data" + struct.pack("<I", declared) + payload
    with pytest.raises(InputError) as err:
        load_audio(data, LIMITS)
    assert err.value.code == "audio-too-long"
