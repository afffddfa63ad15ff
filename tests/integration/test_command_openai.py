"""The `openai` backend against a tiny OpenAI-compatible server on 127.0.0.1 (started here)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import ROOT  # noqa: F401  (puts the repo on sys.path)
from multimodal.command.openai_compat import OpenAICommandModel, command_schema
from multimodal.protocols import CommandContext, InputError
from vehicle_state.commands import Command


class FakeEndpoint:
    """Answers each request with the next scripted content; records what it was sent."""

    def __init__(self):
        self.script: list[object] = []
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self.paths: list[str] = []
        self.completions: list[str] = []  # answers of /v1/completions (the compact format), in order
        self.delay_s = 0.0  # how long each request takes to answer
        self.in_flight = self.max_in_flight = 0
        lock = threading.Lock()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                endpoint.requests.append(body)
                endpoint.headers.append(dict(self.headers))
                endpoint.paths.append(self.path)
                with lock:
                    endpoint.in_flight += 1
                    endpoint.max_in_flight = max(endpoint.max_in_flight, endpoint.in_flight)
                time.sleep(endpoint.delay_s)
                with lock:
                    endpoint.in_flight -= 1
                if self.path == "/v1/completions":
                    text = endpoint.completions.pop(0) if endpoint.completions else ""
                    data = json.dumps({"choices": [{"text": text}]}).encode()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                if self.path != "/v1/chat/completions":
                    self.send_response(404)
                    self.end_headers()
                    return
                item = endpoint.script.pop(0) if endpoint.script else "{}"
                if isinstance(item, int):
                    self.send_response(item)
                    self.end_headers()
                    self.wfile.write(b"server error")
                    return
                payload = {"choices": [{"message": {"role": "assistant", "content": item}}]}
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def endpoint():
    ep = FakeEndpoint()
    yield ep
    ep.close()


def _content(commands):
    return json.dumps({"commands": commands}, ensure_ascii=False)


def test_valid_answer_is_parsed_and_request_is_schema_constrained(endpoint, monkeypatch):
    monkeypatch.setenv("TEST_OPENAI_KEY", "sk-local-test")
    endpoint.script.append(_content([{"intent": "hvac.set_temperature", "slots": {"zone": "driver", "value": 22}},
                                     {"intent": "seat.heat", "slots": {"on": True}}]))
    model = OpenAICommandModel(base_url=endpoint.url, model="qwen-cockpit", api_key_env="TEST_OPENAI_KEY")
    result = model.parse_detailed("把主驾空调调到22度并打开座椅加热")
    assert result.fallback is None
    assert list(result.commands) == [Command("hvac.set_temperature", {"zone": "driver", "value": 22}),
                                     Command("seat.heat", {"on": True})]
    req = endpoint.requests[0]
    assert req["model"] == "qwen-cockpit"
    assert req["response_format"]["type"] == "json_schema"
    assert req["response_format"]["json_schema"]["schema"] == command_schema()
    assert req["messages"][-1]["content"] == "把主驾空调调到22度并打开座椅加热"
    assert endpoint.headers[0]["Authorization"] == "Bearer sk-local-test"


def test_screen_labels_reach_the_prompt(endpoint):
    endpoint.script.append(_content([{"intent": "screen.tap", "slots": {"label": "蓝牙"}}]))
    model = OpenAICommandModel(base_url=endpoint.url)
    cmds = model.parse("点一下蓝牙", context=CommandContext(screen_labels=("蓝牙", "设置")))
    assert cmds == [Command("screen.tap", {"label": "蓝牙"})]
    assert "蓝牙 | 设置" in endpoint.requests[0]["messages"][-1]["content"]


def test_the_dialogue_context_reaches_the_prompt(endpoint):
    closed = Command("window.close", {"zone": "passenger"})
    endpoint.script.append(_content([closed.to_dict()]))
    model = OpenAICommandModel(base_url=endpoint.url, fallback=None)
    ctx = CommandContext(previous_commands=(Command("window.open", {"zone": "passenger"}),),
                         pending_question="Close the sunroof?")
    assert model.parse("close it again", context=ctx) == [closed]
    sent = endpoint.requests[0]["messages"][-1]["content"]
    assert '"window.open"' in sent and "Close the sunroof?" in sent and sent.endswith("Utterance: close it again")


def test_invalid_answer_is_retried_with_the_error(endpoint):
    endpoint.script += [_content([{"intent": "seat.heat", "slots": {"level": 2}}]),  # 'on' missing
                        _content([{"intent": "seat.heat", "slots": {"on": True, "level": 2}}])]
    model = OpenAICommandModel(base_url=endpoint.url)
    result = model.parse_detailed("座椅加热开到二档")
    assert result.fallback == "retry"
    assert list(result.commands) == [Command("seat.heat", {"on": True, "level": 2})]
    assert len(endpoint.requests) == 2
    assert "missing required slot 'on'" in endpoint.requests[1]["messages"][-1]["content"]


def test_garbage_twice_falls_back_and_never_reaches_the_vehicle(endpoint):
    endpoint.script += ["not json at all", _content([{"intent": "doors.open", "slots": {}}])]
    model = OpenAICommandModel(base_url=endpoint.url, fallback=None)
    result = model.parse_detailed("open the doors")
    assert result.fallback == "unsupported"
    assert list(result.commands) == [Command("unsupported", {"reason": "out_of_domain"})]
    assert "not json at all" in result.raw_output


def test_server_error_uses_the_rules_fallback_when_present(endpoint):
    pytest.importorskip("multimodal.command.rules")
    endpoint.script.append(500)
    model = OpenAICommandModel(base_url=endpoint.url)
    result = model.parse_detailed("打开空调")
    assert result.fallback == "rules"
    assert "HTTP 500" in result.raw_output
    assert len(endpoint.requests) == 1  # a failing server is not hammered with a retry


def test_unreachable_endpoint_gives_unsupported_without_fallback():
    model = OpenAICommandModel(base_url="http://127.0.0.1:9/v1", fallback=None, timeout_s=2)
    result = model.parse_detailed("turn on the AC")
    assert result.fallback == "unsupported"
    assert "cannot reach" in result.raw_output


def test_bad_input_is_an_input_error(endpoint):
    model = OpenAICommandModel(base_url=endpoint.url)
    with pytest.raises(InputError) as err:
        model.parse("   ")
    assert err.value.code == "text-empty"
    assert endpoint.requests == []


def test_code_fenced_json_is_accepted():
    cmds = OpenAICommandModel.parse_content('```json\n[{"intent": "media.pause", "slots": {}}]\n```')
    assert cmds == [Command("media.pause", {})]


def test_concurrent_parses_reach_the_endpoint_together(endpoint):
    """Sessions on one server call the endpoint at once (a serving engine batches them); nothing serialises them."""
    from concurrent.futures import ThreadPoolExecutor

    endpoint.delay_s = 0.3
    endpoint.script += [_content([{"intent": "hvac.power", "slots": {"on": True}}])] * 4
    model = OpenAICommandModel(base_url=endpoint.url, fallback=None)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(model.parse, ["打开空调"] * 4))
    assert all(r == [Command("hvac.power", {"on": True})] for r in results)
    assert endpoint.max_in_flight > 1


def test_completions_protocol_speaks_the_adapters_own_format(endpoint):
    """`protocol=completions`: the shipped adapter served by vLLM gets the sft prompt and answers in the compact
    format, decoded and checked like the sft backend's own output."""
    from multimodal.command.output_format import build_prompt, encode

    expected = [Command("hvac.set_temperature", {"zone": "driver", "value": 22}), Command("seat.heat", {"on": True})]
    endpoint.completions = [encode(expected), "not a command at all ((("]
    model = OpenAICommandModel(base_url=endpoint.url, model="cockpit", protocol="completions", fallback=None)
    result = model.parse_detailed("把主驾空调调到22度并打开座椅加热", context=CommandContext(screen_labels=("设置",)))
    assert list(result.commands) == expected and result.fallback is None
    req = endpoint.requests[0]
    assert endpoint.paths[0] == "/v1/completions" and req["model"] == "cockpit"
    assert req["prompt"] == build_prompt("把主驾空调调到22度并打开座椅加热", ("设置",)) and req["temperature"] == 0.0
    garbage = model.parse_detailed("随便说点什么")  # malformed twice: never reaches the vehicle
    assert [c.intent for c in garbage.commands] == ["unsupported"]
    with pytest.raises(ValueError, match="protocol must be one of chat, completions"):
        OpenAICommandModel(base_url=endpoint.url, protocol="grpc")
