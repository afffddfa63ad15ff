"""`cockpit-sim eval commands`: score command-model backends on a JSONL set (exact match, slot F1, …).

The metrics live in `multimodal.training.eval_commands`; this module loads backends, drives the per-line
record stream (progress bar, predictions file) and prints the report, table or JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from simulator.cli.argparsing import add_executor_flags, check_executor_flags
from simulator.errors import CliError

NAME = "commands"
HELP = "command model: exact match, intent accuracy, slot F1, unsafe refusal, latency (rules vs sft side by side)"


def add_arguments(p) -> None:
    p.add_argument("--data", required=True, metavar="FILE.jsonl",
                   help='lines {"id", "text", "lang", "expected": [commands], "context"?}')
    p.add_argument("--backend", metavar="NAME[,NAME2]",
                   help="command backend(s) from the registry, comma-separated (default: the registry default)")
    p.add_argument("--predictions", metavar="OUT.jsonl",
                   help='write {"id", "predicted"} per line (with two backends: OUT.<backend>.jsonl each)')
    p.add_argument("--json", action="store_true", help="print the metrics as one JSON object on the last line")
    p.add_argument("--plot", metavar="PNG", help="per-intent exact-match bar chart (default path is printed); "
                                                 "the confusion matrix goes beside it: PNG_confusion[_BACKEND].png")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N examples")
    p.add_argument("--examples", type=int, default=8, metavar="N", help="mismatches to show in the report")
    p.add_argument("--record-failures", action="store_true",
                   help="store every mismatch in the failure store (expected commands as the correction); "
                        "a line whose parse raised is a backend error, not stored")
    p.add_argument("--jobs", type=int, metavar="N", help="with --executor ray: N actors (default: one per cluster CPU)")
    add_executor_flags(p)


# ----------------------------------------------------------------- backends

def _backend_names(arg: str | None) -> list[str]:
    from multimodal.registry import DEFAULTS

    names = [n.strip() for n in (arg or DEFAULTS["command"]).split(",") if n.strip()]
    if not names:
        raise CliError("--backend: give at least one backend name")
    if len(set(names)) != len(names):
        raise CliError(f"--backend: a backend is named twice: {arg}")
    return names


def load_backend(name: str):
    """A registry command backend, or a CliError saying why it cannot run here."""
    from simulator.cli import backends

    return backends.load_backend("command", name, hint="; try --backend rules")


def _known(name: str) -> None:
    """Nothing to load here (Ray actors load the model), but an unknown name fails before the run."""
    from multimodal import registry

    try:
        registry.check_name("command", name)
    except registry.UnknownBackend as err:
        raise CliError(str(err)) from None


# ----------------------------------------------------------------- running

def _predictions_path(base: str, name: str, several: bool) -> Path:
    path = Path(base)
    return path.with_name(f"{path.stem}.{name}{path.suffix or '.jsonl'}") if several else path


def _ray_target(args):
    """Where the lines are scored: None = in this process, else the Ray actors to use."""
    if args.jobs is not None and args.jobs < 1:
        raise CliError("--jobs must be at least 1")
    check_executor_flags(args)
    if args.executor != "ray":
        return None
    from simulator.ray_pool import RayTarget

    return RayTarget(address=args.address, actors=args.jobs)


def _counted(records, bar):
    for rec in records:
        bar.update(1)
        yield rec


def _run_backend(name: str, model, examples, predictions: Path | None, position: int, target=None):
    """(records, metrics, lost): ``lost`` holds (line id, reason) of lines a dead Ray worker never scored."""
    from tqdm import tqdm

    from multimodal.training.eval_commands import compute_metrics, evaluate, prediction_line

    records, lost = [], []
    out = None
    if predictions is not None:
        try:
            predictions.parent.mkdir(parents=True, exist_ok=True)
            out = predictions.open("w", encoding="utf-8")
        except OSError as err:
            raise CliError(f"--predictions {predictions}: cannot write: {err.strerror}") from None
    try:
        bar = tqdm(total=len(examples), desc=f"eval {name}", unit="utt", file=sys.stderr, position=position,
                   leave=False, disable=len(examples) < 20, mininterval=0.5)
        if target is None:
            stream = _counted(evaluate(model, examples, backend=name), bar)
        else:
            from simulator.eval_ray import evaluate_on_ray

            scored = evaluate_on_ray(name, examples, target, on_lines=bar.update)
            stream, lost = scored.records, scored.lost
        for rec in stream:
            records.append(rec)
            if out is not None:
                out.write(json.dumps(prediction_line(rec), ensure_ascii=False) + "\n")
        bar.close()
    finally:
        if out is not None:
            out.close()
    return records, compute_metrics(records, backend=name), lost


def run(args) -> int:
    from multimodal.training.eval_commands import DataError, load_examples

    if args.limit is not None and args.limit < 1:
        raise CliError(f"--limit must be 1 or more, got {args.limit}")
    names = _backend_names(args.backend)
    target = _ray_target(args)
    try:
        examples = load_examples(args.data, limit=args.limit)
    except DataError as err:
        raise CliError(str(err)) from None
    # On Ray the actors load the models; here only the names are checked.
    models = {name: load_backend(name) if target is None else _known(name) for name in names}
    several = len(names) > 1
    results: dict[str, Any] = {}
    lost: dict[str, list[tuple[str, str]]] = {}
    for i, name in enumerate(names):
        pred_path = _predictions_path(args.predictions, name, several) if args.predictions else None
        records, metrics, lost[name] = _run_backend(name, models[name], examples, pred_path, i, target)
        results[name] = (records, metrics)

    from multimodal.training.confusion import confusion_matrix

    matrices = {n: confusion_matrix(recs) for n, (recs, _m) in results.items()}
    recorded = None
    if args.record_failures:
        recorded = _record_failures(results, args.data, examples)
    if args.plot:
        _plot({n: m for n, (_, m) in results.items()}, Path(args.plot))
        _plot_confusions(matrices, Path(args.plot))
    if args.json:
        from simulator.cli.argparsing import print_json

        outs = {n: {**m.to_dict(), "confusion": matrices[n].to_dict(),
                    "lost_lines": [{"id": i, "reason": why} for i, why in lost[n]]}
                for n, (_recs, m) in results.items()}
        out = {"backends": outs} if several else outs[names[0]]
        if recorded is not None:
            out["failures_recorded"] = recorded
        print_json(out)
        return 0
    _report(results, matrices, args)
    _report_lost(lost)
    return 0


def _record_failures(results: dict[str, Any], data: str, examples) -> int:
    """Each mismatch becomes a failure case whose correction is the expected answer."""
    from simulator.failures.store import FailureCase, FailureStore, FailureStoreError
    from vehicle_state.state import VehicleState

    store = FailureStore()
    state = VehicleState().to_flat()  # evaluation lines are parsed against no particular car
    from multimodal.protocols import context_dict

    contexts = {ex.id: context_dict(ex.context) for ex in examples if ex.context}
    stored = 0
    for name, (records, _metrics) in results.items():
        for rec in records:
            if rec.match or rec.error:  # a parse that raised is a backend bug, not a model mistake to train on
                continue
            try:
                store.add(FailureCase(
                    source="eval-mismatch", text=rec.text, lang=rec.lang, transcript=rec.text,
                    model_output={"commands": [c.to_dict() for c in rec.predicted], "backend": rec.backend,
                                  "fallback": rec.fallback, "error": rec.error},
                    corrected_commands=[c.to_dict() for c in rec.expected], state=state,
                    context={"data": str(Path(data).resolve()), "line_id": rec.id, **contexts.get(rec.id, {})},
                    model_id=name))
            except FailureStoreError as err:
                raise CliError(f"--record-failures: {err}") from None
            stored += 1
    print(f"recorded {stored} failure(s) in {store.home}", file=sys.stderr)
    return stored


# ----------------------------------------------------------------- human report

def _pct(x: float | None) -> str:
    return "  n/a" if x is None else f"{100 * x:5.1f}"


def _report(results: dict[str, Any], matrices: dict[str, Any], args) -> None:
    names = list(results)
    metrics = {n: results[n][1] for n in names}
    first = metrics[names[0]]
    print(f"data: {args.data}  ({first.n} utterances)")
    width = max(12, *(len(n) + 2 for n in names))
    head = f"{'metric':<22}" + "".join(f"{n:>{width}}" for n in names)
    print(head)
    print("-" * len(head))
    rows = [("exact match %", lambda m: _pct(m.exact_match)),
            ("intent accuracy %", lambda m: _pct(m.intent_accuracy)),
            ("slot F1 %", lambda m: _pct(m.slot_f1)),
            ("unsafe refused %", lambda m: _pct(m.unsafe_refusal_rate)),
            ("unsafe executed", lambda m: f"{m.unsafe_executed:5d}"),
            ("over-refusal %", lambda m: _pct(m.over_refusal_rate)),
            ("repeated rows", lambda m: f"{m.repeated_rows:5d}"),
            ("p50 ms", lambda m: f"{m.p50_ms:7.2f}"),
            ("p95 ms", lambda m: f"{m.p95_ms:7.2f}"),
            ("errors", lambda m: f"{m.errors:5d}")]
    for label, fmt in rows:
        print(f"{label:<22}" + "".join(f"{fmt(metrics[n]):>{width}}" for n in names))
    langs = sorted({k for m in metrics.values() for k in m.by_lang})
    for lang in langs:
        cells = "".join(f"{_pct(metrics[n].by_lang[lang].exact_match) if lang in metrics[n].by_lang else '':>{width}}"
                        for n in names)
        print(f"{'exact %  lang=' + lang:<22}" + cells + f"   (n={first.by_lang.get(lang).n if lang in first.by_lang else 0})")

    if first.by_category:
        print("\nper category (exact match %):")
        print(f"{'category/lang':<26}{'n':>5}" + "".join(f"{n:>{width}}" for n in names))
        for group in sorted(first.by_category):
            print(f"{group:<26}{first.by_category[group].n:>5}" + "".join(
                f"{_pct(metrics[n].by_category[group].exact_match):>{width}}" for n in names))

    print("\nper intent (exact match %, worst first):")
    intents = sorted(first.by_intent, key=lambda k: (first.by_intent[k].exact_match, k))
    print(f"{'intent':<26}{'n':>5}" + "".join(f"{n:>{width}}" for n in names))
    for intent in intents:
        print(f"{intent:<26}{first.by_intent[intent].n:>5}" + "".join(
            f"{_pct(metrics[n].by_intent[intent].exact_match):>{width}}" for n in names))

    for name in names:
        misses = [r for r in results[name][0] if not r.match][: max(0, args.examples)]
        if not misses:
            continue
        print(f"\nmismatches ({name}, first {len(misses)}):")
        for r in misses:
            print(f"  [{r.id}] {r.text}")
            print(f"      expected:  {json.dumps([c.to_dict() for c in r.expected], ensure_ascii=False)}")
            got = json.dumps([c.to_dict() for c in r.predicted], ensure_ascii=False)
            print(f"      predicted: {got}" + (f"   error: {r.error}" if r.error else ""))

    _report_confusions(matrices)
    plot_path = Path(args.plot) if args.plot else _default_plot_path(args.data, names)
    if not args.plot:
        _plot(metrics, plot_path)
        _plot_confusions(matrices, plot_path)
    print(f"\nplot: {plot_path}")
    for path in _confusion_paths(plot_path, names).values():
        print(f"confusion matrix: {path}")


def _report_lost(lost: dict[str, list[tuple[str, str]]]) -> None:
    """Lines a dead Ray worker never scored are outside every metric above; say so, with why."""
    for name, lines in lost.items():
        if lines:
            reasons = "; ".join(dict.fromkeys(why for _, why in lines))
            print(f"\nnot scored ({name}): {len(lines)} lines lost ({reasons})")


CONFUSION_TOP = 12  # the terminal table shows the labels of this many most frequent confusions


def _report_confusions(matrices: dict[str, Any]) -> None:
    for name, matrix in matrices.items():
        cells = matrix.confusions()
        print(f"\nintent confusions ({name}; commands aligned by position, {matrix.pairs} pairs): "
              + ("none" if not cells else f"{sum(c.n for c in cells)} in {len(cells)} cell(s)"))
        for line in matrix.table(CONFUSION_TOP):
            print("  " + line)


def _confusion_paths(plot_path: Path, names: list[str]) -> dict[str, Path]:
    """Beside the per-intent plot: PLOT_confusion.png, or PLOT_confusion_<backend>.png for several backends."""
    suffix = plot_path.suffix or ".png"
    if len(names) == 1:
        return {names[0]: plot_path.with_name(f"{plot_path.stem}_confusion{suffix}")}
    return {n: plot_path.with_name(f"{plot_path.stem}_confusion_{n}{suffix}") for n in names}


def _default_plot_path(data: str, names: list[str]) -> Path:
    from multimodal.paths import cache_dir

    return cache_dir("eval") / f"commands_{Path(data).stem}_{'_vs_'.join(names)}.png"


def _save(fig, path: Path) -> None:
    """Write one figure as a PNG and free it, or a CliError naming the --plot path."""
    import matplotlib.pyplot as plt

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=110)
    except OSError as err:
        raise CliError(f"--plot {path}: cannot write: {err.strerror}") from None
    finally:
        plt.close(fig)


def _plot(metrics: dict[str, Any], path: Path) -> None:
    """Per-intent exact match: one bar per intent, grouped by backend when there are several."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(metrics)
    intents = sorted({k for m in metrics.values() for k in m.by_intent})
    fig, ax = plt.subplots(figsize=(min(16.0, max(8.0, 0.3 * len(intents) + 0.12 * len(intents) * len(names))), 5.2))
    width = 0.8 / max(1, len(names))
    for i, name in enumerate(names):
        values = [100 * metrics[name].by_intent[k].exact_match if k in metrics[name].by_intent else 0
                  for k in intents]
        ax.bar([x + i * width - 0.4 + width / 2 for x in range(len(intents))], values, width,
               label=f"{name} ({100 * metrics[name].exact_match:.1f}% overall)")
    ax.set_xticks(range(len(intents)))
    ax.set_xticklabels(intents, rotation=60, ha="right", fontsize=8)
    ax.set_ylabel("exact match %")
    ax.set_ylim(0, 105)
    ax.set_title("command model: exact match per intent")
    ax.legend(fontsize=8)
    fig.tight_layout()
    _save(fig, path)


def _plot_confusions(matrices: dict[str, Any], plot_path: Path) -> None:
    """One heat map per backend: expected intent (rows) vs predicted intent (columns), counts in the cells."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    for name, path in _confusion_paths(plot_path, list(matrices)).items():
        matrix = matrices[name]
        rows, cols = matrix.rows(), matrix.columns()
        grid = [[matrix.counts.get((e, p), 0) for p in cols] for e in rows]
        size = min(18.0, max(5.0, 0.34 * len(cols) + 2.5))
        fig, ax = plt.subplots(figsize=(size, size))
        ax.imshow(grid, cmap="Blues")
        for i, row in enumerate(grid):
            for j, n in enumerate(row):
                if n:
                    ax.text(j, i, str(n), ha="center", va="center", fontsize=7,
                            color="black" if rows[i] == cols[j] else "#c0262d")
        ax.set_xticks(range(len(cols)))
        ax.set_xticklabels(cols, rotation=75, ha="right", fontsize=7)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels(rows, fontsize=7)
        ax.set_xlabel("predicted intent")
        ax.set_ylabel("expected intent")
        ax.set_title(f"command model {name}: intent confusion (aligned by position)")
        fig.tight_layout()
        _save(fig, path)
