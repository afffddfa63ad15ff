"""One loaded instance per backend per process, shared by every session and guarded by a lock.

Models load once (the UI loads them in the background); a backend that fails to load keeps its
error so callers can show it instead of retrying a 90-second load on every turn.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

from multimodal import registry


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
                slot.instance = registry.load(kind, name, **options)
            except Exception as err:  # noqa: BLE001 - kept and re-raised as a clear message
                slot.error = f"{kind} backend {name!r} could not load: {type(err).__name__}: {err}"
        if slot.error:
            raise RuntimeError(slot.error)
        return slot.instance


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
