"""Clean-up of a clip's samples before VAD and Whisper: one named chain of filters.

A chain is filter names joined by ``+`` and applied left to right, e.g. ``highpass`` or
``highpass+noisereduce``; ``none`` (or None) leaves the samples alone. The filters:

``highpass``     4th-order Butterworth high-pass at 100 Hz: removes engine hum fundamentals and
                 most road rumble, which hold much of a car's noise energy and no speech.
``noisereduce``  stationary spectral gating (noisereduce): road noise at steady speed is close to
                 stationary, so a noise profile estimated from the whole clip fits it.
``rnnoise``      RNNoise (the library in the pyrnnoise wheel, weights compiled in), run at its 48 kHz;
                 pyrnnoise is the optional extra ``cockpit-sim[rnnoise]``.

Which chain is the default and why is measured in docs/voice.md ("Road noise").
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import time
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    import numpy as np

    from multimodal.asr.audio_input import AudioClip

SAMPLE_RATE_HZ = 16000
HIGHPASS_CUTOFF_HZ = 100.0
RNNOISE_RATE_HZ = 48000
RNNOISE_FRAME = 480  # samples per RNNoise frame at 48 kHz (10 ms)
DEFAULT_DENOISE = "highpass"  # what every Whisper backend applies unless told otherwise (docs/voice.md)


def _highpass(samples: "np.ndarray", sample_rate_hz: int) -> "np.ndarray":
    from scipy.signal import butter, sosfilt

    sos = butter(4, HIGHPASS_CUTOFF_HZ, btype="highpass", fs=sample_rate_hz, output="sos")
    return sosfilt(sos, samples)


def _noisereduce(samples: "np.ndarray", sample_rate_hz: int) -> "np.ndarray":
    import noisereduce

    return noisereduce.reduce_noise(y=samples, sr=sample_rate_hz, stationary=True, n_jobs=1)


@functools.lru_cache(maxsize=1)
def _rnnoise_lib():
    """librnnoise.so as shipped in the pyrnnoise wheel, loaded with ctypes.

    Importing ``pyrnnoise`` itself pulls in audiolab, which needs a newer PyAV than faster-whisper's
    pinned one; ``find_spec`` locates the package without running its ``__init__``.
    """
    import ctypes
    from pathlib import Path

    spec = importlib.util.find_spec("pyrnnoise")  # parse_chain has checked it is installed
    lib = ctypes.CDLL(str(Path(list(spec.submodule_search_locations)[0]) / "librnnoise.so"))
    lib.rnnoise_create.argtypes = [ctypes.c_void_p]
    lib.rnnoise_create.restype = ctypes.c_void_p
    lib.rnnoise_destroy.argtypes = [ctypes.c_void_p]
    lib.rnnoise_process_frame.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_float),
                                          ctypes.POINTER(ctypes.c_float)]
    lib.rnnoise_process_frame.restype = ctypes.c_float
    return lib


def _rnnoise(samples: "np.ndarray", sample_rate_hz: int) -> "np.ndarray":
    import ctypes

    import numpy as np
    from scipy.signal import resample_poly

    lib = _rnnoise_lib()
    # RNNoise works on 10 ms frames of 16-bit-scaled floats at 48 kHz.
    up = resample_poly(np.clip(samples, -1.0, 1.0), RNNOISE_RATE_HZ, sample_rate_hz) * 32767.0
    n_frames = -(-len(up) // RNNOISE_FRAME)
    frames = np.zeros(n_frames * RNNOISE_FRAME, dtype=np.float32)
    frames[:len(up)] = up
    state = lib.rnnoise_create(None)
    try:
        for i in range(n_frames):
            frame = frames[i * RNNOISE_FRAME:(i + 1) * RNNOISE_FRAME]  # a view: processed in place
            ptr = frame.ctypes.data_as(ctypes.POINTER(ctypes.c_float))
            lib.rnnoise_process_frame(state, ptr, ptr)
    finally:
        lib.rnnoise_destroy(state)
    return resample_poly(frames[:len(up)] / 32767.0, sample_rate_hz, RNNOISE_RATE_HZ)[:len(samples)]


PACKAGES = {"highpass": "scipy", "noisereduce": "noisereduce", "rnnoise": "pyrnnoise"}
PINS = {"scipy": "scipy==1.17.1", "noisereduce": "noisereduce==3.0.3", "pyrnnoise": "pyrnnoise==0.4.3"}
FILTERS: dict[str, Callable[["np.ndarray", int], "np.ndarray"]] = {
    "highpass": _highpass, "noisereduce": _noisereduce, "rnnoise": _rnnoise,
}


def parse_chain(chain: str | None) -> tuple[str, ...]:
    """The filter names of ``chain`` (empty for None or "none"); ValueError names an unknown one."""
    if chain is None or chain.strip().lower() in ("", "none"):
        return ()
    names = tuple(part.strip().lower() for part in chain.split("+"))
    unknown = [name for name in names if name not in FILTERS]
    if unknown:
        raise ValueError(f"denoise: unknown filter {unknown[0]!r}; use none or "
                         f"{', '.join(FILTERS)} joined by '+'")
    for name in names:
        package = PACKAGES.get(name)
        if package and importlib.util.find_spec(package) is None:
            raise ValueError(f"denoise: {name} needs the {package} package: `pip install {PINS[package]}`")
    return names


def denoise(samples: "np.ndarray", chain: str | None, sample_rate_hz: int = SAMPLE_RATE_HZ) -> "np.ndarray":
    """``samples`` through the filters of ``chain`` (float32, clipped to [-1, 1])."""
    import numpy as np

    names = parse_chain(chain)
    if not names:
        return samples
    out = np.asarray(samples, dtype=np.float64)
    for name in names:
        out = FILTERS[name](out, sample_rate_hz)
    return np.clip(out, -1.0, 1.0).astype(np.float32)


def denoise_clip(clip: "AudioClip", chain: str | None, timings: dict[str, float]) -> "AudioClip":
    """``clip`` with its samples through ``chain``, the milliseconds recorded as ``denoise``."""
    if not parse_chain(chain):
        return clip
    t0 = time.perf_counter()
    samples = denoise(clip.samples, chain, clip.sample_rate_hz)
    timings["denoise"] = (time.perf_counter() - t0) * 1000
    return dataclasses.replace(clip, samples=samples)
