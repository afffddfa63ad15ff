"""Many seats on one server: N concurrent `gradio_client` sessions against one `cockpit-sim run`.

Starts the server as a user does (default models unless --backend/--tts say otherwise) on a free loopback
port with a throw-away data directory, waits until the command model has loaded (a turn says which model
answered), then in the same run:

1. one client alone plays --turns typed turns (the single-client median);
2. --clients clients at once each play --turns turns (closed loop: each sends its next turn when the last
   one answered), every client with its own target values, so a value another client set showing up in this
   client's world is an isolation violation. After the load every client's /state is checked against the
   last values it set.

Prints a table (p50, p95, max per phase; errors; isolation violations; the p95-under-load / single-median
ratio) and one JSON line. The server is stopped at the end, even on failure.

Run: .venv/bin/python bench/bench_serving.py [--clients 20] [--turns 5] [--backend sft] [--tts pyttsx3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.table import print_table  # noqa: E402
from tests.browser.conftest import start_server, stop_server  # noqa: E402  (`cockpit-sim run` as a user starts it)
from multimodal.stats import percentile  # noqa: E402

# Each turn sets an absolute value, so the expected final state of a client's world is known exactly.
ZONES = ("driver", "passenger")


@dataclass(frozen=True)
class PlannedTurn:
    text: str
    signal: str
    value: float


def turns_for(client: int, n: int) -> list[PlannedTurn]:
    """Client-specific absolute targets, alternating zh/en and zones: no two clients share a final state."""
    out = []
    for i in range(n):
        zone = ZONES[(client + i) % 2]
        temp = 16 + (client * 3 + i * 7) % 15  # 16..30 °C, the contract's range
        if i % 2 == 0:
            text = f"把{'主驾' if zone == 'driver' else '副驾'}温度调到{temp}度"
        else:
            text = f"set the {zone} temperature to {temp} degrees"
        out.append(PlannedTurn(text, f"hvac.set_temp_c.{zone}", float(temp)))
    return out


@dataclass
class ClientLog:
    latencies_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    backends: set[str] = field(default_factory=set)


def wait_for_model(client, backend: str, timeout_s: float = 600) -> None:
    """Typed turns use the rules until the preferred model has loaded; the bench measures the preferred one."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        turn = client.predict("打开空调", api_name="/say")
        if _backend_of(turn).split(":")[0] == backend:
            return
        time.sleep(2)
    raise TimeoutError(f"the {backend} command model did not load within {timeout_s:.0f} s")


def _backend_of(turn: dict) -> str:
    return str((turn.get("parse") or {}).get("backend", ""))


class LeanClient:
    """The same queue protocol as gradio_client (join, then read the SSE stream for this session), over one
    persistent HTTP connection. gradio_client builds two httpx clients, each with a fresh TLS context, per call
    (~100 ms of CPU even for http://); with 20 of them on the same 2 cores as the server, that, not the
    server, sets the latency. This client shows what the server itself sustains."""

    def __init__(self, url: str, fn_index: dict[str, int]):
        import uuid

        import httpx

        self.url, self.fn_index = url.rstrip("/") + "/gradio_api/", fn_index
        self.session = uuid.uuid4().hex[:11]
        self.http = httpx.Client(timeout=120)

    def predict(self, *data, api_name: str) -> dict:
        fn = self.fn_index[api_name]
        join = self.http.post(self.url + "queue/join", json={"data": list(data), "fn_index": fn, "event_data": None,
                                                               "trigger_id": None, "session_hash": self.session})
        join.raise_for_status()
        event_id = join.json()["event_id"]
        with self.http.stream("GET", self.url + "queue/data", params={"session_hash": self.session}) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data:"):
                    continue
                msg = json.loads(line[5:])
                if msg.get("event_id") == event_id and msg.get("msg") == "process_completed":
                    if not msg.get("success", True):
                        raise RuntimeError(f"{api_name} failed: {msg.get('output')}")
                    return msg["output"]["data"][0]
        raise RuntimeError(f"{api_name}: the stream ended before the result")


def fn_indexes(url: str) -> dict[str, int]:
    from gradio_client import Client

    client = Client(url, verbose=False)
    return {name: client._infer_fn_index(name, None) for name in ("/say", "/state")}


def play(url: str, client_id: int, n: int, log: ClientLog, start: threading.Barrier | None,
         lean: dict[str, int] | None = None) -> None:
    from gradio_client import Client

    client = LeanClient(url, lean) if lean else Client(url, verbose=False)
    planned = turns_for(client_id, n)
    if start is not None:
        start.wait()
    last: dict[str, float] = {}
    for turn in planned:
        t0 = time.perf_counter()
        try:
            out = client.predict(turn.text, "", "", api_name="/say")
        except Exception as err:  # noqa: BLE001 - counted, the bench goes on
            log.errors.append(f"{type(err).__name__}: {err}")
            continue
        log.latencies_s.append(time.perf_counter() - t0)
        log.backends.add(_backend_of(out))
        if out.get("error"):
            log.errors.append(str(out["error"]))
            continue
        last[turn.signal] = turn.value
        change = out.get("changes", {}).get(turn.signal)
        if change is not None and change.get("new") != turn.value:
            log.violations.append(f"client {client_id}: {turn.signal} became {change.get('new')}, asked {turn.value}")
    state = client.predict(api_name="/state")["state"]
    for signal, value in last.items():
        if state.get(signal) != value:
            log.violations.append(f"client {client_id}: final {signal}={state.get(signal)}, its own last was {value}")


