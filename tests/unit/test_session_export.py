"""A cockpit UI session saved with save_session replays green: in-process, from the unzipped download,
and through `cockpit-sim scenario run` in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from pathlib import Path
import yaml

from multimodal.registry import BackendPlan
from scenarios.loader import ScenarioFileError, load_file, load_text
from scenarios.runner import RunOptions, play
from scenarios.session_export import SavedScenario, TurnMedia, save_session
from tests.conftest import ROOT

PLAN = BackendPlan.from_flags(command="rules", asr="fake", screen="fake", tts="fake")
REPLAY = RunOptions(backends=BackendPlan.from_flags(command="rules", asr="fake", screen="fake"))


@pytest.fixture()
def app(ui_app):
    return ui_app


def _media(app, key):
    return {r.turn_id: TurnMedia(r.audio_path, r.screenshot_path) for r in app.sessions.get(key).turns}


def _tick(app, chunks, wall_s):
    """Time passing on the UI's ticker: several uneven wall-clock chunks (not whole simulated seconds)."""
    for i in range(chunks):
        app.sessions.tick(wall_s * (1 + 0.37 * (i % 3)))


def _assert_replays(app, key, scenario, options=REPLAY):
    result = play(scenario, options)
    assert result.ok, [f"{s.summary}: {s.failure_message()}" for s in result.steps if not s.ok]
    session = app.sessions.get(key).session
    original = [e.data for e in session.log.of_type("turn-end")]
    assert [t["commands"] for t in result.turns()] == [t["commands"] for t in original]
    assert [t["changes"] for t in result.turns()] == [t["changes"] for t in original]
    assert result.sim_s == pytest.approx(session.world.now_s, abs=1e-9)
    return result


def _drive_typed_session(app, key, shot):
    """Every typed-side action of the cockpit tab: preset reset, ticker time at a factor, a clicked Accept, typed
    turns (zone, forced language, rendered screen, uploaded screenshot), an answer in words, weather, an injected
    leak, a speed-profile change and the » advance button."""
    app.reset(key, 5, "cold", "parked", "en")
    app.set_running(key, True)
    app.set_time_factor(key, 10)
    _tick(app, 6, 0.113)  # cold_start is offered within the first 5 simulated seconds
    assert app.pending_suggestion(key, "en")
    assert app.respond(key, True, "en").record.result["suggestion"]["accepted"] is True
    app.say(key, "open the driver window", lang="en", zone="driver")
    app.set_speed_profile(key, "city")
    _tick(app, 5, 0.29)
    app.inject(key, "rain")  # the weather dropdown
    _tick(app, 4, 0.21)
    assert app.pending_suggestion(key, "en")  # rain with a window open
    rec = app.say(key, "no", lang="en", zone="driver").record  # answered in words
    assert rec.result["suggestion"]["accepted"] is False
    app.say(key, "把副驾座椅加热调到3档", lang="zh", zone="passenger", use_sim_screen=True)
    app.set_screenshot(key, str(shot))
    app.say(key, "点一下蓝牙音乐", lang="zh", zone="rear_left")  # reads the uploaded screenshot
    app.inject(key, "tire_leak:front_left")
    app.set_time_factor(key, 60)
    _tick(app, 8, 0.4)
    app.advance(key, 60.0)
    app.set_speed_profile(key, "highway")
    _tick(app, 3, 0.25)
    app.say(key, "", lang="en")  # refused by the UI before any turn: not part of the session
    app.respond(key, False, "en")  # a click with nothing pending
    app.set_running(key, False)


