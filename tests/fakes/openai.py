"""A fake OpenAI-compatible chat completions server on loopback (the real /v1/chat/completions protocol)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


@dataclass
class FakeLlm:
    """Answers with the first canned reply whose key appears in the prompt; 500 when none does."""

    replies: dict[str, dict[str, Any]] = field(default_factory=dict)
    prompts: list[str] = field(default_factory=list)

    async def _chat(self, request: Request) -> JSONResponse:
        body = await request.json()
        prompt = " ".join(str(m.get("content", "")) for m in body.get("messages", []))
        self.prompts.append(prompt)
        reply = next((r for key, r in self.replies.items() if key in prompt), None)
        if reply is None:
            return JSONResponse({"error": {"message": "model overloaded", "type": "server_error"}}, 500)
        return JSONResponse(
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "created": 0,
                "model": body.get("model", "fake"),
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": json.dumps(reply)},
                    }
                ],
                "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
            }
        )

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/v1/chat/completions", self._chat, methods=["POST"])])
