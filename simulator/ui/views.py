"""What the cockpit UI draws, as pure functions of state and turn results (HTML strings and PIL images).

Kept free of Gradio so the unit tests can check them directly; every number comes from the vehicle
state or from the turn's own events: nothing here measures anything.
"""

from __future__ import annotations

import base64
import html
import io
import json
from typing import Any, Iterable, Mapping

from simulator.events import Stage
from simulator.ui.text import TEXTS, t
from vehicle_state.signals import TIRE_PRESSURE_MAX_KPA, TIRE_PRESSURE_MIN_KPA, WHEELS

STAGE_COLORS = {Stage.ASR: "#a78bfa", Stage.SCREEN: "#22d3ee", Stage.COMMAND: "#3b82f6", Stage.APPLY: "#34d399",
                Stage.TTS: "#f59e0b"}
GEARS = ("P", "R", "N", "D")
MAX_BUBBLE_CHARS = 300
# Symbols present in common text fonts (DejaVu / Noto CJK): a machine without an emoji font still shows them.
WEATHER_ICONS = {"clear": "☀", "cloudy": "☁", "rain": "☂", "snow": "❄"}

# Styles for the HTML pieces; passed to launch(css=...) with the rest of the page's CSS.
CSS = """
.gradio-container { max-width: 1680px !important; }
.cockpit-title h1 { margin: 0; font-size: 1.45rem; letter-spacing: .02em; }
.cockpit-title p { margin: 2px 0 0; color: #8a94a6; font-size: .9rem; }
.screen-frame { background: #05070b; border: 1px solid #263041; border-radius: 18px; padding: 10px;
  box-shadow: 0 0 0 4px #0d1118, 0 14px 40px rgba(0,0,0,.55); }
.screen-frame img { width: 100%; display: block; border-radius: 10px; }
.screen-meta { display: flex; justify-content: space-between; color: #8a94a6; font-size: .8rem; padding: 6px 4px 0; }
.screen-meta .run { color: #34d399; } .screen-meta .pause { color: #f59e0b; }
.strip { display: flex; flex-wrap: wrap; gap: 8px; }
.gauge { background: linear-gradient(180deg, #151a23, #10141b); border: 1px solid #263041; border-radius: 12px;
  padding: 8px 12px; min-width: 92px; flex: 1 1 auto; }
.gauge .k { color: #8a94a6; font-size: .72rem; letter-spacing: .04em; }
.gauge .v { color: #eef2f7; font-size: 1.45rem; font-weight: 700; line-height: 1.2; font-variant-numeric: tabular-nums; }
.gauge .u { color: #8a94a6; font-size: .8rem; font-weight: 400; margin-left: 2px; }
.gauge.speed .v { font-size: 2rem; color: #7cc4ff; }
.gears span { display: inline-block; width: 1.2em; text-align: center; color: #4b5565; font-weight: 700; font-size: 1.25rem; }
.gears span.on { color: #eef2f7; text-shadow: 0 0 8px #3b82f6; }
.bar { height: 5px; background: #263041; border-radius: 3px; margin-top: 4px; overflow: hidden; }
.bar i { display: block; height: 100%; background: #34d399; }
.bar i.low { background: #ef4444; }
.tires { display: grid; grid-template-columns: auto auto; gap: 2px 10px; font-variant-numeric: tabular-nums; }
.tires span { color: #eef2f7; font-weight: 600; font-size: .95rem; }
.tires span b { color: #8a94a6; font-weight: 400; font-size: .7rem; margin-right: 4px; }
.tires span.low { color: #ff6b6b; text-shadow: 0 0 8px rgba(239,68,68,.6); }
.tires span.high { color: #f59e0b; }
.chips { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 3px; }
.chip { background: #3a1216; color: #ffb4b4; border: 1px solid #7f1d1d; border-radius: 999px; padding: 1px 8px; font-size: .78rem; }
.chip.ok { background: #0f2a1e; color: #86efac; border-color: #14532d; }
.wf { font-size: .8rem; color: #cbd5e1; }
.wf .row { display: grid; grid-template-columns: 78px 1fr 70px; align-items: center; gap: 8px; margin: 3px 0; }
.wf .track { position: relative; height: 14px; background: #161b24; border-radius: 4px; }
.wf .track i { position: absolute; top: 0; bottom: 0; border-radius: 4px; min-width: 2px; }
.wf .track i.fail { background: repeating-linear-gradient(45deg, #ef4444, #ef4444 4px, #7f1d1d 4px, #7f1d1d 8px) !important; }
.wf .ms { text-align: right; font-variant-numeric: tabular-nums; }
.wf .tot { border-top: 1px solid #263041; margin-top: 4px; padding-top: 4px; display: flex; justify-content: space-between; color: #8a94a6; }
.turn { font-size: .88rem; color: #cbd5e1; }
.turn table { width: 100%; border-collapse: collapse; }
.turn table, .turn tr, .turn td { border: none !important; background: transparent !important; }
.turn td { padding: 3px 6px; vertical-align: top; border-bottom: 1px solid #1c2330 !important; }
.turn td.k { color: #8a94a6; width: 96px; white-space: nowrap; }
.turn code { background: #111827; color: #93c5fd; border-radius: 4px; padding: 1px 5px; font-size: .8rem; }
.turn .err { color: #fca5a5; }
.turn .warn { color: #fcd34d; font-size: .8rem; }
.turn .tag { background: #1e293b; color: #c4b5fd; border-radius: 4px; padding: 1px 6px; font-size: .78rem; }
.sugg { background: linear-gradient(90deg, #1d2a44, #162033); border: 1px solid #3b82f6; border-radius: 12px;
  padding: 10px 14px; color: #e0ecff; font-size: .95rem; }
.sugg b { color: #7cc4ff; margin-right: 6px; }
.models { font-size: .82rem; color: #cbd5e1; }
.models .m { display: grid; grid-template-columns: 130px 120px 1fr; gap: 6px; padding: 4px 0; border-bottom: 1px solid #1c2330; align-items: center; }
.models .st { border-radius: 999px; padding: 1px 8px; font-size: .75rem; text-align: center; }
.models .loaded { background: #0f2a1e; color: #86efac; }
.models .loading, .models .waiting { background: #2a2410; color: #fcd34d; }
.models .failed, .models .unavailable { background: #3a1216; color: #fca5a5; }
.models .detail { color: #8a94a6; overflow-wrap: anywhere; }
.models .spin { display: inline-block; width: 60px; height: 4px; background: #263041; border-radius: 2px; overflow: hidden; vertical-align: middle; margin-left: 6px; }
.models .spin i { display: block; width: 40%; height: 100%; background: #f59e0b; animation: mload 1.2s ease-in-out infinite; }
@keyframes mload { 0% { transform: translateX(-100%); } 100% { transform: translateX(250%); } }
.notice { color: #fca5a5; font-size: .85rem; }
.notice.ok { color: #86efac; }
"""


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


