"""The living map stays true: every repository path docs/architecture.md names exists, and the README
and docs point at it, never at a file outside the repository."""

import re

from tests.conftest import ROOT

MAP = ROOT / "docs" / "architecture.md"


def test_every_path_in_the_architecture_map_exists():
    text = MAP.read_text(encoding="utf-8")
    paths = {p for p in re.findall(r"`([A-Za-z_][\w./-]*/[\w./-]*)`", text) if "NAME" not in p}
    assert len(paths) > 30
    # A path is named from the root or, inside a folder's row, from that folder (`tabs/`, `rules/proactive.yaml`).
    missing = sorted(p for p in paths if not any((base / p.rstrip("/")).exists()
                                                  for base in [ROOT, *ROOT.glob("*/"), *ROOT.glob("*/*/")]))
    assert not missing, f"docs/architecture.md names paths that do not exist: {missing}"


def test_every_module_named_in_a_folder_row_exists():
    # Rows look like "| `multimodal/asr/` | ... (`base.py`: ...) ... |": the bare file names are in that folder.
    missing = []
    for line in MAP.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| `([\w/]+/)`", line)
        if not m:
            continue
        folder = ROOT / m.group(1)
        for name in re.findall(r"`([\w]+\.py)`", line):
            if not (folder / name).exists() and not list(ROOT.glob(f"{m.group(1).split('/')[0]}/**/{name}")):
                missing.append(f"{m.group(1)}{name}")
    assert not missing, missing


def test_readme_points_at_the_map_and_nothing_outside_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/architecture.md" in readme
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        assert "ARCHITECTURE.md" not in text, doc.name
        assert "../shared/" not in text and "/work/shared" not in text, doc.name
