"""Chinese text -> the tone-numbered pinyin that espeak-ng's ``cmn-latn-pinyin`` voice reads.

espeak-ng's plain ``cmn`` voice reads Han characters through a small dictionary and says tone
digits aloud; its ``cmn-latn-pinyin`` voice reads ``da3 kai1`` as pinyin with tones, which is far
clearer. Arabic numbers are spelled out in Chinese first (``zh_numbers``) so that they get Mandarin
readings; Chinese punctuation becomes ASCII punctuation so espeak pauses on it.
"""

from __future__ import annotations

import re

from multimodal.text.zh_numbers import spell_numbers

_PUNCT = str.maketrans({"，": ",", "。": ".", "、": ",", "！": "!", "？": "?", "；": ";", "：": ":",
                        "（": " ", "）": " ", "“": " ", "”": " ", "《": " ", "》": " ", "…": "."})


def to_pinyin(text: str) -> str:
    """``打开座椅加热，温度22度`` -> ``da3 kai1 zuo4 yi3 jia1 re4 , wen1 du4 er4 shi2 er4 du4``."""
    from pypinyin import Style, lazy_pinyin

    text = spell_numbers(text).translate(_PUNCT)
    syllables = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors="default")
    return re.sub(r"\s+", " ", " ".join(s.strip() for s in syllables)).strip()
