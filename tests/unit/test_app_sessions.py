"""Per-browser sessions: created on first sight, ticked in real time, forgotten when idle."""

from __future__ import annotations

import threading
import time

from multimodal.fakes import FakeCommandModel
from simulator.ui.sessions import SessionManager
from simulator.pipeline import Backends
from simulator.session import CockpitSession, SessionConfig


def _factory(seed, lang, profile, overrides):
    return CockpitSession(SessionConfig(seed=seed, lang=lang, speed_profile=profile, overrides=overrides),
                          backends=Backends(command=FakeCommandModel()))


def test_one_session_per_key_and_api_default():
    m = SessionManager(_factory)
    a = m.get("a")
    assert m.get("a") is a
    assert m.get(None).key == "api"
    assert sorted(m.keys()) == ["a", "api"]


def test_reset_keeps_run_settings_and_applies_overrides():
    m = SessionManager(_factory)
    ui = m.get("a")
    ui.running, ui.time_factor = False, 30
    new = m.reset("a", 5, "city", {"outside_temp_c": -3.0})
    assert new is m.get("a") and new is not ui
    assert (new.seed, new.running, new.time_factor) == (5, False, 30)
    assert new.session.state()["outside_temp_c"] == -3.0


def test_tick_scales_time_and_skips_a_busy_session():
    m = SessionManager(_factory)
    fast, busy = m.get("fast"), m.get("busy")
    fast.time_factor = 60
    held, release = threading.Event(), threading.Event()

    def turn_in_progress():  # another thread holds the session, as a running turn does
        with busy.session.lock:
            held.set()
            release.wait(5)

    worker = threading.Thread(target=turn_in_progress)
    worker.start()
    held.wait(5)
    try:
        m.tick(1.0)
    finally:
        release.set()
        worker.join()
    assert fast.session.world.now_s == 60.0
    assert busy.session.world.now_s == 0.0
    m.tick(100.0)  # a stall is not made up all at once
    assert fast.session.world.now_s == 60.0 + 60 * 2.0


def test_idle_sessions_are_forgotten_and_the_count_is_capped():
    m = SessionManager(_factory, idle_timeout_s=10, max_sessions=3)
    m.get("old").last_seen = time.monotonic() - 60
    m.get("b")
    assert m.cleanup() == 1 and m.keys() == ["b"]
    for k in "cde":
        m.get(k)
    assert len(m.keys()) == 3 and "b" not in m.keys()


def test_ticker_thread_runs_and_stops():
    m = SessionManager(_factory, tick_s=0.02)
    ui = m.get("a")
    ui.time_factor = 100
    m.start_ticker()
    deadline = time.monotonic() + 5
    while ui.session.world.now_s < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    m.stop_ticker()
    assert ui.session.world.now_s >= 2


def test_a_pending_suggestion_slows_the_world_to_real_time():
    m = SessionManager(_factory)
    ui = m.get("a")
    ui.time_factor = 60
    ui.session.set({"outside_temp_c": -5.0, "cabin_temp_c.driver": -5.0})
    ui.session.advance(6)  # the proactive rules run every 5 simulated seconds
    assert ui.session.pending_suggestion is not None
    before = ui.session.world.now_s
    m.tick(1.0)
    assert ui.session.world.now_s == before + 1.0
