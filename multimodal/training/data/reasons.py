"""Reason + request: "好热啊，把车窗打开" is one command, the request; the reason adds nothing.

A speaker often says why before (or after) what: the weather, how they feel, noise, glare, a
smell, tiredness, hunger, being late, a sleeping child. The label is the request alone. The
comfort complaints the contract maps to a command ("好冷" -> temperature up) are also said alone
(``make_complaint_alone``), so the model learns the contrast: a complaint is a command only when
nothing else is asked for.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from multimodal.training.data.templates import Sample, _c, cmd, imperative


@dataclass(frozen=True)
class Reason:
    zh: tuple[str, ...]
    en: tuple[str, ...]
    # What a speaker plausibly asks for after this reason: "intent" or "intent:on" / "intent:off".
    requests: tuple[str, ...]
    alone: dict[str, Any] | None = None  # the command the contract reads into the complaint said alone


_DOWN, _UP = {"direction": "down"}, {"direction": "up"}
REASONS: tuple[Reason, ...] = (
    Reason(("好热啊", "热死了", "太热了", "车里跟蒸笼一样", "闷得要命", "热得我一身汗", "今天也太热了", "晒得发烫"),
           ("it's so hot", "I'm roasting", "man it's hot in here", "I'm sweating like crazy", "it's like an oven in here",
            "it's boiling today"),
           ("window.open", "sunroof.open", "hvac.ac:on", "hvac.set_temperature", "hvac.set_fan", "seat.ventilate:on",
            "hvac.power:on", "seat.heat:off", "hvac.recirculation:off"),
           cmd("hvac.adjust_temperature", **_DOWN)),
    Reason(("好冷", "冻死我了", "太冷了", "手都是冰的", "冷得发抖", "车里冰凉的", "有点凉飕飕的"),
           ("I'm freezing", "it's cold", "brr", "my hands are ice cold", "it's chilly in here", "I'm shivering"),
           ("window.close", "sunroof.close", "seat.heat:on", "hvac.set_temperature", "hvac.ac:off", "hvac.power:on",
            "seat.ventilate:off"),
           cmd("hvac.adjust_temperature", **_UP)),
    Reason(("下雨了", "外面下大雨了", "雨好大", "开始下雨了", "雨下进来了", "外面飘雨了"),
           ("it's raining", "it started raining", "it's pouring out", "rain's coming in", "it's drizzling"),
           ("window.close", "sunroof.close", "hvac.defrost:on", "hvac.recirculation:on")),
    Reason(("外面好吵", "噪音好大", "风噪太大了", "路上太吵了", "隔壁车喇叭按个不停"),
           ("it's so noisy outside", "the road noise is crazy", "too much wind noise", "that truck is so loud"),
           ("window.close", "sunroof.close", "media.adjust_volume:up", "media.set_volume")),
    Reason(("音乐太吵了", "声音太大了", "这也太响了", "耳朵受不了了"),
           ("the music is too loud", "that's way too loud", "my ears hurt", "it's blasting"),
           ("media.pause", "media.set_volume", "media.skip"),
           cmd("media.adjust_volume", **_DOWN)),
    Reason(("太阳好晒", "太刺眼了", "阳光太刺眼", "晒死了"),
           ("the sun is in my eyes", "the glare is awful", "the sun is blinding", "the sun is beating down on me"),
           ("sunroof.close", "window.close", "hvac.ac:on", "seat.ventilate:on")),
    Reason(("外面好臭", "前面那车尾气好大", "外面一股烟味", "路边有股怪味"),
           ("something stinks outside", "that truck's exhaust is nasty", "it smells like smoke out there"),
           ("hvac.recirculation:on", "window.close", "sunroof.close")),
    Reason(("车里有味道", "车里好闷", "有股烟味", "里面空气不好"),
           ("it smells in here", "it's stuffy in here", "the air in here is stale"),
           ("window.open", "sunroof.open", "hvac.recirculation:off", "hvac.power:on")),
    Reason(("好困", "有点犯困", "开得好累", "眼睛都睁不开了", "昨晚没睡好"),
           ("I'm getting sleepy", "I'm so tired", "I can barely keep my eyes open", "I didn't sleep last night"),
           ("window.open", "media.play", "media.adjust_volume:up", "hvac.set_temperature", "seat.massage:on",
            "sunroof.open")),
    Reason(("饿了", "肚子饿了", "还没吃饭呢", "饿得不行"),
           ("I'm starving", "I'm hungry", "we haven't eaten all day"),
           ("nav.navigate", "phone.call")),
    Reason(("要迟到了", "快来不及了", "赶时间", "约的时间快到了"),
           ("I'm running late", "we're late", "I'm in a hurry", "the meeting starts soon"),
           ("nav.avoid", "nav.navigate", "phone.call", "media.pause")),
    Reason(("孩子睡着了", "宝宝在睡觉", "小孩在后面睡觉", "老人在后排休息"),
           ("the baby is sleeping", "the kids just fell asleep", "the little one's napping", "grandma is asleep in the back"),
           ("media.adjust_volume:down", "media.pause", "media.set_volume", "light.reading:off", "window.close",
            "media.mute:on")),
    Reason(("我老婆说冷", "后排说有点热", "朋友晕车了", "我妈说风太大"),
           ("my wife says it's cold", "the folks in the back are hot", "my friend is carsick", "my mom says it's drafty"),
           ("window.open", "window.close", "hvac.set_temperature", "seat.heat:on", "hvac.set_fan")),
    Reason(("我认识路", "这条路我熟", "不用你带路了", "我知道怎么走"),
           ("I know the way", "I know where I'm going", "I can find it myself"),
           ("nav.cancel",)),
    Reason(("这歌太难听了", "听腻了", "这首我不喜欢"),
           ("I hate this song", "I'm sick of this song", "this song is terrible"),
           ("media.skip", "media.play", "media.pause"),
           cmd("media.skip", direction="next")),
    Reason(("看不清路", "玻璃上全是雾", "前面雾蒙蒙的"),
           ("I can't see the road", "the glass is all misty", "everything's fogged up"),
           ("hvac.defrost:on", "hvac.ac:on", "hvac.set_fan"),
           cmd("hvac.defrost", target="front", on=True)),
    Reason(("前面堵死了", "又堵车了", "这条路好堵"),
           ("traffic is backed up", "we're stuck in traffic", "this road is jammed"),
           ("nav.avoid", "media.play", "phone.call")),
    Reason(("后面太黑了", "有点暗", "看不清书上的字"),
           ("it's too dark back here", "I can't see anything back here", "I can't read in this light"),
           ("light.reading:on", "light.ambient")),
)

_ZH_FRAMES = ["{R}，{Q}", "{R}{Q}", "{R}啊，{Q}", "{R}，{Q}吧", "{R}，帮我{Q}", "{Q}，{R}", "{Q}吧，{R}", "因为{R}，{Q}",
              "{R}，所以{Q}", "{R}，赶紧{Q}", "哎{R}，{Q}", "{R}呢，{Q}", "{R}，还是{Q}吧", "{R}，要不{Q}吧", "{R}，你{Q}",
              "{R}，麻烦{Q}", "{R}。{Q}", "{R}，先{Q}"]
_EN_FRAMES = ["{R}, {q}", "{R} so {q}", "{R}, can you {q}", "{R}, please {q}", "{R}. {Q}", "{Q}, {r}", "{Q} because {r}",
              "since {r}, {q}", "{R}, just {q}", "ugh {r}, {q}", "{R}, could you {q} please", "{R}, {q} please",
              "{Q}, {r} you know", "{R} and I'd like you to {q}", "{R}, go ahead and {q}", "oh {r}, {q}"]


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _pick_request(rng: random.Random, lang: str, reason: Reason) -> Sample:
    spec = _c(rng, reason.requests)
    intent, _, state = spec.partition(":")
    return imperative(rng, lang, intent, on={"on": True, "off": False}.get(state))


def make_reason_request(rng: random.Random, lang: str) -> Sample:
    """A reason clause around one explicit request: the request's command only."""
    reason = _c(rng, REASONS)
    request = _pick_request(rng, lang, reason)
    r = _c(rng, reason.zh if lang == "zh" else reason.en)
    q = request.text
    if lang == "zh":
        text = _c(rng, _ZH_FRAMES).replace("{R}", r).replace("{Q}", q)
        text = text.replace("吧吧", "吧").replace("帮我帮我", "帮我")
    else:
        frame = _c(rng, _EN_FRAMES)
        text = (frame.replace("{R}", r[:1].upper() + r[1:]).replace("{r}", _lower(r))
                .replace("{Q}", q[:1].upper() + q[1:]).replace("{q}", _lower(q)))
    return Sample(text, [dict(request.commands[0])], "stmt")


def make_complaint_alone(rng: random.Random, lang: str) -> Sample:
    """The same complaints with nothing asked for: the contract's comfort reading (好冷 -> temperature up)."""
    reason = _c(rng, [r for r in REASONS if r.alone])
    text = _c(rng, reason.zh if lang == "zh" else reason.en)
    if lang == "zh" and rng.random() < 0.3:
        text += _c(rng, ["啊", "呀", "哎", "。"])
    return Sample(text, [dict(reason.alone)], "stmt")
