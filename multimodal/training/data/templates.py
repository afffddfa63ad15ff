"""Per-intent phrasings in Chinese and English: each maker returns one (text, command, kind) sample.

``kind`` says how the sentence may be wrapped: ``imp`` (an imperative; polite prefixes and
suffixes fit), ``stmt`` (a complaint or a question; used as is), ``bare`` (dialog answers and
other short forms that must not be decorated). A maker draws its own slots, so one call is one
labelled example; ``MAKERS`` maps each intent to its maker and sampling weight.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Callable

from multimodal.training.data import lexicons as L
from multimodal.text.cjk import has_han
from vehicle_state.commands import COLORS, REASON_OUT_OF_DOMAIN, REASON_UNSAFE, ZONES
from vehicle_state.signals import SEATS
from vehicle_state.warnings import KNOWLEDGE


@dataclass
class Sample:
    text: str
    commands: list[dict[str, Any]]
    kind: str = "imp"  # imp | stmt | bare
    screen_labels: tuple[str, ...] = ()
    # Dialogue context (the prompt's prev:/asked: lines): the last turn's commands, a question awaiting an answer.
    previous_commands: tuple[dict[str, Any], ...] = ()
    pending_question: str | None = None


def cmd(intent: str, **slots: Any) -> dict[str, Any]:
    return {"intent": intent, "slots": {k: v for k, v in slots.items() if v is not None}}


def _c(rng: random.Random, items):
    return items[rng.randrange(len(items))]


def _fill(template: str, **values: str) -> str:
    out = template
    for key, value in values.items():
        out = out.replace("{" + key + "}", value)
    return " ".join(out.split()) if " " in out else out


# ----------------------------------------------------------------------------- zones
def pick_zone(rng: random.Random, p_zone: float = 0.45, zones: tuple[str, ...] = ZONES) -> str | None:
    return _c(rng, zones) if rng.random() < p_zone else None


def zone_np(rng: random.Random, lang: str, zone: str | None, noun: str, plural: str | None = None,
            article: bool = True) -> str:
    """A noun phrase naming ``noun`` in ``zone`` ("副驾车窗", "the rear left window", "all the windows")."""
    plural = plural or noun + "s"
    if lang == "zh":
        if zone is None:
            mine = rng.random() < 0.15
            return (_c(rng, ["我这边的", "我的", "我这侧"]) + noun) if mine else noun
        word = _c(rng, L.ZONE_WORDS["zh"][zone])
        if zone == "all":
            return word + noun if rng.random() < 0.8 else f"{noun}全部"
        return word + _c(rng, ["", "", "的"]) + noun
    if zone is None:
        r = rng.random()
        if r < 0.15:
            return f"my {noun}"
        return f"the {noun}" if article else noun
    if zone == "all":
        return _c(rng, [f"all the {plural}", f"all {plural}", f"all of the {plural}", f"every {noun}"])
    word = _c(rng, L.ZONE_WORDS["en"][zone])
    if zone in ("front", "rear"):
        return _c(rng, [f"the {word} {plural}", f"the {plural} in the {'front' if zone == 'front' else 'back'}",
                        f"the {word} {noun}"])
    if rng.random() < 0.25 and zone in ("driver", "passenger"):
        return f"the {noun} on the {zone} side"
    return f"the {word} {noun}" if article else f"{word} {noun}"


def zh_zone_prefix(rng: random.Random, zone: str | None) -> str:
    return "" if zone is None else _c(rng, L.ZONE_WORDS["zh"][zone])


# ----------------------------------------------------------------------------- numbers
def temp_value(rng: random.Random) -> float:
    r = rng.random()
    if r < 0.08:
        return float(_c(rng, [14, 15, 33, 35, 10, 40]))  # out of range: written as said
    if r < 0.25:
        return rng.randrange(32, 65) / 2  # 16.0..32.0 in halves
    return float(rng.randrange(16, 33))


def num(rng: random.Random, lang: str, n: float, words_p: float = 0.45, liang: bool = False) -> str:
    return L.say_number(n, lang, rng, words_p=words_p, liang=liang)


def as_number(n: float):
    return int(n) if float(n).is_integer() else n


# ============================================================================= HVAC
def make_hvac_power(rng, lang):
    on = rng.random() < 0.6
    zone = pick_zone(rng, 0.25)
    if lang == "zh":
        np_ = zh_zone_prefix(rng, zone) + _c(rng, ["空调", "空调", "空调系统", "暖风空调"])
        t = _c(rng, ["打开{N}", "开{N}", "把{N}打开", "{N}打开", "开启{N}", "启动{N}", "{N}开一下", "把{N}开开",
                     "{N}开起来", "开一下{N}"] if on else
               ["关闭{N}", "关掉{N}", "把{N}关了", "{N}关掉", "{N}关一下", "关了{N}", "把{N}关闭", "{N}不用开了",
                "停掉{N}", "{N}先关了"])
        return Sample(_fill(t, N=np_), [cmd("hvac.power", on=on, zone=zone)])
    noun = _c(rng, ["climate", "climate control", "HVAC", "climate system", "heating and cooling"])
    np_ = zone_np(rng, "en", zone, noun, noun) if zone else _c(rng, [f"the {noun}", noun])
    t = _c(rng, ["turn on {N}", "switch on {N}", "turn {N} on", "start {N}", "power on {N}", "{N} on",
                 "activate {N}", "fire up {N}"] if on else
           ["turn off {N}", "switch off {N}", "turn {N} off", "shut off {N}", "{N} off", "kill {N}",
            "shut down {N}", "stop {N}"])
    return Sample(_fill(t, N=np_), [cmd("hvac.power", on=on, zone=zone)])


def make_set_temperature(rng, lang):
    v = temp_value(rng)
    zone = pick_zone(rng, 0.35)
    if lang == "zh":
        tv = num(rng, "zh", v) + _c(rng, ["度", "度", "度", "℃", "摄氏度", ""])
        z = zh_zone_prefix(rng, zone)
        t = _c(rng, ["{Z}温度调到{T}", "把{Z}温度调到{T}", "{Z}空调调到{T}", "{Z}空调温度设为{T}", "{Z}设置{T}",
                     "空调{T}", "{Z}温度{T}", "调到{T}", "{Z}调成{T}", "{Z}温度设置成{T}", "把{Z}空调开到{T}",
                     "{Z}空调温度改成{T}", "温度定在{T}", "{Z}温度改为{T}", "我要{T}", "{Z}{T}", "把温度弄到{T}",
                     "{Z}空调给我调到{T}", "{Z}的温度调成{T}", "空调打到{T}", "{Z}调{T}", "温度来个{T}"])
        if "{Z}" not in t:
            zone = None  # the zone must be said to be in the command
            if rng.random() < 0.1:
                t = _c(rng, ["我这边", "给我"]) + t
        return Sample(_fill(t, Z=z, T=tv), [cmd("hvac.set_temperature", value=as_number(v), zone=zone)])
    tv = num(rng, "en", v) + _c(rng, [" degrees", " degrees", "", " degrees celsius", "°", " C"])
    zone_phrase = ""
    if zone:
        zone_phrase = _c(rng, L.ZONE_WORDS["en"][zone])
    t = _c(rng, ["set the {Z} temperature to {T}", "set {Z} temp to {T}", "make it {T}", "change the temperature to {T}",
                 "{T} on the {Z} side", "put the temperature at {T}", "temperature {T}", "set the {Z} side to {T}",
                 "turn the temperature to {T}", "set the {Z} climate to {T}", "I want it at {T}", "temp to {T}",
                 "adjust the {Z} temperature to {T}", "bring the temperature to {T}", "can we do {T}",
                 "set {Z} zone to {T}", "make the {Z} side {T}", "keep it at {T}", "go to {T}"])
    if zone and "{Z}" not in t:
        t = t + _c(rng, [" on the {Z} side", " for the {Z}", " in the {Z}"])
    if not zone:
        t = t.replace(" {Z}", "").replace("{Z} ", "")
    return Sample(_fill(t, Z=zone_phrase, T=tv), [cmd("hvac.set_temperature", value=as_number(v), zone=zone)])


def make_adjust_temperature(rng, lang):
    up = rng.random() < 0.5
    amount = _c(rng, [1, 2, 2, 3, 4, 5, 0.5]) if rng.random() < 0.35 else None
    if lang == "zh":
        if amount is None:
            if rng.random() < 0.5:
                t = _c(rng, ["有点冷", "好冷", "冻死了", "太冷了", "冷死了", "我有点冷", "车里好冷", "好冷啊", "感觉有点凉",
                             "我冷", "后背发凉", "手都冻僵了"] if up else
                       ["太热了", "好热", "热死了", "有点热", "好闷热", "车里太热了", "我热", "热得出汗了", "有点闷热",
                        "感觉好热啊"])
                return Sample(t, [cmd("hvac.adjust_temperature", direction="up" if up else "down")], "stmt")
            t = _c(rng, ["温度高一点", "调高一点温度", "温度再高点", "暖和一点", "温度调高", "升高温度", "温度往上调",
                         "把温度调高点", "再暖一点", "空调温度调高一些", "温度加一点"] if up else
                   ["温度低一点", "调低一点温度", "温度再低点", "凉快一点", "温度调低", "降低温度", "降温",
                    "把温度调低点", "再凉一点", "空调温度调低一些", "温度减一点"])
            return Sample(t, [cmd("hvac.adjust_temperature", direction="up" if up else "down")])
        a = num(rng, "zh", amount, liang=True)
        t = _c(rng, ["温度调高{A}度", "调高{A}度", "升高{A}度", "温度升{A}度", "温度加{A}度", "再高{A}度", "空调调高{A}度",
                     "温度往上调{A}度"] if up else
               ["温度调低{A}度", "调低{A}度", "降低{A}度", "温度降{A}度", "温度减{A}度", "再低{A}度", "空调调低{A}度",
                "温度往下调{A}度"])
        return Sample(_fill(t, A=a), [cmd("hvac.adjust_temperature", direction="up" if up else "down",
                                          amount=as_number(amount))])
    if amount is None:
        if rng.random() < 0.5:
            t = _c(rng, ["I'm cold", "I'm freezing", "it's freezing in here", "it's cold in here", "brr it's cold",
                         "it's chilly", "I'm a bit chilly", "my hands are freezing", "it's way too cold"] if up else
                   ["it's too hot", "I'm boiling", "it's roasting in here", "I'm hot", "it's stuffy in here",
                    "I'm sweating", "it's way too warm", "it's boiling in here", "too hot in here"])
            return Sample(t, [cmd("hvac.adjust_temperature", direction="up" if up else "down")], "stmt")
        t = _c(rng, ["make it warmer", "warmer", "a bit warmer", "turn up the heat", "crank up the heat",
                     "bump up the temperature", "raise the temperature", "turn the temperature up", "heat it up a bit",
                     "warm it up", "increase the temperature"] if up else
               ["make it cooler", "cooler", "a bit cooler", "turn down the heat", "cool it down",
                "lower the temperature", "turn the temperature down", "drop the temperature", "decrease the temperature",
                "cool it off a little"])
        return Sample(t, [cmd("hvac.adjust_temperature", direction="up" if up else "down")])
    a = num(rng, "en", amount)
    unit = _c(rng, [" degrees", " degrees", "", " degree" if amount == 1 else " degrees"])
    t = _c(rng, ["turn the temperature up {A}{U}", "raise the temp by {A}{U}", "warmer by {A}{U}",
                 "increase the temperature by {A}{U}", "bump the heat up {A}{U}", "go up {A}{U}",
                 "temperature up {A}{U}"] if up else
           ["turn the temperature down {A}{U}", "lower the temp by {A}{U}", "cooler by {A}{U}",
            "decrease the temperature by {A}{U}", "drop the temperature {A}{U}", "go down {A}{U}",
            "temperature down {A}{U}"])
    return Sample(_fill(t, A=a, U=unit), [cmd("hvac.adjust_temperature", direction="up" if up else "down",
                                              amount=as_number(amount))])


def make_set_fan(rng, lang):
    level = rng.randrange(1, 8)
    zone = pick_zone(rng, 0.2)
    if lang == "zh":
        lv = num(rng, "zh", level) + _c(rng, ["档", "档", "级", "挡", ""])
        z = zh_zone_prefix(rng, zone)
        t = _c(rng, ["{Z}风量调到{L}", "{Z}风量{L}", "风速调到{L}", "{Z}风量开到{L}", "把风调成{L}", "{Z}空调风量设为{L}",
                     "风力调到{L}", "{Z}风速设置为{L}", "风量改成{L}", "把{Z}风量调成{L}", "空调风开到{L}",
                     "{Z}出风调到{L}"])
        if "{Z}" not in t:
            zone = None
        return Sample(_fill(t, Z=z, L=lv), [cmd("hvac.set_fan", level=level, zone=zone)])
    lv = num(rng, "en", level)
    zw = _c(rng, L.ZONE_WORDS["en"][zone]) if zone else ""
    t = _c(rng, ["set the {Z} fan to {L}", "{Z} fan speed {L}", "set {Z} fan speed to level {L}", "put the {Z} fan on {L}",
                 "fan to {L}", "fan level {L}", "blower to {L}", "set the fan speed to {L}", "change the {Z} fan to {L}",
                 "turn the fan to level {L}", "fan on {L}", "set the {Z} blower to speed {L}"])
    if zone and "{Z}" not in t:
        t += _c(rng, [" for the {Z}", " on the {Z} side", " in the {Z}"])
    if not zone:
        t = t.replace(" {Z}", "").replace("{Z} ", "")
    return Sample(_fill(t, Z=zw, L=lv), [cmd("hvac.set_fan", level=level, zone=zone)])


@dataclass(frozen=True)
class _StepPhrases:
    """One language's phrasings of "more/less X", each as (up, down) lists."""

    complaints: tuple[list[str], list[str]]
    plain: tuple[list[str], list[str]]
    by_amount: tuple[list[str], list[str]]


