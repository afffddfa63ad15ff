"""--executor ray without a cluster: the flags' errors, the shard cut and the pool's settings (no Ray started)."""

import argparse
import importlib.util
import os
import subprocess
import sys

import pytest

from multimodal.training.eval_commands import parse_example
from simulator.cli.argparsing import add_executor_flags, check_executor_flags
from simulator.errors import CliError
from simulator.eval_ray import shards
from simulator.ray_pool import INSTALL_HINT, RayTarget, _is_loopback
from tests.conftest import ROOT


def _args(*argv):
    p = argparse.ArgumentParser()
    add_executor_flags(p)
    return p.parse_args(list(argv))


def test_without_ray_installed_the_error_is_one_line_naming_the_extra(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "ray" else real(name, *a))
    with pytest.raises(CliError) as err:
        check_executor_flags(_args("--executor", "ray"))
    assert INSTALL_HINT in str(err.value) and "\n" not in str(err.value) and err.value.exit_code == 2
    check_executor_flags(_args())  # the local executor never needs ray


def test_an_address_without_the_ray_executor_is_refused():
    with pytest.raises(CliError, match="--address is only used with --executor ray"):
        check_executor_flags(_args("--address", "127.0.0.1:6379"))


def test_the_cli_rejects_the_executor_flags_before_running_anything(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "simulator.cli.main", "scenario", "run", "scenarios/library",
                           "--address", "127.0.0.1:1", "--no-record-failures"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "COCKPIT_SIM_HOME": str(tmp_path)})
    assert proc.returncode == 2 and "--address is only used with --executor ray" in proc.stderr


@pytest.mark.parametrize("n, size, lengths", [(1, 16, [1]), (16, 16, [16]), (33, 16, [16, 16, 1]), (5, 2, [2, 2, 1])])
def test_shards_keep_every_line_once_in_order(n, size, lengths):
    examples = [parse_example({"id": str(i), "text": f"t{i}",
                              "expected": [{"intent": "media.mute", "slots": {"on": True}}]}, f"l{i}") for i in range(n)]
    cut = shards(examples, size)
    assert [len(s) for s in cut] == lengths
    assert [ex.id for s in cut for ex in s] == [str(i) for i in range(n)]
    with pytest.raises(ValueError):
        shards(examples, 0)


def test_ray_target_rejects_impossible_widths():
    with pytest.raises(ValueError):
        RayTarget(actors=0)
    with pytest.raises(ValueError):
        RayTarget(max_retries=-1)


@pytest.mark.parametrize("address, loopback", [("127.0.0.1:6379", True), ("localhost:6379", True),
                                               ("[::1]:6379", True), ("ray://127.0.0.1:10001", True),
                                               ("10.0.0.5:6379", False), ("head-svc:6379", False)])
def test_loopback_addresses_are_recognised(address, loopback):
    assert _is_loopback(address) is loopback


def test_the_scenario_runner_and_eval_cli_do_not_import_ray():
    code = ("import sys, scenarios.runner, scenarios.cli.scenario, simulator.cli.eval_commands, simulator.eval_ray; "
            "print('ray' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("address", ["justahost", "host:0", "host:99999", ":6379", "host:port", "ray://"])
def test_a_malformed_address_is_one_line_naming_the_form(address):
    from simulator.ray_pool import check_reachable

    with pytest.raises(CliError, match=r"expected HOST:PORT \(or ray://HOST:PORT\) with a port 1\.\.65535"):
        check_reachable(address)


def test_an_address_nobody_listens_at_fails_at_once_and_a_listening_one_passes():
    import socket

    from simulator.ray_pool import check_reachable
    from tests.conftest import free_port

    with pytest.raises(CliError, match="no Ray head answers there"):
        check_reachable(f"127.0.0.1:{free_port()}")
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        check_reachable(f"127.0.0.1:{server.getsockname()[1]}")
        check_reachable(f"ray://127.0.0.1:{server.getsockname()[1]}")
