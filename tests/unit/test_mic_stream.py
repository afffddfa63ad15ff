"""The live microphone without a browser: synthetic chunks as Gradio sends them (int16 at 48 kHz), a loudness
detector standing in for Silero, and partial decodes run when the test says so."""

from __future__ import annotations

import wave

import numpy as np
import pytest

from multimodal.asr.audio_input import load_audio, resample, wav_bytes
from multimodal.protocols import InputError
from simulator.ui import mic_stream
from simulator.ui.mic_stream import (
    END_OF_SPEECH_S, MAX_UTTERANCE_S, PARTIAL_EVERY_S, PRE_ROLL_S, MicStream, to_mono_float32,
)

RATE_HZ = 48000
CHUNK_S = 0.1


def loud_spans(samples: np.ndarray) -> list[tuple[int, int]]:
    """10 ms frames louder than 0.05 RMS are speech: one span per run of them."""
    frame = 160
    n = samples.size // frame
    loud = np.sqrt(np.mean(samples[:n * frame].reshape(n, frame) ** 2, axis=1)) > 0.05 if n else np.zeros(0, bool)
    spans, start = [], None
    for i, on in enumerate(loud):
        if on and start is None:
            start = i
        elif not on and start is not None:
            spans.append((start * frame, i * frame))
            start = None
    if start is not None:
        spans.append((start * frame, n * frame))
    return spans


def chunk(seconds: float = CHUNK_S, speech: bool = False, rate_hz: int = RATE_HZ) -> np.ndarray:
    t = np.arange(int(seconds * rate_hz)) / rate_hz
    wave_ = 0.3 * np.sin(2 * np.pi * 300 * t) if speech else 0.001 * np.sin(2 * np.pi * 50 * t)
    return (wave_ * 32767).astype(np.int16)


class Deferred:
    """A ``spawn`` that keeps the partial decodes until the test runs them."""

    def __init__(self):
        self.pending = []

    def __call__(self, work):
        self.pending.append(work)

    def run_all(self):
        pending, self.pending = self.pending, []
        for work in pending:
            work()


@pytest.fixture()
def stream():
    return MicStream(detector=loud_spans, spawn=Deferred())


def feed(stream: MicStream, seconds: float, speech: bool):
    """Chunks until ``seconds`` have passed; the first utterance that ends, with how far in it ended."""
    for i in range(round(seconds / CHUNK_S)):
        done = stream.append(RATE_HZ, chunk(speech=speech))
        if done is not None:
            return done, (i + 1) * CHUNK_S
    return None, seconds


def test_an_utterance_ends_after_the_pause_not_before(stream):
    assert feed(stream, 2.0, speech=False)[0] is None
    assert feed(stream, 1.5, speech=True)[0] is None
    assert feed(stream, END_OF_SPEECH_S - 0.2, speech=False)[0] is None  # a pause between words
    assert feed(stream, 1.0, speech=True)[0] is None
    done, after_s = feed(stream, 3.0, speech=False)
    assert done is not None and done.ended_by == "speech-end"
    assert END_OF_SPEECH_S <= after_s < END_OF_SPEECH_S + 2 * CHUNK_S
    # 16 kHz, with the pre-roll kept before the speech and the pause after it
    assert done.samples.dtype == np.float32
    speech_and_pause_s = 1.5 + (END_OF_SPEECH_S - 0.2) + 1.0 + after_s
    assert speech_and_pause_s <= done.duration_s <= speech_and_pause_s + PRE_ROLL_S + CHUNK_S
    assert stream.duration_s == 0 and not stream.speech_seen  # ready for the next utterance


def test_an_idle_microphone_keeps_only_the_pre_roll(stream):
    assert feed(stream, 40.0, speech=False)[0] is None
    assert stream.duration_s <= PRE_ROLL_S + CHUNK_S
    assert stream.finish() is None  # nobody spoke: nothing to send


@pytest.mark.parametrize("chunk_s", [CHUNK_S, 0.35])  # 0.35 s chunks do not add up to the limit exactly
def test_a_long_utterance_ends_at_the_limit(stream, chunk_s):
    done = None
    while done is None:
        done = stream.append(RATE_HZ, chunk(chunk_s, speech=True))
    assert done.ended_by == "max-length"
    assert MAX_UTTERANCE_S - 2 * chunk_s <= done.duration_s <= MAX_UTTERANCE_S  # the recogniser's limit too
    load_audio(wav_bytes(done.samples))  # and it accepts it


