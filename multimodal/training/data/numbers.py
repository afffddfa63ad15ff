"""Numbers and targets as people say them: halves, "to N" (a set) against "by N" (an adjustment),
"a bit" with no amount, "max" as the top of the slot's range, and the contract's percent idioms.
"""

from __future__ import annotations

import random

from multimodal.training.data import lexicons as L
from multimodal.training.data.templates import Sample, _c, cmd, zone_np

# The contract's top of each range: fan 1..7, seat levels 1..3, volume and brightness 0..100.
MAX_FAN, MAX_SEAT, MAX_VOLUME = 7, 3, 100


def half_temperature(rng: random.Random, lang: str) -> Sample:
    n = rng.randrange(17, 30)
    value = n + 0.5
    if lang == "zh":
        said = _c(rng, [f"{L.zh_number(n)}度半", f"{L.zh_number(n)}点五度", f"{n}.5度", f"{n}度半", f"{L.zh_number(n)}点五"])
        t = _c(rng, ["温度调到{T}", "空调{T}", "调成{T}", "把温度设成{T}", "来个{T}", "温度{T}吧", "空调开到{T}"])
        return Sample(t.replace("{T}", said), [cmd("hvac.set_temperature", value=value)])
    said = _c(rng, [f"{L.en_number(n)} and a half degrees", f"{n} and a half", f"{n}.5 degrees",
                    f"{L.en_number(n)} point five", f"{n} point 5"])
    t = _c(rng, ["set the temperature to {T}", "make it {T}", "temp {T}", "climate to {T} please", "{T} please"])
    return Sample(t.replace("{T}", said), [cmd("hvac.set_temperature", value=value)])


# (intent to set, slot, intent to adjust, zh noun, en noun, values, amounts, zh unit, en unit)
_TARGETS = (
    ("media.set_volume", "value", "media.adjust_volume", ["音量", "声音"], ["volume", "sound"],
     [20, 25, 30, 40, 50, 60, 70, 80], [5, 10, 15, 20], "", ""),
    ("hvac.set_fan", "level", "hvac.adjust_fan", ["风量", "风速"], ["fan", "fan speed"], [2, 3, 4, 5, 6], [1, 2], "档", ""),
    ("hvac.set_temperature", "value", "hvac.adjust_temperature", ["温度", "空调温度"], ["temperature", "temp"],
     [18, 20, 22, 24, 25, 26, 27, 28], [1, 2, 3], "度", " degrees"),
)


def set_versus_adjust(rng: random.Random, lang: str) -> Sample:
    """"调高到60" / "up to 60" sets the value; "调高10" / "up by 10" adjusts by that amount."""
    set_intent, slot, adj_intent, zh_nouns, en_nouns, values, amounts, zh_unit, en_unit = _c(rng, _TARGETS)
    up = rng.random() < 0.5
    to_target = rng.random() < 0.5
    n = _c(rng, values if to_target else amounts)
    if lang == "zh":
        noun = _c(rng, zh_nouns)
        verb = _c(rng, ["调高", "调大", "加", "升", "开大"] if up else ["调低", "调小", "降", "减", "关小"])
        said = L.say_number(n, "zh", rng, words_p=0.5, liang=not to_target) + zh_unit
        t = (_c(rng, ["{N}{V}到{X}", "把{N}{V}到{X}", "{N}再{V}到{X}", "{V}到{X}"]) if to_target else
             _c(rng, ["{N}{V}{X}", "把{N}{V}{X}", "{N}再{V}{X}", "{V}{X}"]))
        text = t.replace("{N}", noun).replace("{V}", verb).replace("{X}", said)
    else:
        noun = _c(rng, en_nouns)
        d = "up" if up else "down"
        said = L.say_number(n, "en", rng, words_p=0.4) + (en_unit.rstrip("s") if n == 1 else en_unit)
        t = (_c(rng, ["turn the {N} {D} to {X}", "{N} {D} to {X}", "bring the {N} {D} to {X}", "take the {N} {D} to {X}"])
             if to_target else
             _c(rng, ["turn the {N} {D} by {X}", "{N} {D} by {X}", "bump the {N} {D} {X}", "turn it {D} by {X}"]))
        text = t.replace("{N}", noun).replace("{D}", d).replace("{X}", said)
    if to_target:
        return Sample(text, [cmd(set_intent, **{slot: n})])
    return Sample(text, [cmd(adj_intent, direction="up" if up else "down", amount=n)])


