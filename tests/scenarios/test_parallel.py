"""--jobs N gives the same results as one process (rules + fake ASR: fast, no model weights)."""

import json
import subprocess
import sys

from tests.conftest import ROOT

SUBSET = ["proactive_tire_leak_zh_accept.yaml", "multi_zh_three_commands.yaml", "audio_en_commands.yaml",
          "screen_zh_tap_rendered.yaml", "bad_input_empty_utterance.yaml"]


def _run(tmp_path, jobs):
    report = tmp_path / f"jobs{jobs}"
    paths = [str(ROOT / "scenarios" / "library" / name) for name in SUBSET]
    proc = subprocess.run([sys.executable, "-m", "simulator.cli.main", "scenario", "run", *paths, "--backend", "rules",
                           "--asr", "fake", "--jobs", str(jobs), "--report", str(report), "--no-record-failures"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads((report / "results.json").read_text(encoding="utf-8"))
    return [(s["id"], s["ok"], [(st["index"], st["ok"], (st["turn"] or {}).get("commands"),
                                 (st["turn"] or {}).get("changes")) for st in s["steps"]])
            for s in data["scenarios"]]


def test_parallel_matches_sequential(tmp_path):
    assert _run(tmp_path, 2) == _run(tmp_path, 1)
