"""Int8 weight-only linear layers for the memory-bound one-token decode steps of the `sft` backend."""

from __future__ import annotations

import contextlib
import contextvars
from typing import Any, Iterator

# Set while the decoder checks a draft in a throw-away pass (multimodal/command/greedy_decoder.py): many rows then
# multiply in fbgemm's dynamic int8 GEMM, about twice as fast as float32 on an AVX2-only CPU but less precise.
_FAST_ROWS: contextvars.ContextVar[bool] = contextvars.ContextVar("int8_fast_rows", default=False)


@contextlib.contextmanager
def fast_rows() -> Iterator[None]:
    """Many-row passes inside this block use the dynamic int8 GEMM where the model has one (see has_fast_rows)."""
    token = _FAST_ROWS.set(True)
    try:
        yield
    finally:
        _FAST_ROWS.reset(token)


def has_fast_rows(model: Any) -> bool:
    """The model's linears were prepared for fast_rows() (an AVX2-only CPU with fbgemm) and its other many-row passes
    stay in full precision."""
    return bool(getattr(model, "_int8_fast_rows", False))


def quantize_int8_weight_only(model: Any, many_rows_bf16: bool | None = None) -> int:
    """Replace decoder Linear layers by int8 weight-only ones for single-token steps; return the count.

    Many rows at once (a prompt's prefill, a batch of sessions' decode steps) are compute-bound: there the layer
    multiplies in bfloat16 when the CPU has native bf16 (AMX / AVX512-BF16; on the 2-core reference machine one
    640x2048 matmul took 2.6x less time than float32 at 8 rows and 3.7x less at 160; the whole parse: rows
    +int8 vs +bf16-prefill of bench/bench_command_model.py), else in float32. ``many_rows_bf16=None`` decides
    by the CPU.
    """
    import torch

    if many_rows_bf16 is None:
        many_rows_bf16 = native_bf16()
    many_dtype = torch.bfloat16 if many_rows_bf16 else torch.float32
    # Without native bf16 (an AVX2-only CPU), many rows multiply fastest as fbgemm's dynamic int8 GEMM: the same int8
    # weights, the activations quantized per call. On the 2-core AVX2 machine the decoder body over a 30-token prompt
    # took 116 ms against 274 ms in float32, and the default parse 93 ms against 212 ms, but exact match fell by about
    # a point on the held-out sets (docs/command-model.md), so it is opt-in: COCKPIT_SFT_MANY_ROWS=int8.
    dynamic_all = not many_rows_bf16 and _dynamic_int8_available(asked=True)
    # The same GEMM also serves the decoder's quick draft check (fast_rows()), whose answer is only taken when every
    # token wins by a wide margin; everything else is recomputed in float32, so outputs do not change.
    dynamic_many = dynamic_all or (not many_rows_bf16 and _dynamic_int8_available(asked=False))

    class Int8Linear(torch.nn.Module):
        kernel_missing = False

        def __init__(self, linear: torch.nn.Linear):
            super().__init__()
            w = linear.weight.detach().float()
            scales = w.abs().amax(dim=1).clamp(min=1e-8) / 127.0
            self.register_buffer("w8", torch.round(w / scales[:, None]).clamp(-127, 127).to(torch.int8))
            self.register_buffer("scales", scales.to(torch.bfloat16))
            self.register_buffer("weight_f", linear.weight.detach().to(many_dtype))
            self.bias = linear.bias
            self.packed = None
            self.smooth = None  # per-input-channel divisor of the quick pass (smooth_fast_rows)
            if dynamic_many:
                self.packed = _prepack(w)

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
            if y is None and rows > 1 and self.packed is not None and (dynamic_all or _FAST_ROWS.get()):
                flat = x.reshape(-1, x.shape[-1]).float()
                if self.smooth is not None:
                    flat = flat / self.smooth
                y = torch.ops.quantized.linear_dynamic(flat, self.packed, True).to(x.dtype).reshape(*x.shape[:-1], -1)
            if y is None:
                y = torch.nn.functional.linear(x.to(self.weight_f.dtype), self.weight_f).to(x.dtype)
            return y + self.bias if self.bias is not None else y

    count = 0
    for layer in model.model.layers:
        for parent in (layer.self_attn, layer.mlp):
            for name, child in list(parent.named_children()):
                if isinstance(child, torch.nn.Linear):
                    setattr(parent, name, Int8Linear(child))
                    count += 1
    model._int8_fast_rows = dynamic_many and not dynamic_all  # when every pass is int8, a check would be a repeat
    return count


