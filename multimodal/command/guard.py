"""Checks a language model's commands against the utterance before they reach the vehicle.

A fine-tuned small model is fluent but can hallucinate: copy a word the driver never said into a
free-text slot, or answer a driving-control request with a comfort command. Two cheap checks run
on every parse:

- **grounding**: the contract says free text is *copied* from the utterance, so every free-text
  slot (destination, query, contact, location, name) must occur in the utterance, and a tap label
  must be a visible screen label or occur in the utterance. Ungrounded output is rejected.
- **safety**: when the deterministic grammar recognises a driving control (brake, steer, shift,
  doors while moving…), the answer is ``unsupported/unsafe`` whatever the model said.

A rejected model answer is replaced by the rule grammar's answer when it has one. Two more
rescues, measured on held-out sets (docs/command-model.md): when the model says "out of domain"
but the grammar matched an in-domain frame, the grammar is used (its frames are high-precision);
when a screen is visible and the grammar matched a tap on a visible label but the model did not
tap, the grammar's tap is used (the model has weaker grounding in the label list).

`arbitrate` then decides between the two readings with the checks of ``ARBITER_CHECKS`` (a repeated
command, a follow-up of the dialogue, a harmless request refused, a zone left out, extra or missing
commands, "to N" read as "by N", a number miscopied, a name cut short); each is measured one at a
time by bench/bench_arbiter.py (docs/command-model.md, "The arbiter").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Collection, Sequence

from multimodal.command.rules import AT_HOME, CALL_WORDS, REACH_ASKED
from multimodal.text.cjk import has_han
from vehicle_state.commands import INTENTS, NAV_CATEGORIES, REASON_OUT_OF_DOMAIN, REASON_UNSAFE, Command

_FREE_TEXT = ("destination", "query", "contact", "location", "name")
_SYMBOLIC_DESTINATIONS = {"home", "work"}
_PUNCT = set("，。！？、,.!?;；:：'\"“”‘’()（）[]【】·- ")


def _fold(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch not in _PUNCT)


@dataclass(frozen=True)
class GuardVerdict:
    ok: bool
    problems: tuple[str, ...] = ()


def check_grounding(commands: Sequence[Command], text: str, screen_labels: Sequence[str] = (),
                    previous: Sequence[Command] = ()) -> GuardVerdict:
    """Every free-text value is said (or, for a follow-up like "and tomorrow?", carried over from the same slot of
    the previous turn's commands) and every tap label is said or visible."""
    said = _fold(text)
    labels = {_fold(label) for label in screen_labels}
    carried = {(slot, _fold(str(c.slots[slot]))) for c in previous for slot in _FREE_TEXT if c.slots.get(slot)}
    problems = []
    for cmd in commands:
        for slot in _FREE_TEXT:
            value = cmd.slots.get(slot)
            if value is None:
                continue
            if slot == "destination" and value in _SYMBOLIC_DESTINATIONS:
                continue
            if (slot, _fold(str(value))) in carried:
                continue
            if _partly_carried(str(value).casefold(), text.casefold(),
                               {str(c.slots[slot]).casefold() for c in previous if c.slots.get(slot)}):
                continue  # "sorry I meant 2100" after "1200 Commerce Drive": the number said, the street carried
            if _fold(str(value)) not in said or not _said_at_word_edges(str(value), text):
                problems.append(f"{cmd.intent}.{slot}={value!r} is not in the utterance")
        if cmd.intent == "screen.tap":
            label = _fold(str(cmd.slots.get("label", "")))
            if label not in labels and label not in said:
                problems.append(f"screen.tap label {cmd.slots.get('label')!r} is neither visible nor said")
    return GuardVerdict(not problems, tuple(problems))


def _source_unsaid(model: Sequence[Command], text: str) -> bool:
    """A media source of the model's that no word of the utterance (or the dialogue) names ("I can't hear the
    podcast" is no radio)."""
    from multimodal.text.lexicon import fold

    low = fold(text).lower()
    return any(c.intent == "media.play" and c.slots.get("source") in _SOURCE_WORDS
               and not _SOURCE_WORDS[c.slots["source"]].search(low) for c in model)


# Every word that may name a source, looser than the grammar's own table (a phone's music is bluetooth's, a station
# or a frequency the radio's): only a source none of them names is taken for one the model made up
_SOURCE_WORDS = {
    "radio": re.compile(r"收音机|电台|广播|调频|调幅|频道|(?<![a-z])[fa]m(?![a-z])|radio|station|\bnpr\b|\bbbc\b|\d+(?:\.\d)"
                        r"|兆赫|frequency|\bdial\b|交通台|音乐台|新闻台"),
    "bluetooth": re.compile(r"蓝牙|bluetooth|(?<![a-z])bt(?![a-z])|手机|phone|carplay|car play|android auto|airplay|投屏"),
    "usb": re.compile(r"u盘|优盘|usb|flash|thumb|stick|硬盘|drive\b"),
    "online": re.compile(r"在线|网络|网上|online|stream|spotify|apple music|qq音乐|网易云|酷狗|酷我|pandora|youtube|tidal"
                         r"|deezer|amazon music|soundcloud|app\b|喜马拉雅|apps?\b|internet|云"),
}


def _said_at_word_edges(value: str, text: str) -> bool:
    """``value`` is said, its Latin edges at word edges ("N. Newark" is not said in "weather in Newark", though its
    letters run on in "innewark"). Spaces and punctuation inside are free ("K 11" says "K11"), and a mark is an edge
    ("McDonald" is said in "McDonald's")."""
    def spaced(x: str) -> str:
        return "".join(" " if ch in _PUNCT else ch for ch in unicodedata.normalize("NFKC", x).casefold())

    said, wanted = spaced(text), _fold(value)
    if not wanted:
        return True
    kept = [i for i, ch in enumerate(said) if not ch.isspace()]
    bare = "".join(said[i] for i in kept)
    latin = lambda ch: ch.isascii() and ch.isalnum()  # noqa: E731
    start = bare.find(wanted)
    while start >= 0:
        first, last = kept[start], kept[start + len(wanted) - 1]
        if not (latin(wanted[0]) and first > 0 and latin(said[first - 1])) \
                and not (latin(wanted[-1]) and last + 1 < len(said) and latin(said[last + 1])):
            return True
        start = bare.find(wanted, start + 1)
    return False


def _partly_carried(value: str, said: str, carried: set[str]) -> bool:
    """A value whose words were each said now or are the words of the same slot the turn before, at least one of
    each kind: a piece of a name corrected ("2100" for "1200" in "1200 Commerce Drive")."""
    def split(x: str) -> list[str]:
        return re.findall(r"[a-z0-9']+|[\u4e00-\u9fff]", x)

    words, heard = split(value), set(split(said))
    if not words or not carried:
        return False
    now = [w for w in words if w in heard]
    return bool(now) and len(now) < len(words) and any(
        all(w in heard or w in split(old) for w in words) for old in carried)


# The contract: 回家 -> destination "home", 去公司 -> "work". A model that copies the word instead
# is canonicalised here rather than rejected.
_HOME = {"家", "回家", "我家", "家里", "屋头", "回屋头", "屋里", "屋企", "回屋企", "屋里厢", "home", "my home", "my house", "my place"}
_WORK = {"公司", "单位", "去公司", "work", "the office", "office", "my office"}


# Where the button is, said around its label ("tap Sound Settings on the screen", "点一下屏幕上的导航"): not the label.
_SCREEN_PART = r"(?:screen|display|centre screen|center screen|pop-?up|dialog(?:ue)?|notification|banner|prompt|message)"
_LABEL_PLACE = re.compile(r"^(?:屏幕上的?|屏幕里的?|中控上的?)|\s+(?:on|in) (?:the |that |this )?" + _SCREEN_PART + "$", re.I)
# Without the visible labels to check against, only the unmistakable forms ("屏幕上的X", "X on the screen"):
# "屏幕上锁" and "Turn on screen" may be labels themselves.
_LABEL_PLACE_SURE = re.compile(r"^(?:屏幕上的|屏幕里的|中控上的)|\s+(?:on|in) (?:the|that|this) " + _SCREEN_PART + "$", re.I)


def _tap_labels(commands: Sequence[Command], screen_labels: Sequence[str]) -> list[Command]:
    """A tap label without the words saying where the button is, unless the whole label is itself visible ("Always On
    Display") or the shorter one is not while labels are known."""
    visible = {_fold(label) for label in screen_labels}
    out = []
    for c in commands:
        label = c.slots.get("label")
        if c.intent == "screen.tap" and isinstance(label, str):
            short = (_LABEL_PLACE if visible else _LABEL_PLACE_SURE).sub("", label).strip()
            if short and short != label and _fold(label) not in visible and (not visible or _fold(short) in visible):
                c = Command(c.intent, {**c.slots, "label": short})
        out.append(c)
    return out


_SOURCE_ONLY = {"usb": "usb", "u盘": "usb", "bluetooth": "bluetooth", "蓝牙": "bluetooth", "radio": "radio",
                "收音机": "radio", "fm": "radio", "广播": "radio"}


# "那个黄灯", "the little orange light": a colour describes the light, it does not name a warning ("黄色发动机形状的灯"
# and "battery warning light" do)


def canonicalise(commands: Sequence[Command], text: str = "") -> list[Command]:
    from multimodal.text.free_text import canonical_slots

    out = []
    for cmd in commands:
        slots = canonical_slots(cmd.intent, cmd.slots)
        if slots != cmd.slots:
            cmd = Command(cmd.intent, slots)
        query = cmd.slots.get("query")
        if cmd.intent == "media.play" and isinstance(query, str) and "source" not in cmd.slots:
            source = _SOURCE_ONLY.get(re.sub(r"^(?:my|the|a)\s+|\s+(?:stick|drive|music|audio|songs?)$", "",
                                             query.strip().casefold()).strip())
            if source:
                cmd = Command(cmd.intent, {"source": source})  # "play something from my USB" names a source
        dest = cmd.slots.get("destination")
        if cmd.intent == "nav.navigate" and isinstance(dest, str):
            key = dest.strip().casefold()
            if key in _HOME:
                cmd = Command(cmd.intent, {**cmd.slots, "destination": "home"})
            elif key in _WORK:
                cmd = Command(cmd.intent, {**cmd.slots, "destination": "work"})
            elif "_" in key and key in NAV_CATEGORIES:  # "destination=charging_station": a category's name as a place
                cmd = Command(cmd.intent, {"category": key})
            elif re.match(r"the\s+\S", dest):  # "the Hilton": the place keeps no article (one written "The" keeps it)
                cmd = Command(cmd.intent, {**cmd.slots, "destination": dest[3:].strip()})
        out.append(cmd)
    weather = [c for c in out if c.intent == "query.weather"]
    if len(weather) > 1 and any(c.slots for c in weather) \
            and not re.search(r"\bhere\b|这里|这边|本地|当地|我这|咱这", text, re.I):  # "Paris, and here?" asks two
        # "深圳今天会下雨吗 我要不要带伞": the umbrella asks the same forecast again, not another one
        out = [c for c in out if c.intent != "query.weather" or c.slots]
    return _merged_plays(_past_the_end(out))


# A step up said beside setting the most there is ("音量开到最大，这首必须大声放"): the same request, said again
_MOST = {"media.adjust_volume": ("media.set_volume", "value", 100), "hvac.adjust_fan": ("hvac.set_fan", "level", 7)}


def _past_the_end(commands: list[Command]) -> list[Command]:
    return [c for c in commands
            if not (c.intent in _MOST and c.slots.get("direction") == "up" and "amount" not in c.slots
                    and any(o.intent == _MOST[c.intent][0] and o.slots.get(_MOST[c.intent][1]) == _MOST[c.intent][2]
                            for o in commands))]


def _merged_plays(commands: list[Command]) -> list[Command]:
    """A play with a title and no source beside a play with the source alone ("I wanna hear Kind of Blue on USB" read
    as two plays) is one play from that source."""
    plays = [c for c in commands if c.intent == "media.play"]
    titled = [c for c in plays if "query" in c.slots and "source" not in c.slots]
    sourced = [c for c in plays if set(c.slots) == {"source"}]
    if len(plays) != 2 or len(titled) != 1 or len(sourced) != 1:
        return commands
    merged = Command("media.play", {**titled[0].slots, "source": sourced[0].slots["source"]})
    out: list[Command] = []
    for c in commands:
        if c is titled[0]:
            out.append(merged)
        elif c is not sourced[0]:
            out.append(c)
    return out


def _zones_said(text: str) -> set[str]:
    from multimodal.text.lexicon import _ZONE_RES, fold

    # Patterns are in priority order; masking each match keeps 左后车窗 from also reading as 后车窗.
    folded, said = fold(text), set()
    for rx, zone in _ZONE_RES:
        if rx.search(folded):
            said.add(zone)
            folded = rx.sub(lambda m: "#" * len(m.group(0)), folded)
    return said


# Any word that may name a seat, in forms the zone table does not know ("the kids in the back", "第二排", "都").
_LOOSE_ZONE = re.compile(r"\b(?:rear|back|behind|left(?:-?hand)?|right(?:-?hand)?|front|both|all|every\w*|second|third|row|kids|passengers?"
                         r"|drivers?|co-?pilot|shotgun|whole|entire|other)\b|\bfour (?:seats?|windows?)\b"
                         r"|后|前|左|右|排|副|主|都|两边|全|所有|每|司机|驾|四个|整车|另一|一边|一侧", re.I)
# Phrases with those words that name no seat ("all the way up", "turn it back on", "主要是", "前挡除雾").
_NOT_A_SEAT = re.compile(r"(?:they'?re|we'?re|you'?re|they are|we are|you are|it'?s|that'?s)\s+all\b"
                         r"|\ball (?:set|good|done|fine|bundled|asleep|ready|tired|hungry)\b|all the way|all right|alright|all (?:this|that|these|those|day|night|week|morning|the time)\b|back (?:on|up|down|off)|right (?:now|away|there)|go back|both (?:on|off|of them)"
                         r"|(?:my|your|his|her|their|our|lower|upper|sore|bad) back|back (?:is|hurts|pain|ache|aches|of)\b"
                         r"|(?:my|our|your) side|outside|inside|beside"
                         r"|(?:屁股|腰|背|腿|脚|手|头|脖子|眼睛|眼皮|肩膀?|膝盖|浑身|嗓子|鼻子|耳朵)(?:都|全)"
                         r"|主要|全开|全关|前挡|后挡|前风挡|后风挡|除雾|除霜|前面的路|后背|背后|后脑|后颈|全是|全都是|全身|(?:front|rear|back) (?:defrost\w*|defog\w*"
                         r"|windshield|windscreen)", re.I)


def _seat_words(text: str) -> bool:
    return bool(_LOOSE_ZONE.search(_NOT_A_SEAT.sub(" ", text)))


def zone_unsaid(model: Sequence[Command], rules: Sequence[Command], text: str,
                context_zones: Collection[str] = ()) -> bool:
    """Same intents, but the model wrote a zone where the utterance names no seat at all, the grammar none and the
    previous turn not that one ("seat heat to level 2" is not the rear left's; "还是24度吧" after the passenger's
    22 is the passenger's again)."""
    if [c.intent for c in model] != [c.intent for c in rules] or _seat_words(text):
        return False
    return any(m.slots.get("zone") is not None and r.slots.get("zone") is None and m.slots["zone"] not in context_zones
               for m, r in zip(model, rules))


# Every seat said without a seat word ("车窗都关上", "所有车窗", "all the windows")
_ALL_SAID = re.compile(r"(?:车窗|窗户|窗子)(?:全|都)|所有|全车|全部|\ball (?:the |of the )?windows\b|\bevery window\b",
                       re.I)


def zone_mismatch(model: Sequence[Command], rules: Sequence[Command], text: str, missing: bool = True) -> bool:
    """Same intents, but a zone the model wrote was never said while the grammar's zone was (with ``missing``,
    also a zone the grammar heard and the model left out: "close the passenger window, then passenger seat heat
    to 1" keeps both zones)."""
    if [c.intent for c in model] != [c.intent for c in rules]:
        return False
    said = _zones_said(text) | ({"all"} if _ALL_SAID.search(text) else set())
    for m, r in zip(model, rules):
        mz, rz = m.slots.get("zone"), r.slots.get("zone")
        if mz != rz and (mz is not None or missing) and mz not in said and rz in said:
            return True
    return False


def _slots_but(command: Command, slot: str) -> dict:
    """``command``'s slots without ``slot``."""
    return {k: v for k, v in command.slots.items() if k != slot}


def _same_but(a: Command, b: Command, slot: str) -> bool:
    """Whether two commands' slots are the same but for ``slot``."""
    return _slots_but(a, slot) == _slots_but(b, slot)


_ROW_SEATS = {"front": {"driver", "passenger"}, "rear": {"rear_left", "rear_right"}}


def row_split_unevenly(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """The grammar's one command for a row ("driver and passenger seat cooling both on level two": the front) is two in
    the model's answer, one per seat, that do not both keep the grammar's slots (the level on the driver's only)."""
    for i, r in enumerate(rules):
        seats = _ROW_SEATS.get(str(r.slots.get("zone")))
        if seats is None or len(model) != len(rules) + 1:
            continue
        pair = model[i:i + 2]
        if list(model[:i]) != list(rules[:i]) or list(model[i + 2:]) != list(rules[i + 1:]):
            continue
        if all(c.intent == r.intent for c in pair) and {c.slots.get("zone") for c in pair} == seats:
            rest = _slots_but(r, "zone")
            return any(_slots_but(c, "zone") != rest for c in pair)
    return False


def _is_unsupported(commands: Sequence[Command], reason: str) -> bool:
    return len(commands) == 1 and commands[0].intent == "unsupported" and commands[0].slots.get("reason") == reason


def is_unsafe(commands: Sequence[Command]) -> bool:
    return _is_unsupported(commands, REASON_UNSAFE)


def is_out_of_domain(commands: Sequence[Command]) -> bool:
    return _is_unsupported(commands, REASON_OUT_OF_DOMAIN)


def dedupe(commands: Sequence[Command]) -> list[Command]:
    """The same command said twice in one utterance is done once (the contract never asks for a repeat)."""
    out: list[Command] = []
    for cmd in commands:
        if cmd.key() not in [c.key() for c in out]:
            out.append(cmd)
    return out


# What to wear or take, asked beside a forecast ("明天北京下不下雨啊 要不要给孩子带伞"): the same forecast, asked once
_WHAT_TO_TAKE = re.compile(r"带伞|带雨伞|带把伞|雨衣|穿什么|穿多少|加衣服|外套|umbrella|raincoat|jacket|coat|sunscreen|what to wear", re.I)


def one_forecast(commands: Sequence[Command], text: str) -> list[Command]:
    """A bare weather query beside one that names the place or the day is the same question, when what is asked
    besides is what to take ("should I bring an umbrella"), not the weather here."""
    full = [c for c in commands if c.intent == "query.weather" and c.slots]
    if not full or not _WHAT_TO_TAKE.search(text):
        return list(commands)
    return [c for c in commands if c.intent != "query.weather" or c.slots]


_NUMBER_SLOTS = ("value", "level", "percent", "amount", "brightness")
_SETTING_INTENTS = ("hvac.set_temperature", "hvac.set_fan", "seat.heat", "seat.ventilate", "window.open", "sunroof.open",
                    "media.set_volume", "light.ambient")


def one_value_each(commands: Sequence[Command], corrected: bool) -> list[Command]:
    """Two values for one setting of one seat ("后排也给开上 一样的档位" read as level 2 and level 1) contradict each
    other: the contract never asks for both. The first said stands, the last after a correction."""
    def key(c: Command) -> tuple:
        return (c.intent, tuple(sorted((k, str(v)) for k, v in c.slots.items() if k not in _NUMBER_SLOTS)))

    out: list[Command] = []
    for cmd in commands:
        same = [i for i, c in enumerate(out) if cmd.intent in _SETTING_INTENTS and key(c) == key(cmd)]
        if not same:
            out.append(cmd)
        elif corrected:
            out[same[0]] = cmd
    return out


def _counts(commands: Sequence[Command]) -> Counter:
    return Counter(c.key() for c in commands)


def _shape(command: Command) -> tuple:
    """A command without its numbers: numbers are the grammar's to read exactly (see ``_numbers_differ``)."""
    return command.intent, tuple(sorted((k, str(v)) for k, v in command.slots.items() if k not in _NUMBER_SLOTS))


def _strictly_within(inner: Sequence[Command], outer: Sequence[Command]) -> bool:
    """Every command of ``inner`` is in ``outer`` (as a multiset, numbers aside), and ``outer`` has more."""
    big = Counter(_shape(c) for c in outer)
    return len(outer) > len(inner) and all(big[k] >= n for k, n in Counter(_shape(c) for c in inner).items())


def _merged_away(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """"后排空调打开 温度调到二十六度 再开个自动" read as the rear's temperature and auto: the model dropped a request and
    gave its seat to the next command. Seats aside, the model's commands are within the grammar's, and every seat it
    wrote that the grammar did not is one the grammar gave to a command the model dropped."""
    def unseated(c: Command) -> Command:
        return Command(c.intent, _slots_but(c, "zone"))

    if not _strictly_within([unseated(c) for c in model], [unseated(c) for c in rules]):
        return False
    kept = Counter(_shape(unseated(c)) for c in model)
    dropped_zones = set()
    for c in rules:
        if kept[_shape(unseated(c))] > 0:
            kept[_shape(unseated(c))] -= 1
        elif c.slots.get("zone"):
            dropped_zones.add(c.slots["zone"])
    # (a seat is moved when no command of the grammar's has it, numbers aside: "二十二度半" read as 22 stays put)
    seated = {_shape(c) for c in rules}
    moved = {c.slots["zone"] for c in model if c.slots.get("zone") and _shape(c) not in seated}
    return bool(moved) and moved <= dropped_zones


def _beyond(inner: Sequence[Command], outer: Sequence[Command]) -> list[Command]:
    """The commands of ``outer`` that ``inner`` has no counterpart for (numbers aside)."""
    left = Counter(_shape(c) for c in inner)
    out = []
    for c in outer:
        if left[_shape(c)] > 0:
            left[_shape(c)] -= 1
        else:
            out.append(c)
    return out


def out_of_range(commands: Sequence[Command]) -> bool:
    """A whole-number slot outside the contract's range ("fan level 24", "seat heat level 5"): a misreading, as the
    contract writes only temperatures as said when out of range."""
    for c in commands:
        spec = INTENTS.get(c.intent)
        for name, value in c.slots.items():
            slot = spec.slots.get(name) if spec else None
            if slot is not None and slot.kind == "int" and slot.valid_range and isinstance(value, (int, float)) \
                    and not slot.valid_range[0] <= value <= slot.valid_range[1]:
                return True
    return False


def _list_read_whole(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """A list of requests the grammar read whole ("调到22度 开内循环 关掉音乐": three clauses, three commands, each on a
    thing its clause names outright), where the model found fewer."""
    if len(rules) < 2 or len(model) >= len(rules) or any(c.intent.startswith(("dialog.", "unsupported")) for c in rules):
        return False
    asking = _asking_clauses(text)
    return len(asking) >= len(rules) and all(any(_names_it(r, p) for p in asking) for r in rules)


# A shot or a drip told with 打 ("打完针哥哥一直哭", "今天小的打疫苗"): no call
_SHOT_TOLD = re.compile(r"打(?:完|了|过)?(?:针|疫苗|预防针|点滴|吊瓶)")
_CALL_WORD = re.compile(CALL_WORDS + r"|电话", re.I)


def _call_in_a_shot(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The model called someone where the only 打 of the words is a shot's and the grammar read no call."""
    return any(c.intent == "phone.call" for c in model) and not any(c.intent == "phone.call" for c in rules) \
        and _SHOT_TOLD.search(text) is not None and not _CALL_WORD.search(_SHOT_TOLD.sub(" ", text))


def _said_twice_with_its_seat(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """The model's answer is the grammar's plus the same command again with no seat, where the grammar's names one."""
    if len(model) != len(rules) + 1:
        return False
    for i, c in enumerate(model):
        rest = list(model[:i]) + list(model[i + 1:])
        if "zone" not in c.slots and rest == list(rules) and any(
                r.intent == c.intent and "zone" in r.slots and _slots_but(r, "zone") == c.slots
                for r in rules):
            return True
    return False


def _missed_outright(fewer: Sequence[Command], more: Sequence[Command], text: str) -> bool:
    """Every command ``more`` has beyond ``fewer`` acts on a thing the utterance names outright and ``fewer`` does not
    act on ("AC on, fan to 2 and recirculate" read without the AC): a request the shorter reading missed, not a
    reason's ("好热啊，把车窗打开" names no temperature)."""
    from multimodal.command.cues import asked_outright, device

    extra = _beyond(fewer, more)
    acted_on = {device(c.intent) for c in fewer}
    asking = _asking_clauses(text)
    return bool(extra) and all(device(c.intent) not in acted_on and any(_names_it(c, p) for p in asking) for c in extra)


def _names_it(command: Command, clause: str) -> bool:
    """The clause names ``command``'s thing outright, and not only as the climate whose temperature it sets ("bump the
    aircon up 3 degrees" is the temperature)."""
    from multimodal.command.cues import asked_outright

    if command.intent in ("hvac.ac", "hvac.power") and re.search(r"度|°|℃|degree|温度|temperature", clause, re.I) \
            and not re.search(r"打开|开启|开一下|开上|关|\b(?:on|off)\b", clause, re.I):
        return False
    if command.intent == "hvac.power" and _CLIMATE_AS_OWNER.search(clause):
        return False
    return asked_outright(command, clause)


# the climate named as the owner of the thing switched ("turn off the auto mode on the climate", "空调的自动模式关了")
_CLIMATE_AS_OWNER = re.compile(r"\b(?:auto(?:matic)?(?: mode)?|mode|fan|recirc\w*|a/?c|temperature|defrost\w*)\s+"
                               r"(?:on|of|for|in)\s+the\s+(?:climate|air ?con\w*|hvac|a/?c)\b"
                               r"|\b(?:climate|air ?con\w*|hvac)'s\s+(?:auto|mode|fan|recirc|a/?c|temperature)"
                               r"|空调的?(?:自动|模式|风|温度|内循环|外循环|制冷|除雾)", re.I)


# A clause that names a thing without asking for it: negated ("别关空调", "don't open the sunroof", "leave the temperature
# alone"), a complaint ("我听不清导航"), or a plan for later ("待会儿要接个重要电话").
_NOT_ASKING = re.compile(r"别|不要|不用|甭|千万别|\bdon'?t\b|\bdo not\b|\bnever\b|leave .{1,30} alone|听不清|听不见|听不到"
                         r"|\bcan'?t hear\b|\bcannot hear\b|待会|一会儿?|等会|等下|回头|晚点|later\b|\bsoon\b|要接|接个", re.I)
_CLAUSE_BREAK = re.compile(r"[,;!?，；。！？、]+|\s+(?:but|and then|then|so)\s+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", re.I)


_ASKING_SHAPE = re.compile(r"\b(?:on|off|up|down|more|less|open|close[ds]?|shut|max(?:imum)?|min(?:imum)?)\b|\d"
                           r"|[零二两三四五六七八九十半]|开|关|大|小|高|低", re.I)
_RATHER_THAN = re.compile(r"(?:\brather than\b|\binstead of\b|而不是|不是要)[^,，;；.。]*", re.I)


# Whether the car can reach a place, asked ("能开到杭州吗", "do I have enough charge to get home", "will I make it to
# Denver on this charge")
_REACH_ASKED = re.compile(REACH_ASKED + r"|够不够(?:开|跑)?到|enough (?:charge|battery|juice|gas|fuel|range)", re.I)


# A thing the driver says to leave on ("leave the music on", "keep the AC running", "别关音乐")
_LEAVE_ON = re.compile(r"\b(?:leave|keep)\s+(?:the\s+|my\s+)?\w+(?:\s+\w+)?\s+(?:on|running|playing|going)\b|别关|不要关|不用关", re.I)


def _asking_clauses(text: str) -> list[str]:
    """The clauses of ``text`` that may ask for something: not negated, no complaint or plan for later, and with a
    request word, a switch or a setting in them ("天窗漏水了" names the sunroof and asks nothing)."""
    from multimodal.command.rules import REQUEST_CUE, keeps_as_is
    from multimodal.text.lexicon import fold

    clauses = _CLAUSE_BREAK.split(_RATHER_THAN.sub(" ", text))
    return [p for p in clauses if p.strip() and not _NOT_ASKING.search(p) and not keeps_as_is(p)
            and (REQUEST_CUE.search(fold(p)) or _ASKING_SHAPE.search(p))]


_OFF_WORDS = re.compile(r"\boff\b|\bclose\b|\bshut\b|\bstop\b|\bdisable\b|\bdeactivate\b|\bkill\b|\bpause\b|\bout of\b"
                        r"|关|停|暂停|取消|解除|别开|不要开|熄|灭|歇|\bdouse\b", re.I)
# "off" in a phrase that switches nothing ("I'm nodding off", "pull off at the next exit", "my day off")
_OFF_IDIOM = re.compile(r"\b(?:nod(?:ding|ded|s)?|doz(?:ing|ed|es|e)|drift(?:ing|ed|s)?|drop(?:ping|ped|s)?|show(?:ing|ed|s)?"
                        r"|kick(?:ing|ed|s)?|head(?:ing|ed|s)?|tick(?:ing|ed|s)?|piss(?:ing|ed|es)?|pull(?:ing|ed|s)?|peel(?:ing|ed)?"
                        r"|tak(?:e|es|ing)|took|set(?:ting|s)?|(?:get|getting|got|go|going|gone|went) (?:right )?)\s*off\b"
                        r"|\boff\s+(?:work|duty|the (?:highway|road|freeway|motorway|exit|ramp|interstate|beaten track))\b"
                        r"|\bday off\b|\boff to\b|\bfar off\b|\bbetter off\b|\bwell off\b", re.I)


def _off_words(text: str) -> list[str]:
    """The words of ``text`` that switch, close or stop something."""
    return _OFF_WORDS.findall(_OFF_IDIOM.sub(" ", text))


# Things whose "on" only the words say: a mute is taken off by "unmute" / 解除, the automatic mode left by "out of auto"
_POLAR = ("hvac.defrost", "hvac.power", "hvac.ac", "hvac.recirculation", "seat.heat", "seat.ventilate", "seat.massage",
          "light.reading", "light.ambient")
_OFF_INTENTS = ("media.pause", "nav.cancel", "phone.hang_up", "window.close", "sunroof.close")


def _pairs_differing(model: Sequence[Command], rules: Sequence[Command]) -> list[tuple[Command, Command]]:
    """Position by position, the (model's, grammar's) commands two readings of as many commands disagree on; none
    when the counts differ."""
    if len(model) != len(rules):
        return []
    return [(m, r) for m, r in zip(model, rules) if m.key() != r.key()]


def _polarity_flipped(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """As many commands each, and where they differ the model switched off (or paused) what the grammar switched on
    (or resumed), while every off word of the utterance is one the grammar used for its own commands ("Defrost the
    rear window and turn off recirculation": the off is the recirculation's; "hang up and put the music back on")."""
    differ = _pairs_differing(model, rules)
    if not differ:
        return False
    for m, r in differ:
        same_but_on = m.intent == r.intent and m.intent in _POLAR and m.slots.get("on") is False and r.slots.get("on") is True \
            and _same_but(m, r, "on")
        if not (same_but_on or (m.intent == "media.pause" and r.intent == "media.play" and not r.slots)):
            return False
    offs = len(_off_words(text))
    grammar_offs = sum(1 for r in rules if r.slots.get("on") is False or r.intent in _OFF_INTENTS)
    return offs <= grammar_offs


def _off_unsaid(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """As many commands each, and where they differ the model closed or switched off something while the utterance
    has no word that closes or switches off anything ("Defog the front windshield and the rear window too" is no
    window closed)."""
    from multimodal.command.rules import CLOSE_WINDOW
    from multimodal.text.lexicon import fold

    differ = _pairs_differing(model, rules)
    off = lambda c: c.slots.get("on") is False or c.intent in _OFF_INTENTS  # noqa: E731
    # (the grammar's own reading must act on a thing: a "no" or a refusal is judged by the other checks)
    acts = lambda c: not c.intent.startswith("dialog.") and c.intent != "unsupported"  # noqa: E731
    if not differ or not all(off(m) and not off(r) and acts(r) for m, r in differ):
        return False
    return not (_off_words(text) or re.search(CLOSE_WINDOW, fold(text).lower())
                or re.search(r"\bmute|静音|\bno more\b|enough|够了|不用|不要|别|\bdon'?t\b|\bno\b|结束|挂|撤|退出|算了|完了|\bend"
                          r"|\bcancel|\bquit|\bexit|\bhang\b|\bdrop\b|\bditch|\bscrap|\bforget|\bkill", text, re.I))


_OPEN_WORDS = re.compile(r"打开|开启|开(?!车|着|会)|启动|摇下|降下|放下|\bopen|\bon\b|\bstart|\bresume|\bplay|\bdown\b|\blower"
                         r"|\benable|\bactivate|\bcrack", re.I)


_CLOSE_WORDS = re.compile(_OFF_WORDS.pattern + r"|合上|摇上|升上|roll(?: it| them)? up", re.I)


def _opened_unsaid(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The model opened a window or the sunroof the grammar did not, and no word of the utterance opens anything
    ("the back window's steamed up and i can't see behind me" is the rear defrost)."""
    from multimodal.text.lexicon import fold

    opened = [c for c in model if c.intent in ("window.open", "sunroof.open") and c not in rules]
    low = fold(text).lower()
    return bool(opened) and bool(rules) and not _OPEN_WORDS.search(low) \
        and not re.search(r"\bair\b|透气|通风|一半|半|缝|percent|%|百分|\d|\b(?:ten|twenty|thirty|forty|fifty|sixty|seventy"
                          r"|eighty|ninety|hundred)\b|[一二三四五六七八九十]十", low)


def _unmute_unsaid(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The model took the mute off where the grammar put it on and no word of the utterance unmutes ("先别出声了
    静音吧", "take the sound off completely, mute it")."""
    from multimodal.command.rules import UNMUTE_RE
    from multimodal.text.lexicon import fold

    differ = _pairs_differing(model, rules)
    if not differ or not all(m.intent == r.intent == "media.mute" and m.slots.get("on") is not r.slots.get("on")
                             for m, r in differ):
        return False
    # (and the reverse: "把静音关掉" read as muting, where the grammar read the unmute word)
    unmuted = UNMUTE_RE.search(fold(text)) is not None
    return all(r.slots.get("on") is not unmuted for _, r in differ)


def _on_unsaid(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """As many commands each, and where they differ the model opened or switched on what the grammar closed or switched
    off, while the utterance has a word that closes and none that opens ("把天窗合上" read as opening it)."""
    from multimodal.text.lexicon import fold

    differ = _pairs_differing(model, rules)
    opened = {"window.open": "window.close", "sunroof.open": "sunroof.close"}

    def flipped(m: Command, r: Command) -> bool:
        if opened.get(m.intent) == r.intent:
            return m.slots.get("zone") == r.slots.get("zone")
        return m.intent == r.intent and m.intent in _POLAR and m.slots.get("on") is True and r.slots.get("on") is False

    if not differ or not all(flipped(m, r) for m, r in differ):
        return False
    low = fold(text).lower()
    # every close word but those of the grammar's other off commands is one of the differing ones
    closes = len(_CLOSE_WORDS.findall(low))
    others = sum(1 for r in rules if (r.slots.get("on") is False or r.intent in _OFF_INTENTS)
                 and all(r is not d for _, d in differ))
    # ...and every open word is one of the grammar's other commands ("kill the rear defrost, open the driver's window")
    opens = len(_OPEN_WORDS.findall(low))
    opened_others = sum(1 for r in rules if (r.slots.get("on") is True or r.intent in ("window.open", "sunroof.open", "media.play"))
                        and all(r is not d for _, d in differ))
    return closes > others and opens <= opened_others


_REAR_GLASS = re.compile(r"后挡|后窗|后风挡|后玻璃|后车窗|\b(?:rear|back) (?:window|windscreen|windshield|glass|screen)", re.I)


def _glass_swapped(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """As many commands each, and where they differ only the defrost's glass does: the grammar's rear where the
    driver named the rear glass ("back window is all fogged" read as the windscreen)."""
    from multimodal.command.rules import _GLASS_FINE

    differ = _pairs_differing(model, rules)
    if re.search("(?:" + _REAR_GLASS.pattern + r")[^，,]{0,6}?" + _GLASS_FINE, text, re.I):
        # "the windshield is fogged up but the back window is fine": the glass to clear is the front one
        return bool(differ) and all(
            m.intent == r.intent == "hvac.defrost" and r.slots.get("target") == "front" and m.slots.get("target") == "rear"
            for m, r in differ)
    if len(rules) == 1 and rules[0].intent == "hvac.defrost" and rules[0].slots.get("target") == "rear" \
            and _REAR_GLASS.search(text) and not re.search(r"前挡|挡风|windshield|windscreen|front", text, re.I) \
            and any(m.intent == "hvac.defrost" and m.slots.get("target") == "front" for m in model):
        return True  # "后窗也起雾了" read as the windscreen's defrost and a rear window closed
    return bool(differ) and bool(_REAR_GLASS.search(text)) and all(
        m.intent == r.intent == "hvac.defrost" and r.slots.get("target") == "rear" and m.slots.get("target") == "front"
        and _same_but(m, r, "target")
        for m, r in differ)


_SEAT_FUNCTION_WORDS = {"seat.heat": r"加热|加个热|热|暖|heat|warm|toast", "seat.ventilate": r"通风|吹风|凉|vent|cool|fan|air",
                        "seat.massage": r"按摩|捏|揉|捶|放松|massag|knead|pummel"}


_MUTE_SAID = re.compile(r"\bmute\b|静音|静个音", re.I)
_PAUSE_SAID = re.compile(r"\bpause\b|\bstop\b|暂停|停", re.I)


def _pause_for_mute(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """"Mute the music for a minute" read as a pause: the word said is the mute (the sound off, the music going on)."""
    mute, pause = Command("media.mute", {"on": True}), Command("media.pause", {})
    return pause in model and mute in rules and mute not in model and pause not in rules \
        and bool(_MUTE_SAID.search(text)) and not _PAUSE_SAID.search(text)


def _mute_for_pause(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The reverse ("先不听歌了 我想静一静" read as a mute): no word of muting, and the grammar read the music stopped."""
    return list(rules) == [Command("media.pause", {})] and list(model) == [Command("media.mute", {"on": True})] \
        and not _MUTE_SAID.search(text) and not re.search(r"\bmute|\bsilen|\bquiet", text, re.I)


def _seat_function_unsaid(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The model added a seat function no word names beside the one the driver asked for twice ("heat my seat and the
    passenger seat as well" read as heat + ventilation): the grammar's reading has no such command."""
    rule_intents = {c.intent for c in rules}
    extra = [c for c in model if c.intent in _SEAT_FUNCTION_WORDS and c.intent not in rule_intents]
    return bool(extra) and all(not re.search(_SEAT_FUNCTION_WORDS[c.intent], text, re.I) for c in extra)


def _complaint_as_reading(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    from multimodal.command.rules import COLD_RE, HOT_RE
    from multimodal.text.lexicon import fold

    low = fold(text).lower()
    return any(c.intent == "query.vehicle" and str(c.slots.get("item", "")).endswith("temperature") for c in model) \
        and any(c.intent == "hvac.adjust_temperature" for c in rules) and bool(COLD_RE.search(low) or HOT_RE.search(low)) \
        and not re.search(r"几度|多少度|多少|温度|气温|\btemp|\bdegrees?\b|\bhow (?:hot|cold|warm)\b|\bwhat\b", low)


def _complaint_denied(model: Sequence[Command], text: str) -> bool:
    from multimodal.command.rules import NOT_A_COMPLAINT_RE
    from multimodal.text.lexicon import fold

    low = fold(text).lower()
    return any(c.intent == "hvac.adjust_temperature" for c in model) and bool(NOT_A_COMPLAINT_RE.search(low)) \
        and not re.search(r"温度|空调|暖|调|开|关|\btemp|\bheat|\bwarm(?:er)?\b|\bcool(?:er)?\b|\bturn\b|\bset\b|\bmake\b|但|\bbut\b", low)


def _thing_hot_as_complaint(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    from multimodal.command.rules import THING_HOT_OR_COLD_RE
    from multimodal.text.lexicon import fold

    low = fold(text).lower()
    extra = [c for c in model if c.intent == "hvac.adjust_temperature" and c not in rules]
    return bool(extra) and bool(THING_HOT_OR_COLD_RE.search(low)) \
        and not re.search(r"温度|空调|暖气|度|temp|heat|a/?c\b|air ?con|climate|warmer|cooler|in here|车里|车内", low)


def _outright_swapped(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """As many commands each, and where they differ the grammar's acts on a thing the utterance names outright and the
    model's on another thing it never names ("主驾通风给我二档" read as the fan; "天窗灌进来的风…关上吧" as the fan)."""
    from multimodal.command.cues import asked_outright, device, has_outright_words

    differ = _pairs_differing(model, rules)
    from multimodal.command.rules import REMARK_INTENTS

    # (a remark's reading is no thing named: "will it be colder in Texas" names the weather, not the cabin)
    # (nor against the model's: "the AC is way too cold" is warmer, not the AC switched on)
    return bool(differ) and all(device(m.intent) != device(r.intent) and r.intent not in REMARK_INTENTS
                                and m.intent not in REMARK_INTENTS and asked_outright(r, text)
                                and not asked_outright(m, text) and has_outright_words(m) for m, r in differ)


def _numbers_differ(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """Same commands but for a number the grammar read and the model wrote otherwise or left out
    ("二十二度半" 22.5, "fan to max" 7, "开条缝" 20): numbers, idioms and maxima are what the grammar's tables
    read exactly, and a small model miscopies."""
    if [c.intent for c in model] != [c.intent for c in rules]:
        return False
    differs = False
    for m, r in zip(model, rules):
        for slot in set(m.slots) | set(r.slots):
            if m.slots.get(slot) == r.slots.get(slot):
                continue
            if slot not in _NUMBER_SLOTS or r.slots.get(slot) is None:
                return False
            differs = True
    return differs


# The free-text slot of each intent that has one, for the cut check.
_TEXT_SLOT = {"nav.navigate": "destination", "media.play": "query", "query.weather": "location",
              "phone.call": "contact"}


# Remarks and questions about the song, the weather gone by or the car itself ("这首歌真好听", "It rained all weekend",
# "这车后排有座椅按摩吗", "Who sang this song?"), with no word that asks for anything.
_REMARK = re.compile(r"真好听|好好听|挺好听|不错|强多了|比.{0,8}(?:强|好|差|舒服)|以前|reminds? me of|i love this|love this song"
                     r"|这首歌(?:是|真|挺|好)|\bthis song (?:is|was)\b|who (?:sang|sings|is singing|wrote)|是谁(?:唱|写)|谁唱的"
                     r"|昨天|前天|上周|上个月|yesterday|last (?:night|week|weekend|month)|all weekend|all day yesterday"
                     r"|never worked|used to|my old car|我那辆|以前那辆|这车.{0,8}有.{0,8}吗|does this car have|how many .{0,20} does"
                     r"|why is the|为什么.{0,8}(?:这么|那么)|怎么这么(?:低|高|慢|多|少)", re.I)
# Praise of a thing the car has ("这车的空调真给力啊", "these seat heaters are amazing"): a remark only when said alone,
# since a request beside it may have no asking word ("music is awesome, louder")
_PRAISE = re.compile(r"(?:真|太|好|很|挺|超)(?:给力|棒|好用|厉害|香|带劲|舒服)(?!一点|点)|这首歌.{0,8}(?:会唱|爱听|喜欢|听过)"
                     # little noise is praise ("这个空调噪音还挺小的嘛", "the fan is really quiet")
                     r"|(?:噪音|噪声|风噪|胎噪)(?:还|也|倒)?(?:挺|很|真|蛮|比较|特别|还挺|倒是)?(?:小|低|轻)(?:的)?(?:嘛|啊|呀|呢|哦)?[!！。.]?$"
                     r"|\b(?:is|are|'s|'re) (?:so |really |pretty |super |surprisingly )?(?:quiet|silent)[.!]?$"
                     r"|\b(?:is|are|'s|'re|was|were) (?:so |really |pretty |absolutely |just |honestly )?(?:amazing|awesome"
                     r"|fantastic|incredible|wonderful|brilliant|excellent|superb|impressive|the best|huge|comfy|roomy|spacious"
                     r"|(?<=so )(?:huge|comfy|comfortable|roomy|spacious|smooth|nice|great))\b", re.I)
_ONE_CLAUSE = re.compile(r"^[^,，;；。.!！?？]*[.!！。?？]*$")
# Said alone, with nothing after it: a question to the assistant about itself, or a translation ("你一个人在车里闷不闷啊",
# "Do you ever get lonely in there?", "把“洗手间在哪”翻译成日语"): nothing of the car's, even where the grammar left the
# words unread.
_TO_THE_ASSISTANT = re.compile(
    # whether the assistant is there and hears ("can you hear me", "你在吗", "听得到我说话吗")
    r"^\W*(?:(?:hey|hello|hi|ok|okay|um)[\s,]+)*(?:can you hear me|are you (?:there|listening|awake|on)|you there|do you hear me)\W*$"
    r"|^(?:喂|嘿|哎)?[，,\s]*(?:你在吗|你在不在|在吗|听得到(?:我说话)?吗|听得见(?:我说话)?吗|你听得到吗|你听得见吗)[?？]?$"
    r"|^(?:嘿|喂|哎|小家伙|小朋友|小东西|小宝贝|伙计|老伙计)?[，,\s]*你(?!们|帮|给|把|能|可以|来|就|随便)[^，,。？?!！]{0,10}?(?:闷不闷|累不累|困不困|烦不烦|饿不饿|无聊吗|孤单吗"
    r"|孤独吗|寂寞吗|开心吗|难过吗|是人吗|是机器人吗|会累吗|会不会累|睡觉吗|几岁了?|多大了|叫什么名字|有感情吗|有朋友吗"
    # what it can do itself ("你会唱歌吗" asks about the assistant; "唱一首晴天" asks for the song)
    r"|会(?:不会)?(?:唱歌|跳舞|画画|做饭|说话|思考)(?:吗|不|么)?|会(?:不会)?唱[^，,。？?]{1,6}?(?:吗|不|么))[啊呀呢吗]*[？?。!！]?"
    # "你会唱歌不 来一段": and a turn of it asked, with nothing named to play
    r"(?:[\s，,]*(?:来一段|唱一段|唱一个|来一个|唱两句|来两句)(?:吧|呗|听听)?[。!！]?)?$"
    r"|^(?:hey,?\s+)?(?:do|are|have|would|will|did|can) you (?:ever |really |still |even )?(?:get |feel |be )?(?:lonely|bored|tired|sad"
    r"|happy|sleep|dream|eat|sing|dance|a (?:robot|human|person)|real|alive|human|conscious)(?:\s+(?:in there|today|at all|ever|too|of me"
    r"|of this|of driving|all day|of (?:the |this |all (?:the |this )?)?(?:traffic|driving|jams?|rain|road|roads|music|talking|me))"
    r"|\s+(?:driving|riding|sitting|stuck|waiting|being|out|alone|in (?:here|the car))[a-z' ]{0,30})?\s*[?.!]?$"
    # its own taste, or a pick asked of it ("what's your favorite song", "有什么好看的电影推荐", "which movie should I watch")
    r"|^(?:so\s+|hey\s+)?(?:what'?s|what is|which is|who is|who'?s) your (?:favou?rite|fave)\b[^,;]*\??$"
    r"|^你(?:最)?(?:喜欢|爱听|爱看)(?:什么|哪|谁)[^，,。放播来]{0,8}[？?]?$"
    r"|^(?:有)?(?:什么|啥)(?:好看|好玩|好听)?的?(?:电影|电视剧|剧|综艺|书|游戏)(?:推荐|可以推荐|值得看)[吗呢啊]*[？?]?$"
    r"|^(?:which|what) (?:movie|film|show|series|book|game) should (?:i|we) (?:watch|read|play|see)\b[^,;]*\??$"
    # an opinion asked between two things ("你觉得特斯拉和蔚来哪个好", "which is better, a Tesla or a Volvo?")
    r"|^(?:你觉得|你说|你认为).{1,20}(?:哪个|哪款|哪辆|哪家|谁)(?:更)?(?:好|强|厉害|值|划算)[一些点]*[啊呀呢吗]*[？?]?$"
    r"|^(?:which|what)(?: one| car| brand)? is better[,:]?\s+(?:a |an |the )?\w[\w\s'-]{0,30}\s+or\s+(?:a |an |the )?\w[\w\s'-]{0,30}\??$"
    r"|^把.{1,30}(?:翻译成|翻成).{1,6}$|^.{1,30}(?:翻译成|翻成)(?:中文|英文|英语|日语|日文|法语|德语|韩语|西班牙语|俄语)[吧呢吗？?]*$"
    r"|^.{1,30}用\s*.{1,4}语\s*怎么说[？?]?$"
    r"|^(?:please\s+|can you\s+|could you\s+)?translate\b[^;]*\binto\s+\w+[.?!]?$|^how do (?:you|i) say\b[^;]*\bin\s+\w+\s*\??$", re.I)
_ASKING_WORDS = re.compile(r"please|could you|can you|would you|will you|let'?s|i want|i'?d like|i need|turn|switch|set|play"
                           r"|\bkeep\b|\bleave (?:it|them)\b|louder|quieter|softer|warmer|cooler|colder|hotter|\bup\b|\bdown\b"
                           r"|大点|小点|大一点|小一点|高点|低点|再(?:低|高|大|小|来|开|放)|[两三四五六七八九十\d]度"
                           r"|press|hit|tap|click|mute|skip|call|navigate|take me|find"
                           r"|put on|open|close|give me|帮|请|麻烦|给我|我要|我想|想听|来点|来首|打开|关|(?<!空)调|放一|播放|开一下", re.I)


def _remark_only(text: str) -> bool:
    # (a space between two Chinese words is a pause: "这歌太棒了 声音大点" is two clauses)
    spoken = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "，", text.strip())
    praise = bool(_PRAISE.search(text)) and bool(_ONE_CLAUSE.match(re.sub(r"^\s*(?:wow|oh|哇|哎呀)[,，!！\s]+", "", spoken, flags=re.I)))
    return (bool(_REMARK.search(text)) or praise) and not _ASKING_WORDS.search(text)


# A question put to the people in the car ("你们谁带充电宝了？", "Did anyone remember to pack the sunscreen?")
_TO_PASSENGERS = re.compile(r"^\W*(?:(?:so|hey|ok|okay|guys|um|uh|wait)[\s,]+)*(?:did|does|do|has|have|is|can|could|would|will)\s+"
                            r"(?:anyone|anybody|any of you|you guys|y'?all|everyone|everybody|someone|somebody)\b"
                            r"|^\W*(?:who|which of you)\s+(?:has|had|wants|brought|remembered|packed|took|got|is|knows)\b"
                            r"|^(?:你们|大家)?(?:谁|有谁|有没有人)(?:带|拿|有|记得|知道|想|要|吃|喝|见|看|去过)", re.I)


def _to_passengers(text: str) -> bool:
    return any(_TO_PASSENGERS.search(clause.strip()) for clause in re.split(r"[,，.。!！?？;；]+", text) if clause.strip())


def _a_game(model: Sequence[Command], text: str = "") -> bool:
    """A game to play with the driver ("let's play twenty questions") read as music; not a song asked for by its
    title ("给孩子放一首石头剪刀布")."""
    from multimodal.command.rules import _A_SONG_RE, _GAME_RE

    if _A_SONG_RE.search(text):
        return False

    return any(c.intent == "media.play" and "source" not in c.slots and _GAME_RE.search(str(c.slots.get("query", "")))
               for c in model)


# Words a small model copies as a contact that name nobody ("我要打电话" read as a call to "我")
_NO_CONTACT = re.compile(r"我|你|他|她|它|我们|你们|他们|自己|电话|手机|音乐|歌|空调|导航|车|一下|个人|人|谁|有人|安全|不安全|危险|方便|不方便"
                         r"|someone|somebody|anyone"
                         r"|anybody|me|you|him|her|it|them|us|myself|yourself|music|phone|the phone|a call|call|someone else|back|later|back later"
                         r"|the call|this call|that call|the line|我打|我们打|我说", re.I)


def _as_said(commands: Sequence[Command], text: str) -> list[Command]:
    """A name written with a stop the driver never said ("Dr. Mehta" for "call Dr Mehta") is the name as said."""
    low = text.casefold()
    out = []
    for c in commands:
        slots = dict(c.slots)
        for slot in _FREE:
            value = slots.get(slot)
            if isinstance(value, str) and "." in value and value.casefold() not in low:
                bare = re.sub(r"\.(?=\s|$)", "", value)
                if bare.casefold() in low:
                    slots[slot] = bare
        out.append(Command(c.intent, slots) if slots != c.slots else c)
    return out


def _said_after_correction(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """Where the readings differ, the words after the last correction say the grammar's command and not the
    model's ("open the window oh no sorry i mean close the sunroof", "not to twenty two i meant two degrees up")."""
    from multimodal.command.cues import asked_outright, device

    marks = list(_CORRECTED.finditer(text))
    after = text[marks[-1].end():] if marks else ""
    said = _numbers_said(after)

    def numbers(c: Command) -> set[float]:
        return {float(v) for k, v in c.slots.items() if k in _NUMBER_SLOTS and isinstance(v, (int, float))
                and not isinstance(v, bool)}

    differ = _pairs_differing(model, rules)
    if not differ or not after.strip():
        return False
    for m, r in differ:
        if device(m.intent) != device(r.intent):
            if not asked_outright(r, after) or asked_outright(m, after):
                return False
        elif numbers(r) or numbers(m):
            if not (numbers(r) and numbers(r) <= said and not numbers(m) & said):
                return False
        elif not _word_said_after(m, r, after):
            return False
    return True


_ZH_COLOR = {"red": "红", "orange": "橙", "yellow": "黄", "green": "绿", "blue": "蓝", "purple": "紫", "white": "白", "pink": "粉"}


def _word_said_after(model: Command, rules: Command, after: str) -> bool:
    """A word slot (a colour, a name) where the readings differ: the grammar's word is said after the correction
    and the model's is not ("purple, no wait, pink")."""
    low = after.lower()

    def said(value) -> bool:
        value = str(value).lower()
        return value in low or (_ZH_COLOR.get(value, "\0") in after)

    pairs = [(model.slots.get(k), v) for k, v in rules.slots.items() if isinstance(v, str) and model.slots.get(k) != v]
    return bool(pairs) and all(said(r) and (m is None or not said(m)) for m, r in pairs)


_THING_NOT_PERSON = re.compile(r"\b(?:music(?! teacher)|volume|radio(?! station| host)|sound|temperature|window|fan|seat|sunroof|mute)\b"
                               r"|音乐(?!老师|家|人|圈)|音量|空调|车窗|温度|风量"
                               r"|静音|声音|天窗|座椅|导航|蓝牙|收音机", re.I)


def _named_in_an_exclamation(model: Sequence[Command], text: str) -> bool:
    """A free-text value of the model's said only inside an exclamation of the moment ("蚌埠住了": Bengbu)."""
    from multimodal.command.rules import EXCLAMATION_SPAN_RE

    spans = [m.span() for m in EXCLAMATION_SPAN_RE.finditer(text)]
    if not spans:
        return False
    for c in model:
        slot = _TEXT_SLOT.get(c.intent)
        value = str(c.slots.get(slot, "")).strip() if slot else ""
        found = [m.span() for m in re.finditer(re.escape(value), text)] if value else []
        if found and all(any(a <= at and end <= b for a, b in spans) for at, end in found):
            return True
    return False


def _calls_nobody(commands: Sequence[Command]) -> bool:
    return any(c.intent == "phone.call" and (_NO_CONTACT.fullmatch(str(c.slots.get("contact", "")).strip())
                                             or _THING_NOT_PERSON.search(str(c.slots.get("contact", ""))))
               for c in commands)


# Words that ask for a call; a name said after a call (“sorry, I meant Joan”) needs none
# (?<![a-z]) rather than \b: "帮我call一下外婆" has no word boundary between 我 and call
_CALL_WORDS = re.compile(r"打(?!开|算|扰)|拨|呼叫|联系|电话|通话|接通|连线|视频|语音|(?<![a-z])(?:call|ring|dial|phone|buzz|reach|shout|bell|contact"
                         r"|facetime|skype)|on the line", re.I)


# A call someone in the car is on ("客人在打电话，先静音", "she's on the phone, turn it down"): told, not asked for
_CALL_NARRATED = re.compile(r"(?:在|正在)(?:打|讲|接|通)电话|(?:在|正在)(?:跟|和|给|同)[^，,。\s]{1,8}?(?:打|讲|通)(?:着)?电话|在通话|(?:打|讲|接)着电话|\b(?:is|are|'s|'re|am|'m) (?:on (?:the|a) (?:phone|call)"
                            r"|talking on the phone|taking a call)\b"
                            # a call coming in ("老板打电话来了", "我妈来电话了", "my boss is calling")
                            r"|打(?:电话)?来了|打过来了|来电话了|来电了|打来(?:的)?电话|电话(?:响了|进来了|来了)"
                            r"|\b(?:is|'s) (?:calling|ringing)(?: me| us)?\b|\b(?:phone|it)(?:'s| is) ringing\b|incoming call|\bcall (?:is )?coming in\b"
                            r"|电话(?:马上)?要进来"
                            # one the driver will answer ("待会儿要接客户电话", "I have to take a call from a client")
                            r"|接(?:个|一个|下|一下)?[^，,。]{0,6}?电话|\b(?:take|taking|answer|pick up) (?:a|the|this|that) call\b", re.I)


def _call_unasked(model: Sequence[Command], text: str, previous: Sequence[Command]) -> bool:
    if not any(c.intent == "phone.call" for c in model):
        return False
    from multimodal.command.cues import call_planned, naming_asked

    if call_planned(model, text) or naming_asked(text):
        return True
    if _HANG_UP_WORDS.search(text) and not _CALL_WORDS.search(text):
        return True  # "voicemail again, just hang up": the call ends, none is made
    for c in model:
        who = str(c.slots.get("contact", "")) if c.intent == "phone.call" else ""
        if who and re.search(r"\b(?:take|drive|get|bring) (?:me|us) (?:to )?" + re.escape(who) + r"|(?:导航|带我|送我)(?:去|到)\s*"
                             + re.escape(who), text, re.I):
            return True  # "okay next call uh take me to 2250 Old Mill Road": the job is the next call; the place a route
    if _CALL_INCOMING.search(text) and not re.search(r"给(?!我)[^，,。]{1,8}打|打给(?!我)|(?:拨|回)(?:个)?电话给|\b(?:call|ring|phone|dial) (?!me\b|us\b)",
                                                     re.sub(r"\b(?:will|gonna|going to|is|'s|'ll) (?:call|ring|phone)\b", "", text,
                                                            flags=re.I), re.I):
        return True  # "编辑部一会儿要打电话过来，先把音乐静音": a call coming in, told as the reason for quiet
    if _CALL_NARRATED.search(text) and not re.search(r"给.{1,8}打|打给|(?<!\ba )(?<!\bthe )(?<!\bthis )(?<!\bthat )"
                                                      r"\bcall\b(?! (?:is|was|coming))", text, re.I):
        return True
    for c in model:
        who = str(c.slots.get("contact", "")) if c.intent == "phone.call" else ""
        if who and re.search(re.escape(who) + r"(?:要|想|得|需要|在|正在)(?:打|接|讲)(?:个|一个)?电话|" + re.escape(who)
                             + r" (?:wants|needs|has) to (?:make|take) a (?:phone )?call", text, re.I):
            return True  # "乘客要打电话，先把歌停了": the passenger makes the call, the car is asked for quiet
        if who and _CALL_TOLD.search(text) and _a_request(who):
            return True  # "待会儿要打个电话 先把歌停了": "歌停了" is the request after the call told of, no name

    return not _CALL_WORDS.search(text) and not any(p.intent.startswith("phone.") for p in previous)


# A call someone else will make to the car ("编辑部一会儿要打电话过来", "my boss is gonna call me in a minute")
_CALL_INCOMING = re.compile(r"(?:打|拨)(?:个|一个)?(?:电话)?(?:过来|进来)|来电话|(?:会|要)打给我|等(?:一个|个)?电话"
                            r"|\b(?:will|is going to|gonna|'s going to|'ll|is about to) (?:call|ring|phone) (?:me |us )?back\b"
                            r"|\b(?:will|is going to|gonna|'s going to|'ll|is about to) (?:call|ring|phone) (?:me|us)\b"
                            r"|\bis calling (?:me|us)\b|\bexpecting a call\b|\bwaiting for a call\b"
                            # someone else's call soon ("my mom's gonna call any second"), not the driver's own
                            r"|(?<!\bi )(?<!\bi'm )(?<!\bim )(?<!\bi am )(?<!\bwe )(?<!\bwe're )(?<!\bwe are )(?<!\blet me )"
                            r"\b(?:will|is going to|gonna|going to|'ll|is about to|might|may|should) (?:call|ring|phone)"
                            r"(?= (?:any (?:second|minute|moment|time)(?: now)?|in a (?:sec|second|minute|bit|few)|soon|shortly)\b)", re.I)


# A call the driver will make, told with no one named ("待会儿要打个电话", "I've got a call to make")
_CALL_TOLD = re.compile(r"(?:等会儿?|等一下|待会儿?|一会儿?|过会儿?|马上|准备|得|需要|还要|要先)要?(?:打|拨|回)(?:个|一个|一通)电话"
                        r"|\b(?:i'?ve got|i have|i need) (?:a|to make a) (?:quick )?call\b", re.I)


_TAIL_PIECE = re.compile(r"(?:听听?|一下|一听|来听|吧|呗|啊|呀|啦|嘛|please|for me|now"
                         # who it is played for ("小星星给妹妹(听)")
                         r"|给(?:我们?|大家|他们?|她们?|孩子们?|小朋友们?|宝宝|宝贝|妹妹|弟弟|姐姐|哥哥|闺女|女儿|儿子|老人家?"
                         r"|奶奶|爷爷|姥姥|姥爷|外婆|外公|爸爸?|妈妈?|老婆|老公|媳妇|客人|乘客)(?:听听?)?)$", re.I)


def _words_beyond(longer: Command, shorter: Command, intent: str, slot: str) -> str | None:
    """The words ``longer``'s free text has after ``shorter``'s, when both are ``intent`` with the same other slots and
    one text starts the other; None otherwise."""
    a, b = longer.slots.get(slot), shorter.slots.get(slot)
    if not (longer.intent == shorter.intent == intent and isinstance(a, str) and isinstance(b, str)
            and len(a) > len(b) and a.startswith(b)):
        return None
    return a[len(b):] if _same_but(longer, shorter, slot) else None


def _place_with_a_tail(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """The model's destination is the grammar's with the trip's errand or a remark after it ("医院看病", "学校接儿子"):
    the grammar's own trimming of the model's words gives the grammar's place."""
    from multimodal.command.rules import trimmed_place

    return _differ_only_where(model, rules, lambda m, r: _words_beyond(m, r, "nav.navigate", "destination") is not None
                              and trimmed_place(m.slots["destination"]) == r.slots["destination"])


# What may follow a title without being part of it: the request's own words, a question, a container word
# ("夜曲帮我放一下", "轻音乐怎么样", "john maher track")
_NOT_A_TITLE_TAIL = re.compile(r"帮|给|一下|吧|放|播|听|怎|如何|好不好|行不行|可以|吗|呢|啊|呀|please"
                               r"|\b(?:for|now|right|away|track|tracks|song|songs|music|album|genre|playlist|tunes?|stuff|records?)\b",
                               re.I)


def _title_cut_short(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The model's title is the start of the grammar's, which is said whole ("婚礼进行曲" read as "婚礼")."""
    from multimodal.command.rules import REQUEST_CUE
    from multimodal.text.lexicon import fold

    def cut(m: Command, r: Command) -> bool:
        rest = _words_beyond(r, m, "media.play", "query")
        return rest is not None and r.slots["query"] in text and not REQUEST_CUE.search(fold(rest)) \
            and not _NOT_A_TITLE_TAIL.search(rest)
    return _differ_only_where(model, rules, cut)


def _weather_place_with_a_tail(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """The model's weather place is the grammar's with forecast words after it ("上海会" of "上海会下雨吗")."""
    from multimodal.command.rules import ZH_WEATHER_WORDS

    def tail_only(extra: str | None) -> bool:
        while extra:
            word = next((w for w in ZH_WEATHER_WORDS if extra.startswith(w)), None)
            if word is None:
                return False
            extra = extra[len(word):]
        return extra is not None

    return _differ_only_where(model, rules, lambda m, r: tail_only(_words_beyond(m, r, "query.weather", "location")))


def _title_with_a_tail(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """Same commands but a title of the model's that is the grammar's with a piece of a tail word after it."""
    if [c.intent for c in model] != [c.intent for c in rules]:
        return False
    differ = False
    for m, r in zip(model, rules):
        if m == r:
            continue
        mq, rq = str(m.slots.get("query", "")), str(r.slots.get("query", ""))
        if m.intent != "media.play" or not rq or not mq.startswith(rq) \
                or not _same_but(m, r, "query") \
                or not _TAIL_PIECE.fullmatch(mq[len(rq):].strip()):
            return False
        differ = True
    return differ


def _requests_alone(words: str) -> list[Command]:
    """The commands of the car the grammar reads in ``words`` alone, with no context (no refusal, no answer)."""
    from multimodal.command.rules import shared_grammar
    from multimodal.protocols import CommandContext

    return [c for c in shared_grammar().parse(words, None, CommandContext())
            if c.intent not in ("unsupported", "dialog.confirm", "dialog.reject")]


def _command_as_title(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """A title of the model's that reads alone as a command the grammar heard asked for ("pause"), or that is only the
    name of the thing the grammar switched ("来点暖气" read as a song "暖气")."""
    for c in model:
        query = str(c.slots.get("query", "")) if c.intent == "media.play" else ""
        if query and len(query.split()) <= 3 and not any(r.intent == "media.play" for r in rules) \
                and (any(r in rules for r in _requests_alone(query))
                     or (len(query) <= 4 and any(r.intent != "unsupported" and _names_it(r, query) for r in rules))):
            return True
    return False


def _title_is_the_request(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The model's one title reads alone as the grammar's whole reading and no play word comes before it, whatever
    else was said ("好了家人们 今天就播到这儿 导航回家" read as a song named "导航回家"; "Play Take Me Home, Country Roads"
    stays a song)."""
    if len(model) != 1 or model[0].intent != "media.play" or not model[0].slots.get("query"):
        return False
    title = str(model[0].slots["query"])
    at = text.find(title)
    return list(_requests_alone(title)) == list(rules) and at >= 0 and _PLAY_WORD_BEFORE.search(text[:at]) is None


def _a_request(words: str) -> bool:
    """The words read alone as a command of the car ("歌停了", "音乐关了"): no one's name."""
    return bool(_requests_alone(words))


_HANG_UP_WORDS = re.compile(r"挂|拒接|拒绝接听|不接|\b(?:decline|reject)\b|结束(?:通话|电话)|断开|\bhang\b(?! on\b| tight\b)|\bend (?:the|this|my) call\b|\bdisconnect|\bdrop (?:the|this) call\b", re.I)


def _hang_up_unasked(model: Sequence[Command], text: str) -> bool:
    """"乘客在打电话 音乐先暂停": a call someone is on, told as the reason for quiet, is no call to end."""
    return any(c.intent == "phone.hang_up" for c in model) and bool(_CALL_NARRATED.search(text) or _HOLD_ON.search(text)) \
        and not _HANG_UP_WORDS.search(text)


# "Marco hang on back there": wait, said to someone; no call ended
_HOLD_ON = re.compile(r"\b(?:hang|hold) (?:on|tight)\b|等一下|等等|稍等", re.I)


# A question about the road ("今天高速还免不免费啊", "are there tolls on this route?") asks nothing to be avoided
_ROAD_ASKED = re.compile(r"(\w)不\1|[吗呢][?？]?\s*$|[?？]\s*$|^\W*(?:is|are|does|do|will|was|how)\b", re.I)
_AVOID_WORDS = re.compile(r"避|躲|绕(?!不绕)|不走|别走|不要走|不上|别上|换条|换个路|(?<!收)不收费|(?<!不)免费的?路|\btoll-?free|\btraffic-?free|\bavoid|stay off|keep off|\bskip|\bwithout\b"
                          r"|\bno (?:tolls?|highways?|motorways?|freeways?)\b|\bnot (?:take|use|go on)\b|\bget (?:me |us )?off\b"
                          r"|\baround\b|\bbypass", re.I)


# The road asked for, not avoided ("带我去公司 走高速", "take the highway")
_ROAD_TAKEN = re.compile(r"(?<![不别没])走高速|(?<![不别没])上高速|\b(?:use|take|via|go (?:by|on|via)|get on) (?:the )?(?:highway|freeway"
                         r"|motorway|expressway|interstate|toll road)s?\b", re.I)


def _avoid_unasked(model: Sequence[Command], text: str) -> bool:
    """"今天高速还免不免费啊": the road's tolls or traffic asked about, no way round them asked for; "走高速": the road
    asked for."""
    return any(c.intent == "nav.avoid" for c in model) and bool(_ROAD_ASKED.search(text.strip())
                                                                or _ROAD_TAKEN.search(text)) \
        and not _AVOID_WORDS.search(text)


_WARNING_QUESTION = re.compile(r"啥意思|什么意思|是什么|怎么回事|咋回事|危险|要紧|严重|咋办|怎么办|\bwhat\b|\bmean|\bserious"
                               r"|\bdangerous|\bworry|\bshould i\b", re.I)


def _feared_as_name(model: Sequence[Command], text: str) -> bool:
    """A warning name said only as a worry ("don't want a blowout", "怕爆胎"): no warning on the dashboard named."""
    for c in model:
        name = str(c.slots.get("name", "")).strip() if c.intent == "query.warning" else ""
        if name and re.search(r"(?:don'?t want|do not want|afraid of|worried about|scared of|worry about|avoid|怕|担心|害怕|不想)"
                              r"\s*(?:a |an |the |getting |having )?" + re.escape(name), text, re.I):
            return True
    return False


_ONLY_A_WORRY = re.compile(r"(?:is (?:it|that|this) )?(?:dangerous|serious|bad|normal|ok(?:ay)?|safe|a problem)|危险|严重|要紧|正常", re.I)


def _asked_as_name(model: Sequence[Command]) -> bool:
    return any(c.intent == "query.warning" and _WARNING_QUESTION.search(str(c.slots.get("name", ""))) for c in model)


_FREE = ("query", "destination", "contact", "label", "location")


def _swallowed(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """Fewer commands than the grammar's, and a name of the model's reads, alone, as one of the grammar's commands
    the model left out ("放收音机听听 声音小一点哈" read as radio with the title "声音小一点")."""
    from multimodal.command.rules import shared_grammar
    from multimodal.protocols import CommandContext, detect_lang

    if len(model) >= len(rules):
        return False
    left_out = [r for r in rules if r not in model]
    for c in model:
        for slot in _FREE:
            value = c.slots.get(slot)
            if not isinstance(value, str) or len(value.strip()) < 2:
                continue
            read = shared_grammar().read(value, detect_lang(value), CommandContext()).commands
            if read and all(r in left_out for r in read):
                return True
    return False


def _state_read(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """A clause says a thing's state as it is ("天窗开着呢", "the window is open"), and the model did what those words
    would ask for, where the grammar read them as the reason for the request after them."""
    from multimodal.command.rules import STATE_INTENTS, _is_state, shared_grammar, split_clauses, strip_leading

    for _, part in split_clauses(text, pauses=True):
        if not _is_state(part):
            continue
        read = shared_grammar()._clause(strip_leading(part), None, ())
        if read is not None and read.intent in STATE_INTENTS and read in model and read not in rules:
            return True
    return False


def _category_unsaid(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """"最近的医院在哪" read as a service center, "到营地还有一百多公里呢" as a restroom: a category none of whose words
    is said, where the grammar read a route of its own or none."""
    from multimodal.command.rules import _CATEGORY_ANY
    from multimodal.text.lexicon import fold

    low = fold(text)
    for c in model:
        category = c.slots.get("category") if c.intent == "nav.navigate" else None
        if category and c not in rules and not any(cat == category and rx.search(low) for rx, cat in _CATEGORY_ANY):
            return True
    return False


# Words that ask about the weather itself, not how the cabin feels ("这天儿咋这么冷" complains; "外面冷吗" asks)
_FORECAST_ASKED = re.compile(r"天气|预报|气温|外面|外头|室外|明天|今天|后天|待会|下午|晚上|会不会|要不要|下雨|下雪|刮风|几度|多少度"
                             r"|weather|forecast|outside|out there|tomorrow|today|tonight|later|going to|will it|rain|snow"
                             r"|how (?:cold|hot|warm)|what(?:'s| is) the temp|\b(?:is|will|does) it\b|location|吗|么[？?]?$", re.I)


def _complaint_as_weather(model: Sequence[Command], rules: Sequence[Command] | None, text: str) -> bool:
    """"冻死我了，这天儿咋这么冷" read as a weather question: the grammar heard the comfort complaint of the contract, and
    nothing asks about the weather (no place, no day, no forecast words)."""
    if rules is None or len(model) != 1 or len(rules) != 1:
        return False
    m, r = model[0], rules[0]
    return (m.intent == "query.weather" and not m.slots and r.intent == "hvac.adjust_temperature" and "amount" not in r.slots
            and "zone" not in r.slots and not _FORECAST_ASKED.search(text))


def _weather_as_complaint(model: Sequence[Command], rules: Sequence[Command] | None, text: str) -> bool:
    """The reverse: "今天降温吗", "外面风大不大" read as the cabin's temperature or fan stepped, where the grammar heard a
    forecast asked and the words ask about outside or a day."""
    if rules is None or len(model) != 1 or len(rules) != 1:
        return False
    m, r = model[0], rules[0]
    return (r.intent == "query.weather" and m.intent in ("hvac.adjust_temperature", "hvac.adjust_fan") and "amount" not in m.slots
            and _FORECAST_ASKED.search(text) is not None)


_NEAREST = re.compile(r"^(?:最近的|附近的|附近|就近的?)|^(?:the\s+)?(?:nearest|closest|nearby|a|an|some)?\s*", re.I)


def _category_as_name(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """"take me to the nearest loo" read as a place named "nearest loo": the name is only a kind of place, which the
    grammar read as its category."""
    from multimodal.command.rules import _CATEGORY_ANY
    from multimodal.text.lexicon import fold

    if len(model) != len(rules):
        return False
    swapped = False
    for m, r in zip(model, rules):
        if m == r:
            continue
        if not (m.intent == r.intent == "nav.navigate" and m.slots.get("destination") and r.slots.get("category")):
            return False
        name = _NEAREST.sub("", fold(str(m.slots["destination"])).strip(), count=1).strip()
        if not any(cat == r.slots["category"] and rx.fullmatch(name) for rx, cat in _CATEGORY_ANY):
            return False
        swapped = True
    return swapped


# An opinion asked of the assistant ("do you think i'm too old to be driving", "你觉得我开车技术怎么样"): chit-chat, even
# with a word of driving in it
_OPINION_ASKED = re.compile(r"^(?:(?:do you think|you think|what do you think|don'?t you think|would you say)\b|你觉得|你说|你认为)"
                            r"[^,;，；]*[?？]?$"
                            r"|^(?:am i|我是不是)\s*(?:a )?(?:good|bad|safe|too old|老了|开得好|开车很|技术)", re.I)


# A choice put to someone ("等会儿吃火锅还是烤肉？我都行。", "pizza or burgers? either's fine"): its answer is theirs
_CHOICE_ASKED = re.compile(r"还是[^，,。？?]{1,12}[?？]|\bor\b[^,.?]{1,30}\?", re.I)


def _asks_for_another_thing(text: str) -> bool:
    """The words ask for a thing no command acts on, or one the car cannot do at all (a booking, a message)."""
    from multimodal.command.cues import OTHER_DEVICES_RE
    from multimodal.command.rules import OOD_RE
    from multimodal.text.lexicon import fold

    low = fold(text)
    return bool(OTHER_DEVICES_RE.search(low) or OOD_RE.search(low))


def _other_device_asked(model: Sequence[Command], text: str) -> bool:
    """The utterance names a thing no command acts on, no word of driving the car, and nothing any of the model's
    commands acts on ("wipers on" refused as unsafe, "把车载冰箱打开" read as parking)."""
    from multimodal.command.cues import asked_outright, driving_words

    # (or a thing the car cannot do at all: a message, an alarm, a booking, a poem written)
    if not _asks_for_another_thing(text) or driving_words(text):
        return False
    return all(is_unsafe([c]) or (c.intent != "screen.tap" and not c.intent.startswith("dialog.")
                                  and not asked_outright(c, text)) for c in model)


# A request put inside a reminder, an alarm or a message ("remind me to call mom at 5", "提醒我五点给妈妈打电话",
# "text Sam to turn the heating on"): the reminder or the message is what is asked, and the car keeps none
_WRAPPED_IN_A_REMINDER = re.compile(
    r"\bremind (?:me|us|him|her)\b|\b(?:set|make|create|add|put in) (?:me |us )?(?:a |an )?(?:quick )?(?:reminder|alarm|timer|note)\b"
    r"|\breminder (?:to|for|about)\b|\b(?:text|message) (?:\w+ )?(?:to|that|saying)\b|\bsend (?:\w+ )?(?:a )?(?:text|message)\b"
    r"|提醒(?:我|一下我|他|她|我们)|(?:设|定|订)(?:个|一个)?(?:提醒|闹钟|定时)|(?:发|回)(?:个|一个|一条)?(?:短信|消息|微信|信息)", re.I)


# Services no command offers, named with a word of playing, calling or going: the phone's own (a mailbox listened
# to, a conference set up or dialled into), a playlist made, a song's chords asked, an instrument tuned
_NO_SUCH_SERVICE = re.compile(
    r"语音信箱|语音留言|电话留言|电话会议|视频会议|voice ?mails?|conference (?:call|line|bridge)|\bdial(?:ing)? in(?:to)?\b"
    r"|(?:建|新建|创建|做|弄)(?:个|一个)?(?:新的?)?歌单|(?:加|添加|放)(?:到|进)(?:我的)?歌单"
    r"|\b(?:make|create|start|build|set up)(?: me| us)? an?(?: new)? playlist\b|\badd (?:this|it|that)(?: song| track)? to (?:my |a |the |our )?playlist\b"
    r"|和弦|什么调|\bchords?\b|\bwhat key\b|\btune (?:my|the|your|our|his|her) (?:guitar|bass|violin|ukulele|uke|instrument)\b"
    r"|调音|调弦|节拍器|\bmetronome\b"
    # a call logged or noted, no call made ("log this call in the work order system", "记一下这通电话")
    r"|\b(?:log|note|record|save) (?:this|that|the) call\b|记(?:录)?(?:一下)?(?:这个|这通|刚才的?)电话|通话记录", re.I)


# A booking or a check-in done for the driver ("check her in at the hospital online", "帮我在医院挂个号", "book a table at
# Nobu"): a service no command offers; the place in it is no route unless one is asked for as well
_BOOKED = re.compile(r"\bcheck (?:\w+ )?in\b|\bcheck-in\b|\b(?:book|reserve|register)\b|\bsign (?:\w+ )?up\b|\bmake (?:a|an) (?:reservation|booking|appointment)\b"
                     r"|(?:点|叫|订)(?:个|一个|份|一份)?外卖|\border (?:some |a |us |me )?(?:food|takeout|takeaway|delivery|pizza)\b"
                     r"|挂(?:个|一个)?号|预约|预订|订(?:个|一个|一家|家|一间|间|张)?(?:位|座|桌|房|餐厅|饭店|酒店|宾馆|民宿|机票|车票|票)"
                     r"|(?<![修装])订(?:一下|下)[^，,。]{0,10}(?:房|酒店|宾馆|民宿|餐厅|饭店|座|位|桌|票)"
                     r"|办(?:理)?(?:入住|入院|住院|登记)|签到|登记|网上办"
                     r"|(?:帮|给)[^，,。]{0,6}约(?!等于|莫)|约(?:个|一下|好)?(?:时间|下周|明天|后天|周[一二三四五六日天]|星期)", re.I)
_ROUTE_ASKED = re.compile(r"导航|带我|带我们|送我|开到|去|\b(?:navigate|take (?:me|us|her|him)|drive (?:me|us|her|him)|directions|route|get (?:me|us|her|him) to"
                          r"|head (?:to|for)|go to|going to)\b", re.I)


def _booking_as_route(model: Sequence[Command], text: str) -> bool:
    return any(c.intent == "nav.navigate" for c in model) and bool(_BOOKED.search(text)) and not _ROUTE_ASKED.search(text)


# Things at home ("把家里的空调先打开", "turn on the lights at home"): a smart home, no command of the car
_AT_HOME = re.compile(AT_HOME, re.I)


_WE_GO = re.compile(r"(?:我|我们|咱|咱们|俺们)[^，,。]{0,6}去|\b(?:we|i)(?:'ll|'re| are| am|'m| will)? (?:going|gonna|go|walk|walking|heading)\b",
                    re.I)


def _walked_after_parking(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """"车停好了 锁一下车门 我们逛夜市去": parked, and a place the driver walks to next; the grammar read no route."""
    from multimodal.command.rules import PARKED_RE

    return any(c.intent == "nav.navigate" for c in model) and not any(c.intent == "nav.navigate" for c in rules) \
        and bool(PARKED_RE.search(text)) and not _NAV_ASKED.search(text) and bool(_WE_GO.search(text))


# A pastime whose object the model took for a place ("想约她去爬山" is no route to "山", "去钓鱼" none to "鱼"; a
# one-character place is never a name)
_PASTIME_VERBS = "爬|钓|逛|滑|踢|遛|溜|划|骑|游|看|打|吃|喝|唱"


# What is heard through an open window or sunroof ("I wanna hear the waves, crack my window", "想听听海浪声 把天窗打开"):
# the reason for opening it, no title to play.
_OUTSIDE_SOUND = re.compile(
    r"^(?:the |some )?(?:(?:ocean |sea )?waves?|sea|ocean|surf|birds?|birdsong|rain|wind|breeze|crickets|frogs|cicadas"
    r"|river|stream|creek|waterfall|nature|city|street|seagulls?|gulls?)(?: (?:sounds?|noises?))?$"
    r"|^(?:海浪|浪|海|鸟叫|鸟|虫鸣|虫|雨|风|流水|水|溪水|瀑布|蛙|青蛙|知了|蝉|海鸥)(?:声|叫|的声音|叫声|鸣)?$", re.I)
_LETS_IN = ("window.open", "sunroof.open")


def _outside_sound_as_title(model: Sequence[Command], text: str) -> bool:
    """A song the model would play is a sound of outside, wanted as the reason to open a window or the sunroof."""
    return any(c.intent in _LETS_IN for c in model) and any(
        c.intent == "media.play" and _OUTSIDE_SOUND.match(str(c.slots.get("query", "")).strip()) for c in model) \
        and re.search(r"\b(?:hear|listen)|听", text, re.I) is not None


def _pastime_as_place(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The model's destination is a pastime ("去爬山"), or one character said only as a pastime's object ("山"), and
    the grammar read no route."""
    from multimodal.command.rules import PASTIME_RE

    if any(c.intent == "nav.navigate" for c in rules):
        return False
    for c in model:
        dest = str(c.slots.get("destination", "")) if c.intent == "nav.navigate" else ""
        if dest and PASTIME_RE.fullmatch(dest):
            return True
        if dest and len(dest) == 1 and has_han(dest) \
                and re.search(rf"(?:{_PASTIME_VERBS}){re.escape(dest)}", text) \
                and not re.search(rf"(?:去|到|回|往|前往|导航到?)\s*{re.escape(dest)}", text):
            return True
    return False


# A place told as reached ("到学校了 车停好了", "we're at the school now") or its hours asked ("那个药店几点关门啊",
# "what time does the pharmacy close"): no route asked for
_ARRIVED_AT = r"(?:到了?|到达了?|已经到了?)\s*{}\s*(?:了|啦|咯)|\b(?:we'?re|we are|i'?m|just got|made it) (?:here |now )?(?:at|to) (?:the )?{}\b"
_HOURS_ASKED = re.compile(r"几点(?:关门|开门|营业|下班|打烊|关|开)|开到几点|营业(?:时间|到几点)|还开(?:着|门)?吗|关门了(?:吗|没)"
                          r"|\bwhat time does\b.{0,40}\b(?:open|close)\b|\bopening hours\b"
                          r"|\b(?:is|are) (?!(?:the |my |your )?(?:window|sunroof|door|trunk|boot|hood|roof)s?\b).{1,30} (?:still )?open\b"
                          r"|\bwhen does\b.{0,40}\b(?:open|close)\b", re.I)


def _traffic_asked(text: str) -> bool:
    from multimodal.command.rules import TRAFFIC_ASKED_RE

    return bool(TRAFFIC_ASKED_RE.search(text))


def _route_told_not_asked(model: Sequence[Command], text: str) -> bool:
    """The model's route is to a place the driver says was reached, or whose opening hours or the traffic on the way
    to which are asked, and no word asks for a route."""
    if _NAV_ASKED.search(text) or re.search(r"带我|送我|\btake (?:me|us)\b|\bget (?:me|us)\b|\bgo to\b", text, re.I):
        return False
    for c in model:
        if c.intent != "nav.navigate":
            continue
        if _HOURS_ASKED.search(text) or _traffic_asked(text):
            return True
        dest = str(c.slots.get("destination", ""))
        if dest and re.search(_ARRIVED_AT.format(re.escape(dest), re.escape(dest)), text, re.I):
            return True
    return False


# Words of a light, a warning or a message: a warning's name has one, or the utterance says one ("这个降压药是饭前吃还是
# 饭后吃啊" names no warning). Any Latin word counts, so a code ("ABS亮了") or an English utterance is left to the other
# checks.
_WARNING_WORD = re.compile(r"灯|警|故障|提示|报警|闪|亮|图标|标志|符号|信息|消息|胎压|感叹号|叹号|标识|图案|[a-z]{2,}|light|warning|icon|symbol|message"
                           r"|alert|sign|indicator|code|error", re.I)


# The light asked about pointed at, right before the question ("…老跳灯 这个灯是啥意思", "what's this light mean")
_LIGHT_POINTED_AT = re.compile(r"(?:这|那)(?:个|盏)?(?:灯|图标|标志)(?:是|啥|什么|咋|怎么)|\b(?:this|that) (?:light|icon|symbol|warning)\b", re.I)


# What the driver must hear, said beside a request that quiets the music or picks a source ("我得听听赛事广播 切到收音机",
# "I gotta hear race radio, mute the music"): the reason for the request, no title
_NEED_TO_HEAR = re.compile(r"^(?:我|我们)?(?:得|需要|必须|要)听听|^(?:我|我们)(?:得|需要|必须)听"
                           r"|\b(?:i|we) (?:gotta|got to|have to|need to|must) (?:hear|listen to)\b", re.I)


# A question of who or what record, asked of the assistant ("环法历史上爬坡最快的是谁", "who won the Tour last year"):
# general knowledge, whatever driving words it holds
_TRIVIA_ASKED = re.compile(r"(?:是|有)谁(?:啊|呀|呢|吗)?[?？]?$|^谁(?:是|赢|拿|得)|历史上|世界纪录"
                           r"|^(?:(?:so|and|hey|um|uh)\s+)*how many \w+ (?:is|are|does|do|in|has|have) (?:a|an|the)\b"
                           r"|\b(?:a|the) (?:typical|average|normal) \w+ (?:track|song|marathon|race|game|match|movie)\b"
                           r"|^(?:(?:so|and|hey|um|uh)\s+)*who(?:'s| is| was| won| holds| has| had)\b|\b(?:world|all-time|course) record\b",
                           re.I)


# Someone's report, told ("广播说十点以后高速要封", "the radio said the bridge is closed")
_REPORTED = re.compile(r"(?:广播|新闻|收音机|电台|导航|交警|天气预报|预报|通知|群里|他们|人家|朋友|同事|老板)(?:里|上)?(?:刚才|刚刚|刚|也|都)?(?:说|讲|通知|报)"
                       r"|(?:the )?(?:radio|news|forecast|weather ?man|dispatch|police|cops?|they|someone|my (?:boss|friend|wife|husband))"
                       r" (?:just )?(?:says?|said|reported|reports|announced|is saying|was saying)", re.I)


def _reported_as_title(model: Sequence[Command], text: str) -> bool:
    """The model's title is a piece of what someone reported, told as the reason for a request."""
    from multimodal.text.lexicon import fold

    low = fold(text).lower()
    told = _REPORTED.search(low)
    if told is None:
        return False
    clause = re.split(r"[,，。.!！?？;；]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", low[told.end():])[0]
    return any(c.intent == "media.play" and c.slots.get("query") and _fold(str(c.slots["query"])) in _fold(clause)
               for c in model)


def _own_listening_as_title(model: Sequence[Command], text: str, rules: Sequence[Command] | None = None) -> bool:
    """The model's title is what the driver wants to hear said ("I need to hear what the vet's saying, mute the music",
    "收音机开一下 听听广播怎么说") or must hear beside a request that quiets the music or picks a source."""
    from multimodal.command.rules import _OWN_LISTENING_RE
    from multimodal.text.lexicon import fold

    titles = [_fold(str(c.slots["query"])) for c in model if c.intent == "media.play" and c.slots.get("query")]
    if not titles:
        return False
    quieted = rules is not None and any(
        (r.intent == "media.mute" and r.slots.get("on")) or r.intent == "media.pause"
        or (r.intent == "media.adjust_volume" and r.slots.get("direction") == "down")
        or (r.intent == "media.play" and r.slots.get("source") and not r.slots.get("query")) for r in rules) \
        and not any(r.intent == "media.play" and r.slots.get("query") for r in rules)
    for clause in re.split(r"[,，。.!！?？;；]+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", fold(text).lower()):
        clause = clause.strip()
        heard = _OWN_LISTENING_RE.search(clause) or (_NEED_TO_HEAR.search(clause) if quieted else None)
        if heard is not None and any(t in _fold(clause[heard.start():]) for t in titles):
            return True
    return False


def _warning_unnamed(model: Sequence[Command], text: str) -> bool:
    return any(c.intent == "query.warning" and c.slots.get("name") for c in model) and not _WARNING_WORD.search(text)


def _no_such_service(model: Sequence[Command], text: str) -> bool:
    return bool(_NO_SUCH_SERVICE.search(text)) and any(c.intent in ("phone.call", "media.play") for c in model) \
        and all(c.intent in ("phone.call", "media.play", "nav.navigate", "unsupported") for c in model)


def _kept_as_is(text: str) -> bool:
    from multimodal.command.rules import _only_kept_as_is

    return _only_kept_as_is(text)


def _to_the_assistant(text: str) -> bool:
    return bool(_TO_THE_ASSISTANT.search(text.strip()))


def _slots_left_out(model: Sequence[Command], rules: Sequence[Command], text: str = "") -> bool:
    """Same intents, and where they differ the model's slots are a strict part of the grammar's ("on at eighty percent
    brightness" read without the on, "stream Fleetwood Mac online" without the source, "用蓝牙播放晴天" without the
    title, "打开氛围灯并设为蓝色" without the colour)."""
    if len(model) != len(rules) or [c.intent for c in model] != [c.intent for c in rules]:
        return False
    differ = False
    for m, r in zip(model, rules):
        if m == r:
            continue
        added = set(r.slots) - set(m.slots)
        title = added == {"query"} and m.intent == "media.play" and "source" in m.slots \
            and _said_whole(str(r.slots["query"]), text) and len(str(r.slots["query"])) <= 30
        if not (m.slots.items() < r.slots.items()) or not (added == {"on"} or (added == {"source"} and m.intent == "media.play")
                                                           or added == {"color"} or title):
            # only a switch said ("on at eighty percent") or the music's source ("在线放一首晴天", "play X off my USB"),
            # with every other slot the same: the grammar's other slots may run wild
            return False
        differ = True
    return differ


def _acts_on_the_question(model: Sequence[Command], text: str) -> bool:
    """No command of the model's is named by the utterance's own words ("no thanks, it's too cold" to "open the
    window?" read as opening it): it acted on what was asked, not on the answer."""
    from multimodal.command.cues import named

    return not is_unsafe(model) and not is_out_of_domain(model) and not any(named(c, text) for c in model)


def _answer_acted_on(model: Sequence[Command], rules: Sequence[Command], text: str) -> list[Command] | None:
    """The grammar heard only the answer the words open with ("yeah do it, and set the passenger side to 24" to "turn
    on seat heating?"); the model carried out the question in its place, then read the request after it: the answer,
    then the model's request. None when that is not the case."""
    from multimodal.command.cues import named
    from multimodal.command.followup import starts_with_answer

    if len(rules) != 1 or rules[0].intent not in ("dialog.confirm", "dialog.reject") \
            or any(c.intent.startswith("dialog.") or c.intent == "unsupported" for c in model):
        return None
    if starts_with_answer(text) != ("yes" if rules[0].intent == "dialog.confirm" else "no"):
        return None
    acted = 0  # the question's commands lead: nothing the words name comes before them
    while acted < len(model) and not named(model[acted], text):
        acted += 1
    if acted == 0 or acted == len(model) or any(not named(c, text) for c in model[acted:]):
        return None
    return [rules[0], *model[acted:]]


def _mode_switched_off(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The model switched off the automatic climate where the words choose it ("后排空调关了，空调再切成自动": the
    off of the clause before is not this one's)."""
    from multimodal.command.rules import AUTO_CHOSEN_RE, AUTO_REFUSED_RE
    from multimodal.text.lexicon import fold

    off, on = Command("hvac.auto", {"on": False}), Command("hvac.auto", {"on": True})
    low = fold(text)
    return off in model and on in rules and off not in rules and bool(AUTO_CHOSEN_RE.search(low)) \
        and not AUTO_REFUSED_RE.search(low)


# Where the grammar's frame copies a name exactly ("给X打电话", "X亮了"); its song and place spans run long or short
# ("any song by joe", "hotter weather at ...") and are left to the model.
_NAME_SLOT = {"phone.call": "contact", "query.warning": "name"}


def _differ_only_where(model: Sequence[Command], rules: Sequence[Command],
                       explains: Callable[[Command, Command], bool]) -> bool:
    """As many commands each, in the same order, at least one pair different, and ``explains`` holds for every pair
    that differs (the model's mistake is that one kind of slip everywhere it disagrees)."""
    differ = [(m, r) for m, r in zip(model, rules) if m != r]
    return len(model) == len(rules) and bool(differ) and all(explains(m, r) for m, r in differ)


def _called_otherwise(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """"放个播客吧，就那个叫忽左忽右的", "a podcast, the one called Hidden Brain": the grammar took the name said after
    "called"; the model kept the kind of thing."""
    return _differ_only_where(model, rules, lambda m, r: m.intent == r.intent and (slot := _TEXT_SLOT.get(r.intent)) is not None
                              and isinstance(r.slots.get(slot), str)
                              and re.search(r"(?:叫(?:做)?|\bcalled)\s*" + re.escape(r.slots[slot]), text, re.I) is not None)


def _text_elsewhere(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """The same commands but for one free-text value, and neither value is a piece of the other: the model copied
    other words of the utterance ("老板" in "一会儿要跟老板汇报，给李经理打个电话", "dangerous" for the check engine light)."""
    if len(model) != len(rules) or [c.intent for c in model] != [c.intent for c in rules]:
        return False
    differ = 0
    for m, r in zip(model, rules):
        if m == r:
            continue
        slot = _NAME_SLOT.get(m.intent)
        said, heard = m.slots.get(slot), r.slots.get(slot)
        if slot is None or not isinstance(said, str) or not isinstance(heard, str):
            return False
        if not _same_but(m, r, slot):
            return False
        a, b = _fold(said), _fold(heard)
        if not a or not b or a in b or b in a:
            return False
        differ += 1
    return differ == 1


# A word of playing right before a title ("放点儿", "来首", "play", "put on some")
_PLAY_WORD_BEFORE = re.compile(r"(?:放|播|播放|听|来|整|\bplay|\bput on|\bhear)\s*(?:点儿?|一首|首|一曲|一段|个|些|一些|一下|放|some|a little)?"
                               r"\s*$", re.I)


# A word that starts a source or a title playing ("turn on the radio", "switch to Bluetooth", "放电台")
_START_PLAYING = re.compile(r"放|播|听|切|换|开(?!大|小|高|低)|来|整|\bplay|\bput\b[^,.;]*\bon\b|\bturn\b[^,.;]*\bon\b|\bswitch"
                            r"|\bchange\b|\blisten|\bhear\b(?!\s+(?:it|the|that|this|a|anything|nothing))|\bstart|\bresume|\bgo to\b|\bfind\b", re.I)


def _loudness_as_source(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The model played a source where the grammar turned the volume, and no word starts anything playing ("turn up
    the radio", "grandpa can't hear the radio, crank it")."""
    return _differ_only_where(model, rules, lambda m, r: m.intent == "media.play" and bool(m.slots.get("source"))
                              and r.intent in ("media.adjust_volume", "media.set_volume")) \
        and _START_PLAYING.search(text) is None


def _title_unplayed(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The model's title is other words of the utterance that no word of playing comes before, where the grammar's
    title follows one ("听说听音乐能安静点 放点儿轻音乐": "安静点" is what the music is hoped to do, "轻音乐" the music)."""
    def elsewhere(m: Command, r: Command) -> bool:
        said, heard = str(m.slots.get("query", "") or ""), str(r.slots.get("query", "") or "")
        if not (m.intent == r.intent == "media.play") or not said or not heard \
                or not _same_but(m, r, "query"):
            return False
        a, b = _fold(said), _fold(heard)
        at_said, at_heard = text.find(said), text.find(heard)
        if not (a and b and has_han(said) and has_han(heard)) or a in b or b in a or at_said < 0 or at_heard < 0:
            return False
        # (in another clause: "play my favorite song by bruno mars" names the artist after the title)
        between = text[min(at_said, at_heard):max(at_said, at_heard)]
        return re.search(r"[\s,，。!！?？;；]", between) is not None \
            and _PLAY_WORD_BEFORE.search(text[:at_said]) is None and _PLAY_WORD_BEFORE.search(text[:at_heard]) is not None

    return _differ_only_where(model, rules, elsewhere)


_ARTIST_TITLE = re.compile(r"^(?P<a>.+?)的(?P<b>.+)$|^(?P<c>.+?)\s+by\s+(?P<d>.+)$", re.I)


def _one_side(said: str, heard: str) -> bool:
    """``said`` is the artist or the title alone of ``heard`` ("周杰伦" of "周杰伦的晴天", "Shape of You" of
    "Shape of You by Ed Sheeran")."""
    m = _ARTIST_TITLE.match(heard.strip())
    if m is None:
        return False
    sides = [m.group(k) for k in "abcd" if m.group(k)]
    return any(_fold(said) == _fold(side) for side in sides)


@functools.lru_cache(maxsize=1)
def _run_on_re() -> re.Pattern:
    from multimodal.command.rules import ARRIVE_BY_ZH

    return re.compile(r"(?:会|要|能|去|吗|呢|的|了|在|是|有|想|可以|会不会|要不要|能不能)$|\s*" + ARRIVE_BY_ZH + "$")


_OUTSIDE_AIR = re.compile(r"外循环|新风|外面的?空气|fresh[\s-]air|outside air", re.I)


def _outside_air_inverted(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The grammar chose outside air (recirculation off), the model switched recirculation on: "outside air mode
    please" names the mode, and outside air is recirculation off whatever verb is said."""
    if [c.intent for c in model] != [c.intent for c in rules] or not _OUTSIDE_AIR.search(text):
        return False
    return any(m.intent == "hvac.recirculation" and m.slots.get("on") is True and r.slots.get("on") is False
               for m, r in zip(model, rules))


def _text_run_on(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """One command each, the same but for the free text, and the model's is the grammar's with a question's or a
    verb's word run on ("尖沙咀会" for "尖沙咀会下雨吗"): no place or name ends on such a word."""
    if len(model) != 1 or len(rules) != 1 or model[0].intent != rules[0].intent:
        return False
    slot = _TEXT_SLOT.get(model[0].intent)
    said, heard = model[0].slots.get(slot), rules[0].slots.get(slot)
    if slot is None or not isinstance(said, str) or not isinstance(heard, str) or not heard or said == heard:
        return False
    if not _same_but(model[0], rules[0], slot):
        return False
    from multimodal.text.lexicon import trim_text

    # ...or with words the copy trims run on ("三里屯太古里 冲", "work instead"): a pause and an exclamation end no name
    return said.startswith(heard) and (_run_on_re().fullmatch(said[len(heard):]) is not None or trim_text(said) == heard)


def _only_a_measure_word(query: str) -> bool:
    return bool(query.strip()) and _MEASURE_WORD.sub("", query.strip()) == ""


def _relative_cut(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """The model called "妈" where the driver named "孩子他妈" (a parent named through the child): the grammar's whole
    name."""
    def cut(m: Command, r: Command) -> bool:
        said, heard = str(m.slots.get("contact", "")), str(r.slots.get("contact", ""))
        return m.intent == r.intent == "phone.call" and bool(said) and heard.endswith(said) and heard != said \
            and re.fullmatch(r"(?:孩子|娃|儿子|女儿|闺女|小孩|宝宝|孙子|孙女)(?:他|她)", heard[:-len(said)]) is not None

    return _differ_only_where(model, rules, cut)


def _purpose_as_title(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """The model's title is what the song is for, alone or after the grammar's title ("放松一下" of "放首歌放松一下",
    "轻音乐放松" of "放点轻音乐放松一下")."""
    from multimodal.command.rules import SONG_PURPOSE

    def run_on(m: Command, r: Command) -> bool:
        said, heard = str(m.slots.get("query", "")), str(r.slots.get("query", "") or "")
        return m.intent == r.intent == "media.play" and said.startswith(heard) \
            and re.fullmatch(SONG_PURPOSE, said[len(heard):].strip()) is not None

    return _differ_only_where(model, rules, run_on)


def _listener_as_title(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The model's title is who the thing is played for ("爷爷听" of "放首歌给爷爷听", "孙子" of "放个故事给孙子听", "kids"
    of "play some Raffi for the kids") where the grammar read no title or another one."""
    def played_for(m: Command, r: Command) -> bool:
        title = str(m.slots.get("query", "")).strip()
        if not (m.intent == r.intent == "media.play") or not title or title == r.slots.get("query"):
            return False
        if not r.slots.get("query"):
            return _listener().fullmatch(title) is not None
        who = re.escape(title)
        return re.search(rf"给\s*{who}\s*们?\s*(?:听|放|播)|\bfor (?:the |my |our )?{who}\s*$", text, re.I) is not None
    return _differ_only_where(model, rules, played_for)


@functools.lru_cache(maxsize=1)
def _listener() -> re.Pattern[str]:
    """Who a song is played for ("给爷爷听"), compiled once (the rule grammar imports this module lazily)."""
    from multimodal.command.rules import FAMILY

    return re.compile(r"(?:给)?(?:" + FAMILY + r"|我们|大家|他们?|她们?|小朋友们?|客人|乘客|宝贝)(?:听听|听一下|听)")


def _earlier_as_title(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """The grammar read a resume where the model's title is only when the music played ("接着放刚刚那首歌" read as a
    song named "刚刚", "resume the song from earlier" as one named "the earlier")."""
    from multimodal.command.rules import names_the_earlier_song

    return _differ_only_where(model, rules, lambda m, r: m.intent == r.intent == "media.play" and not r.slots.get("query")
                              and names_the_earlier_song(str(m.slots.get("query", ""))))


def _family_run_on(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The model's title is the grammar's with the first word of a remark on who likes it run on ("Frank Sinatra
    Dad" of "put on some Frank Sinatra Dad loves him")."""
    def run_on(m: Command, r: Command) -> bool:
        said, heard = m.slots.get("query"), r.slots.get("query")
        return m.intent == r.intent == "media.play" and isinstance(said, str) and isinstance(heard, str) and bool(heard) \
            and said.lower().startswith(heard.lower() + " ") \
            and re.search(re.escape(said) + r"\s+(?:loves?|likes?|adores?|enjoys?|wants?|is into|'s into)\b", text, re.I) is not None

    return _differ_only_where(model, rules, run_on)


def _name_split(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """The grammar read one name, the model two or more commands of its intent, each with a piece of that name
    ("放一首陈奕迅的浮夸" read as two songs, "陈奕迅" and "浮夸"): one request, the name copied whole."""
    if len(rules) != 1 or len(model) < 2 or any(c.intent != rules[0].intent for c in model):
        return False
    slot = _TEXT_SLOT.get(rules[0].intent)
    whole = rules[0].slots.get(slot) if slot else None
    if not isinstance(whole, str) or not whole:
        return False
    pieces = [c.slots.get(slot) for c in model]
    return all(isinstance(p, str) and p and p != whole and p in whole for p in pieces)


def _text_cut(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """As many commands each, in the same order, and where they differ the model's free text is a piece of the
    grammar's: a name cut short ("range, and rain in Asheville tomorrow" with "Ashe")."""
    return _differ_only_where(model, rules, lambda m, r: _name_cut(m, r, text))


def _name_cut(model: Command, rules: Command, text: str) -> bool:
    """The same intent and other slots, and the model's free text is a piece of the grammar's, which the utterance
    says word for word. A destination must be the start of the grammar's (the grammar copies everything after the
    route verb); a query, place or contact must be cut inside a spaced word ("romant" for "romantic")."""
    if model.intent != rules.intent:
        return False
    slot = _TEXT_SLOT.get(model.intent)
    said, heard = model.slots.get(slot), rules.slots.get(slot)
    if slot is None or not isinstance(said, str) or not isinstance(heard, str) or said in _SYMBOLIC_DESTINATIONS:
        return False
    if not _same_but(model, rules, slot):
        return False
    short, long = _fold(said), _fold(heard)
    if short == long and said.strip() != heard.strip():
        # "st. mary's hospital" for "st mary's hospital": the grammar's copy is the one said word for word
        return _said_whole(heard, text) and not _said_whole(said, text)
    if short == long or not short or long not in _fold(text):
        return False
    if slot == "destination" and long.endswith(short) and len(long) - len(short) <= 2 and has_han(heard) \
            and not re.match(r"(?:那个|一下|一趟|这个|个|趟|下|先|就|再|呃|嗯|额|啊|哦|噢|唉|哎)", heard) \
            and re.search(r"(?:去|到|往|回|前往)" + re.escape(heard.strip()), text):
        return True  # "带我去爬山虎公园" read as "山虎公园": the head taken for a verb, the place said whole after 去
    if slot == "destination":
        return long.startswith(short)
    if slot == "query" and _one_side(said, heard):
        return True  # "周杰伦的晴天" read as the artist or the song alone: the contract copies the whole
    if slot == "contact" and re.fullmatch(r"(?:我的?|my\s+)" + re.escape(said.strip()), heard.strip(), re.I):
        return True  # "打给我妈" read as "妈": the contract copies the contact as said, "my wife" with its "my"
    if slot == "contact" and re.fullmatch(re.escape(said.strip()) + r"'s\s+(?!(?:number|phone|cell|mobile|line)\b)\w+(?:\s+\w+)?", heard.strip(), re.I):
        return True  # "Ring Dr. Patel's office" read as "Dr. Patel": the office is whom the call is to
    # Where the pieces meet, on the values with their spaces (the fold drops them)
    spaced_short, spaced_long = (" ".join(unicodedata.normalize("NFKC", v).casefold().split()) for v in (said, heard))
    at = spaced_long.find(spaced_short)
    if at < 0:
        return False
    short, head, tail = spaced_short, spaced_long[:at], spaced_long[at + len(spaced_short):]
    # Only a cut inside a spaced word ("romant|ic"): a whole word or phrase more is where the grammar's span may
    # still run long ("Emily Rodriguez | first"), and a Chinese span has no word edges to tell a name cut short
    # ("都|江堰") from the grammar's own extra characters ("北京|什么天气", "五月天|的").
    return bool((head and head[-1].isalnum() and short[0].isalnum() and head[-1].isascii() and short[0].isascii())
                or (tail and tail[0].isalnum() and short[-1].isalnum() and tail[0].isascii() and short[-1].isascii()))


_MEASURE_WORD = re.compile(r"^(?:一首|首|那首|这首|一个|个|一点|点|一些|些|一段|段)")


def _measure_word_kept(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """As many commands each, the same but for the model's free text starting with a Chinese measure word the
    grammar's does not ("放首晴天": "首晴天" for "晴天", also after other requests: "…氛围灯调成紫色，再放首吻别"), the rest
    the grammar's or its start."""
    return _differ_only_where(model, rules, _measure_word_in)


def _measure_word_in(model: Command, rules: Command) -> bool:
    if model.intent != rules.intent:
        return False
    slot = _TEXT_SLOT.get(model.intent)
    said, heard = model.slots.get(slot), rules.slots.get(slot)
    if slot is None or not isinstance(said, str) or not isinstance(heard, str) or not heard:
        return False
    if not _same_but(model, rules, slot):
        return False
    # (or kept and the name cut short besides: "首周杰伦" for "放首周杰伦的晴天，她最喜欢这首")
    bare = _MEASURE_WORD.sub("", said)
    # (or kept and who the song is for run on besides: "首小星星给妹妹" for "放首小星星给妹妹听")
    tail_run_on = slot == "query" and bare.startswith(heard) and _TAIL_PIECE.fullmatch(bare[len(heard):].strip()) is not None
    return bool(bare) and bare != said and (heard.startswith(bare) or tail_run_on) and not _MEASURE_WORD.match(heard)


def _home_in_a_name(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """The model went home or to work where the grammar read a place whose name only has 家 or 公司 in it
    ("我要去家和购物广场", "navigate to Home Depot")."""
    dests = [c.slots.get("destination") for c in rules if c.intent == "nav.navigate"]
    return any(c.intent == "nav.navigate" and c.slots.get("destination") in _SYMBOLIC_DESTINATIONS for c in model) \
        and any(isinstance(d, str) and d not in _SYMBOLIC_DESTINATIONS
                and re.search(r"(?:家|公司)(?=[\u4e00-\u9fff])|\b(?:home|work|office)\s+\w", d, re.I)
                # "home, I'm done", "go back home", "导航回家" are the grammar's overrun, not a name
                and not re.search(r"[,，.;；!！?？]|回|导航|去|\b(?:go|back|to|take|get)\b", d, re.I) for d in dests)


def _label_cut(model: Sequence[Command], rules: Sequence[Command], text: str, complete: bool = True) -> bool:
    """The grammar read one tap, and a tap of the model's has a piece of its label, which the utterance says whole
    ("立即充电" read as "充电"; "稍后提醒" read as "后" beside a massage nobody asked for)."""
    if len(rules) != 1 or rules[0].intent != "screen.tap" or (len(model) > 1 and not complete):
        return False
    long = _fold(str(rules[0].slots.get("label", "")))
    for c in model:
        short = _fold(str(c.slots.get("label", ""))) if c.intent == "screen.tap" else ""
        if short and short != long and short in long and long in _fold(text):
            return True
        if short and short != long and short.startswith(long) and re.fullmatch(r"(?:按钮|按键|图标|选项|键|on|button|icon|option|tab)+",
                                                                              short[len(long):]):
            return True  # "充电设置按钮", "Rear Seat Controls on": the button's name with the screen's words left on
        if short and short != long and _said_whole(str(rules[0].slots.get("label", "")), text) \
                and not _said_whole(str(c.slots.get("label", "")), text):
            return True  # "Tap “Start Charging” on the screen" read as "Charging on": words the driver never said together
        said_as = str(c.slots.get("label", "")).strip()
        if short and short != long and re.search(r"[点按戳]$", said_as) and re.search(re.escape(said_as) + r"(?:一)?下", text) \
                and _said_whole(str(rules[0].slots.get("label", "")), text):
            return True  # "屏幕上那个立即升级点一下" read as "升级点": the tap itself run into the label
        if short and short != long and re.search(r"\s(?:on|in)$", said_as, re.I) \
                and re.search(re.escape(said_as) + r"\s+(?:the\s+)?(?:screen|display|dash)", text, re.I) \
                and _said_whole(str(rules[0].slots.get("label", "")), text):
            return True  # "Press Start Charging on the screen" read as "Charging on": where the button is, run on
        if short and short != long and _ASKING_LABEL.search(short) and not _ASKING_LABEL.search(long) \
                and _said_whole(str(rules[0].slots.get("label", "")), text):
            return True  # "屏幕上有个确定 … 你帮我点吧" read as the label "你帮我点": the request, not the button
    return False


_ASKING_LABEL = re.compile(r"帮我|给我|你帮|你点|你按|[点按]吧|\bfor me\b|\b(?:tap|press|click|hit) (?:it|that|this)\b", re.I)


def _said_whole(value: str, text: str) -> bool:
    """``value`` is said word for word in ``text`` (case, width and spacing aside; Latin words whole)."""
    def norm(s: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", s).casefold().split())

    v, t = norm(value), norm(text)
    if not v:
        return False
    return re.search(r"(?<![a-z0-9])" + re.escape(v) + r"(?![a-z0-9])", t) is not None


_TITLE_SLOT = {"media.play": "query", "phone.call": "contact"}  # the grammar's destinations may run long


def _named_only_in_a_name(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The grammar read a name ("播放下一站天后", "navigate to Window Rock") and the model's other commands are named
    only by words inside it (a skip for 下一站, a window for Window Rock)."""
    from multimodal.command.cues import named

    from multimodal.command.rules import REQUEST_CUE
    from multimodal.text.lexicon import fold

    names = [str(c.slots[_TITLE_SLOT[c.intent]]) for c in rules
             if c.intent in _TITLE_SLOT and len(str(c.slots.get(_TITLE_SLOT[c.intent], ""))) > 1]
    if any(REQUEST_CUE.search(fold(name)) for name in names):
        return False  # "打电话给妈妈窗户关上": the grammar's name swallowed a request
    intents = {c.intent for c in rules}
    extra = [c for c in model if c.intent not in intents and not c.intent.startswith(("dialog.", "unsupported"))]
    if not names or not extra:
        return False
    masked = text
    for name in names:
        masked = re.sub(re.escape(name), " ", masked, flags=re.I)
    return masked != text and all(named(c, text) and not named(c, masked) for c in extra)


_MASSAGE_SAID = re.compile(r"按摩|揉|捏|捶|massag|knead", re.I)


def _massage_for_a_pain_told(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The model added a seat massage the grammar did not read, and no word outside the names read asks for one:
    only a pain is told ("带我去华夏良子按摩店 腿疼得不行了", "get me to Hands On Sports Massage")."""
    if not any(c.intent == "seat.massage" and c.slots.get("on") for c in model) or any(c.intent == "seat.massage" for c in rules):
        return False
    masked = text
    for c in rules:
        for slot in ("destination", "query", "contact", "label"):
            if c.slots.get(slot):
                masked = re.sub(re.escape(str(c.slots[slot])), " ", masked, flags=re.I)
    return not _MASSAGE_SAID.search(masked)


# "to N" sets, "by N" adjusts: when the grammar read a set of the very number the model adjusted by, the
# utterance said "to N" (the grammar's set frames need it).
_SET_OF = {"hvac.adjust_temperature": ("hvac.set_temperature", "value"),
           "media.adjust_volume": ("media.set_volume", "value"), "hvac.adjust_fan": ("hvac.set_fan", "level")}


def _step_as_value(adjusts: Sequence[Command], sets: Sequence[Command]) -> bool:
    """As many commands each, and where they differ an adjustment in ``adjusts`` stands against a setting in ``sets``
    of the very number it steps by."""
    def stepped(a: Command, st: Command) -> bool:
        target = _SET_OF.get(a.intent)
        return target is not None and st.intent == target[0] and a.slots.get("amount") is not None \
            and a.slots.get("amount") == st.slots.get(target[1])

    differ = _pairs_differing(adjusts, sets)
    return bool(differ) and all(stepped(a, st) for a, st in differ)


def _adjust_for_set(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """The model adjusted by the number the grammar set to ("volume up to 60"); no cabin is set to 2 °C ("往上整两度"
    steps by two whatever the grammar read)."""
    return _step_as_value(model, rules) and not any(c.intent == "hvac.set_temperature" and float(c.slots["value"]) < 10
                                                    for c in rules)


def _extreme_as_step(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The driver said the most or the least ("max out the fan", "音量调到最小") or a part of the whole ("volume at like
    a third") and the grammar set that point of the range, where the model only stepped that way."""
    from multimodal.command.rules import FRACTION, MAX_RE, MIN_RE

    if not re.search(rf"{MAX_RE}|{MIN_RE}|{FRACTION}", text, re.I):
        return False

    def to_the_end(m: Command, r: Command) -> bool:
        target = _SET_OF.get(m.intent)
        return target is not None and r.intent == target[0] and m.slots.get("amount") is None

    def other_number(m: Command, r: Command) -> bool:
        # (another number set beside it: "把风量调到最大 温度调到最低" read as level 3 and a step down)
        differ = {k for k in m.slots if m.slots[k] != r.slots.get(k)} if set(m.slots) == set(r.slots) else set()
        return m.intent == r.intent and bool(differ) and differ <= {"value", "level", "percent", "brightness"}

    differ = _pairs_differing(model, rules)
    return any(to_the_end(m, r) for m, r in differ) and all(to_the_end(m, r) or other_number(m, r) for m, r in differ)


def _set_for_adjust(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """The reverse: the model set the very number the grammar heard as a step ("two degrees cooler" is not 2 °C);
    the grammar's adjust frames need a direction word ("cooler", "调低") beside the number."""
    return _step_as_value(rules, model)


# Words that stand for a thing rather than name it: never a destination, song or contact ("I need to take this
# call" names no one to call).
_NOT_A_NAME = {"this", "that", "it", "them", "these", "those", "here", "there", "one", "him", "her", "someone",
               "something", "这个", "那个", "这", "那", "它", "这里", "那里", "这儿", "那儿", "某人",
               "我", "你", "他", "她", "i", "me", "myself", "you", "我自己", "自己"}


# "this song", "that track", "这首歌": the thing playing pointed at, no title
_POINTED_AT = re.compile(r"(?:this|that|the)\s*(?:song|track|tune|one|album|music|station|place)|(?:这|那)(?:首|个|张)?(?:歌|曲子|音乐|专辑|电台)?", re.I)


def _names_nothing(model: Sequence[Command]) -> bool:
    return any((value := _fold(str(c.slots.get(slot, "")))) in _NOT_A_NAME or _POINTED_AT.fullmatch(value)
               for c in model for slot in _FREE_TEXT if c.slots.get(slot) is not None)


def _only_dialog(commands: Sequence[Command]) -> bool:
    """A bare yes or no (``dialog.*`` only)."""
    return bool(commands) and all(c.intent.startswith("dialog.") for c in commands)


_DAY_WORDS = {"today": re.compile(r"今天|今儿|今日|今晚|今早|\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b", re.I),
              "tomorrow": re.compile(r"明天|明儿|明日|明早|明晚|\btomorrow\b", re.I)}


def _day_unsaid(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The model's forecast is for a day no word of the utterance names, and the grammar's for the day said ("杭州今天要
    带伞吗" asked of tomorrow)."""
    days = [(m.slots.get("day"), r.slots.get("day")) for m, r in zip(model, rules)
            if m.intent == r.intent == "query.weather" and len(model) == len(rules)]
    # (a day left out counts as a day not said: "京都今天要带伞吗？" asked with no day)
    return any(said and said != wrote and _DAY_WORDS[said].search(text) and not (wrote and _DAY_WORDS[wrote].search(text))
               for wrote, said in days)


def _answer_unasked(model: Sequence[Command], rules: Sequence[Command]) -> bool:
    """The model answered yes or no but nothing was asked, and the grammar heard a request ("行了 挂了吧")."""
    return _only_dialog(model) and any(not c.intent.startswith("dialog.") for c in rules)


# A question the driver asks ("Do you love me?", "你是机器人吗"): never a yes or no to the cockpit.
_ASKS = re.compile(r"^(?!why not\b|how about\b|what about\b)(?:.*[?？]\s*$|.*吗\s*[?？]?\s*$|.*了没有?\s*(?:呀|啊|呢)?\s*[?？]?\s*$"
                   r"|.*(?:什么|啥|哪个|哪种|怎么办|怎么样)(?:药|东西|办法)?好\s*$"  # "头疼吃什么药好": a question, not a 好
                   r"|^(?:你说|你觉得|你认为|你看).*(?:是不是|要不要|该不该|能不能|会不会|多久|多少|几)"
                   r"|(?:do|does|did|are|is|can|could|will|would|have|has)\s+(?:you|i|we|it|they|there|u)\b)", re.I)


_LAUGH = re.compile(r"[\s，,。.!！~]*(?:(?:哈|呵|嘿|嘻){2,}|(?:ha){2,}h?|lol|lmao|haha\w*)[\s，,。.!！~]*", re.I)


def _answer_flipped(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """A bare yes where the grammar heard a no said first, or the other way round."""
    from multimodal.command.followup import starts_with_answer

    yes, no = [Command("dialog.confirm", {})], [Command("dialog.reject", {})]
    said = starts_with_answer(text)
    return (list(model) == yes and list(rules) == no and said == "no") or (list(model) == no and list(rules) == yes
                                                                          and said == "yes")


def _yes_to_a_question(model: Sequence[Command], text: str) -> bool:
    return _only_dialog(model) and bool(_ASKS.search(_LAUGH.sub("", text).strip()))


def _answer_unsaid(model: Sequence[Command], rules: Sequence[Command] | None, text: str) -> bool:
    """Nothing was asked, the model answered yes or no, and no word of the utterance is one ("哈哈哈哈你怎么这么笨啊"
    read as a yes): the grammar's out-of-domain reading stands."""
    from multimodal.command.followup import has_answer_word

    return _only_dialog(model) and rules is not None and is_out_of_domain(rules) and not has_answer_word(text)


def _zone_copied(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """Same intents, and the model gave a later command the seat of another one where the grammar gave it none
    ("副驾温度调到二十五，再把窗户关一下": the window is not the passenger's; a seat is said for each command it is for)."""
    if len(model) < 2 or [c.intent for c in model] != [c.intent for c in rules] \
            or re.search(r"(?:驾|排|左后|右后|driver|passenger|rear|front)[^，,]{0,6}(?:都|一起)|\bboth (?:seats|sides|of us)\b",
                         text, re.I):
        return False
    def sans_zone(command: Command) -> dict:
        return _slots_but(command, "zone")

    def alike(m: Command, r: Command) -> bool:
        # (the model may also have left out a number the grammar read from an idiom: "crack the window" is 20%)
        a, b = sans_zone(m), sans_zone(r)
        return a == b or (a.items() < b.items() and set(b) - set(a) <= set(_NUMBER_SLOTS))

    copied = False
    for i, (m, r) in enumerate(zip(model, rules)):
        zone, heard = m.slots.get("zone"), r.slots.get("zone")
        every = heard == "all" and zone != "all" and _ALL_SAID.search(text)  # "然后车窗都关上": every window
        if heard is not None and zone is not None and zone != heard and not every and alike(m, r) \
                and heard in _zones_said(text) and any(j != i and rr.slots.get("zone") == zone for j, rr in enumerate(rules)):
            copied = True  # "后排阅读灯 开 左后窗 关": the light has its own seat said, not the window's
            continue
        if zone is None or (heard is not None and not every):
            if m.key() != r.key() and not alike(m, r):
                return False
            continue
        if not alike(m, r):
            return False
        # the seat of another command, or the glass a defrost is for ("defog the front glass, and fan to six")
        source = [rr for j, rr in enumerate(rules) if j != i and (rr.slots.get("zone") == zone
                                                                  or (rr.intent == "hvac.defrost" and rr.slots.get("target") == zone))]
        if not source or (re.search(r"和|跟|\band\b", text) and all(m.intent.startswith("seat.") and rr.intent.startswith("seat.")
                                                                     for rr in source)
                          # (unless the speaker's own seat is said for the later one: "…, and ventilate my seat on one")
                          and not re.search(r"\bmy (?:seat|side)\b|\bmine\b|我的|我这边|我自己", text, re.I)):
            return False  # one seat's functions ("副驾的座椅加热和通风"): the seat is the thing
        copied = True
    return copied


# Words from which a setting's number follows without being said: maxima and minima, halves, a crack, a bit.
_NUMBER_IDIOMS = re.compile(r"最|满|全|半|缝|一点|一些|(?:下来|下|开)点|底|高档|低档|分之|max|min|full|half|crack|bit|little|top|bottom"
                            r"|all the way|lowest|highest|\bhigh\b|\blow\b|quarter|third|double|twice", re.I)


def _numbers_said(text: str) -> set[float]:
    from multimodal.text.lexicon import NUM, fold, parse_number

    out = set()
    for m in re.finditer(NUM, fold(text)):
        value = parse_number(m.group(0))
        if value is not None:
            out.add(float(value))
    return out


_SETTINGS = ("value", "level", "percent")

# A clock time ("早上六点", "六点钟", "at 6 am", "6:30"): its number is the hour, not a setting or a step
_CLOCK_ZH = r"(?:早上|上午|中午|下午|晚上|凌晨|今早|明早|今晚|明晚|夜里|半夜|傍晚)"


def _clock_numbers(text: str) -> tuple[set[float], str]:
    """The numbers said as clock times, and the text without those times."""
    from multimodal.text.lexicon import NUM, fold, parse_number

    low = fold(text)
    clock = re.compile(rf"{_CLOCK_ZH}\s*(?P<a>{NUM})\s*点|(?P<b>{NUM})\s*点(?:钟|半)|(?:\bat\s+)?(?P<c>{NUM})\s*(?:am|pm|a\.m\.|p\.m\.|o'?clock)\b"
                       r"|\b(?P<d>\d{1,2}):\d{2}\b"
                       # "we've been up since five", "till two in the morning": an hour said with its preposition
                       rf"|\b(?:since|until|till|til|from|before|after|around)\s+(?P<e>{NUM})\b(?!\s*(?:degrees?|percent|%|minutes?|hours?|mins?|km|miles?|levels?|notch))"
                       r"|(?:早上|上午|下午|晚上|凌晨)(?P<f>[零〇一二两三四五六七八九十\d]+)(?=点|时)", re.I)
    found: set[float] = set()
    for m in clock.finditer(low):
        value = parse_number(m.group("a") or m.group("b") or m.group("c") or m.group("d") or m.group("e") or m.group("f"))
        if value is not None:
            found.add(float(value))
    return found, clock.sub(" ", low)


def _clock_as_number(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """"冻死了 早上六点这车跟冰窖一样" is no step of 6: the model wrote a number said only as a clock time, where the
    grammar read the same commands without it."""
    if [c.intent for c in model] != [c.intent for c in rules]:
        return False
    clock, rest = _clock_numbers(text)
    if not clock:
        return False
    elsewhere = _numbers_said(rest)
    found = False
    for m, r in zip(model, rules):
        for slot in set(m.slots) | set(r.slots):
            if m.slots.get(slot) == r.slots.get(slot):
                continue
            value = m.slots.get(slot)
            if slot not in _NUMBER_SLOTS or r.slots.get(slot) is not None or not isinstance(value, (int, float)) \
                    or float(value) not in clock or float(value) in elsewhere:
                return False
            found = True
    return found


def _unsaid(commands: Sequence[Command], text: str, slots: Sequence[str], idioms: re.Pattern) -> set[int]:
    """Positions of the commands with a number in one of ``slots`` that ``text`` never says, when it has no idiom
    to derive one from."""
    if idioms.search(text):
        return set()
    said = _numbers_said(text)
    return {i for i, c in enumerate(commands) for slot in slots
            if isinstance(c.slots.get(slot), (int, float)) and not isinstance(c.slots[slot], bool)
            and float(c.slots[slot]) not in said}


def _number_unsaid(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """A setting the model wrote a number for that the utterance never said, with no idiom to derive it from
    ("lower all volume" is not volume 100), where the grammar read otherwise."""
    return _counts(model) != _counts(rules) and (bool(_unsaid(model, text, _SETTINGS, _NUMBER_IDIOMS))
                                                 or _percent_unsaid(model, rules, text))


# The contract's opening idioms, each for its own amount
_PERCENT_IDIOMS = {20: re.compile(r"一点|缝|一丝|一些|点点|(?:下来|下|开)点|\bbit\b|crack|little|slightly|touch|inch", re.I),
                   50: re.compile(r"半|half", re.I), 25: re.compile(r"quarter|四分之一", re.I),
                   75: re.compile(r"three quarters|四分之三", re.I), 100: re.compile(r"全开|开满|满|最大|fully|all the way|max", re.I)}


def _percent_unsaid(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """An opening the model wrote that neither a number nor that amount's own idiom says ("全车窗户都打开透透气" is no
    crack of 20), where the grammar wrote none."""
    said = _numbers_said(text)
    for c in model:
        percent = c.slots.get("percent")
        if not isinstance(percent, int) or isinstance(percent, bool) or float(percent) in said:
            continue
        if any(r.intent == c.intent and r.slots.get("percent") == percent for r in rules):
            continue
        idiom = _PERCENT_IDIOMS.get(percent)
        if idiom is None and re.search(r"成|分之|third", text):
            continue  # 三成, 三分之一: a fraction the grammar may not read
        if idiom is None or not idiom.search(text):
            return True
    return False


_AMOUNT_IDIOMS = re.compile(r"couple|pair|a few|several|几|两三|三四|半|half|double|twice|\bby\b", re.I)


def drop_unsaid_amounts(commands: Sequence[Command], text: str, carried: Sequence[Command] = ()) -> list[Command]:
    """"bring it down a touch" changes by no number: an amount the utterance never said (nor an idiom for one, "a
    couple of degrees") is left out, as the contract does when none is said."""
    # (a step carried from the dialogue, "run that again" after "two degrees lower", was said the turn before)
    unsaid = {i for i in _unsaid(commands, text, ("amount",), _AMOUNT_IDIOMS) if commands[i] not in carried}
    return [Command(c.intent, _slots_but(c, "amount")) if i in unsaid else c
            for i, c in enumerate(commands)]


_BODY = ("window.", "sunroof.", "seat.", "hvac.", "light.")


def _parked_door(text: str) -> bool:
    from multimodal.command.rules import DOOR_RE, MOVING_RE, PARKED_RE, STANDSTILL_RE
    from multimodal.text.lexicon import fold

    low = fold(text)
    if STANDSTILL_RE.search(low):
        # "堵在高速上一动不动", "traffic's not moving at all": the road or the jam is told, the car stands
        return bool(DOOR_RE.search(low))
    return bool(DOOR_RE.search(low)) and bool(PARKED_RE.search(low)) and not MOVING_RE.search(low) \
        and not _NOT_YET.search(low)


def _door_alone(text: str) -> bool:
    """A door or lid asked for and no other word about driving ("侧滑门关一下"): the contract's out of domain; a word
    of motion, speed or another control left beside it keeps the model's refusal."""
    from multimodal.command.cues import driving_words
    from multimodal.command.rules import DOOR_RE, MOVING_RE
    from multimodal.text.lexicon import fold

    low = fold(text)
    return bool(DOOR_RE.search(low)) and not MOVING_RE.search(low) and not _NOT_YET.search(low) \
        and not _ON_THE_WAY.search(low) and not driving_words(DOOR_RE.sub(" ", low))


# A hint of the car under way that the grammar's words of moving may not hold ("边开着边", "途中", "on the way"): the
# model's refusal is kept
_ON_THE_WAY = re.compile(r"边|着|途中|路上|\bwhile\b|\bon (?:the|our) way\b|\bas we\b|\bgoing\b|\bgo\b", re.I)


# "we haven't stopped yet", "快到了", "back in traffic": no car standing still
_NOT_YET = re.compile(r"\bnot\b|n't|\bnever\b|\byet\b|\balmost\b|\bnearly\b|\bsoon\b|\btraffic\b|\babout to\b"
                      r"|快|马上|就要|还没|没有?停|要到", re.I)


def _door_named(model: Sequence[Command], text: str) -> bool:
    """The utterance names a door, the trunk or a lid (never a command of this car: out of domain, or unsafe while
    moving) and the model's answer is not a name that merely contains the word ("play 开门红")."""
    from multimodal.command.rules import DOOR_RE
    from multimodal.text.lexicon import fold

    # Only a body command can stand in for the door asked for ("open the trunk" read as the sunroof); a question
    # about a door's warning light or a song by The Doors is not one.
    return bool(DOOR_RE.search(fold(text))) and any(c.intent.startswith(_BODY) for c in model)


# What a question about the car's speed says, in some form; a small model answers "speed" to questions it
# cannot place ("几点了", "what time is it").
_SPEED_WORDS = re.compile(r"(?<!配)速|快|慢|码|迈|公里|每小时|开到多少|跑多少|开多少|speed|fast|slow|mph|km|kph|velocity|per hour"
                          r"|an hour|limit|pace", re.I)


def _seat_left_out_acted_on(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    from multimodal.command.rules import seat_left_out

    left_out = seat_left_out(text)
    # (every seat, "all", takes in the one left out as well: "close every window but mine" read as all)
    return left_out is not None and any(c.slots.get("zone") in (left_out, "all") for c in model) \
        and not any(c.slots.get("zone") in (left_out, "all") for c in rules)


_CHECK_ASKED = re.compile(r"查|看看|看一下|瞧|告诉|报一下|报个|说说|说一下|显示|\b(?:check|tell|show|read|give me|let me know|display"
                          r"|report)\b", re.I)


# How far the place is, asked ("how far is it", "还有多远", "离机场多远"), against the range the car has left
_HOW_FAR_TO_A_PLACE = re.compile(r"\bhow far (?:is it|away|to|is (?:the|that|this|it)\b|are we from)|\bhow much (?:further|farther)\b"
                             r"|离[^，,。]{1,10}(?:还有)?多远|还有多远(?!能)|还(?:有|要)多久(?:到|才到)|多久(?:能|才)?到", re.I)
_RANGE_SAID = re.compile(r"\bcan (?:we|i|it|the car)\b|\bcould (?:we|i|it)\b|\bleft\b|\brange\b|\bon (?:this|the) (?:charge|tank|battery)"
                         r"|续航|还能|能跑|能开|能走|剩|电|油", re.I)


def _remark_answered_instead(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """Nothing in common: every command of the grammar's is asked outright ("close the sunroof"), none of the
    model's is (it read the remark beside it, "it's too loud", as the request)."""
    from multimodal.command.cues import asked_outright

    complaints = ("hvac.adjust_temperature", "hvac.adjust_fan", "media.adjust_volume", "hvac.defrost")
    # (on another device altogether: "the AC is way too cold" is the climate's complaint, however the grammar read it)
    return bool(model) and bool(rules) and all(c.intent in complaints for c in model) \
        and not any(c in rules for c in model) \
        and all(r.intent.split(".")[0] != c.intent.split(".")[0] for r in rules for c in model) and not any(c.intent.startswith("dialog.") for c in list(model) + list(rules)) \
        and all(asked_outright(c, text) for c in rules) and not any(asked_outright(c, text) for c in model)


def _tire_work_as_reading(model: Sequence[Command], text: str) -> bool:
    from multimodal.command.rules import TIRE_WORK_RE
    from multimodal.text.lexicon import fold

    low = fold(text)
    return any(c.intent == "query.vehicle" and c.slots.get("item") == "tire_pressure" for c in model) \
        and bool(TIRE_WORK_RE.search(low)) and not re.search(r"胎压|气压|pressure|\bpsi\b|\blow\b|\bcheck\b|查|看看", low)


def _distance_as_range(model: Sequence[Command], text: str) -> bool:
    from multimodal.command.rules import distance_of_a_thing

    items = {c.slots.get("item") for c in model if c.intent == "query.vehicle"}
    return ("range" in items and bool(_HOW_FAR_TO_A_PLACE.search(text)) and not _RANGE_SAID.search(text)) \
        or (bool(items & {"range", "speed"}) and distance_of_a_thing(text))


def _reading_unasked(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The model asked for a reading of the car (range, speed, battery) the grammar did not, and the utterance asks no
    question and asks to check nothing ("跑完四十二公里 眼皮直打架 把音乐开大点": a distance run, told)."""
    from multimodal.command.rules import QUESTION_CUE
    from multimodal.text.lexicon import fold

    extra = [c for c in model if c.intent == "query.vehicle" and c not in rules]
    low = fold(text)
    return bool(extra) and not QUESTION_CUE.search(low) and not _CHECK_ASKED.search(text) \
        and not re.search(r"([\u4e00-\u9fff])[不没]\1|呢", low)  # (a question asked as "是不是坏了", "够不够")


def _switched_both_ways(commands: Sequence[Command]) -> bool:
    """The same thing (intent, seat, glass) switched on and off in one answer ("mute off | mute on")."""
    seen: dict[tuple, bool] = {}
    for c in commands:
        if isinstance(c.slots.get("on"), bool):
            key = (c.intent, c.slots.get("zone"), c.slots.get("target"))
            if seen.get(key, c.slots["on"]) != c.slots["on"]:
                return True
            seen[key] = c.slots["on"]
    return False


def _unanchored(model: Sequence[Command], text: str) -> bool:
    from multimodal.command.rules import speed_limit_asked

    return any(c.intent == "query.vehicle" and c.slots.get("item") == "speed" for c in model) \
        and (not _SPEED_WORDS.search(text) or speed_limit_asked(text))


# Negations and comparisons the grammar reads literally ("not cold enough" is not a complaint of cold).
_NEGATED = re.compile(r"不(?:够|要|太|那么|是很|用|必)|别|这么|没(?:有)?那么|\bnot\b|\bdon'?t\b|\bno\b|\benough\b|\bless\b", re.I)


def _direction_flipped(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The same adjustments, the other way round: the grammar reads direction words literally ("这风也太大了" is
    too much fan), a small model confuses complaints with requests."""
    from multimodal.command.comparative import comparative_intents
    from multimodal.text.lexicon import fold

    if len(model) > len(rules):
        # "这歌放得也太吵了，声音太大" read as play + louder: the model's extra command read the complaint too
        model = [c for c in model if c.intent in {r.intent for r in rules}]
    if len(model) != len(rules) or [c.intent for c in model] != [c.intent for c in rules]:
        return False
    # A negation or comparison is trusted only where the comparative reader read it ("a little less cold").
    negated = bool(_NEGATED.search(text))
    read = comparative_intents(fold(text)) if negated else set()
    flipped = False
    for m, r in zip(model, rules):
        if m.key() == r.key():
            continue
        if not m.intent.startswith(("hvac.adjust", "media.adjust")) \
                or {m.slots.get("direction"), r.slots.get("direction")} != {"up", "down"} \
                or (negated and (r.intent, r.slots.get("direction")) not in read):
            return False
        flipped = True
    return flipped


_WARMER_OR_COLDER = re.compile(r"\b(?:colder|cooler|warmer|hotter)\b|(?:冷|凉|热|暖)(?:一)?点|(?:冷|凉|热|暖)一些", re.I)


def _temperature_step_missed(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """"pax wants the AC colder" read as the A/C switched on: the grammar's one step of the cabin's temperature,
    where the model set or stepped no temperature at all."""
    return len(rules) == 1 and rules[0].intent == "hvac.adjust_temperature" and _WARMER_OR_COLDER.search(text) is not None \
        and len(model) == 1 and model[0].intent in ("hvac.ac", "hvac.power", "hvac.adjust_fan", "hvac.set_fan")


def _comparative_missed(model: Sequence[Command], rules: Sequence[Command], text: str) -> bool:
    """The comparative reader's steps are all in the grammar's reading and not all in the model's."""
    from multimodal.command.comparative import comparative_intents
    from multimodal.text.lexicon import fold

    read = comparative_intents(fold(text))

    def steps(commands: Sequence[Command]) -> set[tuple[str, str | None]]:
        return {(c.intent, c.slots.get("direction")) for c in commands}
    return bool(read) and read <= steps(rules) and not read <= steps(model)


def previous_zones(previous_commands: Sequence[Command]) -> set[str]:
    """The seats the previous turn's commands named (``arbitrate``'s ``context_zones``)."""
    return {c.slots["zone"] for c in previous_commands if "zone" in c.slots}


def drop_invented_zones(model: Sequence[Command], text: str, context_zones: Collection[str],
                        heard: Sequence[Command] = ()) -> list[Command]:
    """The model's commands without a seat that neither the utterance, the grammar's reading (``heard``, with the
    dialogue's) nor the previous turn named ("太烫了，调到一档" is not the rear left's): the contract leaves the zone
    out when none is said."""
    if _seat_words(text):
        return list(model)
    known = set(context_zones) | _zones_said(text) | {c.slots["zone"] for c in heard if "zone" in c.slots}
    out = []
    for c in model:
        zone = c.slots.get("zone")
        if zone is not None and zone not in known:
            c = Command(c.intent, _slots_but(c, "zone"))
        out.append(c)
    return out


def _elided_otherwise(model: Sequence[Command], rules: Sequence[Command], elided: Collection[int]) -> bool:
    """Same commands but where the grammar read "the same thing for another seat" ("driver seat heat to 3 and
    passenger to 1"): there the model named another thing for that seat (massage, ventilation), which the
    utterance never said."""
    if not elided or len(model) != len(rules):
        return False
    differs = False
    for i, (m, r) in enumerate(zip(model, rules)):
        if m.key() == r.key():
            continue
        if i not in elided or m.intent == r.intent or m.slots.get("zone") != r.slots.get("zone"):
            return False
        differs = True
    return differs


# The arbiter's checks beyond safety, grounding and coverage, each measured on the blind dev set
# (bench/bench_arbiter.py adds them one at a time); all are on by default.
ARBITER_CHECKS = ("grounding", "dedupe", "dialogue", "refusal", "zone-missing", "extra", "missing", "target", "number", "cut",
                  "ellipsis", "pronoun", "unasked", "unsaid-number", "zone-unsaid", "door", "anchor", "direction",
                  "zone-copied", "zone-invented", "unnamed", "amount-unsaid", "correction", "screen-said", "elsewhere", "mode", "answer", "title", "slots-missing", "remark", "outright", "polarity", "glass", "forbid", "other-device", "refusal-unnamed", "category", "state", "contact", "swallowed", "warning-name", "complaint", "day", "mute", "road", "retry")
# A correction in mid-utterance ("导航去西湖……哦不对，去灵隐寺", "24, no wait, make that 23"), and a request for a button
# of the screen ("屏幕上那个“继续导航”帮我点一下").
_CORRECTED = re.compile(r".[\s,，.。…—-]+(?:哦|噢|哎|诶|呃|唉)?(?:不对|不是|说错了|我是说|哦不|no wait|wait no|i mean|sorry|scratch that"
                        r"|actually no|make that|no sorry|oh no|not to|算了(?=[\s,，]*(?:去|还是|开|放|打|换|调)))|^not to\b"
                        r"|.[\s,，.]+(?:uh,?\s+|um,?\s+)?(?:or\s+)?actually,?\s+(?:just\s+)?(?:call|play|navigate|take me|turn|set|open|close)\b"
                        # the wrong thing named first ("not the window, the sunroof, open it halfway", "不是车窗 是天窗")
                        r"|^(?:no,?\s+|oh,?\s+|uh,?\s+)?not (?:the|my|that)\b[^,.;]{1,25}[,;]|^不是[^，,\s]{1,8}[，,\s]+(?=是)", re.I)
# "touch the mute button": the button of a function the car has a command for is that command
_FUNCTION_LABEL = re.compile(r"mute|unmute|pause|play|resume|next|previous|skip|stop|静音|暂停|播放|继续|下一首|上一首", re.I)


def _gear(label: str) -> bool:
    from multimodal.command.rules import GEAR_LABEL_RE, _unsafe
    from multimodal.text.lexicon import fold

    return bool(GEAR_LABEL_RE.fullmatch(label.strip()) or _unsafe(fold(label).lower()))


def _button_not_a_function(label: str, model: Sequence[Command], text: str) -> bool:
    """A button the driver named ("屏幕上那个“继续导航”帮我点一下") rather than the function the model read it as ("点一下屏幕上的
    座椅加热" is the seat heating, "press the volume up button" the volume): quoted, or naming none of the model's
    commands."""
    from multimodal.command.cues import device, names_a_thing

    if _FUNCTION_LABEL.fullmatch(label):
        return False
    quoted = re.search(r"[“\"'‘「『《]\s*" + re.escape(label), text) is not None \
        or re.search(r"(?:where|that|which) (?:it )?says\s+" + re.escape(label) + r"|写着\s*" + re.escape(label), text, re.I) is not None \
        or re.search(re.escape(label) + r"\s*(?:的)?\s*(?:那个|这个)?\s*(?:按钮|按键|键|图标|选项)", text) is not None  # "继续播放那个键"
    # the label is the function when the grammar reads the label's words alone as that thing ("座椅加热"), not when
    # they only share a word with it ("开始导航" is no cancelled route)
    read = {device(c.intent) for c in _label_reading(label)}
    # a bare action with no thing named ("点屏幕上的跳过", "点一下取消") is the button's, whatever the action reads as
    return quoted or not names_a_thing(label) or not any(device(c.intent) in read for c in model)


def _label_reading(label: str) -> list[Command]:
    """The rule grammar's commands for a button's words said alone."""
    from multimodal.command.rules import shared_grammar
    from multimodal.protocols import CommandContext, detect_lang

    try:
        return [c for c in shared_grammar().read(label, detect_lang(label), CommandContext()).commands
                if c.intent != "unsupported"]
    except ValueError:
        return []


_SCREEN_SAID = re.compile(r"屏幕|按钮|\bbutton\b|\bon the (?:screen|display)\b|^(?:tap|click)\b|^(?:点一下|点击|按一下|戳一下)"
                          r"|^(?:press|hit|push|select|choose)\s+[“\"'‘「『]", re.I)


def arbitrate(model: Sequence[Command], rules: Sequence[Command] | None, text: str,
              screen_labels: Sequence[str] = (), followup: Sequence[Command] | None = None,
              complete: bool = True, checks: Collection[str] = ARBITER_CHECKS,
              elided: Collection[int] = (), asked: bool = True,
              context_zones: Collection[str] | None = None, previous: Sequence[Command] = (),
              context_text: str = "", retried: bool = False) -> tuple[list[Command], str | None]:
    """The commands to use and, when the model's answer was replaced, why.

    ``followup`` is the grammar's reading of the utterance against the dialogue context (the previous turn's
    commands, a pending suggestion); the model may not see that context, so this reading wins. ``complete``
    says the grammar read every clause that asks for something: only then are the model's extra commands
    taken for reasons rather than requests the grammar missed. ``checks`` turns the newer checks on one by one.
    ``elided`` are the positions of the grammar's commands read as "the same thing for another seat"; ``asked``
    says a question of the cockpit's is pending (without one a bare yes or no answers nothing); ``context_zones``
    are the seats of the previous turn's commands (None: unknown, so no zone of the model's is dropped);
    ``previous`` and ``context_text`` (the previous utterance and a pending question) are what a follow-up may
    refer to, for the "unnamed" check (multimodal/command/cues.py); ``retried`` says the model's first answer broke the
    output format, and this one came from the retry."""
    said = f"{text} {context_text}" if context_text else text
    invented = None
    if context_zones is not None and "zone-invented" in checks:
        # (first, so the other checks compare the grammar's reading with the model's without the seat it made up)
        kept = drop_invented_zones(list(model), text, context_zones, list(rules or ()) + list(followup or ()))
        if kept != list(model):
            model, invented = kept, "zone-invented: the model wrote a seat that neither the utterance nor the previous turn named"
    if "amount-unsaid" in checks:
        kept = drop_unsaid_amounts(list(model), text, list(followup or ()) + list(previous))
        if kept != list(model):
            model, invented = kept, invented or "amount-unsaid: the model wrote an amount the utterance never said"
    final, why = _arbitrate(model, rules, text, screen_labels, followup, complete, checks, elided, asked,
                            _Said(said, tuple(previous)), retried)
    if "dedupe" in checks:
        final = dedupe(final)  # whichever reading won ("那个…循环，对，内循环打开" read twice by the grammar)
    return final, why or invented


@dataclass(frozen=True)
class _Said:
    """What may name a command: the utterance with the dialogue before it, and the previous turn's commands."""

    text: str
    previous: tuple[Command, ...] = ()

    def unnamed(self, commands: Sequence[Command]) -> list[int]:
        from multimodal.command.cues import unnamed

        return unnamed(commands, self.text, self.previous)


# A song, a place or a city needs no word besides its name ("周杰伦的晴天", "Taylor Swift please", "how's Boston
# looking"): these the model is never overruled on for want of a cue when the grammar read nothing.
_OPEN_NAMES = ("media.play", "nav.navigate")
# ...unless it is a question with no word of going anywhere ("中国最高的山是哪座"), or the "song" is a joke or a story
_ASKED_NOT_GOING = re.compile(r"(?:哪座|哪个|是哪|多高|多少|多大|多长|是什么|是谁|谁是|\?|？|吗$|呢$|\bwhat\b|\bwhich\b|\bwho\b"
                              r"|\bhow (?:high|tall|big|long|many|much)\b)", re.I)
_GOING = re.compile(r"去|到|导航|走|回|带我|送我|在哪|(?<!是)哪里|(?<!是)哪儿|附近|周边|最近|找|where|nearby|near me|around here|close by"
                    r"|route|navigat|take (?:me|us)|\bgo\b|head|drive|directions|way to|find|nearest", re.I)
_NAV_ASKED = re.compile(r"导航|带我|送我|开到|navigat|take (?:me|us)|directions|route", re.I)
_NOT_A_SONG = re.compile(r"joke|笑话|段子|story|stories|故事|riddle|谜语|news|新闻", re.I)


# What a word or a saying means, asked ("刻舟求剑是什么意思", "what does serendipity mean"): no title
_MEANING_ASKED = re.compile(r"什么意思|啥意思|什么含义|什么寓意|的意思是|怎么理解|出自哪|典故|\bwhat (?:does|do) .{1,40} mean\b"
                            r"|\bmeaning of\b|\bdefin(?:e|ition of)\b", re.I)
# A why-question asks for an explanation, never a song or a route ("Why do cats purr?", "为什么天是蓝的")
_WHY = re.compile(r"^\W*(?:why|how come)\b|为什么|为啥|干嘛要", re.I)
# The distance between two other places ("地球到月亮有多远", "how far is the moon from the earth"): general knowledge,
# unless one end is where the car is ("从这儿到西湖有多远")
_DISTANCE_ASKED = re.compile(r"(?:从)?(?P<a>[\u4e00-\u9fff]+?)(?:到|离)(?P<b>[\u4e00-\u9fff]+?)(?:还|大概|大约|究竟|到底)?有?"
                            r"(?:多远|多少(?:公里|千米|里路?))|\bhow far\b.*\bfrom\b(?P<c>.*)$", re.I)
_HERE = re.compile(r"^(?:这|那|我|咱|现在|当前|目前|出发|你)|\b(?:here|us|me|we)\b", re.I)


def _distance_elsewhere(text: str) -> bool:
    m = _DISTANCE_ASKED.search(text)
    return bool(m) and not any(end is not None and _HERE.search(end) for end in m.group("a", "b", "c"))


# What a place is like, asked ("这附近的学区怎么样啊", "how are the schools around here"): an opinion, no route
_QUALITY_ASKED = re.compile(r"怎么样|咋样|好不好|贵不贵|安不安全|\bhow (?:are|is|'s|good (?:are|is)) (?:the |this |that )?\w+"
                            r"|\bwhat(?:'s| is| are) (?:the )?\w+(?: \w+)? like\b|\bany good\b", re.I)
_GO_ASKED = re.compile(r"去|导航|带我|送我|找|开到|怎么走|navigat|take (?:me|us)|\bfind\b|directions|route|\bgo to\b|head (?:to|for)"
                       r"|\bget (?:me|us) to\b", re.I)


def _open_name(command: Command, text: str) -> bool:
    if command.intent == "nav.navigate" and _QUALITY_ASKED.search(text) and not _GO_ASKED.search(text):
        return False
    if command.intent == "nav.navigate" and "category" in command.slots:
        return True  # "what gas stations are here?" asks for places to go
    if command.intent == "nav.navigate":
        if (_WHY.search(text) or _distance_elsewhere(text)) and not _NAV_ASKED.search(text):
            return False
        dest = str(command.slots.get("destination", ""))
        if dest and re.search(r"(?:给|跟|和|替|帮)\s*" + re.escape(dest) + r"\s*(?:带|买|捎|打|说|发|讲)", text):
            return False  # "回去给同事带点": whom a thing is for, no place
        return not (_ASKED_NOT_GOING.search(text) and not _GOING.search(text))
    if command.intent == "media.play":
        query = str(command.slots.get("query", ""))
        if not command.slots:
            return False  # a bare play (resume) names no title or source: only a word of playing asks for it
        if _WHY.search(text) and not _PLAY_WORD.search(text):
            return False
        if _MEANING_ASKED.search(text) and not _PLAY_WORD.search(text):
            return False  # "刻舟求剑是什么意思": a saying explained, no title played
        # "turn on Dog Mode", "打开露营模式": a mode of the car switched on, no title played
        from multimodal.command.rules import ABILITY_ASKED_RE

        if _game_played([command], text):
            return False  # "咱们来玩成语接龙吧": a game with the driver, nothing to play
        if ABILITY_ASKED_RE.search(text.strip()) or (_OPINION_ASKED.search(text.strip()) and not _PLAY_WORD.search(text)):
            return False  # "你会唱二人转不", "你说我明天滑双板还是单板": a chat with the assistant, no title played
        from multimodal.command.cues import INTENT_CUES
        from multimodal.text.lexicon import fold

        if not INTENT_CUES["media.play"].search(fold(text).lower()) and (
                _QUESTION.search(text.strip()) or _HOW_OR_SING.search(text)):
            return False  # "梭子蟹怎么挑才肥", "侬会讲上海话伐", "sing us something in French": no word of playing
        return not (_NOT_A_SONG.search(query) or (_A_MODE.search(query) and not _PLAY_WORD.search(text)))
    return False


_HOW_OR_SING = re.compile(r"怎么|怎样|如何|咋|伐\s*$|\bsing\b|唱|\bhow (?:do|to|can|should)\b"
                          r"|(?:讲|说)(?:个|一个|几个)?(?:笑话|故事|段子)|\btell (?:me |us )?(?:a |another )?(?:joke|story)", re.I)


def _game_played(model: Sequence[Command], text: str) -> bool:
    from multimodal.command.rules import names_a_game

    return any(c.intent == "media.play" and names_a_game(str(c.slots.get("query", "")), text.lower()) for c in model)


# A mode of the car's own asked for ("turn on Dog Mode", "开启露营模式"): a thing no command acts on
_MODE_ASKED = re.compile(r"\b(?:turn on|switch on|switch to|enable|activate|start|put it in)\b[^,;.]*\bmode\b"
                         r"|(?:打开|开启|开一下|切换到|切到|切换成|进入|启动)[^，,。]{0,8}模式", re.I)
_A_MODE = re.compile(r"(?:\bmode|模式)\s*$", re.I)
_PLAY_WORD = re.compile(r"\b(?:play|listen|hear|song|track|album|music|radio)\b|放|播|听|歌|曲", re.I)


# A question ("Do you ever get lonely?", "你会唱歌吗") asks for a command only in words that name it.
_QUESTION = re.compile(r"^\W*(?:do|does|did|are|is|am|can|could|will|would|have|has|what|who|why|how|when|where|which)\b"
                       r"|[?？]\s*$|[吗呢]\s*[?？]?\s*$"
                       # a yes-or-no question asked by doubling the verb ("孕晚期到底能不能吃螃蟹啊")
                       r"|(?:能不能|可不可以|会不会|是不是|该不该|有没有|行不行)[^，,。!！]{0,14}(?:啊|呀|哇|嘛)?\s*$"
                       # a question put as a request ("check if United 447 is delayed", "查一下明天限不限号")
                       r"|^\W*(?:(?:can you |could you |please )?(?:check|see|find out|look up|tell me|let me know)"
                       r" (?:if|whether)\b)|^\W*(?:帮我)?(?:查一?下|查查|看一?下|问一?下)[^，,。]{0,12}(?:有没有|是不是|是否|会不会|能不能)", re.I)


def _money_told(text: str) -> bool:
    from multimodal.command.rules import _MONEY_RE
    from multimodal.text.lexicon import fold

    return bool(_MONEY_RE.search(fold(text)))


def _only_driving_felt(text: str) -> bool:
    """Every word of driving in ``text`` tells how the driving feels or what is around ("刹车有点软", "开太快了我头晕")."""
    from multimodal.command.cues import driving_words
    from multimodal.command.rules import DRIVING_FELT
    from multimodal.text.lexicon import fold

    low = fold(text).lower()
    return re.search(DRIVING_FELT, low) is not None and not driving_words(re.sub(DRIVING_FELT, " ", low))


def _speed_asked_unasked(rules: Sequence[Command], text: str) -> bool:
    """The grammar read a question about the car's speed where nothing asks a question ("speed us up a bit, there's
    nobody about"): that reading cannot overrule the model's refusal of a driving control."""
    from multimodal.command.rules import QUESTION_CUE, SPEED_ASKED
    from multimodal.text.lexicon import fold

    low = fold(text)
    return any(c.intent == "query.vehicle" and c.slots.get("item") == "speed" for c in rules) \
        and not QUESTION_CUE.search(low) and not re.search(SPEED_ASKED, low, re.I)


def _unnamed_dropped(model: Sequence[Command], rules: Sequence[Command] | None, rules_usable: bool,
                     said: "_Said") -> list[Command] | None:
    """"昆山今天天气咋样，下午还得再跑一趟" read with a route to avoid as well: beside a shorter grammar reading that is all
    named, the model's commands nothing names go and the rest is arbitrated as the model's answer (None: nothing goes)."""
    if not rules_usable or rules is None or is_unsafe(model) or len(rules) >= len(model) or said.unnamed(rules):
        return None
    gone = set(said.unnamed(model))
    if not gone or len(gone) == len(model):
        return None
    return [c for i, c in enumerate(model) if i not in gone]


def _unnamed(model: Sequence[Command], rules: Sequence[Command] | None, rules_usable: bool,
             said: _Said, complete: bool) -> tuple[list[Command], str] | None:
    """The readers disagree and the model wrote a command nothing in the utterance asks for (the fan for "turn the
    volume down", the light for "后挡也开一下"): the grammar's reading when all of it is named and it is no shorter;
    else, when the grammar read nothing and missed no request, the model's named commands, else out of domain.
    A refusal of the model's is never overruled here (the safety checks decide those)."""
    from multimodal.command.cues import OTHER_DEVICES_RE, driving_words

    if is_unsafe(model) or rules is None:
        return None
    gone = said.unnamed(model)
    if rules_usable:
        if not gone or said.unnamed(rules) or _counts(rules) == _counts(model) or len(rules) < len(model):
            return None
        return list(rules), "unnamed: the model wrote a command nothing said asks for; the grammar's reading is all named"
    if is_unsafe(rules):
        return None  # nor is a grammar's refusal overruled
    # Unnamed commands go only when the grammar missed no request, or what it heard asked for a thing the car has
    # no command for ("雨刷开快一点", "start the fragrance diffuser"), or the words are about driving the car ("关闭ESC"
    # is no climate command, whatever the grammar missed). Songs and routes go only when they are no open name.
    if complete or OTHER_DEVICES_RE.search(said.text) or driving_words(said.text) or _QUESTION.search(said.text) \
            or _OPINION_ASKED.search(said.text.strip()) or _MODE_ASKED.search(said.text) or _game_played(model, said.text) \
            or _MEANING_ASKED.search(said.text):
        gone = {i for i in gone if model[i].intent not in _OPEN_NAMES} \
            | {i for i, c in enumerate(model) if c.intent in _OPEN_NAMES and not _open_name(c, said.text)}
    elif len(gone) < len(model) or any(model[i].intent in _OPEN_NAMES for i in gone):
        gone = set()
    # (else nothing said names any of the model's commands, none a name: "这山上的桃花什么时候开啊" is no forecast,
    # "屏幕太亮了晃眼睛，调暗一点" no cooler cabin, whatever request the grammar could not read)
    # "how do I make lasagna" is no setpoint of 20: a setting the utterance never said, whatever else was read
    gone = set(gone) | _unsaid(model, said.text, _SETTINGS, _NUMBER_IDIOMS)
    if not gone:
        return None
    kept = [c for i, c in enumerate(model) if i not in gone]
    if kept and not _only_dialog(kept):
        return kept, "unnamed: the model wrote a command nothing said asks for; it is dropped"
    return [Command("unsupported", {"reason": REASON_OUT_OF_DOMAIN})], \
        "unnamed: nothing said asks for the model's commands and the grammar read none"


def _without(model: Sequence[Command], rules: Sequence[Command] | None, rules_usable: bool,
             unwanted: Callable[[Command], bool], why: str, text: str = "") -> tuple[list[Command], str]:
    """The model's commands that ``unwanted`` picks out were asked by nobody: the grammar's reading when it has none
    of them, else the model's others, else out of domain."""
    if rules_usable and rules is not None and not any(unwanted(c) for c in rules):
        return list(rules), why
    kept = [c for c in model if not unwanted(c)]
    if text and not rules_usable:
        # what is left must still be asked for: a title no word of playing asks for goes too ("给我讲个笑话")
        kept = [c for c in kept if not (c.intent == "media.play" and c.slots.get("query") and not _open_name(c, text))]
    return (kept or [Command("unsupported", {"reason": REASON_OUT_OF_DOMAIN})]), why


def _arbitrate(model: Sequence[Command], rules: Sequence[Command] | None, text: str, screen_labels: Sequence[str],
               followup: Sequence[Command] | None, complete: bool, checks: Collection[str], elided: Collection[int],
               asked: bool, said: _Said | None = None, retried: bool = False) -> tuple[list[Command], str | None]:
    from multimodal.command.rules import (advice_asked, advice_only, asks_opinion, dark_without_fog,  # (rules imports
                                          past_story, trip_time_asked)  # this module lazily)

    said = said or _Said(text)
    model = _as_said(_tap_labels(canonicalise(model, text), screen_labels), text)
    rules = canonicalise(rules, text) if rules is not None else None
    if "dedupe" in checks:
        model = one_forecast(one_value_each(dedupe(model), bool(_CORRECTED.search(text))), text)
    if rules is not None and is_unsafe(rules) and not is_unsafe(model):
        return list(rules), "safety: the rule grammar recognised a driving control"
    if not screen_labels and any(c.intent == "screen.tap" and _gear(str(c.slots.get("label", ""))) for c in model):
        return [Command("unsupported", {"reason": REASON_UNSAFE})], "safety: a gear is no button of the screen"
    if "door" in checks and rules is not None and (is_out_of_domain(rules) or is_unsafe(rules)) \
            and _door_named(model, text):
        return list(rules), "door: a door, the trunk or a lid is never another command"
    if "door" in checks and rules is not None and is_out_of_domain(rules) and is_unsafe(model) \
            and (_parked_door(text) or _door_alone(text)):
        # the contract: a door asked for is out of domain unless the utterance says the car is moving, which the
        # grammar checks (and it found no driving control in the words either)
        return list(rules), "door: a door asked for with no word of the car moving is out of domain, not unsafe"
    from multimodal.command.cues import driving_words
    from multimodal.command.rules import speed_limit_asked

    if "refusal-unnamed" in checks and is_unsafe(model) and rules is not None and is_out_of_domain(rules) \
            and (not driving_words(said.text) or _OPINION_ASKED.search(text.strip()) or speed_limit_asked(text)
                 or _TRIVIA_ASKED.search(text) or _to_the_assistant(text)):
        # (both answers do nothing: the label is what is at stake, and a refusal names a driving control)
        return list(rules), "refusal-unnamed: the model refused words with nothing about driving the car in them"
    if "dialogue" in checks and followup and not is_unsafe(followup) and _counts(followup) != _counts(model) \
            and not (is_unsafe(model) and _only_dialog(followup[:1]) and len(followup) > 1):
        # (a refusal of the model's stands against an answer with a request after it: the grammar may have missed
        # a driving control said after "好的"; "close it again" refused is still overruled)
        return list(followup), "dialogue: a follow-up of the previous turn or an answer to the pending question"
    rules_usable = rules is not None and not is_out_of_domain(rules) and not is_unsafe(rules) \
        and check_grounding(rules, text, screen_labels).ok
    if "grounding" in checks and _named_in_an_exclamation(model, text):
        why = "grounding: the model's free text is a piece of an exclamation ('蚌埠住了' is no weather in Bengbu)"
        return (list(rules) if rules_usable else [Command("unsupported", {"reason": REASON_OUT_OF_DOMAIN})]), why
    verdict = check_grounding(model, text, screen_labels, said.previous)
    if not verdict.ok:
        if rules_usable:
            return list(rules), "grounding: " + "; ".join(verdict.problems)
        return [Command("unsupported", {"reason": REASON_OUT_OF_DOMAIN})], "grounding: " + "; ".join(verdict.problems)
    if "grounding" in checks and rules_usable and _source_unsaid(model, text + " " + said.text):
        return list(rules), "grounding: the model played a source (radio, bluetooth, USB, online) no word names"
    if "warning-name" in checks and rules is not None and not rules_usable and _warning_unnamed(model, text):
        kept = [c for c in model if c.intent != "query.warning" and not _unanchored([c], text)]
        return (kept or [Command("unsupported", {"reason": REASON_OUT_OF_DOMAIN})]), \
            "warning-name: no light, warning or message was said"
    from multimodal.command.rules import GENERIC_LIGHT_RE
    if "warning-name" in checks and rules_usable and _differ_only_where(model, rules, lambda m, r: m.intent == r.intent
                                                                        == "query.warning" and not r.slots.get("name")) \
            and (_LIGHT_POINTED_AT.search(text) or all(GENERIC_LIGHT_RE.fullmatch(str(c.slots.get("name", "")).strip())
                                                       for c in model if c.intent == "query.warning" and c.slots.get("name"))):
        return list(rules), "warning-name: the light asked about is the one pointed at ('这个灯是啥意思'); what was told names none"
    if "warning-name" in checks and _asked_as_name(model) and all(
            c.intent == "query.warning" and _ONLY_A_WORRY.fullmatch(str(c.slots.get("name", "")).strip()) for c in model) \
            and not rules_usable:
        # "is that warning light dangerous": the light pointed at, its danger asked; no name said
        return [Command(c.intent, _slots_but(c, "name")) if c.intent == "query.warning" else c
                for c in model], "warning-name: the model's warning name is the question about it ('is it dangerous')"
    if "retry" in checks and retried and rules_usable and complete and _counts(rules) != _counts(model):
        # the model's first answer was no command at all ("weather on" for "just turn on the butt warmer"): its
        # second guess loses to a grammar that read every request of the utterance
        return list(rules), "retry: the model's first answer broke the format; the grammar read every request"
    if "contact" in checks and _call_unasked(model, text, said.previous):
        return _without(model, rules, rules_usable, lambda c: c.intent == "phone.call",
                        "contact: no call was asked for ('我跟老伴说两句话' talks to someone in the car)", text)
    if "contact" in checks and _hang_up_unasked(model, text):
        return _without(model, rules, rules_usable, lambda c: c.intent == "phone.hang_up",
                        "contact: a call someone is on is told, not ended ('乘客在打电话 音乐先暂停')")
    if "road" in checks and _avoid_unasked(model, text):
        return _without(model, rules, rules_usable, lambda c: c.intent == "nav.avoid",
                        "road: the road's tolls or traffic asked about, nothing asked to be avoided")
    if "contact" in checks and _calls_nobody(model):
        return _without(model, rules, rules_usable, lambda c: _calls_nobody([c]),
                        "contact: a pronoun or a thing of the car is nobody to call ('我要打电话', '音乐有点吵 我要打电话')")
    if "anchor" in checks and rules is not None and is_out_of_domain(rules) and complete \
            and any(c.intent == "query.vehicle" for c in model) and _money_told(text):
        return list(rules), "anchor: the driver spoke of what fuel or parking costs; no reading of the car was asked"
    if "anchor" in checks and _tire_work_as_reading(model, text):
        why = "anchor: a tire changed or patched, asked how, is no reading of the tire pressure"
        return (list(rules) if rules_usable else [Command("unsupported", {"reason": REASON_OUT_OF_DOMAIN})]), why
    if "anchor" in checks and _distance_as_range(model, text):
        why = "anchor: how far a place is, asked, is no range of the car's ('we're late for the wedding, how far is it')"
        return (list(rules) if rules_usable else [Command("unsupported", {"reason": REASON_OUT_OF_DOMAIN})]), why
    if "anchor" in checks and complete and rules_usable and _reading_unasked(model, rules, text):
        return list(rules), "anchor: a reading of the car the model asked for where nothing asks a question ('跑完四十二公里')"
    if "anchor" in checks and _unanchored(model, text):
        why = "anchor: the model asked for the speed where nothing was said about it"
        if rules_usable:
            return list(rules), why
        kept = [c for c in model if not (c.intent == "query.vehicle" and c.slots.get("item") == "speed")]
        return (kept or [Command("unsupported", {"reason": REASON_OUT_OF_DOMAIN})]), why
    if rules_usable and _seat_left_out_acted_on(model, rules, text):
        return list(rules), "zone: the model acted on the very seat the driver left out ('all but the driver's')"
    if rules_usable and _switched_both_ways(model) and not _switched_both_ways(rules):
        return list(rules), "contradiction: the model switched one thing on and off in one answer"
    if rules_usable and zone_mismatch(model, rules, text, missing="zone-missing" in checks):
        return list(rules), "zone: the model's zone was not said; the rule grammar's was"
    if rules_usable and row_split_unevenly(model, rules):
        return list(rules), "zone: the model split the row the driver named into two seats and kept a setting on one only"
    if is_out_of_domain(model) and rules_usable:
        return list(rules), "coverage: the rule grammar understood what the model called out of domain"
    if "refusal" in checks and is_unsafe(model) and rules is not None and is_out_of_domain(rules) \
            and (complete or advice_only(_asking_clauses(text))) and advice_asked(text):
        return list(rules), "refusal: the driver asked how to drive; no control was asked of the car"
    if "refusal" in checks and is_unsafe(model) and rules is not None and is_out_of_domain(rules) and complete \
            and _only_driving_felt(text):
        return list(rules), "refusal: the driver told how the driving feels ('刹车有点软 这个正常吗'); no control was asked of the car"
    if "refusal" in checks and is_unsafe(model) and rules_usable and complete \
            and not (_only_dialog(rules[:1]) and len(rules) > 1) and not _speed_asked_unasked(rules, text):
        # The grammar's own driving-control check found nothing (it answered first), and it read every request
        # of the utterance as a harmless one: a clause it could not read might be the driving control.
        return list(rules), "refusal: the rule grammar read a harmless request the model refused"
    if screen_labels and rules_usable and any(c.intent == "screen.tap" for c in rules) \
            and not any(c.intent == "screen.tap" for c in model):
        return list(rules), "screen: the rule grammar matched a visible label"
    if "unasked" in checks and not asked and _yes_to_a_question(model, text):
        why = "unasked: the driver asked a question; a yes or no answers nothing"
        return (list(rules) if rules_usable else [Command("unsupported", {"reason": REASON_OUT_OF_DOMAIN})]), why
    if "unasked" in checks and not asked and complete and _answer_unsaid(model, rules, text):
        return list(rules), "unasked: a yes or no with nothing asked and no answer word said"
    if "complaint" in checks and complete and rules_usable and _complaint_as_reading(model, rules, text):
        return list(rules), "complaint: 'why is it so cold in here' complains of the cabin; it asks for no reading"
    if "complaint" in checks and complete and rules is not None and is_out_of_domain(rules) and _complaint_denied(model, text):
        return list(rules), "complaint: a cold or heat denied ('没那么冷', 'I'm not cold') asks for no change"
    if "complaint" in checks and complete and rules is not None and _thing_hot_as_complaint(model, rules, text):
        return list(rules), "complaint: a thing is hot or cold ('the brakes are hot', 'my coffee's cold'), not the cabin"
    if "complaint" in checks and complete and _weather_as_complaint(model, rules, text):
        return list(rules), "complaint: a forecast was asked ('今天降温吗'); the model stepped the cabin's climate"
    if "complaint" in checks and complete and _complaint_as_weather(model, rules, text):
        return list(rules), "complaint: the driver complained of the cold or heat in the car and asked no forecast"
    if "remark" in checks and rules is not None and is_out_of_domain(rules) and not is_unsafe(model) \
            and not is_out_of_domain(model) and ((complete and (_remark_only(text) or _a_game(model, text)
                                                                 or _to_passengers(text) or past_story(text)
                                                                 or asks_opinion(text)
                                                                 or ((advice_only(re.split(r"[,;!?，；。！？]+", text))
                                                                      or _TRIVIA_ASKED.search(text))
                                                                     and not any(c.intent.startswith("query.") for c in model))))
                                                 or _to_the_assistant(text)):
        return list(rules), "remark: the words remark on the music, the weather or the car and ask for nothing"
    if "anchor" in checks and rules_usable and any(c.intent == "nav.navigate" for c in model) \
            and not any(c.intent == "nav.navigate" for c in rules) and all(c.intent == "query.vehicle" for c in rules) \
            and _REACH_ASKED.search(text):
        return list(rules), "anchor: whether the car can reach a place was asked, not a route to it"
    if "anchor" in checks and rules is not None and is_out_of_domain(rules) and complete and model \
            and all(c.intent == "hvac.defrost" for c in model) and dark_without_fog(text):
        return list(rules), "anchor: the driver cannot see for the dark; no fog or frost was named to clear"
    if "anchor" in checks and rules is not None and is_out_of_domain(rules) and complete and not is_unsafe(model) \
            and not is_out_of_domain(model) and trip_time_asked(text):
        return list(rules), "anchor: when the trip ends was asked ('how long till we get there'); no reading of the car gives it"
    if "other-device" in checks and rules is not None and is_out_of_domain(rules) and complete \
            and not is_out_of_domain(model) and _other_device_asked(model, text):
        return list(rules), "other-device: the driver asked for a thing of the car no command acts on (the wipers, the mirrors)"
    if "other-device" in checks and rules is not None and is_out_of_domain(rules) and not is_unsafe(model) \
            and not any(c.intent == "screen.tap" for c in model) and _WRAPPED_IN_A_REMINDER.search(text):
        return list(rules), "other-device: a request put in a reminder, an alarm or a message is no request of the car now"
    if "other-device" in checks and rules is not None and is_out_of_domain(rules) and _no_such_service(model, text):
        return list(rules), "other-device: a service no command offers (voicemail, a playlist made, a song's chords)"
    if "other-device" in checks and rules is not None and not is_unsafe(model) and _route_told_not_asked(model, text):
        return _without(model, rules, rules_usable, lambda c: c.intent == "nav.navigate",
                        "other-device: a place told as reached, or its opening hours or the traffic on the way asked; "
                        "no route was asked for")
    if "other-device" in checks and rules is not None and complete and is_out_of_domain(rules) and not is_unsafe(model) \
            and not is_out_of_domain(model) and _BOOKED.search(text) and not _ROUTE_ASKED.search(text) \
            and not any(c.intent == "nav.navigate" for c in model):
        return list(rules), "other-device: a booking asked ('book me a massage for tomorrow'); no seat function, nothing else"
    if "other-device" in checks and rules is not None and not is_unsafe(model) and _booking_as_route(model, text):
        if is_out_of_domain(rules):  # (the rest of a booking's words are its time and party: "晚上七点，三个人")
            return list(rules), "other-device: a booking or a check-in asked ('订一家餐厅'); no route, nothing else asked"
        return _without(model, rules, rules_usable, lambda c: c.intent == "nav.navigate",
                        "other-device: a booking or a check-in asked ('check her in at the hospital online'); no route")
    if "other-device" in checks and rules is not None and _pastime_as_place(model, rules, text):
        # (the grammar read no route, or the check would not hold)
        return _without(model, rules, rules_usable, lambda c: _pastime_as_place([c], (), text),
                        "other-device: a pastime ('去爬山', '去钓鱼') is no place to go")
    if "title" in checks and _own_listening_as_title(model, text, rules if rules_usable else None):
        return _without(model, rules, rules_usable, lambda c: c.intent == "media.play" and bool(c.slots.get("query")),
                        "title: what the driver wants to hear said ('what the vet's saying') is no title", text)
    if "title" in checks and _reported_as_title(model, text):
        return _without(model, rules, rules_usable, lambda c: _reported_as_title([c], text),
                        "title: what the radio or someone said ('广播说十点以后高速要封') is news told, no title", text)
    if "title" in checks and _outside_sound_as_title(model, text):
        return _without(model, rules, rules_usable, lambda c: c.intent == "media.play",
                        "title: a sound of outside ('hear the waves') is why a window opens, no title to play")
    if "other-device" in checks and rules is not None and _walked_after_parking(model, rules, text):
        return list(rules), "other-device: the car is parked; where the driver walks to next is no route"
    if "other-device" in checks and rules is not None and is_out_of_domain(rules) and _AT_HOME.search(text) \
            and not is_out_of_domain(model) and not is_unsafe(model):
        return list(rules), "other-device: the air conditioner or the lights at home are no things of the car"
    if "forbid" in checks and complete and rules_usable and len(model) > len(rules) and _LEAVE_ON.search(text) \
            and any((c.intent in ("media.pause", "media.mute") or c.slots.get("on") is False) and c not in rules for c in model):
        return list(rules), "forbid: the driver said to leave a thing on ('leave the music on, just turn it down'); the model switched it off"
    if "forbid" in checks and rules is not None and is_out_of_domain(rules) and complete and not is_unsafe(model) \
            and not is_out_of_domain(model) and _kept_as_is(text):
        return list(rules), "forbid: the driver forbade a switch-off ('别关空调', 'don't stop the music') and asked for nothing"
    if "unnamed" in checks:
        from multimodal.command.cues import arithmetic

        if arithmetic(text) and not is_unsafe(model) and (rules is None or not rules_usable):
            return [Command("unsupported", {"reason": REASON_OUT_OF_DOMAIN})], "unnamed: a sum is no command"
        kept = _unnamed_dropped(model, rules, rules_usable, said)
        if kept is not None:
            final, why = _arbitrate(kept, rules, text, screen_labels, followup, complete, checks, elided, asked, said, retried)
            return final, why or "unnamed: the model wrote a command nothing said asks for; it is dropped"
        replaced = _unnamed(model, rules, rules_usable, said, complete)
        if replaced is not None:
            return replaced
    if "unasked" in checks and not asked and _only_dialog(model) and rules is not None and is_out_of_domain(rules) \
            and complete and (_asks_for_another_thing(text) or _CHOICE_ASKED.search(text)):
        # "accept the next ride request" read as a yes: no question was pending, and the grammar heard no answer
        return list(rules), "unasked: the model answered yes or no where nothing was asked"
    if not rules_usable:
        return list(model), None
    if "contact" in checks and rules_usable and _call_in_a_shot(model, rules, text):
        return list(rules), "contact: 打 here is a shot ('打完针哥哥一直哭'), no call"
    if "extra" in checks and rules_usable and _said_twice_with_its_seat(model, rules) \
            and not re.search(r"也|都|还有|\b(?:too|also|as well|both)\b", text, re.I):
        return list(rules), "extra: the model read one request said twice, once with its seat ('开个小灯 … 后排阅读灯打开'), as two"
    if "extra" in checks and complete and _strictly_within(rules, model) and not _missed_outright(rules, model, text):
        return list(rules), "extra: the model added commands the grammar did not hear requested"
    if "missing" in checks and _strictly_within(model, rules):
        return list(rules), "missing: the grammar heard a request the model dropped"
    if "target" in checks and rules_usable and any(c.intent == "nav.cancel" for c in model) \
            and not any(c.intent == "nav.cancel" for c in rules) and any(c.intent == "nav.navigate" for c in rules) \
            and re.search(r"\bstop (?:somewhere |off |in )?for\b|\bstop (?:and|to) (?:get|grab|eat|fill|pee|use)\b"
                          r"|停(?:下来|一下|车)?(?:去)?(?:加油|吃|上厕所|充电|买)", text, re.I):
        return list(rules), "target: a stop made for something ('stop for gas') is a place to go, no route cancelled"
    if "missing" in checks and complete and rules_usable and _remark_answered_instead(model, rules, text):
        return list(rules), "missing: the model answered a remark and dropped the request the grammar read, asked outright"
    if "missing" in checks and complete and _merged_away(model, rules):
        return list(rules), "missing: the model folded a request into the next one, with its seat"
    if "target" in checks and complete and re.search(r"(?:开|关|调|弄)(?:得)?(?:小|大)(?:一)?(?:点|些)", text) \
            and _differ_only_where(model, rules, lambda m, r: m.intent == "hvac.power" and r.intent == "hvac.adjust_fan"):
        return list(rules), "target: the climate turned up or down ('把空调关小一点') is its airflow, not switched off or on"
    if "target" in checks and complete and _loudness_as_source(model, rules, text):
        return list(rules), "target: the radio turned up ('turn up the radio', 'crank it') is its loudness, not a source to play"
    if "target" in checks and _adjust_for_set(model, rules):
        return list(rules), "target: the grammar heard a value to set where the model adjusted by it"
    if "target" in checks and complete and _extreme_as_step(model, rules, text):
        return list(rules), "target: the driver asked for the most or the least; the grammar set the end of the range"
    if "target" in checks and complete and _set_for_adjust(model, rules):
        return list(rules), "target: the grammar heard a step where the model set its number as a value"
    if "number" in checks and _clock_as_number(model, rules, text):
        return list(rules), "number: the model's number is a clock time the driver told"
    if "number" in checks and complete and _numbers_differ(model, rules):
        return list(rules), "number: the grammar read a number, maximum or idiom the model wrote otherwise"
    if "cut" in checks and complete and _name_split(model, rules):
        return list(rules), "cut: the model split one name into two requests ('陈奕迅的浮夸' as two songs)"
    if "cut" in checks and complete and any(c.intent == "media.play" and _only_a_measure_word(str(c.slots.get("query", "")))
                                            for c in model):
        return list(rules), "cut: the model's title is only a measure word ('首' of '再放首后来'); the grammar read the title"
    if "cut" in checks and complete and _relative_cut(model, rules):
        return list(rules), "cut: the model called the parent where the driver named them through the child ('孩子他妈')"
    if "cut" in checks and _purpose_as_title(model, rules):
        return list(rules), "cut: the model's title is what the song is for ('放松一下'); the grammar read the title, or none"
    if "cut" in checks and _listener_as_title(model, rules, text):
        return list(rules), "cut: the model's title is who the song is for ('爷爷听', '给孙子听'); the grammar read no title or another"
    if "cut" in checks and complete and _earlier_as_title(model, rules):
        return list(rules), "cut: the model's title is only when the music played ('刚刚'); the grammar read a resume"
    if "cut" in checks and complete and (_text_run_on(model, rules) or _family_run_on(model, rules, text)):
        return list(rules), "cut: the model's free text runs on into the words after the name ('尖沙咀会')"
    named = [c for i, c in enumerate(model) if i not in said.unnamed(model)]
    if "cut" in checks and (_text_cut(model, rules, text) or _measure_word_kept(model, rules)
                            # (a name cut short beside a command nothing names: "L'Ami Louis" and a reading light)
                            or (len(named) < len(model) and _text_cut(named, rules, text))
                            or _label_cut(model, rules, text, complete) or _home_in_a_name(model, rules)):
        return list(rules), "cut: the model's free text is a piece of the name said"
    if "answer" in checks and asked and complete and _answer_flipped(model, rules, text):
        return list(rules), "answer: the driver's first words answer the other way ('I'll pass, I can hang on')"
    if "answer" in checks and asked and complete and any(c.intent.startswith("dialog.") for c in rules) \
            and not any(c.intent.startswith("dialog.") for c in model) and _acts_on_the_question(model, text):
        return list(rules), "answer: the grammar heard the answer to the pending question; the model acted on the question"
    answered = _answer_acted_on(model, rules, text) if "answer" in checks and asked else None
    if answered is not None:
        return answered, "answer: the driver answered first, then asked for more; the model acted on the question for the answer"
    if "slots-missing" in checks and complete and _slots_left_out(model, rules, text):
        return list(rules), "slots-missing: the grammar heard a setting the model left out"
    if "mode" in checks and _mode_switched_off(model, rules, text):
        return list(rules), "mode: a mode the driver chose ('set the climate to auto') is switched on, not off"
    if "title" in checks and complete and _named_only_in_a_name(model, rules, text):
        return list(rules), "title: the model read words inside a name as a command"
    if "title" in checks and complete and rules_usable and not any(p.intent == "seat.massage" for p in said.previous) \
            and _massage_for_a_pain_told(model, rules, text):
        return list(rules), "title: no word outside a name asks for a massage ('带我去按摩店 腿疼得不行了', 'get me to Hands On Sports Massage')"
    if "cut" in checks and complete and rules_usable and _title_cut_short(model, rules, text):
        return list(rules), "cut: the model's title is the start of the one said whole ('婚礼进行曲' is no '婚礼')"
    if "cut" in checks and rules_usable and _weather_place_with_a_tail(model, rules):
        return list(rules), "cut: the model kept forecast words in the weather's place ('上海会下雨吗' is no '上海会')"
    if "cut" in checks and rules_usable and _place_with_a_tail(model, rules):
        return list(rules), "cut: the model kept the trip's errand in the place ('去医院看病' is no '医院看病')"
    if "title" in checks and rules_usable and _title_with_a_tail(model, rules):
        return list(rules), "title: the model kept a piece of the words after the title ('放一段天仙配听听' is no '天仙配听')"
    if "title" in checks and rules_usable and _title_is_the_request(model, rules, text):
        return list(rules), "title: the model's title reads alone as the very request the grammar heard"
    if "title" in checks and complete and rules_usable and _command_as_title(model, rules):
        return list(rules), "title: the model took a request of the grammar's for a title to play ('so pause the music')"
    if "elsewhere" in checks and complete and _called_otherwise(model, rules, text):
        return list(rules), "elsewhere: the driver said what the thing is called; the grammar read that name"
    if "elsewhere" in checks and complete and _text_elsewhere(model, rules):
        return list(rules), "elsewhere: the model's free text is other words of the utterance than the name the grammar read"
    if "elsewhere" in checks and complete and _title_unplayed(model, rules, text):
        return list(rules), "elsewhere: the model's title is words no play word comes before; the grammar's follows one"
    if "ellipsis" in checks and complete and _elided_otherwise(model, rules, elided):
        return list(rules), "ellipsis: the grammar read the same thing for another seat where the model named another"
    if "pronoun" in checks and _names_nothing(model) and _counts(model) != _counts(rules):
        return list(rules), "pronoun: the model's free text is a word like 'this', which names nothing"
    if "unasked" in checks and not asked and _answer_unasked(model, rules):
        return list(rules), "unasked: the model answered yes or no where nothing was asked"
    if "unsaid-number" in checks and complete and _number_unsaid(model, rules, text):
        return list(rules), "unsaid-number: the model wrote a number the utterance never said"
    if "day" in checks and complete and _day_unsaid(model, rules, text):
        return list(rules), "day: the model asked the weather of a day the driver did not say; the grammar read the day said"
    if "zone-unsaid" in checks and zone_unsaid(model, rules, text, previous_zones(said.previous)):
        return list(rules), "zone: the model wrote a seat where the utterance names none"
    if "zone-copied" in checks and complete and _zone_copied(model, rules, text):
        return list(rules), "zone-copied: the model gave a command the seat said for another"
    if "correction" in checks and complete and _CORRECTED.search(text) and _counts(model) != _counts(rules) \
            and (len(model) > len(rules) or (len(model) == len(rules) and _said_after_correction(model, rules, text))) \
            and not any(c.intent.startswith("dialog.") for c in rules):
        return list(rules), "correction: the driver took back what was said first; the grammar kept the correction"
    if "screen-said" in checks and complete and any(c.intent == "screen.tap" for c in rules) \
            and not any(c.intent == "screen.tap" for c in model) and _SCREEN_SAID.search(text) \
            and all(_button_not_a_function(str(c.slots.get("label", "")), model, text) for c in rules if c.intent == "screen.tap"):
        return list(rules), "screen-said: the driver asked for a button of the screen; the grammar read it"
    if "polarity" in checks and complete and (_polarity_flipped(model, rules, text) or _off_unsaid(model, rules, text)
                                              or _on_unsaid(model, rules, text) or _unmute_unsaid(model, rules, text)
                                              or _opened_unsaid(model, rules, text) or _outside_air_inverted(model, rules, text)):
        return list(rules), "polarity: the model switched, opened or muted a thing the other way from what the words say; the grammar read them"
    if "mute" in checks and complete and _pause_for_mute(model, rules, text):
        return list(rules), "mute: the driver asked to mute, not to pause; the grammar read the mute"
    if "mute" in checks and complete and _mute_for_pause(model, rules, text):
        return list(rules), "mute: the driver asked the music to stop, not to mute; the grammar read the pause"
    if "glass" in checks and complete and _glass_swapped(model, rules, text):
        return list(rules), "glass: the model defrosted the other glass than the one the words name"
    if "outright" in checks and complete and (_outright_swapped(model, rules, text)
                                              or (not said.previous and _seat_function_unsaid(model, rules, text))):
        return list(rules), "outright: the grammar's command is on the thing the driver named; the model's on one never named"
    if "warning-name" in checks and _asked_as_name(model) and any(c.intent == "query.warning" for c in rules):
        return list(rules), "warning-name: the model's warning name is the question about it ('危险不 啥意思')"
    if "warning-name" in checks and _feared_as_name(model, text):
        return list(rules), "warning-name: the model's warning name is a thing the driver fears, not a light shown ('don't want a blowout')"
    if "swallowed" in checks and complete and _swallowed(model, rules):
        return list(rules), "swallowed: the model's free text holds a request the grammar read as a command of its own"
    if "state" in checks and complete and _state_read(model, rules, text):
        return list(rules), "state: the model did what a state said as it is reads as ('天窗开着呢 关上吧' is no opening)"
    if "category" in checks and complete and _category_as_name(model, rules):
        return list(rules), "category: the model named a place that is only a kind of place; the grammar read its category"
    if "category" in checks and _category_unsaid(model, rules, said.text):
        why = "category: the model searched for a kind of place no word names"
        if complete:
            return list(rules), why + "; the grammar read the place said"
        kept = [c for c in model if not _category_unsaid([c], rules, said.text)]
        if kept:  # "副驾阅读灯打开，她找胶带呢": the grammar missed a clause, but no kind of place was named in it either
            return kept, why + "; it is dropped"
    if "direction" in checks and complete and _direction_flipped(model, rules, text):
        return list(rules), "direction: the grammar read the direction words the other way"
    if "direction" in checks and complete and _temperature_step_missed(model, rules, text):
        return list(rules), "direction: the driver asked for the cabin warmer or colder; the model switched a thing instead"
    if "direction" in checks and complete and _comparative_missed(model, rules, text):
        return list(rules), "direction: the grammar read a comparative ('a little less cold') the model did not"
    if "number" in checks and rules_usable and out_of_range(model) and not out_of_range(rules):
        return list(rules), "number: the model wrote a level or percent outside the contract's range ('风速2档' read as level 24)"
    if "missing" in checks and complete and _list_read_whole(model, rules, text):
        return list(rules), "missing: the grammar read a list of requests whole, each on a thing named outright; the model found fewer"
    return list(model), None

