"""pyttsx3 + espeak-ng: valid WAV for both languages from worker threads, cache hits, bad input."""

import io
import shutil
import threading
import wave

import pytest

from multimodal.protocols import InputError, SpeechAudio

pytest.importorskip("pyttsx3")
pytestmark = pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng missing")


@pytest.fixture()
def speaker(tmp_path):
    from multimodal.tts.pyttsx3_speaker import Pyttsx3Speaker

    return Pyttsx3Speaker(cache_root=tmp_path)


def wav_info(data: bytes):
    with wave.open(io.BytesIO(data), "rb") as w:
        return w.getnchannels(), w.getframerate(), w.getnframes() / w.getframerate()


def test_both_languages_from_worker_threads(speaker):
    results, errors = {}, []

    def work(text, lang):
        try:
            results[lang] = speaker.synthesize(text, lang)
        except Exception as exc:  # surfaced in the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=a) for a in (("打开座椅加热，温度22度", "zh"),
                                                              ("Opening the window.", "en"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for lang, audio in results.items():
        assert isinstance(audio, SpeechAudio)
        channels, rate, duration_s = wav_info(audio.wav_bytes)
        assert channels == 1 and rate == audio.sample_rate_hz
        assert 0.5 < duration_s < 10 and duration_s == pytest.approx(audio.duration_s)
        with open(audio.path, "rb") as fh:
            assert fh.read() == audio.wav_bytes
    assert results["zh"].wav_bytes != results["en"].wav_bytes


def test_mandarin_goes_through_pinyin():
    from multimodal.tts.pinyin import to_pinyin

    assert to_pinyin("打开座椅加热，温度22度") == "da3 kai1 zuo4 yi3 jia1 re4 , wen1 du4 er4 shi2 er4 du4"


def test_cache_hit_returns_the_same_file(speaker):
    first = speaker.synthesize("close the sunroof", "en")
    assert speaker.last_engine in ("pyttsx3", "espeak-ng")
    second = speaker.synthesize("close the sunroof", "en")
    assert speaker.last_engine == "cache"
    assert second.path == first.path and second.wav_bytes == first.wav_bytes
    other = speaker.synthesize("close the sunroof", "zh")  # same text, other voice: another entry
    assert other.path != first.path


def test_primary_path_is_pyttsx3(speaker):
    speaker.synthesize("turn on the fan", "en")
    assert speaker.last_engine == "pyttsx3"


def test_damaged_cache_entry_is_rendered_again(speaker):
    first = speaker.synthesize("open the trunk", "en")
    with open(first.path, "wb") as fh:
        fh.write(b"RIFF junk")
    again = speaker.synthesize("open the trunk", "en")
    assert speaker.last_engine != "cache" and wav_info(again.wav_bytes)[2] > 0.3


def test_a_cut_short_cache_entry_is_rendered_again(speaker):
    first = speaker.synthesize("close the trunk", "en")
    with open(first.path, "r+b") as fh:  # a header that announces more frames than are left
        fh.truncate(len(first.wav_bytes) // 2)
    again = speaker.synthesize("close the trunk", "en")
    assert speaker.last_engine != "cache" and wav_info(again.wav_bytes)[2] > 0.3
    speaker.synthesize("close the trunk", "en")
    assert speaker.last_engine == "cache"  # the re-rendered file is whole


def test_espeak_fallback_when_pyttsx3_fails(speaker, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("engine died")

    monkeypatch.setattr(speaker, "_render_pyttsx3", broken)
    audio = speaker.synthesize("fallback works", "en")
    assert speaker.last_engine == "espeak-ng" and wav_info(audio.wav_bytes)[2] > 0.3


@pytest.mark.parametrize("text,lang,code", [("", "en", "text-empty"), ("   ", "zh", "text-empty"),
                                            (None, "en", "text-not-a-string"), ("x" * 1001, "en", "text-too-long"),
                                            ("hello", "fr", "lang-unsupported"), ("。，！", "zh", "text-unspeakable")])
def test_bad_input(speaker, text, lang, code):
    with pytest.raises(InputError) as err:
        speaker.synthesize(text, lang)
    assert err.value.code == code


def test_cli_speak(tmp_path, monkeypatch, capsys):
    import json

    from simulator.cli.main import main

    monkeypatch.setenv("COCKPIT_SIM_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "reply.wav"
    assert main(["speak", "好的，已打开车窗", "--out", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["lang"] == "zh" and out.is_file() and wav_info(out.read_bytes())[2] > 0.5
    assert main(["speak", "", "--out", str(out)]) == 2
    assert "text-empty" in capsys.readouterr().err
    assert main(["speak", "hi", "--out", str(tmp_path / "missing" / "x.wav")]) == 2
