"""The self-healing cache folder (multimodal/cache.py): faults a kill or a bad copy leaves are rebuilt."""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

import pytest

from multimodal import cache


class _Builder:
    """Writes two files; counts its builds; can be told to die half-way like a killed conversion."""

    def __init__(self, payload: bytes = b"weights " * 1000):
        self.payload, self.builds, self.die = payload, 0, False

    def __call__(self, tmp: Path) -> None:
        self.builds += 1
        (tmp / "model.bin").write_bytes(self.payload)
        if self.die:
            raise KeyboardInterrupt("killed mid-build")
        (tmp / "sub").mkdir()
        (tmp / "sub" / "config.json").write_text('{"layers": 2}', encoding="utf-8")


def _ensure(folder: Path, build: _Builder, **kw) -> Path:
    return cache.ensure_dir(folder, build, source="test parts", **kw)


@pytest.fixture()
def built(tmp_path):
    build = _Builder()
    folder = _ensure(tmp_path / "m", build)
    return folder, build


def test_a_good_folder_is_reused_without_a_rebuild(built):
    folder, build = built
    manifest = json.loads((folder / cache.MANIFEST_NAME).read_text())
    assert set(manifest["files"]) == {"model.bin", "sub/config.json"} and manifest["source"] == "test parts"
    assert _ensure(folder, build) == folder and build.builds == 1
    assert sorted(p.name for p in folder.parent.iterdir()) == ["m", "m.lock"]  # no temp folder left


@pytest.mark.parametrize("fault", ["truncated", "same-size-overwrite", "file-deleted", "no-manifest",
                                   "manifest-garbage"])
