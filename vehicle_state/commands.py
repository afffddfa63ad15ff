"""The command schema: the contract (``vehicle_state/contract/commands.md``, the shared command spec) as code.

This module is the project's single source of truth for intents and slots. A test
(`tests/unit/test_contract.py`) parses the copy of the contract kept in
``vehicle_state/contract/commands.md`` and proves that it and this module agree.

Schema validation checks shape (known intent, known slots, types, enum words, required
slots). Value *ranges* are deliberately not enforced here: the contract says out-of-range
values are written as said and the vehicle model rejects or clamps them, so ranges live in
``SlotSpec.valid_range`` for `apply` to use.
"""

from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .signals import SEATS

ZONES: tuple[str, ...] = (*SEATS, "front", "rear", "all")
# The seats each zone word covers; SEATS lists the front row first.
ZONE_GROUPS: dict[str, tuple[str, ...]] = {
    **{seat: (seat,) for seat in SEATS},
    "front": SEATS[:2],
    "rear": SEATS[2:],
    "all": SEATS,
}

COLORS = ("red", "orange", "yellow", "green", "blue", "purple", "white", "pink")
MEDIA_SOURCES = ("radio", "bluetooth", "online", "usb")
NAV_CATEGORIES = (
    "charging_station", "gas_station", "parking", "restaurant", "service_center", "restroom", "hotel",
)
AVOID_WHAT = ("congestion", "tolls", "highways")
VEHICLE_ITEMS = (
    "speed", "range", "battery", "fuel", "tire_pressure", "cabin_temperature", "outside_temperature",
)
REASON_OUT_OF_DOMAIN = "out_of_domain"  # `unsupported`: the car cannot do it (chit-chat, a missing feature)
REASON_UNSAFE = "unsafe"  # `unsupported`: a driving control the assistant must refuse
UNSUPPORTED_REASONS = (REASON_OUT_OF_DOMAIN, REASON_UNSAFE)
MAX_COMMANDS_PER_UTTERANCE = 4


@dataclass(frozen=True)
class SlotSpec:
    """One slot of an intent. ``kind`` is bool | number | int | enum | text."""

    kind: str
    required: bool = False
    enum: tuple[str, ...] = ()
    valid_range: tuple[float, float] | None = None
    step: float | None = None


@dataclass(frozen=True)
class IntentSpec:
    name: str
    slots: Mapping[str, SlotSpec]
    note: str = ""
    # Contract rule: exactly one of these slots must be present (nav.navigate).
    exactly_one_of: tuple[str, ...] = ()

    @property
    def family(self) -> str:
        return self.name.split(".")[0]


def _s(kind: str, required: bool = False, enum: Iterable[str] = (), rng: tuple[float, float] | None = None,
       step: float | None = None) -> SlotSpec:
    return SlotSpec(kind=kind, required=required, enum=tuple(enum), valid_range=rng, step=step)


_ZONE = _s("enum", enum=ZONES)
_ON = _s("bool", required=True)
_DIRECTION = _s("enum", required=True, enum=("up", "down"))

