"""The cockpit tab's "save this session as a scenario" panel: what happened in this browser's session so far
(turns, injected events, answers to suggestions, time passing) becomes a scenario file that
``cockpit-sim scenario run`` replays to the same result; it is kept under the user's data directory and
offered as a download."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from multimodal.paths import cache_dir
from scenarios.recorder import CLICK
from scenarios.session_export import SavedScenario, TurnMedia, save_session
from simulator.ui.app import CockpitApp
from simulator.ui.gradio_import import gr
from simulator.ui.language import LanguageSwitch
from simulator.ui.text import t
from simulator.ui.views import notice_html
from simulator.ui.wiring import PRIVATE, session_key

MAX_TITLE_CHARS = 120


def save_ui_session(app: CockpitApp, key: str | None, title: str) -> tuple[SavedScenario, Path, list[str]]:
    """Save a browser session's world as a scenario: (what was saved, a copy of the download the page may
    serve, the command models other than the configured one that answered some turn). ValueError (nothing
    saved) when there is nothing to save."""
    title = (title or "").strip()
    if len(title) > MAX_TITLE_CHARS:
        raise ValueError(f"the title is {len(title)} characters long; at most {MAX_TITLE_CHARS}")
    ui = app.sessions.get(key)
    media = {r.turn_id: TurnMedia(audio_path=r.audio_path, screenshot_path=r.screenshot_path) for r in ui.turns}
    with ui.session.lock:  # the world ticker must not move the session while it is read
        saved = save_session(ui.session, media, title=title or "Recorded session")
    # Gradio serves files only from allowed folders; the user's data directory stays private.
    served = cache_dir("ui-downloads", uuid.uuid4().hex[:12]) / saved.download_path.name
    shutil.copyfile(saved.download_path, served)
    configured = app.options.plan.name("command") or ""
    others = sorted({b.split(":")[0] for b in (_backend(r.result) for r in ui.turns)
                     if b and b != CLICK and b.split(":")[0] != configured})
    return saved, served, others


def _backend(result: dict) -> str:
    return str((result.get("parse") or {}).get("backend") or "")


def build_save_panel(app: CockpitApp, switch: LanguageSwitch, ui_lang: gr.Radio) -> None:
    with switch.labelled(gr.Accordion, "save_session", open=False, elem_id="save-session"):
        with gr.Row(equal_height=True):
            title = switch.labelled(gr.Textbox, "save_title", max_lines=1, elem_id="save-title", scale=3)
            save = switch.button("save_btn", elem_id="save-btn", scale=1)
        result = gr.HTML(elem_id="save-notice")
        download = switch.labelled(gr.File, "save_download", interactive=False, visible=False,
                                   elem_id="save-file")

    def on_save(title_v, lang, request: gr.Request):
        try:
            saved, served, others = save_ui_session(app, session_key(request), title_v)
        except (ValueError, OSError) as err:  # nothing to save, a bad title, a full disk: nothing was kept
            return notice_html(f"{type(err).__name__}: {err}" if isinstance(err, OSError) else str(err)), \
                gr.update(visible=False, value=None)
        message = notice_html(t("saved", lang, steps=saved.steps, path=str(saved.yaml_path)), ok=True)
        if others:
            message += notice_html(t("saved_other_models", lang, models=", ".join(others),
                                     configured=app.options.plan.name("command")))
        return message, gr.update(visible=True, value=str(served))

    save.click(on_save, [title, ui_lang], [result, download], show_progress="minimal", **PRIVATE)
