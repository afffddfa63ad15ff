"""The safety policy: the last gate before a command touches the vehicle.

The command model already labels driving controls as ``unsupported/unsafe``; this layer does
not trust it to. It refuses every ``unsupported`` command and applies state rules that no
utterance can override.
"""

from __future__ import annotations

from dataclasses import dataclass

from .commands import REASON_OUT_OF_DOMAIN, REASON_UNSAFE, Command
from .state import VehicleState


@dataclass(frozen=True)
class Refusal:
    """Why a command is not carried out: a machine code and the reply in each language."""

    code: str
    zh: str
    en: str

    def reply(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class SafetyPolicy:
    sunroof_max_open_speed_kph: float = 120.0

    def check(self, cmd: Command, state: VehicleState) -> Refusal | None:
        if cmd.intent == "unsupported":
            if cmd.slots.get("reason") == REASON_UNSAFE:
                return Refusal(REASON_UNSAFE, "为了行车安全，这个操作我不能执行。",
                               "For your safety, I can't do that.")
            return Refusal(REASON_OUT_OF_DOMAIN, "抱歉，这个我暂时还做不到。", "Sorry, I can't help with that yet.")
        speed = state["speed_kph"]
        if cmd.intent == "sunroof.open" and speed > self.sunroof_max_open_speed_kph:
            limit = self.sunroof_max_open_speed_kph
            return Refusal("speed_limit",
                           f"车速超过{limit:g}公里每小时时不能打开天窗，请减速后再试。",
                           f"The sunroof can't open above {limit:g} km/h; slow down and try again.")
        return None


DEFAULT_POLICY = SafetyPolicy()
