"""Argument parsing shared by subcommands: ``--set SIGNAL=VALUE`` and ``--inject EVENT@MINUTE``."""

from __future__ import annotations

import json
import math
import sys
from typing import Any

from simulator.errors import CliError
from vehicle_state.signals import UnknownSignalError
from vehicle_state.state import parse_assignment


def parse_sets(items: list[str] | None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for item in items or []:
        try:
            name, value = parse_assignment(item)
        except UnknownSignalError as err:
            raise CliError(f"--set {item}: {err}") from None
        except ValueError as err:
            raise CliError(f"--set {item}: {err}") from None
        values[name] = value
    return values


def parse_inject(item: str) -> tuple[str, float]:
    """``tire_leak:front_left@10`` -> ("tire_leak:front_left", 600.0 seconds)."""
    from simulator.world import InjectError, parse_event

    if "@" not in item:
        raise CliError(f"--inject {item}: expected EVENT@MINUTE, e.g. tire_leak:front_left@10")
    name, _, minute = item.rpartition("@")
    try:
        minute_f = float(minute)
    except ValueError:
        raise CliError(f"--inject {item}: the minute {minute!r} is not a number") from None
    if not math.isfinite(minute_f) or minute_f < 0:
        raise CliError(f"--inject {item}: the minute must be zero or positive, got {minute}")
    try:
        parse_event(name)
    except InjectError as err:
        raise CliError(f"--inject {item}: {err}") from None
    return name, minute_f * 60.0


def add_set_argument(parser) -> None:
    parser.add_argument("--set", dest="sets", action="append", metavar="SIGNAL=VALUE",
                        help="initial signal value, e.g. outside_temp_c=-5 (repeatable; see `cockpit-sim signals`)")


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def add_executor_flags(parser) -> None:
    """``--executor local|ray`` and ``--address`` for commands that can fan out over Ray actors."""
    parser.add_argument("--executor", choices=("local", "ray"), default="local",
                        help="local: this machine's processes (default); ray: Ray actors that load their models "
                             "once (needs the ray extra; see docs/ray.md)")
    parser.add_argument("--address", metavar="HOST:PORT",
                        help="with --executor ray: the cluster's head (HOST:6379, or ray://HOST:10001); "
                             "default: a private Ray on 127.0.0.1 for this run")


def check_executor_flags(args) -> None:
    """One clear line for a Ray run that cannot start: --address without ray, or ray not installed."""
    import importlib.util

    from simulator.ray_pool import INSTALL_HINT

    if args.address is not None and args.executor != "ray":
        raise CliError("--address is only used with --executor ray")
    if args.executor == "ray" and importlib.util.find_spec("ray") is None:
        raise CliError(f"--executor ray needs Ray, which is not installed: {INSTALL_HINT}")
