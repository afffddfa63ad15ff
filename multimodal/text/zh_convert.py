"""Traditional -> Simplified Chinese with OpenCC (``opencc-python-reimplemented``, pure Python).

Whisper often writes Mandarin in Traditional characters; the command model and the UI expect
Simplified. The converter is built once per process (its dictionaries take ~0.1 s to load).
"""

from __future__ import annotations

from multimodal.errors import BackendUnavailable
from multimodal.once import Once
from multimodal.text.cjk import has_han


def _make_converter():
    try:
        import opencc
    except ImportError as err:
        raise BackendUnavailable("Traditional->Simplified conversion needs OpenCC: "
                                 "`pip install opencc-python-reimplemented`") from err
    return opencc.OpenCC("t2s")


_converter = Once(_make_converter)


def to_simplified(text: str) -> str:
    """Convert Traditional characters to Simplified; text without Han characters is returned as is."""
    if not text or not has_han(text):
        return text
    return _converter.get().convert(text)
