"""What only admins do: give accounts their roles (domain/roles.py). The first admin is made on the
command line: `python -m assistant role EMAIL admin`."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Body

from channels.http.deps import Admin, App
from channels.http.routers import Router
from channels.http.schemas.auth import UserOut
from channels.http.schemas.coaching import ROLE_EXAMPLES, RoleIn
from domain import commands as c

router = Router(prefix="/admin", tags=["admin"])


@router.put("/users/{user_id}/role")
async def set_role(
    user_id: uuid.UUID, body: Annotated[RoleIn, Body(openapi_examples=ROLE_EXAMPLES)], who: Admin, spotter: App
) -> UserOut:
    """Set an account's role: `trainer` lets it coach lifters who grant it access, `admin` lets it set
    roles, `user` takes both away (at once: roles are read on every request). 403 unless you are an
    admin; sign-in tokens only. The account's audit log notes the change."""
    user = await spotter.bus.handle(c.SetRole(who.user_id, user_id, body.role))
    return UserOut.model_validate(user)
