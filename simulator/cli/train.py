"""`cockpit-sim train`: LoRA SFT of the command model (PEFT), with resume, early stopping and data mixing."""

from __future__ import annotations

import shlex
import sys

from simulator.errors import CliError

NAME = "train"
HELP = "train the command model's LoRA adapter on `cockpit-sim data build` output"


def add_arguments(p) -> None:
    p.add_argument("--data", default="artifacts/sft_data", help="folder with train.jsonl/val.jsonl (default artifacts/sft_data)")
    p.add_argument("--base", default="gemma-3-270m",
                   help="base model: gemma-3-270m (offline PyPI GGUF), a local folder, a .gguf file or a hub name")
    p.add_argument("--out", default="artifacts/command_adapter", help="adapter output folder")
    p.add_argument("--r", type=int, default=16, help="LoRA rank (default 16)")
    p.add_argument("--alpha", type=int, default=32, help="LoRA alpha (default 32)")
    p.add_argument("--dropout", type=float, default=0.05, help="LoRA dropout (default 0.05)")
    p.add_argument("--target-modules", default="q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj",
                   help="comma-separated module names to adapt (default: all linear layers)")
    p.add_argument("--lr", type=float, default=3e-4, help="learning rate (default 3e-4)")
    p.add_argument("--epochs", type=float, default=2.0, help="epochs (default 2)")
    p.add_argument("--batch-size", type=int, default=16, help="rows per forward pass (default 16)")
    p.add_argument("--grad-accum", type=int, default=1, help="gradient accumulation steps (default 1)")
    p.add_argument("--max-steps", type=int, default=None, help="stop after this many optimizer steps")
    p.add_argument("--max-train", type=int, default=None, help="use at most this many training rows")
    p.add_argument("--max-len", type=int, default=128, help="drop rows longer than this many tokens (default 128)")
    p.add_argument("--eval-every", type=int, default=150, help="validate every N steps (default 150)")
    p.add_argument("--eval-size", type=int, default=160, help="validation rows per evaluation (default 160)")
    p.add_argument("--patience", type=int, default=3, help="early stop after N evaluations without improvement")
    p.add_argument("--save-every", type=int, default=50, help="checkpoint every N steps (default 50)")
    p.add_argument("--time-budget", type=float, default=None, metavar="SECONDS",
                   help="stop cleanly after this much wall time (the best adapter is kept)")
    p.add_argument("--resume", action="store_true", help="continue from OUT/checkpoint after an interruption")
    p.add_argument("--extra", action="append", default=[], metavar="FILE",
                   help="extra data (jsonl / alpaca / sharegpt rows), e.g. a failures export; repeatable")
    p.add_argument("--mix", default="1:4", help="extra:base ratio when --extra is given (default 1:4)")
    p.add_argument("--from", dest="from_adapter", default=None, metavar="ADAPTER",
                   help="continue training an existing adapter folder")
    p.add_argument("--no-bf16", dest="bf16", action="store_false",
                   help="train in float32 instead of bfloat16 autocast")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: torch's choice)")


def run(args) -> int:
    from pathlib import Path

    from multimodal.protocols import BackendUnavailable
    from multimodal.training.train import TrainConfig, TrainError, parse_mix, train

    for name in ("r", "alpha", "batch_size", "grad_accum", "max_len", "eval_every", "eval_size", "save_every",
                 "patience"):
        if getattr(args, name) <= 0:
            raise CliError(f"--{name.replace('_', '-')} must be positive, got {getattr(args, name)}")
    if args.max_steps is not None and args.max_steps <= 0:
        raise CliError(f"--max-steps must be positive, got {args.max_steps}")
    if args.lr <= 0 or args.epochs <= 0:
        raise CliError("--lr and --epochs must be positive")
    if args.from_adapter and not (Path(args.from_adapter) / "adapter_config.json").exists():
        raise CliError(f"--from {args.from_adapter}: no adapter_config.json there")
    try:
        parse_mix(args.mix)
    except TrainError as err:
        raise CliError(str(err)) from None
    cfg = TrainConfig(
        data_dir=args.data, base=args.base, out_dir=args.out, r=args.r, alpha=args.alpha, dropout=args.dropout,
        target_modules=tuple(m.strip() for m in args.target_modules.split(",") if m.strip()), lr=args.lr,
        epochs=args.epochs, batch_size=args.batch_size, grad_accum=args.grad_accum, max_steps=args.max_steps,
        max_train=args.max_train, max_len=args.max_len, eval_every=args.eval_every, eval_size=args.eval_size,
        patience=args.patience, save_every=args.save_every, seed=args.seed, threads=args.threads,
        extra=tuple(args.extra), mix=args.mix, from_adapter=args.from_adapter, resume=args.resume,
        time_budget_s=args.time_budget, bf16=args.bf16,
        command="cockpit-sim " + " ".join(shlex.quote(a) for a in sys.argv[1:]) if sys.argv[1:2] == ["train"]
        else "cockpit-sim train " + " ".join(shlex.quote(a) for a in sys.argv[1:]))
    try:
        metrics = train(cfg)
    except (TrainError, BackendUnavailable) as err:
        raise CliError(str(err)) from None
    print(f"adapter written to {args.out}: val exact match {metrics['val_exact_match']:.3f} "
          f"(best step {metrics['best_step']} of {metrics['steps']}; {metrics['stop_reason']}; "
          f"{metrics['train_seconds']:.0f} s training)")
    return 0
