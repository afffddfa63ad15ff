"""The Failures tab: every stored failure case; pick one, then accept, reject or save an edited correction."""

from __future__ import annotations

import json
from typing import Any, Callable

from multimodal.protocols import InputError
from simulator.ui import views
from simulator.ui.app import CockpitApp
from simulator.ui.gradio_import import gr
from simulator.ui.language import LanguageSwitch
from simulator.ui.text import t
from simulator.ui.wiring import PRIVATE


def build_failures_tab(app: CockpitApp, switch: LanguageSwitch, ui_lang: gr.Radio) -> None:
    lang0 = switch.lang0
    with switch.labelled(gr.Tab, "tab_failures", id="failures") as tab:
        refresh_btn = switch.button("refresh", "⟳ ", size="sm", elem_id="failures-refresh")
        table = gr.Dataframe(headers=[t(c, lang0) for c in views.FAILURE_COLUMNS], interactive=False, wrap=True,
                             elem_id="failures-table", max_height=420)
        fid = switch.labelled(gr.Textbox, "failure_id", elem_id="failure-id")
        with gr.Row():
            review_accept = switch.button("review_accept", variant="primary", elem_id="review-accept")
            review_reject = switch.button("review_reject", elem_id="review-reject")
            review_save = switch.button("review_save", elem_id="review-save")
        review_json = switch.labelled(gr.Code, "correction", "", language="json", interactive=True,
                                      elem_id="review-json")
        notice = gr.HTML(elem_id="review-notice")

    def on_refresh(lang):
        return gr.update(value=views.failure_rows(app.failures()), headers=[t(c, lang) for c in views.FAILURE_COLUMNS])

    refresh_btn.click(on_refresh, [ui_lang], [table], **PRIVATE)
    tab.select(on_refresh, [ui_lang], [table], **PRIVATE)

    def on_pick(evt: gr.SelectData):
        rows = app.failures()
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        if not isinstance(row, int) or not 0 <= row < len(rows):
            return gr.skip(), gr.skip()
        rec = rows[row]
        commands = rec.corrected_commands or rec.model_output.get("commands") or []
        return rec.id, json.dumps(commands, ensure_ascii=False, indent=2)

    table.select(on_pick, None, [fid, review_json], **PRIVATE)

    def on_review(status: str, with_edit: bool) -> Callable[..., tuple[Any, Any]]:
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

    for btn, status, with_edit in ((review_accept, "accepted", False), (review_reject, "rejected", False),
                                   (review_save, "new", True)):
        btn.click(on_review(status, with_edit), [fid, review_json, ui_lang], [notice, table], **PRIVATE)
