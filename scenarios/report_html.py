"""report.html: one self-contained page a product manager can read and sign off.

Top: pass/fail counts, business metrics (one-shot success, repeat rate) and per-stage latency
medians. With sign-offs: a Sign-off section (who accepted or rejected which scenario, for which
adapter, and what changed since) and a sign-off column. Then one section per scenario (failed ones open): every step with what was heard, the
commands, the reply, the state changes, each check (✓/✗), the per-stage latency as bars, and
the screen at each expect (PNG files in screens/, linked relative to the page).
With --repeat K > 1: a Repeats section (pass@K, pass^K, each scenario's runs as ✓/✗ badges, flaky
scenarios marked and listed first). With the suite's coverage: a collapsed Coverage section.
"""

from __future__ import annotations

import datetime as _dt
import html
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from scenarios.expectations import format_commands
from scenarios.model import ScenarioResult, StepResult, format_duration
from scenarios.repeats import base_id
from scenarios.summary import STAGE_ORDER, RunSummary
from simulator.events import Stage

if TYPE_CHECKING:
    from scenarios.coverage import Coverage
    from scenarios.repeats import RepeatSummary
    from scenarios.signoff import SignoffStatus

STAGE_COLORS = {Stage.ASR: "#6c8ebf", Stage.SCREEN: "#9673a6", Stage.COMMAND: "#d79b00", Stage.APPLY: "#82b366",
                Stage.TTS: "#b85450"}

