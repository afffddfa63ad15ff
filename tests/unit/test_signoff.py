"""Sign-offs: the SQLite store (round trip, restart, validation), scenario and adapter hashes, what
changed since a sign-off, the report section and the `scenario signoffs` listing."""

import json
import re
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from multimodal.registry import BackendPlan
from scenarios.loader import load_text
from scenarios.signoff import (AdapterIdentity, Signoff, SignoffStatus, SignoffStore, adapter_identity,
                               run_statuses, scenario_sha256, status)
from tests.conftest import ROOT

SHA_A, SHA_B = "a" * 64, "b" * 64
RULES = AdapterIdentity("rules", "c" * 64)


def signoff(scenario_id="s1", decision="accepted", reviewer="Ann", note="looks right", verdict="pass", sha=SHA_A):
    return Signoff(scenario_id, "lib/s1.yaml", sha, RULES, verdict, decision, reviewer, note)


def rows(path):
    if not path.exists():
        return 0
    with sqlite3.connect(path) as db:
        return db.execute("SELECT COUNT(*) FROM signoffs").fetchone()[0]


# ---------------------------------------------------------------------------------- the store
def test_round_trip_history_and_latest(tmp_path):
    store = SignoffStore(tmp_path / "so.sqlite3")
    assert store.latest("s1") is None and store.latest_all() == {} and store.history("s1") == []
    assert not store.path.exists()  # reading an unwritten store creates nothing
    first = store.add(signoff(reviewer="  Ann  ", note=" ok \n"))
    assert first.id is not None and first.reviewer == "Ann" and first.note == "ok"
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", first.signed_at)
    second = store.add(signoff(decision="rejected", reviewer="Bo", note="reply is wrong", verdict="fail"))
    store.add(signoff(scenario_id="s2"))
    assert store.latest("s1") == second
    assert store.history("s1") == [second, first]
    assert list(store.latest_all()) == ["s1", "s2"] and store.latest_all()["s1"] == second
    assert Signoff.from_dict(json.loads(json.dumps(second.to_dict()))) == second


