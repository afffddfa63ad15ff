"""CockpitApp without a browser: turns, world controls, suggestions, screenshots and feedback per session."""

from __future__ import annotations

import json

import pytest

from multimodal.protocols import InputError
from simulator.ui.app import AppOptions, CockpitApp, api_result
from multimodal.registry import BackendPlan


@pytest.fixture()
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("COCKPIT_SIM_CACHE", str(tmp_path / "cache"))  # spoken replies are cached files
    plan = BackendPlan.from_flags(command="rules", asr="fake", screen="fake", tts="fake")
    a = CockpitApp(AppOptions(lang="zh", plan=plan, failure_home=str(tmp_path / "failures"), load_models=False))
    a.models._load_all()  # synchronously: the unit tests need no background thread
    yield a
    a.stop()


def test_typed_turn_changes_the_sessions_world_only(app):
    view = app.say("a", "把主驾温度调到24度", lang="zh", zone="driver")
    rec = view.record
    assert rec.result["commands"] == [{"intent": "hvac.set_temperature", "slots": {"value": 24, "zone": "driver"}}]
    assert rec.state_before["hvac.set_temp_c.driver"] == 22.0
    assert app.state_json("a")["state"]["hvac.set_temp_c.driver"] == 24.0
    assert app.state_json("b")["state"]["hvac.set_temp_c.driver"] == 22.0
    assert rec.result["parse"]["backend"] == "rules"
    ui = app.sessions.get("a")
    assert [m["role"] for m in ui.chat] == ["user", "assistant"]
    assert ui.chat_turn_ids == {0: rec.turn_id, 1: rec.turn_id}


def test_reply_language_is_forced_only_when_asked(app):
    rec = app.say("a", "turn on the seat heating", lang="zh").record
    assert rec.result["lang"] == "zh"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in rec.result["reply"])
    rec = app.say("a", "turn on the seat heating", lang=None).record
    assert rec.result["lang"] == "en"


def test_empty_and_too_long_text(app):
    view = app.say("a", "  ")
    assert view.record is None and view.code == "text-empty"
    rec = app.say("a", "开" * 5000).record
    assert rec.result["error"]["code"] == "text-too-long"
    assert rec.result["changes"] == {}


def test_speech_reply_is_a_playable_file(app):
    rec = app.say("a", "打开座椅加热").record
    path = rec.result["audio_reply_path"]
    assert path and path.endswith(".wav")
    with open(path, "rb") as f:
        assert f.read(4) == b"RIFF"


def test_voice_turn_uses_the_recogniser(app, tmp_path):
    wav = tmp_path / "cmd.wav"
    wav.write_bytes(b"RIFF0000WAVE")
    (tmp_path / "cmd.wav.txt").write_text("open the window", encoding="utf-8")
    rec = app.listen("a", str(wav)).record
    assert rec.result["transcript"] == "open the window"
    # the turn keeps its own copy of the clip: Gradio empties its upload folder after an hour
    assert rec.audio_path != str(wav) and rec.audio_path.endswith("cmd.wav")
    wav.unlink()
    with open(rec.audio_path, "rb") as f:
        assert f.read() == b"RIFF0000WAVE"
    assert rec.result["commands"][0]["intent"] == "window.open"
    assert app.listen("a", None).code == "audio-empty"


def test_missing_recogniser_is_a_turn_error_not_a_crash(tmp_path):
    plan = BackendPlan.from_flags(command="rules", asr="off", screen="off", tts="off")
    a = CockpitApp(AppOptions(plan=plan, failure_home=str(tmp_path), load_models=False))
    rec = a.listen("k", str(tmp_path / "x.wav")).record
    assert rec.result["error"]["code"] == "asr-unavailable"
    assert rec.result["reply"]


def test_world_controls(app):
    app.set_time_factor("a", 60)
    assert app.sessions.get("a").time_factor == 60
    with pytest.raises(InputError) as err:
        app.set_time_factor("a", 0)
    assert err.value.code == "world-bad-factor"
    app.inject("a", "tire_leak:front_left")
    app.advance("a", 20 * 60)
    state = app.state_json("a")["state"]
    assert state["tire_pressure_kpa.front_left"] < 193
    assert "tire_pressure_low:front_left" in state["warnings"]
    with pytest.raises(InputError) as err:
        app.inject("a", "volcano")
    assert err.value.code == "world-bad-event"
    with pytest.raises(InputError):
        app.set_speed_profile("a", "racing")
    ui = app.reset("a", 7, "cold")
    assert ui.seed == 7 and ui.time_factor == 60
    assert app.state_json("a")["state"]["outside_temp_c"] == -5.0
    with pytest.raises(InputError) as err:
        app.reset("a", "abc")
    assert err.value.code == "world-bad-seed"


