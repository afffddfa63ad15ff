"""What the page's event handlers share: the session key, the private-event flag, the latest turn."""

from __future__ import annotations

from typing import Any

from simulator.ui.gradio_import import gr
from simulator.ui.sessions import UiSession

# Page events are not part of the automation API: only /say, /listen and /state are (simulator.ui.api).
PRIVATE = {"api_visibility": "private"}


def session_key(request: gr.Request | None) -> str | None:
    """The browser session (or API client) a request comes from; the key of its world in SessionManager."""
    return getattr(request, "session_hash", None) if request is not None else None


def last_result(ui: UiSession) -> Any:
    """The latest turn's result of a session, or None before the first turn."""
    return ui.turns[-1].result if ui.turns else None
