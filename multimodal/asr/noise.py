"""Road noise for a car cabin, made here from a seed, and mixing it into speech at a chosen SNR.

The noise is the sum of what a microphone near the rear-view mirror hears at speed: a brown-noise
rumble with some pink noise over it, engine hum (a 30-120 Hz fundamental that rises with the
speed, and its harmonics), tyre roar (a band around 0.5-1.2 kHz, higher with speed) and HVAC
hiss (2-7 kHz). The seed picks the speed (40-130 km/h), the engine's harmonic mix and the
noise samples, so one ``NoiseSpec`` always gives the same samples. The sum can be passed through
the impulse response of a cabin-sized, absorptive shoebox room (pyroomacoustics), computed once
per process and sample rate.

SNR is measured on active speech: the speech RMS is taken over the parts Silero VAD marks as
speech (pauses and leading/trailing silence do not dilute it), and the noise RMS over those same
samples; a signal in which VAD finds no speech (a synthetic tone) falls back to 30 ms frames
within 40 dB of the loudest frame. audiomentations' ``AddBackgroundNoise`` measures the whole
clip instead, which makes a clip with long pauses look noisier than it sounds; hence our own mix.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is imported lazily so importing this module stays cheap
    import numpy as np

NOISE_TYPES = ("road",)
SNR_RANGE_DB = (-10.0, 60.0)
SAMPLE_RATE_HZ = 16000
FRAME_S = 0.03
ENERGY_GATE_DB = 40.0  # frames this far below the loudest frame count as silence (fallback only)
CABIN_SIZE_M = (2.5, 1.5, 1.2)  # length x width x height of the shoebox
CABIN_ABSORPTION = 0.45  # energy absorption of seats, carpet and headliner: a dead room, RT60 ~0.1 s
# Relative RMS of each part of the noise before the total is normalised.
_PART_GAINS = {"brown": 1.0, "pink": 0.3, "hum": 0.5, "tyre": 0.45, "hiss": 0.12}


class NoiseSpecError(ValueError):
    """A bad ``NoiseSpec`` field; ``field`` names it (type, snr_db or seed)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"noise {field}: {message}")
        self.field = field


@dataclass(frozen=True)
class NoiseSpec:
    """Which noise to add to a clip and how loud: ``snr_db`` of active speech over the noise."""

    type: str
    snr_db: float
    seed: int = 0

    def __post_init__(self) -> None:
        if self.type not in NOISE_TYPES:
            raise NoiseSpecError("type", f"unknown {self.type!r}; choose one of {', '.join(NOISE_TYPES)}")
        if isinstance(self.snr_db, bool) or not isinstance(self.snr_db, (int, float)):
            raise NoiseSpecError("snr_db", f"expected a number of dB, got {self.snr_db!r}")
        low, high = SNR_RANGE_DB
        if not (low <= float(self.snr_db) <= high):  # also rejects NaN
            raise NoiseSpecError("snr_db", f"{self.snr_db!r} is outside {low:g}..{high:g} dB")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise NoiseSpecError("seed", f"expected a whole number 0 or more, got {self.seed!r}")

    def to_dict(self) -> dict:
        return {"type": self.type, "snr_db": self.snr_db, "seed": self.seed}


# ------------------------------------------------------------------ the noise
def road_noise(n_samples: int, seed: int = 0, sample_rate_hz: int = SAMPLE_RATE_HZ,
               cabin: bool = True) -> "np.ndarray":
    """``n_samples`` of road noise (float32, RMS 1), the same for the same arguments."""
    import numpy as np

    if n_samples < 1:
        raise ValueError(f"road noise: n_samples must be 1 or more, got {n_samples}")
    rng = np.random.default_rng(seed)
    speed_kmh = float(rng.uniform(40.0, 130.0))
    rir = cabin_rir(sample_rate_hz) if cabin else None
    # Make the RIR's length extra so the kept part has no convolution start-up.
    n = n_samples + (len(rir) if rir is not None else 0)
    freqs = np.fft.rfftfreq(n, 1.0 / sample_rate_hz)
    floor = np.maximum(freqs, 20.0)  # no infinite gain at DC
    tyre_hz = 500.0 + 6.0 * speed_kmh
    parts = {
        "brown": _shaped(rng, n, 1.0 / floor),
        "pink": _shaped(rng, n, 1.0 / np.sqrt(floor)),
        "hum": _engine_hum(rng, n, sample_rate_hz, speed_kmh),
        "tyre": _shaped(rng, n, np.exp(-0.5 * (np.log(floor / tyre_hz) / 0.45) ** 2)),
        "hiss": _shaped(rng, n, ((freqs > 2000.0) & (freqs < 7000.0)).astype(float)),
    }
    noise = sum(_PART_GAINS[name] * part for name, part in parts.items())
    if rir is not None:
        noise = _convolve(noise, rir)[len(rir):len(rir) + n_samples]
    noise = noise[:n_samples]
    return (noise / max(_rms(noise), 1e-12)).astype(np.float32)


def _shaped(rng, n: int, gain) -> "np.ndarray":
    """White noise coloured by ``gain`` (one value per rfft bin), RMS 1."""
    import numpy as np

    coloured = np.fft.irfft(np.fft.rfft(rng.standard_normal(n)) * gain, n)
    return coloured / max(_rms(coloured), 1e-12)


