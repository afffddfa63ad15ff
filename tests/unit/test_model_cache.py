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
