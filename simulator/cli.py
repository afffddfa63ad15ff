"""`cockpit-sim`: one entry point, one module per subcommand (``simulator/cli_<name>.py`` and
``scenarios/cli_<name>.py``).

Each subcommand module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``, and imports heavy libraries inside ``run`` so ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import traceback
from pathlib import Path

from simulator.errors import CliError


# Subcommands are plugins: modules named cli_<name>.py in these packages. The scenario layer plugs
# its commands (scenario, compare) in from above, so simulator/ never imports scenarios/.
PLUGIN_PACKAGES = ("simulator", "scenarios")


def _subcommand_modules() -> list:
    modules = []
    for package in PLUGIN_PACKAGES:
        here = Path(__file__).resolve().parents[1] / package
        names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("cli_"))
        modules += [importlib.import_module(f"{package}.{name}") for name in names]
    return modules


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
    parser = build_parser()
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
