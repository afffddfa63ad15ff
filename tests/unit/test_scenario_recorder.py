"""Record -> replay: a session saved by scenarios.recorder replays identically through the runner."""

import yaml

from scenarios.loader import load_text
from scenarios.runner import play
from simulator.cli.main import main
from scenarios.recorder import record_session, to_yaml
from multimodal.registry import BackendPlan
from simulator.session import CockpitSession, SessionConfig


def test_recorded_session_replays_identically():
    session = CockpitSession(SessionConfig(seed=3, lang="zh", backends=BackendPlan.from_flags(command="rules", tts="off"),
                                           overrides={"outside_temp_c": -6, "window_pct.driver": 30}))
    session.say("把主驾空调调到22度并打开座椅加热")
    session.say("副驾也要")
    session.advance(20)
    session.respond(True)  # the cold_start suggestion raised meanwhile
    session.inject("rain")
    session.advance(40)
    session.say("打开天窗")
    session.say("")  # bad input is recorded with its error code
    session.advance(15)
    doc = record_session(session, title="录制", scenario_id="rec")
    text = to_yaml(doc)
    assert yaml.safe_load(text)["steps"][0]["expect"]["commands"][1]["slots"] == {"on": True}  # 'on' stays a key
    (sc,) = load_text(text, "rec.yaml")
    assert [s.kind for s in sc.steps].count("say") == 4 and any(s.kind == "respond" for s in sc.steps)
    result = play(sc, _options())
    assert result.ok, [f"{s.summary}: {s.failure_message()}" for s in result.steps if not s.ok]
    original = [e.data for e in session.log.of_type("turn-end")]
    replayed = result.turns()
    assert [t["commands"] for t in replayed] == [t["commands"] for t in original]
    assert [t["changes"] for t in replayed] == [t["changes"] for t in original]
    assert result.sim_s == session.world.now_s
    expects = [s.expect for s in sc.steps]
    assert any("suggestion" in e and "cold_start" in e["suggestion"].get("raised", []) for e in expects)
    assert any(e.get("error") == "text-empty" for e in expects)


def _options():
    from scenarios.runner import RunOptions

    return RunOptions(backends=BackendPlan.from_flags(command="rules"))


def test_cli_record_then_run(tmp_path, capsys):
    out = tmp_path / "walk.yaml"
    assert main(["scenario", "record", "--backend", "rules", "--lang", "en", "--set", "outside_temp_c=30",
                 "--say", "turn on the AC", "--advance", "1m", "--inject", "congestion", "--advance", "10s",
                 "--respond", "accept", "--say", "set the volume to 40", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "respond: accept" in text and "inject: congestion" in text and "media.volume_pct: 40" in text
    assert main(["scenario", "run", str(out), "--backend", "rules", "--no-record-failures"]) == 0
    assert main(["scenario", "record", "--backend", "rules", "--respond", "accept", "--out", str(out)]) == 2
    assert "no suggestion is pending" in capsys.readouterr().err
    assert main(["scenario", "record", "--advance", "soon", "--say", "x", "--out", str(out)]) == 2
