"""Which characters are Chinese (Han ideographs), for language detection and script conversion."""

from __future__ import annotations

# CJK Unified Ideographs, Extension A, and the Compatibility Ideographs.
HAN_RANGES = (("\u4e00", "\u9fff"), ("\u3400", "\u4dbf"), ("\uf900", "\ufaff"))


def is_han(ch: str) -> bool:
    return any(lo <= ch <= hi for lo, hi in HAN_RANGES)


def has_han(text: str) -> bool:
    return any(is_han(ch) for ch in text)