def test_ui_session_saves_and_replays_green(app, tmp_path):
    from simulator.hmi.renderer import render_screen

    shot = tmp_path / "upload.png"
    render_screen(None, "zh")[0].save(shot)
    _drive_typed_session(app, "k", shot)
    saved = save_session(app.sessions.get("k").session, _media(app, "k"), dest_dir=tmp_path / "out",
                         title="UI walk", scenario_id="ui-walk")
    assert isinstance(saved, SavedScenario)
    assert saved.yaml_path == tmp_path / "out" / "scenario.yaml"
    assert saved.download_path == tmp_path / "out.zip"  # an uploaded screenshot is media
    assert [p.name for p in saved.media] == ["t5-screen.png"]
    assert saved.media[0].read_bytes() == shot.read_bytes()
    doc = yaml.safe_load(saved.yaml_path.read_text(encoding="utf-8"))
    assert doc["state"] == {"outside_temp_c": -5.0, "time_of_day_h": 7.5} and doc["seed"] == 5
    assert doc["lang"] == "en" and doc["speed_profile"] == "parked"
    steps = doc["steps"]
    assert [s["speed_profile"] for s in steps if "speed_profile" in s] == ["city", "highway"]
    assert [s["inject"] for s in steps if "inject" in s] == ["rain", "tire_leak:front_left"]
    assert sum("respond" in s for s in steps) == 1
    assert any(s.get("screen") == "media/t5-screen.png" for s in steps)
    assert any(s.get("screen") == "rendered" and s.get("zone") == "passenger" for s in steps)
    assert steps[-1]["note"].startswith("a click on Decline") and steps[-1]["say"] == "no thanks"
    assert saved.steps == len(steps)
    (scenario,) = load_file(saved.yaml_path)
    _assert_replays(app, "k", scenario)
    # The replayed world ends where the live one is: the same drive (speed profile changes), leak and cabin.
    live = app.sessions.get("k").session.state()
    final = {name: {"approx": live[name], "tol": 1e-6} for name in
             ("speed_kph", "odometer_km", "tire_pressure_kpa.front_left", "cabin_temp_c.driver", "battery_pct")}
    text = saved.yaml_path.read_text(encoding="utf-8") + yaml.safe_dump([{"expect": {"signals": final}}])
    (checked,) = load_text(text, "final.yaml", base_dir=saved.yaml_path.parent)
    assert live["speed_kph"] > 0 and play(checked, REPLAY).ok


def test_voice_turn_keeps_its_clip_and_the_zip_replays_elsewhere(app, tmp_path):
    wav = tmp_path / "in" / "gradio-upload.wav"
    wav.parent.mkdir()
    wav.write_bytes(b"RIFF0000WAVE")
    (tmp_path / "in" / "gradio-upload.wav.txt").write_text("open the sunroof", encoding="utf-8")
    silent = tmp_path / "in" / "silence.wav"
    silent.write_bytes(b"RIFF0000WAVE")
    silent.with_name("silence.wav.txt").write_text("", encoding="utf-8")
    app.reset("v", 2, "normal", "parked", "zh")
    _tick(app, 3, 0.3)
    rec = app.listen("v", str(wav), zone="driver")
    assert rec.record.result["commands"][0]["intent"] == "sunroof.open"
    _tick(app, 2, 0.3)
    assert app.listen("v", str(silent)).record.result["error"]["code"] == "audio-silent"
    app.say("v", "打开座椅加热", lang="zh")
    saved = save_session(app.sessions.get("v").session, _media(app, "v"), dest_dir=tmp_path / "rec")
    names = sorted(p.name for p in saved.media)
    assert names == ["t1-voice.wav", "t1-voice.wav.txt", "t2-voice.wav", "t2-voice.wav.txt"]
    doc = yaml.safe_load(saved.yaml_path.read_text(encoding="utf-8"))
    voice = [s for s in doc["steps"] if "audio" in s]
    assert [s["audio"] for s in voice] == ["media/t1-voice.wav", "media/t2-voice.wav"]
    assert voice[0]["lang"] == "en" and voice[1]["expect"] == {"error": "audio-silent"}
    assert str(tmp_path) not in saved.yaml_path.read_text(encoding="utf-8")  # relative paths only
    with zipfile.ZipFile(saved.download_path) as zf:
        assert sorted(zf.namelist()) == ["media/t1-voice.wav", "media/t1-voice.wav.txt", "media/t2-voice.wav",
                                         "media/t2-voice.wav.txt", "scenario.yaml"]
        elsewhere = tmp_path / "unzipped"
        zf.extractall(elsewhere)
    wav.unlink()  # the replay must not need the session's own files
    (scenario,) = load_file(elsewhere / "scenario.yaml")
    clips = [s.args["audio"] for s in scenario.steps if s.args.get("audio")]
    assert clips[0] == str((elsewhere / "media" / "t1-voice.wav").resolve())
    _assert_replays(app, "v", scenario)
    from simulator.cli.main import main

    assert main(["scenario", "run", str(elsewhere / "scenario.yaml"), "--backend", "rules", "--asr", "fake",
                 "--no-record-failures"]) == 0


