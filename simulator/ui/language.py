"""The 中文 / English switch: every component whose text depends on the language, and how to redraw it.

A builder creates such a component through ``LanguageSwitch`` (``labelled``, ``text``, ``button``) or
registers it with ``follow``; the switch's change event then redraws exactly the registered components, so
a new label cannot be forgotten on the switch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

from simulator.ui.app import CockpitApp
from simulator.ui.gradio_import import gr
from simulator.ui.sessions import UiSession
from simulator.ui.text import t
from simulator.ui.wiring import PRIVATE, session_key

Redraw = Callable[[str, UiSession], Any]  # (new language, the session's UI state) -> value or gr.update
Choices = Callable[[str], list[tuple[str, str]]]  # language -> (shown text, value) pairs
C = TypeVar("C")


@dataclass
class LanguageSwitch:
    lang0: str  # the language the page is first drawn in
    redraws: list[tuple[Any, Redraw]] = field(default_factory=list)

    def follow(self, component: C, redraw: Redraw) -> C:
        self.redraws.append((component, redraw))
        return component

    def labelled(self, make: Callable[..., C], key: str, *args: Any, choices: Choices | None = None,
                 placeholder: str | None = None, **kwargs: Any) -> C:
        """``make(*args, label=t(key), **kwargs)``; the switch redraws its label, choices and placeholder."""
        if choices is not None:
            kwargs["choices"] = choices(self.lang0)
        if placeholder is not None:
            kwargs["placeholder"] = t(placeholder, self.lang0)

        def redraw(lang: str, ui: UiSession) -> Any:
            update: dict[str, Any] = {"label": t(key, lang)}
            if choices is not None:
                update["choices"] = choices(lang)
            if placeholder is not None:
                update["placeholder"] = t(placeholder, lang)
            return gr.update(**update)

        return self.follow(make(*args, label=t(key, self.lang0), **kwargs), redraw)

    def text(self, make: Callable[..., C], value: Callable[[str], str], **kwargs: Any) -> C:
        """``make(value(lang), **kwargs)``: a component whose value is its text (HTML, Markdown, Button)."""
        return self.follow(make(value(self.lang0), **kwargs), lambda lang, ui: gr.update(value=value(lang)))

    def button(self, key: str, prefix: str = "", **kwargs: Any) -> gr.Button:
        return self.text(gr.Button, lambda lang: prefix + t(key, lang), **kwargs)

    def wire(self, app: CockpitApp, ui_lang: gr.Radio) -> None:
        """Redraw every registered component when the language changes (after all builders have run)."""
        redraws = list(self.redraws)

        def on_lang(lang: str, request: gr.Request) -> list[Any]:
            ui = app.set_lang(session_key(request), lang)
            return [redraw(lang, ui) for _, redraw in redraws]

        ui_lang.change(on_lang, [ui_lang], [component for component, _ in redraws], show_progress="hidden",
                       **PRIVATE)