INTENTS: dict[str, IntentSpec] = {
    spec.name: spec
    for spec in [
        IntentSpec("hvac.power", {"on": _ON, "zone": _ZONE}),
        IntentSpec("hvac.set_temperature", {"value": _s("number", True, rng=(16, 32), step=0.5), "zone": _ZONE}),
        IntentSpec("hvac.adjust_temperature", {"direction": _DIRECTION, "amount": _s("number", rng=(0.5, 16))}),
        IntentSpec("hvac.set_fan", {"level": _s("int", True, rng=(1, 7)), "zone": _ZONE}),
        IntentSpec("hvac.adjust_fan", {"direction": _DIRECTION, "amount": _s("int", rng=(1, 6))}),
        IntentSpec("hvac.ac", {"on": _ON}),
        IntentSpec("hvac.auto", {"on": _ON}),
        IntentSpec("hvac.recirculation", {"on": _ON}),
        IntentSpec("hvac.defrost", {"target": _s("enum", True, enum=("front", "rear")), "on": _ON}),
        IntentSpec("seat.heat", {"on": _ON, "level": _s("int", rng=(1, 3)), "zone": _ZONE}),
        IntentSpec("seat.ventilate", {"on": _ON, "level": _s("int", rng=(1, 3)), "zone": _ZONE}),
        IntentSpec("seat.massage", {"on": _ON, "zone": _ZONE}),
        IntentSpec("window.open", {"zone": _ZONE, "percent": _s("int", rng=(1, 100))}),
        IntentSpec("window.close", {"zone": _ZONE}),
        IntentSpec("sunroof.open", {"percent": _s("int", rng=(1, 100))}),
        IntentSpec("sunroof.close", {}),
        IntentSpec("light.ambient", {"on": _s("bool"), "color": _s("enum", enum=COLORS),
                                     "brightness": _s("int", rng=(0, 100))}),
        IntentSpec("light.reading", {"on": _ON, "zone": _ZONE}),
        IntentSpec("media.play", {"query": _s("text"), "source": _s("enum", enum=MEDIA_SOURCES)}),
        IntentSpec("media.pause", {}),
        IntentSpec("media.skip", {"direction": _s("enum", True, enum=("next", "previous"))}),
        IntentSpec("media.set_volume", {"value": _s("int", True, rng=(0, 100))}),
        IntentSpec("media.adjust_volume", {"direction": _DIRECTION, "amount": _s("int", rng=(1, 100))}),
        IntentSpec("media.mute", {"on": _ON}),
        IntentSpec("nav.navigate", {"destination": _s("text"), "category": _s("enum", enum=NAV_CATEGORIES)},
                   exactly_one_of=("destination", "category")),
        IntentSpec("nav.cancel", {}),
        IntentSpec("nav.avoid", {"what": _s("enum", True, enum=AVOID_WHAT)}),
        IntentSpec("phone.call", {"contact": _s("text", True)}),
        IntentSpec("phone.hang_up", {}),
        IntentSpec("query.vehicle", {"item": _s("enum", True, enum=VEHICLE_ITEMS)}),
        IntentSpec("query.weather", {"location": _s("text"), "day": _s("enum", enum=("today", "tomorrow"))}),
        IntentSpec("query.warning", {"name": _s("text")}),
        IntentSpec("screen.tap", {"label": _s("text", True)}),
        IntentSpec("dialog.confirm", {}),
        IntentSpec("dialog.reject", {}),
        IntentSpec("unsupported", {"reason": _s("enum", True, enum=UNSUPPORTED_REASONS)}),
    ]
}

TEXT_SLOTS = frozenset(
    name for spec in INTENTS.values() for name, slot in spec.slots.items() if slot.kind == "text"
)


class CommandValidationError(ValueError):
    """A command (or list) does not follow the contract. The message names what is wrong."""


@dataclass(frozen=True)
class Command:
    """One validated command. ``slots`` holds only what the utterance said."""

    intent: str
    slots: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"intent": self.intent, "slots": dict(self.slots)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=False)

    @property
    def spec(self) -> IntentSpec:
        return INTENTS[self.intent]

    def key(self) -> tuple:
        """A hashable canonical form: equal keys <=> equal commands under the contract."""
        return (self.intent, tuple(sorted((k, canonical_value(k, v)) for k, v in self.slots.items())))

    def __eq__(self, other: object) -> bool:  # contract equality, not dataclass identity
        if not isinstance(other, Command):
            return NotImplemented
        return self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())


def fold_text(text: str) -> str:
    """Contract folding for free text: trim, full/half-width fold (NFKC), case-fold."""
    return unicodedata.normalize("NFKC", str(text)).strip().casefold()


