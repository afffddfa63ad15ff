"""Gradio, imported with its usage analytics off: every UI module takes ``gr`` from here.

Gradio reads ``GRADIO_ANALYTICS_ENABLED`` once, when it is first imported, so the switch must be set before
that import whichever UI module happens to be imported first.
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

__all__ = ["gr"]
