"""Clean-ups applied to every Whisper transcript, whatever the backend.

Whisper's known failure modes on short, noisy or synthetic command audio are (1) looping on a
token ("卡卡卡卡…", "5,5,5,5…") and (2) echoing the initial prompt when it hears nothing it
recognises. Both are cut here, after decoding, so a bad clip yields a short wrong text rather
than a long hallucination that the command model would then act on.
"""

from __future__ import annotations

import re

from multimodal.text.zh_convert import to_simplified

# A unit of 1-12 characters repeated 4+ times in a row is a decoding loop, not speech.
_LOOP = re.compile(r"(.{1,12}?)(?:\s*[,，、.。]?\s*\1){3,}", re.S)
_PUNCT = "，。、！？,.!?；;：: "


def collapse_loops(text: str) -> str:
    return _LOOP.sub(lambda m: m.group(1), text)


def strip_prompt_echo(text: str, prompt: str | None, min_chars: int = 4) -> str:
    """Remove copies of the prompt, or of any piece of it ``min_chars`` or longer, from the output.

    Whisper echoes fragments too ("以下是普通话。", "普通话的句子。"). Four characters keep real
    speech that shares a short word with the prompt (普通话, 以下是) intact.
    """
    if not prompt:
        return text
    core = prompt.strip(_PUNCT)
    for size in range(len(core), min_chars - 1, -1):
        for start in range(len(core) - size + 1):
            piece = core[start:start + size]
            if piece in text:
                text = text.replace(piece, "")
    return re.sub(r"^[\s" + re.escape(_PUNCT) + r"]+(?=\S)", "", text)


def clean_transcript(text: str, lang: str, prompt: str | None = None) -> str:
    text = strip_prompt_echo(text, prompt)
    text = collapse_loops(text)
    if lang == "zh":
        text = to_simplified(text)
        # Whisper puts spaces between Chinese segments; they are not part of Chinese writing.
        text = re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    # Removing an echo can leave "座,。": keep the last mark of a run, none at the start.
    text = re.sub(r"[,，、;；:：]+\s*([,，。.!！?？、;；:：])", r"\1", text)
    text = re.sub(r"^[" + re.escape(_PUNCT) + r"]+", "", text)
    return text if text.strip(_PUNCT) else ""
