"""Backend registry: ``load(kind, name_or_path)`` in the style of openai/whisper's ``load_model``.

Entries are ``module:Class`` strings so listing backends imports nothing heavy. A backend
class takes keyword options in ``__init__`` and has a classmethod ``describe() -> BackendInfo``
that says (cheaply, without loading weights) whether it can run here.
"""

from __future__ import annotations

import importlib
from typing import Any

from multimodal.protocols import BackendInfo

BACKENDS: dict[str, dict[str, str]] = {
    "asr": {
        "faster-whisper": "multimodal.asr.faster_whisper:FasterWhisperTranscriber",
        "openai-whisper": "multimodal.asr.openai_whisper:OpenAIWhisperTranscriber",
        "fake": "multimodal.fakes:FakeTranscriber",
    },
    "tts": {
        "pyttsx3": "multimodal.tts.pyttsx3_speaker:Pyttsx3Speaker",
        "fake": "multimodal.fakes:FakeSpeaker",
    },
    "screen": {
        "ocr": "multimodal.screen.ocr:OcrScreenReader",
        "qwen2-vl": "multimodal.screen.qwen_vl:QwenVLScreenReader",
        "fake": "multimodal.fakes:FakeScreenReader",
    },
    "command": {
        "sft": "multimodal.command.sft:SftCommandModel",
        "rules": "multimodal.command.rules:RulesCommandModel",
        "openai": "multimodal.command.openai_compat:OpenAICommandModel",
        "fake": "multimodal.fakes:FakeCommandModel",
    },
}

DEFAULTS = {"asr": "faster-whisper", "tts": "pyttsx3", "screen": "ocr", "command": "sft"}


class UnknownBackend(ValueError):
    pass


def _resolve(kind: str, name: str) -> type:
    if kind not in BACKENDS:
        raise UnknownBackend(f"unknown backend kind {kind!r}; kinds: {', '.join(BACKENDS)}")
    entry = BACKENDS[kind].get(name)
    if entry is None:
        raise UnknownBackend(f"unknown {kind} backend {name!r}; valid: {', '.join(BACKENDS[kind])}")
    module_name, _, cls_name = entry.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, cls_name)


def load(kind: str, name: str | None = None, **options: Any) -> Any:
    """Create a backend by registry name (``None`` = the default for ``kind``)."""
    return _resolve(kind, name or DEFAULTS[kind])(**options)


def describe(kind: str) -> list[BackendInfo]:
    """Every registered backend of a kind, with whether it is available here."""
    infos = []
    for name in BACKENDS[kind]:
        try:
            infos.append(_resolve(kind, name).describe())
        except ImportError as err:
            infos.append(BackendInfo(name, kind, (), False, f"not installed: {err}"))
    return infos
