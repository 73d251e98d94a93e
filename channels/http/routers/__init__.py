"""One router per resource. `Router` turns away paths outside its prefix before trying its routes.

FastAPI tries the routes of every included router in turn, so a request for the last route paid
for every miss before it (measured: benchmarks/README.md, "Notes moved from the code"). A resource
router knows where it is served (set when the app includes it) and answers "no match" at once for
any path not under that prefix.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.routing import APIRoute
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


def literal_paths_first(router: APIRouter) -> None:
    """A literal path (/workouts/batch) is a resource of its own, not an id for the templated route
    beside it (/workouts/{workout_id}): a method it does not take is a 405 naming the ones it does,
    not a 422 for an id that is not one. Call once all the router's routes are added."""
    literal: dict[str, set[str]] = {}
    for route in router.routes:
        if isinstance(route, APIRoute) and "{" not in route.path:
            literal.setdefault(route.path, set()).update(route.methods or ())
    templated = [r for r in router.routes if isinstance(r, APIRoute) and "{" in r.path]
    for path, methods in literal.items():
        shadowed = {m for r in templated if r.path_regex.match(path) for m in r.methods or ()} - methods
        if shadowed:
            router.add_api_route(path[len(router.prefix) :], _refuse, methods=sorted(shadowed), include_in_schema=False)
            router.routes.insert(0, router.routes.pop())


async def _refuse() -> None:
    raise HTTPException(405, "Method Not Allowed")


def serve_under(router: APIRouter, prefix: str) -> APIRouter:
    """Tell a resource router where the app includes it (a plain APIRouter is left as it is)."""
    if isinstance(router, Router) and router.prefix:
        router.served_under = prefix + router.prefix
    return router


__all__ = ["Router", "literal_paths_first", "serve_under"]
