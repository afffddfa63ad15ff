"""The Scenarios tab's desk without a browser: library and uploads, play / pause / step, evidence, the failure
store, sign-offs that survive a restart, and the downloadable report."""

from __future__ import annotations

import json
import textwrap

import pytest

from multimodal.registry import BackendPlan
from scenarios.loader import load_paths
from scenarios.playback import Pace
from scenarios.runner import RunOptions, play
from scenarios.ui.desk import LIBRARY_DIR, DeskError, DeskRegistry, ScenarioDesk
from simulator.ui.app import AppOptions, CockpitApp

PLAN = BackendPlan.from_flags(command="rules", asr="fake", screen="fake", tts="fake")


@pytest.fixture()
def app(ui_app):
    return ui_app


def _play_all(desk: ScenarioDesk, key: str, pace: Pace = Pace.FAST) -> None:
    desk.start(key, pace)
    desk.wait(120)
    assert not desk.playing


FAILING = textwrap.dedent("""\
    id: desk-wrong-temperature
    title: A check that cannot pass
    lang: zh
    steps:
      - say: 把主驾温度调到24度
        expect:
          signals: {hvac.set_temp_c.driver: 26}
      - say: 打开座椅加热
        expect:
          commands: [{seat.heat: {on: true}}]
    """)


def test_the_library_is_on_offer(app):
    desk = ScenarioDesk(app)
    ids = {sc.id for sc in load_paths([LIBRARY_DIR])}
    assert {key for _, key in desk.choices()} == ids


@pytest.mark.parametrize("key", ["proactive-rain-windows-zh-accept", "followup-en-also-the-passenger",
                                 "proactive-tire-leak-en-decline-cooldown"])
def test_a_library_scenario_gets_the_runners_verdict(app, key):
    desk = ScenarioDesk(app)
    _play_all(desk, key)
    run = desk.runs[key]
    cli = play(desk.scenarios[key], RunOptions(backends=PLAN))
    assert run.ok == cli.ok
    assert [(s.index, s.ok, [c.ok for c in s.checks]) for s in run.steps] == \
        [(s.index, s.ok, [c.ok for c in s.checks]) for s in cli.steps]
    assert all(r.state in ("pass", "fail") for r in desk.step_rows())


def test_step_plays_one_step_at_a_time_and_a_failure_has_evidence(app, tmp_path):
    path = tmp_path / "failing.yaml"
    path.write_text(FAILING, encoding="utf-8")
    desk = ScenarioDesk(app)
    [key] = desk.upload(str(path))
    desk.start(key, Pace.FAST, max_steps=1)
    desk.wait(60)
    assert [r.state for r in desk.step_rows()] == ["fail", "pending"]
    assert key not in desk.runs  # not finished: no verdict, no sign-off yet
    with pytest.raises(DeskError, match="to the end"):
        desk.sign(key, "accepted", "Ann")
    desk.start(key, Pace.FAST, max_steps=1)
    desk.wait(60)
    assert [r.state for r in desk.step_rows()] == ["fail", "pass"]
    assert desk.runs[key].ok is False and desk.first_failure() == 0
    ev = desk.evidence(0)
    assert ev.state_diff["hvac.set_temp_c.driver"] == (22.0, 24.0)
    assert ev.screen_png[:8] == b"\x89PNG\r\n\x1a\n"
    assert ev.model_output["commands"][0]["intent"] == "hvac.set_temperature"
    fid, new = desk.to_failure_store(0)
    assert new and [r.id for r in app.failures()] == [fid]
    assert desk.to_failure_store(0) == (fid, False)  # a second click files nothing twice
    assert len(app.failures()) == 1
    with pytest.raises(DeskError, match="did not fail"):
        desk.to_failure_store(1)


def test_pause_stops_a_real_time_playback_and_play_resumes_it(app, tmp_path):
    path = tmp_path / "slow.yaml"
    path.write_text(textwrap.dedent("""\
        id: desk-slow
        title: Two turns a minute apart
        steps:
          - say: 打开座椅加热
          - after: 60s
            say: 关闭座椅加热
            expect:
              signals: {seat.heat_level.driver: 0}
        """), encoding="utf-8")
    desk = ScenarioDesk(app)
    [key] = desk.upload(str(path))
    desk.start(key, Pace.REALTIME)
    import time

    deadline = time.monotonic() + 30
    while len(desk.result().steps if desk.result() else []) < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.6)
    desk.pause(wait=True)
    assert not desk.playing and len(desk.result().steps) == 1
    sim_now = desk.playback.session.world.now_s
    assert 0 < sim_now < 60  # stopped part-way through the minute
    desk.start(key, Pace.FAST)
    desk.wait(60)
    assert desk.runs[key].ok


