"""The named endpoints through gradio_client, against `cockpit-sim run` as a user starts it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def client(server):
    gradio_client = pytest.importorskip("gradio_client")
    return gradio_client.Client(server[0], verbose=False)


def test_say_applies_the_command_and_reports_the_turn(client):
    turn = client.predict("把主驾温度调到24度", api_name="/say")
    assert turn["commands"] == [{"intent": "hvac.set_temperature", "slots": {"value": 24, "zone": "driver"}}]
    assert turn["outcomes"][0]["status"] == "done"
    assert turn["changes"]["hvac.set_temp_c.driver"] == {"old": 22.0, "new": 24.0}
    assert turn["reply"] and turn["error"] is None
    assert {"command", "apply"} <= set(turn["timings_ms"])
    assert "events" not in turn  # bulky; summarised by timings_ms
    # The same client drives the same world: /state sees the change.
    state = client.predict(api_name="/state")
    assert state["state"]["hvac.set_temp_c.driver"] == 24.0


def test_say_with_language_and_zone(client):
    turn = client.predict("turn on the seat heating", "en", "passenger", api_name="/say")
    assert turn["lang"] == "en"
    assert turn["commands"][0]["intent"] == "seat.heat"
    assert "seat.heat_level.passenger" in turn["changes"]


def test_say_bad_input_is_a_clear_error(client):
    turn = client.predict("   ", api_name="/say")
    assert turn["error"]["code"] == "text-empty" and turn["commands"] == []
    turn = client.predict("开" * 5000, api_name="/say")
    assert turn["error"]["code"] == "text-too-long" and turn["changes"] == {}


def test_listen_transcribes_and_acts(client, media_dir):
    from gradio_client import handle_file

    wav = media_dir / "open_window.wav"
    if not wav.exists():
        pytest.skip("espeak-ng is not installed")
    turn = client.predict(handle_file(str(wav)), "", "", api_name="/listen")
    assert "open the window" in turn["transcript"].lower()
    assert turn["commands"][0]["intent"] == "window.open"
    assert "asr" in turn["timings_ms"]


def test_separate_clients_drive_separate_worlds(server, client):
    from gradio_client import Client

    other = Client(server[0], verbose=False)
    other.predict("把副驾温度调到18度", api_name="/say")
    assert other.predict(api_name="/state")["state"]["hvac.set_temp_c.passenger"] == 18.0
    assert client.predict(api_name="/state")["state"]["hvac.set_temp_c.passenger"] == 22.0


def test_models_reports_each_models_load_state(client):
    models = {m["role"]: m for m in client.predict(api_name="/models")}
    assert models["command"]["name"] == "rules" and models["command"]["state"] in ("loading", "loaded")
    assert set(models) >= {"command", "asr", "tts"}
    assert all(m["state"] in ("waiting", "loading", "loaded", "failed", "unavailable") for m in models.values())
