"""English command words inside a Chinese sentence are read in Chinese; names, titles and English phrases are not."""

import pytest

from multimodal.text.code_switch import in_chinese


@pytest.mark.parametrize("text, expected", [
    ("车窗帮我close一下", "车窗帮我关一下"),
    ("先把radio的volume调小", "先把radio的音量调小"),
    ("座椅heating开到三档", "座椅加热开到三档"),
    ("后天上海weather怎么样", "后天上海天气怎么样"),
    ("把这个call挂了", "把这个电话挂了"),
    ("call一下张总", "打给张总"),
    ("氛围灯换成purple", "氛围灯换成紫色"),
    ("音乐继续play吧", "音乐继续播放吧"),
])
def test_command_words_are_said_in_chinese(text, expected):
    assert in_chinese(text) == expected


@pytest.mark.parametrize("text", [
    "播放lemon",  # a title after a play verb
    "放一首Hotel California",  # capitals: a title
    "打电话给Kevin",
    "点一下屏幕上的Apple CarPlay",
    "帮我导航到IFC mall吧",  # a lower-case word beside another English word is part of a name
    "turn it up吧",  # an English phrase, not a word dropped into Chinese
    "turn the volume up",  # no Chinese at all
])
def test_names_titles_and_english_phrases_are_left_alone(text):
    assert in_chinese(text) == text


def test_a_word_on_the_screen_or_tapped_is_a_label():
    assert in_chinese("点auto", screen_labels=("AUTO",)) == "点auto"
    assert in_chinese("帮我按一下mute") == "帮我按一下mute"
    assert in_chinese("把auto打开", screen_labels=("AUTO",)) == "把auto打开"
