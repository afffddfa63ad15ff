"""The compact output format: lossless round trip, strict decoding, prefix checks, dataset row shapes."""

from __future__ import annotations

import random

import pytest

from tests.conftest import ROOT  # noqa: F401
from multimodal.training.data.generator import generate
from multimodal.command.output_format import (
    FormatError, build_prompt, decode, encode, from_alpaca, from_sharegpt, is_valid_prefix, to_alpaca, to_sharegpt,
)
from vehicle_state.commands import INTENTS, Command, commands_equal, validate_commands


def test_contract_examples_round_trip():
    cases = [
        [{"intent": "hvac.set_temperature", "slots": {"zone": "driver", "value": 22}},
         {"intent": "seat.heat", "slots": {"on": True}}],
        [{"intent": "window.open", "slots": {"zone": "rear_left", "percent": 50}}],
        [{"intent": "hvac.adjust_temperature", "slots": {"direction": "up"}}],
        [{"intent": "nav.navigate", "slots": {"category": "charging_station"}}],
        [{"intent": "unsupported", "slots": {"reason": "unsafe"}}],
        [{"intent": "screen.tap", "slots": {"label": "座椅加热"}}],
        [{"intent": "hvac.set_temperature", "slots": {"value": 22.5}}],
        [{"intent": "query.weather", "slots": {"location": "New York  City", "day": "tomorrow"}}],
        [{"intent": "media.play", "slots": {"query": "Sweet Child O' Mine", "source": "online"}}],
    ]
    for commands in cases:
        text = encode(commands)
        assert commands_equal(decode(text), commands), text
        assert decode(text) == validate_commands(commands)


def test_every_intent_and_generated_record_round_trips():
    records = generate(1500, seed=3)
    seen = set()
    for rec in records:
        out = encode(rec["expected"])
        assert [c.to_dict() for c in decode(out)] == [c.to_dict() for c in validate_commands(rec["expected"])]
        seen.update(c["intent"] for c in rec["expected"])
    assert seen == set(INTENTS)


def test_compact_output_is_short():
    out = encode([{"intent": "hvac.set_temperature", "slots": {"zone": "driver", "value": 22}}])
    assert out == "temp value=22 @driver"
    assert encode([{"intent": "unsupported", "slots": {"reason": "out_of_domain"}}]) == "ood"


def test_free_text_is_last_and_keeps_its_words():
    out = encode([{"intent": "nav.navigate", "slots": {"destination": "on @driver street value=3"}}])
    assert decode(out)[0].slots["destination"] == "on @driver street value=3"


@pytest.mark.parametrize("bad", [
    "", "fly away", "temp", "temp value=abc", "temp value=22 value=23", "temp @kitchen", "seatheat level=2",
    "temp value=22 extra", "navigate", "navigate destination=", "ood reason", "unsafe\ntemp value=22",
    "pause\npause\npause\npause\npause", "navigate category=parking destination=A",
    "seatheat on level=2.5", "temp value=nan", "call",
])
def test_malformed_output_is_rejected(bad):
    with pytest.raises(FormatError):
        decode(bad)


def test_prefix_check_accepts_partial_and_rejects_dead_ends():
    good = "temp value=22 @driver\nseatheat on level=2"
    for i in range(len(good) + 1):
        assert is_valid_prefix(good[:i]), good[:i]
    for bad in ["x", "temp bogus", "temp value=2a", "unsafe\n", "pause @driver", "seatheat on=1"]:
        assert not is_valid_prefix(bad), bad


def test_prompt_has_screen_labels_only_when_present():
    assert build_prompt("  打开   空调 ") == "打开 空调\n"
    assert build_prompt("tap OK", ["OK", " Cancel "]) == "screen: OK | Cancel\ntap OK\n"


def test_alpaca_and_sharegpt_shapes_and_inverse():
    rec = {"text": "点一下蓝牙", "lang": "zh", "context": {"screen_labels": ["蓝牙", "设置"]},
           "expected": [{"intent": "screen.tap", "slots": {"label": "蓝牙"}}]}
    a = to_alpaca(rec)
    assert set(a) == {"instruction", "input", "output"} and a["output"] == "tap label=蓝牙"
    s = to_sharegpt(rec)
    assert [t["from"] for t in s["conversations"]] == ["human", "gpt"]
    for back in (from_alpaca(a), from_sharegpt(s)):
        assert back["text"] == "点一下蓝牙"
        assert back["context"] == {"screen_labels": ["蓝牙", "设置"]}
        assert commands_equal(back["expected"], rec["expected"])


def test_alpaca_row_with_contract_json_output_is_accepted():
    row = {"instruction": "x", "input": "open the sunroof", "output": '[{"intent": "sunroof.open", "slots": {}}]'}
    assert from_alpaca(row)["expected"] == [Command("sunroof.open", {}).to_dict()]


def test_random_strings_never_decode_into_invalid_commands():
    rng = random.Random(0)
    alphabet = list("tempvalue=@driveron 0123456789\nseatheatofflevel.")
    for _ in range(2000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 30)))
        try:
            cmds = decode(s)
        except FormatError:
            continue
        validate_commands([c.to_dict() for c in cmds])  # anything that decodes is valid


def test_prompt_without_context_is_unchanged():
    """No context gives the shipped adapter's prompt byte for byte."""
    assert build_prompt("打开空调") == "打开空调\n"
    assert build_prompt("打开空调", (), (), None) == "打开空调\n"
    assert build_prompt("tap OK", ["OK"], previous_commands=(), pending_question="  ") == "screen: OK\ntap OK\n"


def test_prompt_context_lines_in_order():
    prev = [{"intent": "window.open", "slots": {"zone": "passenger"}}, Command("seat.heat", {"on": True, "level": 2})]
    prompt = build_prompt(" close it  again ", ["OK"], prev, "Shall I close\n the windows?")
    assert prompt == ("prev: winopen @passenger ; seatheat on level=2\nasked: Shall I close the windows?\n"
                      "screen: OK\nclose it again\n")
    assert build_prompt("嗯可以", pending_question="要打开座椅加热吗？") == "asked: 要打开座椅加热吗？\n嗯可以\n"


_PREV = [{"intent": "nav.navigate", "slots": {"destination": "Central Park"}},
         {"intent": "media.set_volume", "slots": {"value": 30}}]


@pytest.mark.parametrize("context", [
    {"previous_commands": _PREV},
    {"pending_question": "要帮您把车窗都关上吗？"},
    {"screen_labels": ["蓝牙", "设置"]},
    {"previous_commands": _PREV[:1], "pending_question": "Shall I reroute?"},
    {"previous_commands": _PREV, "screen_labels": ["OK"]},
    {"pending_question": "Shall I reroute?", "screen_labels": ["OK", "Cancel"]},
    {"previous_commands": [{"intent": "unsupported", "slots": {"reason": "unsafe"}}],
     "pending_question": "q?", "screen_labels": ["A"]},
])
def test_context_round_trips_through_alpaca_and_sharegpt(context):
    rec = {"text": "same for the back", "expected": [{"intent": "window.open", "slots": {"zone": "rear"}}],
           "context": context}
    assert from_alpaca(to_alpaca(rec)) == rec
    assert from_sharegpt(to_sharegpt(rec)) == rec


def test_a_malformed_prev_line_is_rejected():
    with pytest.raises(FormatError):
        from_alpaca({"input": "prev: fly away\nclose it", "output": "winclose"})
