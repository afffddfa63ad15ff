"""The Gemma 3 decoder stack run without transformers' per-call machinery, for the `sft` backend's short passes.

A parse is one many-row pass of 15-30 tokens and a few one-token steps. In transformers each call also builds
attention masks, rotary tables, output containers and per-layer dispatch; on the 2-core reference machine that
overhead was about a third of a one-token step (35 ms) and of the quick draft check (54 ms). This module runs the
same operations in the same order on the same weights (the model's own linear modules, so int8 layers and their
hooks stay in place), so its hidden states equal the library's (tests/unit/test_lean_body.py compares them) while
skipping the rest.

It covers what the decoder does: causal attention from position 0, a cache that grows and is cut back, and
sequences shorter than the sliding window (longer ones, a model with attention soft-capping or bidirectional
attention, or another architecture get the library's own forward: ``lean_body`` returns None).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class LeanOutput:
    """What the decoder reads of a forward pass (the fields of transformers' BaseModelOutputWithPast it uses)."""

    last_hidden_state: Any
    past_key_values: "LeanCache | None"


class LeanCache:
    """Keys and values per layer, [1, kv_heads, tokens, head_dim]; ``crop`` as transformers' DynamicCache.crop."""

    def __init__(self, layers: int):
        self.keys: list[Any] = [None] * layers
        self.values: list[Any] = [None] * layers

    def get_seq_length(self) -> int:
        return 0 if self.keys[0] is None else int(self.keys[0].shape[2])

    def crop(self, max_length: int) -> None:
        """Keep the first ``max_length`` tokens (a negative value drops that many from the end)."""
        keep = max_length if max_length >= 0 else self.get_seq_length() + max_length
        self.keys = [k[:, :, :keep] if k is not None else None for k in self.keys]
        self.values = [v[:, :, :keep] if v is not None else None for v in self.values]


def lean_body(body: Any, headroom: int = 64) -> "LeanGemma3Body | None":
    """A lean runner for ``body`` (a Gemma3TextModel), or None where the library's forward must be used.
    ``headroom``: the tokens a cache may grow by after its first pass (the decoder's max_new_tokens)."""
    config = getattr(body, "config", None)
    if config is None or getattr(config, "model_type", "") not in ("gemma3_text",):
        return None
    if getattr(config, "attn_logit_softcapping", None) or getattr(config, "use_bidirectional_attention", False):
        return None
    if getattr(config, "_attn_implementation", "sdpa") not in ("sdpa", None):
        return None
    return LeanGemma3Body(body, headroom)


class LeanGemma3Body:
    """Callable like the library's decoder stack for the decoder's calls: ``(input_ids=, past_key_values=, use_cache=)``."""

    def __init__(self, body: Any, headroom: int = 64):
        import torch

        self.torch = torch
        self.library = body  # the library's forward, for what this runner does not cover
        self.config = body.config
        config = body.config
        self.embed = body.embed_tokens
        self.layers = list(body.layers[: config.num_hidden_layers])
        self.layer_types = list(config.layer_types)
        self.window = int(getattr(config, "sliding_window", 0) or 0)
        self.headroom = headroom
        self.eps = float(config.rms_norm_eps)
        self.norm_weight = _plus_one(body.norm)
        self.kv_groups = config.num_attention_heads // config.num_key_value_heads
        self.head_dim = int(getattr(config, "head_dim", config.hidden_size // config.num_attention_heads))
        self.rotary = body.rotary_emb
        self._tables: dict[str, tuple[Any, Any]] = {}
        # each layer's norms as (1 + weight) in float32, as Gemma3RMSNorm multiplies by them
        self.norms = [tuple(_plus_one(n) for n in (layer.input_layernorm, layer.self_attn.q_norm, layer.self_attn.k_norm,
                                                  layer.post_attention_layernorm, layer.pre_feedforward_layernorm,
                                                  layer.post_feedforward_layernorm)) for layer in self.layers]

    # ---- the library's operations, in its order
    def _rms(self, x: Any, weight: Any) -> Any:  # Gemma3RMSNorm with (1 + w) precomputed
        torch = self.torch
        xf = x.float()
        out = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)
        return (out * weight).type_as(x)

    def _rotary(self, x: Any, start: int, length: int) -> dict[str, tuple[Any, Any]]:
        """cos/sin per layer type for positions start..start+length, [1, 1, length, head_dim]."""
        torch = self.torch
        need = start + length
        out = {}
        for kind in set(self.layer_types):
            table = self._tables.get(kind)
            if table is None or table[0].shape[0] < need:
                size = max(need, 256)
                positions = torch.arange(size).unsqueeze(0)
                cos, sin = self.rotary(x, positions, kind)  # the library's own tables, row by position
                table = (cos[0], sin[0])
                self._tables[kind] = table
            cos, sin = table
            out[kind] = (cos[start:need].to(x.dtype)[None, None], sin[start:need].to(x.dtype)[None, None])
        return out

    @staticmethod
    def _rotate_half(x: Any) -> Any:
        import torch

        half = x.shape[-1] // 2
        return torch.cat((-x[..., half:], x[..., :half]), dim=-1)

    def __call__(self, input_ids: Any, past_key_values: Any = None, use_cache: bool = True, **_: Any) -> Any:
        torch = self.torch
        length = int(input_ids.shape[1])
        if past_key_values is not None and not isinstance(past_key_values, LeanCache):
            return self.library(input_ids=input_ids, past_key_values=past_key_values, use_cache=use_cache)
        start = past_key_values.get_seq_length() if past_key_values is not None else 0
        # a first pass that a cache could grow from past the sliding window goes to the library, whose cache slides
        reach = start + length + (self.headroom if past_key_values is None and use_cache else 0)
        if input_ids.shape[0] != 1 or (self.window and reach >= self.window):
            if past_key_values is not None:
                raise ValueError("a lean cache grew past the sliding window; its first pass should have gone to the library")
            return self.library(input_ids=input_ids, use_cache=use_cache)
        cache = past_key_values if past_key_values is not None else (LeanCache(len(self.layers)) if use_cache else None)
        embed = self.embed
        h = torch.nn.functional.embedding(input_ids, embed.weight, embed.padding_idx) * embed.embed_scale.to(embed.weight.dtype)
        rope = self._rotary(h, start, length)
        mask = None
        if start and length > 1:  # rows after a cache see the whole cache and the rows before them
            mask = torch.ones(length, start + length, dtype=torch.bool).tril(start)[None, None]
        for i, layer in enumerate(self.layers):
            attn = layer.self_attn
            n_in, n_q, n_k, n_post_attn, n_pre_ff, n_post_ff = self.norms[i]
            residual = h
            x = self._rms(h, n_in)
            shape = (1, length, -1, self.head_dim)
            q = attn.q_proj(x).view(shape).transpose(1, 2)
            k = attn.k_proj(x).view(shape).transpose(1, 2)
            v = attn.v_proj(x).view(shape).transpose(1, 2)
            q = self._rms(q, n_q)
            k = self._rms(k, n_k)
            cos, sin = rope[self.layer_types[i]]
            q = (q * cos) + (self._rotate_half(q) * sin)
            k = (k * cos) + (self._rotate_half(k) * sin)
            if cache is not None:
                if cache.keys[i] is not None:
                    k = torch.cat([cache.keys[i], k], dim=-2)
                    v = torch.cat([cache.values[i], v], dim=-2)
                cache.keys[i], cache.values[i] = k, v
            out = torch.nn.functional.scaled_dot_product_attention(
                q, k, v, attn_mask=mask, dropout_p=0.0, scale=attn.scaling,
                is_causal=length > 1 and mask is None, enable_gqa=self.kv_groups > 1)
            out = attn.o_proj(out.transpose(1, 2).contiguous().reshape(1, length, -1).contiguous())
            h = residual + self._rms(out, n_post_attn)
            residual = h
            x = self._rms(h, n_pre_ff)
            mlp = layer.mlp
            x = mlp.down_proj(mlp.act_fn(mlp.gate_proj(x)) * mlp.up_proj(x))
            h = residual + self._rms(x, n_post_ff)
        return LeanOutput(self._rms(h, self.norm_weight), cache)


def _plus_one(norm: Any) -> Any:
    """A Gemma3RMSNorm's (1 + weight) in float32."""
    return (1.0 + norm.weight.float()).detach()