def _adjust(rng, lang, intent: str, amounts: list[int], amount_p: float, complaint_p: float,
            phrases: dict[str, _StepPhrases]) -> Sample:
    """An up/down request: a complaint ("too loud"), a plain ask, or a step by a said amount."""
    up = rng.random() < 0.5
    amount = _c(rng, amounts) if rng.random() < amount_p else None
    d = "up" if up else "down"
    words = phrases[lang]
    side = 0 if up else 1
    if amount is None:
        if rng.random() < complaint_p:
            return Sample(_c(rng, words.complaints[side]), [cmd(intent, direction=d)], "stmt")
        return Sample(_c(rng, words.plain[side]), [cmd(intent, direction=d)])
    a = num(rng, "zh", amount, liang=True) if lang == "zh" else num(rng, "en", amount)
    return Sample(_fill(_c(rng, words.by_amount[side]), A=a), [cmd(intent, direction=d, amount=amount)])


_FAN_STEPS = {
    "zh": _StepPhrases(
        (["风太小了", "没什么风", "风不够大", "感觉没风"], ["风太大了", "风吹得太猛了", "风好大", "风太强了", "吹得头疼"]),
        (["风量调大", "风大一点", "风开大点", "风量加大", "风速快一点", "把风调大一点", "风再大点", "风量高一点"],
         ["风量调小", "风小一点", "风开小点", "风量减小", "风速慢一点", "把风调小一点", "风再小点", "风量低一点"]),
        (["风量加大{A}档", "风量调高{A}档", "风速加{A}档", "风量加{A}级"],
         ["风量减小{A}档", "风量调低{A}档", "风速减{A}档", "风量减{A}级"])),
    "en": _StepPhrases(
        (["I can't feel any air", "there's not enough air", "the fan is too weak"],
         ["the fan is too strong", "too much air", "the air is blasting in my face", "the fan is way too high"]),
        (["turn up the fan", "more air", "fan up", "increase the fan speed", "crank up the fan", "speed up the fan",
          "make the fan stronger", "blow harder"],
         ["turn down the fan", "less air", "fan down", "decrease the fan speed", "lower the fan", "slow down the fan",
          "make the fan weaker", "turn the blower down"]),
        (["turn up the fan by {A}", "fan up {A} levels", "increase fan speed by {A}", "raise the fan {A} notches"],
         ["turn down the fan by {A}", "fan down {A} levels", "decrease fan speed by {A}", "lower the fan {A} notches"])),
}


def make_adjust_fan(rng, lang):
    return _adjust(rng, lang, "hvac.adjust_fan", [1, 2, 3], 0.3, 0.35, _FAN_STEPS)


def _onoff(rng, lang, intent, zh_on, zh_off, en_on, en_off, **fixed):
    on = rng.random() < 0.6
    t = _c(rng, (zh_on if on else zh_off) if lang == "zh" else (en_on if on else en_off))
    return Sample(t, [cmd(intent, on=on, **fixed)])


def make_ac(rng, lang):
    n = _c(rng, ["AC", "A/C", "ac", "制冷", "压缩机", "冷气", "AC制冷"])
    e = _c(rng, ["AC", "A/C", "air con", "air conditioning", "the AC", "the A/C", "the compressor", "the aircon"])
    return _onoff(rng, lang, "hvac.ac",
                  [f"打开{n}", f"开{n}", f"{n}打开", f"开启{n}", f"把{n}打开", f"{n}开一下", f"开一下{n}"],
                  [f"关闭{n}", f"关掉{n}", f"{n}关了", f"把{n}关掉", f"{n}关掉", f"不要{n}了"],
                  [f"turn on {e}", f"{e} on", f"switch on {e}", f"turn {e} on", f"start {e}", f"crank {e}"],
                  [f"turn off {e}", f"{e} off", f"switch off {e}", f"kill {e}", f"shut off {e}", f"turn {e} off"])


def make_auto(rng, lang):
    return _onoff(rng, lang, "hvac.auto",
                  ["打开自动空调", "空调调成自动", "空调自动模式", "开启AUTO", "空调开自动", "切换到自动模式", "打开空调自动档",
                   "空调设为自动", "开启自动温控"],
                  ["关闭自动空调", "关闭空调自动模式", "退出自动模式", "关掉AUTO", "空调不要自动了", "取消自动空调"],
                  ["turn on auto climate", "set the climate to auto", "auto climate on", "put the AC on auto",
                   "switch the climate to automatic", "enable automatic climate control", "climate auto mode"],
                  ["turn off auto climate", "auto climate off", "disable automatic climate control",
                   "take the climate off auto", "switch off auto mode"])


def make_recirc(rng, lang):
    return _onoff(rng, lang, "hvac.recirculation",
                  ["打开内循环", "切换到内循环", "开内循环", "内循环", "开启内循环", "换成内循环", "用内循环", "关闭外循环",
                   "外面有味道，开内循环"],
                  ["打开外循环", "切换外循环", "关闭内循环", "外循环", "换成外循环", "开启外循环", "关掉内循环", "进点新鲜空气"],
                  ["turn on recirculation", "recirculate the air", "switch to recirculation", "recirc on",
                   "use recirculated air", "close the outside air vent", "turn on air recirculation"],
                  ["turn off recirculation", "use outside air", "fresh air mode", "switch to fresh air", "recirc off",
                   "let some fresh air in", "turn off air recirculation"])


def make_defrost(rng, lang):
    target = "rear" if rng.random() < 0.35 else "front"
    on = rng.random() < 0.75
    if lang == "zh":
        if on and rng.random() < 0.3:
            t = (_c(rng, ["后窗起雾了", "后挡风玻璃起雾了", "后玻璃上全是雾", "后面看不清，起雾了"]) if target == "rear"
                 else _c(rng, ["起雾了", "玻璃起雾了", "前挡起雾了看不清", "挡风玻璃上全是雾", "前面玻璃有雾"]))
            return Sample(t, [cmd("hvac.defrost", target=target, on=True)], "stmt")
        if target == "front":
            noun = _c(rng, ["前挡除雾", "前挡风玻璃除雾", "前除霜", "前挡除霜", "除雾", "除霜", "前窗除雾"])
        else:
            noun = _c(rng, ["后窗除雾", "后除霜", "后挡除雾", "后挡风玻璃除霜", "后窗加热", "后除雾"])
        t = _c(rng, ["打开{N}", "开启{N}", "开一下{N}", "{N}打开", "把{N}打开"] if on else
               ["关闭{N}", "关掉{N}", "{N}关了", "把{N}关掉"])
        return Sample(_fill(t, N=noun), [cmd("hvac.defrost", target=target, on=on)])
    if on and rng.random() < 0.3:
        t = (_c(rng, ["the rear window is fogged up", "the back window is foggy", "I can't see out the back window"])
             if target == "rear" else
             _c(rng, ["the windshield is fogging up", "the windows are fogged up", "I can't see, it's all foggy",
                      "the windshield is all misty"]))
        return Sample(t, [cmd("hvac.defrost", target=target, on=True)], "stmt")
    noun = (_c(rng, ["the front defrost", "the windshield defroster", "front defrost", "the defroster", "the defogger",
                     "front defog"]) if target == "front" else
            _c(rng, ["the rear defrost", "the rear defroster", "rear defrost", "the back window defroster",
                     "the rear window heater"]))
    t = _c(rng, ["turn on {N}", "{N} on", "switch on {N}", "activate {N}", "start {N}"] if on else
           ["turn off {N}", "{N} off", "switch off {N}", "stop {N}"])
    if on and target == "front" and rng.random() < 0.25:
        t = _c(rng, ["defrost the windshield", "defog the windshield", "clear the windshield"])
    if on and target == "rear" and rng.random() < 0.25:
        t = _c(rng, ["defrost the rear window", "defog the back window", "clear the rear window"])
    return Sample(_fill(t, N=noun), [cmd("hvac.defrost", target=target, on=on)])


