"""Abuse of a real `cockpit-sim run` through gradio_client: generated bad /say and /listen requests, then a
normal turn still works and another client's world was never touched.

Each bad request must come back as a turn with ``error.code`` set, a normal turn (refusal included), or an
error the client raises with a specific message (the API refuses a bad ``lang`` / ``zone`` that way).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.abuse import BAD_LANGS, BAD_ZONES, SHARED_FIXTURE, abuse_settings, bad_texts, run_counted
from tests.browser.conftest import served
from vehicle_state.signals import SEATS

pytestmark = pytest.mark.browser

GOOD_TEXT = "把主驾温度调到24度"


@pytest.fixture(scope="module")
def url():
    pytest.importorskip("gradio_client")
    with served() as (found, _home):
        yield found


def idle_signals() -> set[str]:
    """Signals a parked car changes by itself (cabin temperature, clock...) over an hour: a running world's
    ticker moves them between two reads, so "untouched" compares every other signal."""
    from simulator.world import World

    world = World()
    before = world.state.to_flat()
    world.run(3600)
    after = world.state.to_flat()
    return {k for k in before if before[k] != after[k]}


def settings_of(state: dict, drifting: set[str]) -> dict:
    return {k: v for k, v in state["state"].items() if k not in drifting}


def bad_request() -> st.SearchStrategy[tuple]:
    lang = BAD_LANGS.filter(lambda v: v.strip() and v not in ("zh", "en"))
    zone = BAD_ZONES.filter(lambda v: v.strip() and v not in SEATS)
    # No lone surrogates: gradio_client cannot send them (it encodes its request as UTF-8 and raises first).
    say = st.tuples(st.just("say"), bad_texts(surrogates=False), st.sampled_from(["", "zh", "en"]), st.just(""))
    say_bad_args = st.tuples(st.just("say"), st.sampled_from(["打开车窗", "open the window"]),
                             st.one_of(lang, st.just("")), st.one_of(zone, st.just("")))
    listen = st.tuples(st.just("listen"), st.binary(max_size=1500), st.sampled_from(["clip.wav", "clip.mp3", "x.txt"]),
                       st.sampled_from(["", "zh"]))
    return st.one_of(say, say, say_bad_args, listen)


def test_bad_requests_leave_the_server_serving_and_other_worlds_alone(url, tmp_path_factory):
    from gradio_client import Client, handle_file

    folder = tmp_path_factory.mktemp("abuse-server")
    drifting = idle_signals()
    bystander = Client(url, verbose=False)
    bystander.predict("把副驾温度调到18度", api_name="/say")
    watched = settings_of(bystander.predict(api_name="/state"), drifting)
    attacker = Client(url, verbose=False)

    def prop(tally):
        @abuse_settings("server", suppress_health_check=SHARED_FIXTURE)
        @given(request=bad_request())
        def check(request):
            tally.add(request)
            kind, payload, a, b = request
            before = settings_of(attacker.predict(api_name="/state"), drifting)
            try:
                if kind == "say":
                    turn = attacker.predict(payload, a, b, api_name="/say")
                else:
                    path = folder / f"{len(tally.seen)}-{a}"
                    path.write_bytes(payload)
                    turn = attacker.predict(handle_file(str(path)), "", b, api_name="/listen")
            except Exception as err:  # noqa: BLE001 - the client re-raises the server's refusal
                assert any(w in str(err) for w in ("lang must be", "zone must be")), f"unclear error: {err!r}"
                assert settings_of(attacker.predict(api_name="/state"), drifting) == before
                return
            if turn["error"]:
                assert turn["error"]["code"] and turn["error"]["message"]
                assert turn["changes"] == {} or not set(turn["changes"]) - drifting
                assert settings_of(attacker.predict(api_name="/state"), drifting) == before
            else:
                assert turn["reply"]

        check()

    run_counted("server", prop)
    turn = attacker.predict(GOOD_TEXT, api_name="/say")
    assert turn["error"] is None and turn["commands"][0]["intent"] == "hvac.set_temperature"
    assert attacker.predict(api_name="/state")["state"]["hvac.set_temp_c.driver"] == 24.0
    assert settings_of(bystander.predict(api_name="/state"), drifting) == watched