def test_signoffs_survive_a_process_restart(tmp_path):
    db = tmp_path / "home" / "signoffs.sqlite3"
    code = textwrap.dedent(f"""
        from scenarios.signoff import AdapterIdentity, Signoff, SignoffStore
        s = SignoffStore()
        s.add(Signoff("restart", "f.yaml", "{SHA_A}", AdapterIdentity("sft adapter x (int8)", "{SHA_B}"),
                      "pass", "accepted", "Chen Wei", "signed in another process"))
        print(s.path)
    """)
    env = {"COCKPIT_SIM_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == str(db)  # the default location is the user data dir
    got = SignoffStore(db).latest("restart")
    assert got.reviewer == "Chen Wei" and got.adapter == AdapterIdentity("sft adapter x (int8)", SHA_B)
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("SELECT version FROM schema_version").fetchall() == [(1,)]


@pytest.mark.parametrize("change, message", [
    ({"reviewer": "   "}, "reviewer must be non-empty"),
    ({"reviewer": "x" * 101}, "at most 100"),
    ({"reviewer": "Ann\nBo"}, "one line"),
    ({"note": "n" * 2001}, "at most 2000"),
    ({"decision": "maybe"}, "decision must be one of accepted, rejected"),
    ({"verdict": "ok"}, "verdict must be one of pass, fail"),
    ({"sha": "abc"}, "scenario_sha256 must be 64"),
])
def test_bad_signoffs_raise_and_write_nothing(tmp_path, change, message):
    store = SignoffStore(tmp_path / "so.sqlite3")
    store.add(signoff(scenario_id="other"))
    with pytest.raises(ValueError, match=message):
        store.add(signoff(**change))
    assert rows(store.path) == 1 and store.latest("s1") is None


def test_a_stored_signoff_is_not_added_twice_and_a_newer_schema_is_refused(tmp_path):
    store = SignoffStore(tmp_path / "so.sqlite3")
    stored = store.add(signoff())
    with pytest.raises(ValueError, match="already stored"):
        store.add(stored)
    assert rows(store.path) == 1
    with sqlite3.connect(store.path) as con:
        con.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(RuntimeError, match="schema version 99"):
        store.latest("s1")


# ---------------------------------------------------------------------------------- scenario hash
TWO = """
scenarios:
  - id: first
    steps:
      - say: 打开空调
        expect: {signals: {hvac.power: true}}
  - id: second
    steps:
      - say: 关闭空调
"""


def loaded(text, base_dir=None, name="t.yaml"):
    return {s.id: s for s in load_text(textwrap.dedent(text), name, base_dir=base_dir)}


def test_scenario_hash_is_per_scenario_and_ignores_lines_and_location(tmp_path):
    base = loaded(TWO)
    h = scenario_sha256(base["first"])
    assert re.match(r"^[0-9a-f]{64}$", h) and h != scenario_sha256(base["second"])
    assert scenario_sha256(loaded(TWO, base_dir=tmp_path, name="elsewhere.yaml")["first"]) == h
    assert scenario_sha256(loaded("# a comment\n\n" + TWO)["first"]) == h  # every line number moves
    other_edited = loaded(TWO.replace("关闭空调", "关闭座椅加热"))
    assert scenario_sha256(other_edited["first"]) == h
    assert scenario_sha256(other_edited["second"]) != scenario_sha256(base["second"])
    assert scenario_sha256(loaded(TWO.replace("hvac.power: true", "hvac.power: false"))["first"]) != h
    assert scenario_sha256(loaded(TWO.replace("id: first", "id: first\n    seed: 3"))["first"]) != h


def test_scenario_hash_follows_media_bytes_not_their_folder(tmp_path):
    text = "id: shot\nsteps:\n  - screen: media/screen.png\n  - audio: media/hi.wav\n"
    for folder in ("a", "b"):
        (tmp_path / folder / "media").mkdir(parents=True)
        (tmp_path / folder / "media" / "screen.png").write_bytes(b"\x89PNG fake screen")
        (tmp_path / folder / "media" / "hi.wav").write_bytes(b"RIFF fake audio")
    a, b = (loaded(text, base_dir=tmp_path / f)["shot"] for f in ("a", "b"))
    assert a.steps[0].args["image"] != b.steps[0].args["image"]  # absolute paths differ...
    assert scenario_sha256(a) == scenario_sha256(b)  # ...the content does not
    before = scenario_sha256(a)
    (tmp_path / "a" / "media" / "hi.wav").write_bytes(b"RIFF other audio")
    assert scenario_sha256(a) != before
    (tmp_path / "b" / "media" / "screen.png").write_bytes(b"\x89PNG another screen")
    assert scenario_sha256(b) != before


# ---------------------------------------------------------------------------------- adapter identity
def fake_adapter(folder, weights=b"\x00" * 4096):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "adapter_config.json").write_text('{"r": 16}', encoding="utf-8")
    (folder / "adapter_model.safetensors").write_bytes(weights)
    (folder / "README.md").write_text("notes", encoding="utf-8")
    return folder