def test_stop_sends_what_was_said(stream):
    feed(stream, 1.0, speech=False)
    feed(stream, 1.0, speech=True)
    done = stream.finish()
    assert done is not None and done.ended_by == "stopped" and done.duration_s >= 1.0
    assert stream.finish() is None


@pytest.mark.parametrize("rate, data, code", [
    (0, chunk(), "mic-bad-rate"),
    (48000.0, chunk(), "mic-bad-rate"),
    (True, chunk(), "mic-bad-rate"),
    (RATE_HZ, np.zeros((2, 2, 2), np.int16), "mic-bad-chunk"),
    (RATE_HZ, np.array(["a", "b"]), "mic-bad-chunk"),
    (RATE_HZ, np.array([0.1, np.nan], np.float32), "mic-bad-chunk"),
    (RATE_HZ, np.zeros(RATE_HZ * 11, np.int16), "mic-bad-chunk"),
])
def test_a_bad_chunk_is_refused_and_changes_nothing(stream, rate, data, code):
    feed(stream, 1.0, speech=True)
    before = stream.samples_16k().copy()
    with pytest.raises(InputError) as err:
        stream.append(rate, data)
    assert err.value.code == code
    assert np.array_equal(stream.samples_16k(), before) and stream.speech_seen


def test_stereo_int16_becomes_mono_float():
    left = chunk(speech=True)
    mono = to_mono_float32(np.stack([left, left], axis=1))
    assert mono.dtype == np.float32 and mono.shape == left.shape
    assert np.allclose(mono, left / 32768.0, atol=1e-4)


def test_resampling_keeps_the_pitch():
    t = np.arange(RATE_HZ) / RATE_HZ
    tone = np.sin(2 * np.pi * 1000 * t).astype(np.float32)
    out = resample(tone, RATE_HZ, 16000)
    assert out.size == 16000
    peak_hz = np.argmax(np.abs(np.fft.rfft(out))) * 16000 / out.size
    assert abs(peak_hz - 1000) <= 1


def test_partials_one_at_a_time_while_speaking(stream):
    spawn = stream.spawn
    heard = []

    def transcribe(clip):
        heard.append(clip.duration_s)
        return f"words {len(heard)}"

    feed(stream, 1.0, speech=False)
    feed(stream, PARTIAL_EVERY_S / 2, speech=True)
    assert not stream.start_partial(transcribe)  # too little speech yet
    feed(stream, PARTIAL_EVERY_S, speech=True)
    assert stream.start_partial(transcribe)
    feed(stream, PARTIAL_EVERY_S, speech=True)
    assert not stream.start_partial(transcribe)  # one in flight
    spawn.run_all()
    assert stream.partial_text == "words 1" and heard[0] >= PARTIAL_EVERY_S
    assert stream.start_partial(transcribe)
    spawn.run_all()
    assert stream.partial_text == "words 2" and heard[1] > heard[0]
    feed(stream, 0.5, speech=False)
    feed(stream, PARTIAL_EVERY_S, speech=True)
    feed(stream, 0.5, speech=False)
    assert not stream.start_partial(transcribe)  # the driver paused: the final decode comes next


def test_no_partials_when_they_would_delay_the_final(stream):
    feed(stream, 2.0, speech=True)
    stream.last_partial_ms = END_OF_SPEECH_S * 1000 + 1
    assert not stream.partial_due()
    stream.last_partial_ms = END_OF_SPEECH_S * 1000 - 100
    assert stream.partial_due()


def test_a_slow_partial_stops_partials_for_its_utterance_only(stream):
    feed(stream, 2.0, speech=True)
    stream.last_partial_ms = END_OF_SPEECH_S * 1000 + 1  # e.g. it waited behind another session's turn
    assert not stream.partial_due()
    done, _ = feed(stream, 2.0, speech=False)
    assert done is not None
    feed(stream, 2.0, speech=True)  # the next utterance measures again
    assert stream.partial_due()


@pytest.mark.parametrize("raw", [b"RIFF\0\0\0\0WAVEfmt \x10\0\0\0\x01\0", b"RIFF\0\0\0\0WAVE", b"RIFF", b""])
def test_a_cut_short_chunk_file_is_a_clear_error(tmp_path, raw):
    path = tmp_path / "chunk.wav"
    path.write_bytes(raw)
    with pytest.raises(InputError) as err:
        mic_stream.read_wav_chunk(str(path))
    assert err.value.code == "mic-bad-chunk"


