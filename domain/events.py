"""Domain events: every change to a lifter's data, named in the past tense (`SetLogged`).

Handlers add them to their unit of work (`uow.add_event`), which hands them to its publisher only
once the transaction has committed (domain/uow.py): a rolled-back change is never announced. Each
event carries plain JSON values (`data`), the shapes the REST API shows for the same records, so
that every subscriber (sockets, webhooks, push, the assistant) reads the same thing and none goes
back to the store to find out what happened. Which publisher (in process, Redis) is chosen at
startup (assistant/bootstrap.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from domain.models import BodyMetric, FoodLog, Goal, MediaFile, TrainerGrant, Workout, WorkoutSet, utcnow


@dataclass(frozen=True)
class Event:
    """Something that happened to one lifter's data. `TYPE` is its name on the wire (`set.logged`)."""

    TYPE: ClassVar[str] = "event"
    user_id: uuid.UUID
    data: dict[str, Any]
    workout_id: uuid.UUID | None = None
    at: datetime = field(default_factory=utcnow)

    def message(self) -> dict[str, Any]:
        """The event as JSON values, without its id (the publisher numbers events)."""
        return {
            "type": self.TYPE,
            "user_id": str(self.user_id),
            "workout_id": str(self.workout_id) if self.workout_id is not None else None,
            "at": self.at.isoformat(),
            "data": self.data,
        }


class SetLogged(Event):
    TYPE = "set.logged"


class SetUpdated(Event):
    TYPE = "set.updated"


class SetDeleted(Event):
    TYPE = "set.deleted"


class WorkoutStarted(Event):
    TYPE = "workout.started"


class WorkoutCreated(Event):
    """A workout recorded after the fact (POST /workouts, an offline batch)."""

    TYPE = "workout.created"


class WorkoutUpdated(Event):
    TYPE = "workout.updated"


class WorkoutFinished(Event):
    TYPE = "workout.finished"


class WorkoutCancelled(Event):
    TYPE = "workout.cancelled"


class WorkoutDeleted(Event):
    """The workout and its sets are gone (no `set.deleted` for each)."""

    TYPE = "workout.deleted"


class PersonalRecordSet(Event):
    """A logged set beat a standing record (a lift's first sets set records but beat nothing)."""

    TYPE = "pr.set"


class GoalMet(Event):
    """Data just logged met one of the lifter's goals for the first time (domain/handlers/goal_upkeep.py)."""

    TYPE = "goal.met"


class MetricLogged(Event):
    TYPE = "metric.logged"


class MetricDeleted(Event):
    """A reading removed: its provider deleted it (Health Connect's deleted ids, Apple Health's
    deleted samples) or the lifter disconnected the device with its data."""

    TYPE = "metric.deleted"


class SyncFinished(Event):
    """An offline batch was written (its sets and workouts have their own events too), or a device
    sync stored records (`data.provider` names it, with what it fetched and stored)."""

    TYPE = "sync.finished"


class MediaAdded(Event):
    TYPE = "media.added"


class MediaDeleted(Event):
    TYPE = "media.deleted"


class FoodLogged(Event):
    """A food eaten was logged (one event per food)."""

    TYPE = "food.logged"


class FoodLogUpdated(Event):
    TYPE = "food.updated"


class FoodLogDeleted(Event):
    TYPE = "food.deleted"


class TrainerInvited(Event):
    """A lifter invited a trainer (told to both: `data.client_id`, `data.trainer_id`)."""

    TYPE = "trainer.invited"


class TrainerRequested(Event):
    """A trainer asked a lifter to become their client (told to both)."""

    TYPE = "trainer.requested"


class TrainerGranted(Event):
    """A grant became active: the trainer reads the client's training from now on (told to both)."""

    TYPE = "trainer.granted"


class TrainerAccessChanged(Event):
    """The client allowed or stopped routine writes (`data.can_write_routines`; told to both)."""

    TYPE = "trainer.access_changed"


