"""The per-intent confusion matrix of a command evaluation: expected intent (rows) vs predicted intent (columns).

Commands are aligned by position: the i-th expected command is paired with the i-th predicted one,
because the contract orders commands as spoken. When the lengths differ the unpaired commands are
paired with a placeholder: an expected command the model left out is predicted as ``(missing)``; a
predicted command beyond the expected ones was expected as ``(extra)``. A line whose parse raised has
no predicted commands, so all its expected commands are ``(missing)``. Slots are not looked at here
(slot F1 is in `eval_commands.compute_metrics`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Protocol, Sequence

from vehicle_state.commands import INTENTS, Command

MISSING = "(missing)"  # predicted side: the model gave no command at this position
EXTRA = "(extra)"  # expected side: the model gave a command beyond the expected ones


class _Scored(Protocol):
    expected: Sequence[Command]
    predicted: Sequence[Command]


@dataclass(frozen=True)
class Confusion:
    expected: str
    predicted: str
    n: int


@dataclass(frozen=True)
class ConfusionMatrix:
    counts: dict[tuple[str, str], int]  # (expected intent, predicted intent) -> aligned command pairs

    @property
    def pairs(self) -> int:
        return sum(self.counts.values())

    def labels(self) -> list[str]:
        """Every intent on either side, in contract order, then the two placeholders that occur."""
        seen = {label for pair in self.counts for label in pair}
        order = [*INTENTS, EXTRA, MISSING]
        return [x for x in order if x in seen] + sorted(seen - set(order))

    def confusions(self) -> list[Confusion]:
        """The off-diagonal cells, most frequent first."""
        cells = [Confusion(e, p, n) for (e, p), n in self.counts.items() if e != p]
        return sorted(cells, key=lambda c: (-c.n, c.expected, c.predicted))

    def rows(self, labels: Sequence[str] | None = None) -> list[str]:
        """Expected-side labels: ``(missing)`` is only ever predicted."""
        return [x for x in (labels if labels is not None else self.labels()) if x != MISSING]

    def columns(self, labels: Sequence[str] | None = None) -> list[str]:
        """Predicted-side labels: ``(extra)`` is only ever expected."""
        return [x for x in (labels if labels is not None else self.labels()) if x != EXTRA]

    def confused_labels(self, top: int | None = None) -> list[str]:
        """Labels in any off-diagonal cell (of the ``top`` most frequent ones), in `labels` order."""
        cells = self.confusions()[:top] if top is not None else self.confusions()
        involved = {c.expected for c in cells} | {c.predicted for c in cells}
        return [x for x in self.labels() if x in involved]

    def to_dict(self) -> dict[str, Any]:
        matrix: dict[str, dict[str, int]] = {}
        for (e, p), n in sorted(self.counts.items()):
            matrix.setdefault(e, {})[p] = n
        return {"alignment": "position", "missing": MISSING, "extra": EXTRA, "pairs": self.pairs,
                "matrix": matrix,
                "confusions": [{"expected": c.expected, "predicted": c.predicted, "n": c.n}
                               for c in self.confusions()]}

    def table(self, top: int = 12) -> list[str]:
        """A compact text table over the labels of the ``top`` most frequent confusions (empty if none):
        rows are numbered expected labels, a column carries the number of the same label predicted."""
        labels = self.confused_labels(top)
        if not labels:
            return []
        number = {x: i for i, x in enumerate(labels, 1)}
        rows, cols = self.rows(labels), self.columns(labels)
        name_w = max(len(x) for x in labels) + 5
        col_w = max(4, len(str(max(self.counts.values()))) + 2)
        out = [f"{'expected / predicted':<{name_w}}" + "".join(f"{number[p]:>{col_w}}" for p in cols)]
        for e in rows:
            cells = "".join(f"{self.counts.get((e, p), 0) or '.':>{col_w}}" for p in cols)
            out.append(f"{number[e]:>2} {e:<{name_w - 3}}" + cells)
        if MISSING in cols:
            out.append(f"{number[MISSING]:>2} {MISSING} (column only: an expected command the model left out)")
        return out


def confusion_matrix(records: Iterable[_Scored]) -> ConfusionMatrix:
    """Position-aligned (expected intent, predicted intent) counts over evaluated lines."""
    counts: Counter = Counter()
    for rec in records:
        expected, predicted = list(rec.expected), list(rec.predicted)
        for i in range(max(len(expected), len(predicted))):
            e = expected[i].intent if i < len(expected) else EXTRA
            p = predicted[i].intent if i < len(predicted) else MISSING
            counts[(e, p)] += 1
    return ConfusionMatrix(dict(counts))
