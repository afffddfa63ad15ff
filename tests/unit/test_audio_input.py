"""Audio input: every format a browser or user sends decodes to 16 kHz mono; every bad input has its code.

Test audio is made here (espeak-ng speech converted with ffmpeg), nothing is stored in the repo.
"""

import shutil
import struct
import subprocess
import zlib

import numpy as np
import pytest

from multimodal.asr.audio_input import AudioClip, AudioLimits, load_audio, peak_frame_dbfs, sniff_container
from multimodal.protocols import InputError

pytestmark = pytest.mark.skipif(not (shutil.which("ffmpeg") and shutil.which("espeak-ng")),
                                reason="needs ffmpeg and espeak-ng (Debian packages)")

FORMATS = {  # name -> ffmpeg output options (rates and channel counts chosen to differ from 16 kHz mono)
    "44k-stereo.flac": ["-ar", "44100", "-ac", "2"],
    "48k.ogg": ["-c:a", "libopus", "-ar", "48000"],
    "48k.webm": ["-c:a", "libopus", "-ar", "48000"],
    "22k.mp3": ["-ar", "22050"],
    "44k-stereo.m4a": ["-c:a", "aac", "-ar", "44100", "-ac", "2"],
    "8k.wav": ["-ar", "8000"],
    "48k-stereo-s32.wav": ["-ar", "48000", "-ac", "2", "-c:a", "pcm_s32le"],
}


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-v", "error", "-y", *map(str, args)], check=True, timeout=60)


