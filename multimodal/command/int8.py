"""Int8 weight-only linear layers for the memory-bound one-token decode steps of the `sft` backend."""

from __future__ import annotations

from typing import Any


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
