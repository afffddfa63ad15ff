"""The steppable scenario player: paced (chunked) playing lands on the same world and verdict as
runner.play(); stop and resume; per-step evidence; one failed step to the failure store."""

import io
import threading

import pytest

from multimodal.registry import BackendPlan
from scenarios.failures import record_failures, record_step_failure
from scenarios.loader import load_file
from scenarios.playback import SLICE_WALL_S, Pace, Playback
from scenarios.runner import RunOptions, play
from tests.conftest import ROOT
from tests.unit.conftest import GOOD, TABLE, comparable, fake_backends, scenario

RULES = RunOptions(backends=BackendPlan.from_flags(command="rules", asr="off", screen="off", tts="off"))
LIBRARY = ROOT / "scenarios" / "library"
# Proactive suggestions, a tire leak, congestion, a long advance: long waits the UI paces in slices.
PACED = ["proactive_tire_leak_en_decline_cooldown", "proactive_congestion_zh_accept",
         "proactive_cold_start_en_decline", "proactive_low_range_zh_accept"]


def library(name):
    (sc,) = load_file(LIBRARY / f"{name}.yaml")
    return sc


def paced(sc, slice_sim_s, options=RULES, backends=None):
    """A playback whose REALTIME pace advances ``slice_sim_s`` per slice, sleeping nothing for real."""
    pb = Playback(sc, options, backends)
    pb._wall_per_sim_s = SLICE_WALL_S / slice_sim_s
    slept = []
    pb._sleep = slept.append
    return pb, slept




@pytest.mark.parametrize("name", PACED)
@pytest.mark.parametrize("slice_sim_s", [7.3, 60.0])  # stops off and on the physics ticks
def test_chunked_pace_lands_on_the_same_world_and_verdict_as_play(name, slice_sim_s):
    sc = library(name)
    fast = Playback(sc, RULES)
    while fast.step() is not None:
        pass
    pb, slept = paced(sc, slice_sim_s)
    ticks = []
    while pb.step(Pace.REALTIME, on_tick=lambda: ticks.append(pb.session.world.now_s)) is not None:
        pass
    assert len(ticks) > 3 and slept  # it really went in slices
    assert max(b - a for a, b in zip(ticks, ticks[1:])) <= slice_sim_s + 1e-6
    assert pb.session.state() == fast.session.state()
    assert pb.session.world.now_s == fast.session.world.now_s
    assert comparable(pb.finish()) == comparable(fast.finish()) == comparable(play(sc, RULES))


def test_stop_mid_wait_then_resume_gives_the_same_result():
    sc = library("proactive_tire_leak_en_decline_cooldown")
    pb, _ = paced(sc, 30.0)
    stop = threading.Event()
    ticks = []

    def tick():
        ticks.append(pb.session.world.now_s)
        if len(ticks) == 10:  # part-way through the 19-minute wait for the suggestion
            stop.set()

    assert pb.step(Pace.X10, stop=stop, on_tick=tick) is not None  # the inject at 1 min
    assert pb.step(Pace.X10, stop=stop, on_tick=tick) is None
    assert pb.cursor == 1 and not pb.done and 60 < pb.session.world.now_s < 20 * 60
    assert pb.step(Pace.X10, stop=stop) is None  # a set stop keeps it paused, the world where it was
    assert pb.session.world.now_s == ticks[-1]
    stop.clear()
    while pb.step(Pace.X10, stop=stop, on_tick=tick) is not None:
        pass
    assert pb.done and pb.cursor == len(sc.steps)
    assert comparable(pb.finish()) == comparable(play(sc, RULES))


def test_a_stopped_paced_step_returns_quickly_with_real_sleeping():
    sc = library("proactive_cold_start_en_decline")
    pb = Playback(sc, RULES)
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    assert pb.step(Pace.REALTIME, stop=stop) is None  # the wait for 10 s stops after ~0.3 s wall
    assert 0 < pb.session.world.now_s < 10
    assert pb.step(Pace.FAST) is not None and pb.session.world.now_s == 10


