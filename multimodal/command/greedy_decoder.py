"""Greedy decoding with a KV cache over a transformers causal LM, for the compact command format.

``restrict_vocab`` computes logits only for the tokens the output grammar can produce plus the
tokens of the prompt (free text is copied from the utterance); ``constrained=True`` keeps every
step a valid prefix of the grammar (the `sft` backend's retry).
"""

from __future__ import annotations

from typing import Any, Sequence

from multimodal.command.int8 import fast_rows, has_fast_rows
from multimodal.command.lean_body import lean_body

from multimodal.command.output_format import FormatError, decode, grammar_strings, is_valid_prefix

_MAX_TOKEN_CHARS = 24  # longer than any vocabulary entry a command copies
# A draft token is taken from the many-row check only when it wins by at least this many logits; bfloat16's
# rounding of logits in the 10-30 range is a few tenths (docs/command-model.md "Speculative decoding").
CLOSE_CALL_LOGITS = 1.0
# The quick int8 check of a draft (int8.fast_rows) answers alone only when every draft token, and the stop after the
# last, wins by at least this many logits. At 3.0 (over 1,021 parses of dev + blind3/16/17/18 it answered 683 and
# differed from full precision on 2) the median parse of a chatty set took the full-precision path. Over 2,400 parses
# of twelve later held-out sets, 1.0 answered 78.3% of them instead of 70.2% (the worst set 71% instead of 61%), its
# draft differed from the full-precision answer on 11, and the final answer (after the guard) on none of the 2,400
# changed correctness (docs/command-model.md "Quick draft check").
FAST_CHECK_LOGITS = 1.0


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
        self.body = base.model  # the library's decoder stack (the batcher's batched passes use it)
        # a single parse's passes run the same operations without the library's per-call machinery where the
        # architecture allows it (multimodal/command/lean_body.py); hidden states are equal either way
        self.run = lean_body(base.model, headroom=max_new_tokens) or base.model
        self.head = base.lm_head
        self.max_new_tokens = max_new_tokens
        self.restrict_vocab = restrict_vocab
        stops = {tokenizer.eos_token_id}
        eot = tokenizer.convert_tokens_to_ids("<end_of_turn>")
        if isinstance(eot, int) and eot != tokenizer.unk_token_id:
            stops.add(eot)
        self.stop_ids = {s for s in stops if s is not None}
        self._vocab_map: dict[str, int] | None = None
        self.draft_tokens = 0  # draft tokens offered and kept (statistics for the bench)
        self.draft_kept = 0
        self.static_ids = self._grammar_ids() if restrict_vocab else []
        self.fast_check = has_fast_rows(base)  # int8 many-row GEMM prepared (an AVX2-only CPU)
        self.fast_answers = 0  # drafts the quick check answered alone (statistics for the bench)

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
    def generate(self, prompt: str, constrained: bool = False, top_k: int = 12, draft: str | None = None) -> str:
        """The greedy continuation of ``prompt``. A ``draft`` (a guess at the whole answer, e.g. the rule
        grammar's) is checked in the prompt's own forward pass: the longest prefix of it that greedy decoding
        would have produced is kept, and decoding goes on from there, so the answer is greedy's either way and
        a right draft costs one forward pass instead of one per token."""
        torch = self.torch
        ids = self.tokenizer(prompt, add_special_tokens=True, return_tensors="pt")["input_ids"]
        allowed = None
        weight = self.head.weight
        if self.restrict_vocab:
            allowed = torch.tensor(self.allowed_ids(prompt))
            weight = weight.index_select(0, allowed)

        def scores(hidden: Any) -> Any:  # hidden [rows, size] -> logits over the allowed tokens
            return hidden @ weight.T if allowed is not None else self.head(hidden)

        def token_of(best: Any) -> Any:  # index into the allowed tokens -> token id
            return allowed[best] if allowed is not None else best

        def pick(hidden: Any) -> Any:  # hidden [rows, size] -> the greedy token id of each row
            return token_of(torch.argmax(scores(hidden), dim=-1))

        drafted = [] if constrained or not draft else self._draft_ids(ids[0].tolist(), prompt, draft)
        if drafted and self.fast_check and self._fast_accepts(ids, drafted, scores, allowed):
            self.fast_answers += 1
            return self.tokenizer.decode(drafted, skip_special_tokens=True)
        out = self.run(input_ids=torch.cat([ids, torch.tensor([drafted], dtype=ids.dtype)], dim=1)
                        if drafted else ids, use_cache=True)
        past = out.past_key_values
        generated: list[int] = []
        hidden = out.last_hidden_state[:, -1]
        if drafted:
            # Row i of the draft's hidden states predicts draft token i (row 0 is the prompt's last token).
            kept, greedy, decisive = self.check_draft(
                scores(out.last_hidden_state[0, ids.shape[1] - 1:]), drafted, allowed)
            generated = drafted[:kept]
            if kept < len(drafted):
                past.crop(kept - len(drafted))  # forget the rejected tail; decoding resumes after the kept part
            if decisive[kept] or kept == 0:  # the prompt's last row is a prefill row in plain decoding too
                nxt = int(greedy[kept])
            else:
                past.crop(-1)
                out = self.run(input_ids=torch.tensor([[drafted[kept - 1]]]), past_key_values=past, use_cache=True)
                past = out.past_key_values
                nxt = int(pick(out.last_hidden_state[:, -1])[0])
            if nxt in self.stop_ids or len(generated) >= self.max_new_tokens:
                return self.tokenizer.decode(generated, skip_special_tokens=True)
            generated.append(nxt)
            out = self.run(input_ids=torch.tensor([[nxt]]), past_key_values=past, use_cache=True)
            past, hidden = out.past_key_values, out.last_hidden_state[:, -1]
        while len(generated) < self.max_new_tokens:
            if constrained:
                nxt = self._constrained_pick(scores(hidden)[0], allowed, generated, top_k)
                if nxt is None:
                    break
            else:
                nxt = int(pick(hidden)[0])
            if nxt in self.stop_ids:
                break
            generated.append(nxt)
            out = self.run(input_ids=torch.tensor([[nxt]]), past_key_values=past, use_cache=True)
            past = out.past_key_values
            hidden = out.last_hidden_state[:, -1]
        return self.tokenizer.decode(generated, skip_special_tokens=True)

    def _fast_accepts(self, ids: Any, drafted: list[int], scores: Any, allowed: Any) -> bool:
        """Whether a throw-away pass with int8 many-row matmuls confirms the whole draft and the stop after it, each
        by FAST_CHECK_LOGITS or more. Only a confirmation is used: on any doubt the caller decodes in full precision,
        so this changes speed, not answers (beyond that margin's reach)."""
        torch = self.torch
        if len(drafted) >= self.max_new_tokens or any(t in self.stop_ids for t in drafted):
            return False
        with fast_rows():
            out = self.run(input_ids=torch.cat([ids, torch.tensor([drafted], dtype=ids.dtype)], dim=1), use_cache=False)
        top = scores(out.last_hidden_state[0, ids.shape[1] - 1:].float()).topk(2, dim=-1)
        if bool(((top.values[:, 0] - top.values[:, 1]) < FAST_CHECK_LOGITS).any()):
            return False
        best = top.indices[:, 0]
        chosen = (allowed[best] if allowed is not None else best).tolist()
        return chosen[:-1] == drafted and chosen[-1] in self.stop_ids

    def check_draft(self, scores: Any, drafted: list[int], allowed: Any) -> tuple[int, list[int], list[bool]]:
        """How many of the draft's tokens greedy decoding keeps, with the greedy token and whether it is decisive at
        each position. ``scores`` row i (over ``allowed`` tokens, or the whole vocabulary when None) predicts draft
        token i; the last row, the token after the draft.

        A many-row pass multiplies in other precision than a single-token step (multimodal/command/int8.py): where
        its top two tokens are this close, a step might choose the other one, so only decisive agreement is kept
        and the first close call is left to a step, as greedy decoding decides it."""
        top = scores.topk(2, dim=-1)
        best = top.indices[:, 0]
        greedy = (allowed[best] if allowed is not None else best).tolist()
        decisive = ((top.values[:, 0] - top.values[:, 1]) >= CLOSE_CALL_LOGITS).tolist()
        kept = 0
        while (kept < len(drafted) and greedy[kept] == drafted[kept] and decisive[kept]
               and drafted[kept] not in self.stop_ids):
            kept += 1
        self.draft_tokens += len(drafted)
        self.draft_kept += kept
        return kept, greedy, decisive

    def _draft_ids(self, prompt_ids: list[int], prompt: str, draft: str) -> list[int]:
        """The draft's tokens as they follow the prompt (tokenised together, as in training), or none when the
        prompt's own tokens would change at the seam, or when prompt + draft would fill the sliding-attention
        window: a sliding cache layer that has seen a whole window cannot be cut back to a rejected draft."""
        both = self.tokenizer(prompt + draft, add_special_tokens=True)["input_ids"]
        if both[:len(prompt_ids)] != prompt_ids:
            return []
        drafted = both[len(prompt_ids):][:self.max_new_tokens]
        window = int(getattr(getattr(self.body, "config", None), "sliding_window", 0) or 0)
        if window and len(prompt_ids) + len(drafted) >= window:
            return []
        return drafted

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