def test_ticker_advances_running_worlds_only(app):
    app.set_running("run", True)
    app.set_running("still", False)
    app.sessions.get("run").time_factor = 10
    app.sessions.tick(0.5)
    assert app.state_json("run")["sim_time_s"] == pytest.approx(5.0)
    assert app.state_json("still")["sim_time_s"] == 0.0


def test_suggestion_accept(app):
    app.reset("a", 0, "cold")
    app.advance("a", 6)
    text = app.pending_suggestion("a", "en")
    assert text and "seat heating" in text
    rec = app.respond("a", True, "en").record
    assert rec.result["suggestion"]["accepted"] is True
    assert app.pending_suggestion("a", "en") is None
    assert app.state_json("a")["state"]["seat.heat_level.driver"] > 0


def test_screenshot_check_and_tap(app, tmp_path):
    from simulator.hmi.renderer import render_screen

    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not an image")
    with pytest.raises(InputError) as err:
        app.set_screenshot("a", str(bad))
    assert err.value.code.startswith("image-")
    good = tmp_path / "screen.png"
    render_screen(None, "zh")[0].save(good)
    ui, loaded = app.set_screenshot("a", str(good))
    # the session keeps its own copy (Gradio empties its upload folder after an hour)
    assert ui.screenshot_path != str(good) and ui.screenshot_path.endswith("screen.png")
    assert loaded.original_width == 1280
    rec = app.say("a", "点一下蓝牙音乐", use_sim_screen=False).record
    assert rec.screenshot_path == ui.screenshot_path
    assert rec.result["screen"]["source"] == "upload"


def test_flag_and_save_a_failure(app):
    app.say("a", "给我讲个笑话")
    record, template = app.flag("a", None)
    assert json.loads(template)[0]["intent"] == "unsupported"
    with pytest.raises(InputError) as err:
        app.save_failure("a", record.turn_id, "[{")
    assert err.value.code == "correction-not-json"
    with pytest.raises(InputError) as err:
        app.save_failure("a", record.turn_id, '[{"intent": "media.play", "slots": {"x": 1}}]')
    assert err.value.code == "correction-invalid"
    assert app.failures() == []
    fid = app.save_failure("a", record.turn_id, '[{"intent": "media.play", "slots": {}}]', note="joke")
    stored = app.store.get(fid)
    assert stored.source == "ui-feedback" and stored.note == "joke"
    assert stored.corrected_commands == [{"intent": "media.play", "slots": {}}]
    assert stored.state["hvac.set_temp_c.driver"] == 22.0
    assert stored.context["speaker_zone"] == "driver"
    reviewed = app.review(fid, "accepted")
    assert reviewed.status == "accepted"
    with pytest.raises(InputError):
        app.review(fid, "accepted", '[{"intent": "nope"}]')
    with pytest.raises(InputError) as err:
        app.save_failure("empty-session", None, "[]")
    assert err.value.code == "failure-no-turn"


def test_api_result_drops_events_only(app):
    rec = app.say("a", "打开车窗").record
    out = api_result(rec.result)
    assert "events" not in out
    assert set(rec.result) - set(out) == {"events"}
    json.dumps(out, ensure_ascii=False)


def test_views_render_for_a_session(app):
    ui = app.sessions.get("a")
    assert "data:image/png;base64," in app.screen_html(ui, "en")
    assert "km/h" in app.instruments_html(ui, "zh")
    assert 'data-role="command"' in app.models_html("en")


def test_empty_text_notice_follows_the_ui_language(app):
    from simulator.ui.text import t

    view = app.say("a", "  ", notice_lang="en")
    assert view.code == "text-empty" and view.notice == t("err_empty_text", "en")
    assert app.say("a", "  ", notice_lang="zh").notice == t("err_empty_text", "zh")
