"""`cockpit-sim eval commands|asr|screen`: evaluations, one module each (``simulator/cli/eval_<name>.py``)."""

from __future__ import annotations


NAME = "eval"
HELP = "evaluate a model: commands (command model), asr (speech recognition), screen (screen reader)"


def _modules() -> list:
    from simulator.cli import eval_asr, eval_commands, eval_screen

    return [eval_asr, eval_commands, eval_screen]


def add_arguments(p) -> None:
    sub = p.add_subparsers(dest="what", metavar="WHAT", required=True)
    for module in _modules():
        sp = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(sp)
        sp.set_defaults(_eval_run=module.run)


def run(args) -> int:
    return int(args._eval_run(args) or 0)