# ============================================================================= seats
def _seat(rng, lang, intent, zh_nouns, en_nouns, with_level=True):
    on = rng.random() < 0.7
    zone = pick_zone(rng, 0.4, ZONES)
    level = rng.randrange(1, 4) if (with_level and on and rng.random() < 0.4) else None
    if lang == "zh":
        noun = _c(rng, zh_nouns)
        z = zh_zone_prefix(rng, zone)
        if zone is None and rng.random() < 0.15:
            z = _c(rng, ["我这边", "我的", "给我"])
        if level:
            lv = num(rng, "zh", level, words_p=0.6) + _c(rng, ["档", "档", "级", "挡"])
            t = _c(rng, ["{Z}{N}开到{L}", "把{Z}{N}调到{L}", "{Z}{N}{L}", "{Z}{N}调成{L}", "打开{Z}{N}{L}",
                         "{Z}{N}设为{L}", "{Z}{N}开{L}"])
        elif on:
            t = _c(rng, ["打开{Z}{N}", "{Z}{N}打开", "开启{Z}{N}", "开{Z}{N}", "把{Z}{N}打开", "{Z}{N}开一下", "{Z}{N}"])
        else:
            t = _c(rng, ["关闭{Z}{N}", "{Z}{N}关掉", "关掉{Z}{N}", "把{Z}{N}关了", "{Z}{N}关闭", "{Z}{N}不用了"])
        return Sample(_fill(t, Z=z, N=noun, L=lv if level else ""), [cmd(intent, on=on, level=level, zone=zone)])
    noun = _c(rng, en_nouns)
    np_ = zone_np(rng, "en", zone, noun, noun + "s")
    if level:
        lv = num(rng, "en", level, words_p=0.5)
        t = _c(rng, ["set {N} to level {L}", "{N} to {L}", "turn {N} to {L}", "put {N} on level {L}",
                     "set {N} to {L}", "{N} level {L}", "turn on {N} at level {L}"])
    elif on:
        t = _c(rng, ["turn on {N}", "switch on {N}", "{N} on", "turn {N} on", "activate {N}", "start {N}"])
    else:
        t = _c(rng, ["turn off {N}", "switch off {N}", "{N} off", "turn {N} off", "stop {N}", "shut off {N}"])
    return Sample(_fill(t, N=np_, L=lv if level else ""), [cmd(intent, on=on, level=level, zone=zone)])


def make_seat_heat(rng, lang):
    if lang == "en" and rng.random() < 0.15:
        zone = pick_zone(rng, 0.4, SEATS)
        np_ = zone_np(rng, "en", zone, "seat")
        return Sample(_c(rng, [f"heat {np_}", f"warm up {np_}", f"turn on the heat in {np_}"]),
                      [cmd("seat.heat", on=True, zone=zone)])
    return _seat(rng, lang, "seat.heat", ["座椅加热", "座椅加热", "座椅加热功能", "加热座椅", "座位加热", "座椅暖风"],
                 ["seat heater", "seat heating", "heated seat", "seat warmer"])


def make_seat_vent(rng, lang):
    return _seat(rng, lang, "seat.ventilate", ["座椅通风", "座椅通风", "座椅吹风", "通风座椅", "座椅制冷", "座位通风"],
                 ["seat ventilation", "seat fan", "ventilated seat", "seat cooling", "cooled seat"])


def make_massage(rng, lang):
    return _seat(rng, lang, "seat.massage", ["座椅按摩", "按摩", "按摩功能", "座椅按摩功能"],
                 ["seat massage", "massage", "massager", "massage function"], with_level=False)


# ============================================================================= windows
def _percent_phrase(rng, lang) -> tuple[str, int | None]:
    r = rng.random()
    if r < 0.45:
        return "", None
    if lang == "zh":
        if r < 0.6:
            return _c(rng, ["一半", "一半吧"]), 50
        if r < 0.75:
            return _c(rng, ["一点", "一条缝", "一点点", "个缝"]), 20
        p = _c(rng, [10, 25, 30, 40, 60, 70, 75, 80, 90, 15, 35])
        return _c(rng, ["百分之" + L.zh_number(p), f"{p}%", f"百分之{p}"]), p
    if r < 0.6:
        return _c(rng, ["halfway", "half way", "half", "about halfway"]), 50
    if r < 0.75:
        return _c(rng, ["a bit", "a crack", "a little", "just a crack", "slightly"]), 20
    p = _c(rng, [10, 25, 30, 40, 60, 70, 75, 80, 90, 15, 35])
    return _c(rng, [f"{p}%", f"{p} percent", f"{L.en_number(p, rng)} percent"]), p


def make_window_open(rng, lang):
    zone = pick_zone(rng, 0.5)
    pphrase, pct = _percent_phrase(rng, lang)
    if lang == "zh":
        noun = _c(rng, ["车窗", "窗户", "窗", "车窗玻璃"])
        np_ = zone_np(rng, "zh", zone, noun)
        if pct is not None:
            t = _c(rng, ["{N}开{P}", "把{N}打开{P}", "{N}降{P}", "{N}打开{P}", "打开{N}{P}"])
            if pct == 50 and rng.random() < 0.4:
                t = _c(rng, ["{N}降到一半", "{N}开到一半", "把{N}开到一半"])
            elif pct == 20 and rng.random() < 0.3:
                t = "{N}开" + _c(rng, ["一条缝透透气", "一点透气", "个小缝"])
            elif pct not in (20, 50) and rng.random() < 0.4:
                t = "{N}开到{P}"
        else:
            t = _c(rng, ["打开{N}", "{N}打开", "开{N}", "把{N}打开", "降下{N}", "{N}降下来", "把{N}摇下来", "{N}全开",
                         "开一下{N}", "{N}全部打开"])
        return Sample(_fill(t, N=np_, P=pphrase), [cmd("window.open", zone=zone, percent=pct)])
    np_ = zone_np(rng, "en", zone, "window")
    if pct is not None:
        t = _c(rng, ["open {N} {P}", "roll down {N} {P}", "lower {N} {P}", "put {N} down {P}", "open {N} up {P}"])
        if pct == 20 and rng.random() < 0.4:
            t = _c(rng, ["crack {N}", "crack {N} open", "crack open {N}"])
        elif pct not in (20, 50) and rng.random() < 0.3:
            t = _c(rng, ["open {N} to {P}", "lower {N} to {P}"])
    else:
        t = _c(rng, ["open {N}", "roll down {N}", "lower {N}", "put {N} down", "open up {N}", "roll {N} down",
                     "open {N} all the way", "let {N} down"])
    return Sample(_fill(t, N=np_, P=pphrase), [cmd("window.open", zone=zone, percent=pct)])


def make_window_close(rng, lang):
    zone = pick_zone(rng, 0.5)
    if lang == "zh":
        np_ = zone_np(rng, "zh", zone, _c(rng, ["车窗", "窗户", "窗", "车窗玻璃"]))
        t = _c(rng, ["关闭{N}", "关上{N}", "把{N}关上", "升起{N}", "{N}关一下", "{N}关上", "{N}升起来", "把{N}摇上去",
                     "关{N}", "{N}关了"])
        return Sample(_fill(t, N=np_), [cmd("window.close", zone=zone)])
    np_ = zone_np(rng, "en", zone, "window")
    t = _c(rng, ["close {N}", "roll up {N}", "shut {N}", "put {N} up", "raise {N}", "roll {N} up", "close up {N}"])
    return Sample(_fill(t, N=np_), [cmd("window.close", zone=zone)])


def make_sunroof_open(rng, lang):
    pphrase, pct = _percent_phrase(rng, lang)
    if lang == "zh":
        n = _c(rng, ["天窗", "全景天窗", "车顶天窗"])
        if pct is not None:
            t = _c(rng, ["{N}开{P}", "把{N}打开{P}", "{N}打开{P}", "打开{N}{P}"])
        else:
            t = _c(rng, ["打开{N}", "{N}打开", "开{N}", "把{N}打开", "开启{N}", "{N}全开"])
        return Sample(_fill(t, N=n, P=pphrase), [cmd("sunroof.open", percent=pct)])
    n = _c(rng, ["the sunroof", "the moonroof", "sunroof", "the roof"])
    if pct is not None:
        t = _c(rng, ["open {N} {P}", "slide {N} open {P}", "open up {N} {P}"])
        if pct == 20 and rng.random() < 0.4:
            t = "crack {N}"
    else:
        t = _c(rng, ["open {N}", "slide {N} open", "open up {N}", "{N} open", "retract {N}"])
    return Sample(_fill(t, N=n, P=pphrase), [cmd("sunroof.open", percent=pct)])


def make_sunroof_close(rng, lang):
    if lang == "zh":
        n = _c(rng, ["天窗", "全景天窗", "车顶天窗"])
        t = _c(rng, ["关闭{N}", "关上{N}", "把{N}关上", "{N}关一下", "{N}关了", "关{N}"])
        return Sample(_fill(t, N=n), [cmd("sunroof.close")])
    n = _c(rng, ["the sunroof", "the moonroof", "sunroof"])
    t = _c(rng, ["close {N}", "shut {N}", "slide {N} closed", "{N} closed", "close up {N}"])
    return Sample(_fill(t, N=n), [cmd("sunroof.close")])


# ============================================================================= lights
_ZH_COLORS = {"red": ["红色", "红"], "orange": ["橙色", "橘色", "橙"], "yellow": ["黄色", "黄"], "green": ["绿色", "绿"],
              "blue": ["蓝色", "蓝"], "purple": ["紫色", "紫"], "white": ["白色", "白"], "pink": ["粉色", "粉红色", "粉"]}


