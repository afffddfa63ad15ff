"""Record a live session as a scenario file (the format of scenarios/README.md).

Built only from what the session logged: ``turn-end`` events become ``say`` steps (``audio`` steps for
spoken turns whose clip is at hand, ``respond`` steps for clicked Accept/Decline); ``world:inject``,
``world:set`` and ``world:speed-profile`` events become ``inject``, ``set`` and ``speed_profile`` steps;
``suggestion`` events become ``expect: {suggestion: [RULE]}`` checks; and each turn's ``expect`` is filled
from what happened (its commands, the signals it changed, its error code, its tap, the suggestion it
answered). The world's start (seed, speed profile, start values such as a UI preset's) goes into the header
and steps keep their exact simulated times, so replaying the file on the same backends reproduces the
session. Time that passed in the UI's ticker chunks replays as one advance to the same times: the world's
processes run on simulated time, so how it was cut up does not matter.

Used by ``cockpit-sim scenario record`` (``record_session`` + ``to_yaml``) and by the cockpit UI, which saves
a session through ``scenarios.session_export.save_session``: that also keeps each turn's audio clip and
uploaded screenshot under ``media/`` beside the file (``record_session(..., media=, files=)``).
Limits: without its clip, a spoken turn is recorded as its transcript (one that failed before a transcript
existed is left out); without its screenshot, a turn that read an upload is recorded without it (noted on
the step). A change of the UI language mid-session is not replayed: the header has the language at the
time of saving, and turns whose language differs from it carry their own ``lang``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping

import yaml

from multimodal.protocols import detect_lang
from multimodal.text.lexicon import answer_word

FLOAT_TOL = 0.01
SET_EVENT = "world:set"  # the world reports signal writes (a scenario's set step, CockpitSession.set)
PROFILE_EVENT = "world:speed-profile"  # the world reports a change of drive cycle (the UI's speed profile)
MEDIA_DIR = "media"
CLICK = "click"  # the parse backend of an Accept/Decline click


def _seconds(t: float) -> float | int:
    """A time as written. Whole and millisecond times stay short; any other (the UI's ticker advances by
    wall-clock chunks) is kept exactly: rounded, a turn could land on the other side of a physics tick."""
    t = float(t)
    short = round(t, 3)
    if short != t:
        return t
    return int(short) if short.is_integer() else short


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


class MediaFiles:
    """The files a recording's steps refer to, by their path relative to the scenario file (``media/…``).

    Filled while recording; the caller writes them (``write``) beside the YAML. A source used by several
    turns (one uploaded screenshot) is kept once.
    """

    def __init__(self) -> None:
        self.copies: dict[str, Path] = {}  # relative path -> source file
        self.texts: dict[str, str] = {}  # relative path -> content
        self._by_source: dict[Path, str] = {}

    def copy(self, source: Path, stem: str) -> str:
        source = Path(source).resolve()
        if source in self._by_source:
            return self._by_source[source]
        suffix = re.sub(r"[^a-z0-9.]", "", source.suffix.lower())
        rel = f"{MEDIA_DIR}/{re.sub(r'[^A-Za-z0-9_-]', '_', stem)}{suffix}"
        self.copies[rel] = source
        self._by_source[source] = rel
        return rel

    def text(self, rel: str, content: str) -> None:
        self.texts[rel] = content

    def __bool__(self) -> bool:
        return bool(self.copies or self.texts)

    def write(self, root: Path) -> list[Path]:
        """Copy and write every file under ``root``; returns the paths written."""
        import shutil

        written = []
        for rel, source in self.copies.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            written.append(target)
        for rel, content in self.texts.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
            written.append(target)
        return written


def record_session(session, title: str = "Recorded session", scenario_id: str = "recorded",
                   description: str | None = None, media: Mapping[str, Any] | None = None,
                   files: MediaFiles | None = None) -> dict[str, Any]:
    """The session so far as a scenario dict (see ``to_yaml``).

    ``media`` maps a turn id to its files (anything with ``audio_path`` / ``screenshot_path``, e.g.
    ``session_export.TurnMedia``); they are used only with ``files``, which collects what the steps then
    refer to under ``media/`` for the caller to write beside the YAML.
    """
    recorder = _Recorder(session, media if files is not None else None, files)
    steps = recorder.steps()
    config = session.config
    lang = recorder.lang
    doc: dict[str, Any] = {"id": scenario_id, "title": title}
    heard = sorted(recorder.backends)
    if heard:
        line = f"Recorded with the command backend {', '.join(heard)}; replay on the same one."
        description = f"{description}\n{line}" if description else line
    if description:
        doc["description"] = description
    doc.update({"tags": ["recorded", lang], "lang": lang, "seed": config.seed,
                "speed_profile": config.speed_profile, "zone": config.speaker_zone})
    if not config.proactive:
        doc["proactive"] = False
    if config.overrides:
        doc["state"] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in dict(config.overrides).items()}
    doc["steps"] = steps
    return doc


class _Recorder:
    """Walks the session's log once, turning events into steps."""

    def __init__(self, session, media: Mapping[str, Any] | None, files: MediaFiles | None):
        self.session = session
        self.config = session.config
        # The language suggestions are offered in now (the UI's toggle); the session's start language else.
        self.lang = getattr(getattr(session, "pipeline", None), "lang", None) or self.config.lang
        self.media = media or {}
        self.files = files
        self.backends: set[str] = set()
        self._steps: list[dict[str, Any]] = []
        self._raised: list[str] = []
        self._last_time = 0.0

    def steps(self) -> list[dict[str, Any]]:
        events = list(self.session.log.events)
        starts = {e.turn_id: e for e in events if e.type == "turn-start"}
        for e in events:
            if e.type == "suggestion":
                self._raised.append(e.data.get("rule"))
            elif e.type == "world:inject":
                self._add({"inject": e.data.get("event")}, e.sim_time_s)
            elif e.type == SET_EVENT and e.data.get("values"):
                self._add({"set": dict(e.data["values"])}, e.sim_time_s)
            elif e.type == PROFILE_EVENT and e.data.get("profile"):
                self._add({"speed_profile": e.data["profile"]}, e.sim_time_s)
            elif e.type == "turn-end":
                step = self._turn_step(e, starts.get(e.turn_id))
                if step is not None:
                    self._add(step, e.sim_time_s)
        now = float(self.session.world.now_s)
        self._flush_suggestions(now)
        if now > self._last_time + 1e-9:
            self._steps.append({"advance": _seconds(now - self._last_time)})
        return self._steps

    # ------------------------------------------------------------------ placing steps
    def _place(self, step: dict[str, Any], t: float) -> dict[str, Any]:
        out = {"at": _seconds(t)} if t > self._last_time + 1e-9 or not self._steps else {}
        self._last_time = max(self._last_time, t)
        out.update(step)
        return out

    def _flush_suggestions(self, t: float) -> None:
        if self._raised:
            self._steps.append(self._place({"expect": {"suggestion": list(dict.fromkeys(self._raised))}}, t))
            self._raised.clear()

    def _add(self, step: dict[str, Any], t: float) -> None:
        self._flush_suggestions(t)
        self._steps.append(self._place(step, t))

    # ------------------------------------------------------------------ turns
    def _turn_step(self, end, start) -> dict[str, Any] | None:
        data = end.data
        backend = (data.get("parse") or {}).get("backend")
        if backend == CLICK:
            return self._click_step(data)
        if backend:
            self.backends.add(str(backend))
        from_audio = start is not None and start.data.get("input") == "audio"
        step: dict[str, Any] = {}
        if from_audio and not self._voice(step, data, end.turn_id):
            return None
        transcript = data.get("transcript")
        lang = data.get("lang")
        if not from_audio:
            step["say"] = transcript if transcript is not None else ""
            if transcript and lang and lang != detect_lang(transcript):
                step["lang"] = lang
        zone = (start.data if start is not None else data).get("zone")  # the seat the turn was spoken from
        if zone and zone != self.config.speaker_zone:
            step["zone"] = zone
        self._screen(step, data, end.turn_id)
        step["expect"] = _turn_expect(data)
        return step

    def _voice(self, step: dict[str, Any], data: Mapping[str, Any], turn_id: str) -> bool:
        """Fill a spoken turn's step: its clip when kept, else its transcript; False if it cannot be replayed."""
        transcript = data.get("transcript")
        clip, missing = self._media_file(turn_id, "audio_path")
        if clip is None:
            if transcript is None:
                return False  # neither the audio nor its words are at hand
            step["say"] = transcript
            step["note"] = ("recorded from audio; the clip was gone when the session was saved, replayed as its "
                            "transcript" if missing else "recorded from audio; replayed as its transcript")
            return True
        rel = self.files.copy(clip, f"{turn_id}-voice")
        step["audio"] = rel
        code = (data.get("error") or {}).get("code")
        if transcript is not None or code == "audio-silent":
            # The words heard, beside the clip as the library keeps them: the `fake` ASR replays from them.
            self.files.text(f"{rel}.txt", (transcript or "") + "\n")
        # The replay hints the recogniser with a language; give the one it detected in the session.
        lang = data.get("lang")
        if lang and lang != self.lang:
            step["lang"] = lang
        if transcript:
            step["note"] = f"heard: {transcript}"
        return True

    def _screen(self, step: dict[str, Any], data: Mapping[str, Any], turn_id: str) -> None:
        source = (data.get("screen") or {}).get("source")
        if source == "rendered":
            step["screen"] = "rendered"
        elif source == "upload":
            shot, _ = self._media_file(turn_id, "screenshot_path")
            if shot is not None:
                step["screen"] = self.files.copy(shot, f"{turn_id}-screen")
            else:
                note = "the uploaded screenshot of this turn was not kept"
                step["note"] = f"{step['note']}; {note}" if step.get("note") else note

    def _media_file(self, turn_id: str, attr: str) -> tuple[Path | None, bool]:
        """(the turn's file if it can be kept, whether one was named but is gone)."""
        if self.files is None:
            return None, False
        name = getattr(self.media.get(turn_id), attr, None)
        if not name:
            return None, False
        path = Path(name)
        return (path, False) if path.is_file() else (None, True)

    def _click_step(self, data: Mapping[str, Any]) -> dict[str, Any]:
        suggestion = data.get("suggestion")
        lang = data.get("lang") or self.lang
        accepted = (suggestion or {}).get("accepted")
        if accepted is None:
            accepted = any(c["intent"] == "dialog.confirm" for c in data.get("commands") or [])
        if suggestion is None:
            # A click with nothing pending (the question had lapsed): a respond step needs a pending one, so
            # it replays as the answer said; what the command model makes of the word is not checked.
            expect = {k: v for k, v in _turn_expect(data).items() if k != "commands"}
            return {"say": answer_word(accepted, lang), "lang": lang, "expect": expect,
                    "note": "a click on " + ("Accept" if accepted else "Decline") + " with nothing pending"}
        step: dict[str, Any] = {"respond": "accept" if accepted else "decline", "by": CLICK}
        if lang != self.lang:
            step["lang"] = lang
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


def __getattr__(name: str) -> Any:
    # The UI's save lives in session_export (it writes files); reachable from here too, loaded on use.
    if name in ("save_session", "SavedScenario", "TurnMedia"):
        from scenarios import session_export

        return getattr(session_export, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
