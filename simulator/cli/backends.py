"""`cockpit-sim backends`: every registered backend, its languages and whether it runs here."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator, Mapping

from simulator.cli.argparsing import print_json
from simulator.errors import CliError

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


def load_backend(role: str, name: str | None, options: Mapping[str, Any] | None = None,
                 hint: str = "") -> Any:
    """A registry backend built for one CLI command, or a CliError that says why it cannot run here.

    ``hint`` follows the message when the backend's module or package is missing.
    """
    from multimodal import registry
    from multimodal.protocols import BackendUnavailable

    try:
        name = registry.check_name(role, name)
        cls = registry.backend_class(role, name)
    except registry.UnknownBackend as err:
        raise CliError(str(err)) from None
    except BackendUnavailable as err:
        raise CliError(f"{err}{hint}") from None
    info = cls.describe()
    if not info.available:
        raise CliError(f"{role} backend {name!r} is not available here: {info.detail}")
    try:
        instance = cls(**dict(options or {}))
    except TypeError as err:
        raise CliError(f"{role} backend {name!r} does not take these options: {err}") from None
    except BackendUnavailable as err:
        raise CliError(f"{role} backend {name!r} is not available here: {err}") from None
    except ValueError as err:
        raise CliError(f"{role} backend {name!r}: {err}") from None
    return _loaded(role, name, instance)


def _loaded(role: str, name: str, instance: Any) -> Any:
    """Load the weights now, so a broken model fails here in one line, not as a wrong answer per input."""
    from simulator.models import loaded

    try:
        return loaded(instance)
    except Exception as err:  # noqa: BLE001 - a damaged model fails in many ways; the user needs one line
        raise CliError(f"{role} backend {name!r} could not load: {type(err).__name__}: {err}") from None


@contextmanager
def backend_errors(prefix: str = "") -> Iterator[None]:
    """Turn what a backend raises on bad input, or when it cannot run here, into a one-line CliError.

    ``prefix`` (e.g. the input file's name) leads the message for bad input.
    """
    from multimodal.protocols import BackendUnavailable, InputError
    from multimodal.registry import UnknownBackend

    try:
        yield
    except InputError as err:
        raise CliError(f"{prefix}{err.message} [{err.code}]") from None
    except (UnknownBackend, BackendUnavailable) as err:
        raise CliError(str(err)) from None
