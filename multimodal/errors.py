"""The two errors every backend and input check raises (stdlib only, so every part of multimodal/ may
import them; ``multimodal.protocols`` re-exports both)."""

from __future__ import annotations


class BackendUnavailable(RuntimeError):
    """A backend cannot run here; the message says what to install or where to put weights."""


class InputError(ValueError):
    """Bad user input (empty/corrupt/silent/too long audio, not an image, …).

    ``code`` is stable and machine-readable (``audio-empty``, ``image-not-an-image``…);
    the message is one human sentence.
    """

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