def make_ambient(rng, lang):
    r = rng.random()
    color = _c(rng, COLORS) if r < 0.45 else None
    bright = _c(rng, [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 0, 25, 75]) if (r > 0.35 and r < 0.7) else None
    on = None
    if color is None and bright is None:
        on = rng.random() < 0.6
    elif rng.random() < 0.2:
        on = True
    if lang == "zh":
        n = _c(rng, ["氛围灯", "氛围灯", "车内氛围灯", "气氛灯", "环境灯"])
        parts = []
        if on is not None and color is None and bright is None:
            t = _c(rng, ["打开{N}", "{N}打开", "开{N}", "开启{N}"] if on else ["关闭{N}", "{N}关掉", "关掉{N}", "{N}关了"])
            return Sample(_fill(t, N=n), [cmd("light.ambient", on=on)])
        head = "打开{N}，" if on else ""
        if color:
            parts.append(_c(rng, ["换成{C}", "调成{C}", "颜色改为{C}", "改成{C}", "变成{C}", "颜色调成{C}"]))
        if bright is not None:
            parts.append(_c(rng, ["亮度调到{B}", "亮度{B}", "亮度设为{B}"]))
        t = head + "{N}" + "，".join(parts) if rng.random() < 0.8 or not color else head + "把{N}" + "，".join(parts)
        cz = _c(rng, _ZH_COLORS[color]) if color else ""
        bz = _c(rng, [str(bright), f"{bright}%", "百分之" + L.zh_number(bright), L.zh_number(bright)]) if bright is not None else ""
        if color and bright is None and on is None and rng.random() < 0.25:
            t = "{N}要{C}的"
        return Sample(_fill(t, N=n, C=cz, B=bz), [cmd("light.ambient", on=on, color=color, brightness=bright)])
    n = _c(rng, ["the ambient light", "the ambient lights", "ambient lighting", "the mood lighting", "the interior lights"])
    if on is not None and color is None and bright is None:
        t = _c(rng, ["turn on {N}", "{N} on", "switch on {N}"] if on else ["turn off {N}", "{N} off", "switch off {N}"])
        return Sample(_fill(t, N=n), [cmd("light.ambient", on=on)])
    b = ""
    if bright is not None:
        b = _c(rng, [str(bright), f"{bright}%", f"{bright} percent", f"{L.en_number(bright, rng)} percent",
                     L.en_number(bright, rng)])
    if color and bright is not None:
        t = _c(rng, ["set {N} to {C} at {B}", "make {N} {C} with brightness {B}", "{N} {C}, brightness {B}"])
    elif color:
        t = _c(rng, ["change {N} to {C}", "make {N} {C}", "set {N} to {C}", "switch {N} to {C}", "I want {C} {N}",
                     "{N} {C}", "turn {N} {C}"])
    else:
        t = _c(rng, ["set {N} brightness to {B}", "dim {N} to {B}", "brightness of {N} to {B}", "{N} brightness {B}"])
    if on:
        t = "turn on {N} and " + t.replace("{N}", "it", 1) if rng.random() < 0.5 else "turn on " + t
    return Sample(_fill(t, N=n, C=color or "", B=b), [cmd("light.ambient", on=on, color=color, brightness=bright)])


def make_reading(rng, lang):
    on = rng.random() < 0.65
    zone = pick_zone(rng, 0.4, ZONES)
    if lang == "zh":
        np_ = zone_np(rng, "zh", zone, _c(rng, ["阅读灯", "阅读灯", "看书灯", "顶灯"]))
        t = _c(rng, ["打开{N}", "{N}打开", "开{N}", "开一下{N}"] if on else ["关闭{N}", "{N}关掉", "关掉{N}", "{N}关了"])
        return Sample(_fill(t, N=np_), [cmd("light.reading", on=on, zone=zone)])
    np_ = zone_np(rng, "en", zone, _c(rng, ["reading light", "reading lamp", "map light", "dome light"]))
    t = _c(rng, ["turn on {N}", "switch on {N}", "{N} on"] if on else ["turn off {N}", "switch off {N}", "{N} off"])
    return Sample(_fill(t, N=np_), [cmd("light.reading", on=on, zone=zone)])


# ============================================================================= media
def make_play(rng, lang):
    r = rng.random()
    if lang == "zh":
        if r < 0.12:
            t = _c(rng, ["播放音乐", "放首歌", "随便放首歌", "继续播放", "接着放", "放点音乐", "来点音乐", "继续放歌",
                         "音乐继续", "恢复播放", "来首歌听听", "放歌"])
            return Sample(t, [cmd("media.play")])
        if r < 0.22:
            src, words = _c(rng, [("radio", ["收音机", "电台", "广播", "FM"]), ("bluetooth", ["蓝牙音乐", "蓝牙"]),
                                  ("usb", ["U盘", "U盘音乐", "USB"]), ("online", ["在线音乐", "网络音乐"])])
            w = _c(rng, words)
            t = _c(rng, ["打开{W}", "播放{W}", "听{W}", "切到{W}", "放{W}", "切换到{W}", "我想听{W}"])
            if src in ("usb", "bluetooth") and rng.random() < 0.4:
                t = _c(rng, ["放{W}里的歌", "播放{W}里的音乐"]) if src == "usb" else "用{W}放歌"
            return Sample(_fill(t, W=w), [cmd("media.play", source=src)])
        kind = rng.random()
        if kind < 0.35:
            q = _c(rng, L.ZH_SONGS)
            t = _c(rng, ["播放{Q}", "我想听{Q}", "来一首{Q}", "放一首{Q}", "给我放{Q}", "放{Q}", "听{Q}", "播一下{Q}",
                         "来首{Q}", "唱一首{Q}", "我要听{Q}这首歌", "播放歌曲{Q}", "放一下{Q}这首歌", "搜一下{Q}",
                         "帮我找一首{Q}", "点一首{Q}", "来一首《{Q}》", "播放《{Q}》"])
        elif kind < 0.7:
            q = _c(rng, L.ZH_ARTISTS)
            t = _c(rng, ["放{Q}的歌", "播放{Q}的歌曲", "我想听{Q}的歌", "来点{Q}的歌", "来一首{Q}的歌", "听{Q}",
                         "播放{Q}", "放点{Q}的", "给我来首{Q}的", "随便放一首{Q}的歌", "我要听{Q}", "放{Q}的专辑",
                         "来首{Q}唱的歌", "放一些{Q}的音乐"])
        elif kind < 0.9:
            q = _c(rng, L.ZH_GENRES)
            t = _c(rng, ["来点{Q}", "放点{Q}", "播放{Q}", "我想听{Q}", "来首{Q}", "听点{Q}", "放一些{Q}", "给我放点{Q}",
                         "切到{Q}"])
        else:
            q = _c(rng, L.ZH_ALBUMS + L.RADIO_STATIONS_ZH)
            t = _c(rng, ["播放{Q}", "我想听{Q}", "放{Q}", "打开{Q}"])
            if q in L.RADIO_STATIONS_ZH and rng.random() < 0.5:
                return Sample(_fill(_c(rng, ["打开收音机听{Q}", "用收音机放{Q}", "收音机调到{Q}"]), Q=q),
                              [cmd("media.play", query=q, source="radio")])
        return Sample(_fill(t, Q=q), [cmd("media.play", query=q)])
    if r < 0.12:
        t = _c(rng, ["play music", "play some music", "resume the music", "resume", "resume playback", "unpause",
                     "keep playing", "continue the song", "start the music", "put some music on", "play something",
                     "music please"])
        return Sample(t, [cmd("media.play")])
    if r < 0.22:
        src, words = _c(rng, [("radio", ["the radio", "radio", "FM radio", "AM radio"]),
                              ("bluetooth", ["bluetooth", "bluetooth audio", "my phone over bluetooth"]),
                              ("usb", ["USB", "the USB drive", "the USB stick"]),
                              ("online", ["online music", "streaming", "online radio"])])
        w = _c(rng, words)
        t = _c(rng, ["turn on {W}", "play {W}", "switch to {W}", "play music from {W}", "listen to {W}",
                     "put on {W}", "change the source to {W}"])
        return Sample(_fill(t, W=w), [cmd("media.play", source=src)])
    kind = rng.random()
    if kind < 0.32:
        q = _c(rng, L.EN_SONGS)
        t = _c(rng, ["play {Q}", "play the song {Q}", "I want to hear {Q}", "put on {Q}", "play {Q} please",
                     "queue up {Q}", "can you play {Q}", "I wanna listen to {Q}", "let's hear {Q}", "play me {Q}",
                     "find the song {Q}", "play the track {Q}", "put {Q} on", "start playing {Q}"])
    elif kind < 0.62:
        q = _c(rng, L.EN_ARTISTS)
        t = _c(rng, ["play {Q}", "play some {Q}", "play music by {Q}", "play something by {Q}", "put on {Q}",
                     "I want to listen to {Q}", "play songs by {Q}", "play a song by {Q}", "let's hear some {Q}",
                     "play the latest from {Q}", "I'm in the mood for {Q}", "throw on some {Q}", "listen to {Q}",
                     "play {Q}'s music", "play tracks by {Q}", "play my {Q} songs"])
    elif kind < 0.86:
        q = _c(rng, L.EN_GENRES)
        t = _c(rng, ["play some {Q}", "play {Q}", "put on some {Q}", "I want to hear some {Q}", "can I get some {Q}",
                     "let's listen to some {Q}", "throw on some {Q}", "I'm in the mood for {Q}", "play me some {Q}",
                     "find some {Q}", "start some {Q}"])
    else:
        if rng.random() < 0.6:
            q = _c(rng, L.EN_ALBUMS)
            t = _c(rng, ["play the album {Q}", "play {Q}", "put on the album {Q}", "play the record {Q}",
                         "I want to hear the album {Q}"])
        else:
            q = _c(rng, L.RADIO_STATIONS_EN)
            if rng.random() < 0.5:
                return Sample(_fill(_c(rng, ["tune the radio to {Q}", "put the radio on {Q}", "switch the radio to {Q}"]),
                                    Q=q), [cmd("media.play", query=q, source="radio")])
            t = _c(rng, ["play {Q}", "tune to {Q}", "put on {Q}", "listen to {Q}"])
    return Sample(_fill(t, Q=q), [cmd("media.play", query=q)])


def make_pause(rng, lang):
    t = _c(rng, ["暂停", "暂停播放", "暂停音乐", "先停一下音乐", "别放了", "停止播放", "音乐停一下", "歌先停一下", "暂停一下",
                 "音乐暂停", "先别放歌了", "停一下歌"] if lang == "zh" else
           ["pause", "pause the music", "stop the music", "pause playback", "hold the music", "stop playing",
            "pause the song", "pause it", "stop the song", "pause this", "hit pause", "music off for a sec"])
    return Sample(t, [cmd("media.pause")])


