"""One router per resource. `Router` turns away paths outside its prefix before trying its routes.

FastAPI tries the routes of every included router in turn, so a request for the last route paid
for every miss before it (measured: benchmarks/README.md, "Notes moved from the code"). A resource
router knows where it is served (set when the app includes it) and answers "no match" at once for
any path not under that prefix.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.routing import Match
from starlette.types import Scope


def route_path(scope: Scope) -> str:
    """The path below the app's `root_path` (in ASGI, `path` includes it), as routes see it."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root) and path[len(root) : len(root) + 1] in ("", "/"):
        return path[len(root) :]
    return path


class Router(APIRouter):
    served_under: str | None = None  # the whole prefix, e.g. "/api/v1/workouts"

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        prefix = self.served_under
        if prefix and scope["type"] in ("http", "websocket"):
            path = route_path(scope)
            if not (path == prefix or path.startswith(prefix + "/")):
                return Match.NONE, {}
        return super().matches(scope)


def serve_under(router: APIRouter, prefix: str) -> APIRouter:
    """Tell a resource router where the app includes it (a plain APIRouter is left as it is)."""
    if isinstance(router, Router) and router.prefix:
        router.served_under = prefix + router.prefix
    return router


__all__ = ["Router", "serve_under"]
