"""`cockpit-sim eval commands|asr|screen`: evaluations, one module each (``simulator/evalcli_<name>.py``)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

NAME = "eval"
HELP = "evaluate a model: commands (command model), asr (speech recognition), screen (screen reader)"


def _modules() -> list:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("evalcli_"))
    return [importlib.import_module(f"simulator.{n}") for n in names]


def add_arguments(p) -> None:
    sub = p.add_subparsers(dest="what", metavar="WHAT", required=True)
    for module in _modules():
        sp = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(sp)
        sp.set_defaults(_eval_run=module.run)


def run(args) -> int:
    return int(args._eval_run(args) or 0)
