"""CLI: happy paths print what the issue promises; bad input is one clear line and exit 2."""

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def cli(*args):
    return subprocess.run([sys.executable, "-m", "simulator.cli.main", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_sim_json_issue_example():
    r = cli("sim", "--minutes", "60", "--seed", "7", "--set", "outside_temp_c=-5", "--set", "hvac.power=true",
            "--set", "hvac.set_temp_c.driver=22", "--inject", "tire_leak:front_left@10", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    s, e = out["start"], out["end"]
    assert s["tire_pressure_kpa.front_left"] - e["tire_pressure_kpa.front_left"] > 20
    assert abs(e["tire_pressure_kpa.front_right"] - s["tire_pressure_kpa.front_right"]) <= 15
    assert abs(e["cabin_temp_c.driver"] - 22) <= 2.5
    injects = [ev for ev in out["events"] if ev["type"] == "inject"]
    assert injects == [{"type": "inject", "sim_time_s": 600.0, "event": "tire_leak:front_left"}]


def test_sim_readable_timeline():
    r = cli("sim", "--minutes", "5", "--inject", "rain@1")
    assert r.returncode == 0 and "inject" in r.stdout and "cabin_temp_c.driver" in r.stdout


def test_apply_json():
    r = cli("apply", '[{"intent":"hvac.set_temperature","slots":{"zone":"driver","value":24}}]', "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["changed"]["hvac.set_temp_c.driver"] == {"old": 22.0, "new": 24.0}
    assert out["outcomes"][0]["status"] == "done"


@pytest.mark.parametrize("args, fragment", [
    (("sim", "--minutes", "-3"), "zero or positive"),
    (("sim", "--minutes", "5", "--set", "warp_drive=1"), "unknown signal"),
    (("sim", "--minutes", "5", "--set", "outside_temp_c=warm"), "takes a number"),
    (("sim", "--minutes", "5", "--set", "outside_temp_c"), "SIGNAL=VALUE"),
    (("sim", "--minutes", "5", "--inject", "meteor@3"), "unknown event"),
    (("sim", "--minutes", "5", "--inject", "rain"), "EVENT@MINUTE"),
    (("sim", "--minutes", "5", "--inject", "rain@soon"), "not a number"),
    (("sim", "--minutes", "5", "--set", "speed_kph=900"), "within"),
    (("apply", "not json"), "not valid JSON"),
    (("apply", '[{"intent":"teleport","slots":{}}]'), "unknown intent"),
])
def test_bad_input_is_one_clear_line(args, fragment):
    r = cli(*args)
    assert r.returncode == 2
    assert fragment in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_argparse_errors_exit_2():
    r = cli("sim")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_subcommands_come_from_the_entry_point_table():
    from simulator.cli import main as cli_main

    names = set(cli_main._registered())
    assert {"say", "sim", "apply", "run", "eval", "scenario", "compare", "train", "failures"} <= names
    parser = cli_main.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == names


def test_an_uninstalled_checkout_reads_the_table_from_pyproject(monkeypatch):
    from simulator.cli import main as cli_main

    installed = cli_main._registered()
    monkeypatch.setattr(cli_main, "entry_points", lambda group: [])
    assert cli_main._registered() == installed


def test_no_registration_at_all_is_one_clear_line(monkeypatch, tmp_path, capsys):
    from simulator.cli import main as cli_main

    monkeypatch.setattr(cli_main, "entry_points", lambda group: [])
    monkeypatch.setattr(cli_main, "PYPROJECT", tmp_path / "missing.toml")
    assert cli_main.main(["sim"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pip install -e ." in err[0]
