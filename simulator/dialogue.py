"""Dialogue context: who is speaking, what was just done, what is being asked.

Follow-ups work here, not in the command model: "再高一点" after a passenger temperature change
goes to the passenger zone; "also the passenger" / "副驾也要" repeats the last action for that zone;
"yes"/"好的" answers a pending suggestion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from multimodal.protocols import CommandContext
from multimodal.text.lexicon import zone_named
from vehicle_state.commands import INTENTS, Command

# The intents without a zone slot inherit the zone of a recent zoned command of the same family.
_ZONE_FOLLOWERS = {"hvac.adjust_temperature": "hvac", "hvac.adjust_fan": "hvac"}

# The zone itself is checked by the lexicon (`zone_named`): these patterns only find where it is.
_ZH_ALSO = re.compile(r"^(?:那)?(?P<zone>.+?)(?:座椅|座位|那边|这边)?(?:也|也要|也来|也开|也一样|也是|同样|一样)(?:一下|一个|吧|啊|呀|的)*[。！!.]?$")
_EN_ALSO = re.compile(r"^(?:and\s+)?(?:(?:also|same)\s+(?:for\s+)?(?:the\s+)?(?P<z1>[a-z ]+?)(?:\s+(?:seat|side|too))?"
                      r"|(?:the\s+)?(?P<z2>[a-z ]+?)(?:\s+(?:seat|side))?\s+too)[.!]?$")


_REL_ZH = re.compile(r"^(?:那)?(?:再|还|稍微|再稍微|再调|调)?(?P<w>高|低|大|小|热|冷|暖|凉|强|弱)(?:一点儿|一点|一些|点儿|点|些)?"
                     r"(?:吧|呢|啊|呀)?[。！!]?$")
_REL_EN = re.compile(r"^(?:(?:make it|turn it|a (?:little|bit|tad)|just a bit|slightly|even|bit|some)\s+)*"
                     r"(?P<w>higher|lower|warmer|cooler|colder|hotter|louder|quieter|softer|more|less|up|down)"
                     r"(?:\s+(?:a (?:little|bit)|a bit more|please|more|still))*[.!]?$")
_UP_WORDS = {"高", "大", "热", "暖", "强", "higher", "warmer", "hotter", "louder", "more", "up"}
# What "a bit more" adjusts, by the family of the last command.
_RELATIVE_TARGETS = (
    (("hvac.set_temperature", "hvac.adjust_temperature"), "hvac.adjust_temperature"),
    (("hvac.set_fan", "hvac.adjust_fan"), "hvac.adjust_fan"),
    (("media.set_volume", "media.adjust_volume"), "media.adjust_volume"),
)


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

    def command_context(self, screen_labels: tuple[str, ...] = ()) -> CommandContext:
        return CommandContext(speaker_zone=self.speaker_zone, previous_text=self.last_text,
                              previous_commands=self.last_commands, screen_labels=tuple(screen_labels),
                              pending_question=self.pending.text if self.pending else None)

    def zone_followup(self, text: str, now_s: float) -> tuple[Command, ...] | None:
        """'also the passenger' / '副驾也要': the last zoned action again for another zone."""
        if not self.last_commands or not self.in_window(now_s):
            return None
        zone = None
        m = _ZH_ALSO.match(text.strip())
        if m:
            zone = zone_named(m.group("zone"))
        else:
            m = _EN_ALSO.match(text.strip().lower())
            if m:
                zone = zone_named(m.group("z1") or m.group("z2") or "")
        if zone is None:
            return None
        repeated = tuple(replace(c, slots={**c.slots, "zone": zone}) for c in self.last_commands
                         if "zone" in INTENTS[c.intent].slots)
        return repeated or None

    def relative_followup(self, text: str, now_s: float) -> tuple[Command, ...] | None:
        """'再高一点' / 'a bit more': adjust whatever was just set (temperature, fan or volume)."""
        if not self.last_commands or not self.in_window(now_s):
            return None
        m = _REL_ZH.match(text.strip()) or _REL_EN.match(text.strip().lower())
        if not m:
            return None
        word = m.group("w")
        for command in reversed(self.last_commands):
            for sources, target in _RELATIVE_TARGETS:
                if command.intent in sources:
                    if word in ("热", "暖", "冷", "凉", "warmer", "cooler", "colder", "hotter") \
                            and target != "hvac.adjust_temperature":
                        return None
                    if word in ("louder", "quieter", "softer") and target != "media.adjust_volume":
                        return None
                    up = word in _UP_WORDS
                    if word in ("冷", "凉", "cooler", "colder"):
                        up = False
                    return (Command(target, {"direction": "up" if up else "down"}),)
        return None

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
