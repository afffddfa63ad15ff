"""Traditional -> Simplified Chinese with OpenCC (``opencc-python-reimplemented``, pure Python).

Whisper often writes Mandarin in Traditional characters; the command model and the UI expect
Simplified. The converter is built once per process (its dictionaries take ~0.1 s to load).
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_converter = None


def _get():
    global _converter
    with _lock:
        if _converter is None:
            try:
                import opencc
            except ImportError as err:
                from multimodal.protocols import BackendUnavailable

                raise BackendUnavailable("Traditional->Simplified conversion needs OpenCC: "
                                         "`pip install opencc-python-reimplemented`") from err
            _converter = opencc.OpenCC("t2s")
        return _converter


def has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"
               for ch in text)


def to_simplified(text: str) -> str:
    """Convert Traditional characters to Simplified; text without Han characters is returned as is."""
    if not text or not has_han(text):
        return text
    return _get().convert(text)
