"""`cockpit-sim signals`: the signal catalog (names, units, ranges, VSS and VHAL names)."""

from __future__ import annotations

from simulator.cli.argparsing import print_json

NAME = "signals"
HELP = "list every vehicle signal with its range, default, VSS path and VHAL property"


def add_arguments(p) -> None:
    p.add_argument("--json", action="store_true", help="print a JSON list")


def run(args) -> int:
    from vehicle_state.signals import SIGNALS

    rows = []
    for s in SIGNALS.values():
        rng = f"{s.min_value:g}..{s.max_value:g}" if s.min_value is not None else "|".join(s.choices)
        rows.append({"name": s.name, "kind": s.kind, "range": rng, "default": s.default,
                     "vss": s.vss, "vhal": s.vhal})
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        print(f"{r['name']:<34}{r['kind']:<6}{r['range']:<24}{r['vss'] or '-':<62}{r['vhal'] or '-'}")
    return 0
