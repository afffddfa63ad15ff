"""Dialogue context: who is speaking, what was just done, what is being asked.

"再高一点" after a passenger temperature change goes to the passenger zone; "also the passenger" /
"副驾也要" repeats the last action for that zone (both answered here, before any model runs, with the
readers of multimodal/command/followup.py); the other follow-ups ("close it again", "调到三档", a free-worded
answer to a pending suggestion) are read by the command backend from ``command_context``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from multimodal.command.followup import relative, same_for_zone
from multimodal.protocols import CommandContext
from vehicle_state.commands import Command

# The intents without a zone slot inherit the zone of a recent zoned command of the same family.
_ZONE_FOLLOWERS = {"hvac.adjust_temperature": "hvac", "hvac.adjust_fan": "hvac"}


@dataclass(frozen=True)
class PendingQuestion:
    """A question the cockpit asked (a proactive suggestion) and awaits a yes/no for."""

    text: str
    commands: tuple[Command, ...]
    suggestion_id: str | None = None


@dataclass
class DialogueContext:
    speaker_zone: str = "driver"
    window_s: float = 30.0
    last_text: str | None = None
    last_commands: tuple[Command, ...] = ()
    last_zones: dict[str, str] = field(default_factory=dict)  # intent family -> zone last named
    last_time_s: float | None = None
    pending: PendingQuestion | None = None

    def in_window(self, now_s: float) -> bool:
        """True during the continuous-dialogue window after the last reply."""
        return self.last_time_s is not None and now_s - self.last_time_s <= self.window_s

    def command_context(self, screen_labels: tuple[str, ...] = (), now_s: float | None = None) -> CommandContext:
        """What the command backend may know; the previous turn only counts inside the dialogue window."""
        recent = now_s is None or self.in_window(now_s)
        return CommandContext(speaker_zone=self.speaker_zone, previous_text=self.last_text if recent else None,
                              previous_commands=self.last_commands if recent else (),
                              screen_labels=tuple(screen_labels),
                              pending_question=self.pending.text if self.pending else None)

    def zone_followup(self, text: str, now_s: float) -> tuple[Command, ...] | None:
        """'also the passenger' / '副驾也要': the last zoned action again for another zone."""
        if not self.last_commands or not self.in_window(now_s):
            return None
        return same_for_zone(text, self.last_commands)

    def relative_followup(self, text: str, now_s: float) -> tuple[Command, ...] | None:
        """'再高一点' / 'a bit more': adjust whatever was just set (temperature, fan or volume)."""
        if not self.last_commands or not self.in_window(now_s):
            return None
        return relative(text, self.last_commands)

    def default_zone_for(self, command: Command, now_s: float) -> str:
        """The zone a command without a zone slot applies to (a follow-up keeps the last zone)."""
        family = _ZONE_FOLLOWERS.get(command.intent)
        if family and self.in_window(now_s) and family in self.last_zones:
            return self.last_zones[family]
        return self.speaker_zone

    def remember(self, text: str, executed: list[Command], zones_used: dict[str, str], now_s: float) -> None:
        self.last_text, self.last_time_s = text, now_s
        if executed:
            self.last_commands = tuple(executed)
            self.last_zones.update(zones_used)