# ---------------------------------------------------------------------- the live screen
def image_data_uri(image: Any, fmt: str = "PNG") -> str:
    buf = io.BytesIO()
    image.save(buf, fmt)
    mime = "image/png" if fmt.upper() == "PNG" else "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(buf.getvalue()).decode('ascii')}"


def screen_html(image: Any, state: Mapping[str, Any], lang: str, running: bool, time_factor: float) -> str:
    sim_s = float(state.get("trip_time_s", 0.0))
    h, rem = divmod(int(sim_s), 3600)
    m, s = divmod(rem, 60)
    run = (f'<span class="run">● {t("running", lang)} ×{time_factor:g}</span>' if running
           else f'<span class="pause">❚❚ {t("paused", lang)}</span>')
    return (f'<div class="screen-frame" data-testid="live-screen"><img alt="{esc(t("screen", lang))}" '
            f'src="{image_data_uri(image)}"/><div class="screen-meta"><span>{esc(t("sim_time", lang))} '
            f'<b data-testid="sim-time">{h:02d}:{m:02d}:{s:02d}</b></span>{run}</div></div>')


# ---------------------------------------------------------------------- the instrument strip
def _gauge(key: str, value: str, unit: str = "", extra: str = "", cls: str = "", testid: str = "") -> str:
    tid = f' data-testid="{testid}"' if testid else ""
    return (f'<div class="gauge {cls}"><div class="k">{esc(key)}</div><div class="v"{tid}>{value}'
            f'<span class="u">{esc(unit)}</span></div>{extra}</div>')


