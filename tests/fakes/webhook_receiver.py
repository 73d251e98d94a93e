"""A webhook receiver on 127.0.0.1 (a real uvicorn server on a socket bound to port 0, in a thread),
written as an integrator would: it checks every signature with the README's recipe, processes each
event id once, and can fail on purpose (500 before processing; or `lose_answers`: process, then
answer 500 as if the answer were lost, so that the event comes again)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from assistant.webhooks.signing import verify


@dataclass
class Receiver:
    secrets: dict[str, str] = field(default_factory=dict)  # webhook id -> secret
    fail_first: int = 0  # answer 500 to this many requests, before processing them
    lose_answers: int = 0  # then process this many and answer 500 anyway
    status: int = 200  # the answer once it stops failing
    requests: list[dict[str, str]] = field(default_factory=list)
    bad_signatures: int = 0
    processed: Counter[str] = field(default_factory=Counter)  # event id -> times processed (must be 1)
    seen: Counter[str] = field(default_factory=Counter)  # event id -> times received validly
    events: dict[str, dict[str, object]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    async def handle(self, request: Request) -> Response:
        body = await request.body()
        hook = request.headers.get("spotter-webhook-id", "")
        header = request.headers.get("spotter-signature", "")
        with self.lock:
            self.requests.append(dict(request.headers))
            if not verify(self.secrets.get(hook, ""), header, body):
                self.bad_signatures += 1
                return JSONResponse({"error": "bad signature"}, status_code=400)
            event = json.loads(body)
            assert event["id"] == request.headers["spotter-event-id"]
            self.seen[event["id"]] += 1
            if self.fail_first > 0:
                self.fail_first -= 1
                return JSONResponse({"error": "failing on purpose"}, status_code=500)
            if not 200 <= self.status < 300:
                return JSONResponse({"error": "failing"}, status_code=self.status)
            if event["id"] not in self.processed:  # dedupe on the event id: at least once in, once processed
                self.processed[event["id"]] += 1
                self.events[event["id"]] = event
            if self.lose_answers > 0:
                self.lose_answers -= 1
                return JSONResponse({"error": "answer lost"}, status_code=500)
            return JSONResponse({"ok": True}, status_code=self.status)


@contextmanager
def receiving(receiver: Receiver) -> Iterator[Receiver]:
    app = Starlette(routes=[Route("/hook", receiver.handle, methods=["POST"])])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    receiver.url = f"http://127.0.0.1:{sock.getsockname()[1]}/hook"
    try:
        yield receiver
    finally:
        server.should_exit = True
        thread.join(5)
        sock.close()
