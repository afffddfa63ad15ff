"""`cockpit-sim sim`: run the world for some minutes and print the start/end state and events."""

from __future__ import annotations

import math

from simulator.cli.argparsing import add_set_argument, parse_inject, parse_sets, print_json
from simulator.errors import CliError

NAME = "sim"
HELP = "simulate a drive for some minutes and print the state and the events"


def add_arguments(p) -> None:
    p.add_argument("--minutes", type=float, required=True, help="simulated minutes to run")
    p.add_argument("--seed", type=int, default=0, help="random seed (same seed, same drive)")
    add_set_argument(p)
    p.add_argument("--inject", action="append", metavar="EVENT@MINUTE",
                   help="inject an event at a simulated minute, e.g. tire_leak:front_left@10, rain@5, "
                        "congestion@12, low_battery@3 (repeatable)")
    p.add_argument("--profile", default="mixed", help="speed profile: parked, city, highway or mixed")
    p.add_argument("--no-rules", action="store_true", help="do not run the proactive rules")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of suggestion texts")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def run(args) -> int:
    from simulator.drive import simulate

    if not math.isfinite(args.minutes) or args.minutes < 0:
        raise CliError(f"--minutes must be zero or positive, got {args.minutes:g}")
    if args.minutes > 7 * 24 * 60:
        raise CliError(f"--minutes is limited to one week ({7 * 24 * 60}), got {args.minutes:g}")
    overrides = parse_sets(args.sets)
    injections = [parse_inject(item) for item in args.inject or []]
    try:
        result = simulate(args.minutes * 60.0, seed=args.seed, overrides=overrides, injections=injections,
                          speed_profile=args.profile, proactive=not args.no_rules, lang=args.lang)
    except ValueError as err:
        raise CliError(str(err)) from None
    if args.json:
        print_json(result)
        return 0
    _print_timeline(result)
    return 0


def _clock(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


KEY_SIGNALS = ("speed_kph", "odometer_km", "outside_temp_c", "weather", "cabin_temp_c.driver",
               "hvac.power", "hvac.set_temp_c.driver", "tire_pressure_kpa.front_left",
               "tire_pressure_kpa.front_right", "tire_pressure_kpa.rear_left", "tire_pressure_kpa.rear_right",
               "battery_pct", "range_km", "warnings")


def _print_timeline(result: dict) -> None:
    print(f"{'time':>8}  event")
    for ev in result["events"]:
        detail = ", ".join(f"{k}={v}" for k, v in ev.items() if k not in ("type", "sim_time_s"))
        print(f"{_clock(ev['sim_time_s']):>8}  {ev['type']:<16} {detail}")
    print()
    print(f"{'signal':<32}{'start':>16}{'end':>16}")
    for name in KEY_SIGNALS:
        a, b = result["start"][name], result["end"][name]
        print(f"{name:<32}{str(a):>16}{str(b):>16}")
