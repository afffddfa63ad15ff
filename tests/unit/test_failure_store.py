"""The failure store: complete records, atomic writes, review, bad input rejected."""

import itertools
import multiprocessing
import os
import signal

import pytest

from simulator.failures.store import FailureCase, FailureStore, FailureStoreError

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
WAV = b"RIFF" + b"\x00" * 40
GOOD = [{"intent": "seat.heat", "slots": {"on": True}}]


def case(**kw):
    base = dict(source="ui-feedback", text="打开座椅加热", lang="zh", audio=WAV, screenshot=PNG,
                model_output={"commands": [{"intent": "unsupported", "slots": {"reason": "out_of_domain"}}]},
                corrected_commands=GOOD, state={"speed_kph": 30.0}, context={"speaker_zone": "driver"},
                model_id="sft", model_version="1")
    base.update(kw)
    return FailureCase(**base)


def test_roundtrip(tmp_path):
    store = FailureStore(tmp_path)
    fid = store.add(case())
    rec = store.get(fid)
    assert rec.text == "打开座椅加热" and rec.corrected_commands == GOOD and rec.status == "new"
    assert open(rec.audio_path, "rb").read() == WAV and open(rec.screenshot_path, "rb").read() == PNG
    assert rec.state == {"speed_kph": 30.0} and rec.model_id == "sft"
    assert [r.id for r in store.list()] == [fid]
    store.review(fid, "accepted")
    assert store.list(status="accepted")[0].id == fid


def test_env_home(tmp_path, monkeypatch):
    monkeypatch.setenv("COCKPIT_SIM_HOME", str(tmp_path))
    store = FailureStore()
    assert str(store.home).startswith(str(tmp_path))


@pytest.mark.parametrize("bad, fragment", [
    (dict(source="twitter"), "source must be"),
    (dict(corrected_commands=[{"intent": "fly", "slots": {}}]), "contract"),
    (dict(audio="/no/such/file.wav"), "not found"),
])
def test_bad_cases_write_nothing(tmp_path, bad, fragment):
    store = FailureStore(tmp_path)
    with pytest.raises(FailureStoreError, match=fragment):
        store.add(case(**bad))
    assert store.count() == 0


def test_accept_needs_a_correction(tmp_path):
    store = FailureStore(tmp_path)
    fid = store.add(case(corrected_commands=None))
    with pytest.raises(FailureStoreError, match="no corrected commands"):
        store.review(fid, "accepted")
    store.review(fid, "accepted", corrected_commands=GOOD)
    with pytest.raises(FailureStoreError, match="no failure"):
        store.review("f-nope", "rejected")


def _writer(home, writing):
    store = FailureStore(home)
    for i in itertools.count():
        if i == 1:
            writing.set()  # one whole record is in; the kill lands while the following ones are written
        store.add(case(text=f"utterance {i}", audio=os.urandom(2000)))


def test_killed_writer_leaves_only_whole_records(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    writing = ctx.Event()
    proc = ctx.Process(target=_writer, args=(str(tmp_path), writing))
    proc.start()
    assert writing.wait(timeout=120), "the writer never stored its first record"
    os.kill(proc.pid, signal.SIGKILL)
    proc.join()
    store = FailureStore(tmp_path)
    records = store.list()
    assert records, "the writer should have stored something before being killed"
    for r in records:
        assert r.audio_path and os.path.getsize(r.audio_path) == 2000
        assert r.corrected_commands == GOOD
    store.vacuum_media()
    assert not [p for p in store.media_dir.iterdir() if p.name.endswith(".tmp")]  # atomic_write_bytes' temp files
    assert len(list(store.media_dir.iterdir())) == len(records) + 1  # + the shared screenshot
