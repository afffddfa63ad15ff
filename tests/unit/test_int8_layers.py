"""Int8 weight-only layers: one row in int8, many rows in float32 (or bf16 where native), and fbgemm's dynamic int8
GEMM for many rows only when asked for (COCKPIT_SFT_MANY_ROWS=int8) or inside fast_rows() (the decoder's quick draft
check)."""

import pytest

torch = pytest.importorskip("torch")

from multimodal.command.int8 import (  # noqa: E402
    _dynamic_int8_available, fast_rows, has_fast_rows, quantize_int8_weight_only)


def _tiny_model():
    class Block(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.self_attn = torch.nn.Module()
            self.self_attn.q_proj = torch.nn.Linear(64, 64, bias=False)
            self.mlp = torch.nn.Module()
            self.mlp.up_proj = torch.nn.Linear(64, 128, bias=True)

    model = torch.nn.Module()
    model.model = torch.nn.Module()
    model.model.layers = torch.nn.ModuleList([Block()])
    return model


def _close(a, b, tolerance):
    return float((a - b).abs().max() / b.abs().max()) < tolerance


@pytest.mark.parametrize("asked", [False, True])
def test_many_rows_stay_close_to_float(monkeypatch, asked):
    torch.manual_seed(0)
    monkeypatch.delenv("COCKPIT_SFT_FAST_CHECK", raising=False)
    if asked:
        monkeypatch.setenv("COCKPIT_SFT_MANY_ROWS", "int8")
    else:
        monkeypatch.delenv("COCKPIT_SFT_MANY_ROWS", raising=False)
    model = _tiny_model()
    reference = model.model.layers[0].mlp.up_proj
    weight, bias = reference.weight.detach().clone(), reference.bias.detach().clone()
    assert quantize_int8_weight_only(model, many_rows_bf16=False) == 2
    layer = model.model.layers[0].mlp.up_proj
    fbgemm = _dynamic_int8_available(asked=False)
    assert (layer.packed is not None) == fbgemm
    assert has_fast_rows(model) == (fbgemm and not asked)  # with every pass in int8 a check would repeat it
    x = torch.randn(1, 12, 64)
    exact = torch.nn.functional.linear(x, weight, bias)
    with torch.inference_mode():
        many = layer(x)
        one = layer(x[:, :1])
        with fast_rows():
            quick = layer(x)
    assert many.shape == exact.shape == quick.shape and one.shape == (1, 1, 128)
    # float32 unless int8 was asked for; the quick check's pass is int8 wherever fbgemm is
    assert _close(many, exact, 0.05 if asked and fbgemm else 1e-5)
    assert _close(quick, exact, 0.05)
    assert fbgemm is False or not torch.equal(quick, exact)
    assert _close(one, exact[:, :1], 0.05)


def test_dynamic_int8_is_off_unless_asked(monkeypatch):
    monkeypatch.delenv("COCKPIT_SFT_MANY_ROWS", raising=False)
    assert not _dynamic_int8_available(asked=True)
    monkeypatch.setenv("COCKPIT_SFT_MANY_ROWS", "float32")
    assert not _dynamic_int8_available(asked=True)


def test_the_quick_check_can_be_turned_off(monkeypatch):
    monkeypatch.delenv("COCKPIT_SFT_MANY_ROWS", raising=False)
    monkeypatch.setenv("COCKPIT_SFT_FAST_CHECK", "0")
    model = _tiny_model()
    quantize_int8_weight_only(model, many_rows_bf16=False)
    assert not has_fast_rows(model) and model.model.layers[0].mlp.up_proj.packed is None


def test_no_quick_check_where_many_rows_are_bfloat16(monkeypatch):
    monkeypatch.delenv("COCKPIT_SFT_FAST_CHECK", raising=False)
    model = _tiny_model()
    quantize_int8_weight_only(model, many_rows_bf16=True)
    assert not has_fast_rows(model)


def test_smoothing_moves_an_outlier_channel_into_the_weights(monkeypatch):
    """A few input channels far larger than the rest (as in the real model) leave the others only a few int8 levels
    under one scale per tensor; smoothing (SmoothQuant) brings the quick pass back close to float32."""
    from multimodal.command.int8 import smooth_fast_rows

    monkeypatch.delenv("COCKPIT_SFT_FAST_CHECK", raising=False)
    monkeypatch.delenv("COCKPIT_SFT_MANY_ROWS", raising=False)
    if not _dynamic_int8_available(asked=False):
        pytest.skip("no fbgemm dynamic int8 GEMM on this CPU")
    torch.manual_seed(0)
    model = _tiny_model()
    reference = model.model.layers[0].mlp.up_proj
    weight, bias = reference.weight.detach().clone(), reference.bias.detach().clone()
    quantize_int8_weight_only(model, many_rows_bf16=False)
    layer = model.model.layers[0].mlp.up_proj
    x = torch.randn(1, 12, 64)
    x[..., 3] *= 300.0  # one massive channel
    exact = torch.nn.functional.linear(x, weight, bias)

    def error() -> float:
        with torch.inference_mode(), fast_rows():
            return float((layer(x) - exact).abs().mean())

    before = error()
    assert smooth_fast_rows(model, lambda: layer(x)) == 1  # only the layer the passes ran through is smoothed
    after = error()
    assert layer.smooth is not None and model.model.layers[0].self_attn.q_proj.smooth is None
    assert after < before / 3
    with torch.inference_mode():  # the float32 and one-row paths are untouched
        assert _close(layer(x), exact, 1e-5)
