"""Record a live session as a scenario file (the format of scenarios/README.md).

Built only from what the session already logged: ``turn-end`` events become ``say`` steps (or
``respond`` steps for clicked Accept/Decline), ``world:inject`` events become ``inject`` steps,
``suggestion`` events become ``expect: {suggestion: RULE}`` checks, and each turn's ``expect`` is
filled from what happened (its commands, the signals it changed, its error code, its tap). Steps
keep their simulated times, so replaying the file on the same seed reproduces the session.

Used by ``cockpit-sim scenario record``; the UI does not save recordings.
Limits: a turn from audio is recorded as its transcript; an uploaded screenshot is not kept
(a turn on the simulator's own screen keeps ``screen: rendered``); audio turns that failed
before a transcript existed are left out.
"""

from __future__ import annotations

from typing import Any, Mapping

import yaml

from multimodal.protocols import detect_lang

FLOAT_TOL = 0.01
SET_EVENT = "world:set"  # the world reports signal writes (a scenario's set step, CockpitSession.set)


def _seconds(t: float) -> float | int:
    t = round(float(t), 3)
    return int(t) if t.is_integer() else t


def _signal_expect(value: Any) -> Any:
    if isinstance(value, float) and not value.is_integer():
        return {"approx": round(value, 3), "tol": FLOAT_TOL}
    return value


def _turn_expect(data: Mapping[str, Any]) -> dict[str, Any]:
    expect: dict[str, Any] = {}
    error = data.get("error")
    if error:
        expect["error"] = error.get("code")
    else:
        expect["commands"] = [{"intent": c["intent"], "slots": dict(c.get("slots") or {})}
                              for c in data.get("commands") or []] or "none"
    changes = data.get("changes") or {}
    if changes:
        expect["signals"] = {name: _signal_expect(change["new"]) for name, change in changes.items()}
    elif not error:
        expect["unchanged"] = True
    target = (data.get("screen") or {}).get("target")
    if target:
        expect["tap"] = target.get("label")
    suggestion = data.get("suggestion")
    if suggestion:
        expect["suggestion"] = {("accepted" if suggestion.get("accepted") else "declined"): suggestion.get("rule")}
    return expect


def record_session(session, title: str = "Recorded session", scenario_id: str = "recorded",
                   description: str | None = None) -> dict[str, Any]:
    """The session so far as a scenario dict (see ``to_yaml``)."""
    config = session.config
    events = list(session.log.events)
    steps: list[dict[str, Any]] = []
    raised: list[str] = []
    last_time = 0.0

    def place(step: dict[str, Any], t: float) -> dict[str, Any]:
        nonlocal last_time
        out = {"at": _seconds(t)} if t > last_time + 1e-9 or not steps else {}
        last_time = max(last_time, t)
        out.update(step)
        return out

    def flush_suggestions(t: float) -> None:
        if raised:
            steps.append(place({"expect": {"suggestion": list(dict.fromkeys(raised))}}, t))
            raised.clear()

    starts = {e.turn_id: e for e in events if e.type == "turn-start"}
    for e in events:
        if e.type == "suggestion":
            raised.append(e.data.get("rule"))
        elif e.type == "world:inject":
            flush_suggestions(e.sim_time_s)
            steps.append(place({"inject": e.data.get("event")}, e.sim_time_s))
        elif e.type == SET_EVENT and e.data.get("values"):
            flush_suggestions(e.sim_time_s)
            steps.append(place({"set": dict(e.data["values"])}, e.sim_time_s))
        elif e.type == "turn-end":
            step = _turn_step(e, starts.get(e.turn_id), config)
            if step is None:
                continue
            flush_suggestions(e.sim_time_s)
            steps.append(place(step, e.sim_time_s))
    now = float(session.world.now_s)
    flush_suggestions(now)
    if now > last_time + 1e-9:
        steps.append({"advance": _seconds(now - last_time)})
    doc: dict[str, Any] = {"id": scenario_id, "title": title}
    if description:
        doc["description"] = description
    doc.update({"tags": ["recorded", config.lang], "lang": config.lang, "seed": config.seed,
                "speed_profile": config.speed_profile, "zone": config.speaker_zone})
    if not config.proactive:
        doc["proactive"] = False
    if config.overrides:
        doc["state"] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in dict(config.overrides).items()}
    doc["steps"] = steps
    return doc


def _turn_step(end, start, config) -> dict[str, Any] | None:
    data = end.data
    parse = data.get("parse") or {}
    from_audio = start is not None and start.data.get("input") == "audio"
    if parse.get("backend") == "click":
        suggestion = data.get("suggestion") or {}
        accepted = suggestion.get("accepted")
        if accepted is None:
            accepted = any(c["intent"] == "dialog.confirm" for c in data.get("commands") or [])
        step: dict[str, Any] = {"respond": "accept" if accepted else "decline", "by": "click"}
        step["expect"] = _turn_expect(data)
        return step
    transcript = data.get("transcript")
    if transcript is None and from_audio:
        return None  # the audio itself is not in the log, and its transcript never existed
    step = {"say": transcript if transcript is not None else ""}
    lang = data.get("lang")
    if transcript and lang and lang != detect_lang(transcript):
        step["lang"] = lang
    zone = data.get("zone")
    if zone and zone != config.speaker_zone:
        step["zone"] = zone
    if (data.get("screen") or {}).get("source") == "rendered":
        step["screen"] = "rendered"
    if from_audio:
        step["note"] = "recorded from audio; replayed as its transcript"
    step["expect"] = _turn_expect(data)
    return step


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def to_yaml(doc: Mapping[str, Any]) -> str:
    """Scenario YAML; keys in the documented order, Chinese kept readable (not escaped)."""
    head = "# Recorded by cockpit-sim; replay with: cockpit-sim scenario run THIS_FILE\n"
    return head + yaml.dump(dict(doc), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110,
                            default_flow_style=None)
