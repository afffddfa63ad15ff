"""The Gradio page: layout, events and the named API endpoints (say, listen, state).

Every handler resolves the browser's own session from ``request.session_hash`` (see app_sessions);
turn events are chained so the inputs are disabled while a turn runs and re-enabled afterwards, and
the 1-second timer only reads state, so nothing blocks the page.
"""

from __future__ import annotations

import json
import os
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402 - after the analytics switch, which gradio reads at import

from multimodal.protocols import InputError  # noqa: E402
from simulator.ui import views  # noqa: E402
from simulator.ui.app import INJECT_EVENTS, PRESETS, CockpitApp, TurnView, api_result, result_json  # noqa: E402
from simulator.ui.sessions import TIME_FACTORS  # noqa: E402
from simulator.ui.text import t  # noqa: E402
from simulator.world import SPEED_PROFILES  # noqa: E402
from vehicle_state.signals import SEATS, WEATHERS  # noqa: E402

PAGE_CSS = views.CSS + """
#send-btn, #voice-btn { min-width: 90px; }
.accent button { font-weight: 700; }
#chat .message { font-size: .95rem; }
footer { display: none !important; }
"""

PRIVATE = {"api_visibility": "private"}


def _key(request: gr.Request | None) -> str | None:
    return getattr(request, "session_hash", None) if request is not None else None


def _zone_choices(lang: str) -> list[tuple[str, str]]:
    return [(t(f"zone_{z}", lang), z) for z in SEATS]


def _profile_choices(lang: str) -> list[tuple[str, str]]:
    return [(t(f"profile_{p}", lang), p) for p in SPEED_PROFILES]


def _weather_choices(lang: str) -> list[tuple[str, str]]:
    return [(t(f"weather_{w}", lang), w) for w in WEATHERS]


def _preset_choices(lang: str) -> list[tuple[str, str]]:
    return [(zh if lang == "zh" else en, k) for k, (zh, en, _) in PRESETS.items()]


def _factor_choices() -> list[tuple[str, str]]:
    return [(f"{f}×", str(f)) for f in TIME_FACTORS]