def tire_class(kpa: float) -> str:
    if kpa < TIRE_PRESSURE_MIN_KPA:
        return "low"
    if kpa > TIRE_PRESSURE_MAX_KPA:
        return "high"
    return ""


def warning_names(state: Mapping[str, Any], lang: str) -> list[str]:
    from simulator.hmi.renderer import warning_text
    from vehicle_state.state import VehicleState

    vs = VehicleState(dict(state))
    return [warning_text(w, vs, lang) for w in state.get("warnings", [])]


def instrument_html(state: Mapping[str, Any], lang: str) -> str:
    speed = float(state["speed_kph"])
    gear = state["gear"]
    gears = "".join(f'<span class="{"on" if g == gear else ""}">{g}</span>' for g in GEARS)
    battery = float(state["battery_pct"])
    bar = f'<div class="bar"><i class="{"low" if battery < 15 else ""}" style="width:{max(0, min(100, battery)):.0f}%"></i></div>'
    cabin = float(state["cabin_temp_c.driver"])
    icon = WEATHER_ICONS.get(state["weather"], "")
    tires = "".join(
        f'<span class="{tire_class(float(state[f"tire_pressure_kpa.{w}"]))}" data-testid="tire-{w}">'
        f'<b>{esc(t("wheel_" + w, lang))}</b>{float(state[f"tire_pressure_kpa.{w}"]):.0f}</span>' for w in WHEELS)
    names = warning_names(state, lang)
    chips = "".join(f'<span class="chip">⚠ {esc(n)}</span>' for n in names) or \
        f'<span class="chip ok">✓ {esc(t("no_warnings", lang))}</span>'
    parts = [
        _gauge(t("speed", lang), f"{speed:.0f}", "km/h", cls="speed", testid="speed"),
        _gauge(t("gear", lang), f'<span class="gears">{gears}</span>'),
        _gauge(t("range", lang), f"{float(state['range_km']):.0f}", "km", testid="range"),
        _gauge(t("battery", lang), f"{battery:.0f}", "%", extra=bar, testid="battery"),
        _gauge(t("outside", lang), f"{icon} {float(state['outside_temp_c']):.1f}", "°C", testid="outside"),
        _gauge(t("cabin", lang), f"{cabin:.1f}", "°C", testid="cabin"),
        f'<div class="gauge"><div class="k">{esc(t("tires", lang))}</div><div class="tires">{tires}</div></div>',
        f'<div class="gauge" style="flex:3 1 220px"><div class="k">{esc(t("warnings", lang))}</div>'
        f'<div class="chips" data-testid="warnings">{chips}</div></div>',
    ]
    return f'<div class="strip" data-testid="instruments">{"".join(parts)}</div>'