def test_saved_session_replays_with_the_cli_in_a_subprocess(app, tmp_path):
    app.reset("c", 11, "hot", "mixed", "zh")
    app.set_time_factor("c", 30)
    _tick(app, 4, 0.27)
    app.say("c", "把空调调到20度", lang="zh")
    app.inject("c", "congestion")
    _tick(app, 12, 0.5)
    app.respond("c", True, "zh")
    app.say("c", "音量调到30", lang="zh")
    app.set_speed_profile("c", "highway")
    _tick(app, 5, 0.5)
    saved = save_session(app.sessions.get("c").session, _media(app, "c"), scenario_id="hot-drive")
    home = tmp_path / "home" / "recordings"
    assert saved.yaml_path.parent.parent == home and saved.yaml_path.parent.name.endswith("-hot-drive")
    assert saved.download_path == saved.yaml_path and saved.media == ()  # no media: the yaml is the download
    assert not [p for p in home.iterdir() if p.name.startswith(".")]  # no temporary left
    env = {**os.environ, "COCKPIT_SIM_HOME": str(tmp_path / "cli-home"), "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-m", "simulator.cli.main", "scenario", "run", str(saved.yaml_path),
                        "--backend", "rules", "--no-record-failures", "--json"],
                       capture_output=True, text=True, cwd=ROOT, timeout=120, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    again = save_session(app.sessions.get("c").session, scenario_id="hot-drive")
    assert again.yaml_path.parent != saved.yaml_path.parent  # a second save in the same second gets its own folder


def test_nothing_to_save_and_bad_arguments_change_nothing(app, tmp_path, monkeypatch):
    session = app.sessions.get("e").session
    app.inject("e", "rain")
    with pytest.raises(ValueError, match="nothing to save"):
        save_session(session, dest_dir=tmp_path / "x")
    app.say("e", "打开车窗", lang="zh")
    with pytest.raises(ValueError, match="scenario id"):
        save_session(session, dest_dir=tmp_path / "x", scenario_id="no spaces")
    with pytest.raises(ValueError, match="title"):
        save_session(session, dest_dir=tmp_path / "x", title="  ")
    (tmp_path / "taken").mkdir()
    with pytest.raises(FileExistsError):
        save_session(session, dest_dir=tmp_path / "taken")
    import scenarios.session_export as export

    def broken(text, folder):
        raise OSError("disk full")

    monkeypatch.setattr(export, "_check_loads", broken)
    with pytest.raises(OSError, match="disk full"):
        save_session(session, dest_dir=tmp_path / "half")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "taken"]  # no temporary, no half folder


def test_media_gone_before_saving_falls_back_to_the_transcript(app, tmp_path):
    wav = tmp_path / "clip.wav"
    wav.write_bytes(b"RIFF0000WAVE")
    wav.with_name("clip.wav.txt").write_text("打开天窗", encoding="utf-8")
    app.listen("g", str(wav))
    media = _media(app, "g")
    for m in media.values():  # the turn's own copy of the clip is gone too (a cleared cache)
        Path(m.audio_path).unlink()
    saved = save_session(app.sessions.get("g").session, media, dest_dir=tmp_path / "g")
    (step,) = yaml.safe_load(saved.yaml_path.read_text(encoding="utf-8"))["steps"]
    assert step["say"] == "打开天窗" and "gone" in step["note"]
    assert saved.media == () and saved.download_path == saved.yaml_path


def test_world_reports_a_speed_profile_change_once(app):
    session = app.sessions.get("p").session
    app.set_speed_profile("p", "city")
    app.set_speed_profile("p", "city")
    assert [e.data for e in session.log.of_type("world:speed-profile")] == [{"profile": "city"}]


def test_speed_profile_step_loads_and_checks_its_value():
    (sc,) = load_text("id: x\nsteps:\n  - at: 3\n    speed_profile: Highway\n")
    assert sc.steps[0].kind == "speed_profile" and sc.steps[0].args == {"profile": "highway"}
    assert sc.steps[0].summary() == "speed profile highway"
    with pytest.raises(ScenarioFileError, match="steps\\[0\\].speed_profile: must be one of parked"):
        load_text("id: x\nsteps:\n  - speed_profile: racing\n")


def test_ticker_chunks_replay_to_exact_times():
    from scenarios.recorder import _seconds

    assert _seconds(20.0) == 20 and isinstance(_seconds(20.0), int) and _seconds(2.5) == 2.5
    t = 0.113 * 7 + 0.29  # what wall-clock chunks make
    assert _seconds(t) == t  # not rounded: a rounded time could cross a physics tick


def test_record_session_without_files_keeps_the_transcript_and_save_is_reachable_from_the_recorder(app, tmp_path):
    import scenarios.recorder as recorder
    from scenarios import session_export

    wav = tmp_path / "clip.wav"
    wav.write_bytes(b"RIFF0000WAVE")
    wav.with_name("clip.wav.txt").write_text("open the sunroof", encoding="utf-8")
    app.listen("r", str(wav))
    doc = recorder.record_session(app.sessions.get("r").session, media=_media(app, "r"))  # no files: no media
    (step,) = doc["steps"]
    assert step["say"] == "open the sunroof" and "audio" not in step
    assert recorder.save_session is session_export.save_session and recorder.TurnMedia is TurnMedia
