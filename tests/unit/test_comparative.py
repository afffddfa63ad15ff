"""Comparatives ("a little less cold", "not loud enough", 不够凉快, 温度别那么高): read by the grammar, trusted by
the arbiter's direction check, and a bare setting after a remark about the volume or fan is that thing's."""

import pytest

from multimodal.command.comparative import read_comparative
from multimodal.command.guard import arbitrate
from multimodal.registry import load
from vehicle_state.commands import Command

TEMP, FAN, VOLUME = "hvac.adjust_temperature", "hvac.adjust_fan", "media.adjust_volume"


@pytest.mark.parametrize("text, intent, direction", [
    ("make the AC a little less cold", TEMP, "up"),
    ("make it less hot in here", TEMP, "down"),
    ("it's not warm enough", TEMP, "up"),
    ("it doesn't feel warm enough back here", TEMP, "up"),
    ("not cool enough in here", TEMP, "down"),
    ("the AC isn't cold enough", TEMP, "down"),
    ("the heat isn't high enough", TEMP, "up"),
    ("不够凉快", TEMP, "down"),
    ("车里还不够暖和", TEMP, "up"),
    ("温度别那么高", TEMP, "down"),
    ("空调别开那么冷", TEMP, "up"),
    ("less fan please", FAN, "down"),
    ("not enough air back here", FAN, "up"),
    ("the fan isn't strong enough", FAN, "up"),
    ("风不够大", FAN, "up"),
    ("风别开那么大", FAN, "down"),
    ("turn the music a little less loud", VOLUME, "down"),
    ("music not loud enough", VOLUME, "up"),
    ("the volume is not high enough", VOLUME, "up"),
    ("声音不要这么大", VOLUME, "down"),
    ("声音还不够大", VOLUME, "up"),
    ("别开那么大声", VOLUME, "down"),
])
def test_a_comparative_asks_for_the_other_way(text, intent, direction):
    found = read_comparative(text.lower())
    assert found is not None, text
    assert (found.intent, found.direction) == (intent, direction), text


@pytest.mark.parametrize("text", [
    "没那么冷了",  # relief, asks for nothing
    "i'm not cold",
    "别太大声",  # a limit said beside a request
    "turn it up but not too loud",
    "the seat isn't warm enough",  # the seat's heat has levels, not steps
    "外面不够暖和",  # the weather
    "is it less cold tomorrow",
    "the coffee is not hot enough",
    "less traffic on this road",
])
def test_what_is_not_a_comparative(text):
    assert read_comparative(text.lower()) is None, text


@pytest.mark.parametrize("text, expected", [
    ("make the AC a little less cold", [Command(TEMP, {"direction": "up"})]),
    ("不够凉快", [Command(TEMP, {"direction": "down"})]),
    ("music not loud enough", [Command(VOLUME, {"direction": "up"})]),
    # a remark about the volume is the reason for the setting after it, and the bare number is the volume's
    ("声音不够大，调到三十", [Command("media.set_volume", {"value": 30})]),
    ("音量太大了，调到十", [Command("media.set_volume", {"value": 10})]),
    ("the fan is too weak, set it to 5", [Command("hvac.set_fan", {"level": 5})]),
    # a number in the cabin range with no remark before it is still a temperature
    ("打开空调，调到二十二", [Command("hvac.power", {"on": True}), Command("hvac.set_temperature", {"value": 22})]),
])
def test_the_grammar_reads_comparatives(text, expected):
    rules = load("command", "rules")
    assert rules.parse(text) == expected, text


def test_the_arbiter_trusts_a_comparative_the_grammar_read():
    up, down = [Command(TEMP, {"direction": "up"})], [Command(TEMP, {"direction": "down"})]
    final, why = arbitrate(down, up, "make the AC a little less cold")
    assert final == up and why.startswith("direction")
    assert arbitrate(up, down, "it's not cold enough")[0] == down
    # a negation the comparative reader did not read keeps the model's direction
    assert arbitrate(down, up, "没那么冷了")[0] == down
    assert arbitrate(down, up, "don't make it so cold")[0] == down