# ---------------------------------------------------------------------- one turn
def waterfall(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The turn's stages as bars: (stage, start_ms from turn start, duration_ms, ok), from its own events."""
    events = list(result.get("events") or [])
    start = next((e for e in events if e.get("type") == "turn-start"), None)
    if start is None:
        return [{"stage": k, "start_ms": 0.0, "duration_ms": float(v), "ok": True}
                for k, v in (result.get("timings_ms") or {}).items()]
    t0 = float(start["wall_time"])
    starts = {stage.start_event: stage for stage in Stage}
    ends = {stage.end_event: stage for stage in Stage}
    opened: dict[Stage, float] = {}
    bars = []
    for e in events:
        kind = e.get("type", "")
        if kind in starts:
            opened[starts[kind]] = float(e["wall_time"])
        elif kind in ends and "duration_ms" in e:
            stage = ends[kind]
            duration = float(e["duration_ms"])
            begin = opened.get(stage, float(e["wall_time"]) - duration / 1000.0)
            bars.append({"stage": str(stage), "start_ms": round((begin - t0) * 1000.0, 2), "duration_ms": duration,
                         "ok": bool(e.get("ok", True))})
    return bars


def waterfall_html(result: Mapping[str, Any] | None, lang: str) -> str:
    if not result:
        return f'<div class="wf">{esc(t("no_turn", lang))}</div>'
    bars = waterfall(result)
    if not bars:
        return f'<div class="wf">{esc(t("no_turn", lang))}</div>'
    span = max(b["start_ms"] + b["duration_ms"] for b in bars) or 1.0
    rows = []
    for b in bars:
        left = max(0.0, b["start_ms"]) / span * 100.0
        width = max(0.4, b["duration_ms"] / span * 100.0)
        label = t(f"stage_{b['stage']}", lang) if f"stage_{b['stage']}" in TEXTS else b["stage"]
        color = STAGE_COLORS.get(b["stage"], "#94a3b8")
        rows.append(f'<div class="row" data-stage="{esc(b["stage"])}"><span>{esc(label)}</span><div class="track">'
                    f'<i class="{"" if b["ok"] else "fail"}" style="left:{left:.2f}%;width:{min(width, 100 - left):.2f}%;'
                    f'background:{color}"></i></div><span class="ms">{_ms(b["duration_ms"])} ms</span></div>')
    total = sum(b["duration_ms"] for b in bars)
    return (f'<div class="wf" data-testid="waterfall">{"".join(rows)}<div class="tot"><span>{esc(result.get("turn_id", ""))}'
            f'</span><span>{esc(t("total", lang))} {_ms(total)} ms · {_ms(span)} ms wall</span></div></div>')


def _ms(value: float) -> str:
    """Sub-10 ms stages keep a decimal, so a 0.4 ms apply does not read as "0 ms"."""
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def command_text(commands: Iterable[Mapping[str, Any]]) -> str:
    parts = []
    for c in commands:
        slots = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in (c.get("slots") or {}).items())
        parts.append(f"{c.get('intent')}({slots})")
    return "; ".join(parts)


def turn_html(result: Mapping[str, Any] | None, lang: str) -> str:
    if not result:
        return f'<div class="turn">{esc(t("no_turn", lang))}</div>'
    rows = [(t("heard", lang), esc(result.get("transcript") or "—"))]
    cmds = result.get("commands") or []
    rows.append((t("commands", lang), " ".join(f"<code>{esc(command_text([c]))}</code>" for c in cmds) or "—"))
    parse = result.get("parse") or {}
    if parse:
        backend = f'<span class="tag" data-testid="backend">{esc(parse.get("backend"))}</span>'
        if parse.get("fallback"):
            backend += f' <span class="tag">{esc(t("fallback", lang))}: {esc(parse["fallback"])}</span>'
        if parse.get("fallback_reason"):
            backend += (f' <span class="detail" data-testid="fallback-reason">{esc(t("instead_because", lang))}'
                        f'{esc(parse["fallback_reason"])}</span>')
        rows.append((t("answered_by", lang), backend))
    changes = result.get("changes") or {}
    rows.append((t("changes", lang), "<br>".join(
        f"<code>{esc(k)}</code> {esc(fmt_value(v['old']))} → <b>{esc(fmt_value(v['new']))}</b>" for k, v in changes.items())
        or esc(t("no_changes", lang))))
    target = (result.get("screen") or {}).get("target")
    if target:
        rows.append((t("tap", lang), f"“{esc(target['label'])}” @ {esc(target['bbox'])}"))
    screen_err = (result.get("screen") or {}).get("error")
    error = result.get("error") or screen_err
    if error:
        rows.append((t("error", lang), f'<span class="err" data-testid="turn-error">{esc(error["code"])}: '
                                       f'{esc(error["message"])}</span>'))
    recovered = [e for e in result.get("events") or [] if e.get("type") == "error" and e.get("recovered")]
    if recovered:
        rows.append((t("notes", lang), "<br>".join(
            f'<span class="warn">{esc(e.get("stage", ""))} · {esc(e.get("code"))}: {esc(e.get("message"))}</span>'
            for e in recovered)))
    body = "".join(f'<tr><td class="k">{esc(k)}</td><td>{v}</td></tr>' for k, v in rows)
    return f'<div class="turn" data-testid="turn"><table>{body}</table></div>'