def smooth_fast_rows(model: Any, passes: Any, alpha: float = 0.5) -> int:
    """SmoothQuant for the quick pass's dynamic int8 GEMM: fbgemm quantizes a layer's input with one scale for the whole
    tensor, and a few input channels of this model carry activations far larger than the rest, so the others keep only
    a few levels. Dividing input channel j by s_j = max|x_j|^alpha / max|w_j|^(1-alpha) and multiplying weight column j
    by it gives the same product with the outliers moved into the per-row-scaled weights. ``passes`` runs the model
    over a few prompts in full precision to find max|x_j|. Over blind46 + blind47 (407 parses) the quick pass then
    answered 58.5% of them instead of 52.8%, and differed from full precision on 1 instead of 3 (docs/command-model.md).
    Returns the number of layers smoothed (0 where no layer has a quick pass)."""
    import torch

    layers = [m for m in model.modules() if getattr(m, "packed", None) is not None and hasattr(m, "weight_f")]
    peak: dict[int, Any] = {}

    def record(module: Any, inputs: tuple) -> None:
        x = inputs[0].detach().reshape(-1, inputs[0].shape[-1]).abs().amax(0).float()
        peak[id(module)] = x if id(module) not in peak else torch.maximum(peak[id(module)], x)

    hooks = [layer.register_forward_pre_hook(record) for layer in layers]
    try:
        with torch.inference_mode():
            passes()
    finally:
        for h in hooks:
            h.remove()
    count = 0
    for layer in layers:
        if id(layer) not in peak:
            continue
        w = layer.weight_f.detach().float()
        smooth = peak[id(layer)].clamp(min=1e-5) ** alpha / w.abs().amax(dim=0).clamp(min=1e-5) ** (1 - alpha)
        layer.packed = _prepack(w * smooth[None, :])
        layer.smooth = smooth
        count += 1
    return count


def _prepack(weight: Any) -> Any:
    """``weight`` (float32) quantized per output row to int8 and packed for fbgemm's dynamic GEMM."""
    import torch

    scales = weight.abs().amax(dim=1).clamp(min=1e-8) / 127.0
    zeros = torch.zeros(weight.shape[0], dtype=torch.long)
    return torch.ops.quantized.linear_prepack(torch.quantize_per_channel(weight, scales.double(), zeros, 0, torch.qint8), None)


def _dynamic_int8_available(asked: bool) -> bool:
    """fbgemm's (x86) dynamic int8 GEMM is there (and, with ``asked``, wanted for every many-row pass:
    ``COCKPIT_SFT_MANY_ROWS=int8``; ``COCKPIT_SFT_FAST_CHECK=0`` turns the draft check's use of it off)."""
    import os
    import warnings

    import torch

    if asked and os.environ.get("COCKPIT_SFT_MANY_ROWS") != "int8":
        return False
    if not asked and os.environ.get("COCKPIT_SFT_FAST_CHECK", "1") == "0":
        return False
    if not any(e in torch.backends.quantized.supported_engines for e in ("x86", "fbgemm")):
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            w = torch.quantize_per_channel(torch.ones(2, 2), torch.ones(2, dtype=torch.double),
                                           torch.zeros(2, dtype=torch.long), 0, torch.qint8)
            torch.ops.quantized.linear_dynamic(torch.ones(2, 2), torch.ops.quantized.linear_prepack(w, None), True)
        return True
    except (RuntimeError, AttributeError, NotImplementedError):
        return False


def native_bf16() -> bool:
    """The CPU multiplies bfloat16 natively (AMX tiles or AVX512-BF16); elsewhere bf16 is emulated and slow.
    ``COCKPIT_SFT_BF16=0`` / ``1`` overrides."""
    import os

    forced = os.environ.get("COCKPIT_SFT_BF16")
    if forced in ("0", "1"):
        return forced == "1"
    import torch

    cpu = getattr(torch, "cpu", None)
    try:
        return bool(cpu._is_amx_tile_supported() or cpu._is_avx512_bf16_supported())
    except AttributeError:  # an older torch without the probes
        return False