class TrainerEnded(Event):
    """A grant ended (`data.by`: client or trainer): the trainer's access ended with it (told to both)."""

    TYPE = "trainer.ended"


class RestStarted(Event):
    TYPE = "rest.started"


class RestEnded(Event):
    TYPE = "rest.ended"


EVENT_TYPES: tuple[type[Event], ...] = (
    SetLogged,
    SetUpdated,
    SetDeleted,
    WorkoutStarted,
    WorkoutCreated,
    WorkoutUpdated,
    WorkoutFinished,
    WorkoutCancelled,
    WorkoutDeleted,
    PersonalRecordSet,
    GoalMet,
    MetricLogged,
    MetricDeleted,
    SyncFinished,
    MediaAdded,
    MediaDeleted,
    FoodLogged,
    FoodLogUpdated,
    FoodLogDeleted,
    RestStarted,
    RestEnded,
    TrainerInvited,
    TrainerRequested,
    TrainerGranted,
    TrainerAccessChanged,
    TrainerEnded,
)
TYPES = tuple(e.TYPE for e in EVENT_TYPES)

# What publishes committed events: never raises for a failed delivery (the change is committed).
Publish = Callable[[Sequence[Event]], Awaitable[None]]


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def set_data(row: WorkoutSet) -> dict[str, Any]:
    """A set as GET /workouts/{id}/sets shows it (its exercise loaded)."""
    return {
        "id": str(row.id),
        "workout_id": str(row.workout_id),
        "exercise_id": str(row.exercise_id),
        "exercise": row.exercise.slug,
        "exercise_name": row.exercise.name,
        "position": row.position,
        "reps": row.reps,
        "weight": row.weight,
        "unit": row.unit,
        "weight_kg": row.weight_kg,
        "rpe": row.rpe,
        "rir": row.rir,
        "set_type": row.set_type,
        "duration_s": row.duration_s,
        "distance_m": row.distance_m,
        "bodyweight": row.bodyweight,
        "added_weight": row.added_weight,
        "notes": row.notes,
        "client_id": row.client_id,
        "target_reps": row.target_reps,
        "target_weight": row.target_weight,
        "target_rpe": row.target_rpe,
        "rest_s": row.rest_s,
        "completed": row.completed,
        "completed_at": _when(row.completed_at),
        "created_at": _when(row.created_at),
        "updated_at": _when(row.updated_at),
    }


def gone_set_data(row: WorkoutSet) -> dict[str, Any]:
    """What is left to say of a deleted set."""
    return {
        "id": str(row.id),
        "workout_id": str(row.workout_id),
        "exercise_id": str(row.exercise_id),
        "position": row.position,
    }


def workout_data(workout: Workout) -> dict[str, Any]:
    """A workout as GET /workouts shows it (without its sets)."""
    return {
        "id": str(workout.id),
        "name": workout.name,
        "status": workout.status,
        "started_at": _when(workout.started_at),
        "completed_at": _when(workout.completed_at),
        "notes": workout.notes,
        "source": workout.source,
        "client_id": workout.client_id,
        "version": workout.version,
        "created_at": _when(workout.created_at),
        "updated_at": _when(workout.updated_at),
    }


def metric_data(row: BodyMetric) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "metric": row.metric,
        "value": row.value,
        "unit": row.unit,
        "recorded_at": _when(row.recorded_at),
        "source": row.source,
    }


def gone_metric_data(row: Any) -> dict[str, Any]:
    """What is left to say of a deleted reading (a row of its id, metric, recorded_at and source)."""
    return {"id": str(row.id), "metric": row.metric, "recorded_at": _when(row.recorded_at), "source": row.source}


