"""A scenario audio step's clip with its ``noise:`` mixed in, as a file the turn reads.

The noisy clip is written as 16 kHz mono 16-bit WAV under the clip's own name in a temporary
folder that lives for the turn only; the clip's ``<clip>.txt`` words (what the ``fake`` ASR reads)
go with it, since noise does not change what was said. A clip that cannot be decoded is handed on
unchanged, so the turn reports the same error it would without noise.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterator, Mapping

from multimodal.asr.audio_input import SAMPLE_RATE_HZ, load_audio, wav_bytes
from multimodal.asr.noise import NoiseSpec, add_noise
from multimodal.protocols import InputError


def write_wav(path: Path, samples: Any, sample_rate_hz: int = SAMPLE_RATE_HZ) -> None:
    """Float samples in [-1, 1] as a mono 16-bit WAV file."""
    path.write_bytes(wav_bytes(samples, sample_rate_hz))


@contextlib.contextmanager
def noisy_audio(audio: str, noise: Mapping[str, Any] | None) -> Iterator[str]:
    """The path to hand the turn: ``audio`` itself without noise, else a noisy copy (see above)."""
    if not noise:
        yield audio
        return
    spec = NoiseSpec(**noise)
    try:
        clip = load_audio(audio)
    except InputError:
        yield audio
        return
    with tempfile.TemporaryDirectory(prefix="cockpit-noisy-") as folder:
        source = Path(audio)
        target = Path(folder) / source.name
        write_wav(target, add_noise(clip.samples, spec, clip.sample_rate_hz), clip.sample_rate_hz)
        words = source.with_name(source.name + ".txt")
        if words.is_file():
            shutil.copyfile(words, target.with_name(target.name + ".txt"))
        yield str(target)
