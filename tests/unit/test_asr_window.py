"""The fitted encoder window's size, without a model (faster-whisper's feature extractor only)."""

import numpy as np
import pytest

pytest.importorskip("faster_whisper")

from faster_whisper.feature_extractor import FeatureExtractor  # noqa: E402

from multimodal.asr.faster_whisper import FIT_PAD_S, FasterWhisperTranscriber, fitted_features  # noqa: E402

RATE = 16000


@pytest.mark.parametrize("speech_s, min_window_s, frames", [
    (3.0, 10.0, 1000),  # short commands take the 10 s floor
    (12.0, 10.0, int((12.0 + FIT_PAD_S) * 100)),  # longer speech: its own length + the pad
    (29.5, 10.0, 3000),  # never more than Whisper's 30 s
    (3.0, None, int((3.0 + FIT_PAD_S) * 100)),
    (3.013, 1.0, 402),  # an odd frame count is rounded up: the encoder halves it
])
def test_window_frames(speech_s, min_window_s, frames):
    extractor = FeatureExtractor(feature_size=80)
    speech = np.random.default_rng(0).standard_normal(int(speech_s * RATE)).astype(np.float32) * 0.1
    features = fitted_features(extractor, speech, min_window_s)
    assert features.shape == (80, frames)


def test_padding_is_silence_as_whisper_pads_it():
    # The padded tail must be what the extractor makes of zeros, not an arbitrary fill value.
    extractor = FeatureExtractor(feature_size=80)
    speech = np.random.default_rng(1).standard_normal(2 * RATE).astype(np.float32) * 0.1
    fitted = fitted_features(extractor, speech, 10.0)
    reference = extractor(np.concatenate([speech, np.zeros(8 * RATE, np.float32)]), padding=160)[:, :1000]
    assert np.allclose(fitted, reference, atol=1e-5)


@pytest.mark.parametrize("bad", [0.5, 31, -1])
def test_min_window_is_validated(bad):
    with pytest.raises(ValueError, match="min_window_s"):
        FasterWhisperTranscriber(min_window_s=bad)
