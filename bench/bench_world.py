"""How many simulated seconds the world runs per wall second (median of repeats).

Run: .venv/bin/python bench/bench_world.py [--minutes 60] [--repeats 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simulator.world import make_world  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()
    rows = []
    for profile in ("parked", "city", "highway", "mixed"):
        walls = []
        for i in range(args.repeats):
            w = make_world(seed=i, speed_profile=profile, overrides={"hvac.power": True})
            w.inject("tire_leak:front_left", 600)
            t0 = time.perf_counter()
            w.run(args.minutes * 60)
            walls.append(time.perf_counter() - t0)
        med = statistics.median(walls)
        rows.append((profile, med, args.minutes * 60 / med))
    print(f"world speed, {args.minutes:g} simulated minutes, median of {args.repeats} runs")
    print(f"{'profile':<10}{'wall s (median)':>18}{'sim s per wall s':>20}")
    for profile, med, ratio in rows:
        print(f"{profile:<10}{med:>18.3f}{ratio:>20.0f}")


if __name__ == "__main__":
    main()
