"""A resource router turns away paths outside its prefix; inside it, FastAPI's matching as before."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Match

from channels.http.routers import Router, route_path, serve_under


def make_app() -> tuple[FastAPI, Router]:
    items = Router(prefix="/items")

    @items.get("/{item_id}")
    async def get_item(item_id: int) -> dict[str, int]:
        return {"id": item_id}

    other = Router(prefix="/itemsets")

    @other.get("")
    async def list_itemsets() -> list[int]:
        return [1]

    app = FastAPI()
    for r in (items, other):
        app.include_router(serve_under(r, "/api"), prefix="/api")
    return app, items


def test_paths_outside_the_prefix_are_not_tried() -> None:
    _, items = make_app()
    assert items.served_under == "/api/items"
    for path in ("/api/itemsets", "/api/other/1", "/items/1"):
        scope = {"type": "http", "path": path, "root_path": "", "method": "GET"}
        assert items.matches(scope) == (Match.NONE, {})


def test_routes_still_match_404_and_405_as_before() -> None:
    app, _ = make_app()
    with TestClient(app) as c:
        assert c.get("/api/items/7").json() == {"id": 7}
        assert c.get("/api/itemsets").json() == [1]  # a sibling whose name starts the same
        assert c.post("/api/items/7").status_code == 405
        assert c.get("/api/items/7/x").status_code == 404
        assert c.get("/api/nothing").status_code == 404


def test_paths_are_matched_below_the_root_path() -> None:
    """ASGI servers put the root path (a proxy's /app) in front of `path`; routes see what follows."""
    assert route_path({"path": "/app/api/items", "root_path": "/app"}) == "/api/items"
    assert route_path({"path": "/app", "root_path": "/app"}) == ""
    assert route_path({"path": "/application/api", "root_path": "/app"}) == "/application/api"
    assert route_path({"path": "/api/items", "root_path": ""}) == "/api/items"
