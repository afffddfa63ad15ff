"""Backend registry: ``load(role, name)`` in the style of openai/whisper's ``load_model``.

Entries are ``module:Class`` strings so listing backends imports nothing heavy. A backend
class takes keyword options in ``__init__`` and has a classmethod ``describe() -> BackendInfo``
that says (cheaply, without loading weights) whether it can run here.

``BackendPlan`` is the one record of which backend, with which options, plays each role; the UI,
a cockpit session and a scenario run all take one.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from multimodal.protocols import BackendInfo, BackendUnavailable

ROLES = ("command", "asr", "screen", "tts")

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

__all__ = ["ROLES", "BACKENDS", "DEFAULTS", "UnknownBackend", "BackendUnavailable", "BackendChoice",
           "BackendPlan", "backend_class", "check_name", "load", "describe"]


class UnknownBackend(ValueError):
    """A role or backend name the registry does not know; the message lists the valid ones."""

    def __init__(self, message: str, role: str | None = None):
        super().__init__(message)
        self.role = role


def check_name(role: str, name: str | None) -> str:
    """The registry name for ``name`` (``None`` = the role's default), or UnknownBackend."""
    if role not in BACKENDS:
        raise UnknownBackend(f"unknown backend role {role!r}; roles: {', '.join(BACKENDS)}")
    name = name or DEFAULTS[role]
    if name not in BACKENDS[role]:
        raise UnknownBackend(f"unknown {role} backend {name!r}; valid: {', '.join(BACKENDS[role])}", role)
    return name


def backend_class(role: str, name: str | None = None) -> type:
    """The class registered as ``name`` for ``role``, imported (its weights are not loaded)."""
    name = check_name(role, name)
    module_name, _, cls_name = BACKENDS[role][name].partition(":")
    try:
        return getattr(importlib.import_module(module_name), cls_name)
    except ModuleNotFoundError as err:
        if err.name and module_name.startswith(err.name):
            raise BackendUnavailable(f"{role} backend {name!r} is not available yet "
                                     f"({module_name} is not in this checkout)") from err
        raise BackendUnavailable(f"{role} backend {name!r} needs a missing package: {err.name} "
                                 f"(pip install {err.name})") from err
    except (ImportError, AttributeError) as err:
        raise BackendUnavailable(f"{role} backend {name!r} cannot be loaded: {err}") from err


def load(role: str, name: str | None = None, **options: Any) -> Any:
    """Create a backend by registry name (``None`` = the default for ``role``)."""
    return backend_class(role, name)(**options)


def describe(role: str) -> list[BackendInfo]:
    """Every registered backend of a role, with whether it is available here."""
    infos = []
    for name in BACKENDS[role]:
        try:
            infos.append(backend_class(role, name).describe())
        except BackendUnavailable as err:
            infos.append(BackendInfo(name, role, (), False, f"not installed: {err.__cause__ or err}"))
    return infos


# ----------------------------------------------------------------- which backend plays each role
class _FrozenDict(dict):
    """A dict usable as part of a cache key (options are never mutated after the plan is made)."""

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items())))


def _hashable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return _FrozenDict({k: _hashable(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    return value


@dataclass(frozen=True)
class BackendChoice:
    """One role's backend: a registry name and the keyword options its class takes."""

    name: str | None = None  # None = the registry default for the role
    options: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # simulator.models keys its shared instances by the options, so they must be hashable.
        object.__setattr__(self, "options", _hashable(dict(self.options)))


@dataclass(frozen=True)
class BackendPlan:
    """One choice per role; ``None`` = the role is off (the command role is always on)."""

    command: BackendChoice = BackendChoice()
    asr: BackendChoice | None = BackendChoice()
    screen: BackendChoice | None = BackendChoice()
    tts: BackendChoice | None = BackendChoice()

    def choice(self, role: str) -> BackendChoice | None:
        if role not in ROLES:
            raise UnknownBackend(f"unknown backend role {role!r}; roles: {', '.join(ROLES)}")
        return getattr(self, role)

    def name(self, role: str) -> str | None:
        """The registry name playing ``role`` (defaults filled in), or None when the role is off."""
        choice = self.choice(role)
        return None if choice is None else (choice.name or DEFAULTS[role])

    def options(self, role: str) -> dict[str, Any]:
        """The role's backend options (hashable; empty when the role is off)."""
        choice = self.choice(role)
        return _FrozenDict() if choice is None else choice.options  # type: ignore[return-value]

    def with_role(self, role: str, name: str | None, **options: Any) -> BackendPlan:
        self.choice(role)
        return replace(self, **{role: BackendChoice(name, options)})

    def without(self, role: str) -> BackendPlan:
        """The same plan with ``role`` off."""
        if role == "command":
            raise ValueError("the command role cannot be off: the cockpit needs a command model")
        self.choice(role)
        return replace(self, **{role: None})

    @classmethod
    def from_flags(cls, command: str | None = None, asr: str | None = None, screen: str | None = None,
                   tts: str | None = None, options: Mapping[str, Mapping[str, Any]] | None = None,
                   off: tuple[str, ...] = ("none", "off"), check: bool = True) -> BackendPlan:
        """A plan from CLI-style names: None = the default, a word in ``off`` = the role is off.

        With ``check`` an unknown name raises UnknownBackend (its ``.role`` says which); without,
        it surfaces when the backend is loaded. ``options`` maps a role to its backend's options.
        """
        options = options or {}
        choices: dict[str, BackendChoice | None] = {}
        for role, value in (("command", command), ("asr", asr), ("screen", screen), ("tts", tts)):
            if value is not None and value.lower() in off:
                if role == "command":
                    raise ValueError("the command role cannot be off: the cockpit needs a command model")
                choices[role] = None
            else:
                if check:
                    check_name(role, value)
                choices[role] = BackendChoice(value, options.get(role, {}))
        return cls(**choices)  # type: ignore[arg-type]
