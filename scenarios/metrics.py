"""Business metrics computed from turn-end events: one-shot success and repeat rate."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

REPEAT_WINDOW_S = 30.0
NEAR_IDENTICAL = 0.8


class TurnRates:
    """The two rates over ``turns``, for any record with ``turns``, ``one_shot_success`` and ``repeats``."""

    @property
    def one_shot_success_rate(self) -> float:
        return self.one_shot_success / self.turns if self.turns else 0.0

    @property
    def repeat_rate(self) -> float:
        return self.repeats / self.turns if self.turns else 0.0


@dataclass(frozen=True)
class TurnMetrics(TurnRates):
    turns: int
    one_shot_success: int
    repeats: int

    def to_dict(self) -> dict[str, Any]:
        return {"turns": self.turns, "one_shot_success": self.one_shot_success, "repeats": self.repeats,
                "one_shot_success_rate": round(self.one_shot_success_rate, 4),
                "repeat_rate": round(self.repeat_rate, 4)}


def _goal_met(turn: Mapping[str, Any]) -> bool:
    if turn.get("error"):
        return False
    outcomes = turn.get("outcomes") or []
    return bool(outcomes) and all(o["status"] in ("done", "clamped") for o in outcomes) and not any(
        o["command"]["intent"] == "unsupported" for o in outcomes)


def _similar(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a.strip().lower(), b.strip().lower()).ratio() >= NEAR_IDENTICAL


def turn_metrics(turn_ends: Iterable[Mapping[str, Any]], feedback_turn_ids: Iterable[str] = (),
                 window_s: float = REPEAT_WINDOW_S) -> TurnMetrics:
    """``turn_ends``: turn-end event dicts (sim_time_s, turn_id, transcript, outcomes, error, commands).

    A turn is a repeat when a near-identical utterance came within ``window_s`` before it. A turn is a
    one-shot success when its goal was met (every command executed, no error, not unsupported) and it
    was neither repeated nor corrected (thumbs-down feedback, or the next turn within the window
    re-does the same intent) afterwards.
    """
    turns = [t for t in turn_ends if t.get("transcript")]
    flagged = set(feedback_turn_ids)
    repeats = 0
    success = 0
    for i, t in enumerate(turns):
        prev = turns[i - 1] if i else None
        if prev and t["sim_time_s"] - prev["sim_time_s"] <= window_s and _similar(t["transcript"], prev["transcript"]):
            repeats += 1
        nxt = turns[i + 1] if i + 1 < len(turns) else None
        corrected = t.get("turn_id") in flagged
        if nxt and nxt["sim_time_s"] - t["sim_time_s"] <= window_s:
            same_words = _similar(nxt["transcript"], t["transcript"])
            intents = {c["intent"] for c in t.get("commands") or []}
            redo = intents & {c["intent"] for c in nxt.get("commands") or []} - {"dialog.confirm", "dialog.reject"}
            corrected = corrected or same_words or bool(redo and "adjust" not in " ".join(redo))
        if _goal_met(t) and not corrected:
            success += 1
    return TurnMetrics(len(turns), success, repeats)
