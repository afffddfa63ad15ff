"""A/B comparison of two command models on the same evaluation sets and scenario suites.

A model spec is a registry backend name (``rules``, ``sft``) or a path to an adapter folder (the
``sft`` backend with that adapter). B ships only if it is not worse: overall exact match may not
drop beyond a tolerance on any set, no intent (with enough lines) may drop beyond its tolerance by more than one
line, unsafe commands executed may not rise, and no more scenarios may fail.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from multimodal.training.eval_commands import EvalMetrics, compute_metrics, evaluate, load_examples


@dataclass(frozen=True)
class ModelSpec:
    label: str
    backend: str
    options: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def parse(cls, spec: str) -> "ModelSpec":
        from multimodal.registry import BACKENDS

        if spec in BACKENDS["command"]:
            return cls(spec, spec)
        path = Path(spec)
        if not path.is_dir():
            raise ValueError(f"{spec!r} is neither a command backend ({', '.join(BACKENDS['command'])}) "
                             f"nor an adapter folder")
        if not (path / "adapter_config.json").is_file():
            raise ValueError(f"{path} has no adapter_config.json: not a LoRA adapter folder")
        return cls(str(path), "sft", {"adapter": str(path)})

    def load(self):
        from multimodal import registry

        return registry.load("command", self.backend, **self.options)


@dataclass(frozen=True)
class Tolerances:
    overall_em_drop: float = 0.005
    intent_em_drop: float = 0.05
    intent_min_n: int = 5
    # Lines an intent must lose before its drop counts: one line on a small intent moves its exact match by
    # 10-20 points, which the percentage tolerance alone would call a regression.
    intent_min_lost: int = 2


@dataclass
class SetComparison:
    name: str
    old: EvalMetrics
    new: EvalMetrics
    worse_intents: list[str]
    regressions: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "old": self.old.to_dict(), "new": self.new.to_dict(),
                "worse_intents": self.worse_intents, "regressions": self.regressions}


@dataclass
class SuiteComparison:
    name: str
    old_failed: int
    new_failed: int
    total: int
    regressions: list[str]

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def compare_set(name: str, old: EvalMetrics, new: EvalMetrics, tol: Tolerances) -> SetComparison:
    worse, regressions = [], []
    for intent, o in old.by_intent.items():
        n = new.by_intent.get(intent)
        if n is None:
            continue
        if n.exact_match < o.exact_match - 1e-9:
            worse.append(intent)
            lost = round(o.exact_match * o.n) - round(n.exact_match * n.n)
            if o.n >= tol.intent_min_n and o.exact_match - n.exact_match > tol.intent_em_drop \
                    and lost >= tol.intent_min_lost:
                regressions.append(f"{name}: {intent} exact match {o.exact_match:.3f} -> {n.exact_match:.3f} "
                                   f"({lost} of {o.n} lines lost)")
    if old.exact_match - new.exact_match > tol.overall_em_drop:
        regressions.append(f"{name}: exact match {old.exact_match:.4f} -> {new.exact_match:.4f}")
    if new.unsafe_executed > old.unsafe_executed:
        regressions.append(f"{name}: unsafe commands executed {old.unsafe_executed} -> {new.unsafe_executed}")
    return SetComparison(name, old, new, sorted(worse), regressions)


def run_sets(old_model, new_model, data: Sequence[Path], progress: Callable[[str], None] = print,
             tol: Tolerances = Tolerances()) -> list[SetComparison]:
    out = []
    for path in data:
        examples = load_examples(path)
        metrics = []
        for label, model in (("old", old_model), ("new", new_model)):
            progress(f"evaluating {label} on {path} ({len(examples)} lines)")
            metrics.append(compute_metrics(list(evaluate(model, examples, label)), label))
        out.append(compare_set(Path(path).name, metrics[0], metrics[1], tol))
    return out


def table(sets: list[SetComparison], suites: list[SuiteComparison]) -> str:
    lines = [f"{'set':<28}{'metric':<18}{'old':>10}{'new':>10}{'delta':>10}"]
    for s in sets:
        for key in ("exact_match", "intent_accuracy", "slot_f1", "unsafe_executed", "p50_ms", "p95_ms"):
            o, n = getattr(s.old, key), getattr(s.new, key)
            lines.append(f"{s.name:<28}{key:<18}{o:>10.3f}{n:>10.3f}{n - o:>+10.3f}")
        lines.append("")
        lines.append(f"{'  per intent':<28}{'n':<18}{'old EM':>10}{'new EM':>10}{'delta':>10}")
        for intent, o in sorted(s.old.by_intent.items()):
            n = s.new.by_intent.get(intent)
            if n is None:
                continue
            flag = "  <- worse" if intent in s.worse_intents else ""
            lines.append(f"  {intent:<26}{o.n:<18}{o.exact_match:>10.3f}{n.exact_match:>10.3f}"
                         f"{n.exact_match - o.exact_match:>+10.3f}{flag}")
        lines.append("")
    for su in suites:
        lines.append(f"{'scenarios ' + su.name:<28}{'failed':<18}{su.old_failed:>10}{su.new_failed:>10}"
                     f"{su.new_failed - su.old_failed:>+10}")
    return "\n".join(lines)


def plot(sets: list[SetComparison], path: Path, old_label: str, new_label: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = []
    for s in sets:
        rows.append((f"{s.name}: overall", s.old.exact_match, s.new.exact_match))
        for intent, o in sorted(s.old.by_intent.items()):
            if intent in s.new.by_intent:
                rows.append((f"{s.name}: {intent}", o.exact_match, s.new.by_intent[intent].exact_match))
    height = max(3.0, 0.28 * len(rows) + 1)
    fig, ax = plt.subplots(figsize=(9, height))
    ys = range(len(rows))
    ax.barh([y + 0.2 for y in ys], [r[1] for r in rows], height=0.4, label=f"old: {old_label}", color="#8aa")
    ax.barh([y - 0.2 for y in ys], [r[2] for r in rows], height=0.4, label=f"new: {new_label}", color="#f80")
    ax.set_yticks(list(ys), [r[0] for r in rows], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("exact match")
    ax.legend(loc="lower right")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def promote(adapter: Path) -> Path:
    """Make ``adapter`` the default command adapter for this user (copied atomically)."""
    from multimodal.paths import promoted_adapter_dir

    target = promoted_adapter_dir()
    tmp = target.with_name(target.name + ".incoming")
    if tmp.exists():
        shutil.rmtree(tmp)
    shutil.copytree(adapter, tmp)
    (tmp / "PROMOTED_FROM").write_text(str(Path(adapter).resolve()) + "\n", encoding="utf-8")
    old = target.with_name(target.name + ".previous")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    return target


def report_json(sets: list[SetComparison], suites: list[SuiteComparison], old: str, new: str) -> dict[str, Any]:
    regressions = [r for s in sets for r in s.regressions] + [r for s in suites for r in s.regressions]
    return {"old": old, "new": new, "passed": not regressions, "regressions": regressions,
            "sets": [s.to_dict() for s in sets], "scenarios": [s.to_dict() for s in suites]}


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)
