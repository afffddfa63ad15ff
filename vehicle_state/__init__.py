"""The pure vehicle domain: signals, state, the command contract, safety and apply.

Imports nothing beyond the standard library.
"""

from .apply import ApplyContext, Outcome, apply, apply_all, join_replies
from .commands import (
    INTENTS, ZONES, Command, CommandValidationError, commands_equal, parse_commands_json,
    validate_command, validate_commands,
)
from .signals import SIGNALS, Signal, UnknownSignalError
from .state import VehicleState, parse_assignment

__all__ = [
    "ApplyContext", "Outcome", "apply", "apply_all", "join_replies", "INTENTS", "ZONES", "Command",
    "CommandValidationError", "commands_equal", "parse_commands_json", "validate_command",
    "validate_commands", "SIGNALS", "Signal", "UnknownSignalError", "VehicleState", "parse_assignment",
]
