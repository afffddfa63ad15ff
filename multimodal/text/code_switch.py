"""English command words said inside a Chinese sentence, in Chinese ("音乐pause一下" -> "音乐暂停一下").

Bilingual drivers name the action or the thing in English and say the rest in Mandarin: "先把声音mute掉",
"路上avoid一下拥堵", "明天北京weather怎么样", "座椅heating开到二档". The grammar's Chinese tables and the model's
Chinese training read these words in Chinese, so `in_chinese` translates them before either reads the sentence.

Only lower-case words of the table below are translated, and only inside a Chinese sentence: names, titles and
labels ("放一首Shape of You", "打电话给Kevin", "点一下Apple CarPlay", "ABS灯") keep their capitals and are left
alone, and a word right after a play or call verb is the title or the name asked for ("播放lemon").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from multimodal.text.cjk import has_han

# Longest phrases first (the regex alternation tries them in this order). A verb's Chinese is the one the grammar
# reads in every position ("close" -> 关: "天窗帮我close一下", "close天窗").
_EN_TO_ZH: dict[str, str] = {
    "seat heating": "座椅加热", "seat heater": "座椅加热", "seat ventilation": "座椅通风", "seat massage": "座椅按摩",
    "reading light": "阅读灯", "reading lights": "阅读灯", "ambient light": "氛围灯", "ambient lights": "氛围灯",
    "hang up": "挂断", "turn on": "打开", "turn off": "关闭", "turn up": "调大", "turn down": "调小",
    "mute": "静音", "unmute": "取消静音", "pause": "暂停", "resume": "继续播放", "play": "播放", "skip": "切",
    "next": "下一首", "previous": "上一首",
    "navigate": "导航", "navigation": "导航", "nav": "导航", "gps": "导航", "route": "路线", "cancel": "取消",
    "avoid": "避开", "toll": "收费站", "tolls": "收费站", "highway": "高速", "highways": "高速", "traffic": "拥堵",
    "weather": "天气", "umbrella": "伞", "forecast": "天气预报",
    "temperature": "温度", "temp": "温度", "volume": "音量", "fan": "风量", "heating": "加热", "heater": "加热",
    "ventilation": "通风", "massage": "按摩", "auto": "自动", "recirculation": "内循环", "defrost": "除雾",
    "defog": "除雾", "window": "车窗", "windows": "车窗", "sunroof": "天窗", "song": "歌", "music": "音乐",
    "open": "打开", "close": "关", "on": "打开", "off": "关掉", "up": "调大", "down": "调小",
    "max": "最大", "maximum": "最大", "min": "最小", "minimum": "最小",
    "speed": "车速", "range": "续航", "battery": "电量", "tire pressure": "胎压", "brake": "刹车", "brakes": "刹车",
    "trunk": "后备箱", "reverse": "倒挡", "shift": "挂", "accelerate": "加速", "overtake": "超车",
    "timer": "定时器", "alarm": "闹钟", "book": "预订", "reserve": "预订", "set": "设置",
    "red": "红色", "orange": "橙色", "yellow": "黄色", "green": "绿色", "blue": "蓝色", "purple": "紫色",
    "pink": "粉色", "white": "白色",
}
_PHRASES = sorted(_EN_TO_ZH, key=len, reverse=True)
# A lower-case table word with no other Latin word before or after it: "Shape of You" and "turn it up" are English
# phrases, not words dropped into Chinese; a play or call verb before it makes it the title or the name.
_WORD = re.compile(r"(?<![A-Za-z'’-])(?<![A-Za-z][\s'’-])(?P<w>" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in _PHRASES)
                   + r")(?![A-Za-z'’-])(?!\s+[A-Za-z])")
_TITLE_VERB = re.compile(r"(?:播放|放|播|听|来首|来一首|放首|放一首|点首|点一首|打给|打电话给|呼叫|联系|给|点|按|点击|点一下|按一下)\s*$")
_CALL = re.compile(r"(?<![A-Za-z])call(?![A-Za-z])(?:\s*一下)?")


def in_chinese(text: str, screen_labels: Sequence[str] = ()) -> str:
    """``text`` with the English command words of a Chinese sentence said in Chinese; other text, and a word that is
    the label of a button on the screen ("点auto" with AUTO shown), is returned as is."""
    if not has_han(text) or not re.search(r"[a-z]", text):
        return text
    shown = {label.strip().casefold() for label in screen_labels}
    # "call": the phone call ("把这个call挂了") after a measure word, else the verb ("call一下老王")
    text = _CALL.sub(lambda m: "电话" if re.search(r"(?:个|这|那|的|把)\s*$", m.string[:m.start()]) else "打给", text)
    return _WORD.sub(lambda m: m.group(0) if _TITLE_VERB.search(m.string[:m.start()]) or m.group(0).casefold() in shown
                     else _EN_TO_ZH[re.sub(r"\s+", " ", m.group("w"))], text)