def test_stepping_equals_play_and_cursor_moves():
    sc = scenario(GOOD)
    pb = Playback(sc, backends=fake_backends(TABLE))
    assert pb.session is None and pb.cursor == 0 and not pb.done and pb.evidence(0) is None
    kinds = []
    while (sr := pb.step()) is not None:
        kinds.append(sr.kind)
        assert pb.cursor == len(kinds) and pb.result.steps[-1] is sr
    assert kinds == ["say", "expect", "respond"] and pb.done and pb.step() is None
    result = pb.finish()
    assert result is pb.finish() and result.ok and result.sim_s == 10 and result.wall_s > 0
    assert comparable(result) == comparable(play(sc, backends=fake_backends(TABLE)))


def test_evidence_has_the_state_diff_the_screen_and_the_model_output():
    from PIL import Image

    pb = Playback(scenario(GOOD), backends=fake_backends(TABLE))
    result = pb.finish()  # plays every step
    say, wait, respond = (pb.evidence(i) for i in range(3))
    assert pb.evidence(3) is None and pb.evidence(-1) is None
    assert say.index == 0 and say.state_diff["seat.heat_level.driver"] == (0, 2)
    assert say.model_output["commands"] == TABLE["heat"] and say.model_output["transcript"] == "heat"
    assert say.model_output["backend"] == result.steps[0].turn["parse"]["backend"]
    assert say.model_output["turn_step"] == 0
    # The wait's diff is the world moving (10 simulated seconds), not a turn's own changes.
    assert "seat.heat_level.driver" not in wait.state_diff and wait.state_diff
    assert wait.model_output["turn_step"] == 0  # the expect read the last turn
    assert respond.state_diff["hvac.set_temp_c.driver"][1] == 24
    image = Image.open(io.BytesIO(say.screen_png))
    assert image.format == "PNG" and image.size == (1280, 720)
    assert respond.screen_png != say.screen_png


def test_a_session_that_cannot_start_sets_the_error_and_is_done():
    sc = scenario("id: x\nsteps:\n  - say: hi\n")
    pb = Playback(sc, RunOptions(backends=BackendPlan.from_flags(command="no-such-backend", check=False)))
    assert pb.step() is None
    assert pb.done and pb.session is None and "could not start" in pb.result.error
    assert pb.evidence(0) is None and not pb.finish().ok


BAD = """
    id: bad
    lang: en
    steps:
      - say: cool
      - expect:
          commands: [{hvac.set_temperature: {value: 21}}]
      - say: heat
        expect: {latency_ms: {total: 0.0001}}
"""


def test_record_step_failure_stores_the_turn_a_step_points_at(tmp_path):
    from simulator.failures.store import FailureStore

    sc = scenario(BAD)
    result = play(sc, backends=fake_backends(TABLE))
    assert [s.ok for s in result.steps] == [True, False, False]
    store = FailureStore(tmp_path / "store")
    fid = record_step_failure(sc, result, 1, store)
    rec = store.get(fid)
    assert rec.text == "cool" and rec.context["step_index"] == 0 and rec.source == "scenario-step"
    assert rec.corrected_commands == [{"intent": "hvac.set_temperature", "slots": {"value": 21}}]
    assert rec.model_output["commands"] == TABLE["cool"]
    with pytest.raises(ValueError, match="step 0 .* passed"):
        record_step_failure(sc, result, 0, store)
    with pytest.raises(ValueError, match="no learnable failed turn"):
        record_step_failure(sc, result, 2, store)  # latency is not the model's to learn
    with pytest.raises(ValueError, match="has not been played"):
        record_step_failure(sc, result, 7, store)
    assert store.count() == 1  # the refusals stored nothing
    assert record_failures([sc], [result], store) == 1 and store.count() == 2