def a_bit(rng: random.Random, lang: str) -> Sample:
    """"a bit" / "一点" / "稍微" carry no amount: the vehicle's default step applies."""
    intent, zh_up, zh_down, en_up, en_down = _c(rng, (
        ("hvac.adjust_temperature", ["温度稍微调高一点", "稍微暖和一点", "温度高一丢丢", "再热一点点"],
         ["温度稍微调低一点", "稍微凉快点", "温度低一点点", "稍微降点温"],
         ["warm it up a bit", "a touch warmer", "temperature up a little", "slightly warmer"],
         ["cool it down a bit", "a touch cooler", "temperature down a little", "slightly cooler"]),
        ("media.adjust_volume", ["声音稍微大一点", "音量加一点", "稍微大声点", "音量调高一点点"],
         ["声音稍微小一点", "音量减一点", "稍微小声点", "音量调低一点点"],
         ["turn it up a bit", "volume up a little", "a little louder please", "just a tad louder"],
         ["turn it down a bit", "volume down a little", "a little quieter please", "just a tad quieter"]),
        ("hvac.adjust_fan", ["风稍微大一点", "风量加一点", "风再大一丢丢"], ["风稍微小一点", "风量减一点", "风小一点点"],
         ["fan up a little", "a bit more air", "the fan a touch higher"], ["fan down a little", "a bit less air",
                                                                        "the fan a touch lower"]),
    ))
    up = rng.random() < 0.5
    text = _c(rng, (zh_up if up else zh_down) if lang == "zh" else (en_up if up else en_down))
    return Sample(text, [cmd(intent, direction="up" if up else "down")])


def max_level(rng: random.Random, lang: str) -> Sample:
    """最大 / 最高 / max is the top of the slot's range; 静个音 is mute."""
    r = rng.random()
    if r < 0.3:
        t = _c(rng, ["风量开到最大", "风速调到最高", "风开最大", "风量拉满"] if lang == "zh" else
               ["fan on max", "fan to the highest setting", "max out the fan", "blower all the way up"])
        return Sample(t, [cmd("hvac.set_fan", level=MAX_FAN)])
    if r < 0.55:
        intent = _c(rng, ["seat.heat", "seat.ventilate"])
        zone = _c(rng, [None, None, "driver", "passenger"])
        if lang == "zh":
            noun = "座椅加热" if intent == "seat.heat" else "座椅通风"
            z = "" if zone is None else _c(rng, L.ZONE_WORDS["zh"][zone])
            t = _c(rng, ["{Z}{N}开到最高档", "{Z}{N}调到最大", "{Z}{N}开最高", "把{Z}{N}开到最大档"])
            text = t.replace("{Z}", z).replace("{N}", noun)
        else:
            noun = "seat heater" if intent == "seat.heat" else "seat ventilation"
            np_ = zone_np(rng, "en", zone, noun) if zone else "the " + noun
            text = _c(rng, ["{N} on max", "{N} to the highest level", "turn {N} all the way up", "max {N}"]).replace(
                "{N}", np_)
        return Sample(text, [cmd(intent, on=True, level=MAX_SEAT, zone=zone)])
    if r < 0.75:
        t = _c(rng, ["音量调到最大", "声音开到最大", "音量拉满", "最大声"] if lang == "zh" else
               ["volume all the way up", "crank the volume to max", "max the volume", "volume to the top"])
        return Sample(t, [cmd("media.set_volume", value=MAX_VOLUME)])
    t = _c(rng, ["静个音", "静音一下", "先静个音吧", "静音静音", "让它安静会儿，静音"] if lang == "zh" else
           ["mute it for a sec", "shh, mute", "mute please", "can you mute that", "go quiet, mute"])
    return Sample(t, [cmd("media.mute", on=True)])


def percent_idiom(rng: random.Random, lang: str) -> Sample:
    """The contract's opening amounts: a crack / 一条缝 / 一点 = 20, half / 一半 = 50, nothing said = fully open."""
    sunroof = rng.random() < 0.35
    amount = _c(rng, [20, 50, None])
    zone = None if sunroof or rng.random() < 0.5 else _c(rng, ["driver", "passenger", "rear_left", "rear_right", "rear",
                                                                 "all"])
    if lang == "zh":
        noun = "天窗" if sunroof else zone_np(rng, "zh", zone, _c(rng, ["车窗", "窗户", "窗"]))
        said = {20: _c(rng, ["开条缝", "开个缝", "开一点", "开一丢丢", "开条小缝", "留条缝"]),
                50: _c(rng, ["开一半", "打开一半", "开到一半", "降一半"]),
                None: _c(rng, ["全打开", "打开", "开到底", "全部打开", "全开"])}[amount]
        text = _c(rng, ["{N}{S}", "把{N}{S}", "{N}给我{S}"]).replace("{N}", noun).replace("{S}", said)
    else:
        noun = "the sunroof" if sunroof else zone_np(rng, "en", zone, "window")
        said = {20: _c(rng, ["open {N} a crack", "crack {N}", "open {N} a little", "open {N} just a bit",
                             "crack {N} open a little"]),
                50: _c(rng, ["open {N} halfway", "{N} half open", "open {N} half way", "slide {N} halfway open"]),
                None: _c(rng, ["open {N} all the way", "open {N}", "open {N} fully", "{N} all the way open"])}[amount]
        text = said.replace("{N}", noun)
    if sunroof:
        return Sample(text, [cmd("sunroof.open", percent=amount)])
    return Sample(text, [cmd("window.open", zone=zone, percent=amount)])


def make_numbers(rng: random.Random, lang: str) -> Sample:
    maker = rng.choices([half_temperature, set_versus_adjust, a_bit, max_level], [2, 4, 2, 2.5])[0]
    return maker(rng, lang)
