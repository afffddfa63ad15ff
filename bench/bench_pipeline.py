"""Per-stage turn latency, read from the pipeline's own events (nothing is re-measured).

Run: .venv/bin/python bench/bench_pipeline.py [--backend rules] [--turns 40] [--screen]
Prints the median and p95 of every stage and of the whole turn.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

UTTERANCES = [
    ("把主驾温度调到24度", "zh"), ("打开座椅加热", "zh"), ("副驾车窗打开一半", "zh"), ("有点冷", "zh"),
    ("导航去最近的充电站", "zh"), ("音量调到二十", "zh"), ("open the sunroof a bit", "en"),
    ("set the fan to level 3", "en"), ("turn on the reading light for the rear left", "en"),
    ("what's the tire pressure", "en"),
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", default="rules", help="command backend (rules, sft, ...)")
    ap.add_argument("--turns", type=int, default=40)
    ap.add_argument("--screen", action="store_true", help="attach the rendered screen to every turn")
    ap.add_argument("--speak", action="store_true", help="synthesize every reply (pyttsx3)")
    args = ap.parse_args()
    from multimodal.stats import percentile
    from simulator.events import stage_timings
    from multimodal.registry import BackendPlan
    from simulator.session import CockpitSession, SessionConfig

    plan = BackendPlan().with_role("command", args.backend)
    session = CockpitSession(SessionConfig(backends=plan if args.speak else plan.without("tts"), proactive=False))
    session.say("打开空调")  # warm-up: model load is not a turn
    per_stage: dict[str, list[float]] = {}
    totals = []
    for i in range(args.turns):
        text, lang = UTTERANCES[i % len(UTTERANCES)]
        r = session.say(text, lang=lang, screen="rendered" if args.screen else None, speak=args.speak)
        events = [e for e in session.log.for_turn(r.turn_id)]
        for stage, ms in stage_timings(events).items():
            per_stage.setdefault(stage, []).append(ms)
        totals.append((events[-1].wall_time - events[0].wall_time) * 1000)
    print(f"turn latency by stage, backend={args.backend}, {args.turns} turns, screen={args.screen}, "
          f"speak={args.speak}")
    print(f"{'stage':<10}{'median ms':>12}{'p95 ms':>10}")
    for stage, values in list(per_stage.items()) + [("turn", totals)]:
        print(f"{stage:<10}{statistics.median(values):>12.2f}{percentile(values, 95):>10.2f}")
    print(f"command: {' '.join(sys.argv)}")


if __name__ == "__main__":
    main()