def fmt_value(value: Any, float_spec: str = ".1f") -> str:
    """A signal value as shown: floats by ``float_spec``, lists and mappings as JSON, the rest as text."""
    if isinstance(value, float):
        return format(value, float_spec)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)


def chat_messages(result: Mapping[str, Any], voice: bool, typed: str = "") -> list[dict[str, Any]]:
    """The two chat bubbles of a turn (Gradio 'messages' format): what was heard, and the reply."""
    heard = result.get("transcript") or typed or ("…" if voice else "")
    if len(heard) > MAX_BUBBLE_CHARS:  # a pasted essay would push the conversation off screen
        heard = heard[:MAX_BUBBLE_CHARS] + f"… (+{len(heard) - MAX_BUBBLE_CHARS})"
    user = f"◉ {heard}" if voice else heard
    return [{"role": "user", "content": user}, {"role": "assistant", "content": result.get("reply") or "…"}]


# ---------------------------------------------------------------------- side panels
def suggestion_html(text: str, lang: str) -> str:
    return f'<div class="sugg" data-testid="suggestion"><b>✦ {esc(t("suggestion", lang))}</b>{esc(text)}</div>'


def models_html(status: list[Mapping[str, Any]], lang: str, note: str = "") -> str:
    rows = []
    for st in status:
        state = st["state"]
        label = t(f"model_{state}", lang) if f"model_{state}" in TEXTS else state
        extra = ""
        if state == "loading":
            typical = f" · {t('typically', lang, what=st['typical'])}" if st.get("typical") else ""
            extra = f'{st["elapsed_s"]:.0f} s{esc(typical)} <span class="spin"><i></i></span>'
        elif state == "loaded":
            extra = f'{st["elapsed_s"]:.1f} s' if st["elapsed_s"] >= 0.1 else "✓"
        else:
            extra = esc(st.get("detail") or "")
        rows.append(f'<div class="m" data-role="{esc(st["role"])}" data-state="{esc(state)}"><span>'
                    f'{esc(t("role_" + st["role"], lang))} · <b>{esc(st["name"])}</b></span>'
                    f'<span class="st {esc(state)}">{esc(label)}</span><span class="detail">{extra}</span></div>')
    tail = f'<div class="detail" style="padding-top:4px">{esc(note)}</div>' if note else ""
    return f'<div class="models" data-testid="models">{"".join(rows)}{tail}</div>'


def notice_html(message: str, ok: bool = False) -> str:
    if not message:
        return ""
    return f'<div class="notice{" ok" if ok else ""}" data-testid="notice">{esc(message)}</div>'


# ---------------------------------------------------------------------- screenshots
def draw_target(image_path: str, target: Mapping[str, Any] | None) -> Any:
    """The uploaded screenshot with the tapped control boxed and its center marked."""
    from PIL import Image, ImageDraw

    with Image.open(image_path) as im:
        image = im.convert("RGB")
    if not target:
        return image
    draw = ImageDraw.Draw(image)
    x0, y0, x1, y1 = (float(v) for v in target["bbox"])
    w = max(3, int(round(min(image.size) / 180)))
    draw.rectangle((x0 - w, y0 - w, x1 + w, y1 + w), outline=(255, 59, 48), width=w)
    cx, cy = (float(v) for v in target.get("center") or ((x0 + x1) / 2, (y0 + y1) / 2))
    r = 3 * w
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(255, 214, 10), width=w)
    draw.line((cx - 2 * r, cy, cx + 2 * r, cy), fill=(255, 214, 10), width=max(1, w // 2))
    draw.line((cx, cy - 2 * r, cx, cy + 2 * r), fill=(255, 214, 10), width=max(1, w // 2))
    return image


# ---------------------------------------------------------------------- failures table
FAILURE_COLUMNS = ("col_id", "col_status", "col_source", "col_text", "col_model", "col_corrected", "col_created")


def failure_rows(records: Iterable[Any]) -> list[list[str]]:
    import time

    rows = []
    for r in records:
        rows.append([r.id, r.status, r.source, r.text or r.transcript or "",
                     command_text(r.model_output.get("commands") or []),
                     command_text(r.corrected_commands) if r.corrected_commands else "",
                     time.strftime("%Y-%m-%d %H:%M", time.localtime(r.created_at))])
    return rows