@pytest.fixture(scope="module")
def audio_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("audio")
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(d / "speech.wav"), "open the window please"],
                   check=True, timeout=30)
    for name, opts in FORMATS.items():
        ffmpeg("-i", d / "speech.wav", *opts, d / name)
    ffmpeg("-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "2", d / "silence.wav")
    ffmpeg("-f", "lavfi", "-i", "sine=f=300:r=16000", "-af", "volume=-75dB", "-t", "2", d / "whisper-quiet.wav")
    ffmpeg("-f", "lavfi", "-i", "sine=f=300:r=8000", "-t", "31", d / "long.wav")
    ffmpeg("-i", d / "long.wav", d / "long.ogg")
    ffmpeg("-f", "lavfi", "-i", "sine=f=300:r=16000", "-t", "0.05", d / "blip.wav")
    for name, keep in (("speech.wav", 44), ("48k.ogg", 0.5), ("44k-stereo.m4a", 0.5), ("speech.wav", 0.5)):
        data = (d / name).read_bytes()
        n = keep if isinstance(keep, int) else int(len(data) * keep)
        suffix = "header-only" if isinstance(keep, int) else "half"
        (d / f"{suffix}-{name}").write_bytes(data[:n])
    flac = (d / "44k-stereo.flac").read_bytes()
    (d / "zeroed.flac").write_bytes(flac[:200] + bytes(len(flac) - 200))
    (d / "empty.wav").write_bytes(b"")
    (d / "notes.txt").write_text("open the window please\n", encoding="utf-8")
    (d / "noise.bin").write_bytes(np.random.default_rng(0).integers(0, 256, 4000, dtype=np.uint8).tobytes())
    (d / "image.png").write_bytes(tiny_png())
    return d


def tiny_png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" + b"\xff" * 6) * 1)
            + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def speech_seconds(audio_dir):
    return load_audio(audio_dir / "speech.wav").duration_s


# ------------------------------------------------------------------ good input
@pytest.mark.parametrize("name", ["speech.wav", *FORMATS])
def test_formats_decode_to_16k_mono_float32(audio_dir, speech_seconds, name):
    clip = load_audio(audio_dir / name)
    assert clip.sample_rate_hz == 16000
    assert clip.samples.dtype == np.float32 and clip.samples.ndim == 1
    assert abs(clip.duration_s - clip.samples.size / 16000) < 1e-9
    # Codecs pad a few ms (opus pre-skip, aac priming): the length must still match the speech.
    assert abs(clip.duration_s - speech_seconds) < 0.1
    assert np.abs(clip.samples).max() <= 1.0
    assert clip.peak_dbfs > -30


def test_source_properties_are_reported(audio_dir):
    clip = load_audio(audio_dir / "44k-stereo.flac")
    assert (clip.source_format, clip.source_sample_rate_hz, clip.source_channels) == ("flac", 44100, 2)
    assert load_audio(audio_dir / "48k.webm").source_format.startswith("matroska")


def test_bytes_and_path_give_the_same_samples(audio_dir):
    # m4a keeps its index at the end: bytes must go through a seekable temp file, not a pipe.
    for name in ("44k-stereo.m4a", "48k.webm"):
        from_path = load_audio(audio_dir / name)
        from_bytes = load_audio((audio_dir / name).read_bytes())
        assert np.array_equal(from_path.samples, from_bytes.samples)


def test_stereo_is_mixed_not_one_channel(tmp_path):
    # Left silent, right carries the tone: a mixdown keeps it, 3-6 dB down; taking channel 0 would be silent.
    ffmpeg("-f", "lavfi", "-i", "sine=f=440:r=16000", "-t", "1", tmp_path / "tone.wav")
    ffmpeg("-i", tmp_path / "tone.wav", "-af", "pan=stereo|c0=0*c0|c1=c0", tmp_path / "right-only.wav")
    reference = load_audio(tmp_path / "tone.wav").peak_dbfs
    mono = load_audio(tmp_path / "right-only.wav")
    assert mono.source_channels == 2
    assert reference - 6.5 < mono.peak_dbfs < reference - 2.5


def test_a_clip_passes_through(audio_dir):
    clip = load_audio(audio_dir / "speech.wav")
    assert load_audio(clip) is clip


def test_max_duration_is_configurable(audio_dir):
    assert load_audio(audio_dir / "long.wav", AudioLimits(max_duration_s=60)).duration_s == pytest.approx(31, abs=0.05)
    with pytest.raises(InputError) as err:
        load_audio(audio_dir / "speech.wav", AudioLimits(max_duration_s=0.5))
    assert err.value.code == "audio-too-long"


# ------------------------------------------------------------------ bad input
BAD = [
    ("empty.wav", "audio-empty"),
    ("notes.txt", "audio-not-audio"),
    ("noise.bin", "audio-not-audio"),
    ("image.png", "audio-not-audio"),
    ("silence.wav", "audio-silent"),
    ("whisper-quiet.wav", "audio-silent"),
    ("long.wav", "audio-too-long"),
    ("blip.wav", "audio-too-short"),
    ("header-only-speech.wav", "audio-corrupt"),
    ("half-speech.wav", "audio-corrupt"),
    ("half-48k.ogg", "audio-corrupt"),
    ("half-44k-stereo.m4a", "audio-corrupt"),
    ("zeroed.flac", "audio-corrupt"),
]


@pytest.mark.parametrize("name,code", BAD)
def test_bad_files_have_a_specific_code(audio_dir, name, code):
    with pytest.raises(InputError) as err:
        load_audio(audio_dir / name)
    assert err.value.code == code
    assert name in err.value.message  # the message names the file


@pytest.mark.parametrize("name,code", [("empty.wav", "audio-empty"), ("noise.bin", "audio-not-audio"),
                                       ("image.png", "audio-not-audio"), ("half-48k.ogg", "audio-corrupt")])
def test_bad_bytes_have_the_same_code(audio_dir, name, code):
    with pytest.raises(InputError) as err:
        load_audio((audio_dir / name).read_bytes())
    assert err.value.code == code


def test_missing_path_folder_and_wrong_type(tmp_path):
    for target in (tmp_path / "nope.wav", tmp_path):
        with pytest.raises(InputError) as err:
            load_audio(target)
        assert err.value.code == "audio-not-found"
    with pytest.raises(InputError) as err:
        load_audio(12345)
    assert err.value.code == "audio-not-audio"


def test_size_limit_is_checked_before_decoding(audio_dir):
    with pytest.raises(InputError) as err:
        load_audio(audio_dir / "speech.wav", AudioLimits(max_file_bytes=1000))
    assert err.value.code == "audio-too-large"


def test_decoding_time_is_bounded(audio_dir):
    with pytest.raises(InputError) as err:
        load_audio(audio_dir / "long.ogg", AudioLimits(max_duration_s=60, timeout_s=0.001))
    assert err.value.code == "audio-timeout"


def _through_ffmpeg(path, monkeypatch):
    from multimodal.asr import audio_input

    with monkeypatch.context() as m:
        m.setattr(audio_input, "_read_pcm_wav", lambda *_: None)
        return load_audio(path)


def test_plain_wav_is_read_in_process_as_ffmpeg_would(audio_dir, monkeypatch, tmp_path):
    # 16 kHz mono PCM: the same samples as ffmpeg's, to the bit; other rates and stereo: resampled and mixed
    # in-process, within a hair of ffmpeg's resampler.
    ffmpeg("-i", audio_dir / "speech.wav", "-ar", "16000", tmp_path / "16k.wav")
    ffmpeg("-i", audio_dir / "speech.wav", "-ar", "48000", "-ac", "2", tmp_path / "48k-stereo.wav")
    fast = load_audio(tmp_path / "16k.wav")
    assert np.array_equal(fast.samples, _through_ffmpeg(tmp_path / "16k.wav", monkeypatch).samples)
    for name in ("speech.wav", "48k-stereo.wav"):
        path = audio_dir / name if name == "speech.wav" else tmp_path / name
        fast, slow = load_audio(path), _through_ffmpeg(path, monkeypatch)
        assert fast.source_format == "wav" and abs(fast.samples.size - slow.samples.size) <= 2
        n = min(fast.samples.size, slow.samples.size)
        err = np.sum((fast.samples[:n] - slow.samples[:n]) ** 2) / np.sum(slow.samples[:n] ** 2)
        assert 10 * np.log10(1 / err) > 30, name


def test_damaged_wav_headers_are_input_errors(audio_dir):
    # Header fields the in-process reader cannot trust (here: the fmt chunk's size) hand the file to ffmpeg,
    # whose precise error the caller gets, never an exception of the wave module.
    data = bytearray((audio_dir / "speech.wav").read_bytes())
    rng = np.random.default_rng(0)
    for size in (18, 248, 1000, 100000):
        bad = bytearray(data)
        bad[16:20] = size.to_bytes(4, "little")
        with pytest.raises(InputError):
            load_audio(bytes(bad))
    for _ in range(40):
        bad = bytearray(data)
        at = int(rng.integers(4, 44))
        bad[at] = int(rng.integers(0, 256))
        try:
            load_audio(bytes(bad))
        except InputError:
            pass


def test_in_process_wav_read_stops_past_the_maximum(audio_dir):
    with pytest.raises(InputError) as err:
        load_audio(audio_dir / "long.wav", AudioLimits(max_duration_s=5))
    assert err.value.code == "audio-too-long"


def test_temp_files_for_bytes_are_removed(audio_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    load_audio((audio_dir / "8k.wav").read_bytes())
    with pytest.raises(InputError):
        load_audio(b"not audio at all")
    assert list(tmp_path.iterdir()) == []


def test_invalid_limits_are_refused():
    with pytest.raises(ValueError):
        AudioLimits(max_duration_s=0)


# ------------------------------------------------------------------ helpers
def test_peak_level():
    t = np.arange(16000) / 16000
    assert peak_frame_dbfs(np.sin(2 * np.pi * 440 * t).astype(np.float32)) == pytest.approx(-3.0, abs=0.1)
    assert peak_frame_dbfs(np.zeros(16000, np.float32)) == pytest.approx(-120.0)


def test_container_sniffing(audio_dir):
    assert sniff_container(str(audio_dir / "speech.wav")) == "wav"
    assert sniff_container(str(audio_dir / "44k-stereo.m4a")) == "mp4/m4a"
    assert sniff_container(str(audio_dir / "notes.txt")) is None
    assert isinstance(load_audio(audio_dir / "8k.wav"), AudioClip)
