"""The Cockpit tab: the car on the left (world panel, then the turn panel), the conversation and feedback on the
right."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from simulator.ui.app import CockpitApp
from simulator.ui.gradio_import import gr
from simulator.ui.language import LanguageSwitch
from simulator.ui.tabs.conversation import ConversationPanel, build_conversation_panel
from simulator.ui.tabs.feedback_panel import build_feedback_panel
from simulator.ui.tabs.turn_panel import build_turn_panel
from simulator.ui.tabs.turns import TurnTargets, wire_turns
from simulator.ui.tabs.world import WorldPanel, build_world_panel


@dataclass(frozen=True)
class CockpitTab:
    """What the live refresh redraws."""

    world: WorldPanel
    talk: ConversationPanel


def build_cockpit_tab(app: CockpitApp, switch: LanguageSwitch, ui_lang: gr.Radio,
                      extra_panels: Callable[[], None] = lambda: None) -> CockpitTab:
    """``extra_panels`` builds what UI extensions add under the feedback panel (simulator.ui.extensions)."""
    with switch.labelled(gr.Tab, "tab_cockpit", id="cockpit"):
        with gr.Row():
            with gr.Column(scale=7):
                world = build_world_panel(app, switch, ui_lang)
                turn = build_turn_panel(app, switch, ui_lang)
            with gr.Column(scale=5):
                talk = build_conversation_panel(app, switch)
                flag_turn = build_feedback_panel(app, switch, talk.chat, ui_lang)
                extra_panels()
    wire_turns(app, TurnTargets(world, turn, talk, flag_turn), ui_lang)
    return CockpitTab(world, talk)
