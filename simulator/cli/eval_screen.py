"""`cockpit-sim eval screen`: render N random vehicle states (both languages), read them back, score.

Reports label recall, box IoU, tap accuracy (a label's resolved box centre lies inside the
drawn button), warning recall and read latency p50/p95 (multimodal.training.eval_screen).
"""

from __future__ import annotations

import random
import sys
import time
from typing import Any

from simulator.cli.argparsing import print_json
from simulator.errors import CliError

NAME = "screen"
HELP = "render random simulated screens, read them back, report label recall, box IoU and latency"
MAX_N = 2000

# Made-up names for the random states (free text the screen must show).
TRACKS = ("晴天", "夜空中最亮的星", "Blue Morning", "Road Trip Mix", "新闻早知道", "Morning Jazz")
DESTINATIONS = ("天安门", "上海虹桥站", "Airport Terminal 2", "Central Park", "西湖", "公司")


def add_arguments(p) -> None:
    p.add_argument("--n", type=int, default=20, help="screens per language (default 20)")
    p.add_argument("--seed", type=int, default=0, help="random seed of the states")
    p.add_argument("--lang", choices=("zh", "en", "both"), default="both", help="screen language(s)")
    p.add_argument("--backend", default="ocr", help="screen reader to evaluate (default ocr)")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def random_state(rng: random.Random) -> dict[str, Any]:
    """A plausible random state; warnings follow the values (low tire -> tire warning …)."""
    from vehicle_state.signals import SEATS, WHEELS, TIRE_PRESSURE_MIN_KPA

    s: dict[str, Any] = {
        "hvac.power": rng.random() < 0.7, "hvac.ac": rng.random() < 0.5, "hvac.auto": rng.random() < 0.3,
        "hvac.recirculation": rng.random() < 0.4, "hvac.defrost.front": rng.random() < 0.3,
        "hvac.defrost.rear": rng.random() < 0.3, "time_of_day_h": round(rng.uniform(0, 23.9), 2),
        "outside_temp_c": round(rng.uniform(-15, 38)), "weather": rng.choice(["clear", "cloudy", "rain", "snow"]),
        "battery_pct": round(rng.choice([rng.uniform(3, 12), rng.uniform(20, 100)])),
        "media.source": rng.choice(["online", "bluetooth", "radio", "usb"]), "media.playing": rng.random() < 0.6,
        "media.track": rng.choice(TRACKS + ("",)), "media.volume_pct": rng.randint(0, 100),
        "media.mute": rng.random() < 0.15, "nav.active": rng.random() < 0.5,
    }
    s["range_km"] = round(s["battery_pct"] * rng.uniform(4, 6))
    for seat in SEATS:
        s[f"hvac.set_temp_c.{seat}"] = rng.randrange(32, 65) / 2
        s[f"hvac.fan_level.{seat}"] = rng.randint(1, 7)
        heat = rng.choice([0, 0, 1, 2, 3])
        s[f"seat.heat_level.{seat}"] = heat
        s[f"seat.vent_level.{seat}"] = 0 if heat else rng.choice([0, 0, 1, 2, 3])
    if s["nav.active"]:
        s.update({"nav.destination": rng.choice(DESTINATIONS), "nav.remaining_km": round(rng.uniform(0.5, 300), 1),
                  "nav.eta_min": rng.randint(2, 240), "nav.congestion": rng.random() < 0.4})
    warnings = []
    for wheel in WHEELS:
        kpa = rng.uniform(150, 190) if rng.random() < 0.12 else rng.uniform(225, 260)
        s[f"tire_pressure_kpa.{wheel}"] = round(kpa)
        if kpa < TIRE_PRESSURE_MIN_KPA:
            warnings.append(f"tire_pressure_low:{wheel}")
    if s["battery_pct"] < 10:
        warnings.append("low_battery")
    if rng.random() < 0.1:
        warnings.append(rng.choice(["engine_check", "washer_fluid", "seatbelt"]))
    s["warnings"] = warnings
    return s


def run(args) -> int:
    from multimodal.protocols import BackendUnavailable, InputError
    from simulator.cli.backends import backend_errors, load_backend
    from multimodal.training.eval_screen import score_sample, summarise
    from simulator.hmi.renderer import FontMissing, render_screen

    if not 1 <= args.n <= MAX_N:
        raise CliError(f"--n must be within 1..{MAX_N}, got {args.n}")
    langs = ("zh", "en") if args.lang == "both" else (args.lang,)
    reader = load_backend("screen", args.backend)
    if hasattr(reader, "warm_up"):
        with backend_errors():
            reader.warm_up()
    from tqdm import tqdm

    rng = random.Random(args.seed)
    scores = []
    jobs = [(lang, random_state(rng)) for _ in range(args.n) for lang in langs]
    for lang, state in tqdm(jobs, desc="eval screen", unit="screen", file=sys.stderr, disable=None):
        try:
            image, layout = render_screen(state, lang)
            t0 = time.perf_counter()
            read = reader.read(image)
        except FontMissing as err:
            raise CliError(str(err)) from None
        except (InputError, BackendUnavailable) as err:
            raise CliError(str(getattr(err, "message", err))) from None
        read_ms = (time.perf_counter() - t0) * 1000
        scores.append(score_sample(layout.to_screen_info(), read, lang, read_ms, layout.timings.get("render", 0.0)))
    report = summarise(scores)
    report.update({"backend": args.backend, "n_per_lang": args.n, "seed": args.seed, "langs": list(langs),
                   "command": f"cockpit-sim eval screen --n {args.n} --seed {args.seed} --lang {args.lang} "
                              f"--backend {args.backend}"})
    if args.json:
        print_json(report)
        return 0
    print(f"screen reader {args.backend}: {len(scores)} screens ({', '.join(langs)}), seed {args.seed}")
    for name, block in [("all", report), *report["by_lang"].items()]:
        print(f"  {name:>3}: label recall {_fmt(block['label_recall'])}, box IoU mean {_fmt(block['box_iou_mean'])} "
              f"(median {_fmt(block['box_iou_median'])}), tap accuracy {_fmt(block['tap_accuracy'])}, "
              f"warning recall {_fmt(block['warning_recall'])}, read p50 {block['read_ms_p50']:.0f} ms "
              f"p95 {block['read_ms_p95']:.0f} ms, render p50 {block['render_ms_p50']:.0f} ms")
    if report["most_missed"]:
        print("  most missed labels: " + ", ".join(f"{k} ×{v}" for k, v in report["most_missed"]))
    print(f"  reproduce: {report['command']}")
    return 0


def _fmt(v: Any) -> str:
    return "n/a" if v is None else f"{v:.3f}"
