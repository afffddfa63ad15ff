"""openai-whisper backend on a tiny randomly initialised Whisper saved the way load_model expects.

No real checkpoint is reachable here; this proves the code path (load a local .pt, VAD trim,
language detection restricted to zh/en, decode with bounded length) runs and returns typed
results. The text is garbage by construction, so only shapes and types are checked.
"""

import shutil
import subprocess

import pytest

from multimodal.protocols import BackendUnavailable, InputError, Transcript

torch = pytest.importorskip("torch")
whisper = pytest.importorskip("whisper")


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory):
    from whisper.model import ModelDimensions, Whisper

    dims = ModelDimensions(n_mels=80, n_audio_ctx=1500, n_audio_state=64, n_audio_head=2, n_audio_layer=1,
                           n_vocab=51865, n_text_ctx=448, n_text_state=64, n_text_head=2, n_text_layer=1)
    torch.manual_seed(0)
    path = tmp_path_factory.mktemp("whisper") / "tiny-random.pt"
    torch.save({"dims": dims.__dict__, "model_state_dict": Whisper(dims).state_dict()}, path)
    return path


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    if not shutil.which("espeak-ng"):
        pytest.skip("espeak-ng missing")
    path = tmp_path_factory.mktemp("speech") / "open.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(path), "open the window"], check=True, timeout=30)
    return path


def test_random_checkpoint_runs_end_to_end(checkpoint, speech):
    from multimodal.asr.openai_whisper import OpenAIWhisperTranscriber

    t = OpenAIWhisperTranscriber(model=str(checkpoint), beam_size=2, max_new_tokens=16)
    for lang in (None, "zh", "en"):
        try:
            out = t.transcribe(speech, lang=lang)
        except InputError as err:  # a random model may emit only blanks; that is the documented error
            assert err.code == "audio-no-speech"
            continue
        assert isinstance(out, Transcript) and isinstance(out.text, str)
        assert out.lang in ("zh", "en") and (lang is None or out.lang == lang)
        assert 1.0 < out.duration_s < 3.0
        assert all(0 <= s.start_s <= s.end_s <= out.duration_s + 0.001 for s in out.segments)
        assert out.timings["asr"] > 0 and "decode_audio" in out.timings
    info = t.info()
    assert info.name == "openai-whisper" and "loaded" in info.detail


def test_missing_checkpoint_and_bad_language(tmp_path, speech):
    from multimodal.asr.openai_whisper import OpenAIWhisperTranscriber

    with pytest.raises(BackendUnavailable):
        OpenAIWhisperTranscriber(model=str(tmp_path / "none.pt")).transcribe(speech)
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a checkpoint")
    with pytest.raises(BackendUnavailable):
        OpenAIWhisperTranscriber(model=str(bad)).load()
    with pytest.raises(InputError) as err:
        OpenAIWhisperTranscriber(model=str(bad)).transcribe(speech, lang="de")
    assert err.value.code == "lang-unsupported"


def test_describe_reports_availability_without_loading():
    from multimodal.asr.openai_whisper import OpenAIWhisperTranscriber

    info = OpenAIWhisperTranscriber.describe()
    assert info.available and set(info.languages) == {"zh", "en"}
    assert "checkpoint" in info.detail
