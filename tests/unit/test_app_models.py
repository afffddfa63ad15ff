"""Background model loading for the UI: fallback while loading, failures shown, shared instances."""

from __future__ import annotations

import threading

import pytest

from multimodal.protocols import BackendInfo, InputError, ParseResult
from simulator.ui import models as app_models
from multimodal.registry import BackendPlan
from simulator.ui.models import ModelManager, SharedBackend, SwitchingCommandModel
from vehicle_state.commands import Command


class _Slow:
    """A command model whose load blocks until the test releases it."""

    gate = threading.Event()

    def __init__(self, **options):
        self.gate.wait(5)

    @classmethod
    def describe(cls):
        return BackendInfo("slow", "command", ("zh", "en"), True, "test")

    def parse_detailed(self, text, lang=None, context=None):
        return ParseResult((Command("media.play", {}),), "slow")


@pytest.fixture()
def slow_registry(monkeypatch):
    from multimodal import registry

    monkeypatch.setitem(registry.BACKENDS["command"], "slow-test", f"{__name__}:_Slow")
    monkeypatch.setitem(registry.BACKENDS["command"], "broken-test", f"{__name__}:_Broken")
    _Slow.gate.clear()
    yield
    _Slow.gate.set()


class _Broken:
    def __init__(self, **options):
        raise OSError("weights missing")

    @classmethod
    def describe(cls):
        return BackendInfo("broken", "command", ("zh",), True, "test")


def test_rules_answer_until_the_preferred_model_has_loaded(slow_registry):
    models = ModelManager(BackendPlan.from_flags(command="slow-test", asr="off", screen="off", tts="off"))
    cmd = SwitchingCommandModel(models)
    models.start()
    result = cmd.parse_detailed("打开车窗")
    assert result.backend == "rules" and result.commands[0].intent == "window.open"
    assert models.state_of("command") in ("waiting", "loading")
    _Slow.gate.set()
    models.wait(10)
    assert models.state_of("command") == "loaded"
    result = cmd.parse_detailed("打开车窗")
    assert result.backend == "slow-test:slow" and result.commands[0].intent == "media.play"
    status = models.status()[0]
    assert status["role"] == "command" and status["elapsed_s"] >= 0


def test_a_failed_load_is_shown_and_rules_keep_working(slow_registry):
    models = ModelManager(BackendPlan.from_flags(command="broken-test", asr="off", screen="off", tts="off"))
    models.start()
    models.wait(10)
    st = models.status()[0]
    assert st["state"] == "failed" and "weights missing" in st["detail"]
    assert SwitchingCommandModel(models).parse_detailed("打开车窗").backend == "rules"


class _Absent:
    loaded = False

    def __init__(self, **options):
        _Absent.loaded = True

    @classmethod
    def describe(cls):
        return BackendInfo("absent", "asr", ("en",), False, "pip install absent-asr")


def test_unavailable_backends_are_not_loaded(monkeypatch):
    from multimodal import registry

    monkeypatch.setitem(registry.BACKENDS["asr"], "absent-test", f"{__name__}:_Absent")
    models = ModelManager(BackendPlan.from_flags(command="rules", asr="absent-test", screen="off", tts="off"))
    models._load_all()
    asr = next(s for s in models.status() if s["role"] == "asr")
    assert asr["state"] == "unavailable" and asr["detail"] == "pip install absent-asr"
    assert not _Absent.loaded
    with pytest.raises(InputError) as err:
        SharedBackend(models, "asr").transcribe("x.wav")
    assert err.value.code == "asr-unavailable"


def test_shared_backend_keeps_in_memory_speech_as_a_file(monkeypatch, tmp_path):
    monkeypatch.setenv("COCKPIT_SIM_CACHE", str(tmp_path))
    models = ModelManager(BackendPlan.from_flags(command="rules", asr="off", screen="off", tts="fake"))
    speech = SharedBackend(models, "tts").synthesize("你好", lang="zh")
    assert speech.path and speech.path.startswith(str(tmp_path))
    again = SharedBackend(models, "tts").synthesize("你好", lang="zh")
    assert again.path == speech.path


def test_options_become_hashable_for_the_shared_cache():
    plan = BackendPlan.from_flags(options={"asr": {"transcripts": {"a.wav": "hi"}, "langs": ["zh"]}})
    opts = plan.options("asr")
    hash(tuple(sorted(opts.items())))
    assert opts["transcripts"] == {"a.wav": "hi"} and opts["langs"] == ("zh",)
    assert plan.options("tts") == {}


def test_typical_load_times_are_named_for_the_defaults():
    assert ("command", "sft") in app_models.TYPICAL_LOAD
