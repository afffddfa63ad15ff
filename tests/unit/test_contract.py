"""The command schema in code agrees with the contract (commands.md), slot for slot."""

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED
from vehicle_state.commands import (
    INTENTS, ZONES, Command, CommandValidationError, commands_equal, validate_command, validate_commands,
)

CONTRACT = ROOT / "vehicle_state" / "contract" / "commands.md"


def parse_contract(text: str) -> dict[str, dict[str, tuple[str, bool, tuple[str, ...]]]]:
    """intent -> slot -> (kind, required, enum values) from the contract's intent table."""
    section = text.split("## Intents", 1)[1].split("## Conventions", 1)[0]
    out = {}
    for line in section.splitlines():
        m = re.match(r"\|\s*`([a-z_.]+)`\s*\|((?:[^|\\]|\\\||\\)*)\|", line)
        if not m:
            continue
        intent, cell = m.group(1), m.group(2).strip()
        slots = {}
        if cell not in ("—", "-", ""):
            for item in re.split(r",\s*(?=`)", cell):
                sm = re.match(r"`(\w+)`(\?)?\s*(.*)", item.strip())
                assert sm, f"cannot parse slot {item!r} of {intent}"
                name, optional, desc = sm.group(1), bool(sm.group(2)), sm.group(3).strip()
                if name == "zone" and not desc:
                    kind, enum = "enum", ZONES
                elif "\\|" in desc:
                    kind, enum = "enum", tuple(v.strip() for v in desc.split()[0].split("\\|"))
                else:
                    kind, enum = desc.split()[0], ()
                slots[name] = (kind, not optional, enum)
        out[intent] = slots
    return out


def test_code_matches_contract_copy():
    contract = parse_contract(CONTRACT.read_text(encoding="utf-8"))
    assert set(contract) == set(INTENTS)
    for intent, slots in contract.items():
        spec = INTENTS[intent]
        assert set(slots) == set(spec.slots), intent
        for name, (kind, required, enum) in slots.items():
            code = spec.slots[name]
            assert code.kind == kind, (intent, name)
            assert code.required == required, (intent, name)
            assert code.enum == enum, (intent, name)


@pytest.mark.skipif(SHARED is None or not (SHARED / "spec" / "commands.md").exists(),
                    reason="COCKPIT_SIM_SHARED does not name the shared folder")
def test_copy_is_the_shared_contract():
    assert CONTRACT.read_text(encoding="utf-8") == (SHARED / "spec" / "commands.md").read_text(encoding="utf-8")


def test_contract_examples_validate():
    text = CONTRACT.read_text(encoding="utf-8")
    examples = re.findall(r"\|\s*[^|]+\|\s*`(\[.*\])`\s*\|", text)
    assert len(examples) >= 7
    import json
    for ex in examples:
        validate_commands(json.loads(ex))


@pytest.mark.parametrize("bad, fragment", [
    ({"intent": "door.open", "slots": {}}, "unknown intent"),
    ({"intent": "seat.heat", "slots": {}}, "missing required slot 'on'"),
    ({"intent": "seat.heat", "slots": {"on": "yes"}}, "true or false"),
    ({"intent": "hvac.set_fan", "slots": {"level": 2.5}}, "whole number"),
    ({"intent": "hvac.set_temperature", "slots": {"value": "hot"}}, "must be a number"),
    ({"intent": "window.open", "slots": {"zone": "trunk"}}, "must be one of"),
    ({"intent": "window.open", "slots": {"speed": 3}}, "unknown slot"),
    ({"intent": "nav.navigate", "slots": {}}, "exactly one of"),
    ({"intent": "nav.navigate", "slots": {"destination": "x", "category": "hotel"}}, "exactly one of"),
    ({"intent": "phone.call", "slots": {"contact": "  "}}, "non-empty text"),
    ("seat.heat", "must be an object"),
])
def test_validation_errors_are_specific(bad, fragment):
    with pytest.raises(CommandValidationError, match=re.escape(fragment)):
        validate_command(bad)


def test_list_rules():
    with pytest.raises(CommandValidationError, match="only command"):
        validate_commands([{"intent": "unsupported", "slots": {"reason": "unsafe"}},
                           {"intent": "media.pause", "slots": {}}])
    with pytest.raises(CommandValidationError, match="1..4"):
        validate_commands([])
    with pytest.raises(CommandValidationError, match="1..4"):
        validate_commands([{"intent": "media.pause", "slots": {}}] * 5)


def test_out_of_range_is_written_as_said():
    # The contract: ranges are enforced by the vehicle model, not the schema.
    assert validate_command({"intent": "hvac.set_temperature", "slots": {"value": 40}}).slots["value"] == 40


def test_equality_folds_text_and_numbers():
    a = Command("nav.navigate", {"destination": " Ｔｉａｎａｎｍｅｎ "})
    b = Command("nav.navigate", {"destination": "tiananmen"})
    assert a == b
    assert Command("hvac.set_temperature", {"value": 22}) == Command("hvac.set_temperature", {"value": 22.0})
    assert Command("hvac.set_temperature", {"value": 22}) != Command("hvac.set_temperature", {"value": 22.5})
    assert commands_equal([{"intent": "seat.heat", "slots": {"on": True, "level": 2}}],
                          [{"intent": "seat.heat", "slots": {"level": 2, "on": True}}])
    assert not commands_equal([{"intent": "media.pause", "slots": {}}, {"intent": "media.mute", "slots": {"on": True}}],
                              [{"intent": "media.mute", "slots": {"on": True}}, {"intent": "media.pause", "slots": {}}])
