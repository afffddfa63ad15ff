"""ASR accuracy and latency under cabin road noise, per clean-up chain before VAD and Whisper.

Inputs: the real clips in $COCKPIT_SIM_SHARED/external/audio/ (read in place, evaluation only). For each
denoise chain, every clip is transcribed clean and with road noise at each SNR under several noise
seeds (``multimodal.training.noise_sweep``); errors are summed over clips and seeds (corpus CER/WER),
latency is the median per clip, and the clean-up's own cost is scaled to a 4 s clip.

Run: .venv/bin/python bench/bench_asr_noise.py [--snr 20,10,5,0] [--seeds 0,1,2]
     [--configs none,highpass,noisereduce,highpass+noisereduce,rnnoise] [--beam-size 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.table import print_table  # noqa: E402

MANIFEST = Path(os.environ.get("COCKPIT_SIM_SHARED", "/nonexistent")) / "external" / "audio" / "manifest.jsonl"
SEED_STRIDE = 100  # clip i of base seed s hears seed s*100+i: no two conditions share noise


def condition_rows(reports):
    """(zh errors, zh chars, en errors, en words, latencies, denoise ms per 4 s) over ``reports``."""
    zh = [r for rep in reports for r in rep.by_file if r.lang == "zh"]
    en = [r for rep in reports for r in rep.by_file if r.lang == "en"]
    latencies = [r.latency_ms for rep in reports for r in rep.by_file]
    denoise = [r.timings["denoise"] * 4.0 / r.duration_s for rep in reports for r in rep.by_file
               if "denoise" in r.timings and r.duration_s]
    return (sum(r.errors for r in zh), sum(r.ref_units for r in zh), sum(r.errors for r in en),
            sum(r.ref_units for r in en), latencies, denoise)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--snr", default="20,10,5,0")
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--configs", default="none,highpass,noisereduce,highpass+noisereduce,rnnoise")
    ap.add_argument("--beam-size", type=int, default=5)
    args = ap.parse_args()
    if not MANIFEST.is_file():
        sys.exit(f"no real clips: {MANIFEST} (set COCKPIT_SIM_SHARED)")
    from multimodal.asr.audio_input import AudioLimits
    from multimodal.asr.faster_whisper import FasterWhisperTranscriber
    from multimodal.training.eval_asr import evaluate, load_manifest
    from multimodal.training.noise_sweep import parse_snrs, sweep

    items = load_manifest(MANIFEST)
    snrs = parse_snrs(args.snr)
    seeds = [int(s) for s in args.seeds.split(",")]
    limits = AudioLimits(max_duration_s=600)
    rows = []
    for chain in [c.strip() for c in args.configs.split(",") if c.strip()]:
        t = FasterWhisperTranscriber(beam_size=args.beam_size, max_duration_s=600, denoise=chain)
        t.load()
        by_snr = {"clean": [evaluate(t, items)]}
        for seed in seeds:
            for result in sweep(t, items, snrs, seed=seed * SEED_STRIDE, limits=limits):
                by_snr.setdefault(f"{result.snr_db:g}", []).append(result.report)
        for label, reports in by_snr.items():
            zh_e, zh_n, en_e, en_n, latencies, denoise = condition_rows(reports)
            rows.append((chain, label, f"{zh_e}/{zh_n}", zh_e / zh_n if zh_n else float("nan"), f"{en_e}/{en_n}",
                         en_e / en_n if en_n else float("nan"), statistics.median(latencies),
                         statistics.median(denoise) if denoise else 0.0))
    print_table(f"ASR under road noise: Whisper base int8, beam {args.beam_size}, seeds {args.seeds}, "
                f"{len(items)} real clips (errors summed over seeds)",
                [("denoise", "<22"), ("SNR", ">6"), ("zh err", ">9"), ("CER zh", ">8.3f"), ("en err", ">9"),
                 ("WER en", ">8.3f"), ("p50 ms", ">8.0f"), ("clean-up ms/4 s", ">17.1f")], rows)


if __name__ == "__main__":
    main()