def goal_data(goal: Goal) -> dict[str, Any]:
    """What a goal met says: which goal, what it asked, and when it was met."""
    return {
        "id": str(goal.id),
        "kind": goal.kind,
        "name": goal.name,
        "exercise_id": str(goal.exercise_id) if goal.exercise_id else None,
        "target": goal.target,
        "unit": goal.unit,
        "achieved_at": _when(goal.achieved_at),
    }


def media_data(row: MediaFile) -> dict[str, Any]:
    """A photo or video as GET /media shows it, without its signed URL (which expires)."""
    return {
        "id": str(row.id),
        "kind": row.kind,
        "content_type": row.content_type,
        "size_bytes": row.size_bytes,
        "width": row.width,
        "height": row.height,
        "duration_s": row.duration_s,
        "note": row.note,
        "workout_id": str(row.workout_id) if row.workout_id else None,
        "set_id": str(row.set_id) if row.set_id else None,
        "measurement_id": str(row.measurement_id) if row.measurement_id else None,
        "taken_at": _when(row.taken_at),
        "created_at": _when(row.created_at),
    }


def food_log_data(row: FoodLog) -> dict[str, Any]:
    """A food log as GET /nutrition/logs shows it."""
    return {
        "id": str(row.id),
        "day": row.day.isoformat(),
        "meal": row.meal,
        "eaten_at": _when(row.eaten_at),
        "food_id": row.food_id,
        "food_name": row.food_name,
        "amount": row.amount,
        "unit": row.unit,
        "grams": row.grams,
        "energy_kcal": row.energy_kcal,
        "protein_g": row.protein_g,
        "carbs_g": row.carbs_g,
        "fat_g": row.fat_g,
        "fibre_g": row.fibre_g,
        "batch_id": str(row.batch_id),
        "source": row.source,
        "created_at": _when(row.created_at),
        "updated_at": _when(row.updated_at),
    }


def grant_data(grant: TrainerGrant) -> dict[str, Any]:
    """A trainer grant as both its parties may see it (GET /me/trainers, GET /trainer/clients show more)."""
    return {
        "id": str(grant.id),
        "client_id": str(grant.user_id),
        "trainer_id": str(grant.trainer_id),
        "status": grant.status,
        "can_write_routines": grant.can_write_routines,
        "accepted_at": _when(grant.accepted_at),
        "ended_at": _when(grant.ended_at),
    }


def grant_events(kind: type[Event], grant: TrainerGrant, **more: Any) -> list[Event]:
    """The event told to the client and to the trainer alike (each hears their own copy)."""
    data = {**grant_data(grant), **more}
    return [kind(grant.user_id, data), kind(grant.trainer_id, dict(data))]


def sets_logged(workout: Workout, rows: Sequence[WorkoutSet]) -> list[Event]:
    return [SetLogged(workout.user_id, set_data(row), workout.id) for row in rows]


def workout_event(kind: type[Event], workout: Workout) -> Event:
    return kind(workout.user_id, workout_data(workout), workout.id)


__all__ = [
    "EVENT_TYPES",
    "TYPES",
    "Event",
    "FoodLogDeleted",
    "FoodLogUpdated",
    "FoodLogged",
    "GoalMet",
    "MediaAdded",
    "MediaDeleted",
    "MetricDeleted",
    "MetricLogged",
    "PersonalRecordSet",
    "Publish",
    "RestEnded",
    "RestStarted",
    "SetDeleted",
    "SetLogged",
    "SetUpdated",
    "SyncFinished",
    "TrainerAccessChanged",
    "TrainerEnded",
    "TrainerGranted",
    "TrainerInvited",
    "TrainerRequested",
    "WorkoutCancelled",
    "WorkoutCreated",
    "WorkoutDeleted",
    "WorkoutFinished",
    "WorkoutStarted",
    "WorkoutUpdated",
    "food_log_data",
    "goal_data",
    "gone_set_data",
    "grant_data",
    "grant_events",
    "media_data",
    "metric_data",
    "set_data",
    "sets_logged",
    "workout_data",
    "workout_event",
]
