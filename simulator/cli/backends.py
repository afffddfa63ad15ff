"""`cockpit-sim backends`: every registered backend, its languages and whether it runs here."""

from __future__ import annotations

from simulator.cli.argparsing import print_json

NAME = "backends"
HELP = "list the ASR, TTS, screen and command backends and whether each is available here"


def add_arguments(p) -> None:
    p.add_argument("--json", action="store_true")


def run(args) -> int:
    from multimodal.registry import BACKENDS, DEFAULTS, describe

    rows = []
    for kind in BACKENDS:
        for info in describe(kind):
            rows.append({**info.to_dict(), "default": DEFAULTS[kind] == info.name})
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        mark = "*" if r["default"] else " "
        ok = "yes" if r["available"] else "no "
        print(f"{mark} {r['kind']:<8}{r['name']:<16}{ok}  {','.join(r['languages']):<8}{r['detail']}")
    print("(* = default)")
    return 0