def test_sft_identity_hashes_the_explicit_adapter_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("COCKPIT_SIM_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("COCKPIT_SFT_QUANTIZE", raising=False)
    adapter = fake_adapter(tmp_path / "cand")
    plan = BackendPlan().with_role("command", "sft", adapter=str(adapter))
    ident = adapter_identity(plan)
    assert ident.label.startswith("sft adapter ") and str(adapter) in ident.label and "int8" in ident.label
    assert adapter_identity(plan) == ident
    assert ident.sha256 != adapter_identity(BackendPlan()).sha256  # not the shipped adapter
    (adapter / "README.md").write_text("other notes", encoding="utf-8")
    assert adapter_identity(plan) == ident  # only weight and config files count
    (adapter / "adapter_model.safetensors").write_bytes(b"\x00" * 4095 + b"\x01")
    changed = adapter_identity(plan)
    assert changed.sha256 != ident.sha256 and changed.label == ident.label
    assert adapter_identity(plan.with_role("command", "sft", adapter=str(adapter), threads=2)) == changed
    unquantized = adapter_identity(plan.with_role("command", "sft", adapter=str(adapter), quantize=None))
    assert unquantized.sha256 != changed.sha256 and "float32" in unquantized.label


def test_sft_identity_prefers_the_promoted_adapter_over_the_shipped_one(tmp_path, monkeypatch):
    monkeypatch.setenv("COCKPIT_SIM_HOME", str(tmp_path / "home"))
    shipped = adapter_identity(BackendPlan())
    assert shipped.label.startswith("sft adapter assets/command_model")
    from multimodal.paths import promoted_adapter_dir

    fake_adapter(promoted_adapter_dir())
    promoted = adapter_identity(BackendPlan())
    assert "promoted" in promoted.label and promoted.sha256 != shipped.sha256
    with pytest.raises(ValueError, match="sft backend options"):
        adapter_identity(BackendPlan().with_role("command", "sft", no_such_option=1))


def test_sft_identity_loads_no_torch(tmp_path):
    code = ("import sys; from multimodal.registry import BackendPlan; from scenarios.signoff import adapter_identity;"
            "print(adapter_identity(BackendPlan()).label); assert 'torch' not in sys.modules")
    env = {"COCKPIT_SIM_HOME": str(tmp_path), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("sft adapter assets/command_model")


def test_other_backends_are_named_and_hashed_by_their_options(monkeypatch):
    rules = adapter_identity(BackendPlan.from_flags(command="rules"))
    assert rules.label == "rules" and rules == adapter_identity(BackendPlan.from_flags(command="rules"))
    assert adapter_identity(BackendPlan.from_flags(command="fake")).sha256 != rules.sha256
    monkeypatch.delenv("COCKPIT_OPENAI_MODEL", raising=False)
    monkeypatch.delenv("OPENAI_MODEL", raising=False)
    a = adapter_identity(BackendPlan().with_role("command", "openai", model="qwen", base_url="http://h:1/v1"))
    b = adapter_identity(BackendPlan().with_role("command", "openai", model="llama", base_url="http://h:1/v1"))
    assert a.label == "openai qwen @ http://h:1/v1" and a.sha256 != b.sha256


# ---------------------------------------------------------------------------------- status
def test_status_names_what_changed_since_the_signoff():
    s = signoff()
    assert status(None, SHA_A, RULES, "pass") == SignoffStatus(None, ()) and not status(None, SHA_A, RULES, "pass").current
    same = status(s, SHA_A, RULES, "pass")
    assert same.current and same.changes == ()
    sft = AdapterIdentity("sft adapter assets/command_model (int8)", "d" * 64)
    moved = status(s, SHA_B, sft, "fail")
    assert not moved.current
    assert moved.changes == (
        "scenario changed since sign-off (content sha256 aaaaaaaaaaaa → bbbbbbbbbbbb)",
        "adapter changed: rules (cccccccccccc) → sft adapter assets/command_model (int8) (dddddddddddd)",
        "verdict changed: pass → fail")
    with pytest.raises(ValueError, match="verdict must be one of"):
        status(s, SHA_A, RULES, "passed")


def test_run_statuses_cover_only_signed_scenarios(tmp_path):
    store = SignoffStore(tmp_path / "so.sqlite3")
    scs = loaded(TWO)
    plan = BackendPlan.from_flags(command="rules")
    assert run_statuses(scs.values(), {"first": "pass", "second": "pass"}, plan, store) is None
    store.add(Signoff("first", "t.yaml", scenario_sha256(scs["first"]), adapter_identity(plan), "pass", "accepted",
                      "Ann"))
    got = run_statuses(scs.values(), {"first": "fail", "second": "pass"}, plan, store)
    assert list(got) == ["first"] and got["first"].changes == ("verdict changed: pass → fail",)


# ---------------------------------------------------------------------------------- reports and CLI
RULES_OK = """
id: rules-ok
steps:
  - say: 把主驾空调调到22度并打开座椅加热
    expect:
      signals: {seat.heat_level.driver: {min: 1}}
"""


def test_reports_show_signoffs_only_when_given(tmp_path):
    from scenarios.report_html import build_html
    from scenarios.report_json import build_json
    from scenarios.runner import RunOptions, run_all
    from scenarios.summary import summarize

    scs = loaded(RULES_OK)
    results = run_all(list(scs.values()), RunOptions(backends=BackendPlan.from_flags(command="rules")))
    summary = summarize(results, 1.0)
    plain = build_html(results, summary)
    strip = lambda page: re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d", "", page)  # noqa: E731 - the report's clock
    assert strip(build_html(results, summary, signoffs=None)) == strip(plain)
    assert "Sign-off" not in plain and "signoffs" not in build_json(results, summary)
    s = SignoffStore(tmp_path / "so.sqlite3").add(
        Signoff("rules-ok", "t.yaml", SHA_A, RULES, "pass", "rejected", "<Ann>", "too slow"))
    st = status(s, SHA_B, RULES, "pass")
    page = build_html(results, summary, signoffs={"rules-ok": st})
    assert "<h2>Sign-off</h2>" in page and "REJECTED" in page and "&lt;Ann&gt;" in page and "too slow" in page
    assert 'class="changed">⚠ scenario changed since sign-off' in page and "cccccccccccc" in page
    assert "<th>sign-off</th>" in page
    data = build_json(results, summary, {"rules-ok": st})
    assert data["signoffs"]["rules-ok"]["changes"] == list(st.changes)
    assert data["signoffs"]["rules-ok"]["signoff"]["reviewer"] == "<Ann>" and not data["signoffs"]["rules-ok"]["current"]


def test_cli_run_reports_changes_and_signoffs_lists_them(tmp_path, monkeypatch, capsys):
    from simulator.cli.main import main

    monkeypatch.setenv("COCKPIT_SIM_HOME", str(tmp_path / "home"))
    path = tmp_path / "ok.yaml"
    path.write_text(RULES_OK, encoding="utf-8")
    assert main(["scenario", "signoffs"]) == 0 and capsys.readouterr().out == ""
    run = ["scenario", "run", str(path), "--backend", "rules", "--no-record-failures", "--report"]
    assert main(run + [str(tmp_path / "r0")]) == 0
    assert "Sign-off" not in (tmp_path / "r0" / "report.html").read_text(encoding="utf-8")
    (sc,) = load_text(RULES_OK, "ok.yaml")
    plan = BackendPlan.from_flags(command="rules")
    store = SignoffStore()
    store.add(Signoff("rules-ok", "ok.yaml", scenario_sha256(sc), adapter_identity(plan), "pass", "accepted", "Ann",
                      "first"))
    assert main(run + [str(tmp_path / "r1")]) == 0
    assert "SIGNOFF" not in capsys.readouterr().out  # nothing changed since
    html = (tmp_path / "r1" / "report.html").read_text(encoding="utf-8")
    assert "<h2>Sign-off</h2>" in html and "ACCEPTED" in html and "nothing changed since" in html
    path.write_text(RULES_OK.replace("min: 1", "min: 0"), encoding="utf-8")
    assert main(run + [str(tmp_path / "r2")]) == 0
    assert "SIGNOFF rules-ok (accepted by Ann" in capsys.readouterr().out
    data = json.loads((tmp_path / "r2" / "results.json").read_text(encoding="utf-8"))
    assert data["signoffs"]["rules-ok"]["changes"][0].startswith("scenario changed since sign-off")

    store.add(Signoff("rules-ok", "ok.yaml", SHA_B, RULES, "pass", "rejected", "Bo", "second"))
    store.add(Signoff("other", "x.yaml", SHA_A, RULES, "fail", "accepted", "Ann"))
    assert main(["scenario", "signoffs"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[0].startswith("other ") and "rules-ok" in out[1] and "rejected" in out[1]
    assert main(["scenario", "signoffs", "--json", "--id", "rules-ok"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [d["note"] for d in listed] == ["second", "first"] and listed[0]["adapter"]["label"] == "rules"
    assert main(["scenario", "signoffs", "--id", "nope"]) == 1
    assert "no sign-off for scenario 'nope'" in capsys.readouterr().err
