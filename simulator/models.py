"""One loaded instance per backend per process, shared by every session and guarded by a lock.

Models load once, and fully (a backend's ``load()`` runs here, not at its first turn; the UI loads them in
the background); a backend that fails to load keeps its error so callers can show it instead of retrying a
90-second load on every turn. ``command_or_rules`` gives the rules backend in place of a command model that
cannot load, with the reason on every parse.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, replace
from typing import Any

from multimodal import registry
from multimodal.protocols import ParseResult

RULES = "rules"  # the command backend that answers when the one asked for cannot


@dataclass
class _Slot:
    lock: threading.Lock
    instance: Any = None
    error: str | None = None


_slots: dict[tuple, _Slot] = {}
_slots_lock = threading.Lock()


def get_backend(kind: str, name: str | None = None, **options: Any) -> Any:
    """The shared instance of a backend; raises the load error (cached) if it cannot load."""
    name = name or registry.DEFAULTS[kind]
    # Options may hold dicts or lists (e.g. a fake ASR's transcripts), so key on their JSON form.
    key = (kind, name, json.dumps(options, sort_keys=True, default=str))
    with _slots_lock:
        slot = _slots.setdefault(key, _Slot(threading.Lock()))
    with slot.lock:
        if slot.instance is None and slot.error is None:
            try:
                slot.instance = loaded(registry.load(kind, name, **options))
            except Exception as err:  # noqa: BLE001 - kept and re-raised as a clear message
                slot.error = f"{kind} backend {name!r} could not load: {type(err).__name__}: {err}"
        if slot.error:
            raise RuntimeError(slot.error)
        return slot.instance


def loaded(instance: Any) -> Any:
    """``instance`` after its ``load()`` and ``warm_up()`` (when it has them): a backend that builds its model
    lazily would otherwise count as loaded here and then fail every turn (e.g. a damaged weights cache), and a
    model's first call is several times slower than the next ones, so "loaded" means ready at steady speed."""
    for step in ("load", "warm_up"):
        call = getattr(instance, step, None)
        if callable(call):
            call()
    return instance


class RulesStandIn:
    """The rules backend answering for a command model that could not load; every parse says why."""

    def __init__(self, reason: str):
        self.reason = reason
        self.rules = get_backend("command", RULES)

    def parse_detailed(self, text: str, lang: str | None = None, context: Any = None) -> ParseResult:
        return stood_in(self.rules.parse_detailed(text, lang=lang, context=context), self.reason)

    def parse(self, text: str, lang: str | None = None, context: Any = None) -> list:
        return list(self.parse_detailed(text, lang, context).commands)

    def info(self) -> Any:
        return self.rules.info()


def stood_in(result: ParseResult, reason: str) -> ParseResult:
    """A rules answer marked as standing in for the command model asked for, and why."""
    return replace(result, backend=RULES, fallback=result.fallback or RULES, fallback_reason=reason)


def command_or_rules(name: str | None, options: dict[str, Any]) -> Any:
    """The shared command backend, or a RulesStandIn saying why it could not load (rules itself must load)."""
    try:
        return get_backend("command", name, **options)
    except RuntimeError as err:
        if (name or registry.DEFAULTS["command"]) == RULES:
            raise
        return RulesStandIn(str(err))


def status() -> dict[str, str]:
    """'kind/name' -> loaded | loading | failed: <why>, for the UI's model panel."""
    out = {}
    with _slots_lock:
        items = list(_slots.items())
    for (kind, name, _), slot in items:
        if slot.error:
            out[f"{kind}/{name}"] = f"failed: {slot.error}"
        elif slot.instance is not None:
            out[f"{kind}/{name}"] = "loaded"
        else:
            out[f"{kind}/{name}"] = "loading"
    return out
