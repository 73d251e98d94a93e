"""A resource router turns away paths outside its prefix; inside it, FastAPI's matching as before."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Match

from channels.http.routers import Router, serve_under


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
