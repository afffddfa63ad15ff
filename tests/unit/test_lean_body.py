"""The lean Gemma 3 runner gives the library's hidden states on every pass the decoder makes."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from multimodal.command.lean_body import LeanCache, lean_body  # noqa: E402


def _model(sliding_window: int = 64, seed: int = 0):
    cfg = transformers.Gemma3TextConfig(vocab_size=97, hidden_size=64, intermediate_size=128, num_hidden_layers=3,
                                        num_attention_heads=4, num_key_value_heads=1, head_dim=16,
                                        max_position_embeddings=256, sliding_window=sliding_window,
                                        pad_token_id=0, eos_token_id=1, bos_token_id=2)
    torch.manual_seed(seed)
    model = transformers.Gemma3ForCausalLM(cfg).eval()
    with torch.no_grad():  # non-zero norm weights, so a norm read the wrong way shows
        for name, p in model.named_parameters():
            if "norm" in name:
                p.normal_(0.0, 0.3)
    return model


def _ids(*tokens: int):
    return torch.tensor([list(tokens)])


def test_every_pass_equals_the_library():
    model = _model()
    body = model.model
    lean = lean_body(body, headroom=8)
    assert lean is not None
    prompt = _ids(2, 5, 9, 11, 40, 41, 42, 7, 3)
    with torch.inference_mode():
        ref = body(input_ids=prompt, use_cache=True)
        got = lean(input_ids=prompt, use_cache=True)
        assert torch.equal(ref.last_hidden_state, got.last_hidden_state)
        assert isinstance(got.past_key_values, LeanCache) and got.past_key_values.get_seq_length() == 9
        ref_past, lean_past = ref.past_key_values, got.past_key_values
        ref_past.crop(-2)  # a rejected draft tail
        lean_past.crop(-2)
        assert lean_past.get_seq_length() == 7
        for token in (13, 14, 15):  # one-token steps on a cut-back cache
            a = body(input_ids=_ids(token), past_key_values=ref_past, use_cache=True)
            b = lean(input_ids=_ids(token), past_key_values=lean_past, use_cache=True)
            assert torch.equal(a.last_hidden_state, b.last_hidden_state)
        a = body(input_ids=_ids(20, 21, 22), past_key_values=ref_past, use_cache=True)  # rows after a cache
        b = lean(input_ids=_ids(20, 21, 22), past_key_values=lean_past, use_cache=True)
        assert torch.equal(a.last_hidden_state, b.last_hidden_state)
        no_cache = lean(input_ids=prompt, use_cache=False)
        assert no_cache.past_key_values is None
        assert torch.equal(no_cache.last_hidden_state, ref.last_hidden_state)


def test_a_pass_that_could_outgrow_the_sliding_window_goes_to_the_library():
    model = _model(sliding_window=16)
    lean = lean_body(model.model, headroom=8)
    prompt = _ids(*range(3, 12))  # 9 tokens + 8 of headroom reach the window of 16
    with torch.inference_mode():
        out = lean(input_ids=prompt, use_cache=True)
        assert not isinstance(out.past_key_values, LeanCache)
        step = lean(input_ids=_ids(30), past_key_values=out.past_key_values, use_cache=True)  # the library's cache
        ref = model.model(input_ids=torch.cat([prompt, _ids(30)], dim=1), use_cache=False)
        assert torch.allclose(step.last_hidden_state[0, -1], ref.last_hidden_state[0, -1], atol=1e-5)
        short = lean(input_ids=_ids(3, 4, 5), use_cache=True)
        assert isinstance(short.past_key_values, LeanCache)


def test_other_architectures_keep_the_library_forward():
    cfg = transformers.LlamaConfig(vocab_size=50, hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                                   num_attention_heads=2, num_key_value_heads=1)
    assert lean_body(transformers.LlamaForCausalLM(cfg).model) is None
    capped = _model()
    capped.model.config.attn_logit_softcapping = 50.0
    assert lean_body(capped.model) is None


def test_the_decoder_answers_the_same_with_either_runner():
    from multimodal.command.greedy_decoder import GreedyDecoder

    model = _model(seed=3)

    class CharTokenizer:  # one token per character of a small alphabet; enough for generate()'s calls
        eos_token_id, unk_token_id = 1, 3
        alphabet = "abcdefghijklmnopqrstuvwxyz =\n"

        def __call__(self, text, add_special_tokens=True, return_tensors=None):
            ids = ([2] if add_special_tokens else []) + [10 + self.alphabet.index(c) for c in text if c in self.alphabet]
            return {"input_ids": torch.tensor([ids]) if return_tensors == "pt" else ids}

        def convert_tokens_to_ids(self, token):
            return self.unk_token_id

        def decode(self, ids, skip_special_tokens=True):
            return "".join(self.alphabet[i - 10] for i in ids if 10 <= i < 10 + len(self.alphabet))

    dec = GreedyDecoder(model, CharTokenizer(), restrict_vocab=False, max_new_tokens=12)
    assert dec.run is not dec.body
    with torch.inference_mode():
        answers = [dec.generate("turn on the fan\n", draft=d) for d in (None, "fan on", "zzz")]
        dec.run = dec.body
        assert [dec.generate("turn on the fan\n", draft=d) for d in (None, "fan on", "zzz")] == answers
    assert len(set(answers)) == 1  # a draft changes the cost, never the answer
