from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import Field

from channels.http.deps import App, Reader
from channels.http.schemas import In
from domain import queries

router = APIRouter(prefix="/assistant", tags=["assistant"])


class ParseIn(In):
    text: str = Field(max_length=2000)
    context: dict[str, Any] | None = None


@router.post("/parse")
async def parse(body: ParseIn, who: Reader, spotter: App) -> dict[str, Any]:
    """Text -> commands (contracts/commands.md), with the caller's own exercises and units. Executes nothing."""
    async with spotter.uow() as uow:
        user = await queries.user(uow, who.user_id)
        custom = await queries.custom_exercises(uow, who.user_id)
    context = dict(body.context or {})
    if user is not None:
        context.setdefault("unit_pref", user.unit_pref)
        if user.bar_weight:
            context.setdefault("bar_weight", user.bar_weight)
    if custom:
        context["custom_exercises"] = [
            {"slug": e.slug, "name": e.name, "aliases": list(e.aliases or []), "kind": e.kind} for e in custom
        ]
    return spotter.parser.parse(body.text, context).to_json_dict()
