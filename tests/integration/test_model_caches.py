"""Fault injection on the model caches with real (small) models: a cache cut short, overwritten, or left
half-built by a killed conversion is rebuilt at the next load, which then works.

The real Gemma dequantization takes 80-100 s, so the command-model cache is exercised on the tiny Gemma3 that
tests/integration/test_sft_pipeline.py builds, behind a stand-in for transformers' GGUF loading.
"""

from __future__ import annotations

import json
import logging
import os

import pytest

from multimodal import cache

pytestmark = pytest.mark.integration


class _GgufShim:
    """transformers as load_base sees it, where "dequantizing" ``tiny.gguf`` loads the tiny model beside it."""

    def __init__(self, real):
        self.real, self.conversions = real, 0
        shim = self

        class _Auto:
            def __init__(self, cls):
                self.cls = cls

            def from_pretrained(self, path, gguf_file=None, **kw):
                if gguf_file and self.cls is real.AutoModelForCausalLM:
                    shim.conversions += 1
                return self.cls.from_pretrained(path, **kw)

        self.AutoTokenizer = _Auto(real.AutoTokenizer)
        self.AutoModelForCausalLM = _Auto(real.AutoModelForCausalLM)


@pytest.fixture()
def tiny_gguf(tmp_path, monkeypatch):
    transformers = pytest.importorskip("transformers")
    from multimodal.command import base_model
    from tests.integration.test_sft_pipeline import _tiny_model

    monkeypatch.setenv("COCKPIT_SIM_CACHE", str(tmp_path / "cache"))
    folder = _tiny_model(tmp_path / "tiny")
    (folder / "tiny.gguf").write_bytes(b"GGUF")  # resolve_base treats a .gguf file as a GGUF source
    shim = _GgufShim(transformers)
    monkeypatch.setattr(base_model, "require_transformers", lambda: shim)
    return str(folder / "tiny.gguf"), tmp_path / "cache" / "models" / "tiny", shim


def _works(model, tokenizer) -> None:
    import torch

    with torch.inference_mode():
        out = model(**tokenizer("打开空调", return_tensors="pt"))
    assert torch.isfinite(out.logits).all()


def test_the_command_model_cache_heals_itself(tiny_gguf, caplog):
    from multimodal.command.base_model import load_base

    gguf, cached, shim = tiny_gguf
    _works(*load_base(gguf))
    assert shim.conversions == 1 and cache.problem(cached) is None
    _works(*load_base(gguf))
    assert shim.conversions == 1  # a good cache is reused

    weights = cached / "model.safetensors"
    os.truncate(weights, weights.stat().st_size // 2)  # as a kill during the first conversion leaves it
    with caplog.at_level(logging.WARNING, logger="cockpit_sim.cache"):
        _works(*load_base(gguf))
    assert shim.conversions == 2 and any("cut short" in r.getMessage() for r in caplog.records)


def test_a_leftover_of_a_killed_conversion_is_removed(tiny_gguf):
    from multimodal.command.base_model import load_base

    gguf, cached, shim = tiny_gguf
    cached.parent.mkdir(parents=True)
    stale = cached.parent / ("tiny" + cache.BUILDING_MARK + "killed")
    stale.mkdir()
    (stale / "model.safetensors").write_bytes(b"\0" * 100)
    _works(*load_base(gguf))
    assert not stale.exists() and shim.conversions == 1


def test_a_cache_that_passes_its_check_but_will_not_load_is_rebuilt_once(tiny_gguf):
    from multimodal.command.base_model import load_base

    gguf, cached, shim = tiny_gguf
    load_base(gguf)
    weights = cached / "model.safetensors"
    record = json.loads((cached / cache.MANIFEST_NAME).read_text())["files"]["model.safetensors"]
    weights.write_bytes(b"\xff" * weights.stat().st_size)  # same size, and the mtime put back: the check passes
    os.utime(weights, ns=(record["mtime_ns"], record["mtime_ns"]))
    assert cache.problem(cached) is None
    _works(*load_base(gguf))
    assert shim.conversions == 2


def test_an_older_cache_without_a_manifest_is_adopted(tiny_gguf):
    from multimodal.command.base_model import _LEGACY_MARK, load_base

    gguf, cached, shim = tiny_gguf
    load_base(gguf)
    (cached / cache.MANIFEST_NAME).unlink()
    (cached / _LEGACY_MARK).write_text("dequantized from tiny\n")
    _works(*load_base(gguf))
    assert shim.conversions == 1 and cache.problem(cached) is None


def test_the_whisper_base_cache_heals_itself(tmp_path):
    from multimodal.asr import whisper_models
    from multimodal.paths import sha256_file

    if whisper_models.base_parts() is None or whisper_models.base_side_dir() is None:
        pytest.skip("the Whisper base packages are not installed")
    root = tmp_path / "whisper-base-ct2"
    whisper_models.base_model_dir(root)
    model_bin = root / "model.bin"
    os.truncate(model_bin, model_bin.stat().st_size // 2)
    (tmp_path / ("whisper-base-ct2" + cache.BUILDING_MARK + "killed")).mkdir()
    whisper_models.base_model_dir(root)
    assert sha256_file(model_bin) == whisper_models.BASE_SHA256
    assert sorted(p.name for p in tmp_path.iterdir()) == ["whisper-base-ct2", "whisper-base-ct2.lock"]
    (root / "config.json").write_text("{}")  # a side file replaced by something else: rebuilt too
    whisper_models.base_model_dir(root)
    assert (root / "config.json").read_bytes() == (whisper_models.base_side_dir() / "config.json").read_bytes()
