"""Page parts from other layers come in through the ``cockpit_sim.ui`` entry points; a broken one is left
out with one line on stderr and the cockpit still comes up."""

from __future__ import annotations

import pytest

from multimodal.registry import BackendPlan
from simulator.ui import extensions
from simulator.ui.app import AppOptions, CockpitApp
from simulator.ui.text import TEXTS, register_texts


@pytest.fixture()
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("COCKPIT_SIM_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("COCKPIT_SIM_HOME", str(tmp_path / "home"))
    plan = BackendPlan.from_flags(command="rules", asr="fake", screen="fake", tts="fake")
    a = CockpitApp(AppOptions(plan=plan, failure_home=str(tmp_path / "failures"), load_models=False))
    yield a
    a.stop()


def test_the_scenario_layer_is_registered_from_pyproject_too(monkeypatch):
    installed = extensions.registered(extensions.GROUP)
    assert installed == {"scenarios": "scenarios.ui"}
    assert extensions.registered(extensions.GROUP, lookup=lambda group: []) == installed


def test_a_broken_extension_is_left_out_and_the_page_still_builds(app, monkeypatch, capsys):
    from simulator.ui.layout import build_demo

    monkeypatch.setattr(extensions, "registered", lambda group: {"broken": "no_such_module.anywhere",
                                                                  "scenarios": "scenarios.ui"})
    loaded = extensions.load_extensions()
    assert [m.__name__ for m in loaded] == ["scenarios.ui"]
    err = capsys.readouterr().err
    assert "UI extension 'broken'" in err and "no_such_module" in err
    monkeypatch.setattr(extensions, "registered", lambda group: {"broken": "no_such_module.anywhere"})
    demo = build_demo(app)
    ids = {getattr(b, "elem_id", None) for b in demo.blocks.values()}
    assert "send-btn" in ids and "sc-play" not in ids


def test_extension_texts_cannot_take_an_existing_key():
    with pytest.raises(ValueError, match="title"):
        register_texts({"title": ("别的", "Something else")})
    register_texts({"title": TEXTS["title"]})  # the same text again is harmless (a rebuilt page)
