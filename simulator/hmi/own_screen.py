"""The simulator's own center screen for a vehicle state: the one place the live state is drawn.

The pipeline reads it (a "rendered" screen), the UI shows it, scenario reports and failure records keep
a picture of it. PIL is imported on first use, not at import time.
"""

from __future__ import annotations

from typing import Any, Mapping

from multimodal.protocols import ScreenInfo
from vehicle_state.state import VehicleState


def render_own_screen(state: VehicleState | Mapping[str, Any], lang: str) -> tuple[Any, ScreenInfo]:
    """(PIL image, ScreenInfo whose controls carry their ids) for ``state`` (a VehicleState or flat values)."""
    from simulator.hmi.renderer import render_screen

    image, layout = render_screen(state, lang)
    return image, layout.to_screen_info()


def render_world_screen(world: Any, lang: str) -> tuple[Any, VehicleState]:
    """The screen of a running world now: (PIL image, the state it shows), read under the world's lock."""
    with world.lock:
        state = world.state.copy()
    image, _ = render_own_screen(state, lang)
    return image, state
