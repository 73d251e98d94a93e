"""Twilio's Messages API on 127.0.0.1: the account's Basic auth checked, each SMS kept; numbers in
`refused` answered as Twilio answers a number it will never deliver to (400, code 21211), and
`failing` server errors (500) still to give before accepting."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.servers import serve


@dataclass
class FakeTwilio:
    base_url: str = ""
    account_sid: str = "AC" + "0" * 32
    auth_token: str = "twilio-test-token"
    sent: list[dict[str, str]] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)
    failing: int = 0
    tries: list[str] = field(default_factory=list)  # the To of every well-formed request

    async def messages(self, request: Request) -> Response:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return JSONResponse({"code": 20003, "message": "Authenticate", "status": 401}, status_code=401)
        if request.path_params["sid"] != self.account_sid:
            return JSONResponse({"code": 20404, "message": "not found", "status": 404}, status_code=404)
        form = await request.form()
        to, sender, body = (str(form.get(k, "")) for k in ("To", "From", "Body"))
        if not to or not sender or not body:
            return JSONResponse({"code": 21604, "message": "To, From and Body are required", "status": 400}, 400)
        self.tries.append(to)
        if to in self.refused:
            refusal = {"code": 21211, "message": f"The 'To' number {to} is not a valid phone number.", "status": 400}
            return JSONResponse(refusal, status_code=400)
        if self.failing > 0:
            self.failing -= 1
            return JSONResponse({"code": 20500, "message": "Internal Server Error", "status": 500}, 500)
        self.sent.append({"to": to, "from": sender, "body": body})
        sid = "SM" + secrets.token_hex(16)
        answer = {"sid": sid, "account_sid": self.account_sid, "to": to, "from": sender, "body": body}
        return JSONResponse({**answer, "status": "queued", "num_segments": "1"}, status_code=201)

    def app(self) -> Starlette:
        path = "/2010-04-01/Accounts/{sid}/Messages.json"
        return Starlette(routes=[Route(path, self.messages, methods=["POST"])])


@contextmanager
def twilio_api() -> Iterator[FakeTwilio]:
    fake = FakeTwilio()
    with serve(fake.app()) as url:
        fake.base_url = url
        yield fake
