"""The 👎 flow: a corrected command list, checked against the contract, stored as a failure case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from multimodal.protocols import InputError
from simulator.ui.sessions import TurnRecord
from simulator.failures.store import FailureStore, FailureStoreError, cases_from_turn
from vehicle_state.commands import REASON_OUT_OF_DOMAIN, CommandValidationError, parse_commands_json

MAX_CORRECTION_CHARS = 20_000


def correction_template(record: TurnRecord) -> str:
    """What the editor starts with: the model's own commands, to be edited into the right ones."""
    commands = ([c.to_dict() for c in record.turn.commands]
                or [{"intent": "unsupported", "slots": {"reason": REASON_OUT_OF_DOMAIN}}])
    return json.dumps(commands, ensure_ascii=False, indent=2)


def parse_correction(text: str | None) -> list[dict[str, Any]]:
    """The editor's JSON as validated command dicts; InputError with a stable code otherwise."""
    if text is None or not text.strip():
        raise InputError("correction-empty", "the corrected commands are empty; give a JSON list of commands")
    if len(text) > MAX_CORRECTION_CHARS:
        raise InputError("correction-too-long", f"the correction is {len(text)} characters; the limit is "
                                                f"{MAX_CORRECTION_CHARS}")
    try:
        return [c.to_dict() for c in parse_commands_json(text)]
    except CommandValidationError as err:
        code = "correction-not-json" if "not valid JSON" in str(err) else "correction-invalid"
        raise InputError(code, str(err)) from None


def _media(path: str | None) -> str | None:
    # Gradio may have cleaned its upload cache since the turn: a missing file is left out, not an error.
    return path if path and Path(path).is_file() else None


def save_failure(store: FailureStore, record: TurnRecord, corrected_text: str, note: str | None = None,
                 session_key: str | None = None) -> str:
    """Store ``record`` with its corrected commands; returns the failure id."""
    corrected = parse_correction(corrected_text)
    screen = record.turn.screen
    shot = _media(record.screenshot_path)
    context = {"speaker_zone": record.zone, "ui_session": session_key,
               "screen_source": screen.source if screen else None,
               "tap_target": screen.target_dict() if screen else None}
    case = cases_from_turn(record.result, "ui-feedback", corrected, record.state_before, audio=_media(record.audio_path),
                           screenshot=shot, context=context, note=(note or "").strip() or None)
    try:
        return store.add(case)
    except FailureStoreError as err:
        raise InputError("failure-store", str(err)) from None


def review_failure(store: FailureStore, fid: str, status: str, corrected_text: str | None = None) -> Any:
    """Accept / reject / edit one stored failure; the edit is validated like a new correction."""
    if not fid:
        raise InputError("failure-none-selected", "pick a failure first")
    corrected = parse_correction(corrected_text) if corrected_text and corrected_text.strip() else None
    try:
        return store.review(fid, status, corrected)
    except FailureStoreError as err:
        raise InputError("failure-store", str(err)) from None
