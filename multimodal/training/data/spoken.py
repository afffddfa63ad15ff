"""Spoken surface: how an utterance looks after a person says it and Whisper writes it down.

People pause where a writer puts a comma, or not at all, and Whisper puts commas and full stops
where it hears pauses. A model trained only on written commas learns to read a comma as a command
boundary (and adds a command for a reason clause); these rewrites teach it to read meaning instead.
Every rewrite keeps free-text slot values intact (a record whose value contains a clause mark is
left alone) and never splits a word, so the labels stay true.
"""

from __future__ import annotations

import random
import re
from typing import Iterable

_ZH_MARKS = "，。！？、；"
_EN_MARKS = ",.!?;"
_ZH_CLAUSE = re.compile(r"[，。！？；,!?;]|\.(?!\d)")  # not the point of 22.5
_EN_CLAUSE = re.compile(r"(?<=\S)[,.!?;](?=\s|$)")
_EN_QUESTION_STARTS = ("what", "how", "can ", "could ", "would ", "is ", "are ", "will ", "do ", "should ",
                       "where", "why", "any ")
ZH_SPOKEN_FILLERS = ["呃", "嗯", "那个", "就是", "呃那个", "嗯嗯", "额"]
EN_SPOKEN_FILLERS = ["uh", "um", "uh,", "um,", "so", "like", "er", "hmm"]


def _marks(lang: str) -> str:
    return _ZH_MARKS if lang == "zh" else _EN_MARKS


def _safe(protect: Iterable[str], lang: str) -> bool:
    return not any(ch in _marks(lang) + ",.!?" for value in protect for ch in value)


def restyle_pauses(text: str, lang: str, rng: random.Random) -> str:
    """Each inner clause mark is kept, dropped, or becomes a space, as one speaker's pauses would be."""
    style = rng.choice(["drop", "space", "space", "keep_some", "whisper"])
    pattern = _ZH_CLAUSE if lang == "zh" else _EN_CLAUSE

    def one(m: re.Match) -> str:
        if m.end() >= len(text):
            return m.group(0)  # the final mark is the end of the sentence, handled by ``whisper_end``
        if style == "drop":
            return ""
        if style == "space":
            return " "
        if style == "whisper":
            return "，" if lang == "zh" else ","
        return m.group(0) if rng.random() < 0.5 else " "

    out = pattern.sub(one, text)
    if lang == "en" and style in ("drop", "space", "keep_some"):
        # A sentence that now runs on starts no new capital ("hot Open the window" -> "hot open the window").
        out = re.sub(r"(?<=[a-z]) ([A-Z])(?=[a-z]+ )", lambda m: " " + m.group(1).lower(), out)
    return " ".join(out.split()) if lang == "en" else re.sub(r" +", " ", out).strip()


def insert_filler(text: str, lang: str, rng: random.Random) -> str:
    """A hesitation at the start or at a clause boundary (a space or a mark), never inside a word."""
    fillers = ZH_SPOKEN_FILLERS if lang == "zh" else EN_SPOKEN_FILLERS
    word = rng.choice(fillers)
    sep_after = rng.choice(["", " ", "，"]) if lang == "zh" else " "
    if rng.random() < 0.55:
        return f"{word}{sep_after}{text}" if lang == "zh" else f"{word} {text[:1].lower()}{text[1:]}"
    bounds = [m.end() for m in re.finditer(r"[，。,;；]\s*|(?<=[^\s])\s(?=\S)" if lang == "zh" else r"[,;]\s+", text)
              if m.end() < len(text)]
    if not bounds:
        return f"{word}{sep_after}{text}" if lang == "zh" else f"{word} {text}"
    at = rng.choice(bounds)
    glue = "" if lang == "zh" else " "
    return f"{text[:at]}{word}{sep_after if lang == 'zh' else ''}{glue}{text[at:]}".replace("  ", " ")


def whisper_end(text: str, lang: str, rng: random.Random) -> str:
    """Whisper ends most sentences with a full stop (or a question mark), a typist often with nothing."""
    bare = text.rstrip(_marks(lang) + "!?.").rstrip()
    if not bare:
        return text
    if rng.random() < 0.4:
        return bare
    if lang == "zh":
        if bare.endswith(("吗", "呢", "么")):
            return bare + "？"
        return bare + ("。" if rng.random() < 0.85 else "！")
    question = bare.lower().startswith(_EN_QUESTION_STARTS)
    return bare + ("?" if question else "." if rng.random() < 0.9 else "!")


def spoken(text: str, lang: str, rng: random.Random, protect: Iterable[str] = ()) -> str:
    """One spoken-style rendering of ``text`` (pauses restyled, maybe a filler, sentence end as heard)."""
    protect = [p for p in protect if p]
    if not _safe(protect, lang):
        return text
    out = restyle_pauses(text, lang, rng)
    if rng.random() < 0.4:
        out = insert_filler(out, lang, rng)
    out = whisper_end(out, lang, rng)
    if lang == "en" and not protect and rng.random() < 0.3:
        out = out.lower()  # only without free text: a name keeps the case it is copied with
    return out if all(p in out for p in protect) else text