def test_a_late_partial_of_a_finished_utterance_is_dropped(stream):
    feed(stream, 2.0, speech=True)
    assert stream.start_partial(lambda clip: "old words")
    done, _ = feed(stream, 2.0, speech=False)
    assert done is not None and done.partial_text == ""
    stream.spawn.run_all()
    assert stream.partial_text == ""


def test_a_failing_partial_keeps_the_last_text(stream):
    feed(stream, 2.0, speech=True)
    stream.start_partial(lambda clip: "turn on")
    stream.spawn.run_all()

    def broken(clip):
        raise InputError("audio-no-speech", "no speech")

    feed(stream, PARTIAL_EVERY_S, speech=True)
    assert stream.start_partial(broken)
    stream.spawn.run_all()
    assert stream.partial_text == "turn on" and stream.partial_due() is False  # too soon for the next one


# ---------------------------------------------------------------------- through CockpitApp
@pytest.fixture()
def mic_app(tmp_path, monkeypatch):
    from multimodal.registry import BackendPlan
    from simulator.ui.app import AppOptions, CockpitApp

    monkeypatch.setenv("COCKPIT_SIM_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("COCKPIT_SIM_HOME", str(tmp_path / "home"))
    plan = BackendPlan.from_flags(command="rules", asr="fake", screen="fake", tts="fake",
                                  options={"asr": {"transcripts": {"microphone.wav": "打开座椅加热"}}})
    a = CockpitApp(AppOptions(lang="zh", plan=plan, failure_home=str(tmp_path / "failures"), load_models=False))
    a.models._load_all()
    yield a
    a.stop()


def test_an_utterance_runs_as_a_voice_turn(mic_app, monkeypatch):
    from simulator.ui.app import session_media_dir

    ui = mic_app.sessions.get("a")
    ui.mic = MicStream(detector=loud_spans, spawn=lambda work: work())
    updates = [mic_app.mic_chunk("a", (RATE_HZ, chunk(0.25, speech=s))) for s in [False] * 4 + [True] * 8]
    assert updates[-1].speaking and updates[-1].utterance_path is None
    # the fake recogniser reads only files: the partial fails quietly, the stream goes on
    assert updates[-1].partial_text == ""
    path = None
    for _ in range(8):
        path = mic_app.mic_chunk("a", (RATE_HZ, chunk(0.25))).utterance_path or path
    assert path is not None and session_media_dir(ui.key) in __import__("pathlib").Path(path).parents
    with wave.open(path, "rb") as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (16000, 1, 2)
        assert w.getnframes() >= 2.0 * 16000
    view = mic_app.listen("a", path)
    assert view.record.audio_path == path  # kept where it is: already in the session's folder
    assert view.record.result["transcript"] == "打开座椅加热"
    assert mic_app.state_json("a")["state"]["seat.heat_level.driver"] > 0


def test_stop_without_speech_sends_nothing(mic_app):
    ui = mic_app.sessions.get("a")
    ui.mic = MicStream(detector=loud_spans, spawn=lambda work: work())
    assert mic_app.mic_chunk("a", None).utterance_path is None
    mic_app.mic_chunk("a", (RATE_HZ, chunk()))
    assert mic_app.mic_stop("a").utterance_path is None


def test_partials_use_the_sessions_recogniser(mic_app, monkeypatch):
    ui = mic_app.sessions.get("a")
    ui.mic = MicStream(detector=loud_spans, spawn=lambda work: work())
    seen = []

    class Recogniser:
        def transcribe(self, audio, lang=None):
            seen.append((audio.sample_rate_hz, lang))
            return type("T", (), {"text": "open the"})()

    monkeypatch.setattr(ui.session.backends, "asr", Recogniser())
    for s in [True] * 8:
        update = mic_app.mic_chunk("a", (RATE_HZ, chunk(speech=s)))
    assert update.partial_text == "open the" and seen and set(seen) == {(16000, None)}


def test_module_constants_are_sane():
    assert mic_stream.PARTIAL_QUIET_S < END_OF_SPEECH_S < mic_stream.VAD_WINDOW_S
    assert mic_stream.VAD_MIN_SILENCE_MS / 1000 < END_OF_SPEECH_S
