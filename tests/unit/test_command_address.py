"""An address to the car after side talk: only what follows it is asked of the car."""

import pytest

from multimodal.command.address import WAKE_NAMES_ENV, split_address, spoken_to_the_car


@pytest.mark.parametrize("text, side_talk, asked", [
    ("别闹了你们俩。小助手，打开座椅加热", "别闹了你们俩。", "打开座椅加热"),
    ("孩子们坐好。你好小智，导航去机场", "孩子们坐好。", "导航去机场"),
    ("宝贝我们到家了，小爱同学，播放晴天", "宝贝我们到家了，", "播放晴天"),
    ("小度小度，打开天窗", "", "打开天窗"),
    ("Buckle up, everyone. Hey car, turn on the AC", "Buckle up, everyone.", "turn on the AC"),
    ("Mom, can you hear me? OK assistant, call Linda", "Mom, can you hear me?", "call Linda"),
    ("The twins are asleep, so car, dim the lights", "The twins are asleep, so", "dim the lights"),
])
def test_the_request_is_what_follows_the_address(text, side_talk, asked):
    addressed = split_address(text)
    assert addressed is not None
    assert (addressed.side_talk, addressed.request) == (side_talk, asked)


@pytest.mark.parametrize("text", [
    "给小美打电话",  # a contact, not an address
    "给 小王 打电话",  # a transcript's spaces around a name are no pause mark
    "小美的电话打一下",
    "I took the car, and then went home",
    "my car, my rules. turn it up",
    "The car, it is red",
    "Okay, car.",  # nothing asked after the address
])
def test_no_address(text):
    assert split_address(text) is None
    assert spoken_to_the_car(text) == text


def test_side_talk_that_says_the_car_is_moving_is_kept_for_a_door():
    text = "We're on the highway, kids. Car, open the trunk"
    assert spoken_to_the_car(text) == text


def test_a_pending_question_may_be_answered_before_the_address():
    text = "好的。小美，顺便把温度调到24"
    assert spoken_to_the_car(text, pending_question="要打开座椅加热吗？") == text
    assert spoken_to_the_car(text) == "顺便把温度调到24"


def test_configured_assistant_names(monkeypatch):
    text = "Kids, settle down. Jarvis, turn on the reading lights"
    assert split_address(text) is None
    monkeypatch.setenv(WAKE_NAMES_ENV, "Jarvis, 星星")
    assert spoken_to_the_car(text) == "turn on the reading lights"
    assert spoken_to_the_car("坐好了啊。星星，打开空调") == "打开空调"


def test_a_question_put_first_to_the_family_is_side_talk():
    assert spoken_to_the_car("爸，你坐好了吗？把后排车窗关上") == "把后排车窗关上"
    assert spoken_to_the_car("Kids, are you warm enough? Turn the heat up") == "Turn the heat up"
    assert spoken_to_the_car("宝贝你冷不冷？") == "宝贝你冷不冷？"  # nothing after it: the whole line is read
    assert spoken_to_the_car("宝宝巴士放一下") == "宝宝巴士放一下"  # a title, no question
