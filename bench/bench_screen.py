"""Screen latency: render the simulated screen, and read it (and a foreign screenshot) with OCR.

Prints medians (ms) of --repeats runs per case, and the command that produced them.
Run: .venv/bin/python bench/bench_screen.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from multimodal.screen.ocr import OcrScreenReader  # noqa: E402
from simulator.hmi.renderer import render_screen  # noqa: E402
from vehicle_state.state import VehicleState  # noqa: E402

STATE = VehicleState({"hvac.power": True, "hvac.ac": True, "seat.heat_level.driver": 2, "media.playing": True,
                      "media.source": "bluetooth", "nav.active": True, "nav.destination": "天安门",
                      "tire_pressure_kpa.rear_right": 170, "warnings": ["tire_pressure_low:rear_right"]})


def median_ms(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    reader = OcrScreenReader()
    t0 = time.perf_counter()
    reader.warm_up()
    rows = [("ocr engine load (once)", (time.perf_counter() - t0) * 1000)]
    for lang in ("zh", "en"):
        rows.append((f"render 1280x720 {lang}", median_ms(lambda: render_screen(STATE, lang), args.repeats)))
        image, _ = render_screen(STATE, lang)
        rows.append((f"ocr read rendered {lang}", median_ms(lambda: reader.read(image), args.repeats)))
    for name in ("foreign_light", "foreign_outlined"):
        path = ROOT / "assets" / "screens" / f"{name}.png"
        rows.append((f"ocr read {name}.png", median_ms(lambda: reader.read(path), args.repeats)))
    big, _ = render_screen(STATE, "zh", size=(3840, 2160))
    rows.append(("ocr read 3840x2160 (downscaled)", median_ms(lambda: reader.read(big), args.repeats)))
    print(f"{'case':<36}{'median ms':>12}")
    for name, ms in rows:
        print(f"{name:<36}{ms:>12.1f}")
    print(f"command: .venv/bin/python bench/bench_screen.py --repeats {args.repeats}")


if __name__ == "__main__":
    main()
