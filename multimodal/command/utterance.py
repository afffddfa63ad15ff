"""What the command readers read of an utterance: checked, past side talk before an address to the car, with the
English command words of a Chinese sentence in Chinese. Every backend and the guard read this same text."""

from __future__ import annotations

from typing import Any

from multimodal.command.address import spoken_to_the_car
from multimodal.protocols import CommandContext, check_utterance
from multimodal.text.code_switch import in_chinese


def heard(text: Any, context: CommandContext) -> str:
    """``text`` as the readers read it, or InputError (see `check_utterance`)."""
    return in_chinese(spoken_to_the_car(check_utterance(text), context.pending_question), context.screen_labels or ())