def test_bad_uploads_are_refused_with_the_file_and_line(app, tmp_path):
    desk = ScenarioDesk(app)
    before = dict(desk.scenarios)
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: y\nsteps:\n  - say: hi\n    expect: {signals: {no.such.signal: 1}}\n", encoding="utf-8")
    with pytest.raises(DeskError, match=r"bad\.yaml.*5|bad\.yaml"):
        desk.upload(str(bad))
    png = tmp_path / "picture.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(DeskError, match="not a scenario file"):
        desk.upload(str(png))
    # a few hundred bytes of nested aliases would expand to gigabytes: refused at once, the message short
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text('a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))
        + "id: x\ntitle: y\nsteps: [{say: hi}]\n", encoding="utf-8")
    with pytest.raises(DeskError, match="aliases") as err:
        desk.upload(str(bomb))
    assert len(str(err.value)) < 3100
    fake_zip = tmp_path / "session.zip"
    fake_zip.write_bytes(b"PK not really")
    with pytest.raises(DeskError, match="not a readable zip"):
        desk.upload(str(fake_zip))
    import zipfile

    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("../outside.yaml", "id: x\n")
    with pytest.raises(DeskError, match="outside its folder"):
        desk.upload(str(evil))
    with pytest.raises(DeskError, match="no file"):
        desk.upload(None)
    assert desk.scenarios == before


def test_signoff_survives_a_restart_and_names_the_adapter(app, tmp_path):
    path = tmp_path / "failing.yaml"
    path.write_text(FAILING, encoding="utf-8")
    desk = ScenarioDesk(app)
    [key] = desk.upload(str(path))
    _play_all(desk, key)
    with pytest.raises(DeskError):
        desk.sign(key, "accepted", "   ")  # a sign-off needs a name
    desk.sign(key, "rejected", "Ann", "temperature check is wrong on purpose")
    # a new desk (a restarted server) reads the same store
    again = ScenarioDesk(app)
    [key2] = again.upload(str(path))
    status = again.signoff_status(key2)
    assert status.signoff.reviewer == "Ann" and status.signoff.decision == "rejected"
    assert status.signoff.adapter.label and len(status.signoff.adapter.sha256) >= 12
    # the scenario changes: the status says so
    path.write_text(FAILING.replace("26}", "24}"), encoding="utf-8")
    [key3] = again.upload(str(path))
    assert any("scenario" in c for c in again.signoff_status(key3).changes)


def test_report_is_the_cli_html_plus_signoffs_in_one_file(app, tmp_path):
    path = tmp_path / "failing.yaml"
    path.write_text(FAILING, encoding="utf-8")
    desk = ScenarioDesk(app)
    with pytest.raises(DeskError, match="played to the end"):
        desk.report()
    [key] = desk.upload(str(path))
    _play_all(desk, key)
    desk.sign(key, "accepted", "Bo")
    html = desk.report().read_text(encoding="utf-8")
    assert "desk-wrong-temperature" in html and "FAIL" in html
    assert "Bo" in html
    assert 'src="screens/' not in html  # screens are inlined so the download stands alone
    assert "data:image/png;base64," in html


def test_desks_are_per_browser_session(app):
    desks = DeskRegistry(lambda: ScenarioDesk(app), limit=2)
    a, b = desks.get("a"), desks.get("b")
    assert a is not b and desks.get("a") is a
    desks.get("c")  # b is now the least recently used: it goes
    assert set(desks._desks) == {"a", "c"} and desks.get("a") is a
    assert desks.get("b") is not b


def test_the_page_gets_the_scenarios_tab_and_the_save_panel(app):
    from simulator.ui.extensions import load_extensions
    from simulator.ui.layout import build_demo

    assert any(m.__name__ == "scenarios.ui" for m in load_extensions())
    demo = build_demo(app)
    ids = {getattr(b, "elem_id", None) for b in demo.blocks.values()}
    assert {"tab-scenarios", "sc-play", "sc-pause", "sc-step", "sc-steps", "sc-report", "save-btn"} <= ids
    config = json.dumps(demo.get_config_file(), ensure_ascii=False, default=str)
    assert "场景验收" in config


