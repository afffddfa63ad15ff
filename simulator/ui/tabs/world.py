"""The world panel of the cockpit tab: live screen, instruments and the world controls (start, pause, time
factor, speed profile, weather, injected events, reset)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from multimodal.protocols import InputError
from simulator.ui import views
from simulator.ui.app import INJECT_EVENTS, PRESETS, CockpitApp
from simulator.ui.gradio_import import gr
from simulator.ui.language import LanguageSwitch
from simulator.ui.sessions import TIME_FACTORS, UiSession
from simulator.ui.text import t
from simulator.ui.wiring import PRIVATE, session_key
from simulator.world import SPEED_PROFILES
from vehicle_state.signals import WEATHERS


@dataclass(frozen=True)
class WorldPanel:
    screen: gr.HTML
    instruments: gr.HTML
    start_btn: gr.Button
    pause_btn: gr.Button
    advance_btn: gr.Button
    factor: gr.Dropdown
    profile: gr.Dropdown
    weather: gr.Dropdown
    event: gr.Dropdown
    inject_btn: gr.Button
    preset: gr.Dropdown
    seed: gr.Number
    reset_btn: gr.Button
    notice: gr.HTML


def _profile_choices(lang: str) -> list[tuple[str, str]]:
    return [(t(f"profile_{p}", lang), p) for p in SPEED_PROFILES]


def _weather_choices(lang: str) -> list[tuple[str, str]]:
    return [(t(f"weather_{w}", lang), w) for w in WEATHERS]


def _preset_choices(lang: str) -> list[tuple[str, str]]:
    return [(zh if lang == "zh" else en, k) for k, (zh, en, _) in PRESETS.items()]


def _factor_choices() -> list[tuple[str, str]]:
    return [(f"{f}×", str(f)) for f in TIME_FACTORS]


def build_world_panel(app: CockpitApp, switch: LanguageSwitch) -> WorldPanel:
    screen = switch.follow(gr.HTML(elem_id="screen"), lambda lang, ui: app.screen_html(ui, lang))
    instruments = switch.follow(gr.HTML(elem_id="instruments"), lambda lang, ui: app.instruments_html(ui, lang))
    with gr.Group():
        with gr.Row(equal_height=True):
            start_btn = switch.button("start", "▶ ", size="sm", elem_id="start-btn")
            pause_btn = switch.button("pause", "❚❚ ", size="sm", elem_id="pause-btn")
            advance_btn = switch.button("advance", "» ", size="sm", elem_id="advance-btn")
            factor = switch.labelled(gr.Dropdown, "time_factor", _factor_choices(), value="1",
                                     elem_id="time-factor", min_width=110)
            profile = switch.labelled(gr.Dropdown, "speed_profile", choices=_profile_choices,
                                      value=app.options.speed_profile, elem_id="profile", min_width=120)
            weather = switch.labelled(gr.Dropdown, "weather", choices=_weather_choices, value="clear",
                                      elem_id="weather", min_width=110)
        with gr.Row(equal_height=True):
            event = switch.labelled(gr.Dropdown, "inject", list(INJECT_EVENTS), value=INJECT_EVENTS[0],
                                    elem_id="inject-event", allow_custom_value=True, min_width=200)
            inject_btn = switch.button("inject_btn", "⚡ ", size="sm", elem_id="inject-btn")
            preset = switch.labelled(gr.Dropdown, "reset", choices=_preset_choices, value="normal", elem_id="preset",
                                     min_width=170)
            seed = switch.labelled(gr.Number, "seed", 0, precision=0, elem_id="seed", min_width=90)
            reset_btn = switch.button("reset", "↺ ", size="sm", elem_id="reset-btn")
    notice = gr.HTML(elem_id="world-notice")
    return WorldPanel(screen, instruments, start_btn, pause_btn, advance_btn, factor, profile, weather, event,
                      inject_btn, preset, seed, reset_btn, notice)


def _world_action(app: CockpitApp, fn: Callable[..., UiSession], arity: int) -> Callable[..., Any]:
    def run(values: tuple, lang: str, request: gr.Request | None) -> tuple[Any, Any, Any]:
        try:
            ui = fn(session_key(request), *values, lang)
        except InputError as err:
            return gr.skip(), gr.skip(), views.notice_html(t("err_world", lang, msg=err.message))
        return app.screen_html(ui, lang), app.instruments_html(ui, lang), ""

    # Gradio injects the request by the parameter's annotation, so each arity gets a real signature.
    if arity == 0:
        def handler(lang, request: gr.Request):
            return run((), lang, request)
    elif arity == 1:
        def handler(a, lang, request: gr.Request):
            return run((a,), lang, request)
    else:
        def handler(a, b, c, lang, request: gr.Request):
            return run((a, b, c), lang, request)
    return handler


def wire_world_panel(app: CockpitApp, panel: WorldPanel, ui_lang: gr.Radio) -> None:
    outputs = [panel.screen, panel.instruments, panel.notice]

    def wire(trigger: Callable[..., Any], fn: Callable[..., UiSession], inputs: list[Any]) -> None:
        trigger(_world_action(app, fn, len(inputs)), [*inputs, ui_lang], outputs, show_progress="hidden", **PRIVATE)

    wire(panel.start_btn.click, lambda k, lang: app.set_running(k, True), [])
    wire(panel.pause_btn.click, lambda k, lang: app.set_running(k, False), [])
    wire(panel.advance_btn.click, lambda k, lang: app.advance(k, 60.0), [])
    wire(panel.factor.input, lambda k, f, lang: app.set_time_factor(k, float(f)), [panel.factor])
    wire(panel.profile.input, lambda k, p, lang: app.set_speed_profile(k, p), [panel.profile])
    wire(panel.weather.input, lambda k, w, lang: app.inject(k, w), [panel.weather])
    wire(panel.inject_btn.click, lambda k, e, lang: app.inject(k, e), [panel.event])
    wire(panel.reset_btn.click, lambda k, s, pr, p, lang: app.reset(k, s, pr, p, lang),
         [panel.seed, panel.preset, panel.profile])
