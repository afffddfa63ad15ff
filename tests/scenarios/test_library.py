"""The acceptance suite: the whole library through the CLI with the default backends.

This is what `cockpit-sim scenario run scenarios/library --report DIR` is checked against: exit 0,
at least 40 test cases in DIR/junit.xml, none failed, and an HTML report. If a default backend
cannot load here the test fails and says which one and why (no silent skip).
"""

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import ROOT

LIBRARY = ROOT / "scenarios" / "library"


def _default_backends_available() -> list[str]:
    from multimodal import registry

    problems = []
    for kind in ("command", "asr", "screen"):
        name = registry.DEFAULTS[kind]
        try:
            info = registry.backend_class(kind, name).describe()
        except ImportError as err:
            problems.append(f"{kind}/{name}: not installed ({err})")
            continue
        if not info.available:
            problems.append(f"{kind}/{name}: {info.detail}")
    return problems


def test_library_passes_with_default_backends(tmp_path):
    problems = _default_backends_available()
    if problems:
        pytest.fail("the scenario library must pass with the default backends, but these cannot run here: "
                    + "; ".join(problems))
    report = tmp_path / "report"
    proc = subprocess.run(
        [sys.executable, "-m", "simulator.cli.main", "scenario", "run", str(LIBRARY), "--report", str(report),
         "--no-record-failures"],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    tail = (proc.stdout[-4000:] + "\n" + proc.stderr[-2000:])
    assert proc.returncode == 0, tail
    suite = ET.parse(report / "junit.xml").getroot()
    cases = suite.findall(".//testcase")
    assert len(cases) >= 40, tail
    assert not suite.findall(".//failure") and not suite.findall(".//error"), tail
    assert (report / "report.html").stat().st_size > 10_000
