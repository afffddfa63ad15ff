"""Fixtures the unit tests share."""

from __future__ import annotations

import textwrap

import pytest

from multimodal.registry import BackendPlan

FAKE_PLAN = BackendPlan.from_flags(command="rules", asr="fake", screen="fake", tts="fake")


@pytest.fixture()
def ui_app(tmp_path, monkeypatch):
    """The cockpit app on the rules command model and fakes, with its caches and data under tmp_path."""
    from simulator.ui.app import AppOptions, CockpitApp

    monkeypatch.setenv("COCKPIT_SIM_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("COCKPIT_SIM_HOME", str(tmp_path / "home"))
    a = CockpitApp(AppOptions(lang="zh", plan=FAKE_PLAN, failure_home=str(tmp_path / "failures"), load_models=False))
    a.models._load_all()  # synchronously: no background thread in unit tests
    yield a
    a.stop()


def comparable(result) -> dict:
    """A scenario result without wall-clock times (everything a verdict, a check or a turn says)."""
    d = result.to_dict()
    d.pop("wall_s")
    for s in d["steps"]:
        s.pop("wall_ms")
        if s["turn"]:
            s["turn"].pop("timings_ms")
    return d


# A fake command model's answers and a scenario that passes on them (the runner and the player share them).
TABLE = {
    "heat": [{"intent": "seat.heat", "slots": {"on": True, "level": 2}}],
    "cool": [{"intent": "hvac.set_temperature", "slots": {"value": 20}}],
    "yes": [{"intent": "dialog.confirm", "slots": {}}],
}

GOOD = """
    id: good
    lang: en
    state: {outside_temp_c: -8}
    steps:
      - say: heat
        expect:
          commands: [{seat.heat: {on: true, level: 2}}]
          signals: {seat.heat_level.driver: 2}
          reply: level 2
      - at: 10s
        expect: {suggestion: cold_start}
      - respond: accept
        expect:
          suggestion: {accepted: cold_start}
          signals: {hvac.set_temp_c.driver: 24}
"""


def fake_backends(table=TABLE):
    """A session's backends with the fake command model answering from ``table``, and the own screen."""
    from multimodal.fakes import FakeCommandModel
    from simulator.hmi.own_screen import render_own_screen
    from simulator.pipeline import Backends

    return Backends(command=FakeCommandModel(table), render=render_own_screen)


def scenario(text, base_dir=None):
    """The one scenario of a YAML text (indented as in a test's triple-quoted string)."""
    from scenarios.loader import load_text

    (sc,) = load_text(textwrap.dedent(text), "t.yaml", base_dir=base_dir)
    return sc
