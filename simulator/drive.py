"""A whole simulated drive, headless: the engine behind `cockpit-sim sim`."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from simulator.world import make_world


def simulate(duration_s: float, seed: int = 0, overrides: Mapping[str, Any] | None = None,
             injections: Sequence[tuple[str, float]] = (), speed_profile: str = "mixed",
             proactive: bool = True, lang: str = "zh") -> dict[str, Any]:
    """Run a fresh world for ``duration_s``; return start/end state and every event."""
    world = make_world(seed=seed, overrides=overrides, speed_profile=speed_profile)
    events: list[dict[str, Any]] = []
    world.subscribe(lambda ev: events.append(ev.to_dict()))
    if proactive:
        from simulator.proactive import attach_proactive

        attach_proactive(world, lambda suggestion: events.append(suggestion.to_event(lang)))
    start = world.snapshot()
    for name, at_s in injections:
        world.inject(name, at_s)
    world.run(duration_s)
    return {"start": start, "end": world.snapshot(), "events": events}