def canonical_value(slot: str, value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        f = float(value)
        return int(f) if f.is_integer() else f
    if isinstance(value, str):
        return fold_text(value) if slot in TEXT_SLOTS else value.strip().lower()
    return value


def _check_slot(intent: str, name: str, spec: SlotSpec, value: Any) -> Any:
    where = f"{intent}.{name}"
    if spec.kind == "bool":
        if isinstance(value, bool):
            return value
        raise CommandValidationError(f"slot {where} must be true or false, got {value!r}")
    if spec.kind in ("number", "int"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise CommandValidationError(f"slot {where} must be a number, got {value!r}")
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            raise CommandValidationError(f"slot {where} must be a finite number, got {value!r}")
        if spec.kind == "int":
            if float(value).is_integer():
                return int(value)
            raise CommandValidationError(f"slot {where} must be a whole number, got {value!r}")
        return int(value) if float(value).is_integer() else float(value)
    if spec.kind == "enum":
        if isinstance(value, str) and value.strip().lower() in spec.enum:
            return value.strip().lower()
        raise CommandValidationError(
            f"slot {where} must be one of {', '.join(spec.enum)}, got {value!r}")
    if spec.kind == "text":
        if isinstance(value, str) and value.strip():
            return value.strip()
        raise CommandValidationError(f"slot {where} must be non-empty text, got {value!r}")
    raise AssertionError(f"unknown slot kind {spec.kind}")


def validate_command(obj: Any) -> Command:
    """Check one command dict against the contract and return it as a `Command`."""
    if isinstance(obj, Command):
        obj = obj.to_dict()
    if not isinstance(obj, Mapping):
        raise CommandValidationError(f"a command must be an object with 'intent' and 'slots', got {obj!r}")
    extra = set(obj) - {"intent", "slots"}
    if extra:
        raise CommandValidationError(f"unknown command keys: {', '.join(sorted(extra))}")
    intent = obj.get("intent")
    if intent not in INTENTS:
        raise CommandValidationError(
            f"unknown intent {intent!r}; valid intents: {', '.join(INTENTS)}")
    spec = INTENTS[intent]
    slots = obj.get("slots", {}) or {}
    if not isinstance(slots, Mapping):
        raise CommandValidationError(f"{intent}: 'slots' must be an object, got {slots!r}")
    unknown = set(slots) - set(spec.slots)
    if unknown:
        allowed = ", ".join(spec.slots) or "none"
        raise CommandValidationError(
            f"{intent}: unknown slot(s) {', '.join(sorted(unknown))}; allowed: {allowed}")
    clean: dict[str, Any] = {}
    for name, slot_spec in spec.slots.items():
        if name in slots and slots[name] is not None:
            clean[name] = _check_slot(intent, name, slot_spec, slots[name])
        elif slot_spec.required:
            raise CommandValidationError(f"{intent}: missing required slot '{name}'")
    if spec.exactly_one_of:
        present = [n for n in spec.exactly_one_of if n in clean]
        if len(present) != 1:
            raise CommandValidationError(
                f"{intent}: exactly one of {' / '.join(spec.exactly_one_of)} is required, got {len(present)}")
    return Command(intent=intent, slots=clean)


def validate_commands(objs: Any) -> list[Command]:
    """Validate a list of 1..4 commands; `unsupported` must stand alone."""
    if isinstance(objs, Mapping):
        objs = [objs]
    if not isinstance(objs, list):
        raise CommandValidationError(f"commands must be a JSON list, got {type(objs).__name__}")
    if not 1 <= len(objs) <= MAX_COMMANDS_PER_UTTERANCE:
        raise CommandValidationError(
            f"an utterance gives 1..{MAX_COMMANDS_PER_UTTERANCE} commands, got {len(objs)}")
    commands = [validate_command(o) for o in objs]
    if len(commands) > 1 and any(c.intent == "unsupported" for c in commands):
        raise CommandValidationError("'unsupported' must be the only command in its list")
    return commands


def parse_commands_json(text: str) -> list[Command]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise CommandValidationError(f"commands are not valid JSON: {err.msg} at position {err.pos}") from err
    return validate_commands(data)


def commands_equal(a: Iterable[Command | Mapping], b: Iterable[Command | Mapping]) -> bool:
    """Exact match under the contract: same commands, same order."""
    ka = [validate_command(c).key() for c in a]
    kb = [validate_command(c).key() for c in b]
    return ka == kb
