"""The words spoken to the car when a driver talks to the family and then to the car in one breath.

A wake word starts what an assistant hears: in "好了孩子们，咱们回家了。小美，导航回家" or "Put your jacket on, kiddo.
Hey car, I'm freezing" the words before the address were for someone else, and read as requests they add a route to
"家了" or a weather question. `spoken_to_the_car` returns what is asked after the first address to the car.

An address is a wake phrase at the start of a sentence or clause: "hey / ok car", "car,", "(OK) assistant", "小助手",
"你好小X", "小X，" or a doubled "小X小X" (how Chinese assistants are named and woken), or one of the names
`COCKPIT_SIM_WAKE_NAMES` lists (comma-separated, for a car whose assistant has another name). The address itself
is dropped too: "小美" is no place and no contact.

Without an address, a question put first to someone in the car by what they are called ("老婆你要不要也调一下？好，
副驾也一样") is side talk too.

The side talk is kept whole when it can still change the answer:
- the request names a door or the trunk, whose safety depends on what the side talk says ("we're still driving");
- the car has asked a question, which the side talk may answer ("好的。小美，顺便把温度调到24").
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

WAKE_NAMES_ENV = "COCKPIT_SIM_WAKE_NAMES"

# where an address can begin: the start, or after a sentence or clause ends, past a spoken link word ("…, so car,
# turn off …"; lazily, so "OK assistant" is one wake phrase); a space is a pause between Chinese words in a transcript
_BOUNDARY = (r"(?:^|[.!?;,。！？；，…~]+\s*|(?<=[\u4e00-\u9fff])\s+)"
             r"(?:(?:so|and|okay|ok|oh|well|um|uh|now|哦|嗯|那|好)[\s,，]*)??")
_EN_WAKE = r"(?:(?:hey|hi|ok|okay|yo)\s+(?:car|assistant{names})\b[,:]?|(?:car|assistant{names})\s*[,:])"
# 小X is a name only with a pause mark after it, or said twice, or after a greeting; 小助手 / 助手 is never a person
_ZH_WAKE = (r"(?:(?P<twice>小[\u4e00-\u9fff])(?P=twice)|小[\u4e00-\u9fff](?:同学)?\s*[，,:：]"
            r"|(?:你好|嘿|哈喽|hey|hi)\s*小[\u4e00-\u9fff](?:同学)?|小?助手(?:同学)?{names})[，,:：]?")
_MARKS = " .!?;,。！？；，…~:："


@dataclass(frozen=True)
class Addressed:
    """An utterance split where it turns to the car."""

    side_talk: str  # the words before the address, for someone else ("" when the address comes first)
    wake: str  # the address itself ("Hey car,", "小美，")
    request: str  # what follows it


@lru_cache(maxsize=8)
def _address_re(names: str) -> re.Pattern[str]:
    listed = [n.strip() for n in names.split(",") if n.strip()]
    alternatives = "".join("|" + re.escape(n) for n in listed)
    wake = _EN_WAKE.format(names=alternatives) + "|" + _ZH_WAKE.format(names=alternatives)
    return re.compile(_BOUNDARY + r"(?P<wake>" + wake + r")\s*", re.I)


def split_address(text: str) -> Addressed | None:
    """Where ``text`` turns to the car, or None (no address, or nothing asked after it: "Okay, car.")."""
    match = _address_re(os.environ.get(WAKE_NAMES_ENV, "")).search(text)
    if match is None or not text[match.end():].strip(_MARKS):
        return None
    return Addressed(text[:match.start("wake")].rstrip(), match.group("wake"), text[match.end():])


# A question put first to someone in the car by what they are called ("老婆你要不要也调一下？好，副驾也一样",
# "Kids, are you warm enough? Turn the heat up"): the family's, not the car's; what follows it is
_ASKED_OF_FAMILY = re.compile(r"^(?:老婆|老公|媳妇|宝贝|宝宝|亲爱的|妈|爸|儿子|闺女|女儿|孩子们|孩子|honey|babe|baby|sweetie|dear"
                              r"|mom|mum|dad|kids|guys|grandma|grandpa)(?![a-z])[，,\s]*[^。！？!?.]{1,30}[？?]\s*(?=\S)", re.I)


def spoken_to_the_car(text: str, pending_question: str | None = None) -> str:
    """What ``text`` asks of the car after its first address, or ``text`` itself (see the module's docstring)."""
    if pending_question:
        return text
    addressed = split_address(text)
    if addressed is None:
        asked = _ASKED_OF_FAMILY.match(text)
        return text[asked.end():] if asked else text
    from multimodal.command.rules import DOOR_RE  # the rules import this module
    from multimodal.text.lexicon import fold

    if addressed.side_talk and DOOR_RE.search(fold(addressed.request)):
        return text
    return addressed.request
