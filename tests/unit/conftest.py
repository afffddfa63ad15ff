"""Fixtures the unit tests share."""

from __future__ import annotations

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