def make_skip(rng, lang):
    nxt = rng.random() < 0.7
    d = "next" if nxt else "previous"
    if lang == "zh":
        t = _c(rng, ["下一首", "切歌", "换一首", "下一曲", "跳过这首", "不好听换一首", "下一个", "切到下一首", "换首歌",
                     "播放下一首", "这首不好听", "换下一首歌"] if nxt else
               ["上一首", "上一曲", "放上一首", "回到上一首", "切到上一首", "播放上一首", "返回上一首", "刚才那首再放一遍"])
        kind = "stmt" if t in ("这首不好听", "不好听换一首") else "imp"
        return Sample(t, [cmd("media.skip", direction=d)], kind)
    t = _c(rng, ["next song", "skip", "skip this song", "next track", "play the next one", "skip this one",
                 "next", "go to the next song", "skip ahead", "skip to the next track", "I don't like this song"] if nxt else
           ["previous song", "go back a song", "previous track", "last song", "play the previous song",
            "back one track", "go back to the last song", "play the last track again"])
    return Sample(t, [cmd("media.skip", direction=d)], "stmt" if "don't like" in t else "imp")


def make_set_volume(rng, lang):
    if rng.random() < 0.15:
        t = _c(rng, ["音量开到最大", "音量最大", "声音调到最大", "最大音量", "音量调到最高"] if lang == "zh" else
               ["max volume", "volume to max", "turn the volume all the way up", "maximum volume", "volume to the max"])
        return Sample(t, [cmd("media.set_volume", value=100)])
    v = _c(rng, [5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 12, 18, 24, 33, 0])
    if lang == "zh":
        vz = _c(rng, [num(rng, "zh", v), num(rng, "zh", v), "百分之" + L.zh_number(v), f"{v}%"])
        t = _c(rng, ["音量调到{V}", "音量{V}", "把声音调到{V}", "音量设为{V}", "音量调成{V}", "声音开到{V}", "音量改成{V}",
                     "把音量设置为{V}", "音量放到{V}"])
        return Sample(_fill(t, V=vz), [cmd("media.set_volume", value=v)])
    vz = _c(rng, [num(rng, "en", v), f"{v} percent", f"{v}%"])
    t = _c(rng, ["set the volume to {V}", "volume {V}", "turn the volume to {V}", "volume to {V}",
                 "change the volume to {V}", "put the volume at {V}", "make the volume {V}"])
    return Sample(_fill(t, V=vz), [cmd("media.set_volume", value=v)])


_VOLUME_STEPS = {
    "zh": _StepPhrases(
        (["听不清", "声音太小了", "听不见", "声音有点小"], ["声音太大了", "太吵了", "声音好大", "吵死了", "音乐太响了"]),
        (["音量调大", "声音大一点", "大点声", "音量加大", "调大音量", "声音开大点", "音量高一点", "再大声一点"],
         ["音量调小", "声音小一点", "小点声", "音量减小", "调小音量", "声音关小点", "音量低一点", "再小声一点"]),
        (["音量加{A}", "音量调大{A}", "音量增加{A}", "声音调高{A}"], ["音量减{A}", "音量调小{A}", "音量降低{A}", "声音调低{A}"])),
    "en": _StepPhrases(
        (["I can't hear it", "it's too quiet", "I can barely hear the music"],
         ["it's too loud", "too loud", "that's way too loud", "the music is too loud"]),
        (["turn it up", "volume up", "louder", "turn up the volume", "crank it up", "pump up the volume",
          "make it louder", "raise the volume", "increase the volume", "a little louder"],
         ["turn it down", "volume down", "quieter", "turn down the volume", "lower the volume", "make it quieter",
          "decrease the volume", "a little quieter", "bring the volume down"]),
        (["turn up the volume by {A}", "volume up {A}", "raise the volume {A}", "increase the volume by {A}"],
         ["turn down the volume by {A}", "volume down {A}", "lower the volume {A}", "decrease the volume by {A}"])),
}


def make_adjust_volume(rng, lang):
    return _adjust(rng, lang, "media.adjust_volume", [5, 10, 10, 20, 2, 3, 15], 0.25, 0.3, _VOLUME_STEPS)


def make_mute(rng, lang):
    return _onoff(rng, lang, "media.mute",
                  ["静音", "打开静音", "把声音关了", "关闭声音", "静音一下", "全部静音", "开启静音", "先静音"],
                  ["取消静音", "恢复声音", "解除静音", "关闭静音", "把声音打开", "打开声音"],
                  ["mute", "mute the audio", "silence", "mute the sound", "mute it", "mute everything", "go silent"],
                  ["unmute", "turn the sound back on", "unmute the audio", "sound back on", "unmute it"])


# ============================================================================= navigation
_CATEGORY_WORDS = {
    "zh": {"charging_station": ["充电站", "充电桩", "充电的地方", "超充站"], "gas_station": ["加油站", "加油的地方"],
           "parking": ["停车场", "停车位", "停车的地方", "车位"], "restaurant": ["饭店", "餐厅", "吃饭的地方", "饭馆"],
           "service_center": ["4S店", "维修店", "修理厂", "服务站", "售后服务中心", "保养的地方"],
           "restroom": ["厕所", "洗手间", "卫生间", "公共厕所"], "hotel": ["酒店", "宾馆", "住的地方", "旅馆"]},
    "en": {"charging_station": ["charging station", "charger", "EV charger", "supercharger", "place to charge"],
           "gas_station": ["gas station", "petrol station", "place to get gas", "fuel station"],
           "parking": ["parking", "parking lot", "parking garage", "place to park", "parking spot"],
           "restaurant": ["restaurant", "place to eat", "diner", "somewhere to eat"],
           "service_center": ["service center", "mechanic", "repair shop", "auto shop", "dealership service"],
           "restroom": ["restroom", "bathroom", "toilet", "rest stop", "public restroom"],
           "hotel": ["hotel", "motel", "place to stay", "inn"]},
}


def _zh_address(rng) -> str:
    r = rng.random()
    if r < 0.4:
        return _c(rng, L.ZH_ROADS) + str(rng.randrange(1, 300)) + "号"
    if r < 0.7:
        return _c(rng, L.ZH_DISTRICTS) + _c(rng, L.ZH_ROADS)
    return _c(rng, L.ZH_CITIES) + _c(rng, L.ZH_POIS[:80])


def _en_address(rng) -> str:
    return f"{rng.randrange(1, 9999)} {_c(rng, L.EN_STREETS)} {_c(rng, L.EN_STREET_TYPES)}"


def make_navigate(rng, lang):
    r = rng.random()
    if r < 0.28:
        cat = _c(rng, list(_CATEGORY_WORDS["en"]))
        w = _c(rng, _CATEGORY_WORDS[lang][cat])
        if lang == "zh":
            t = _c(rng, ["导航到最近的{W}", "附近的{W}", "找个{W}", "去最近的{W}", "附近有{W}吗", "找一个{W}", "帮我找{W}",
                         "导航去附近的{W}", "最近的{W}在哪", "搜一下附近的{W}", "带我去{W}", "去{W}", "找附近的{W}",
                         "导航到附近{W}", "周边的{W}"])
            if cat == "gas_station" and rng.random() < 0.2:
                t, w = _c(rng, ["没油了，找个加油站", "要加油了", "油快没了，去加油站"]), ""
            if cat == "charging_station" and rng.random() < 0.2:
                t, w = _c(rng, ["电快没了，找个充电桩", "我要充电", "找地方充电"]), ""
            if cat == "restaurant" and rng.random() < 0.15:
                t, w = _c(rng, ["饿了，找个吃饭的地方", "附近有什么好吃的餐厅"]), ""
            if cat == "restroom" and rng.random() < 0.2:
                t, w = _c(rng, ["我想上厕所", "哪里有厕所"]), ""
            return Sample(_fill(t, W=w), [cmd("nav.navigate", category=cat)])
        art = "an" if w[0] in "aeiouAEIOU" else "a"
        t = _c(rng, ["find the nearest {W}", "navigate to the closest {W}", f"find {art} {{W}}", "take me to a {W}",
                     "where's the nearest {W}", "I need a {W}", "find a {W} near me", "take me to the nearest {W}",
                     "is there a {W} nearby", "search for a {W}", "directions to the nearest {W}", "get me to a {W}",
                     "find me a {W} on the way", "look for a {W} nearby", "nearest {W}"])
        if cat == "gas_station" and rng.random() < 0.2:
            t = _c(rng, ["I need gas", "we need to fill up, find a gas station", "I'm running low on fuel, find a gas station"])
        if cat == "charging_station" and rng.random() < 0.2:
            t = _c(rng, ["I need to charge the car", "where can I charge", "find somewhere to charge"])
        if cat == "parking" and rng.random() < 0.2:
            t = _c(rng, ["where can I park", "find me somewhere to park"])
        if cat == "restaurant" and rng.random() < 0.15:
            t = _c(rng, ["I'm hungry, find a place to eat", "find somewhere to eat"])
        t = t.replace("a {W}", f"{art} {{W}}")
        return Sample(_fill(t, W=w), [cmd("nav.navigate", category=cat)])
    if r < 0.38:
        home = rng.random() < 0.6
        if lang == "zh":
            t = (_c(rng, ["回家", "导航回家", "我要回家", "带我回家", "开回家", "导航到家", "回家吧", "我们回家", "送我回家"])
                 if home else _c(rng, ["去公司", "导航去公司", "去上班", "导航到公司", "我要去公司", "带我去公司", "开去公司"]))
        else:
            t = (_c(rng, ["take me home", "go home", "navigate home", "let's head home", "drive home", "home please",
                          "directions home", "get me home", "head home"])
                 if home else _c(rng, ["take me to work", "navigate to work", "go to work", "drive to work",
                                       "directions to work", "head to work", "get me to work"]))
        kind = "bare" if t in ("home please",) else "imp"
        return Sample(t, [cmd("nav.navigate", destination="home" if home else "work")], kind)
    if lang == "zh":
        p = _c(rng, L.ZH_POIS) if rng.random() < 0.75 else _zh_address(rng)
        t = _c(rng, ["导航到{P}", "导航去{P}", "去{P}", "我要去{P}", "带我去{P}", "开到{P}", "到{P}怎么走", "去{P}怎么走",
                     "帮我导航到{P}", "导航{P}", "我想去{P}", "设置目的地为{P}", "目的地{P}", "去一趟{P}", "送我去{P}",
                     "前往{P}", "导航去{P}吧", "我们去{P}", "规划一下去{P}的路线", "怎么去{P}", "开车去{P}",
                     "目的地改成{P}", "去{P}吧", "到{P}去"])
        return Sample(_fill(t, P=p), [cmd("nav.navigate", destination=p)])
    p = _c(rng, L.EN_POIS) if rng.random() < 0.7 else (_en_address(rng) if rng.random() < 0.6 else _c(rng, L.EN_CITIES))
    t = _c(rng, ["navigate to {P}", "take me to {P}", "directions to {P}", "drive to {P}", "get me to {P}",
                 "how do I get to {P}", "let's go to {P}", "head to {P}", "route to {P}", "I need to go to {P}",
                 "set destination to {P}", "go to {P}", "find a route to {P}", "show me the way to {P}",
                 "I want to go to {P}", "start navigation to {P}", "get directions to {P}", "bring me to {P}",
                 "what's the fastest way to {P}", "change the destination to {P}", "we're going to {P}"])
    return Sample(_fill(t, P=p), [cmd("nav.navigate", destination=p)])


