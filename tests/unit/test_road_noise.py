"""Road noise: the noise maker, mixing at an SNR, the denoisers, the SNR sweep, `eval asr --noise`
flags and the scenario `noise:` key. No speech model: synthetic signals and fakes."""

import json
import subprocess
import sys
import wave

import numpy as np
import pytest

from multimodal.asr.denoise import denoise, parse_chain
from multimodal.asr.noise import NoiseSpec, NoiseSpecError, add_noise, mix_at_snr, road_noise
from multimodal.training.noise_sweep import parse_snrs
from scenarios.loader import ScenarioFileError, load_text
from tests.conftest import ROOT

RATE = 16000


def tone_bursts(seconds_silence=1.0, seconds_tone=2.0):
    """Silence, then an amplitude-modulated 220 Hz tone, then silence: a stand-in for an utterance."""
    t = np.arange(int(seconds_tone * RATE)) / RATE
    tone = 0.3 * np.sin(2 * np.pi * 220 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))
    pad = np.zeros(int(seconds_silence * RATE))
    return np.concatenate([pad, tone, pad]).astype(np.float32), slice(len(pad), len(pad) + len(tone))


def db(x):
    return 20 * np.log10(np.sqrt(np.mean(np.square(x, dtype=np.float64))))


# ------------------------------------------------------------------ noise and mixing
@pytest.mark.parametrize("snr_db", [20.0, 10.0, 5.0, 0.0])  # no clipping here; see the next test
def test_mix_hits_the_snr_on_the_active_part(snr_db):
    speech, active = tone_bursts()
    noise = road_noise(len(speech), seed=1, cabin=False)
    mixed = mix_at_snr(speech, noise, snr_db, use_vad=False)
    added = mixed.astype(np.float64) - speech
    assert abs((db(speech[active]) - db(added[active])) - snr_db) < 0.5
    # measured over the whole clip (half of it silence) the same mix would look ~3 dB noisier
    assert db(speech) - db(added) < snr_db - 1.0


def test_mix_that_would_clip_is_scaled_as_a_whole():
    speech, active = tone_bursts()
    speech *= 3.0  # peaks near 0.9
    mixed = mix_at_snr(speech, road_noise(len(speech), seed=2, cabin=False), -5.0, use_vad=False)
    assert np.max(np.abs(mixed)) <= 1.0
    gain = np.dot(mixed[active], speech[active]) / np.dot(speech[active], speech[active])  # speech share
    added = mixed[active] - gain * speech[active]
    assert abs(db(gain * speech[active]) - db(added) - -5.0) < 0.5


def test_noise_is_deterministic_per_seed_and_mostly_low_frequency():
    a, b, c = road_noise(RATE * 2, seed=7), road_noise(RATE * 2, seed=7), road_noise(RATE * 2, seed=8)
    assert a.dtype == np.float32 and np.array_equal(a, b) and not np.allclose(a, c)
    assert abs(db(a)) < 0.01  # RMS 1
    power = np.abs(np.fft.rfft(a)) ** 2
    freqs = np.fft.rfftfreq(len(a), 1 / RATE)
    assert power[freqs < 500].sum() > 0.6 * power.sum()  # rumble, hum and tyres dominate
    assert power[freqs > 2000].sum() > 1e-4 * power.sum()  # but the HVAC hiss is there


def test_add_noise_follows_the_spec():
    speech, _ = tone_bursts()
    one = add_noise(speech, NoiseSpec("road", 5, seed=3))
    assert np.array_equal(one, add_noise(speech, NoiseSpec("road", 5, seed=3)))
    assert not np.array_equal(one, add_noise(speech, NoiseSpec("road", 5, seed=4)))


@pytest.mark.parametrize("kwargs, field", [
    ({"type": "rain", "snr_db": 5}, "type"),
    ({"type": "road", "snr_db": 61}, "snr_db"),
    ({"type": "road", "snr_db": -10.5}, "snr_db"),
    ({"type": "road", "snr_db": float("nan")}, "snr_db"),
    ({"type": "road", "snr_db": "5"}, "snr_db"),
    ({"type": "road", "snr_db": True}, "snr_db"),
    ({"type": "road", "snr_db": 5, "seed": -1}, "seed"),
    ({"type": "road", "snr_db": 5, "seed": 1.5}, "seed"),
])
def test_bad_noise_specs_name_the_field(kwargs, field):
    with pytest.raises(NoiseSpecError) as err:
        NoiseSpec(**kwargs)
    assert err.value.field == field and str(err.value).startswith(f"noise {field}: ")


def test_mix_rejects_bad_input():
    speech, _ = tone_bursts()
    with pytest.raises(ValueError, match="noise must be as long"):
        mix_at_snr(speech, np.ones(10), 5)
    with pytest.raises(ValueError, match="silent"):
        mix_at_snr(np.zeros(RATE), road_noise(RATE), 5)


