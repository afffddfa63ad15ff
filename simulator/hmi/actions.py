"""What pressing a control on the simulator's own screen means, as contract commands.

``commands_for_control(control_id, state)`` maps a control id from the renderer's layout and
the current state to the commands a press stands for; the pipeline applies them through
``vehicle_state.apply`` like any spoken command. Only control ids map to actions: screen
text never does (text on a screen is data, not instructions).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from vehicle_state.commands import Command, validate_command
from vehicle_state.signals import SEATS
from vehicle_state.state import VehicleState

MAX_SEAT_LEVEL = 3


class UnknownControl(KeyError):
    def __init__(self, control_id: str):
        self.message = (f"no action for control {control_id!r}; known controls: "
                        f"{', '.join(sorted(ACTIONS))}")
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


def _cmd(intent: str, **slots: Any) -> Command:
    return validate_command({"intent": intent, "slots": slots})


def _toggle(intent: str, signal: str) -> Callable[[VehicleState], list[Command]]:
    return lambda s: [_cmd(intent, on=not s[signal])]


def _seat_cycle(kind: str, intent: str, seat: str) -> Callable[[VehicleState], list[Command]]:
    # One press steps the level up (off -> 1 -> 2 -> 3 -> off), as most cars do.
    def action(s: VehicleState) -> list[Command]:
        level = s[f"seat.{kind}_level.{seat}"]
        if level >= MAX_SEAT_LEVEL:
            return [_cmd(intent, on=False, zone=seat)]
        return [_cmd(intent, on=True, level=level + 1, zone=seat)]
    return action


def _play_pause(s: VehicleState) -> list[Command]:
    return [_cmd("media.pause")] if s["media.playing"] else [_cmd("media.play")]


def _avoid_congestion(s: VehicleState) -> list[Command]:
    # The contract has no "stop avoiding"; pressing an active avoid button asks again (a no-op).
    return [_cmd("nav.avoid", what="congestion")]


def _build() -> dict[str, Callable[[VehicleState], list[Command]]]:
    actions: dict[str, Callable[[VehicleState], list[Command]]] = {
        "hvac.power": _toggle("hvac.power", "hvac.power"),
        "hvac.ac": _toggle("hvac.ac", "hvac.ac"),
        "hvac.auto": _toggle("hvac.auto", "hvac.auto"),
        "hvac.recirculation": _toggle("hvac.recirculation", "hvac.recirculation"),
        "defrost.front": lambda s: [_cmd("hvac.defrost", target="front", on=not s["hvac.defrost.front"])],
        "defrost.rear": lambda s: [_cmd("hvac.defrost", target="rear", on=not s["hvac.defrost.rear"])],
        "media.play_pause": _play_pause,
        "media.next": lambda s: [_cmd("media.skip", direction="next")],
        "media.previous": lambda s: [_cmd("media.skip", direction="previous")],
        "media.mute": _toggle("media.mute", "media.mute"),
        "nav.cancel": lambda s: [_cmd("nav.cancel")],
        "nav.avoid_congestion": _avoid_congestion,
        "nav.home": lambda s: [_cmd("nav.navigate", destination="home")],
        "nav.work": lambda s: [_cmd("nav.navigate", destination="work")],
        "nav.charging": lambda s: [_cmd("nav.navigate", category="charging_station")],
    }
    for source in ("online", "bluetooth", "radio", "usb"):
        actions[f"media.source.{source}"] = (lambda src: lambda s: [_cmd("media.play", source=src)])(source)
    for seat in SEATS:
        actions[f"seat_heat.{seat}"] = _seat_cycle("heat", "seat.heat", seat)
        actions[f"seat_vent.{seat}"] = _seat_cycle("vent", "seat.ventilate", seat)
    return actions


ACTIONS = _build()


def commands_for_control(control_id: str, state: VehicleState | Mapping[str, Any]) -> list[Command]:
    """The commands one press of ``control_id`` means in ``state`` (raises UnknownControl)."""
    action = ACTIONS.get(control_id)
    if action is None:
        raise UnknownControl(control_id)
    s = state if isinstance(state, VehicleState) else VehicleState(state)
    return action(s)
