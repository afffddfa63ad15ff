"""`openai` command backend: any OpenAI-compatible endpoint (vLLM, llama.cpp server…).

Two protocols. ``chat`` (the default) talks to ``/v1/chat/completions`` with a system prompt and JSON output.
``completions`` talks to ``/v1/completions`` in the project's own prompt and compact output format
(multimodal/command/output_format.py), which is what the shipped LoRA adapter was trained on: it serves that
adapter from vLLM on a GPU (docs/serving.md).

The request asks for JSON constrained to the command schema (``response_format`` = ``json_schema``,
built from ``vehicle_state.commands.INTENTS``); the answer is parsed and validated against the
contract all the same and checked by the guard (multimodal/command/lm.py). A malformed answer gets
one retry that quotes the validation error; a failed request gets none (a dead endpoint will not
answer a retry either); then the ``rules`` backend answers, then ``unsupported``.

Options: ``base_url`` (else ``$COCKPIT_OPENAI_BASE_URL`` / ``$OPENAI_BASE_URL``), ``model`` (else
``$COCKPIT_OPENAI_MODEL`` / ``$OPENAI_MODEL``), ``api_key_env`` (name of the variable holding the key,
default ``OPENAI_API_KEY``; the key itself is never an option so it stays out of configs and traces),
``timeout_s``, ``fallback``, ``guard``, ``protocol`` (``chat`` | ``completions``). Only the standard library is
used (urllib).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from typing import Any

from multimodal.command.lm import GenerationError, LmCommandModel
from multimodal.command.output_format import build_prompt, decode
from multimodal.protocols import BackendInfo, CommandContext
from vehicle_state.commands import INTENTS, Command, CommandValidationError, validate_commands

_KIND_SCHEMA = {"bool": {"type": "boolean"}, "number": {"type": "number"}, "int": {"type": "integer"},
                "text": {"type": "string", "minLength": 1}}


def command_schema() -> dict[str, Any]:
    """JSON Schema of ``{"commands": [...]}`` with one branch per intent."""
    branches = []
    for name, spec in INTENTS.items():
        props = {}
        for slot, s in spec.slots.items():
            props[slot] = {"type": "string", "enum": list(s.enum)} if s.kind == "enum" else dict(_KIND_SCHEMA[s.kind])
        branches.append({
            "type": "object",
            "properties": {"intent": {"type": "string", "enum": [name]},
                           "slots": {"type": "object", "properties": props,
                                     "required": [k for k, s in spec.slots.items() if s.required],
                                     "additionalProperties": False}},
            "required": ["intent", "slots"], "additionalProperties": False})
    return {"type": "object",
            "properties": {"commands": {"type": "array", "minItems": 1, "maxItems": 4, "items": {"anyOf": branches}}},
            "required": ["commands"], "additionalProperties": False}


SYSTEM_PROMPT = """You turn one in-car voice command (Chinese or English) into cockpit commands.
Answer with JSON only: {"commands": [{"intent": ..., "slots": {...}}, ...]} - 1 to 4 commands in the order spoken.
Rules: slots hold only what the utterance says (never fill in a default zone, level or step); numbers are JSON
numbers; enums are the lower-case words of the schema; free text (destination, query, label, contact, location,
name) is copied in the utterance's own language and script, trimmed, without trailing particles. A zone belongs
only to the command it is spoken with. "my side / 我这边" names no zone. 空调/climate on-off is hvac.power;
A/C, AC, air con, 制冷 is hvac.ac. Complaints are adjustments (好冷 -> hvac.adjust_temperature up; too loud ->
media.adjust_volume down; fogging up -> hvac.defrost on, front unless the rear window is named). Driving
controls (accelerate, brake, steer, gears, disabling ESP/ADAS, doors/trunk while moving) are
{"intent": "unsupported", "slots": {"reason": "unsafe"}}; chit-chat and things the car cannot do are
{"intent": "unsupported", "slots": {"reason": "out_of_domain"}}; unsupported is always alone.
回家 -> nav.navigate destination "home", 去公司 -> "work". screen.tap label is the on-screen text as listed.
Intents and slots: """ + "; ".join(
    name + "(" + ", ".join(k + ("" if s.required else "?") for k, s in spec.slots.items()) + ")"
    for name, spec in INTENTS.items())


PROTOCOLS = ("chat", "completions")
COMPACT_MAX_TOKENS = 64  # the sft backend's own limit for the compact format


class OpenAIError(GenerationError):
    """The endpoint gave no usable answer (unreachable, an HTTP error, a reply without content)."""


class OpenAICommandModel(LmCommandModel):
    name = "openai"

    # Each parse is its own HTTP request: concurrent sessions reach the endpoint at once, and a serving engine
    # (vLLM) batches them there.
    concurrent_generate = True

    def __init__(self, base_url: str | None = None, model: str | None = None, api_key_env: str = "OPENAI_API_KEY",
                 timeout_s: float = 20.0, fallback: str | None = "rules", temperature: float = 0.0,
                 max_tokens: int = 400, guard: bool = True, protocol: str = "chat"):
        super().__init__(fallback=fallback, guard=guard)
        if protocol not in PROTOCOLS:
            raise ValueError(f"protocol must be one of {', '.join(PROTOCOLS)}, got {protocol!r}")
        self.protocol = protocol
        self.base_url = (base_url or os.environ.get("COCKPIT_OPENAI_BASE_URL") or os.environ.get("OPENAI_BASE_URL")
                         or "http://127.0.0.1:8000/v1").rstrip("/")
        self.model = model or os.environ.get("COCKPIT_OPENAI_MODEL") or os.environ.get("OPENAI_MODEL") or "default"
        self.api_key_env = api_key_env
        self.timeout_s = float(timeout_s)
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.schema = command_schema()

    @classmethod
    def describe(cls) -> BackendInfo:
        url = os.environ.get("COCKPIT_OPENAI_BASE_URL") or os.environ.get("OPENAI_BASE_URL")
        detail = (f"OpenAI-compatible endpoint {url}" if url else
                  "set COCKPIT_OPENAI_BASE_URL (e.g. http://127.0.0.1:8000/v1 for vLLM) and COCKPIT_OPENAI_MODEL, "
                  "or pass base_url=/model=")
        return BackendInfo("openai", "command", ("zh", "en"), bool(url), detail)

    def info(self) -> BackendInfo:
        return BackendInfo("openai", "command", ("zh", "en"), True, f"{self.base_url} model={self.model}")

    # ---- HTTP
    def _post(self, messages: list[dict[str, str]]) -> str:
        body = {"model": self.model, "messages": messages, "temperature": self.temperature,
                "max_tokens": self.max_tokens,
                "response_format": {"type": "json_schema",
                                    "json_schema": {"name": "cockpit_commands", "schema": self.schema}}}
        payload = self._request("chat/completions", body)
        try:
            content = payload["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise OpenAIError("the response has no choices[0].message.content") from None
        if not isinstance(content, str):
            raise OpenAIError("choices[0].message.content is not text")
        return content

    def _complete(self, prompt: str) -> str:
        body = {"model": self.model, "prompt": prompt, "temperature": 0.0, "max_tokens": COMPACT_MAX_TOKENS}
        payload = self._request("completions", body)
        try:
            text = payload["choices"][0]["text"]
        except (KeyError, IndexError, TypeError):
            raise OpenAIError("the response has no choices[0].text") from None
        if not isinstance(text, str):
            raise OpenAIError("choices[0].text is not text")
        return text

    def _request(self, path: str, body: dict[str, Any]) -> Any:
        headers = {"Content-Type": "application/json"}
        key = os.environ.get(self.api_key_env)
        if key:
            headers["Authorization"] = f"Bearer {key}"
        req = urllib.request.Request(f"{self.base_url}/{path}", data=json.dumps(body).encode("utf-8"),
                                     headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout_s) as resp:
                payload = json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as err:
            raise OpenAIError(f"HTTP {err.code} from {self.base_url}: {err.read()[:200]!r}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            raise OpenAIError(f"cannot reach {self.base_url}: {err}") from None
        except json.JSONDecodeError:
            raise OpenAIError(f"{self.base_url} answered with something that is not JSON") from None
        return payload

    @staticmethod
    def parse_content(content: str) -> list[Command]:
        text = content.strip()
        if text.startswith("```"):  # some servers wrap JSON in a code fence despite response_format
            text = text.strip("`").removeprefix("json").strip()
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise CommandValidationError(f"not valid JSON: {err.msg}") from None
        if isinstance(data, dict) and "commands" in data:
            data = data["commands"]
        return validate_commands(data)

    # ---- LmCommandModel
    def _prepare(self, text: str, context: CommandContext, timings: dict[str, float]) -> Any:
        if self.protocol == "completions":
            return build_prompt(text, context.screen_labels, context.previous_commands, context.pending_question)
        head = []
        if context.previous_commands:
            head.append("Previous turn's commands (what 'it', 'that', 'again', 'too' refer to): "
                        + json.dumps([c.to_dict() for c in context.previous_commands], ensure_ascii=False))
        if context.pending_question:
            head.append("The cockpit just asked (a yes/no answers it with dialog.confirm / dialog.reject): "
                        + context.pending_question)
        if context.screen_labels:
            head.append("Visible on screen: " + " | ".join(context.screen_labels))
        user = "\n".join(head + ["Utterance: " + text]) if head else text
        return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]

    def _generate(self, prompt: Any, rejected: tuple[str, CommandValidationError] | None,
                  draft: str | None = None) -> str:
        if self.protocol == "completions":
            # Greedy decoding gives the same text again, so the retry cannot quote the error; an endpoint that
            # samples may still answer differently. The guard and the rules fallback stay behind it.
            return self._complete(prompt)
        messages = prompt
        if rejected is not None:
            answer, err = rejected
            messages = prompt + [
                {"role": "assistant", "content": answer},
                {"role": "user", "content": f"That answer is invalid ({err}). Reply again with JSON only, "
                                            f"matching the schema."}]
        return self._post(messages)

    def _decode(self, text: str) -> list[Command]:
        if self.protocol == "completions":
            return decode(text)
        return self.parse_content(text)
