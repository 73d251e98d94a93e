"""A fake OpenAI-compatible chat completions server on loopback (the real /v1/chat/completions protocol)."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

# A reply: a dict (sent as the message's JSON content), a str (sent as it is: malformed JSON),
# {"$status": 500} (an error answer), {"$sleep": s} (answers after s seconds), or a list of these
# (one per call, the last one repeated).
Reply = dict[str, Any] | str | list[Any]


@dataclass
class FakeLlm:
    """Answers with the first scripted reply whose key appears in the prompt; 500 when none does."""

    replies: dict[str, Reply] = field(default_factory=dict)
    prompts: list[str] = field(default_factory=list)
    calls: dict[str, int] = field(default_factory=dict)

    async def _chat(self, request: Request) -> JSONResponse:
        body = await request.json()
        prompt = " ".join(str(m.get("content", "")) for m in body.get("messages", []))
        self.prompts.append(prompt)
        key = next((k for k in self.replies if k in prompt), None)
        if key is None:
            return JSONResponse({"error": {"message": "model overloaded", "type": "server_error"}}, 500)
        reply = self.replies[key]
        n = self.calls[key] = self.calls.get(key, 0) + 1
        if isinstance(reply, list):
            reply = reply[min(n, len(reply)) - 1]
        if isinstance(reply, dict) and "$sleep" in reply:
            await asyncio.sleep(reply["$sleep"])
        if isinstance(reply, dict) and "$status" in reply:
            return JSONResponse({"error": {"message": "scripted failure", "type": "server_error"}}, reply["$status"])
        content = reply if isinstance(reply, str) else json.dumps(reply)
        return JSONResponse(
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "created": 0,
                "model": body.get("model", "fake"),
                "choices": [
                    {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}
                ],
                "usage": {"prompt_tokens": len(prompt) // 4, "completion_tokens": len(content) // 4, "total_tokens": 1},
            }
        )

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/v1/chat/completions", self._chat, methods=["POST"])])
