"""Imports go one way: vehicle_state <- multimodal <- simulator <- scenarios, and inside multimodal/ and
simulator/ each subpackage only imports the ones below it (docs/architecture.md, "Layers")."""

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


# Inside a layer: what each part may import from its own layer ("top" = the layer's top-level modules).
SUBLAYERS = {
    "multimodal": {
        "base": {"base"},  # stdlib-only helpers: errors, once, stats, paths, cache
        "text": {"base", "text"},
        "top": {"base", "text", "top"},  # protocols, registry, fakes
        "asr": {"base", "top", "text", "asr"},
        "tts": {"base", "top", "text", "tts"},
        "screen": {"base", "top", "text", "screen"},
        "command": {"base", "top", "text", "command"},
        "training": {"base", "top", "text", "asr", "tts", "screen", "command", "training"},
    },
    "simulator": {
        "hmi": {"hmi"},
        "failures": {"failures"},
        "top": {"top", "hmi"},
        "ui": {"top", "hmi", "failures", "ui"},
        "cli": {"top", "hmi", "failures", "ui", "cli"},
    },
}

BASE_MODULES = {"errors", "once", "stats", "paths", "cache"}


def _part(layer: str, dotted: str) -> str:
    """'simulator.ui.app' -> 'ui'; 'simulator.world' -> 'top'."""
    bits = dotted.split(".")
    if len(bits) < 2:
        return "top"
    if layer == "multimodal" and bits[1] in BASE_MODULES:
        return "base"
    return bits[1] if bits[1] in SUBLAYERS[layer] else "top"


def _project_imports(path, layer):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == layer:
                    yield a.name, node
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == layer:  # from simulator import world
                for a in node.names:
                    yield f"{layer}.{a.name}", node
            elif node.module.split(".")[0] == layer:
                yield node.module, node


@pytest.mark.parametrize("layer", list(SUBLAYERS))
def test_subpackages_import_downwards(layer):
    bad = []
    for path in (ROOT / layer).rglob("*.py"):
        rel = path.relative_to(ROOT).with_suffix("")
        here = _part(layer, ".".join(rel.parts))
        for dotted, node in _project_imports(path, layer):
            there = _part(layer, dotted)
            if there not in SUBLAYERS[layer][here]:
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno} ({here}) imports {dotted} ({there})")
    assert not bad, "\n".join(bad)


def test_every_subpackage_is_in_the_map():
    for layer, parts in SUBLAYERS.items():
        folders = {p.name for p in (ROOT / layer).iterdir() if (p / "__init__.py").exists()}
        assert folders <= set(parts), f"{layer}: add {sorted(folders - set(parts))} to SUBLAYERS"
    assert {p.stem for p in (ROOT / "multimodal").glob("*.py")} >= BASE_MODULES


def test_the_cli_never_imports_scenarios_and_discovers_nothing_by_file_name():
    text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "simulator" / "cli").glob("*.py"))
    assert "scenarios" not in {m for m, _ in (x for p in (ROOT / "simulator" / "cli").glob("*.py")
                                             for x in imported_modules(p))}
    assert "pkgutil" not in text and "iter_modules" not in text