def test_a_command_model_that_did_not_load_is_not_named_in_runs_or_signoffs(tmp_path, monkeypatch):
    monkeypatch.setenv("COCKPIT_SIM_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("COCKPIT_SIM_HOME", str(tmp_path / "home"))
    plan = BackendPlan.from_flags(command="openai", asr="fake", screen="fake", tts="fake", check=False)
    app = CockpitApp(AppOptions(plan=plan, failure_home=str(tmp_path / "f"), load_models=False))
    app.models._load_all()  # no endpoint here: the page answers with the rules
    assert app.models.state_of("command") != "loaded"
    desk = ScenarioDesk(app)
    _play_all(desk, "hvac-zh-set-temperature")
    assert desk.runs["hvac-zh-set-temperature"].backends["command"] == "rules"
    assert desk.adapter().label.startswith("rules")
    app.stop()


def test_a_saved_session_zip_plays_in_the_tab(app, tmp_path):
    """The zip "save this session" downloads (yaml + media/) uploads and replays green in the tab."""
    import zipfile

    from scenarios.session_export import TurnMedia, save_session

    clip = tmp_path / "heat.wav"
    clip.write_bytes(sorted((LIBRARY_DIR.parents[1] / "assets" / "audio").glob("*.wav"))[0].read_bytes())
    (tmp_path / "heat.wav.txt").write_text("打开座椅加热", encoding="utf-8")  # what the fake recogniser hears
    app.say("a", "把主驾温度调到24度")
    view = app.listen("a", str(clip))
    assert view.record is not None and view.record.result["transcript"] == "打开座椅加热"
    ui = app.sessions.get("a")
    media = {r.turn_id: TurnMedia(r.audio_path, r.screenshot_path) for r in ui.turns}
    saved = save_session(ui.session, media, dest_dir=tmp_path / "saved", title="zip replay")
    assert saved.download_path.suffix == ".zip"
    with zipfile.ZipFile(saved.download_path) as z:
        assert any(n.startswith("media/") for n in z.namelist())
    desk = ScenarioDesk(app)
    [key] = desk.upload(str(saved.download_path))
    _play_all(desk, key)
    assert desk.runs[key].ok, desk.runs[key].first_failure.failure_message()


def test_a_run_keeps_the_command_model_it_began_with(app, monkeypatch):
    """The configured model finishing its load half-way does not switch a run's model (nor its verdict)."""
    calls = []
    real = app.models.command_model

    def later_a_different_model():
        calls.append(1)
        return real() if len(calls) == 1 else (_Refuser(), "other")

    monkeypatch.setattr(app.models, "command_model", later_a_different_model)
    desk = ScenarioDesk(app)
    _play_all(desk, "multi-zh-three-commands")
    assert desk.runs["multi-zh-three-commands"].ok and len(calls) == 1


class _Refuser:
    def parse(self, text, lang=None, context=None):
        raise AssertionError("a run switched command model half-way")


def test_pause_answers_during_a_long_full_speed_wait(app, tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text("id: desk-long\ntitle: a very long wait\nsteps:\n  - say: 打开座椅加热\n"
                    "  - advance: 2000h\n  - say: 关闭座椅加热\n", encoding="utf-8")
    desk = ScenarioDesk(app)
    [key] = desk.upload(str(path))
    desk.start(key, Pace.FAST)
    import time

    time.sleep(1.0)
    t0 = time.monotonic()
    desk.pause(wait=True)
    assert time.monotonic() - t0 < 5 and not desk.playing
    assert key not in desk.runs and desk.playback.session.world.now_s < 2000 * 3600


def test_saving_a_session_serves_a_copy_and_names_other_models_that_answered(tmp_path, monkeypatch):
    from multimodal.paths import cache_dir, data_home
    from scenarios.ui.save_panel import save_ui_session

    monkeypatch.setenv("COCKPIT_SIM_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("COCKPIT_SIM_HOME", str(tmp_path / "home"))
    plan = BackendPlan.from_flags(command="openai", asr="fake", screen="fake", tts="fake", check=False)
    app = CockpitApp(AppOptions(plan=plan, failure_home=str(tmp_path / "f"), load_models=False))
    app.models._load_all()  # no endpoint: the rules answer
    with pytest.raises(ValueError, match="nothing to save"):
        save_ui_session(app, "s", "")
    app.say("s", "打开座椅加热")
    with pytest.raises(ValueError, match="at most"):
        save_ui_session(app, "s", "x" * 500)
    saved, served, others = save_ui_session(app, "s", "rules answered")
    assert others == ["rules"]
    assert data_home("recordings") in saved.yaml_path.parents  # kept in the user's data directory
    assert cache_dir() in served.parents and served.read_bytes() == saved.download_path.read_bytes()
    app.stop()


def test_a_run_waits_for_a_command_model_still_loading(app, monkeypatch):
    import time

    from scenarios.ui.views import verdict_html

    loaded = {"now": False}
    real = app.models.state_of
    monkeypatch.setattr(app.models, "state_of",
                        lambda role: real(role) if role != "command" or loaded["now"] else "loading")
    desk = ScenarioDesk(app)
    desk.start("hvac-zh-set-temperature", Pace.FAST)
    time.sleep(0.6)
    assert desk.playing and desk.waiting_for_model and desk.playback is None
    assert "Waiting for the command model rules" in verdict_html(desk, "en")
    loaded["now"] = True
    desk.wait(60)
    assert desk.runs["hvac-zh-set-temperature"].ok and not desk.waiting_for_model