def make_nav_cancel(rng, lang):
    t = _c(rng, ["取消导航", "结束导航", "退出导航", "停止导航", "不用导航了", "关闭导航", "导航取消", "别导航了", "导航结束吧"]
           if lang == "zh" else
           ["cancel navigation", "stop navigating", "end the route", "exit navigation", "cancel the route",
            "stop directions", "end navigation", "stop the navigation", "cancel the trip", "turn off navigation",
            "I don't need directions anymore"])
    return Sample(t, [cmd("nav.cancel")])


def make_nav_avoid(rng, lang):
    what = _c(rng, ["congestion", "tolls", "highways"])
    if lang == "zh":
        t = _c(rng, {"congestion": ["避开拥堵", "躲避拥堵", "绕开堵车", "避开堵车的路", "走不堵的路", "别走堵的路"],
                     "tolls": ["避开收费", "不走收费路", "走不收费的路", "避免收费", "不要走收费站", "避开收费路段"],
                     "highways": ["不走高速", "避开高速", "别走高速", "走国道不走高速", "不上高速"]}[what])
    else:
        t = _c(rng, {"congestion": ["avoid traffic", "avoid congestion", "route around traffic", "avoid the traffic jams",
                                    "find a route with less traffic"],
                     "tolls": ["avoid tolls", "no toll roads", "avoid toll roads", "take a route without tolls",
                               "skip the tolls"],
                     "highways": ["avoid highways", "no freeways", "take a route without highways", "avoid the freeway",
                                  "stay off the highway", "no highways"]}[what])
    return Sample(t, [cmd("nav.avoid", what=what)])


# ============================================================================= phone
def _zh_contact(rng) -> str:
    r = rng.random()
    if r < 0.35:
        return _c(rng, L.ZH_RELATIONS)
    if r < 0.6:
        return _c(rng, L.ZH_SURNAMES) + _c(rng, L.ZH_GIVEN)
    if r < 0.8:
        return _c(rng, ["老", "小"]) + _c(rng, L.ZH_SURNAMES) if rng.random() < 0.5 else _c(rng, L.ZH_SURNAMES) + _c(rng, L.ZH_TITLES)
    if r < 0.9:
        return "1" + "".join(str(rng.randrange(10)) for _ in range(10))
    return _c(rng, ["10086", "12345", "95588", "400客服"]) if rng.random() < 0.5 else _c(rng, L.EN_FIRST)


def _en_contact(rng) -> str:
    r = rng.random()
    if r < 0.3:
        return _c(rng, L.EN_RELATIONS)
    if r < 0.6:
        return _c(rng, L.EN_FIRST)
    if r < 0.85:
        return f"{_c(rng, L.EN_FIRST)} {_c(rng, L.EN_LAST)}"
    return f"{rng.randrange(200, 999)}-{rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}"


def make_call(rng, lang):
    if lang == "zh":
        c = _zh_contact(rng)
        t = _c(rng, ["打电话给{C}", "给{C}打电话", "呼叫{C}", "拨打{C}", "打给{C}", "给{C}打个电话", "联系{C}",
                     "拨{C}的电话", "call一下{C}", "打{C}的电话", "帮我接通{C}", "给{C}拨个电话", "我要给{C}打电话",
                     "跟{C}通个电话"])
        return Sample(_fill(t, C=c), [cmd("phone.call", contact=c)])
    c = _en_contact(rng)
    t = _c(rng, ["call {C}", "dial {C}", "phone {C}", "ring {C}", "give {C} a call", "make a call to {C}",
                 "place a call to {C}", "get {C} on the phone", "I need to call {C}", "call {C} for me",
                 "start a call with {C}", "I want to talk to {C}", "call up {C}", "can you call {C}", "dial up {C}"])
    return Sample(_fill(t, C=c), [cmd("phone.call", contact=c)])


def make_hang_up(rng, lang):
    t = _c(rng, ["挂断", "挂断电话", "挂了吧", "结束通话", "把电话挂了", "挂电话", "不打了挂掉", "电话挂断"] if lang == "zh" else
           ["hang up", "end the call", "end call", "disconnect the call", "hang up the phone", "drop the call",
            "hang up now", "we're done, hang up"])
    return Sample(t, [cmd("phone.hang_up")])


# ============================================================================= queries
_VEHICLE_Q = {
    "zh": {"speed": ["现在车速多少", "我开多快了", "当前速度是多少", "现在时速多少", "车速多少", "我现在开多少码"],
           "range": ["还能跑多远", "续航还有多少", "剩余里程多少", "还能开多少公里", "续航里程", "剩下的电能跑多远"],
           "battery": ["电量还有多少", "还剩多少电", "电池电量多少", "还有多少电", "电量百分之多少", "电池还剩多少"],
           "fuel": ["油还有多少", "还剩多少油", "油量多少", "油箱还有多少油", "油够不够", "还有油吗"],
           "tire_pressure": ["胎压正常吗", "胎压多少", "检查一下胎压", "轮胎气压怎么样", "看看胎压", "轮胎有没有问题"],
           "cabin_temperature": ["车里多少度", "车内温度多少", "现在车里温度是多少", "车厢里几度"],
           "outside_temperature": ["外面多少度", "车外温度多少", "室外温度是多少", "外面气温多少"]},
    "en": {"speed": ["how fast am I going", "what's my speed", "current speed", "what speed are we doing",
                     "how fast are we driving"],
           "range": ["how far can I go", "what's my range", "how many miles left", "how much range do I have",
                     "how far can we get on this charge", "remaining range"],
           "battery": ["battery level", "how much charge is left", "what's the battery at", "how much battery do I have",
                       "what's my battery percentage", "is the battery low"],
           "fuel": ["how much gas do I have", "fuel level", "how much fuel is left", "do I need gas",
                    "how full is the tank", "check the fuel"],
           "tire_pressure": ["check tire pressure", "are my tires ok", "what's the tire pressure",
                             "is the tire pressure ok", "how are the tires"],
           "cabin_temperature": ["what's the temperature inside", "how warm is it in the car", "cabin temperature",
                                 "what's the temperature in here"],
           "outside_temperature": ["what's the outside temperature", "how cold is it outside right now",
                                   "outside temp", "what's the temperature outside the car"]},
}


def make_vehicle(rng, lang):
    item = _c(rng, list(_VEHICLE_Q["en"]))
    return Sample(_c(rng, _VEHICLE_Q[lang][item]), [cmd("query.vehicle", item=item)], "stmt")


def make_weather(rng, lang):
    has_loc = rng.random() < 0.6
    day_r = rng.random()
    day = "today" if day_r < 0.3 else "tomorrow" if day_r < 0.6 else None
    other_time = day is None and rng.random() < 0.3
    if lang == "zh":
        loc = _c(rng, L.ZH_CITIES) if rng.random() < 0.85 else _c(rng, L.ZH_CITIES) + _c(rng, L.ZH_DISTRICTS)
        d = {"today": _c(rng, ["今天", "今天", "今日"]), "tomorrow": _c(rng, ["明天", "明天", "明日"]), None: ""}[day]
        if other_time:
            d = _c(rng, ["后天", "这周末", "下周", "周六", "这几天", "未来一周", "下午", "晚上"])
        t = _c(rng, ["{L}{D}天气怎么样", "{D}{L}天气", "{L}{D}会下雨吗", "{D}{L}天气如何", "查一下{L}{D}的天气",
                     "{L}{D}多少度", "{L}{D}冷不冷", "{L}{D}下雪吗", "{L}{D}气温多少", "{D}{L}天气预报",
                     "{L}{D}热不热", "{D}{L}需要带伞吗", "{L}{D}是晴天吗", "帮我看看{L}{D}的天气", "{L}{D}有雨吗",
                     "{L}{D}刮风吗", "{D}{L}空气质量怎么样", "{L}{D}天气好不好"])
        if not has_loc:
            loc = ""
            if not d:
                t = _c(rng, ["天气怎么样", "天气预报", "今天天气怎么样", "外面下雨了吗", "会下雨吗", "要带伞吗", "查一下天气"])
                if t.startswith("今天"):
                    return Sample(t, [cmd("query.weather", day="today")], "stmt")
        text = _fill(t, L=loc, D=d)
        return Sample(text, [cmd("query.weather", location=loc or None, day=day if not other_time else None)], "stmt")
    loc = _c(rng, L.EN_CITIES)
    d = {"today": "today", "tomorrow": "tomorrow", None: ""}[day]
    if other_time:
        d = _c(rng, ["this weekend", "next week", "on Friday", "on Saturday", "the day after tomorrow", "tonight",
                     "this evening", "later this week"])
    t = _c(rng, ["what's the weather {D} in {L}", "weather in {L} {D}", "{L} weather {D}", "will it rain in {L} {D}",
                 "is it going to rain in {L} {D}", "what's the forecast for {L} {D}", "how's the weather in {L} {D}",
                 "is it sunny in {L} {D}", "will it snow in {L} {D}", "how hot will it be in {L} {D}",
                 "what's the temperature in {L} {D}", "do I need a jacket in {L} {D}", "should I bring an umbrella to {L} {D}",
                 "what is the weather like in {L} {D}", "tell me the weather for {L} {D}", "is it cold in {L} {D}",
                 "check the weather in {L} {D}", "give me the forecast for {L}", "is there a storm coming to {L} {D}",
                 "how windy is it in {L} {D}", "will it be cloudy in {L} {D}", "{D} forecast for {L}"])
    if not has_loc:
        t = _c(rng, ["what's the weather {D}", "will it rain {D}", "should I take an umbrella {D}", "how's the weather {D}",
                     "is it going to snow {D}", "what's the forecast {D}", "do I need an umbrella {D}",
                     "is it going to be sunny {D}", "how hot is it going to be {D}", "weather {D}",
                     "what's the weather like {D}", "any rain {D}", "tell me the forecast {D}"])
        loc = ""
    if "{D}" not in t:
        day, other_time, d = None, False, ""
    text = _fill(t, L=loc, D=d)
    return Sample(text, [cmd("query.weather", location=loc or None, day=day if not other_time else None)], "stmt")


