"""Trainers and clients: grants as the lifter and the trainer see them, and what each side sends."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from channels.http.schemas import In, Out
from channels.http.schemas.auth import EMAIL
from domain.coaching import GrantView

Status = Literal["invited", "requested", "active", "ended"]


def _example(summary: str, value: dict[str, object]) -> dict[str, object]:
    return {"summary": summary, "value": value}


class PersonOut(Out):
    id: uuid.UUID
    email: str
    display_name: str | None


class GrantOut(Out):
    """A grant between a lifter and a trainer."""

    id: uuid.UUID
    status: Status = Field(
        description="invited (the lifter asked; the trainer has to accept), requested (the trainer asked; "
        "the lifter has to accept), active (the trainer reads the lifter's training), ended"
    )
    can_write_routines: bool = Field(description="the trainer may assign routines (write the lifter's routines)")
    created_at: datetime
    accepted_at: datetime | None = Field(default=None, description="when it became active (null before)")
    ended_at: datetime | None = Field(default=None, description="when it ended (null while it stands)")


class TrainerOut(GrantOut):
    """A grant as the lifter sees it: to whom."""

    trainer: PersonOut

    @classmethod
    def of(cls, g: GrantView) -> TrainerOut:
        return cls(**_fields(g), trainer=PersonOut.model_validate(g.other))


class ClientOut(GrantOut):
    """A grant as the trainer sees it: from whom."""

    client: PersonOut

    @classmethod
    def of(cls, g: GrantView) -> ClientOut:
        return cls(**_fields(g), client=PersonOut.model_validate(g.other))


def _fields(g: GrantView) -> dict[str, object]:
    return {
        "id": g.id,
        "status": g.status,
        "can_write_routines": g.can_write_routines,
        "created_at": g.created_at,
        "accepted_at": g.accepted_at,
        "ended_at": g.ended_at,
    }


class InviteIn(In):
    email: str = Field(max_length=320, pattern=EMAIL, description="the trainer's account email")
    can_write_routines: bool = Field(default=False, description="let the trainer assign routines too")


class RequestIn(In):
    email: str = Field(max_length=320, pattern=EMAIL, description="the lifter's account email")


class AccessIn(In):
    can_write_routines: bool = Field(default=False, description="let the trainer assign routines too")


class RoleIn(In):
    role: Literal["user", "trainer", "admin"]


INVITE_EXAMPLES = {
    "read": _example("Let a trainer read my training", {"email": "coach@example.com"}),
    "write": _example(
        "Let a trainer read my training and assign routines", {"email": "coach@example.com", "can_write_routines": True}
    ),
}
REQUEST_EXAMPLES = {"ask": _example("Ask a lifter to become a client", {"email": "sam@example.com"})}
ACCESS_EXAMPLES = {
    "write": _example("Allow routine writes", {"can_write_routines": True}),
    "read": _example("Reading only", {"can_write_routines": False}),
}
ROLE_EXAMPLES = {"trainer": _example("Make an account a trainer", {"role": "trainer"})}
TRAINER_EXAMPLE = {
    "id": "0b7e6f7c-3f43-4c1e-9d0a-5a1f2c3d4e5f",
    "status": "active",
    "can_write_routines": True,
    "created_at": "2026-03-01T18:00:00Z",
    "accepted_at": "2026-03-01T18:05:00Z",
    "ended_at": None,
    "trainer": {
        "id": "5f0c2b8e-0a1d-4c2e-8f3b-9d7a6e5c4b3a",
        "email": "coach@example.com",
        "display_name": "Coach Kim",
    },
}
TRAINERS_EXAMPLE = {"data": [TRAINER_EXAMPLE], "meta": {"page": 1, "limit": 20, "total": 1, "has_next": False}}
