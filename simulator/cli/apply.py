"""`cockpit-sim apply`: apply commands (JSON) to a fresh state; print outcomes and changes."""

from __future__ import annotations

import json

from simulator.cli.argparsing import add_set_argument, parse_sets, print_json
from simulator.errors import CliError
from vehicle_state.signals import SEATS

NAME = "apply"
HELP = "apply commands (JSON, per the command contract) to a fresh vehicle state"


def add_arguments(p) -> None:
    p.add_argument("commands", help='a JSON list of commands, e.g. \'[{"intent":"seat.heat","slots":{"on":true}}]\'')
    add_set_argument(p)
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="reply language")
    p.add_argument("--zone", default="driver", choices=SEATS,
                   help="the speaker's seat (default zone)")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def run(args) -> int:
    from vehicle_state import ApplyContext, CommandValidationError, VehicleState, apply, parse_commands_json
    from simulator.world import soak_overrides

    try:
        commands = parse_commands_json(args.commands)
    except CommandValidationError as err:
        raise CliError(str(err)) from None
    state = VehicleState(soak_overrides(parse_sets(args.sets)))
    before = state.copy()
    ctx = ApplyContext(speaker_zone=args.zone, lang=args.lang)
    outcomes = [apply(state, c, ctx) for c in commands]
    changed = {k: {"old": o, "new": n} for k, (o, n) in state.diff(before).items()}
    if args.json:
        print_json({"outcomes": [o.to_dict() for o in outcomes], "changed": changed})
        return 0
    for o in outcomes:
        print(f"[{o.status:>7}] {o.command.intent:<24} {o.reply}")
    for name, change in changed.items():
        print(f"          {name}: {json.dumps(change['old'], ensure_ascii=False)} -> "
              f"{json.dumps(change['new'], ensure_ascii=False)}")
    return 0
