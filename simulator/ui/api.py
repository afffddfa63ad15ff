"""The named endpoints for automation (``gradio_client``): ``/say``, ``/listen``, ``/state`` and ``/models``.

Each client's ``session_hash`` picks its own world, as a browser tab's does (see docs/ui.md).
"""

from __future__ import annotations

from simulator.turn import TURN_LANGS
from simulator.ui.app import CockpitApp, TurnView, api_result
from simulator.ui.gradio_import import gr
from simulator.ui.wiring import session_key
from vehicle_state.signals import SEATS

API_SAY_CONCURRENCY = 32


def build_api(app: CockpitApp) -> None:
    """Add the endpoints to the Blocks being built (``/listen`` needs hidden components to take a file)."""
    api_audio = gr.Audio(type="filepath", visible=False)
    api_zone = gr.Textbox("", visible=False)
    api_lang = gr.Textbox("", visible=False)
    api_out = gr.JSON(visible=False)
    api_btn = gr.Button(visible=False)

    def api_say(text: str, lang: str = "", zone: str = "", request: gr.Request = None) -> dict:
        """One typed turn on this client's world; returns the turn (commands, outcomes, reply, changes,
        timings_ms, error...)."""
        view = app.say(session_key(request), text, lang=_api_lang(lang), zone=_api_zone(zone))
        return _api_view(view)

    def api_listen(audio, lang, zone, request: gr.Request):
        view = app.listen(session_key(request), audio, zone=_api_zone(zone), lang=_api_lang(lang))
        return _api_view(view)

    def api_state(request: gr.Request = None) -> dict:
        """The current vehicle state of this client's world."""
        return app.state_json(session_key(request))

    def api_models() -> list[dict]:
        """Each model's load state (waiting, loading, loaded, failed, unavailable): "loaded" means warmed up
        too, so a script can wait for it before timing turns."""
        return app.models.status()

    # Typed turns of many clients run together (the command model batches their parses); each client's world
    # has its own lock.
    gr.api(api_say, api_name="say", concurrency_limit=API_SAY_CONCURRENCY)
    gr.api(api_state, api_name="state", concurrency_limit=None)
    gr.api(api_models, api_name="models", concurrency_limit=None)
    api_btn.click(api_listen, [api_audio, api_lang, api_zone], api_out, api_name="listen", concurrency_limit=4)


def _api_lang(lang: str | None) -> str | None:
    if lang in (None, ""):
        return None
    if lang not in TURN_LANGS:
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
