"""A fake Telegram Bot API on loopback: the real HTTP protocol (POST /bot<token>/<method>), recorded calls."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass
class FakeTelegram:
    token: str
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    updates: list[dict[str, Any]] = field(default_factory=list)  # served to getUpdates (long polling)
    _next_id: int = 100

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    async def _method(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        method = request.path_params["method"]
        if request.headers.get("content-type", "").startswith("application/json"):
            params = await request.json()
        else:
            params = {k: v for k, v in (await request.form()).items()}
        self.calls.append((method, dict(params)))
        self._next_id += 1
        now = int(time.time())
        if method == "getMe":
            result: Any = {"id": 4242, "is_bot": True, "first_name": "Spotter", "username": "spotter_test_bot"}
        elif method == "sendMessage":
            result = {
                "message_id": self._next_id,
                "date": now,
                "text": params.get("text", ""),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
            }
        elif method == "getFile":
            file_id = params["file_id"]
            result = {
                "file_id": file_id,
                "file_unique_id": file_id + "u",
                "file_size": len(self.files[file_id]),
                "file_path": f"voice/{file_id}.oga",
            }
        elif method in ("answerCallbackQuery", "deleteWebhook", "setWebhook"):
            result = True
        elif method == "getUpdates":
            offset = int(params.get("offset") or 0)
            result = [u for u in self.updates if u["update_id"] >= offset]
            if not result:
                await asyncio.sleep(0.2)  # a short "long poll"
        else:
            return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        return JSONResponse({"ok": True, "result": result})

    async def _file(self, request: Request) -> Response:
        name = request.path_params["path"].split("/")[-1].rsplit(".", 1)[0]
        if request.path_params["token"] != self.token or name not in self.files:
            return Response(status_code=404)
        return Response(self.files[name], media_type="application/octet-stream")

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/bot{token}/{method}", self._method, methods=["POST", "GET"]),
                Route("/file/bot{token}/{path:path}", self._file),
            ]
        )
