"""How the page looks: CSS, theme and the script that keeps it dark."""

from __future__ import annotations

from simulator.ui import views
from simulator.ui.gradio_import import gr

PAGE_CSS = views.CSS + """
#send-btn, #voice-btn { min-width: 90px; }
.accent button { font-weight: 700; }
#chat .message { font-size: .95rem; }
footer { display: none !important; }
"""

# The cockpit is always dark, whatever the visitor's system preference.
FORCE_DARK_JS = """
() => { document.body.classList.add('dark'); document.documentElement.classList.add('dark'); }
"""


def page_theme() -> gr.themes.Base:
    return gr.themes.Base(primary_hue="blue", secondary_hue="slate", neutral_hue="slate",
                          font=["Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "sans-serif"],
                          font_mono=["Noto Sans Mono CJK SC", "DejaVu Sans Mono", "monospace"])