# ------------------------------------------------------------------ denoisers
def test_highpass_removes_engine_hum_and_keeps_speech_band():
    t = np.arange(RATE) / RATE
    hum, voice = 0.3 * np.sin(2 * np.pi * 50 * t), 0.3 * np.sin(2 * np.pi * 1000 * t)
    assert db(denoise(hum, "highpass")[RATE // 2:]) < db(hum) - 20
    assert abs(db(denoise(voice, "highpass")[RATE // 2:]) - db(voice)) < 0.5


def test_noisereduce_lowers_stationary_noise():
    speech, active = tone_bursts()
    noisy = mix_at_snr(speech, road_noise(len(speech), seed=5, cabin=False), 5, use_vad=False)
    cleaned = denoise(noisy, "noisereduce")
    silence = slice(0, active.start)
    assert db(cleaned[silence]) < db(noisy[silence]) - 6
    assert cleaned.dtype == np.float32 and len(cleaned) == len(noisy)


def test_chains_parse_and_unknown_filters_are_named():
    assert parse_chain(None) == () and parse_chain("none") == () and parse_chain("") == ()
    assert parse_chain("highpass+noisereduce") == ("highpass", "noisereduce")
    samples = np.zeros(10, dtype=np.float32)
    assert denoise(samples, None) is samples
    with pytest.raises(ValueError, match="unknown filter 'wiener'"):
        parse_chain("highpass+wiener")


# ------------------------------------------------------------------ the SNR sweep
@pytest.mark.parametrize("text, values", [("20,10,5,0", (20.0, 10.0, 5.0, 0.0)), (" 7.5 ", (7.5,)),
                                          ("-10,60", (-10.0, 60.0))])
def test_parse_snrs(text, values):
    assert parse_snrs(text) == values


@pytest.mark.parametrize("text, words", [("abc", "'abc' is not a number"), ("", "give one or more"),
                                         ("200", "outside -10..60"), ("10,,5", "'' is not a number"),
                                         ("5,5", "twice"), ("nan", "outside")])
def test_bad_snrs(text, words):
    with pytest.raises(ValueError, match=words):
        parse_snrs(text)


class EchoTranscriber:
    """Answers each clip with its reference and keeps the samples it heard."""

    def __init__(self, items):
        self.by_duration = {}
        self.heard = []
        self.items = items

    def transcribe(self, audio, lang=None):
        from multimodal.protocols import Transcript

        self.heard.append(audio.samples)
        item = self.items[(len(self.heard) - 1) % len(self.items)]
        return Transcript(text=item.transcript, lang=item.lang, duration_s=audio.duration_s, timings={})

    def info(self):
        return None


def manifest(tmp_path):
    from scenarios.noisy_audio import write_wav

    speech, _ = tone_bursts(0.5, 1.0)
    rows = [("a.wav", "广州市", "zh-CN"), ("b.wav", "open the window", "en")]
    for name, _, _ in rows:
        write_wav(tmp_path / name, speech)
    path = tmp_path / "manifest.jsonl"
    path.write_text("\n".join(json.dumps({"file": f, "transcript": t, "language": lang}, ensure_ascii=False)
                              for f, t, lang in rows))
    return path


def test_sweep_mixes_every_clip_at_every_snr(tmp_path):
    from multimodal.training.eval_asr import load_manifest
    from multimodal.training.noise_sweep import plot, sweep

    items = load_manifest(manifest(tmp_path))
    echo = EchoTranscriber(items)
    results = sweep(echo, items, [10.0, 0.0], seed=3)
    assert [r.snr_db for r in results] == [10.0, 0.0] and len(echo.heard) == 4
    rows = [r.row() for r in results]
    assert list(rows[0]) == ["snr_db", "cer_zh", "wer_en", "p50_ms", "rtf", "n_zh", "n_en"]
    assert rows[0]["cer_zh"] == 0.0 and rows[0]["n_zh"] == 1 and rows[1]["n_en"] == 1
    at10, at0 = echo.heard[0], echo.heard[2]  # clip a at 10 dB and at 0 dB
    assert not np.array_equal(echo.heard[0], echo.heard[1])  # each clip hears its own noise
    assert db(at0) > db(at10)
    plot(results, tmp_path / "out" / "sweep.png")
    assert (tmp_path / "out" / "sweep.png").read_bytes()[:4] == b"\x89PNG"


def cli(*args):
    return subprocess.run([sys.executable, "-m", "simulator.cli.main", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


@pytest.mark.parametrize("flags, words", [
    (("--noise", "road", "--snr", "abc"), "--snr: 'abc' is not a number"),
    (("--noise", "road", "--snr", ""), "--snr: give one or more"),
    (("--noise", "road", "--snr", "200"), "--snr: 200 is outside"),
    (("--snr", "10"), "--snr needs --noise road"),
    (("--plot", "x.png"), "--plot needs --noise road"),
    (("--noise", "road", "--noise-seed", "-1"), "--noise-seed must be 0 or more"),
])
def test_eval_asr_noise_flags_fail_in_one_line(tmp_path, flags, words):
    r = cli("eval", "asr", "--manifest", str(tmp_path / "none.jsonl"), "--backend", "fake", *flags)
    assert r.returncode == 2 and words in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


# ------------------------------------------------------------------ scenarios
AUDIO = ROOT / "assets" / "audio"


def noisy_scenario(noise_yaml):
    text = f"id: n\nlang: en\nsteps:\n  - audio: en_mute.wav\n    noise: {noise_yaml}\n"
    return load_text(text, "scenarios/library/n.yaml", base_dir=AUDIO)


def test_scenario_noise_key_loads_and_shows_in_the_summary():
    (sc,) = noisy_scenario("{type: road, snr_db: 5}")
    step = sc.steps[0]
    assert step.args["noise"] == {"type": "road", "snr_db": 5, "seed": 0}
    assert step.summary() == "say audio en_mute.wav + road noise 5 dB (seed 0)"
    text = "id: m\nsteps:\n  - say: {audio: en_mute.wav, noise: {type: road, snr_db: 10, seed: 2}}\n"
    (sc,) = load_text(text, "m.yaml", base_dir=AUDIO)
    assert sc.steps[0].args["noise"] == {"type": "road", "snr_db": 10, "seed": 2}


@pytest.mark.parametrize("noise, key, words", [
    ("{type: rain, snr_db: 5}", "steps[0].noise.type", "unknown 'rain'"),
    ("{type: road, snr_db: 99}", "steps[0].noise.snr_db", "outside -10..60 dB"),
    ("{type: road, snr: 5}", "steps[0].noise.snr", "unknown key 'snr'"),
    ("{type: road}", "steps[0].noise", "needs 'snr_db'"),
    ("loud", "steps[0].noise", "takes a mapping"),
    ("{type: road, snr_db: 5, seed: -2}", "steps[0].noise.seed", "0 or more"),
])
def test_bad_scenario_noise_names_file_line_and_key(noise, key, words):
    with pytest.raises(ScenarioFileError) as err:
        noisy_scenario(noise)
    match = [i for i in err.value.issues if words in i.message]
    assert match, [str(i) for i in err.value.issues]
    assert (match[0].file, match[0].line, match[0].key) == ("scenarios/library/n.yaml", 5, key)


def test_noise_on_a_text_step_is_refused():
    with pytest.raises(ScenarioFileError) as err:
        load_text("id: t\nsteps:\n  - say: hello\n    noise: {type: road, snr_db: 5}\n", "t.yaml")
    assert any(i.key == "steps[0].noise" and i.line == 4 and "has none" in i.message for i in err.value.issues)


def test_player_mixes_the_noise_into_the_clip_before_the_turn():
    from multimodal.fakes import FakeCommandModel, FakeTranscriber
    from scenarios.runner import play
    from simulator.pipeline import Backends

    heard = []

    class Listening(FakeTranscriber):
        def transcribe(self, audio, lang=None):
            with wave.open(str(audio), "rb") as w:
                heard.append(np.frombuffer(w.readframes(w.getnframes()), dtype="<i2") / 32767)
            return super().transcribe(audio, lang)

    (sc,) = noisy_scenario("{type: road, snr_db: 0}")
    table = {"please mute the music": [{"intent": "media.mute", "slots": {"on": True}}]}
    result = play(sc, backends=Backends(command=FakeCommandModel(table), asr=Listening()))
    assert result.steps[0].turn["transcript"] == "please mute the music"
    with wave.open(str(AUDIO / "en_mute.wav"), "rb") as w:
        clean = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2") / 32767
    (noisy,) = heard
    assert len(noisy) == len(clean) and db(noisy - clean) > db(clean) - 12  # noise near speech level


@pytest.mark.parametrize("flags, words", [
    (("--denoise", "highpass+wiener"), "--denoise: unknown filter 'wiener'"),
    (("--backend", "fake", "--denoise", "highpass"), "--denoise only applies to the Whisper backends"),
])
def test_denoise_flag_errors(tmp_path, flags, words):
    r = cli("eval", "asr", "--manifest", str(manifest(tmp_path)), *flags)
    assert r.returncode == 2 and words in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_unknown_denoiser_fails_when_the_transcriber_is_made():
    from multimodal.asr.faster_whisper import FasterWhisperTranscriber

    with pytest.raises(ValueError, match="unknown filter 'magic'"):
        FasterWhisperTranscriber(denoise="magic")
    assert FasterWhisperTranscriber(denoise="highpass").denoise == "highpass"
