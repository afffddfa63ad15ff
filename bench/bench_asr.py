"""ASR latency and real-time factor per backend, model and compute type.

Inputs: spoken commands made here with the project's TTS (espeak-ng; zh + en) and the real clips
in $COCKPIT_SIM_SHARED/external/audio/ when present (read in place, evaluation only). Every configuration
is loaded once (load time reported separately), warmed up on one clip, then each clip is
transcribed --repeats times with language detection on; medians are printed.

Run: .venv/bin/python bench/bench_asr.py [--repeats 3] [--configs base:int8,base:float32,tiny.en:int8]
     [--beam-size 5] [--openai-model PATH.pt]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.table import print_table  # noqa: E402
from multimodal.asr.audio_input import AudioLimits, load_audio  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# Third-party clips are read in place from the folder COCKPIT_SIM_SHARED names (never copied here).
EXTERNAL = Path(os.environ.get("COCKPIT_SIM_SHARED", "/nonexistent")) / "external" / "audio"
COMMANDS = {
    "en": ["open the window", "turn on the seat heating", "set the temperature to twenty two degrees",
           "navigate to the nearest gas station"],
    "zh": ["打开座椅加热", "把温度调到二十二度", "关闭空调", "导航到最近的加油站"],
}


def make_clips(folder: Path) -> list[tuple[str, str, str]]:
    """(group, lang, path) for the espeak commands and the external clips."""
    from multimodal.tts.pyttsx3_speaker import Pyttsx3Speaker

    speaker = Pyttsx3Speaker(cache_root=folder)
    clips = [(f"espeak-{lang}", lang, speaker.synthesize(text, lang).path)
             for lang, texts in COMMANDS.items() for text in texts]
    if EXTERNAL.is_dir():
        for path in sorted(EXTERNAL.iterdir()):
            if path.suffix in (".wav", ".flac"):
                clips.append(("external-" + path.name[:2], path.name[:2], str(path)))
    return clips


def make_transcriber(config: str, beam_size: int, openai_model: str | None):
    model, _, compute = config.partition(":")
    if model == "openai":
        from multimodal.asr.openai_whisper import OpenAIWhisperTranscriber

        return OpenAIWhisperTranscriber(model=openai_model, beam_size=beam_size, max_duration_s=600)
    from multimodal.asr.faster_whisper import FasterWhisperTranscriber

    return FasterWhisperTranscriber(model=model, compute_type=compute or "int8", beam_size=beam_size,
                                    max_duration_s=600)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--configs", default="base:int8,base:float32,tiny.en:int8",
                    help="comma-separated MODEL:COMPUTE_TYPE (faster-whisper) or 'openai' (needs --openai-model)")
    ap.add_argument("--beam-size", type=int, default=5)
    ap.add_argument("--openai-model", help="a Whisper .pt checkpoint for the openai-whisper backend")
    args = ap.parse_args()
    from tqdm import tqdm

    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        clips = make_clips(Path(tmp))
        decoded = {path: load_audio(path, AudioLimits(max_duration_s=600)).duration_s for _, _, path in clips}
        rows = []
        for config in configs:
            t = make_transcriber(config, args.beam_size, args.openai_model)
            load_ms = t.load()
            english_only = t.multilingual is False if hasattr(t, "multilingual") else False
            usable = [c for c in clips if not (english_only and c[1] != "en")]
            t.transcribe(usable[0][2])  # warm-up: first-call allocations are not steady state
            per_group: dict[str, list[tuple[float, float]]] = {}
            for group, _lang, path in tqdm(usable * args.repeats, desc=config, file=sys.stderr, leave=False):
                t0 = time.perf_counter()
                try:
                    t.transcribe(path)
                except Exception as err:  # noqa: BLE001 - a failed clip is reported, not fatal
                    print(f"{config} {path}: {type(err).__name__}: {err}", file=sys.stderr)
                    continue
                per_group.setdefault(group, []).append(((time.perf_counter() - t0) * 1000, decoded[path]))
            for group, samples in per_group.items():
                latency = statistics.median(ms for ms, _ in samples)
                rtf = statistics.median(ms / 1000 / dur for ms, dur in samples)
                audio = statistics.median(dur for _, dur in samples)
                rows.append((config, group, len(samples), audio, latency, rtf, load_ms))
    print_table(f"ASR latency (language detection on, beam size {args.beam_size}), median over clips x "
                f"{args.repeats} repeats",
                [("config", "<16"), ("clips", "<14"), ("n", ">4"), ("audio s", ">9.2f"), ("latency ms", ">12.0f"),
                 ("RTF", ">7.3f"), ("load ms", ">9.0f")], rows)


if __name__ == "__main__":
    main()
