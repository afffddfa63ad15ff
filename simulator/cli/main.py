"""`cockpit-sim`: one entry point; each subcommand is a module registered as a package entry point.

Subcommands are listed in ``pyproject.toml`` under ``[project.entry-points."cockpit_sim.commands"]``
(name = module). Each module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``, and imports heavy libraries inside ``run`` so ``--help`` stays fast. The
scenario layer registers its own commands (``scenario``, ``compare``) the same way, so
``simulator/`` never imports ``scenarios/``. See docs/architecture.md.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from importlib.metadata import entry_points

from simulator.entry_points import PYPROJECT, registered
from simulator.errors import CliError

ENTRY_POINT_GROUP = "cockpit_sim.commands"


def _registered() -> dict[str, str]:
    """Subcommand name -> module, from the installed entry points, or (a checkout that was never
    installed, e.g. ``python -m simulator.cli`` from a clone) the same table in pyproject.toml."""
    found = registered(ENTRY_POINT_GROUP, PYPROJECT, entry_points)
    if not found:
        raise CliError(f"no subcommands registered under {ENTRY_POINT_GROUP!r}: "
                       "install the project (pip install -e .) so its entry points exist")
    return found


def _subcommand_modules() -> list:
    return [importlib.import_module(module) for _, module in sorted(_registered().items())]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cockpit-sim",
        description="An interactive, multimodal simulator of a car's intelligent cockpit.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _subcommand_modules():
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    try:
        parser = build_parser()
    except CliError as err:
        print(f"cockpit-sim: error: {err}", file=sys.stderr)
        return err.exit_code
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return int(args._run(args) or 0)
    except CliError as err:
        print(f"cockpit-sim {args.command}: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # a user sees a sentence, developers can ask for the traceback
        if os.environ.get("COCKPIT_SIM_DEBUG"):
            traceback.print_exc()
        print(f"cockpit-sim {args.command}: internal error: {type(err).__name__}: {err} "
              f"(set COCKPIT_SIM_DEBUG=1 for the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
