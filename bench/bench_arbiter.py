"""Who decides, the model or the grammar: the arbiter's checks added one at a time, on the same parses.

The `sft` model parses every line once; its own answer (before any check) and the rule grammar's reading are
kept, then `multimodal.command.guard.arbitrate` is replayed with its newer checks switched on one by one.
Rows: the model alone, the grammar alone, "either" (a line counts when one of the two is right: the ceiling of
any arbiter that picks between them), the guard before the arbiter (safety, grounding, zone, coverage,
screen), then each check of ``ARBITER_CHECKS`` added in turn (the last row is the shipped default).
Columns per set: exact match, over-refusal (in-domain lines answered `unsupported`), unsafe commands
executed, rows with a repeated command.

Sets: tests/data/commands_dev.jsonl, commands_blind.jsonl, commands_blind2.jsonl, and the external set when
$COCKPIT_SIM_SHARED is set (read in place); --data adds or replaces them.

Run: .venv/bin/python bench/bench_arbiter.py [--data FILE.jsonl ...] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_speculative import default_sets  # noqa: E402
from bench.table import print_table  # noqa: E402


@dataclass
class Seen:
    """One line as the arbiter saw it."""

    model: list
    rules: list | None
    followup: list | None
    complete: bool
    labels: tuple
    elided: tuple = ()
    asked: bool = True
    zones: frozenset = frozenset()
    previous: tuple = ()
    context_text: str = ""


def recording_model():
    """The shipped `sft` backend, noting what reached its guard (the model's answer and the grammar's reading)."""
    from multimodal.command.guard import previous_zones
    from multimodal.command.sft import SftCommandModel

    class Recording(SftCommandModel):
        seen: Seen | None = None

        def _guarded(self, commands, grammar, text, context, raw, path, timings):
            self.seen = Seen(list(commands), grammar.commands, grammar.followup, grammar.complete,
                             tuple(context.screen_labels), tuple(grammar.elided), bool(context.pending_question),
                             frozenset(previous_zones(context.previous_commands)), tuple(context.previous_commands),
                             " ".join(t for t in (context.previous_text, context.pending_question) if t))
            return super()._guarded(commands, grammar, text, context, raw, path, timings)

    return Recording()


def score(examples, answers) -> tuple[float, int, int, int]:
    from multimodal.training.eval_commands import has_repeat, is_refusal, is_unsafe, score_line

    exact = sum(score_line(e.expected, a)[0] for e, a in zip(examples, answers)) / len(examples)
    over = sum(1 for e, a in zip(examples, answers) if not is_refusal(e.expected) and is_refusal(a))
    unsafe = sum(1 for e, a in zip(examples, answers) if is_unsafe(e.expected) and not is_refusal(a))
    return exact, over, unsafe, sum(has_repeat(a) for a in answers)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, nargs="+", help="data sets (default: dev, blind, external if present)")
    ap.add_argument("--limit", type=int, help="only the first N lines of each set")
    args = ap.parse_args()
    from tqdm import tqdm

    from multimodal.command.guard import ARBITER_CHECKS, arbitrate
    from multimodal.protocols import CommandContext
    from multimodal.training.eval_commands import load_examples, score_line

    model = recording_model()
    model.load()
    rows = []
    for path in args.data or default_sets():
        examples = load_examples(path, limit=args.limit)
        seen: list[Seen | None] = []
        final = []
        for ex in tqdm(examples, desc=path.stem, leave=False):
            model.seen = None
            final.append(list(model.parse_detailed(ex.text, ex.lang, ex.context or CommandContext()).commands))
            seen.append(model.seen)  # None when no answer of the model's was valid (the fallback answered)
        own = [s.model if s else f for s, f in zip(seen, final)]
        grammar = [s.rules if s and s.rules is not None else f for s, f in zip(seen, final)]
        either = [g if score_line(e.expected, g)[0] else m for e, m, g in zip(examples, own, grammar)]
        variants = [("model alone", own), ("grammar alone", grammar), ("either (ceiling)", either)]
        for n in range(len(ARBITER_CHECKS) + 1):
            checks = ARBITER_CHECKS[:n]
            answers = [arbitrate(s.model, s.rules, ex.text, s.labels, s.followup, s.complete, checks, s.elided,
                                 s.asked, s.zones, s.previous, s.context_text)[0]
                       if s else f
                       for ex, s, f in zip(examples, seen, final)]
            variants.append(("guard before the arbiter" if n == 0 else f"+ {checks[-1]}", answers))
        replay_differs = sum(a != f for a, f in zip(variants[-1][1], final))
        print(f"{path.stem}: the replayed default differs from the shipped parse on {replay_differs} lines")
        in_domain = sum(not all(c.intent == "unsupported" for c in e.expected) for e in examples)
        for name, answers in variants:
            exact, over, unsafe, repeats = score(examples, answers)
            rows.append([path.stem, name, len(examples), exact, f"{over}/{in_domain}", unsafe, repeats])
    print_table("arbiter: exact match, over-refusal, unsafe executed, repeated rows (shipped sft adapter)",
                [("set", "<28"), ("arbiter", "<26"), ("n", ">5"), ("exact", ">8.4f"), ("over-refused", ">14"),
                 ("unsafe run", ">11"), ("repeats", ">8")], rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