def run_phase(url: str, clients: int, n: int, offset: int, lean: dict[str, int] | None = None) -> list[ClientLog]:
    logs = [ClientLog() for _ in range(clients)]
    barrier = threading.Barrier(clients) if clients > 1 else None
    threads = [threading.Thread(target=play, args=(url, offset + i, n, logs[i], barrier, lean))
               for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return logs


def cpu_s(pid: int | None = None) -> float:
    """CPU seconds (user + system) used so far by a process (None: this one, the clients)."""
    if pid is None:
        import resource

        ru = resource.getrusage(resource.RUSAGE_SELF)
        return ru.ru_utime + ru.ru_stime
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measured(url: str, pid: int, clients: int, n: int, offset: int, lean: dict[str, int] | None) -> dict:
    server0, client0, t0 = cpu_s(pid), cpu_s(), time.perf_counter()
    out = summarize(run_phase(url, clients, n, offset, lean))
    turns = max(out["turns"], 1)
    out.update(wall_s=time.perf_counter() - t0, server_cpu_ms_per_turn=(cpu_s(pid) - server0) / turns * 1000,
               client_cpu_ms_per_turn=(cpu_s() - client0) / turns * 1000)
    return out


def summarize(logs: list[ClientLog]) -> dict:
    lat = [x for log in logs for x in log.latencies_s]
    firsts = [log.latencies_s[0] for log in logs if log.latencies_s]
    later = [x for log in logs for x in log.latencies_s[1:]]
    return {"turns": len(lat), "first_turn_p50_s": statistics.median(firsts) if firsts else float("nan"),
            "later_turns_p95_s": percentile(later, 95) if later else float("nan"), "p50_s": statistics.median(lat) if lat else float("nan"),
            "p95_s": percentile(lat, 95) if lat else float("nan"), "max_s": max(lat) if lat else float("nan"),
            "errors": sum(len(log.errors) for log in logs), "violations": sum(len(log.violations) for log in logs),
            "first_errors": [e for log in logs for e in log.errors][:3],
            "first_violations": [v for log in logs for v in log.violations][:3],
            "backends": sorted({b for log in logs for b in log.backends})}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--turns", type=int, default=5, help="turns per client in each phase")
    ap.add_argument("--backend", default="sft", help="command model (default sft, the shipped one)")
    ap.add_argument("--tts", default=None, help="speech synthesis (default: the server's, pyttsx3)")
    ap.add_argument("--single-turns", type=int, default=15, help="turns of the lone client")
    ap.add_argument("--client", choices=("gradio_client", "lean"), default="gradio_client",
                    help="gradio_client (what users script with) or a lean client of the same protocol that keeps "
                         "one connection (shows the server's own capacity)")
    args = ap.parse_args()
    from gradio_client import Client

    home = Path(tempfile.mkdtemp(prefix="bench-serving-", dir=Path.home() / ".cache"))
    extra = ["--backend", args.backend, *(["--tts", args.tts] if args.tts else [])]
    proc, url = start_server(home, default_models=True, extra=extra, start_timeout_s=180)
    try:
        wait_for_model(Client(url, verbose=False), args.backend)
        run_phase(url, 1, 3, offset=1000)  # warm the endpoints and the TTS cache of nothing in particular
        lean = fn_indexes(url) if args.client == "lean" else None
        single = measured(url, proc.pid, 1, args.single_turns, 0, lean)
        load = measured(url, proc.pid, args.clients, args.turns, 1, lean)
    finally:
        stop_server(proc)
        shutil.rmtree(home, ignore_errors=True)
    ratio = load["p95_s"] / single["p50_s"]
    print_table(f"{args.clients} concurrent {args.client} sessions on one `cockpit-sim run` "
                f"(command: {args.backend}; {os.cpu_count()} cores)",
                [("phase", "<22"), ("turns", ">7"), ("p50 s", ">9.3f"), ("p95 s", ">9.3f"), ("max s", ">9.3f"),
                 ("errors", ">8"), ("isolation", ">11"), ("server cpu ms/turn", ">20.0f"),
                 ("client cpu ms/turn", ">20.0f")],
                [(name, r["turns"], r["p50_s"], r["p95_s"], r["max_s"], r["errors"], r["violations"],
                  r["server_cpu_ms_per_turn"], r["client_cpu_ms_per_turn"])
                 for name, r in (("1 client", single), (f"{args.clients} clients", load))])
    print(f"p95 under load / single-client median = {ratio:.2f}x")
    print(json.dumps({"clients": args.clients, "client": args.client, "single": single, "load": load, "p95_over_single_median": ratio}))


if __name__ == "__main__":
    main()