def build_demo(app: CockpitApp) -> gr.Blocks:
    lang0 = app.options.lang
    with gr.Blocks(title="Cockpit Simulator · 智能座舱模拟器", fill_width=True, delete_cache=(900, 3600)) as demo:
        # ------------------------------------------------------------------ header
        with gr.Row(equal_height=True):
            header = gr.HTML(_header(lang0), elem_classes="cockpit-title")
            ui_lang = gr.Radio([("中文", "zh"), ("English", "en")], value=lang0, label=t("ui_lang", lang0),
                               scale=0, min_width=220, elem_id="ui-lang")
        with gr.Tabs():
            with gr.Tab(t("tab_cockpit", lang0), id="cockpit") as tab_cockpit:
                with gr.Row():
                    # -------------------------------------------------------- left: the car
                    with gr.Column(scale=7):
                        screen = gr.HTML(elem_id="screen")
                        instruments = gr.HTML(elem_id="instruments")
                        with gr.Group():
                            with gr.Row(equal_height=True):
                                start_btn = gr.Button("▶ " + t("start", lang0), size="sm", elem_id="start-btn")
                                pause_btn = gr.Button("❚❚ " + t("pause", lang0), size="sm", elem_id="pause-btn")
                                advance_btn = gr.Button("» " + t("advance", lang0), size="sm", elem_id="advance-btn")
                                factor = gr.Dropdown(_factor_choices(), value="1", label=t("time_factor", lang0),
                                                     elem_id="time-factor", min_width=110)
                                profile = gr.Dropdown(_profile_choices(lang0), value=app.options.speed_profile,
                                                      label=t("speed_profile", lang0), elem_id="profile", min_width=120)
                                weather = gr.Dropdown(_weather_choices(lang0), value="clear", label=t("weather", lang0),
                                                      elem_id="weather", min_width=110)
                            with gr.Row(equal_height=True):
                                event = gr.Dropdown(list(INJECT_EVENTS), value=INJECT_EVENTS[0], label=t("inject", lang0),
                                                    elem_id="inject-event", allow_custom_value=True, min_width=200)
                                inject_btn = gr.Button("⚡ " + t("inject_btn", lang0), size="sm", elem_id="inject-btn")
                                preset = gr.Dropdown(_preset_choices(lang0), value="normal", label=t("reset", lang0),
                                                     elem_id="preset", min_width=170)
                                seed = gr.Number(0, label=t("seed", lang0), precision=0, elem_id="seed", min_width=90)
                                reset_btn = gr.Button("↺ " + t("reset", lang0), size="sm", elem_id="reset-btn")
                        world_notice = gr.HTML(elem_id="world-notice")
                        with gr.Row():
                            with gr.Column(scale=5):
                                waterfall_title = gr.Markdown(f"**{t('waterfall', lang0)}**")
                                waterfall = gr.HTML(views.waterfall_html(None, lang0), elem_id="waterfall")
                            with gr.Column(scale=6):
                                details_title = gr.Markdown(f"**{t('turn_details', lang0)}**")
                                details = gr.HTML(views.turn_html(None, lang0), elem_id="turn-details")
                        with gr.Row():
                            with gr.Column(scale=2, min_width=220):
                                use_sim = gr.Checkbox(True, label=t("use_sim_screen", lang0), elem_id="use-sim")
                                shot_file = gr.File(label=t("screenshot", lang0), type="filepath", elem_id="shot-file",
                                                    height=150)
                                shot_notice = gr.HTML(elem_id="shot-notice")
                            shot_view = gr.Image(label=t("screenshot_view", lang0), interactive=False, type="pil",
                                                 elem_id="shot-view", height=300, buttons=[], scale=5)
                        with gr.Accordion("JSON", open=False):
                            turn_json = gr.Code("{}", language="json", elem_id="turn-json")
                    # -------------------------------------------------------- right: the conversation
                    with gr.Column(scale=5):
                        models_box = gr.HTML(app.models_html(lang0), elem_id="models")
                        with gr.Group(visible=False, elem_id="suggestion-box") as sugg_group:
                            sugg_html = gr.HTML()
                            with gr.Row():
                                accept_btn = gr.Button("✓ " + t("accept", lang0), variant="primary", size="sm",
                                                       elem_id="accept-btn")
                                decline_btn = gr.Button("✕ " + t("decline", lang0), size="sm", elem_id="decline-btn")
                        chat = gr.Chatbot(label=t("conversation", lang0), height=360, elem_id="chat",
                                          feedback_options=("Dislike",), layout="bubble")
                        reply_audio = gr.Audio(label=t("reply_audio", lang0), autoplay=True, interactive=False,
                                               type="filepath", elem_id="reply-audio", buttons=[])
                        with gr.Row(equal_height=True):
                            text_in = gr.Textbox(label=t("text_input", lang0), placeholder=t("text_placeholder", lang0),
                                                 scale=5, lines=1, max_lines=3, elem_id="text-in")
                            send_btn = gr.Button(t("send", lang0), variant="primary", scale=1, elem_id="send-btn")
                        zone = gr.Radio(_zone_choices(lang0), value="driver", label=t("zone", lang0), elem_id="zone")
                        with gr.Row(equal_height=True):
                            audio_in = gr.Audio(sources=["microphone", "upload"], type="filepath",
                                                label=t("voice", lang0), scale=5, elem_id="audio-in")
                            voice_btn = gr.Button("◉ " + t("send_voice", lang0), scale=1, elem_id="voice-btn")
                        notice = gr.HTML(elem_id="notice")
                        with gr.Accordion(t("feedback", lang0), open=False, elem_id="feedback") as feedback_box:
                            with gr.Row(equal_height=True):
                                flag_turn = gr.Dropdown([], label=t("flag_turn", lang0), elem_id="flag-turn", scale=3)
                                flag_btn = gr.Button(t("flag_last", lang0), elem_id="flag-btn", scale=2)
                            correction_help = gr.Markdown(t("correction_help", lang0))
                            correction = gr.Code("", language="json", label=t("correction", lang0),
                                                 elem_id="correction", interactive=True)
                            note = gr.Textbox(label=t("note", lang0), lines=1, elem_id="note")
                            save_btn = gr.Button(t("save_failure", lang0), variant="primary", elem_id="save-failure")
                            feedback_notice = gr.HTML(elem_id="feedback-notice")
            # ---------------------------------------------------------------- failures tab
            with gr.Tab(t("tab_failures", lang0), id="failures") as tab_failures:
                refresh_btn = gr.Button("⟳ " + t("refresh", lang0), size="sm", elem_id="failures-refresh")
                table = gr.Dataframe(headers=[t(c, lang0) for c in views.FAILURE_COLUMNS], interactive=False,
                                     wrap=True, elem_id="failures-table", max_height=420)
                fid = gr.Textbox(label=t("failure_id", lang0), elem_id="failure-id")
                with gr.Row():
                    review_accept = gr.Button(t("review_accept", lang0), variant="primary", elem_id="review-accept")
                    review_reject = gr.Button(t("review_reject", lang0), elem_id="review-reject")
                    review_save = gr.Button(t("review_save", lang0), elem_id="review-save")
                review_json = gr.Code("", language="json", label=t("correction", lang0), interactive=True,
                                      elem_id="review-json")
                review_notice = gr.HTML(elem_id="review-notice")

        timer = gr.Timer(1.0)

        # ------------------------------------------------------------------ hidden API components
        api_audio = gr.Audio(type="filepath", visible=False)
        api_zone = gr.Textbox("", visible=False)
        api_lang = gr.Textbox("", visible=False)
        api_out = gr.JSON(visible=False)
        api_btn = gr.Button(visible=False)

        # ------------------------------------------------------------------ helpers
        turn_outputs = [chat, reply_audio, waterfall, details, shot_view, screen, instruments, notice, flag_turn,
                        sugg_group, sugg_html, turn_json]
        busy_inputs = [send_btn, voice_btn, text_in, accept_btn, decline_btn]

        def render_turn(view: TurnView, lang: str) -> list[Any]:
            ui, rec = view.ui, view.record
            result = rec.result if rec else (ui.turns[-1].result if ui.turns else None)
            audio = rec.result.get("audio_reply_path") if rec else gr.skip()
            shot: Any = gr.skip()
            if rec and rec.screenshot_path and os.path.isfile(rec.screenshot_path):
                shot = views.draw_target(rec.screenshot_path, (rec.result.get("screen") or {}).get("target"))
            turns = [(f"{r.turn_id} · {(r.result.get('transcript') or '')[:28]}", r.turn_id) for r in ui.turns]
            flag = gr.update(choices=turns, value=turns[-1][1] if turns else None)
            sugg = app.pending_suggestion(ui.key, lang)
            return [list(ui.chat), audio, views.waterfall_html(result, lang), views.turn_html(result, lang), shot,
                    app.screen_html(ui, lang), app.instruments_html(ui, lang),
                    views.notice_html(view.notice, view.notice_ok), flag, gr.update(visible=bool(sugg)),
                    views.suggestion_html(sugg, lang) if sugg else "", result_json(rec)]

        def busy():
            return [gr.update(interactive=False)] * len(busy_inputs)

        def idle():
            return [gr.update(interactive=True)] * len(busy_inputs)

        # ------------------------------------------------------------------ turns
        def on_say(text, zone_v, use_sim_v, lang, request: gr.Request):
            view = app.say(_key(request), text, lang=lang, zone=zone_v, use_sim_screen=bool(use_sim_v))
            return [*render_turn(view, lang), "" if view.record else gr.skip()]

        def on_voice(audio, zone_v, use_sim_v, lang, request: gr.Request):
            view = app.listen(_key(request), audio, zone=zone_v, use_sim_screen=bool(use_sim_v))
            return [*render_turn(view, lang), None if view.record else gr.skip()]

        def on_respond(accept: bool):
            def handler(lang, request: gr.Request):
                return render_turn(app.respond(_key(request), accept, lang), lang)
            return handler

        for trigger in (send_btn.click, text_in.submit):
            trigger(busy, None, busy_inputs, queue=False, **PRIVATE).then(
                on_say, [text_in, zone, use_sim, ui_lang], [*turn_outputs, text_in], **PRIVATE).then(
                idle, None, busy_inputs, queue=False, **PRIVATE)
        voice_btn.click(busy, None, busy_inputs, queue=False, **PRIVATE).then(
            on_voice, [audio_in, zone, use_sim, ui_lang], [*turn_outputs, audio_in], **PRIVATE).then(
            idle, None, busy_inputs, queue=False, **PRIVATE)
        for btn, accept in ((accept_btn, True), (decline_btn, False)):
            btn.click(busy, None, busy_inputs, queue=False, **PRIVATE).then(
                on_respond(accept), [ui_lang], turn_outputs, **PRIVATE).then(
                idle, None, busy_inputs, queue=False, **PRIVATE)

        # ------------------------------------------------------------------ live refresh
        def on_tick(lang, request: gr.Request):
            key = _key(request)
            ui = app.sessions.get(key)
            sugg = app.pending_suggestion(key, lang)
            state = ui.session.state()
            shown = (lang, ui.running, ui.time_factor, json.dumps(state, sort_keys=True, default=str))
            if shown == ui.shown_screen:  # a paused, parked car: nothing to redraw or re-send
                screen_v, instruments_v = gr.skip(), gr.skip()
            else:
                ui.shown_screen = shown
                screen_v, instruments_v = app.screen_html(ui, lang), views.instrument_html(state, lang)
            return (screen_v, instruments_v, gr.update(visible=bool(sugg)),
                    views.suggestion_html(sugg, lang) if sugg else "", app.models_html(lang))

        tick_outputs = [screen, instruments, sugg_group, sugg_html, models_box]
        timer.tick(on_tick, [ui_lang], tick_outputs, show_progress="hidden", concurrency_limit=None,
                   trigger_mode="always_last", **PRIVATE)
        demo.load(on_tick, [ui_lang], tick_outputs, show_progress="hidden", **PRIVATE)

        # ------------------------------------------------------------------ world controls
        def world_action(fn, arity: int):
            def run(values, lang, request):
                try:
                    ui = fn(_key(request), *values, lang)
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

        world_outputs = [screen, instruments, world_notice]

        def _wire(trigger, fn, inputs):
            trigger(world_action(fn, len(inputs)), [*inputs, ui_lang], world_outputs, show_progress="hidden", **PRIVATE)

        _wire(start_btn.click, lambda k, lang: app.set_running(k, True), [])
        _wire(pause_btn.click, lambda k, lang: app.set_running(k, False), [])
        _wire(advance_btn.click, lambda k, lang: app.advance(k, 60.0), [])
        _wire(factor.input, lambda k, f, lang: app.set_time_factor(k, float(f)), [factor])
        _wire(profile.input, lambda k, p, lang: app.set_speed_profile(k, p), [profile])
        _wire(weather.input, lambda k, w, lang: app.inject(k, w), [weather])
        _wire(inject_btn.click, lambda k, e, lang: app.inject(k, e), [event])
        _wire(reset_btn.click, lambda k, s, pr, p, lang: app.reset(k, s, pr, p, lang), [seed, preset, profile])

        # ------------------------------------------------------------------ screenshots
        def on_shot(path, lang, request: gr.Request):
            try:
                ui, loaded = app.set_screenshot(_key(request), path)
            except InputError as err:
                app.set_screenshot(_key(request), None)
                # Clear the upload so the file picker comes back for another try.
                return None, gr.skip(), views.notice_html(t("err_screenshot", lang, msg=err.message)), None
            if loaded is None:
                return None, gr.skip(), "", gr.skip()
            msg = t("screenshot_ok", lang, w=loaded.original_width, h=loaded.original_height)
            return loaded.image, False, views.notice_html(msg, ok=True), gr.skip()

        shot_outputs = [shot_view, use_sim, shot_notice, shot_file]
        shot_file.upload(on_shot, [shot_file, ui_lang], shot_outputs, **PRIVATE)
        shot_file.clear(on_shot, [shot_file, ui_lang], shot_outputs, **PRIVATE)

        # ------------------------------------------------------------------ feedback
        def open_flag(turn_id, lang, request: gr.Request):
            record, template = app.flag(_key(request), turn_id)
            if record is None:
                return gr.skip(), gr.update(open=True), gr.skip(), views.notice_html(t("no_turn_to_flag", lang))
            return record.turn_id, gr.update(open=True), template, ""

        flag_outputs = [flag_turn, feedback_box, correction, feedback_notice]
        flag_btn.click(open_flag, [flag_turn, ui_lang], flag_outputs, **PRIVATE)
        flag_turn.input(open_flag, [flag_turn, ui_lang], flag_outputs, **PRIVATE)

        def on_like(lang, data: gr.LikeData, request: gr.Request):
            ui = app.sessions.get(_key(request))
            if data.liked is not False and data.liked != "Dislike":
                return gr.skip(), gr.skip(), gr.skip(), gr.skip()
            index = data.index if isinstance(data.index, int) else data.index[0]
            return open_flag(ui.chat_turn_ids.get(index), lang, request)

        chat.like(on_like, [ui_lang], flag_outputs, **PRIVATE)

        def on_clear(request: gr.Request):
            # The trash button empties the browser's copy; forget ours too, or the next turn brings it back.
            ui = app.sessions.get(_key(request))
            ui.chat.clear()
            ui.chat_turn_ids.clear()

        chat.clear(on_clear, None, None, **PRIVATE)

        def on_save(turn_id, corrected, note_v, lang, request: gr.Request):
            try:
                fid_v = app.save_failure(_key(request), turn_id, corrected, note_v)
            except InputError as err:
                return views.notice_html(f"{err.code}: {err.message}"), gr.skip()
            return views.notice_html(t("saved_failure", lang, fid=fid_v), ok=True), ""

        save_btn.click(on_save, [flag_turn, correction, note, ui_lang], [feedback_notice, note], **PRIVATE)

        # ------------------------------------------------------------------ failures tab
        def on_refresh(lang):
            return gr.update(value=views.failure_rows(app.failures()),
                             headers=[t(c, lang) for c in views.FAILURE_COLUMNS])

        refresh_btn.click(on_refresh, [ui_lang], [table], **PRIVATE)
        tab_failures.select(on_refresh, [ui_lang], [table], **PRIVATE)

        def on_pick(evt: gr.SelectData):
            rows = app.failures()
            row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
            if not isinstance(row, int) or not 0 <= row < len(rows):
                return gr.skip(), gr.skip()
            rec = rows[row]
            import json

            commands = rec.corrected_commands or rec.model_output.get("commands") or []
            return rec.id, json.dumps(commands, ensure_ascii=False, indent=2)

        table.select(on_pick, None, [fid, review_json], **PRIVATE)

        def on_review(status: str, with_edit: bool):
            def handler(fid_v, corrected, lang):
                if not fid_v:
                    return views.notice_html(t("pick_failure", lang)), gr.skip()
                try:
                    rec = app.review(fid_v.strip(), status, corrected if with_edit or status == "accepted" else None)
                except InputError as err:
                    return views.notice_html(f"{err.code}: {err.message}"), gr.skip()
                msg = t("reviewed", lang, fid=rec.id, status=t(f"status_{rec.status}", lang))
                return views.notice_html(msg, ok=True), on_refresh(lang)
            return handler

        review_outputs = [review_notice, table]
        review_accept.click(on_review("accepted", False), [fid, review_json, ui_lang], review_outputs, **PRIVATE)
        review_reject.click(on_review("rejected", False), [fid, review_json, ui_lang], review_outputs, **PRIVATE)
        review_save.click(on_review("new", True), [fid, review_json, ui_lang], review_outputs, **PRIVATE)

        # ------------------------------------------------------------------ language
        def on_lang(lang, request: gr.Request):
            ui = app.set_lang(_key(request), lang)
            result = ui.turns[-1].result if ui.turns else None
            return [
                _header(lang), gr.update(label=t("ui_lang", lang)), gr.update(label=t("tab_cockpit", lang)),
                gr.update(label=t("tab_failures", lang)),
                gr.update(value="▶ " + t("start", lang)), gr.update(value="❚❚ " + t("pause", lang)),
                gr.update(value="» " + t("advance", lang)),
                gr.update(label=t("time_factor", lang)),
                gr.update(label=t("speed_profile", lang), choices=_profile_choices(lang)),
                gr.update(label=t("weather", lang), choices=_weather_choices(lang)),
                gr.update(label=t("inject", lang)), gr.update(value="⚡ " + t("inject_btn", lang)),
                gr.update(label=t("reset", lang), choices=_preset_choices(lang)), gr.update(label=t("seed", lang)),
                gr.update(value="↺ " + t("reset", lang)),
                f"**{t('waterfall', lang)}**", views.waterfall_html(result, lang),
                f"**{t('turn_details', lang)}**", views.turn_html(result, lang),
                gr.update(value="✓ " + t("accept", lang)), gr.update(value="✕ " + t("decline", lang)),
                gr.update(label=t("conversation", lang)), gr.update(label=t("reply_audio", lang)),
                gr.update(label=t("text_input", lang), placeholder=t("text_placeholder", lang)),
                gr.update(value=t("send", lang)),
                gr.update(label=t("zone", lang), choices=_zone_choices(lang)),
                gr.update(label=t("voice", lang)), gr.update(value="◉ " + t("send_voice", lang)),
                gr.update(label=t("use_sim_screen", lang)), gr.update(label=t("screenshot", lang)),
                gr.update(label=t("screenshot_view", lang)),
                gr.update(label=t("feedback", lang)), gr.update(label=t("flag_turn", lang)),
                gr.update(value=t("flag_last", lang)), t("correction_help", lang),
                gr.update(label=t("correction", lang)), gr.update(label=t("note", lang)),
                gr.update(value=t("save_failure", lang)),
                gr.update(value="⟳ " + t("refresh", lang)), gr.update(label=t("failure_id", lang)),
                gr.update(value=t("review_accept", lang)), gr.update(value=t("review_reject", lang)),
                gr.update(value=t("review_save", lang)), gr.update(label=t("correction", lang)),
                app.models_html(lang), app.screen_html(ui, lang), app.instruments_html(ui, lang),
            ]

        ui_lang.change(on_lang, [ui_lang], [
            header, ui_lang, tab_cockpit, tab_failures, start_btn, pause_btn, advance_btn, factor, profile,
            weather, event, inject_btn, preset, seed, reset_btn, waterfall_title, waterfall, details_title, details,
            accept_btn, decline_btn, chat, reply_audio, text_in, send_btn, zone, audio_in, voice_btn, use_sim,
            shot_file, shot_view, feedback_box, flag_turn, flag_btn, correction_help, correction, note, save_btn,
            refresh_btn, fid, review_accept, review_reject, review_save, review_json, models_box, screen,
            instruments], show_progress="hidden", **PRIVATE)

        # ------------------------------------------------------------------ named API endpoints
        def api_say(text: str, lang: str = "", zone: str = "", request: gr.Request = None) -> dict:
            """One typed turn on this client's world; returns the turn (commands, outcomes, reply, changes,
            timings_ms, error...)."""
            view = app.say(_key(request), text, lang=_api_lang(lang), zone=_api_zone(zone))
            return _api_view(view)

        def api_listen(audio, lang, zone, request: gr.Request):
            view = app.listen(_key(request), audio, zone=_api_zone(zone), lang=_api_lang(lang))
            return _api_view(view)

        def api_state(request: gr.Request = None) -> dict:
            """The current vehicle state of this client's world."""
            return app.state_json(_key(request))

        gr.api(api_say, api_name="say", concurrency_limit=4)
        gr.api(api_state, api_name="state", concurrency_limit=None)
        api_btn.click(api_listen, [api_audio, api_lang, api_zone], api_out, api_name="listen", concurrency_limit=4)
    return demo