def _engine_hum(rng, n: int, sample_rate_hz: int, speed_kmh: float) -> "np.ndarray":
    """Engine firing frequency and harmonics, with a slow +-2 % wander of the revs; RMS 1."""
    import numpy as np

    f0_hz = min(120.0, 30.0 + 0.75 * speed_kmh)
    t = np.arange(n) / sample_rate_hz
    wander = 1.0 + 0.02 * np.sin(2 * np.pi * rng.uniform(0.1, 0.4) * t + rng.uniform(0, 2 * np.pi))
    phase = 2 * np.pi * np.cumsum(f0_hz * wander) / sample_rate_hz
    hum = np.zeros(n)
    for k in range(1, 7):
        hum += rng.uniform(0.3, 1.0) / k * np.sin(k * phase + rng.uniform(0, 2 * np.pi))
    return hum / max(_rms(hum), 1e-12)


@functools.lru_cache(maxsize=4)
def cabin_rir(sample_rate_hz: int = SAMPLE_RATE_HZ) -> "np.ndarray":
    """Impulse response from the floor at the front (engine, tyres) to a microphone at the mirror
    in a 2.5 x 1.5 x 1.2 m absorptive shoebox; computed once per sample rate (pyroomacoustics)."""
    import numpy as np
    import pyroomacoustics as pra

    room = pra.ShoeBox(list(CABIN_SIZE_M), fs=sample_rate_hz, materials=pra.Material(CABIN_ABSORPTION),
                       max_order=12)
    room.add_source([2.2, 0.75, 0.15])
    room.add_microphone([1.2, 0.75, 1.05])
    room.compute_rir()
    rir = np.asarray(room.rir[0][0], dtype=np.float64)
    rir.setflags(write=False)  # shared by every caller through the cache
    return rir


def _convolve(signal, kernel) -> "np.ndarray":
    import numpy as np

    n = len(signal) + len(kernel) - 1
    size = 1 << (n - 1).bit_length()
    return np.fft.irfft(np.fft.rfft(signal, size) * np.fft.rfft(kernel, size), size)[:n]


# ------------------------------------------------------------------ mixing
def _rms(x) -> float:
    import numpy as np

    return float(np.sqrt(np.mean(np.square(x, dtype=np.float64)))) if len(x) else 0.0


def active_mask(speech, sample_rate_hz: int = SAMPLE_RATE_HZ, use_vad: bool = True) -> "np.ndarray":
    """Boolean mask of the samples that are speech: Silero VAD's chunks, or, when VAD finds none
    (or ``use_vad`` is False), 30 ms frames within 40 dB of the loudest frame."""
    import numpy as np

    mask = np.zeros(len(speech), dtype=bool)
    if use_vad and sample_rate_hz == SAMPLE_RATE_HZ:
        from multimodal.asr.base import silero_speech_chunks

        for chunk in silero_speech_chunks(np.asarray(speech, dtype=np.float32)):
            mask[chunk["start"]:chunk["end"]] = True
        if mask.any():
            return mask
    frame = max(1, int(FRAME_S * sample_rate_hz))
    n_frames = math.ceil(len(speech) / frame)
    padded = np.zeros(n_frames * frame)
    padded[:len(speech)] = speech
    frame_rms = np.sqrt(np.mean(padded.reshape(n_frames, frame) ** 2, axis=1))
    loud = frame_rms >= frame_rms.max() * 10 ** (-ENERGY_GATE_DB / 20)
    return np.repeat(loud, frame)[:len(speech)]


def mix_at_snr(speech, noise, snr_db: float, sample_rate_hz: int = SAMPLE_RATE_HZ,
               use_vad: bool = True) -> "np.ndarray":
    """``speech`` plus ``noise`` scaled so active speech is ``snr_db`` louder (float32).

    Both RMS values are taken over the same active-speech samples (see ``active_mask``). ``noise``
    must be at least as long as ``speech``; its first ``len(speech)`` samples are used. A mix that
    would clip is scaled down as a whole, which keeps the SNR.
    """
    import numpy as np

    speech = np.asarray(speech, dtype=np.float64)
    noise = np.asarray(noise, dtype=np.float64)
    if len(noise) < len(speech):
        raise ValueError(f"mix: noise has {len(noise)} samples, speech {len(speech)}; noise must be as long")
    if not math.isfinite(snr_db):
        raise ValueError(f"mix: snr_db must be a finite number, got {snr_db!r}")
    noise = noise[:len(speech)]
    mask = active_mask(speech, sample_rate_hz, use_vad)
    speech_rms, noise_rms = _rms(speech[mask]), _rms(noise[mask])
    if speech_rms == 0.0 or noise_rms == 0.0:
        raise ValueError("mix: the speech or the noise is silent; no SNR can be set")
    mixed = speech + noise * (speech_rms / noise_rms) * 10 ** (-snr_db / 20)
    peak = float(np.max(np.abs(mixed)))
    if peak > 1.0:
        mixed /= peak
    return mixed.astype(np.float32)


def add_noise(speech, spec: NoiseSpec, sample_rate_hz: int = SAMPLE_RATE_HZ) -> "np.ndarray":
    """``speech`` with the noise ``spec`` names mixed in at its SNR (see ``mix_at_snr``)."""
    noise = road_noise(len(speech), spec.seed, sample_rate_hz)
    return mix_at_snr(speech, noise, float(spec.snr_db), sample_rate_hz)
