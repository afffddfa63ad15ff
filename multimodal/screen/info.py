"""A ScreenInfo that can also say why it is empty or partial ("no text found", "unparseable model output").

`multimodal.protocols.ScreenInfo` has no place for notes, so readers return this subclass;
everything that takes a ScreenInfo still works, and ``to_dict`` adds ``"notes"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from multimodal.protocols import ScreenInfo


@dataclass(frozen=True)
class NotedScreenInfo(ScreenInfo):
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["notes"] = list(self.notes)
        return out


def notes_of(screen: ScreenInfo) -> tuple[str, ...]:
    return tuple(getattr(screen, "notes", ()))