def _api_lang(lang: str | None) -> str | None:
    if lang in (None, ""):
        return None
    if lang not in ("zh", "en"):
        raise gr.Error(f"lang must be 'zh', 'en' or empty (detect), got {lang!r}")
    return lang


def _api_zone(zone: str | None) -> str | None:
    if zone in (None, ""):
        return None
    if zone not in SEATS:
        raise gr.Error(f"zone must be one of {', '.join(SEATS)} or empty, got {zone!r}")
    return zone


def _api_view(view: TurnView) -> dict:
    if view.record is None:
        return {"error": {"code": view.code, "message": view.notice}, "commands": [], "outcomes": [], "reply": view.notice,
                "changes": {}, "timings_ms": {}}
    return api_result(view.record.result)


def _header(lang: str) -> str:
    return f"<h1>{views.esc(t('title', lang))}</h1><p>{views.esc(t('subtitle', lang))}</p>"


def launch(app: CockpitApp, host: str = "127.0.0.1", port: int = 7860, share: bool = False,
           prevent_thread_lock: bool = False) -> Any:
    """Start the models loading, the world ticker and the web server."""
    from multimodal.paths import cache_dir

    app.start()
    demo = build_demo(app)
    demo.queue(default_concurrency_limit=2, max_size=64)
    theme = gr.themes.Base(primary_hue="blue", secondary_hue="slate", neutral_hue="slate",
                           font=["Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "sans-serif"],
                           font_mono=["Noto Sans Mono CJK SC", "DejaVu Sans Mono", "monospace"])
    return demo.launch(server_name=host, server_port=port, share=share, prevent_thread_lock=prevent_thread_lock,
                       theme=theme, css=PAGE_CSS, js=FORCE_DARK_JS, ssr_mode=False, show_error=True,
                       allowed_paths=[str(cache_dir())], max_file_size="60mb", quiet=True)


# The cockpit is always dark, whatever the visitor's system preference.
FORCE_DARK_JS = """
() => { document.body.classList.add('dark'); document.documentElement.classList.add('dark'); }
"""
