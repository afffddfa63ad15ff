"""Label-preserving rewrites: synonym swaps, fillers, scenario preambles, politeness, ASR-style surface noise.

Every rewrite leaves free-text slot values untouched (a rewrite that would change a span that
is copied into a slot is skipped), so the expected commands stay valid.
"""

from __future__ import annotations

import random
import re
from typing import Iterable

from multimodal.training.data import lexicons as L

# (pattern, replacements). Only meaning-preserving swaps; applied at most twice per sentence.
SYNONYMS = {
    "zh": [("打开", ["开启", "开一下", "开"]), ("关闭", ["关掉", "关了", "关上"]), ("调到", ["调成", "调至", "设为", "设到"]),
           ("帮我", ["给我", "替我", "帮忙"]), ("一点", ["一些", "点儿", "一点点"]), ("怎么样", ["如何", "咋样", "怎样"]),
           ("多少", ["几"]), ("我想", ["我要", "想"]), ("播放", ["放", "来点"]), ("导航到", ["导航去", "导到"]), ("现在", ["当前", "目前"])],
    "en": [("turn on", ["switch on", "put on"]), ("turn off", ["switch off", "shut off"]), ("what's", ["what is"]),
           ("can you", ["could you", "can u", "would you"]), ("please", ["pls", "plz", "kindly"]),
           ("I want", ["I'd like", "I wanna"]), ("the temperature", ["the temp"]), ("navigate to", ["nav to", "route me to"]),
           ("take me to", ["bring me to", "drive me to"]), ("a bit", ["a little", "a tad"]), ("going to", ["gonna"]),
           ("I'm", ["I am"]), ("it's", ["it is"])],
}


def _protected(text: str, values: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for v in values:
        for m in re.finditer(re.escape(v), text):
            spans.append((m.start(), m.end()))
    return spans


def synonym_rewrite(text: str, lang: str, rng: random.Random, protect: Iterable[str] = ()) -> str:
    protect = [p for p in protect if p]
    rules = list(SYNONYMS[lang])
    rng.shuffle(rules)
    changed = 0
    for pat, subs in rules:
        if changed >= 2:
            break
        idx = text.find(pat)
        if idx < 0:
            continue
        spans = _protected(text, protect)
        if any(s < idx + len(pat) and idx < e for s, e in spans):
            continue
        new = text[:idx] + rng.choice(subs) + text[idx + len(pat):]
        if all(p in new for p in protect):
            text, changed = new, changed + 1
    return text


_NOT_IMPERATIVE = {"i", "i'm", "i'd", "let's", "what", "what's", "how", "is", "are", "where", "where's", "why", "we're",
                   "my", "it's", "the", "do", "should", "will", "can", "could", "would"}


def politeness(text: str, lang: str, kind: str, rng: random.Random) -> str:
    if kind == "bare":
        return text
    if lang == "zh":
        if kind == "imp":
            if rng.random() < 0.35:
                text = rng.choice(L.ZH_PREFIX) + ("，" if rng.random() < 0.1 else "") + text
            if rng.random() < 0.22:
                text += rng.choice(L.ZH_SUFFIX)
        elif rng.random() < 0.15:
            text = rng.choice(["哎", "嗯", "唉", "我觉得", "感觉", "那个"]) + text + rng.choice(["", "啊", "呀", ""])
        return text
    if kind == "imp":
        first = text.split(" ", 1)[0].lower()
        # "can you I need to call…" is not English: only true imperatives take a request prefix.
        if rng.random() < 0.35 and first not in _NOT_IMPERATIVE:
            pre = rng.choice(L.EN_PREFIX)
            text = f"{pre} {text}"
        if rng.random() < 0.2:
            text = f"{text} {rng.choice(L.EN_SUFFIX)}" if rng.random() < 0.8 else f"{text}, {rng.choice(L.EN_SUFFIX)}"
    elif rng.random() < 0.15:
        text = f"{rng.choice(['hey', 'um', 'so', 'okay', 'hmm', 'uh'])} {text}"
    return text


def scene(text: str, lang: str, rng: random.Random) -> str:
    pre = rng.choice(L.ZH_SCENE if lang == "zh" else L.EN_SCENE)
    return pre + text if lang == "zh" else f"{pre} {text}"


def filler(text: str, lang: str, rng: random.Random, protect: Iterable[str] = ()) -> str:
    if lang == "zh":
        return rng.choice(L.ZH_FILLERS) + "，" + text if rng.random() < 0.6 else text + "，" + rng.choice(["嗯", "那个", "就这样"])
    words = text.split(" ")
    if len(words) < 3:
        return f"{rng.choice(L.EN_FILLERS)} {text}"
    i = rng.randrange(1, len(words))
    candidate = " ".join(words[:i] + [rng.choice(L.EN_FILLERS)] + words[i:])
    return candidate if all(p in candidate for p in protect if p) else text


def surface(text: str, lang: str, kind: str, rng: random.Random) -> str:
    """Punctuation and case as typed or transcribed."""
    question = kind == "stmt" and any(text.lower().startswith(w) for w in
                                      ("what", "how", "will", "is", "are", "do", "should", "where", "why", "any"))
    if lang == "zh":
        question = question or text.endswith(("吗", "呢", "多少", "怎么样", "如何", "怎么走", "几度", "什么意思"))
        r = rng.random()
        if r < 0.55:
            return text
        if r < 0.8:
            return text + ("？" if question else "。")
        return text + ("?" if question else rng.choice(["！", "!", "."]))
    r = rng.random()
    if r < 0.4 and text:
        text = text[0].upper() + text[1:]
    r = rng.random()
    if r < 0.5:
        return text
    if r < 0.85:
        return text + ("?" if question or text.lower().startswith(("can ", "could ", "would ")) else ".")
    return text + "!" if not question else text + "?"