_EXTRA_WARN_ZH = ["机油灯", "胎压灯", "发动机故障灯", "ABS灯", "安全带指示灯", "电池故障灯", "刹车灯", "水温灯", "气囊灯",
                  "黄色感叹号", "排放故障灯", "充电指示灯", "ESP灯"]
_EXTRA_WARN_EN = ["check engine light", "tire pressure light", "the battery warning", "ABS light", "oil light",
                  "brake warning light", "airbag light", "coolant temperature warning", "traction control light",
                  "seat belt light", "low fuel light", "service light", "TPMS light"]


def make_warning(rng, lang):
    if rng.random() < 0.3:
        t = _c(rng, ["这个灯是什么意思", "那个警告灯是啥", "这个图标什么意思", "这是什么警告", "仪表盘上这个灯什么意思",
                     "屏幕上那个提示是什么意思", "这个报警是怎么回事", "这个亮的灯是干嘛的"] if lang == "zh" else
               ["what does this light mean", "what's that warning", "what is that warning light", "what does that symbol mean",
                "what's this icon on the dash", "why is this light on", "what does this warning mean"])
        return Sample(t, [cmd("query.warning")], "stmt")
    if lang == "zh":
        names = [k.name_zh for k in KNOWLEDGE] + [a for k in KNOWLEDGE for a in k.aliases if has_han(a) and a.endswith("灯")] + _EXTRA_WARN_ZH
        w = _c(rng, names)
        t = _c(rng, ["{W}亮了是什么意思", "{W}是怎么回事", "{W}亮了怎么办", "为什么{W}亮了", "仪表盘上{W}什么意思",
                     "{W}亮了", "{W}提示是什么意思", "{W}报警了怎么处理", "{W}是什么意思"])
        return Sample(_fill(t, W=w), [cmd("query.warning", name=w)], "stmt")
    names = [k.name_en for k in KNOWLEDGE] + _EXTRA_WARN_EN
    w = _c(rng, names)
    wl = w if rng.random() < 0.5 else w.lower()
    t = _c(rng, ["what does the {W} mean", "why is the {W} on", "what's the {W} about", "the {W} just came on, what does it mean",
                 "what should I do about the {W}", "explain the {W}", "what is {W}", "{W} is on, what now"])
    text = _fill(t, W=wl)
    return Sample(text, [cmd("query.warning", name=wl)], "stmt")


# ============================================================================= screen and dialog
def make_tap(rng, lang):
    pool = L.SCREEN_LABELS_ZH if lang == "zh" else L.SCREEN_LABELS_EN
    others = L.SCREEN_LABELS_EN if lang == "zh" else L.SCREEN_LABELS_ZH
    k = rng.randrange(2, 9)
    labels = rng.sample(pool, k)
    if rng.random() < 0.15:
        labels[rng.randrange(k)] = _c(rng, others)  # mixed-language screens exist
    label = _c(rng, labels)
    if lang == "zh" or has_han(label):
        t = _c(rng, ["点一下{L}", "点击{L}", "按一下{L}", "帮我点{L}", "选择{L}", "点{L}按钮", "按{L}那个按钮", "选一下{L}",
                     "点{L}", "按下{L}", "点一下屏幕上的{L}", "帮我按{L}", "戳一下{L}", "选{L}", "点开{L}"])
    else:
        t = _c(rng, ["tap {L}", "press {L}", "click {L}", "hit {L}", "select {L}", "tap the {L} button",
                     "press the {L} button", "touch {L}", "tap on {L}", "click on {L}", "choose {L}", "push {L}",
                     "hit the {L} button", "select the {L} option"])
    return Sample(_fill(t, L=label), [cmd("screen.tap", label=label)], "imp", tuple(labels))


def make_confirm(rng, lang):
    t = _c(rng, ["好的", "好", "可以", "行", "没问题", "确定", "是的", "好啊", "嗯好", "对", "对的", "可以的", "好的谢谢", "行吧",
                 "OK", "就这么办", "好呀", "确认", "要", "需要", "嗯嗯", "开吧", "可以啊", "好的麻烦了", "行啊", "没错"]
           if lang == "zh" else
           ["yes", "yeah", "yep", "sure", "okay", "ok", "yes please", "go ahead", "do it", "sounds good", "sure thing",
            "absolutely", "of course", "please do", "that works", "confirm", "alright", "yes do it", "why not",
            "yeah go for it", "definitely", "uh huh", "correct", "affirmative", "sure, thanks"])
    return Sample(t, [cmd("dialog.confirm")], "bare")


def make_reject(rng, lang):
    t = _c(rng, ["不用了", "不要", "算了", "不了谢谢", "不用", "不需要", "别", "先不要", "暂时不用", "不了", "不行", "不要了",
                 "没事不用", "不用了谢谢", "算了吧", "不必了", "不想", "现在不要"]
           if lang == "zh" else
           ["no", "no thanks", "nope", "not now", "no thank you", "don't", "nah", "never mind", "maybe later",
            "I'm good", "no need", "leave it", "not right now", "no, that's fine", "don't bother", "negative",
            "no, leave it as is"])
    return Sample(t, [cmd("dialog.reject")], "bare")


# ============================================================================= unsupported
UNSAFE = {
    "zh": ["加速", "踩油门", "加速到一百二", "开快点", "刹车", "紧急刹车", "帮我踩刹车", "左转", "方向盘向右打", "帮我打方向盘",
           "挂倒挡", "挂D挡", "换到P挡", "挂空挡", "关闭ESP", "关掉车身稳定系统", "关闭车道保持", "关闭自动紧急制动",
           "关掉AEB", "关闭ABS", "车还在开，把车门打开", "行驶中打开后备箱", "开车的时候帮我开下车门", "拉手刹", "帮我变道",
           "超过前面那辆车", "油门踩到底", "减速", "停车", "帮我倒车", "往左打死", "关闭牵引力控制", "关掉防抱死",
           "关闭车道偏离预警", "关闭前碰撞预警", "关掉定速巡航", "开启自动驾驶", "帮我自动泊车", "速度提到一百",
           "我们在高速上，把后备箱打开", "正在开车，打开车门", "车速六十，开一下车门", "挂R挡", "换成运动挡加速",
           "把刹车关掉", "让车自己开", "帮我掉个头", "右转", "靠边停车", "跟紧前车"],
    "en": ["accelerate", "speed up", "floor it", "go faster", "hit the brakes", "brake now", "slam on the brakes",
           "turn left", "steer right", "turn the wheel", "shift into reverse", "put it in park", "put it in neutral",
           "shift to drive", "disable traction control", "turn off ESP", "turn off stability control",
           "disable lane assist", "turn off lane keeping", "disable automatic emergency braking",
           "turn off collision avoidance", "open the door while we're driving", "pop the trunk, we're on the highway",
           "open my door, we're still moving", "change lanes", "overtake that car", "pull the handbrake",
           "go 90 miles an hour", "slow down", "stop the car", "make a u-turn", "park the car for me",
           "turn off the ABS", "disable the airbags", "take over the steering", "drive for me", "turn on autopilot",
           "merge left", "put the pedal to the metal", "engage cruise control at 80", "open the trunk while driving",
           "shift to reverse now", "turn off forward collision warning", "pull over", "brake hard",
           "steer into the next lane", "downshift", "rev the engine"],
}
OUT_OF_DOMAIN = {
    "zh": ["讲个笑话", "你是谁", "今天几号", "现在几点", "设置一个十分钟的闹钟", "定个明早七点的闹钟", "提醒我五点开会",
           "发微信给老王", "给张三发短信", "帮我订一张去上海的机票", "订个餐厅", "帮我订酒店", "打开后备箱", "锁车门",
           "打开车门", "今天股市怎么样", "今天油价多少", "一加一等于几", "翻译一下你好", "打开客厅的灯", "关上家里的窗帘",
           "扫地机器人开始打扫", "唱首歌给我听", "你喜欢我吗", "我好无聊", "今天有什么新闻", "打开雨刷", "打开大灯",
           "调一下后视镜", "打开方向盘加热", "打开香氛", "帮我叫个外卖", "查一下我的快递", "明天有什么日程", "给老板发邮件",
           "计时五分钟", "你多大了", "你叫什么名字", "给我讲个故事", "地球有多大", "打开空气净化器", "打开电视",
           "充电口盖打开", "开一下油箱盖", "帮我拍张照", "录一段视频", "美元汇率多少", "人民币兑日元", "附近有什么好玩的",
           "帮我挂个号", "今天是星期几", "嗯", "啊？", "喂", "你在吗", "你好", "谢谢你", "晚安", "早上好",
           "设置一个倒计时", "开启哨兵模式", "打开蓝牙", "连接WiFi", "打开雾灯", "我想睡一会儿", "帮我查一下航班"],
    "en": ["tell me a joke", "who are you", "what time is it", "what's today's date", "set a timer for ten minutes",
           "set an alarm for 7 am", "remind me to call mom at 5", "send a text to John", "text Sarah I'm running late",
           "book a table for two", "book a flight to Chicago", "open the trunk", "lock the doors", "unlock the car",
           "what's the stock price of Apple", "how much is gas today", "what's 15 times 23",
           "translate hello into Spanish", "turn on the living room lights", "close the garage door",
           "start the vacuum", "sing me a song", "I'm bored", "what's the news", "turn on the wipers",
           "turn on the headlights", "adjust the mirrors", "heat the steering wheel", "order a pizza",
           "track my package", "what's on my calendar", "send an email to my boss", "how are you",
           "what's the meaning of life", "who won the game last night", "reserve a hotel room for tonight",
           "open the garage", "what's the exchange rate", "how old are you", "tell me a story", "good morning",
           "thank you", "hello", "are you there", "what day is it", "set a reminder", "turn on the fog lights",
           "open the charge port", "open the gas cap", "take a picture", "record a video", "turn on sentry mode",
           "connect to wifi", "turn on bluetooth", "what's your name", "I love you", "who's the president",
           "how tall is Mount Everest", "read my messages", "what movies are playing", "good night"],
}


