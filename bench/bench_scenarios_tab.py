"""The Scenarios tab's verdicts against the CLI's, on the whole library, with the page's own models.

Every library scenario is played through the tab's desk (the page's shared models, the command model pinned
per run, screens saved for the evidence), then through `scenarios.runner.run_all` on the same plan; the
verdicts and every step's check results must be equal. Prints one JSON line with the counts and the wall time
of each.

Run: .venv/bin/python bench/bench_scenarios_tab.py [--backend sft] [--asr faster-whisper] [--screen ocr] [-k TEXT]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", default=None, help="command backend (default: the registry default, sft)")
    ap.add_argument("--asr", default=None)
    ap.add_argument("--screen", default=None)
    ap.add_argument("-k", default="", help="only scenario ids containing this text")
    args = ap.parse_args()

    from tqdm import tqdm

    from multimodal.registry import BackendPlan
    from scenarios.playback import Pace
    from scenarios.runner import RunOptions, run_all
    from scenarios.ui.desk import ScenarioDesk
    from simulator.ui.app import AppOptions, CockpitApp

    plan = BackendPlan.from_flags(command=args.backend, asr=args.asr, screen=args.screen, tts="fake")
    app = CockpitApp(AppOptions(plan=plan, load_models=True))
    app.models.start()
    app.models.wait(900)
    desk = ScenarioDesk(app)
    keys = sorted(k for k in desk.scenarios if args.k in k)
    t0 = time.perf_counter()
    for key in tqdm(keys, desc="tab", unit="scenario", file=sys.stderr):
        desk.start(key, Pace.FAST)
        desk.wait(900)
    tab_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    cli = {r.id: r for r in run_all([desk.scenarios[k] for k in keys], RunOptions(backends=plan.without("tts")))}
    cli_s = time.perf_counter() - t0

    def checks(result):
        return [(s.index, s.ok, [c.ok for c in s.checks]) for s in result.steps]

    differ = [k for k in keys if desk.runs[k].ok != cli[k].ok or checks(desk.runs[k]) != checks(cli[k])]
    print(json.dumps({"scenarios": len(keys), "same_verdict_and_checks": len(keys) - len(differ), "differ": differ,
                      "tab_pass": sum(desk.runs[k].ok for k in keys), "cli_pass": sum(r.ok for r in cli.values()),
                      "tab_wall_s": round(tab_s, 1), "cli_wall_s": round(cli_s, 1),
                      "tab_command_models": sorted({desk.runs[k].backends.get("command", "") for k in keys})}))
    app.stop()


if __name__ == "__main__":
    main()
