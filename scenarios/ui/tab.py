"""The Scenarios tab: pick or upload a scenario, play / pause / step it at a chosen pace and watch the live
screen, instruments, conversation and latency waterfall move; each step's checks turn pass or fail as they
run; a failed step opens its evidence and goes to the failure store in one click; the reviewer signs the
scenario off; the report downloads.

Play is a generator: the scenario plays on the desk's own thread (scenarios.ui.desk) and the generator
redraws from the desk's snapshots every POLL_S, so Pause (a separate event) is answered within one world
slice and nothing blocks the page.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable

from scenarios.playback import Pace
from scenarios.ui import views as sv
from scenarios.ui.desk import DeskError, DeskRegistry, ScenarioDesk
from simulator.ui import views
from simulator.ui.app import CockpitApp
from simulator.ui.gradio_import import gr
from simulator.ui.language import LanguageSwitch
from simulator.ui.text import t
from simulator.ui.wiring import PRIVATE, session_key

POLL_S = 0.25
PLAYERS = 16  # runs playing at once on one server (each holds one polling handler)
PACE_TIME_FACTOR = {Pace.REALTIME: 1.0, Pace.X10: 10.0, Pace.FAST: 0.0}


def _pace_choices(lang: str) -> list[tuple[str, str]]:
    return [(t("pace_realtime", lang), Pace.REALTIME.value), (t("pace_10x", lang), Pace.X10.value),
            (t("pace_fast", lang), Pace.FAST.value)]


@dataclass
class LivePanel:
    screen: gr.HTML
    instruments: gr.HTML
    chat: gr.Chatbot
    waterfall: gr.HTML


@dataclass
class EvidencePanel:
    title: gr.HTML
    screen: gr.Image
    diff: gr.HTML
    model: gr.JSON
    index: gr.State
    to_store: gr.Button


@dataclass
class Board:
    """Everything a playback redraws."""

    verdict: gr.HTML
    steps: gr.Dataframe
    notice: gr.HTML
    live: LivePanel
    evidence: EvidencePanel
    signoff: gr.HTML
    report: gr.DownloadButton

    def moving(self) -> list[Any]:
        return [self.verdict, self.steps, self.live.screen, self.live.instruments, self.live.chat,
                self.live.waterfall]

    def all(self) -> list[Any]:
        e = self.evidence
        return self.moving() + [self.notice, e.title, e.screen, e.diff, e.model, e.index, e.to_store, self.signoff,
                                self.report]


# ---------------------------------------------------------------------------------- drawing
def draw_moving(board: Board, desk: ScenarioDesk, pace: Pace, lang: str) -> dict[Any, Any]:
    live = desk.live
    turns = live.turns
    chat = [m for turn, spoken in turns for m in views.chat_messages(turn, voice=spoken)]
    return {
        board.verdict: sv.verdict_html(desk, lang),
        board.steps: gr.update(value=sv.step_rows(desk.step_rows(), lang), headers=sv.headers(lang)),
        board.live.screen: views.screen_html(live.screen, live.state, lang, desk.playing,
                                             PACE_TIME_FACTOR[pace]) if live.screen is not None else "",
        board.live.instruments: views.instrument_html(live.state, lang) if live.state else "",
        board.live.chat: chat,
        board.live.waterfall: views.waterfall_html(turns[-1][0] if turns else None, lang),
    }


def draw_evidence(board: Board, desk: ScenarioDesk, index: int | None, lang: str) -> dict[Any, Any]:
    e = board.evidence
    result = desk.result()
    step = next((s for s in result.steps if s.index == index), None) if result and index is not None else None
    evidence = desk.evidence(index) if step is not None else None
    screen = None
    if evidence is not None and evidence.screen_png:
        import io

        from PIL import Image

        screen = Image.open(io.BytesIO(evidence.screen_png))
    return {e.title: sv.evidence_title(step, lang), e.screen: screen,
            e.diff: sv.diff_html(evidence, lang) if step is not None else "",
            e.model: sv.model_output(evidence), e.index: index,
            e.to_store: gr.update(visible=step is not None and not step.ok)}


def draw_signoff(board: Board, desk: ScenarioDesk, lang: str) -> dict[Any, Any]:
    out: dict[Any, Any] = {board.signoff: sv.signoff_html(desk.signoff_status(desk.key), lang)}
    try:
        out[board.report] = gr.update(value=str(desk.report()), interactive=True)
    except DeskError:
        out[board.report] = gr.update(value=None, interactive=False)
    return out


def notice(message: str, ok: bool = False) -> str:
    return views.notice_html(message, ok) if message else ""


# ---------------------------------------------------------------------------------- building
def _build_controls(desk0: ScenarioDesk, switch: LanguageSwitch) -> tuple[Any, ...]:
    with gr.Row():
        # The choices are per browser (uploads add to them), so the language switch redraws only the label.
        pick = switch.follow(gr.Dropdown(label=t("sc_pick", switch.lang0), choices=desk0.choices(), value=None,
                                         elem_id="sc-pick", scale=3, filterable=True),
                             lambda lang, ui: gr.update(label=t("sc_pick", lang)))
        upload = switch.labelled(gr.File, "sc_upload", file_types=[".yaml", ".yml", ".zip"], type="filepath",
                                 elem_id="sc-upload", scale=2, height=90)
    with gr.Row(equal_height=True):
        pace = switch.labelled(gr.Radio, "sc_pace", choices=_pace_choices, value=Pace.FAST.value,
                               elem_id="sc-pace", scale=3)
        play = switch.button("sc_play", elem_id="sc-play", variant="primary", scale=1, min_width=90)
        pause = switch.button("sc_pause", elem_id="sc-pause", scale=1, min_width=90)
        step = switch.button("sc_step", elem_id="sc-step", scale=1, min_width=90)
        restart = switch.button("sc_restart", elem_id="sc-restart", scale=1, min_width=90)
    return pick, upload, pace, play, pause, step, restart


def _build_evidence(switch: LanguageSwitch) -> EvidencePanel:
    with switch.labelled(gr.Accordion, "sc_evidence", open=True, elem_id="sc-evidence"):
        title = gr.HTML(elem_id="sc-ev-title")
        with gr.Row():
            screen = switch.labelled(gr.Image, "sc_evidence_screen", type="pil", interactive=False,
                                     elem_id="sc-ev-screen", height=240, scale=3)
            with gr.Column(scale=2):
                diff = gr.HTML(elem_id="sc-ev-diff")
                model = switch.labelled(gr.JSON, "sc_model_output", elem_id="sc-ev-model")
        to_store = switch.button("sc_to_store", elem_id="sc-to-store", visible=False, variant="stop")
    return EvidencePanel(title, screen, diff, model, gr.State(None), to_store)


def _build_signoff(switch: LanguageSwitch) -> tuple[Any, ...]:
    with switch.labelled(gr.Accordion, "sc_signoff", open=True, elem_id="sc-signoff"):
        status = gr.HTML(elem_id="sc-signoff-status")
        with gr.Row():
            reviewer = switch.labelled(gr.Textbox, "sc_reviewer", placeholder="sc_reviewer_ph", max_lines=1,
                                       elem_id="sc-reviewer", scale=1)
            note = switch.labelled(gr.Textbox, "sc_note", max_lines=3, elem_id="sc-note", scale=2)
        with gr.Row():
            accept = switch.button("sc_accept", elem_id="sc-accept", variant="primary")
            reject = switch.button("sc_reject", elem_id="sc-reject", variant="stop")
            report = switch.labelled(gr.DownloadButton, "sc_report", value=None, interactive=False,
                                     elem_id="sc-report")
    return status, reviewer, note, accept, reject, report


def _build_live(switch: LanguageSwitch) -> LivePanel:
    with gr.Group(elem_id="sc-live"):
        screen = gr.HTML(elem_id="sc-screen")
        instruments = gr.HTML(elem_id="sc-instruments")
        chat = switch.labelled(gr.Chatbot, "conversation", height=260, elem_id="sc-chat", layout="bubble")
        waterfall = gr.HTML(elem_id="sc-waterfall")
    return LivePanel(screen, instruments, chat, waterfall)


def build_scenarios_tab(app: CockpitApp, switch: LanguageSwitch, ui_lang: gr.Radio) -> None:
    desks = DeskRegistry(lambda: ScenarioDesk(app))
    desk0 = ScenarioDesk(app)  # the library list the page starts with (every desk starts with it)
    with switch.labelled(gr.Tab, "tab_scenarios", id="scenarios", elem_id="tab-scenarios"):
        with gr.Row():
            with gr.Column(scale=7):
                pick, upload, pace, play, pause, step, restart = _build_controls(desk0, switch)
                verdict = gr.HTML(sv.verdict_html(desk0, switch.lang0), elem_id="sc-verdict")
                note_box = gr.HTML(elem_id="sc-notice")
                steps = switch.labelled(gr.Dataframe, "sc_steps", headers=sv.headers(switch.lang0), value=[],
                                        interactive=False, wrap=True, elem_id="sc-steps", max_height=420)
                evidence = _build_evidence(switch)
                status, reviewer, note, accept, reject, report = _build_signoff(switch)
            with gr.Column(scale=5):
                live = _build_live(switch)
    board = Board(verdict, steps, note_box, live, evidence, status, report)
    _wire_playback(desks, board, ui_lang, pick, pace, (play, pause, step, restart))
    _wire_review(desks, board, ui_lang, pick, upload, (reviewer, note, accept, reject))


# ---------------------------------------------------------------------------------- events
def _wire_playback(desks: DeskRegistry, board: Board, ui_lang: gr.Radio, pick: gr.Dropdown, pace: gr.Radio,
                   buttons: tuple[Any, ...]) -> None:
    play, pause, step, restart = buttons
    outputs = board.all()

    def run(max_steps: int | None) -> Callable[..., Any]:
        def handler(key, pace_v, lang, request: gr.Request):
            desk = desks.get(session_key(request))
            chosen = Pace(pace_v or Pace.FAST.value)
            try:
                desk.start(key, chosen, max_steps)
            except DeskError as err:
                yield {board.notice: notice(str(err))}
                return
            shown = -1
            while desk.playing:
                if desk.live.version != shown:
                    shown = desk.live.version
                    yield draw_moving(board, desk, chosen, lang) | {board.notice: ""}
                time.sleep(POLL_S)
            final = draw_moving(board, desk, chosen, lang) | draw_signoff(board, desk, lang)
            if desk.playback is not None:
                final |= draw_evidence(board, desk, desk.step_to_show(), lang)
            yield final | {board.notice: notice(desk.error or "")}

        return handler

    # A run's handler mostly sleeps between redraws; its own limit keeps reviewers from queueing behind
    # each other and leaves the page's default workers to the cockpit.
    play.click(run(None), [pick, pace, ui_lang], outputs, show_progress="minimal", concurrency_limit=PLAYERS,
               concurrency_id="scenario-play", **PRIVATE)
    step.click(run(1), [pick, pace, ui_lang], outputs, show_progress="minimal", concurrency_limit=PLAYERS,
               concurrency_id="scenario-play", **PRIVATE)

    def on_pause(request: gr.Request):
        desks.get(session_key(request)).pause()

    pause.click(on_pause, None, None, show_progress="hidden", **PRIVATE)

    def on_pick(key, pace_v, lang, request: gr.Request):
        desk = desks.get(session_key(request))
        try:
            desk.select(key) if key else None
        except DeskError as err:
            return {board.notice: notice(str(err))}
        return (draw_moving(board, desk, Pace(pace_v or Pace.FAST.value), lang)
                | draw_evidence(board, desk, None, lang) | draw_signoff(board, desk, lang))

    pick.change(on_pick, [pick, pace, ui_lang], outputs, show_progress="hidden", **PRIVATE)

    def on_restart(key, pace_v, lang, request: gr.Request):
        desk = desks.get(session_key(request))
        desk.reset()
        return on_pick(key, pace_v, lang, request)

    restart.click(on_restart, [pick, pace, ui_lang], outputs, show_progress="hidden", **PRIVATE)


def _wire_review(desks: DeskRegistry, board: Board, ui_lang: gr.Radio, pick: gr.Dropdown, upload: gr.File,
                 signing: tuple[Any, ...]) -> None:
    reviewer, note, accept, reject = signing

    def on_upload(path, lang, request: gr.Request):
        desk = desks.get(session_key(request))
        try:
            keys = desk.upload(path)
        except DeskError as err:
            return gr.update(), notice(str(err))
        return (gr.update(choices=desk.choices(), value=keys[0]),
                notice(t("sc_uploaded", lang, n=len(keys), ids=", ".join(keys)), ok=True))

    upload.upload(on_upload, [upload, ui_lang], [pick, board.notice], show_progress="minimal", **PRIVATE)

    def on_select(lang, evt: gr.SelectData, request: gr.Request):
        desk = desks.get(session_key(request))
        rows = desk.step_rows()
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        index = rows[row].index if 0 <= row < len(rows) else None
        return draw_evidence(board, desk, index, lang)

    e = board.evidence
    board.steps.select(on_select, [ui_lang], [e.title, e.screen, e.diff, e.model, e.index, e.to_store],
                       show_progress="hidden", **PRIVATE)

    def on_store(index, lang, request: gr.Request):
        desk = desks.get(session_key(request))
        try:
            fid, new = desk.to_failure_store(index)
        except DeskError as err:
            return notice(str(err))
        return notice(t("sc_stored" if new else "sc_already_stored", lang, fid=fid), ok=True)

    e.to_store.click(on_store, [e.index, ui_lang], [board.notice], show_progress="minimal", **PRIVATE)

    def on_sign(decision: str) -> Callable[..., Any]:
        def handler(key, who, text, lang, request: gr.Request):
            desk = desks.get(session_key(request))
            try:
                desk.sign(key, decision, who, text)
            except DeskError as err:
                return {board.notice: notice(str(err))}
            return draw_signoff(board, desk, lang) | {board.notice: ""}

        return handler

    accept.click(on_sign("accepted"), [pick, reviewer, note, ui_lang], [board.signoff, board.report, board.notice],
                 show_progress="minimal", **PRIVATE)
    reject.click(on_sign("rejected"), [pick, reviewer, note, ui_lang], [board.signoff, board.report, board.notice],
                 show_progress="minimal", **PRIVATE)
