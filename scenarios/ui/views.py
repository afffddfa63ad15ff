"""HTML and table rows of the Scenarios tab (pure functions of the desk's records)."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from scenarios.model import StepResult, format_duration
from scenarios.playback import StepEvidence
from scenarios.signoff import SignoffStatus
from scenarios.ui.desk import ScenarioDesk, StepRow
from scenarios.ui.texts import TEXTS
from simulator.ui.text import register_texts, t
from simulator.ui.views import esc, fmt_value

register_texts(TEXTS)  # the tab's texts join the page's one table wherever these views are drawn

COLUMNS = ("sc_col_index", "sc_col_time", "sc_col_step", "sc_col_status", "sc_col_checks")
MAX_CHECK_CHARS = 240  # a check message can quote a whole state; the evidence panel has the rest


def headers(lang: str) -> list[str]:
    return [t(k, lang) for k in COLUMNS]


def checks_text(step: StepResult | None) -> str:
    if step is None:
        return ""
    parts = [f"✗ {step.error}"] if step.error else []
    for c in step.checks:
        parts.append(f"✓ {c.kind}" if c.ok else f"✗ {c.kind}: {c.message}")
    text = " · ".join(parts)
    return text if len(text) <= MAX_CHECK_CHARS else text[:MAX_CHECK_CHARS] + "…"


def step_rows(rows: Sequence[StepRow], lang: str) -> list[list[Any]]:
    return [[r.index, format_duration(round(r.time_s, 3)), r.summary, t(f"st_{r.state}", lang), checks_text(r.result)]
            for r in rows]


def verdict_html(desk: ScenarioDesk, lang: str) -> str:
    """The scenario's verdict as the CLI would print it, or where the playback is."""
    if desk.key is None:
        return _badge("idle", t("verdict_idle", lang), "")
    total = len(desk.scenarios[desk.key].steps)
    result = desk.result()
    done = len(result.steps) if result is not None else 0
    if desk.error:
        return _badge("error", t("verdict_error", lang), desk.error)
    if desk.playing and desk.waiting_for_model:
        return _badge("playing", t("verdict_waiting", lang, model=desk.app.options.plan.name("command")), "")
    if desk.playing:
        return _badge("playing", t("verdict_playing", lang, n=min(done + 1, total), total=total), "")
    run = desk.runs.get(desk.key)
    if run is None or desk.playback is None or not desk.playback.done:
        if done == 0:
            return _badge("idle", t("verdict_idle", lang), "")
        return _badge("paused", t("verdict_paused", lang, n=done, total=total), "")
    detail = t("verdict_steps", lang, ok=sum(s.ok for s in run.steps), total=len(run.steps),
               sim=format_duration(round(run.sim_s, 1)), wall=run.wall_s)
    first = run.first_failure
    if first is not None:
        detail += f" — steps[{first.index}] {first.summary}: {first.failure_message()}"
    note = desk.fallback_note()
    if note:
        detail += f" ⚠ {note}"
    return _badge("pass" if run.ok else "fail", t("verdict_pass" if run.ok else "verdict_fail", lang), detail)


def _badge(kind: str, word: str, detail: str) -> str:
    return (f'<div class="sc-verdict sc-{kind}" data-testid="scenario-verdict" data-verdict="{kind}">'
            f'<b>{esc(word)}</b> <span>{esc(detail)}</span></div>')


def diff_html(evidence: StepEvidence | None, lang: str) -> str:
    if evidence is None or not evidence.state_diff:
        return f'<p class="muted">{esc(t("sc_no_diff", lang))}</p>'
    rows = "".join(f"<tr><td class='mono'>{esc(name)}</td><td>{esc(fmt_value(old, 'g'))}</td><td>→ {esc(fmt_value(new, 'g'))}</td></tr>"
                   for name, (old, new) in sorted(evidence.state_diff.items()))
    return f'<table class="sc-diff" data-testid="state-diff">{rows}</table>'


def evidence_title(step: StepResult | None, lang: str) -> str:
    if step is None:
        return f'<p class="muted">{esc(t("sc_evidence_hint", lang))}</p>'
    mark = "✓" if step.ok else "✗"
    body = f"<b>{mark} {esc(t('sc_evidence_step', lang, index=step.index, summary=step.summary))}</b>"
    if not step.ok:
        body += f'<div class="bad">{esc(step.failure_message())}</div>'
    return f'<div data-testid="evidence-title">{body}</div>'


def model_output(evidence: StepEvidence | None) -> Mapping[str, Any] | None:
    return evidence.model_output if evidence is not None else None


def signoff_html(status: SignoffStatus | None, lang: str) -> str:
    if status is None or status.signoff is None:
        return f'<div class="sc-signoff" data-testid="signoff-status">{esc(t("sc_not_signed", lang))}</div>'
    s = status.signoff
    line = t("sc_signed", lang, decision=t(f"sc_{s.decision}", lang), reviewer=s.reviewer, when=_when(s.signed_at),
             adapter=f"{s.adapter.label} ({s.adapter.sha256[:12]})", verdict=s.verdict)
    note = f"<div class='muted'>“{esc(s.note)}”</div>" if s.note else ""
    if status.changes:
        changes = (f"<div class='bad'><b>{esc(t('sc_changed', lang))}</b><ul>"
                   + "".join(f"<li>{esc(c)}</li>" for c in status.changes) + "</ul></div>")
    else:
        changes = f"<div class='ok'>{esc(t('sc_unchanged', lang))}</div>"
    kind = "accepted" if s.decision == "accepted" else "rejected"
    return (f'<div class="sc-signoff sc-{kind}" data-testid="signoff-status" data-decision="{kind}">'
            f'<b>{esc(line)}</b>{note}{changes}</div>')


def _when(iso: str) -> str:
    """'2026-12-01T14:01:33+00:00' -> '2026-12-01 14:01 UTC' (the store writes UTC)."""
    from datetime import datetime, timezone

    try:
        return datetime.fromisoformat(iso).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return iso


CSS = """
.sc-verdict{padding:8px 12px;border-radius:8px;font-size:1.05em;margin:4px 0}
.sc-verdict b{margin-right:8px}
.sc-pass{background:#12351f;color:#7ee2a0}.sc-fail,.sc-error{background:#3b1518;color:#ff9b9b}
.sc-playing,.sc-paused,.sc-idle{background:#1d2633;color:#b8c7da}
.sc-diff td{padding:2px 8px}.sc-signoff{padding:6px 10px;border-radius:8px;background:#1d2633}
.sc-signoff .bad{color:#ff9b9b}.sc-signoff .ok{color:#7ee2a0}
"""
