"""Comparatives: a quality said with "less", "not … enough", 不够 or 别那么 asks for the other way round.

"Make the AC a little less cold" is warmer, "the music's not loud enough" is louder, "不够凉快" is cooler and
"温度别那么高" is lower. Read word by word these say cold, loud, 凉快 and 高, and both readers got them backwards:
the grammar's complaint frames take the quality word, the small model copies it. This module reads the frame
around the quality instead, for the three quantities the contract adjusts by a step (cabin temperature, fan,
volume), and gives the direction the driver wants.

The grammar reads a clause with it before its other frames (`rules.FRAMES`); the arbiter's direction check trusts
the grammar's direction when this module read the utterance (`guard._direction_flipped`).

A statement of relief ("没那么冷了", "it's not so cold now") asks for nothing and is not read here, nor a limit
("别太大声" is "not too loud", said beside a request), nor a remark about the weather outside or about a seat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Quality:
    """A word for how much of a quantity there is, and the way the quantity moves when there is more of it."""

    intent: str
    words: str  # regex alternation
    more_is: str  # "up" or "down"


QUALITIES: tuple[Quality, ...] = (
    # 热闹, 热情, 冷静, 冷漠 and the like are no temperature
    Quality("hvac.adjust_temperature", r"warm|hot|toasty|暖和|暖(?![心男场])|热(?![闹情血门心点搜议爱烈狗线量度])|烫", "up"),
    Quality("hvac.adjust_temperature", r"cold|cool|chilly|frosty|icy|凉快|凉爽|凉(?![鞋皮面粉拌菜])|冷(?![静漠冰淡门笑酷清场])", "down"),
    Quality("hvac.adjust_fan", r"windy|drafty|breezy", "up"),
    Quality("media.adjust_volume", r"loud|blaring|大声|响", "up"),
    Quality("media.adjust_volume", r"quiet|soft|小声", "down"),
)


@dataclass(frozen=True)
class Quantity:
    """A noun for a quantity, and its words for high and low ("风……不够大", "the volume isn't high enough")."""

    intent: str
    nouns: str
    high: str
    low: str


QUANTITIES: tuple[Quantity, ...] = (
    Quantity("hvac.adjust_temperature", r"温度|空调|\btemperature\b|\btemp\b|\bheat\b|\bheater\b|thermostat", r"高|high",
             r"低|low"),
    Quantity("hvac.adjust_fan", r"风量|风速|风|\bfans?\b|\bair\b|airflow|\bblower\b", r"大|猛|强|strong|hard|high",
             r"小|弱|weak|low"),
    Quantity("media.adjust_volume", r"声音|音量|音乐|\bvolume\b|\bmusic\b|\bsound\b", r"大|响|high", r"小|low"),
)

# Where a quality is someone else's: a seat or the wheel (seat heat has levels, not steps), the weather outside,
# tomorrow's forecast, the food, the water.
_ELSEWHERE = re.compile(r"座椅|座位|椅子|屁股|方向盘|外面|外边|室外|天气|明天|今天|饭|菜|水|咖啡|茶|发动机|引擎|轮胎|电池|"
                        r"\bseats?\b|\bwheel\b|\boutside\b|\bweather\b|\btomorrow\b|\btoday\b|\bfood\b|\bwater\b|"
                        r"\bcoffee\b|\btea\b|\bshower\b|\bengine\b|\btyres?\b|\btires?\b|\bbattery\b|\bsoup\b", re.I)

# "not … enough" and 不够 ask for more of the quality; "less", 别那么 and 不要这么 for less of it. "没那么冷了" is relief
# and "别太冷" a limit: neither is read.
_MORE = (r"(?:\b(?:not|isn'?t|aren'?t|wasn'?t|never)\b|n't)\s+(?:(?:quite|really|very|nearly|remotely|feel|feeling|seem|"
         r"getting|get)\s+){{0,2}}(?:{q})\s+enough\b"
         r"|(?:还|也)?不(?:太)?够(?:{q})|(?:{q})(?:得|的)?(?:还|也)?不够")
_LESS = (r"\bless\s+(?:{q})\b|(?:别|不要|不用|甭)(?:再)?(?:[调开弄吹放]得?)?(?:那么|这么)(?:{q})"
         # a setting told not to be made too much ("空调别开太冷"): with its verb it is no limit on the weather
         r"|(?:别|不要|甭)(?:再)?[调开弄吹放]得?太(?:{q})")
# The same after a noun ("the fan isn't strong enough", "风不够大", "温度别那么高", "less fan", "not enough air").
_NOUN_MORE = (r"(?:{n})(?:[^，,。.]{{0,12}}?)(?:\b(?:not|isn'?t|aren'?t)\s+|n't\s+)(?:(?:quite|really|very)\s+)?(?:{a})\s+enough\b"
              r"|(?:{n})[^，,。]{{0,4}}?(?:还|也)?不(?:太)?够(?:{a})")
_NOUN_LESS = (r"(?:{n})[^，,。]{{0,4}}?(?:别|不要|不用|甭)(?:再)?(?:[调开弄吹放]得?)?(?:那么|这么)(?:{a})"
              r"|(?:{n})[^，,。]{{0,4}}?(?:别|不要|甭)(?:再)?[调开弄吹放]得?太(?:{a})")
# ... and with the quantity after its word ("别开那么大风", "不要吹这么大的风")
_LESS_NOUN_AFTER = r"(?:别|不要|不用|甭)(?:再)?(?:[调开弄吹放]得?)?(?:那么|这么)(?:{a})的?(?:{n})"
_NOUN_ALONE = {"hvac.adjust_fan": (r"\bless\s+(?:fan|air|airflow)\b", r"\bnot\s+enough\s+(?:fan|air|airflow)\b")}


@dataclass(frozen=True)
class Comparative:
    intent: str
    direction: str  # "up" or "down"
    span: tuple[int, int]  # where in the text it was read


def _other(direction: str) -> str:
    return "down" if direction == "up" else "up"


def read_comparative(low: str) -> Comparative | None:
    """The first step a comparative frame asks for in a lower-cased clause, or None."""
    if _ELSEWHERE.search(low):
        return None
    found: list[Comparative] = []

    def add(pattern: str, intent: str, direction: str) -> None:
        found.extend(Comparative(intent, direction, m.span()) for m in re.finditer(pattern, low, re.I))

    for quality in QUALITIES:
        add(_MORE.format(q=quality.words), quality.intent, quality.more_is)
        add(_LESS.format(q=quality.words), quality.intent, _other(quality.more_is))
    for quantity in QUANTITIES:
        for adjective, direction in ((quantity.high, "up"), (quantity.low, "down")):
            add(_NOUN_MORE.format(n=quantity.nouns, a=adjective), quantity.intent, direction)
            add(_NOUN_LESS.format(n=quantity.nouns, a=adjective), quantity.intent, _other(direction))
            add(_LESS_NOUN_AFTER.format(n=quantity.nouns, a=adjective), quantity.intent, _other(direction))
    for intent, (less, more) in _NOUN_ALONE.items():
        add(less, intent, "down")
        add(more, intent, "up")
    if not found:
        return None
    return min(found, key=lambda c: c.span[0])


def comparative_intents(low: str) -> set[tuple[str, str]]:
    """(intent, direction) pairs read from any clause of an utterance, for the arbiter."""
    out = set()
    for clause in re.split(r"[，,。.!！?？;；]|\band\b|\bthen\b|然后|再把", low):
        c = read_comparative(clause)
        if c is not None:
            out.add((c.intent, c.direction))
    return out