def test_a_damaged_folder_is_rebuilt_with_one_line_saying_why(built, fault, caplog):
    folder, build = built
    model = folder / "model.bin"
    if fault == "truncated":
        os.truncate(model, model.stat().st_size // 2)
    elif fault == "same-size-overwrite":
        model.write_bytes(b"X" * model.stat().st_size)
        os.utime(model, ns=(1, 1))  # the mtime moved, so the file is re-hashed
    elif fault == "file-deleted":
        (folder / "sub" / "config.json").unlink()
    elif fault == "no-manifest":
        (folder / cache.MANIFEST_NAME).unlink()
    else:
        (folder / cache.MANIFEST_NAME).write_text("{not json")
    assert cache.problem(folder) is not None
    with caplog.at_level(logging.WARNING, logger="cockpit_sim.cache"):
        _ensure(folder, build)
    assert build.builds == 2 and cache.problem(folder) is None
    assert model.read_bytes() == build.payload
    why = [r.getMessage() for r in caplog.records if "rebuilding" in r.getMessage()]
    assert len(why) == 1 and str(folder) in why[0]


def test_a_touched_but_unchanged_file_is_restamped_not_rebuilt(built):
    folder, build = built
    os.utime(folder / "model.bin", ns=(10**18, 10**18))
    assert cache.problem(folder) is None
    assert json.loads((folder / cache.MANIFEST_NAME).read_text())["files"]["model.bin"]["mtime_ns"] == 10**18
    assert _ensure(folder, build) == folder and build.builds == 1


def test_a_touched_file_in_a_read_only_cache_is_still_valid(built, monkeypatch, caplog):
    folder, build = built
    os.utime(folder / "model.bin", ns=(10**18, 10**18))
    folder.chmod(0o555)  # the manifest cannot be replaced (atomic_write_bytes writes a sibling, then renames)
    if os.geteuid() == 0:  # root ignores the mode: make the write fail as it would for a user
        def refuse(path, data):
            raise PermissionError(13, "Permission denied", str(path))
        monkeypatch.setattr(cache, "atomic_write_bytes", refuse)
    try:
        with caplog.at_level(logging.INFO, logger="cockpit_sim.cache"):
            assert cache.problem(folder) is None
            assert _ensure(folder, build) == folder and build.builds == 1
    finally:
        folder.chmod(0o755)
    assert any("could not save the new file times" in r.getMessage() for r in caplog.records)
    assert json.loads((folder / cache.MANIFEST_NAME).read_text())["files"]["model.bin"]["mtime_ns"] != 10**18


def test_a_killed_build_leaves_nothing_in_place_and_its_leftover_is_removed(tmp_path, caplog):
    build = _Builder()
    build.die = True
    folder = tmp_path / "m"
    with pytest.raises(KeyboardInterrupt):
        _ensure(folder, build)
    assert not folder.exists()
    # A SIGKILL skips the clean-up: leave a half-written temp folder as a killed process would.
    stale = tmp_path / ("m" + cache.BUILDING_MARK + "dead")
    stale.mkdir()
    (stale / "model.bin").write_bytes(b"half")
    build.die = False
    with caplog.at_level(logging.WARNING, logger="cockpit_sim.cache"):
        _ensure(folder, build)
    assert not stale.exists() and cache.problem(folder) is None
    assert any("interrupted build" in r.getMessage() for r in caplog.records)


def test_pinned_hashes_are_checked_against_the_manifest(built):
    folder, build = built
    assert cache.problem(folder, pinned={"model.bin": "0" * 64}) is not None
    from multimodal.paths import sha256_file

    assert cache.problem(folder, pinned={"model.bin": sha256_file(folder / "model.bin")}) is None


def test_an_older_complete_folder_is_adopted_instead_of_rebuilt(tmp_path):
    folder = tmp_path / "legacy"
    folder.mkdir()
    (folder / "model.bin").write_bytes(b"old but whole")
    build = _Builder()
    _ensure(folder, build, adopt=lambda f: (f / "model.bin").read_bytes() == b"old but whole")
    assert build.builds == 0 and "adopted" in json.loads((folder / cache.MANIFEST_NAME).read_text())["source"]
    refused = tmp_path / "legacy2"
    refused.mkdir()
    (refused / "model.bin").write_bytes(b"half")
    _ensure(refused, build, adopt=lambda f: False)
    assert build.builds == 1 and (refused / "model.bin").read_bytes() == build.payload


def test_concurrent_loaders_build_once(tmp_path):
    started = threading.Event()
    build = _Builder()
    inner = build.__call__

    def slow_build(tmp: Path) -> None:
        started.set()
        threading.Event().wait(0.2)  # hold the lock while the other loader arrives (not a timing assertion)
        inner(tmp)

    folder = tmp_path / "m"
    results: list[Path] = []
    threads = [threading.Thread(target=lambda: results.append(cache.ensure_dir(folder, slow_build, "t")))
               for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(10)
    assert results == [folder, folder] and build.builds == 1


def test_safetensors_header_check_catches_truncation(tmp_path):
    np = pytest.importorskip("numpy")
    st = pytest.importorskip("safetensors.numpy")
    path = tmp_path / "model.safetensors"
    st.save_file({"w": np.arange(1000, dtype=np.float32), "b": np.ones(10, dtype=np.float32)}, str(path))
    assert cache.safetensors_problem(path) is None
    os.truncate(path, path.stat().st_size - 4)
    assert "header needs" in cache.safetensors_problem(path)
    path.write_bytes(b"\xff" * 16)
    assert cache.safetensors_problem(path) is not None


def test_atomic_write_replaces_whole_files_only(tmp_path):
    target = tmp_path / "a.wav"
    cache.atomic_write_bytes(target, b"new bytes")
    assert target.read_bytes() == b"new bytes" and [p.name for p in tmp_path.iterdir()] == ["a.wav"]


class _Transformers:
    """transformers as load_base sees it: loading the cached folder raises ``error``; counts the loads."""

    def __init__(self, error: Exception):
        self.loads, shim = 0, self

        class _Auto:
            @staticmethod
            def from_pretrained(path, **kw):
                shim.loads += 1
                if shim.loads == 1:
                    raise error
                return _Loaded()

        self.AutoTokenizer = self.AutoModelForCausalLM = _Auto


class _Loaded:
    def eval(self):
        return self


def _safetensors_build(tmp: Path) -> None:
    header = b"{}"  # no tensors: a complete file is exactly its 8-byte length and the header
    (tmp / "model.safetensors").write_bytes(len(header).to_bytes(8, "little") + header)


@pytest.fixture()
def cached_base(tmp_path, monkeypatch):
    """load_base on a .gguf whose verified cache is ``folder``; ``builds`` counts (re)builds."""
    pytest.importorskip("torch")
    from multimodal.command import base_model

    folder, builds = tmp_path / "models" / "tiny", []

    def build(tmp: Path) -> None:
        builds.append(tmp)
        _safetensors_build(tmp)

    monkeypatch.setattr(base_model, "dequantized_dir", lambda *a: cache.ensure_dir(folder, build, source="tiny"))
    (tmp_path / "tiny.gguf").write_bytes(b"GGUF")
    return str(tmp_path / "tiny.gguf"), folder, builds


@pytest.mark.parametrize("error", [MemoryError("out of memory"), ValueError("unknown model_type 'gemma9'")])
def test_a_load_error_with_intact_files_keeps_the_cache(cached_base, monkeypatch, error):
    from multimodal.command import base_model
    from multimodal.protocols import BackendUnavailable

    gguf, folder, builds = cached_base
    monkeypatch.setattr(base_model, "require_transformers", lambda: _Transformers(error))
    with pytest.raises(BackendUnavailable) as err:
        base_model.load_base(gguf)
    assert str(error) in str(err.value) and type(error).__name__ in str(err.value) and "kept" in str(err.value)
    assert len(builds) == 1 and cache.problem(folder) is None


def test_a_load_error_with_bad_files_rebuilds_the_cache(cached_base, monkeypatch, caplog):
    from multimodal.command import base_model

    gguf, folder, builds = cached_base
    cache.ensure_dir(folder, lambda tmp: (builds.append(tmp), _safetensors_build(tmp)), source="tiny")
    weights = folder / "model.safetensors"
    stamp = weights.stat().st_mtime_ns
    weights.write_bytes(b"\xff" * weights.stat().st_size)  # same size and mtime: the manifest check passes
    os.utime(weights, ns=(stamp, stamp))
    monkeypatch.setattr(base_model, "require_transformers", lambda: _Transformers(OSError("bad header")))
    with caplog.at_level(logging.WARNING, logger="cockpit_sim.cache"):
        model, _tok = base_model.load_base(gguf)
    assert isinstance(model, _Loaded) and len(builds) == 2 and cache.problem(folder) is None
    assert any("header length" in r.getMessage() for r in caplog.records)
