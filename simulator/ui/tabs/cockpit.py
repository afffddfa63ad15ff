"""The Cockpit tab: the car on the left (world panel, then the turn panel), the conversation and feedback on the
right."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.ui.app import CockpitApp
from simulator.ui.gradio_import import gr
from simulator.ui.language import LanguageSwitch
from simulator.ui.tabs.conversation import ConversationPanel, build_conversation_panel
from simulator.ui.tabs.feedback import FeedbackPanel, build_feedback_panel, wire_feedback_panel
from simulator.ui.tabs.turn_panel import TurnPanel, build_turn_panel, wire_screenshot
from simulator.ui.tabs.turns import TurnTargets, wire_turns
from simulator.ui.tabs.world import WorldPanel, build_world_panel, wire_world_panel


@dataclass(frozen=True)
class CockpitTab:
    world: WorldPanel
    turn: TurnPanel
    talk: ConversationPanel
    feedback: FeedbackPanel


def build_cockpit_tab(app: CockpitApp, switch: LanguageSwitch) -> CockpitTab:
    with switch.labelled(gr.Tab, "tab_cockpit", id="cockpit"):
        with gr.Row():
            with gr.Column(scale=7):
                world = build_world_panel(app, switch)
                turn = build_turn_panel(switch)
            with gr.Column(scale=5):
                talk = build_conversation_panel(app, switch)
                feedback = build_feedback_panel(switch)
    return CockpitTab(world, turn, talk, feedback)


def wire_cockpit_tab(app: CockpitApp, tab: CockpitTab, ui_lang: gr.Radio) -> None:
    targets = TurnTargets.of(tab.world, tab.turn, tab.talk, tab.feedback)
    wire_turns(app, targets, tab.talk, tab.turn.use_sim, ui_lang)
    wire_world_panel(app, tab.world, ui_lang)
    wire_screenshot(app, tab.turn, ui_lang)
    wire_feedback_panel(app, tab.feedback, tab.talk.chat, ui_lang)
