"""A command model that cannot load (e.g. its weights cache is cut short) fails at load time, and where a
turn may still be answered, the rules backend answers and says so: UI model panel and turn, `say`, JSON.
`eval commands` does not score rules in its place."""

from __future__ import annotations

import json
import threading

import pytest

from multimodal.protocols import BackendInfo, ParseResult
from multimodal.registry import BackendPlan
from vehicle_state.commands import Command


class _DamagedCache:
    """Like `sft` over a truncated safetensors cache: constructs fine, fails in load()."""

    def __init__(self, **options):
        self.loads = 0

    @classmethod
    def describe(cls):
        return BackendInfo("damaged", "command", ("zh", "en"), True, "test")

    def load(self):
        raise OSError("SafetensorError: Error while deserializing header: incomplete metadata")

    def parse_detailed(self, text, lang=None, context=None):
        raise AssertionError("a model that could not load must never be asked to parse")


class _Gated(_DamagedCache):
    """Loads once the test opens the gate (a long rebuild meanwhile)."""

    gate = threading.Event()

    def load(self):
        self.gate.wait(5)

    def parse_detailed(self, text, lang=None, context=None):
        return ParseResult((Command("media.play", {}),), "gated")


@pytest.fixture()
def registry_with_faults(monkeypatch, request):
    from multimodal import registry

    # A fresh name per test: simulator.models keeps a load error for the life of the process.
    suffix = request.node.name.replace("[", "-").replace("]", "")
    names = {"damaged": f"damaged-{suffix}", "gated": f"gated-{suffix}"}
    monkeypatch.setitem(registry.BACKENDS["command"], names["damaged"], f"{__name__}:_DamagedCache")
    monkeypatch.setitem(registry.BACKENDS["command"], names["gated"], f"{__name__}:_Gated")
    _Gated.gate.clear()
    yield names
    _Gated.gate.set()


def _plan(command: str) -> BackendPlan:
    return BackendPlan.from_flags(command=command, asr="off", screen="off", tts="off")


def test_the_ui_shows_failed_and_each_turn_says_rules_answered_and_why(registry_with_faults):
    from simulator.ui.models import ModelManager, SwitchingCommandModel

    models = ModelManager(_plan(registry_with_faults["damaged"]))
    models.start()
    models.wait(10)
    st = models.status()[0]
    assert st["state"] == "failed" and "SafetensorError" in st["detail"]
    result = SwitchingCommandModel(models).parse_detailed("打开车窗")
    assert result.backend == "rules" and result.fallback == "rules"
    assert result.commands[0].intent == "window.open"
    assert "could not load" in result.fallback_reason and "SafetensorError" in result.fallback_reason


def test_while_the_model_loads_turns_say_it_is_still_loading(registry_with_faults):
    from simulator.ui.models import ModelManager, SwitchingCommandModel

    models = ModelManager(_plan(registry_with_faults["gated"]))
    models.start()
    cmd = SwitchingCommandModel(models)
    first = cmd.parse_detailed("打开车窗")
    assert first.backend == "rules" and "still loading" in first.fallback_reason
    _Gated.gate.set()
    models.wait(10)
    after = cmd.parse_detailed("打开车窗")
    assert after.fallback_reason is None and after.commands[0].intent == "media.play"


def test_a_session_with_fallback_marks_every_turn_in_its_json(registry_with_faults):
    from simulator.session import CockpitSession, SessionConfig

    name = registry_with_faults["damaged"]
    with pytest.raises(RuntimeError, match="could not load"):
        CockpitSession(SessionConfig(backends=_plan(name)))
    session = CockpitSession(SessionConfig(backends=_plan(name), command_fallback=True))
    turn = session.say("打开空调").to_dict()
    assert turn["error"] is None and turn["commands"][0]["intent"] == "hvac.power"
    parse = turn["parse"]
    assert parse["backend"] == "rules" and name in parse["fallback_reason"]
    end = next(e for e in turn["events"] if e["type"] == "command-end")
    assert "could not load" in end["fallback_reason"]


def test_say_falls_back_loudly(registry_with_faults, capsys):
    from simulator.cli.main import main

    name = registry_with_faults["damaged"]
    assert main(["say", "--backend", name, "--json", "打开空调"]) == 0
    out, err = capsys.readouterr()
    turn = json.loads(out)
    assert turn["parse"]["backend"] == "rules" and "SafetensorError" in turn["parse"]["fallback_reason"]
    assert err.startswith("warning: ") and "rules backend answers instead" in err
    assert main(["say", "--backend", name, "打开空调"]) == 0
    assert "backend:  rules (instead: " in capsys.readouterr().out


def test_eval_commands_refuses_to_score_rules_in_place_of_a_model_that_cannot_load(registry_with_faults):
    from simulator.cli.eval_commands import load_backend
    from simulator.errors import CliError

    with pytest.raises(CliError, match="could not load: OSError: SafetensorError"):
        load_backend(registry_with_faults["damaged"])


def test_the_turn_detail_names_the_reason():
    from simulator.ui.views import turn_html

    html = turn_html({"transcript": "打开空调", "commands": [], "changes": {},
                      "parse": {"backend": "rules", "fallback": "rules", "fallback_reason": "sft could not load: <x>"}},
                     "en")
    assert 'data-testid="fallback-reason"' in html and "sft could not load: &lt;x&gt;" in html


def test_a_cut_short_reply_file_is_written_again(monkeypatch, tmp_path):
    from multimodal.protocols import SpeechAudio
    from simulator.ui.models import _with_file

    monkeypatch.setenv("COCKPIT_SIM_CACHE", str(tmp_path))
    speech = SpeechAudio(b"RIFF" + bytes(range(200)), 16000, None, 0.1)
    path = _with_file(speech).path
    with open(path, "r+b") as fh:
        fh.truncate(10)
    assert _with_file(speech).path == path
    with open(path, "rb") as fh:
        assert fh.read() == speech.wav_bytes