_CSS = """
body{font-family:system-ui,-apple-system,"Noto Sans CJK SC","Segoe UI",sans-serif;margin:24px;color:#1d2330;
     background:#f6f7f9;line-height:1.45}
h1{margin:0 0 4px}h2{margin:28px 0 8px}.muted{color:#667085;font-size:13px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{background:#fff;border:1px solid #e3e6eb;border-radius:10px;padding:12px 16px;min-width:150px}
.card .v{font-size:26px;font-weight:650}.card .k{color:#667085;font-size:13px}
.ok{color:#157f3b}.bad{color:#c0262d}
table{border-collapse:collapse;background:#fff;width:100%;font-size:13.5px}
th,td{border:1px solid #e3e6eb;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef1f5}
details{background:#fff;border:1px solid #e3e6eb;border-radius:10px;margin:10px 0;padding:0 12px}
details[open]{padding-bottom:12px}summary{cursor:pointer;padding:10px 0;font-weight:600}
.pill{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff}
.pill.ok{background:#1f9d55}.pill.bad{background:#d64545}.tag{background:#eef1f5;border-radius:6px;padding:0 6px;
 font-size:12px;margin-right:4px;color:#344054}
.bar{display:flex;height:12px;min-width:2px;border-radius:3px;overflow:hidden;background:#eef1f5;width:180px}
.bar span{display:block;height:100%}.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;
 border-radius:2px}
code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
.check{white-space:nowrap}.fail-row{background:#fff4f4}img.screen{width:240px;border:1px solid #d0d5dd;border-radius:4px}
ul.checks{margin:0;padding-left:0;list-style:none}
"""
# Only in reports with sign-offs, so a report without them is the same page as before.
_SIGNOFF_CSS = """
.pill.acc{background:#1f9d55}.pill.rej{background:#d64545}
.changed{background:#fff3cd;color:#7a4d00;border-radius:4px;padding:1px 6px;display:inline-block;margin:1px 0}
"""
# Only in reports of repeated runs.
_REPEAT_CSS = """
.pill.flaky{background:#e08a00}.flaky-row{background:#fff6e5}
a.run{display:inline-block;min-width:22px;text-align:center;border-radius:5px;margin-right:3px;color:#fff;
 text-decoration:none;font-weight:600}a.run.ok{background:#1f9d55}a.run.bad{background:#d64545}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _anchor(result: ScenarioResult) -> str:
    return "sc-" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in result.id)


def latency_bar(timings: dict[str, float], scale_ms: float) -> str:
    if not timings:
        return ""
    parts = []
    for stage in [s for s in STAGE_ORDER if s in timings] + [s for s in timings if s not in STAGE_ORDER]:
        ms = float(timings[stage])
        width = max(0.5, 100.0 * ms / scale_ms) if scale_ms > 0 else 0
        parts.append(f'<span style="width:{width:.2f}%;background:{STAGE_COLORS.get(stage, "#999")}" '
                     f'title="{_e(stage)} {ms:.1f} ms"></span>')
    total = sum(float(v) for v in timings.values())
    detail = ", ".join(f"{k} {float(v):.0f}" for k, v in timings.items())
    return f'<div class="bar">{"".join(parts)}</div><div class="muted mono">{total:.0f} ms ({_e(detail)})</div>'


def _changes(turn: dict[str, Any]) -> str:
    changes = turn.get("changes") or {}
    return "<br>".join(f"<code>{_e(k)}</code>: {_e(v.get('old'))} → <b>{_e(v.get('new'))}</b>"
                       for k, v in changes.items())


def _checks(step: StepResult) -> str:
    items = []
    if step.error:
        items.append(f'<li class="bad">✗ {_e(step.error)}</li>')
    for c in step.checks:
        cls, mark = ("ok", "✓") if c.ok else ("bad", "✗")
        items.append(f'<li class="{cls}"><span class="check">{mark} <b>{_e(c.kind)}</b></span>: {_e(c.message)}</li>')
    return f'<ul class="checks">{"".join(items)}</ul>' if items else ""


def _step_row(step: StepResult, scale_ms: float) -> str:
    t = step.turn or {}
    screen = ""
    if step.screen_png:
        screen = f'<a href="{_e(step.screen_png)}"><img class="screen" loading="lazy" src="{_e(step.screen_png)}" ' \
                 f'alt="screen at step {step.index}"></a>'
    heard = ""
    if step.turn:
        heard = f"{_e(t.get('transcript') or '')}<div class='muted'>{_e(t.get('lang') or '')}</div>"
    target = ((t.get("screen") or {}).get("target") or {})
    tap = f"<div class='muted'>tapped “{_e(target['label'])}”</div>" if target else ""
    suggestion = t.get("suggestion")
    answered = (f"<div class='muted'>{'accepted' if suggestion.get('accepted') else 'declined'} "
                f"{_e(suggestion.get('rule'))}</div>") if suggestion else ""
    errors = f"<div class='bad mono'>{_e(', '.join(t['error_codes']))}</div>" if t.get("error_codes") else ""
    note = f"<div class='muted'>{_e(step.note)}</div>" if step.note else ""
    return (f'<tr class="{"" if step.ok else "fail-row"}"><td>{step.index}<div class="muted">line {step.line}</div></td>'
            f'<td class="mono">{_e(format_duration(step.time_s))}</td>'
            f'<td>{_e(step.summary)}{note}</td><td>{heard}</td>'
            f'<td class="mono">{_e(format_commands(t["commands"])) if step.turn else ""}{tap}{answered}</td>'
            f'<td>{_e(t.get("reply") or "")}{errors}</td><td>{_changes(t)}</td><td>{_checks(step)}</td>'
            f'<td>{latency_bar(t.get("timings_ms") or {}, scale_ms) if step.turn else ""}</td><td>{screen}</td></tr>')


def _scenario_section(r: ScenarioResult, scale_ms: float) -> str:
    pill = '<span class="pill ok">PASS</span>' if r.ok else '<span class="pill bad">FAIL</span>'
    tags = "".join(f'<span class="tag">{_e(t)}</span>' for t in r.tags)
    head = (f'<summary>{pill} {_e(r.id)} — {_e(r.title)} <span class="muted">{len(r.steps)} steps, '
            f'{r.wall_s:.2f} s wall, {format_duration(round(r.sim_s, 1))} simulated</span></summary>')
    body = [f'<div class="muted">{_e(r.file)}:{r.line} · lang {_e(r.lang)} · {tags}</div>']
    if r.error:
        body.append(f'<p class="bad">{_e(r.error)}</p>')
    if r.steps:
        body.append('<table><tr><th>#</th><th>time</th><th>step</th><th>heard</th><th>commands</th><th>reply</th>'
                    '<th>state changes</th><th>checks</th><th>latency</th><th>screen</th></tr>')
        body.extend(_step_row(s, scale_ms) for s in r.steps)
        body.append("</table>")
    return f'<details id="{_anchor(r)}"{"" if r.ok else " open"}>{head}{"".join(body)}</details>'


def _signoff_cell(st: SignoffStatus | None) -> str:
    """Decision, reviewer and date of the latest sign-off, with what changed since it highlighted."""
    if st is None or st.signoff is None:
        return '<span class="muted">not signed off</span>'
    s = st.signoff
    pill = ('<span class="pill acc">ACCEPTED</span>' if s.decision == "accepted" else
            '<span class="pill rej">REJECTED</span>')
    changes = "".join(f'<div class="changed">⚠ {_e(c)}</div>' for c in st.changes)
    same = "" if st.changes else '<div class="muted">nothing changed since</div>'
    return f'{pill} {_e(s.reviewer)} <span class="muted">{_e(s.signed_at[:10])}</span>{changes}{same}'


def _signoff_section(results: Sequence[ScenarioResult], signoffs: Mapping[str, SignoffStatus]) -> list[str]:
    first_runs: dict[str, ScenarioResult] = {}  # one row per scenario, also when it ran several times
    for r in results:
        first_runs.setdefault(base_id(r.id), r)
    signed = [(r, signoffs[sid]) for sid, r in first_runs.items()
              if sid in signoffs and signoffs[sid].signoff is not None]
    changed = sum(1 for _, st in signed if st.changes)
    parts = [f"<h2>Sign-off</h2><div class='muted'>{len(signed)} of {len(first_runs)} scenario(s) signed off; "
             f"{changed} changed since.</div>"]
    if not signed:
        return parts
    parts.append("<table id='signoffs'><tr><th>scenario</th><th>decision</th><th>reviewer</th><th>signed (UTC)</th>"
                 "<th>verdict signed</th><th>adapter</th><th>note</th><th>changed since sign-off</th></tr>")
    for r, st in signed:
        s = st.signoff
        decision = ('<span class="pill acc">ACCEPTED</span>' if s.decision == "accepted" else
                    '<span class="pill rej">REJECTED</span>')
        changes = "".join(f'<div class="changed">⚠ {_e(c)}</div>' for c in st.changes) or \
            '<span class="ok">nothing</span>'
        parts.append(f'<tr><td><a href="#{_anchor(r)}">{_e(r.id)}</a></td><td>{decision}</td><td>{_e(s.reviewer)}</td>'
                     f'<td class="mono">{_e(s.signed_at.replace("T", " ").removesuffix("+00:00"))}</td>'
                     f'<td>{_e(s.verdict)}</td><td>{_e(s.adapter.label)} <span class="mono muted">'
                     f'{_e(s.adapter.sha256[:12])}</span></td><td>{_e(s.note)}</td><td>{changes}</td></tr>')
    parts.append("</table>")
    return parts


def _repeat_section(repeats: RepeatSummary, by_id: Mapping[str, ScenarioResult]) -> list[str]:
    """pass@k / pass^k cards and one row per scenario with its runs; flaky ones first and marked."""
    k, flaky = repeats.k, repeats.flaky
    cards = [(f"pass@{k} (passed at least once)", _pct(repeats.pass_at_k)),
             (f"pass^{k} (passed every run)", _pct(repeats.pass_hat_k)), ("flaky scenarios", str(len(flaky)))]
    parts = ["<h2 id='repeats'>Repeats</h2><div class='muted'>Every scenario played "
             f"{k} times; run 1 with the scenario's own seed, the others with derived seeds. Flaky: some runs "
             "passed, some failed.</div>",
             '<div class="cards">' + "".join(f'<div class="card"><div class="v">{v}</div><div class="k">{_e(c)}'
                                             f'</div></div>' for c, v in cards) + "</div>",
             "<table id='repeat-table'><tr><th>verdict</th><th>scenario</th><th>passed</th><th>runs</th></tr>"]
    for s in sorted(repeats.scenarios, key=lambda s: (not s.flaky, s.pass_hat_k)):
        pill = ('<span class="pill flaky">FLAKY</span>' if s.flaky else '<span class="pill ok">PASS</span>'
                if s.pass_hat_k else '<span class="pill bad">FAIL</span>')
        runs = "".join(f'<a class="run {"ok" if o.ok else "bad"}" href="#{_anchor(by_id[o.id])}" '
                       f'title="run {o.run + 1}, seed {o.seed}: {"pass" if o.ok else "fail"}">'
                       f'{"✓" if o.ok else "✗"}</a>' for o in s.runs)
        row_class = ' class="flaky-row"' if s.flaky else ""
        parts.append(f"<tr{row_class}><td>{pill}</td><td>{_e(s.id)} <span class='muted'>{_e(s.title)}</span></td>"
                     f"<td>{s.passed} / {len(s.runs)}</td><td>{runs}</td></tr>")
    parts.append("</table>")
    return parts


def _coverage_section(coverage: Coverage) -> str:
    """What the suite exercises, collapsed: intents by language / input / zone, rules, and the gaps."""
    d = coverage.to_dict()
    rows = "".join(f"<tr><td class='mono'>{_e(i)}</td><td>{v['count']}</td><td>{_e(', '.join(v['langs']))}</td>"
                   f"<td>{_e(', '.join(v['inputs']))}</td><td>{_e(', '.join(v.get('zones', [])) or '-')}</td></tr>"
                   for i, v in d["per_intent"].items())
    rules = "".join(f"<tr><td class='mono'>{_e(r)}</td>" + "".join(f"<td>{n}</td>" for n in c.values()) + "</tr>"
                    for r, c in d["rules"].items())
    gaps = ", ".join(f"{i} (no {'/'.join(m)})" for i, m in d["intent_lang_gaps"].items())
    never_inputs = ", ".join(k for k, n in d["axes"]["input"].items() if not n)
    return (f"<details id='coverage'><summary>Coverage: {d['intents_exercised']} / {d['intents_total']} intents, "
            f"{d['rules_exercised']} / {d['rules_total']} proactive rules</summary>"
            f"<p><b>Never exercised intents:</b> <span class='bad mono'>{_e(', '.join(d['intents_never']) or '-')}"
            f"</span><br><b>Never exercised rules:</b> <span class='bad mono'>{_e(', '.join(d['rules_never']) or '-')}"
            f"</span><br><b>Never exercised input kinds:</b> {_e(never_inputs or '-')}<br><b>Intent × language "
            f"gaps:</b> <span class='mono'>{_e(gaps or '-')}</span></p>"
            "<table style='width:auto'><tr><th>intent</th><th>turns</th><th>languages</th><th>inputs</th>"
            f"<th>zones</th></tr>{rows}</table><h3>Proactive rules</h3><table style='width:auto'><tr><th>rule</th>"
            + "".join(f"<th>{u}</th>" for u in next(iter(d["rules"].values()), {})) + f"</tr>{rules}</table>"
            "<p class='muted'>Read from the scenario files: an intent counts when an expect of a turn names it "
            "(commands or tap), a rule when a suggestion is expected, accepted or declined.</p></details>")


def build_html(results: Sequence[ScenarioResult], summary: RunSummary, title: str = "Scenario acceptance report",
               signoffs: Mapping[str, SignoffStatus] | None = None, repeats: RepeatSummary | None = None,
               coverage: Coverage | None = None) -> str:
    """The report page; ``signoffs`` (scenario id -> status) adds the Sign-off section and column,
    ``repeats`` the Repeats section, ``coverage`` the Coverage section."""
    totals = [sum(float(v) for v in (t.get("timings_ms") or {}).values()) for r in results for t in r.turns()]
    scale_ms = max(totals) if totals else 1.0
    when = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    verdict = ('<span class="ok">all scenarios passed</span>' if summary.ok else
               f'<span class="bad">{summary.failed + summary.errors} {"run" if repeats else "scenario"}(s) '
               'failed</span>')
    if repeats is not None and repeats.flaky:
        verdict += f' · <a href="#repeats" class="bad">flaky: {_e(", ".join(repeats.flaky))}</a>'
    cards = [
        ("runs passed" if repeats else "scenarios passed",
         f'<span class="{"ok" if summary.ok else "bad"}">{summary.passed} / {summary.scenarios}</span>'),
        ("failed / errors", f"{summary.failed} / {summary.errors}"),
        ("steps (failed)", f"{summary.steps} ({summary.failed_steps})"),
        ("turns", str(summary.turns)),
        ("one-shot success rate", _pct(summary.one_shot_success_rate)),
        ("repeat rate", _pct(summary.repeat_rate)),
        ("wall time", f"{summary.wall_s:.1f} s"),
    ]
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{_e(title)}</title>"
             f"<meta name='viewport' content='width=device-width,initial-scale=1'><style>{_CSS}"
             f"{_SIGNOFF_CSS if signoffs is not None else ''}{_REPEAT_CSS if repeats is not None else ''}"
             "</style></head><body>",
             f"<h1>{_e(title)}</h1><div class='muted'>{_e(when)} · {verdict} · backends: "
             f"{_e(', '.join(f'{k} {v}' for k, v in summary.backends.items()))}</div>"]
    if summary.command_line:
        parts.append(f"<div class='muted mono'>{_e(summary.command_line)}</div>")
    parts.append('<div class="cards">' + "".join(f'<div class="card"><div class="v">{v}</div><div class="k">{_e(k)}'
                                                 f'</div></div>' for k, v in cards) + "</div>")
    parts.append("<p class='muted'>One-shot success: the user's goal was met by the first utterance (every command "
                 "executed, no error, not refused) and not repeated or corrected within 30 s. Repeat rate: turns that "
                 "repeat a near-identical utterance within 30 s. Bad-input and refused-request steps count as not "
                 "successful on purpose.</p>")
    if repeats is not None:
        parts.extend(_repeat_section(repeats, {r.id: r for r in results}))
    if coverage is not None:
        parts.append(_coverage_section(coverage))
    if summary.stage_median_ms:
        parts.append("<h2>Latency per stage</h2><table style='width:auto'><tr><th>stage</th><th>median ms</th>"
                     "<th>p95 ms</th><th>turns</th><th></th></tr>")
        top = max(summary.stage_p95_ms.values()) or 1.0
        for stage, med in summary.stage_median_ms.items():
            color = STAGE_COLORS.get(stage, "#999")
            parts.append(f"<tr><td>{_e(stage)}</td><td>{med:.1f}</td><td>{summary.stage_p95_ms[stage]:.1f}</td>"
                         f"<td>{summary.stage_counts[stage]}</td><td><div class='bar' style='width:240px'><span "
                         f"style='width:{100 * med / top:.1f}%;background:{color}'></span></div></td></tr>")
        parts.append("</table>")
    failed = [r for r in results if not r.ok]
    if failed:
        parts.append("<h2>Failures</h2><ul>")
        for r in failed:
            first = r.first_failure
            why = r.error or (f"steps[{first.index}] {first.summary}: {first.failure_message()}" if first else "")
            parts.append(f'<li><a href="#{_anchor(r)}">{_e(r.id)}</a>: {_e(why)}</li>')
        parts.append("</ul>")
    if signoffs is not None:
        parts.extend(_signoff_section(results, signoffs))
    parts.append("<h2>Scenarios</h2><table><tr><th>result</th><th>scenario</th><th>title</th><th>tags</th>"
                 "<th>steps</th><th>turns</th><th>wall s</th>" + ("<th>sign-off</th>" if signoffs is not None else "")
                 + "</tr>")
    for r in results:
        pill = '<span class="pill ok">PASS</span>' if r.ok else '<span class="pill bad">FAIL</span>'
        cell = f"<td>{_signoff_cell(signoffs.get(base_id(r.id)))}</td>" if signoffs is not None else ""
        parts.append(f'<tr><td>{pill}</td><td><a href="#{_anchor(r)}">{_e(r.id)}</a></td><td>{_e(r.title)}</td>'
                     f'<td>{"".join(f"<span class=tag>{_e(t)}</span>" for t in r.tags)}</td><td>{len(r.steps)}</td>'
                     f'<td>{len(r.turns())}</td><td>{r.wall_s:.2f}</td>{cell}</tr>')
    parts.append("</table><h2>Details</h2><div class='legend muted'>latency bars:" +
                 "".join(f"<span style='background:{c}'></span>{s}" for s, c in STAGE_COLORS.items()) + "</div>")
    parts.extend(_scenario_section(r, scale_ms) for r in results)
    parts.append("</body></html>")
    return "\n".join(parts)


def write_html(results: Sequence[ScenarioResult], summary: RunSummary, path: str | Path,
               signoffs: Mapping[str, SignoffStatus] | None = None, repeats: RepeatSummary | None = None,
               coverage: Coverage | None = None) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(build_html(results, summary, signoffs=signoffs, repeats=repeats, coverage=coverage),
                    encoding="utf-8")
    return path
