"""Arabic numbers -> Chinese numerals (``22.5`` -> 二十二点五, ``80%`` -> 百分之八十, ``-5`` -> 负五).

Used to read numbers aloud in Mandarin (TTS) and to compare transcripts that write the same
number two ways (ASR evaluation).
"""

from __future__ import annotations

import re

_DIGITS = "零一二三四五六七八九"
_NUMBER = re.compile(r"(?<![\d.])(-?)(\d+)(?:\.(\d+))?(%?)")


def _below_10000(n: int) -> str:
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero and out:
                out += "零"
            out += _DIGITS[d] + unit
            zero = False
        elif out:
            zero = True
    return out


def int_to_chinese(n: int) -> str:
    """0 -> 零, 12 -> 十二, 105 -> 一百零五, 10086 -> 一万零八十六; digit by digit from 10^16."""
    if n == 0:
        return "零"
    if n >= 10 ** 16:
        return "".join(_DIGITS[int(d)] for d in str(n))
    parts, out, need_zero = [], "", False
    for unit in ("", "万", "亿", "万亿"):
        parts.append((n % 10000, unit))
        n //= 10000
        if not n:
            break
    for group, unit in reversed(parts):
        if group == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or group < 1000):
            out += "零"
        out += _below_10000(group) + unit
        need_zero = False
    # 十二 not 一十二 at the start, as people say it.
    return out[1:] if out.startswith("一十") else out


def spell_numbers(text: str) -> str:
    def repl(m: re.Match) -> str:
        sign, whole, frac, pct = m.groups()
        words = int_to_chinese(int(whole))
        if frac:
            words += "点" + "".join(_DIGITS[int(d)] for d in frac)
        if pct:
            words = "百分之" + words
        return ("负" if sign else "") + words

    return _NUMBER.sub(repl, text)
