"""Imports go one way: vehicle_state <- multimodal <- simulator <- scenarios (ARCHITECTURE.md)."""

import ast
import subprocess
import sys

import pytest

from tests.conftest import ROOT

LAYERS = {
    "vehicle_state": set(),
    "multimodal": {"vehicle_state"},
    "simulator": {"vehicle_state", "multimodal"},
    "scenarios": {"vehicle_state", "multimodal", "simulator"},
}
PROJECT = set(LAYERS)
HEAVY = ("torch", "gradio", "simpy", "transformers", "faster_whisper", "whisper", "peft", "numpy")


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield a.name.split(".")[0], node
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0], node


@pytest.mark.parametrize("layer", list(LAYERS))
def test_imports_go_one_way(layer):
    bad = []
    for path in (ROOT / layer).rglob("*.py"):
        for mod, node in imported_modules(path):
            if mod in PROJECT and mod != layer and mod not in LAYERS[layer]:
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {mod}")
    assert not bad, "\n".join(bad)


def test_vehicle_state_is_stdlib_only():
    stdlib = sys.stdlib_module_names
    bad = []
    for path in (ROOT / "vehicle_state").rglob("*.py"):
        for mod, node in imported_modules(path):
            if mod not in stdlib and mod != "vehicle_state":
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {mod}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("package", ["vehicle_state", "scenarios"])
def test_light_packages_load_no_heavy_library(package):
    code = (f"import sys, {package}; heavy = [m for m in {HEAVY!r} if m in sys.modules]; "
            f"print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    if package == "vehicle_state":
        assert out.stdout.strip() == ""
    else:
        assert not {"torch", "gradio", "transformers", "faster_whisper", "whisper", "peft"} & set(
            filter(None, out.stdout.strip().split(",")))
