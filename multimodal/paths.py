"""Where cockpit-sim keeps caches and user data, and where the repo's assets are."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
ASSETS_DIR = REPO_ROOT / "assets"


def cache_dir(*parts: str) -> Path:
    """Re-creatable files (joined model weights, dequantized checkpoints, TTS audio).

    ``COCKPIT_SIM_CACHE`` overrides; else ``$XDG_CACHE_HOME/cockpit-sim`` or ``~/.cache/cockpit-sim``.
    """
    base = os.environ.get("COCKPIT_SIM_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "cockpit-sim")
    path = Path(base, *parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_home(*parts: str) -> Path:
    """Data a user must not lose (the failure store, recordings, promoted adapters).

    ``COCKPIT_SIM_HOME`` overrides; else ``$XDG_DATA_HOME/cockpit-sim`` or ``~/.local/share/cockpit-sim``.
    """
    base = os.environ.get("COCKPIT_SIM_HOME") or os.path.join(
        os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "cockpit-sim")
    path = Path(base, *parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def promoted_adapter_dir() -> Path:
    """Where `cockpit-sim compare --promote` puts the adapter that becomes this user's default.

    The `sft` backend prefers it (when it holds an adapter_config.json) over the shipped one.
    """
    return data_home("models") / "command-adapter"


def sha256_file(path: str | os.PathLike, chunk_bytes: int = 1 << 22) -> str:
    """sha256 of a file's bytes, read in chunks (model files are hundreds of megabytes)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(chunk_bytes), b""):
            digest.update(block)
    return digest.hexdigest()
