"""TTS latency and real-time factor (synthesis time / speech duration) for pyttsx3 + espeak-ng.

Each sentence is synthesised --repeats times with the cache off (fresh render each time), from
a worker thread as the app does; a final pass measures a cache hit. Medians are printed.

Run: .venv/bin/python bench/bench_tts.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.table import print_table  # noqa: E402
from multimodal.tts.pyttsx3_speaker import Pyttsx3Speaker  # noqa: E402

SENTENCES = {
    "zh": ["好的，已为您打开座椅加热。", "温度已调到二十二度。", "前方三百米右转，进入主路。"],
    "en": ["Okay, seat heating is on.", "The temperature is now 22 degrees.",
           "In three hundred meters, turn right onto the main road."],
}


def in_thread(fn):
    out = {}
    th = threading.Thread(target=lambda: out.setdefault("v", fn()))
    th.start()
    th.join()
    return out["v"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Pyttsx3Speaker(use_cache=False, cache_root=tmp)
        cached = Pyttsx3Speaker(cache_root=tmp)
        rows = []
        for lang, texts in SENTENCES.items():
            ms, rtf, dur, hit = [], [], [], []
            for text in texts:
                cached.synthesize(text, lang)
                for _ in range(args.repeats):
                    t0 = time.perf_counter()
                    audio = in_thread(lambda: fresh.synthesize(text, lang))
                    elapsed = time.perf_counter() - t0
                    ms.append(elapsed * 1000)
                    rtf.append(elapsed / audio.duration_s)
                    dur.append(audio.duration_s)
                    t0 = time.perf_counter()
                    cached.synthesize(text, lang)
                    hit.append((time.perf_counter() - t0) * 1000)
            rows.append((lang, len(ms), statistics.median(dur), statistics.median(ms), statistics.median(rtf),
                         statistics.median(hit), fresh.last_engine))
    print_table(f"TTS pyttsx3 + espeak-ng, median of {len(SENTENCES['zh'])} sentences x {args.repeats} repeats",
                [("lang", "<6"), ("n", ">4"), ("speech s", ">10.2f"), ("synth ms", ">10.0f"), ("RTF", ">8.3f"),
                 ("cache hit ms", ">14.2f"), ("  engine", "")], [(*row[:-1], f"  {row[-1]}") for row in rows])


if __name__ == "__main__":
    main()
