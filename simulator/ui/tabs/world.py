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
    """What the rest of the page redraws: a turn and the live refresh change the screen and instruments."""

    screen: gr.HTML
    instruments: gr.HTML


def _profile_choices(lang: str) -> list[tuple[str, str]]:
    return [(t(f"profile_{p}", lang), p) for p in SPEED_PROFILES]


def _weather_choices(lang: str) -> list[tuple[str, str]]:
    return [(t(f"weather_{w}", lang), w) for w in WEATHERS]


def _preset_choices(lang: str) -> list[tuple[str, str]]:
    return [(zh if lang == "zh" else en, k) for k, (zh, en, _) in PRESETS.items()]


def _factor_choices() -> list[tuple[str, str]]:
    return [(f"{f}×", str(f)) for f in TIME_FACTORS]


def build_world_panel(app: CockpitApp, switch: LanguageSwitch, ui_lang: gr.Radio) -> WorldPanel:
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

    def wire(trigger: Callable[..., Any], fn: Callable[..., UiSession], inputs: list[Any]) -> None:
        trigger(_world_action(app, fn, len(inputs)), [*inputs, ui_lang], [screen, instruments, notice],
                show_progress="hidden", **PRIVATE)

    wire(start_btn.click, lambda k, lang: app.set_running(k, True), [])
    wire(pause_btn.click, lambda k, lang: app.set_running(k, False), [])
    wire(advance_btn.click, lambda k, lang: app.advance(k, 60.0), [])
    wire(factor.input, lambda k, f, lang: app.set_time_factor(k, float(f)), [factor])
    wire(profile.input, lambda k, p, lang: app.set_speed_profile(k, p), [profile])
    wire(weather.input, lambda k, w, lang: app.inject(k, w), [weather])
    wire(inject_btn.click, lambda k, e, lang: app.inject(k, e), [event])
    wire(reset_btn.click, lambda k, s, pr, p, lang: app.reset(k, s, pr, p, lang), [seed, preset, profile])
    return WorldPanel(screen, instruments)


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
