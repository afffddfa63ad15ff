"""What the HMI renderer drew: every control, text and warning with its box (the ground truth).

The renderer returns an `HmiLayout` beside the image, so tests, the evaluation and the turn
pipeline know exactly where each control is on the simulator's own screen without OCR.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from multimodal.protocols import Box, Control, ScreenInfo, ScreenWarning, TextBox

# The design grid is 1280x720 logical pixels; other sizes scale it uniformly.
DESIGN_WIDTH_PX = 1280
DESIGN_HEIGHT_PX = 720


@dataclass(frozen=True)
class DrawnControl:
    """A pressable control. ``label`` is the main text exactly as drawn; ``state_text`` the
    secondary text drawn inside the same button (a level, "开"), if any."""

    id: str
    label: str
    box: Box
    state: str | None = None  # "on" | "off" | a level "0".."3" | a source name …
    active: bool = False  # drawn highlighted
    state_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "box": list(self.box), "state": self.state,
                "active": self.active, "state_text": self.state_text}


@dataclass(frozen=True)
class DrawnText:
    """Display-only text (titles, values, the clock). ``role`` says which."""

    text: str
    box: Box
    role: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "box": list(self.box), "role": self.role}


@dataclass(frozen=True)
class DrawnWarning:
    """A warning banner (with text) or a status-bar icon (no text).

    ``active`` is the state's entry (``tire_pressure_low:front_left``); ``warning_id`` the
    knowledge-base key (``tire_pressure_low``) or None for a warning the KB does not know."""

    active: str
    warning_id: str | None
    text: str
    box: Box
    kind: str  # banner | icon

    def to_dict(self) -> dict[str, Any]:
        return {"active": self.active, "warning_id": self.warning_id, "text": self.text,
                "box": list(self.box), "kind": self.kind}


@dataclass(frozen=True)
class HmiLayout:
    width: int
    height: int
    lang: str
    controls: tuple[DrawnControl, ...] = ()
    texts: tuple[DrawnText, ...] = ()
    warnings: tuple[DrawnWarning, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)

    def control(self, control_id: str) -> DrawnControl:
        for c in self.controls:
            if c.id == control_id:
                return c
        raise KeyError(f"no control {control_id!r} on this screen; drawn: "
                       f"{', '.join(c.id for c in self.controls)}")

    def banners(self) -> tuple[DrawnWarning, ...]:
        return tuple(w for w in self.warnings if w.kind == "banner")

    def to_dict(self) -> dict[str, Any]:
        return {"width": self.width, "height": self.height, "lang": self.lang,
                "controls": [c.to_dict() for c in self.controls],
                "texts": [t.to_dict() for t in self.texts],
                "warnings": [w.to_dict() for w in self.warnings]}

    def to_screen_info(self) -> ScreenInfo:
        """The truth as a ScreenInfo (controls keep their ids), so the pipeline can skip OCR on
        the simulator's own screen and the evaluation can compare a reader against it."""
        texts = [TextBox(t.text, t.box) for t in self.texts]
        texts += [TextBox(c.label, c.box) for c in self.controls]
        texts += [TextBox(w.text, w.box) for w in self.warnings if w.text]
        return ScreenInfo(
            width=self.width, height=self.height, texts=tuple(texts),
            controls=tuple(Control(c.label, c.box, c.id, c.state) for c in self.controls),
            warnings=tuple(ScreenWarning(w.text, w.box, w.warning_id) for w in self.warnings if w.text),
        )


@dataclass(frozen=True)
class Rect:
    """A rectangle on the design grid (floats); `scaled` maps it to image pixels."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def w(self) -> float:
        return self.x1 - self.x0

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    def inset(self, dx: float, dy: float | None = None) -> "Rect":
        dy = dx if dy is None else dy
        return Rect(self.x0 + dx, self.y0 + dy, self.x1 - dx, self.y1 - dy)

    def split_x(self, n: int, gap: float) -> list["Rect"]:
        """``n`` equal columns with ``gap`` between them."""
        width = (self.w - gap * (n - 1)) / n
        return [Rect(self.x0 + i * (width + gap), self.y0, self.x0 + i * (width + gap) + width, self.y1)
                for i in range(n)]

    def split_y(self, n: int, gap: float) -> list["Rect"]:
        height = (self.h - gap * (n - 1)) / n
        return [Rect(self.x0, self.y0 + i * (height + gap), self.x1, self.y0 + i * (height + gap) + height)
                for i in range(n)]


@dataclass(frozen=True)
class Grid:
    """The fixed regions of the screen on the design grid."""

    status_bar: Rect = Rect(0, 0, 1280, 52)
    banner_row: Rect = Rect(16, 58, 1264, 102)
    climate: Rect = Rect(16, 110, 628, 440)
    seats: Rect = Rect(16, 448, 628, 704)
    media: Rect = Rect(644, 110, 1264, 440)
    nav: Rect = Rect(644, 448, 1264, 704)


GRID = Grid()