_MOVING = {"zh": ["车还在开，", "正在开车，", "我们在高速上，", "行驶中", "开车的时候", "车速一百的时候", "现在跑着呢，", "车没停，"],
           "en": ["while we're driving", "we're on the highway,", "while the car is moving", "while I'm driving",
                  "we're still moving,", "at 70 miles an hour", "right now while driving"]}
_DOORS = {"zh": ["车门", "后备箱", "尾门", "主驾车门", "副驾车门", "后车门", "前备箱"],
          "en": ["the door", "the trunk", "the tailgate", "my door", "the rear doors", "the liftgate", "the frunk"]}
_ASSISTS = {"zh": ["ESP", "车身稳定系统", "牵引力控制", "车道保持", "自动紧急制动", "AEB", "ABS", "安全气囊", "车道偏离预警",
                   "前碰撞预警", "盲区监测", "电子稳定程序", "防抱死系统", "主动刹车"],
            "en": ["traction control", "ESP", "stability control", "lane keep assist", "lane keeping",
                   "automatic emergency braking", "the airbags", "ABS", "collision warning", "lane departure warning",
                   "blind spot monitoring", "emergency brake assist", "electronic stability control"]}


def _unsafe_templated(rng, lang) -> str:
    r = rng.random()
    if lang == "zh":
        if r < 0.2:
            return _c(rng, ["关闭{A}", "关掉{A}", "把{A}关了", "禁用{A}", "{A}关掉"]).replace("{A}", _c(rng, _ASSISTS["zh"]))
        if r < 0.4:
            door, moving = _c(rng, _DOORS["zh"]), _c(rng, _MOVING["zh"])
            return _c(rng, [f"{moving}打开{door}", f"{moving}把{door}打开", f"{moving}开一下{door}"])
        if r < 0.55:
            return _c(rng, ["挂{G}挡", "换到{G}挡", "切到{G}挡", "挂个{G}挡"]).replace("{G}", _c(rng, ["倒", "D", "R", "P", "N", "空", "前进", "驻车"]))
        if r < 0.7:
            n = _c(rng, [60, 80, 100, 120, 150])
            return _c(rng, [f"加速到{num(rng, 'zh', n)}", f"车速提到{n}", f"开到{num(rng, 'zh', n)}码", "再快点", "给我加速"])
        if r < 0.85:
            return _c(rng, ["方向盘往{D}打", "{D}转弯", "往{D}变道", "向{D}打方向", "{D}转"]).replace("{D}", _c(rng, ["左", "右"]))
        return _c(rng, ["踩一脚刹车", "急刹车", "帮我刹停", "马上停车", "帮我刹一下车", "开着车帮我熄火", "拉一下手刹"])
    if r < 0.2:
        return _c(rng, ["turn off {A}", "disable {A}", "switch off {A}", "deactivate {A}", "kill {A}"]).replace(
            "{A}", _c(rng, _ASSISTS["en"]))
    if r < 0.4:
        door, moving = _c(rng, _DOORS["en"]), _c(rng, _MOVING["en"])
        return _c(rng, [f"open {door} {moving}", f"{moving} open {door}", f"pop {door} {moving}"])
    if r < 0.55:
        return _c(rng, ["shift into {G}", "put it in {G}", "shift to {G}", "change gear to {G}", "go into {G}"]).replace(
            "{G}", _c(rng, ["reverse", "drive", "park", "neutral", "low gear"]))
    if r < 0.7:
        n = _c(rng, [50, 65, 80, 90, 100])
        return _c(rng, [f"accelerate to {n}", f"speed up to {n} mph", f"go {num(rng, 'en', n)} miles per hour",
                        "step on it", "go faster"])
    if r < 0.85:
        return _c(rng, ["turn the wheel {D}", "steer {D}", "change lanes to the {D}", "swerve {D}", "turn {D} now"]).replace(
            "{D}", _c(rng, ["left", "right"]))
    return _c(rng, ["hit the brakes", "brake hard", "stop the car now", "slam on the brakes", "apply the brakes",
                    "kill the engine while we're driving", "pull the parking brake"])


_OOD_VERBS_ZH = ["打开", "关闭", "开一下", "关掉"]
_OOD_THINGS = {"zh": ["后备箱", "车门", "油箱盖", "充电口", "雨刮", "大灯", "雾灯", "远光灯", "后视镜", "方向盘加热", "香氛",
                      "行车记录仪", "遮阳帘", "电动尾门", "儿童锁", "车锁"],
               "en": ["the trunk", "the doors", "the gas cap", "the charge port", "the wipers", "the headlights",
                      "the fog lights", "the high beams", "the mirrors", "the steering wheel heater", "the dashcam",
                      "the sunshade", "the tailgate", "the child locks", "the hazards"]}


def _ood_templated(rng, lang) -> str:
    r = rng.random()
    if lang == "zh":
        if r < 0.3:
            return _c(rng, _OOD_VERBS_ZH) + _c(rng, _OOD_THINGS["zh"])
        if r < 0.5:
            c = _zh_contact(rng)
            return _c(rng, [f"给{c}发微信", f"给{c}发个短信", f"发消息给{c}", f"跟{c}说我晚点到", f"给{c}发个位置"])
        if r < 0.65:
            n = rng.randrange(1, 60)
            return _c(rng, [f"设置{num(rng, 'zh', n)}分钟的倒计时", f"{n}分钟后提醒我", f"定一个{rng.randrange(5, 12)}点的闹钟",
                            f"提醒我{num(rng, 'zh', rng.randrange(1, 12))}点去接孩子"])
        if r < 0.8:
            return _c(rng, ["帮我订", "预订", "帮我买", "查一下"]) + _c(rng, ["明天的机票", "一张高铁票", "今晚的电影票", "酒店房间",
                                                                     "餐厅的位子", "股票行情", "我的快递", "今天的新闻", "油价"])
        return _c(rng, ["你觉得", "你知道", "告诉我"]) + _c(rng, ["人生的意义是什么", "谁是世界首富", "今天是什么节日",
                                                          "一加一等于几", "月亮有多远", "哪个球队赢了"])
    if r < 0.3:
        return _c(rng, ["open", "close", "turn on", "turn off", "lock", "unlock"]) + " " + _c(rng, _OOD_THINGS["en"])
    if r < 0.5:
        c = _en_contact(rng)
        return _c(rng, [f"text {c}", f"send a message to {c}", f"send {c} my location", f"message {c} that I'm late",
                        f"email {c}", f"whatsapp {c}"])
    if r < 0.65:
        n = rng.randrange(1, 60)
        return _c(rng, [f"set a timer for {n} minutes", f"remind me in {num(rng, 'en', n)} minutes",
                        f"set an alarm for {rng.randrange(1, 12)} am", f"wake me up at {rng.randrange(5, 9)}"])
    if r < 0.8:
        return _c(rng, ["book", "reserve", "order", "buy", "look up"]) + " " + _c(rng, [
            "a flight to Denver", "movie tickets", "a table for four", "a pizza", "the stock price of Tesla",
            "the news", "gas prices", "my package", "a hotel room"])
    return _c(rng, ["what's the capital of France", "who is the president", "how far is the moon", "tell me something fun",
                    "what's your favorite color", "do you love me", "what's 7 times 8", "who won the super bowl"])


def make_unsafe(rng, lang):
    t = _c(rng, UNSAFE[lang]) if rng.random() < 0.45 else _unsafe_templated(rng, lang)
    return Sample(t, [cmd("unsupported", reason=REASON_UNSAFE)], "imp")


def make_ood(rng, lang):
    t = _c(rng, OUT_OF_DOMAIN[lang]) if rng.random() < 0.45 else _ood_templated(rng, lang)
    return Sample(t, [cmd("unsupported", reason=REASON_OUT_OF_DOMAIN)], "imp")


Maker = Callable[[random.Random, str], Sample]

# intent -> (maker, weight). Weights favour intents with free text and many phrasings.
MAKERS: dict[str, tuple[Maker, float]] = {
    "hvac.power": (make_hvac_power, 2.0),
    "hvac.set_temperature": (make_set_temperature, 3.5),
    "hvac.adjust_temperature": (make_adjust_temperature, 3.0),
    "hvac.set_fan": (make_set_fan, 1.5),
    "hvac.adjust_fan": (make_adjust_fan, 1.5),
    "hvac.ac": (make_ac, 1.5),
    "hvac.auto": (make_auto, 1.0),
    "hvac.recirculation": (make_recirc, 1.0),
    "hvac.defrost": (make_defrost, 1.5),
    "seat.heat": (make_seat_heat, 2.5),
    "seat.ventilate": (make_seat_vent, 1.5),
    "seat.massage": (make_massage, 1.0),
    "window.open": (make_window_open, 2.5),
    "window.close": (make_window_close, 1.5),
    "sunroof.open": (make_sunroof_open, 1.2),
    "sunroof.close": (make_sunroof_close, 0.8),
    "light.ambient": (make_ambient, 1.8),
    "light.reading": (make_reading, 1.0),
    "media.play": (make_play, 7.0),
    "media.pause": (make_pause, 1.0),
    "media.skip": (make_skip, 1.2),
    "media.set_volume": (make_set_volume, 1.5),
    "media.adjust_volume": (make_adjust_volume, 1.8),
    "media.mute": (make_mute, 1.0),
    "nav.navigate": (make_navigate, 6.5),
    "nav.cancel": (make_nav_cancel, 1.0),
    "nav.avoid": (make_nav_avoid, 1.0),
    "phone.call": (make_call, 3.0),
    "phone.hang_up": (make_hang_up, 0.8),
    "query.vehicle": (make_vehicle, 1.8),
    "query.weather": (make_weather, 6.0),
    "query.warning": (make_warning, 1.5),
    "screen.tap": (make_tap, 2.0),
    "dialog.confirm": (make_confirm, 1.0),
    "dialog.reject": (make_reject, 0.9),
    "unsupported.unsafe": (make_unsafe, 3.0),
    "unsupported.out_of_domain": (make_ood, 3.0),
}


def imperative(rng: random.Random, lang: str, intent: str, on: bool | None = None, tries: int = 30) -> Sample:
    """One plain request for ``intent`` (an imperative with one command, no screen), ``on`` fixed when given.

    Complaints and questions are skipped: after a reason clause they would read as a second reason.
    """
    maker = MAKERS[intent][0]
    for _ in range(tries):
        sample = maker(rng, lang)
        if sample.kind != "imp" or len(sample.commands) != 1 or sample.screen_labels:
            continue
        if on is not None and sample.commands[0]["slots"].get("on", on) != on:
            continue
        return sample
    raise ValueError(f"no plain request for {intent} (on={on}) in {tries} tries")
