"""ASR evaluation over noise levels: every manifest clip with road noise mixed in at each SNR.

Clip ``i`` of the manifest gets the noise of ``NoiseSpec("road", snr_db, seed + i)``, so a sweep is
the same on every run and every clip hears different noise. Latency and RTF count transcription
only; decoding the file and mixing the noise happen before the clock starts (see ``evaluate``).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from multimodal.asr.audio_input import AudioClip, AudioLimits, load_audio
from multimodal.asr.noise import SNR_RANGE_DB, NoiseSpec, add_noise
from multimodal.protocols import Transcriber
from multimodal.training.eval_asr import EvalReport, ManifestItem, evaluate

ROW_KEYS = ("snr_db", "cer_zh", "wer_en", "p50_ms", "rtf", "n_zh", "n_en")


@dataclass(frozen=True)
class SnrReport:
    """The evaluation of every clip at one SNR."""

    snr_db: float
    report: EvalReport

    def row(self) -> dict[str, Any]:
        """``{snr_db, cer_zh, wer_en, p50_ms, rtf, n_zh, n_en}``, rounded like the report's JSON."""
        data = self.report.to_dict()
        return {"snr_db": self.snr_db, **{key: data[key] for key in ROW_KEYS[1:]}}


def parse_snrs(text: str) -> tuple[float, ...]:
    """``"20,10,5,0"`` -> (20.0, 10.0, 5.0, 0.0); ValueError saying what is wrong otherwise."""
    parts = [part.strip() for part in str(text).split(",")]
    if not any(parts):
        raise ValueError("--snr: give one or more SNRs in dB separated by commas, e.g. 20,10,5,0")
    low, high = SNR_RANGE_DB
    values = []
    for part in parts:
        try:
            value = float(part)
        except ValueError:
            raise ValueError(f"--snr: {part!r} is not a number of dB") from None
        if not math.isfinite(value) or not low <= value <= high:
            raise ValueError(f"--snr: {part} is outside {low:g}..{high:g} dB")
        values.append(value)
    if len(set(values)) != len(values):
        raise ValueError(f"--snr: {text!r} names an SNR twice")
    return tuple(values)


def noisy_audio(items: Sequence[ManifestItem], noise_type: str, snr_db: float, seed: int,
                limits: AudioLimits) -> Callable[[ManifestItem], AudioClip]:
    """``audio_for`` for ``evaluate``: the item's clip with its noise mixed in."""
    index = {item.file: i for i, item in enumerate(items)}

    def audio_for(item: ManifestItem) -> AudioClip:
        clip = load_audio(item.path, limits)
        spec = NoiseSpec(noise_type, snr_db, seed + index[item.file])
        return dataclasses.replace(clip, samples=add_noise(clip.samples, spec, clip.sample_rate_hz))

    return audio_for


def sweep(transcriber: Transcriber, items: Sequence[ManifestItem], snrs: Iterable[float], seed: int = 0,
          noise_type: str = "road", limits: AudioLimits | None = None, use_manifest_lang: bool = False,
          progress: Callable[[Iterable], Iterable] | None = None) -> list[SnrReport]:
    """One ``EvalReport`` per SNR, in the order given."""
    snrs = [NoiseSpec(noise_type, float(snr), seed).snr_db for snr in snrs]  # NoiseSpecError before any work
    limits = limits or AudioLimits()
    return [SnrReport(float(snr), evaluate(transcriber, items, use_manifest_lang, progress,
                                           noisy_audio(items, noise_type, snr, seed, limits)))
            for snr in snrs]


def plot(results: Sequence[SnrReport], path: str | Path) -> None:
    """CER zh / WER en (left) and p50 latency (right) against SNR, as a PNG (matplotlib, Agg)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = sorted((r.row() for r in results), key=lambda row: row["snr_db"])
    snrs = [row["snr_db"] for row in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for key, label in (("cer_zh", "CER zh"), ("wer_en", "WER en")):
        points = [(s, row[key]) for s, row in zip(snrs, rows) if row[key] is not None]
        if points:
            left.plot(*zip(*points), marker="o", label=label)
    left.set(xlabel="SNR (dB)", ylabel="error rate", title="accuracy vs road noise")
    left.legend()
    left.grid(alpha=0.3)
    right.plot(snrs, [row["p50_ms"] for row in rows], marker="o", color="tab:green")
    right.set(xlabel="SNR (dB)", ylabel="p50 latency (ms)", title="latency vs road noise")
    right.grid(alpha=0.3)
    fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
