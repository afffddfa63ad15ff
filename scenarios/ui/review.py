"""What a reviewer does with a finished run in the Scenarios tab: file a failed step, sign the scenario off
(for the command model the run used), and download the CLI's report with the sign-offs."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any, Mapping, Sequence

from multimodal.cache import atomic_write_bytes
from scenarios.model import Scenario, ScenarioResult
from scenarios.playback import Playback
from scenarios.signoff import AdapterIdentity, Signoff, SignoffStatus, SignoffStore, scenario_sha256, status


def file_failure(playback: Playback, index: int, store: Any) -> str:
    """The failed turn step ``index`` points at, in the failure store as the CLI files it; its id."""
    from scenarios.failures import record_step_failure

    step = next((s for s in playback.result.steps if s.index == index), None)
    if step is None or step.ok:
        raise ValueError(f"step {index} did not fail: only failed steps go to the failure store")
    return record_step_failure(playback.scenario, playback.result, index, store)


def sign(store: SignoffStore, scenario: Scenario, run: ScenarioResult, adapter: AdapterIdentity, decision: str,
         reviewer: str, note: str) -> Signoff:
    return store.add(Signoff(
        scenario_id=scenario.id, scenario_file=scenario.file, scenario_sha256=scenario_sha256(scenario),
        adapter=adapter, verdict="pass" if run.ok else "fail", decision=decision,
        reviewer=(reviewer or "").strip(), note=(note or "").strip()))


def status_of(store: SignoffStore, scenario: Scenario, run: ScenarioResult | None,
              adapter: AdapterIdentity) -> SignoffStatus:
    """The latest sign-off and what changed since: the scenario, the adapter, and (once played) the verdict."""
    signed = store.latest(scenario.id)
    if run is not None:
        verdict = "pass" if run.ok else "fail"
    else:  # not played here yet: only the scenario and the adapter can have changed
        verdict = signed.verdict if signed is not None else "pass"
    return status(signed, scenario_sha256(scenario), adapter, verdict)


def write_report(results: Sequence[ScenarioResult], statuses: Mapping[str, SignoffStatus | None], screens_dir: Path,
                 out: Path) -> Path:
    """The CLI's report.html for ``results`` plus the sign-offs, screens inlined; written atomically to ``out``
    (one file per desk, replaced on each build)."""
    from scenarios.report_html import build_html
    from scenarios.summary import summarize

    html = build_html(results, summarize(results), title="Scenario acceptance report (browser)",
                      signoffs={k: v for k, v in statuses.items() if v is not None})
    html = inline_screens(html, screens_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out, html.encode("utf-8"))
    return out


def inline_screens(html: str, report_dir: Path) -> str:
    """Screens the report links as files under screens/ become data URIs, so the download is one file."""

    def embed(match: re.Match) -> str:
        path = report_dir / match.group(2)
        if not path.is_file():
            return match.group(0)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'{match.group(1)}="data:image/png;base64,{data}"'

    return re.sub(r'(src|href)="(screens/[^"]+\.png)"', embed, html)
