"""Typed commands, named as orders. Every channel builds one of these and hands it to the bus."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Register:
    email: str
    password: str
    display_name: str | None = None
    unit_pref: str = "lb"
    timezone: str = "UTC"


@dataclass(frozen=True)
class LogIn:
    email: str
    password: str
    device_name: str | None = None
    address: str | None = None  # the client's, shown in its session


@dataclass(frozen=True)
class Refresh:
    token: str
    address: str | None = None


@dataclass(frozen=True)
class LogOut:
    token: str


@dataclass(frozen=True)
class CompleteLogIn:
    """The second step of signing in to an account with two-factor sign-in: the password was right
    (a challenge says so), now a code from the authenticator app or a recovery code."""

    user_id: uuid.UUID
    code: str | None = None
    recovery_code: str | None = None
    device_name: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class SetUpTwoFactor:
    user_id: uuid.UUID


@dataclass(frozen=True)
class EnableTwoFactor:
    user_id: uuid.UUID
    code: str


@dataclass(frozen=True)
class DisableTwoFactor:
    """Needs a code (or a recovery code) or the password (domain/handlers/proof.py)."""

    user_id: uuid.UUID
    code: str | None = None
    password: str | None = None
    session_id: uuid.UUID | None = None


@dataclass(frozen=True)
class RenewRecoveryCodes:
    user_id: uuid.UUID
    code: str


@dataclass(frozen=True)
class RequestEmailVerification:
    user_id: uuid.UUID


@dataclass(frozen=True)
class VerifyEmail:
    token: str


@dataclass(frozen=True)
class RequestPasswordReset:
    email: str


@dataclass(frozen=True)
class ResetPassword:
    token: str
    new_password: str


@dataclass(frozen=True)
class RevokeSession:
    user_id: uuid.UUID
    session_id: uuid.UUID


@dataclass(frozen=True)
class RevokeOtherSessions:
    user_id: uuid.UUID
    keep: uuid.UUID | None  # the caller's own session


@dataclass(frozen=True)
class UpdateProfile:
    user_id: uuid.UUID
    changes: dict[str, Any]


@dataclass(frozen=True)
class CreateApiKey:
    user_id: uuid.UUID
    name: str
    scopes: tuple[str, ...] = ("read", "write")
    expires_at: datetime | None = None


@dataclass(frozen=True)
class EraseAccount:
    """Everything of the user goes, once they prove it is them (the password again; without one, a
    code or a fresh sign-in: domain/handlers/proof.py). `caller_scopes`: the names under which the
    channel kept answers to the user's repeated requests, forgotten as well."""

    user_id: uuid.UUID
    password: str | None
    caller_scopes: tuple[str, ...] = ()
    code: str | None = None
    session_id: uuid.UUID | None = None


@dataclass(frozen=True)
class ChangePassword:
    """A new password (or a first one, for an account made by signing in with a provider), with a
    fresh proof; every other session is signed out."""

    user_id: uuid.UUID
    new_password: str
    password: str | None = None
    code: str | None = None
    session_id: uuid.UUID | None = None


@dataclass(frozen=True)
class ChangeEmail:
    """A new address, unverified until a mailed link is opened, with a fresh proof."""

    user_id: uuid.UUID
    email: str
    password: str | None = None
    code: str | None = None
    session_id: uuid.UUID | None = None


@dataclass(frozen=True)
class RecordExport:
    """The user downloaded everything they have (kept in their audit log)."""

    user_id: uuid.UUID


@dataclass(frozen=True)
class RevokeApiKey:
    user_id: uuid.UUID
    key_id: uuid.UUID


@dataclass(frozen=True)
class TouchApiKey:
    """A key was used now: its `last_used_at`, kept to the minute."""

    key_id: uuid.UUID


@dataclass(frozen=True)
class CreateExercise:
    user_id: uuid.UUID
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "other"
    category: str | None = "strength"
    equipment: str | None = None
    primary_muscles: tuple[str, ...] = ()
    secondary_muscles: tuple[str, ...] = ()


@dataclass(frozen=True)
class UpdateExercise:
    user_id: uuid.UUID
    exercise_id: uuid.UUID
    changes: dict[str, Any]


@dataclass(frozen=True)
class DeleteExercise:
    user_id: uuid.UUID
    exercise_id: uuid.UUID


@dataclass(frozen=True)
class SetEntry:
    """One set as a client describes it (exercise by slug or id)."""

    exercise: str
    reps: int | None = None
    weight: float | None = None
    unit: str | None = None
    rpe: float | None = None
    rir: int | None = None
    set_type: str = "normal"
    duration_s: int | None = None
    distance_m: float | None = None
    bodyweight: bool = False
    added_weight: bool = False
    notes: str | None = None
    client_id: str | None = None
    completed_at: datetime | None = None
    # The plan: targets and rest; `completed=False` writes a planned set (not done, counted nowhere).
    target_reps: int | None = None
    target_weight: float | None = None
    target_rpe: float | None = None
    rest_s: int | None = None
    completed: bool = True
    position: int | None = None  # fill the planned set at this position of the workout


@dataclass(frozen=True)
class StartWorkout:
    """Start a live workout; from a routine (or a program's day, which names one) its planned sets
    are copied in as planned, not done."""

    user_id: uuid.UUID
    name: str | None = None
    notes: str | None = None
    source: str = "api"
    started_at: datetime | None = None
    routine_id: uuid.UUID | None = None
    program_day_id: uuid.UUID | None = None


@dataclass(frozen=True)
class CreateWorkout:
    user_id: uuid.UUID
    name: str | None = None
    status: str = "completed"
    started_at: datetime | None = None
    completed_at: datetime | None = None
    notes: str | None = None
    source: str = "api"
    client_id: str | None = None
    sets: tuple[SetEntry, ...] = ()
    routine_id: uuid.UUID | None = None  # its planned sets come first, then `sets`


@dataclass(frozen=True)
class CloneWorkout:
    """A new planned workout with the exercises and targets of one already logged."""

    user_id: uuid.UUID
    workout_id: uuid.UUID


@dataclass(frozen=True)
class UpdateWorkout:
    user_id: uuid.UUID
    workout_id: uuid.UUID
    changes: dict[str, Any]
    expected_version: int | None = None


@dataclass(frozen=True)
class FinishWorkout:
    user_id: uuid.UUID
    workout_id: uuid.UUID | None = None  # None: the active one
    completed_at: datetime | None = None  # None: now


@dataclass(frozen=True)
class CancelWorkout:
    user_id: uuid.UUID
    workout_id: uuid.UUID | None = None


@dataclass(frozen=True)
class DeleteWorkout:
    user_id: uuid.UUID
    workout_id: uuid.UUID


@dataclass(frozen=True)
class LogSets:
    """Log `count` identical sets; with no workout id, into the active workout (started if none)."""

    user_id: uuid.UUID
    entry: SetEntry
    count: int = 1
    workout_id: uuid.UUID | None = None
    source: str = "api"


@dataclass(frozen=True)
class CompletePlannedSets:
    """Mark the next `count` planned sets of the workout (the one in progress when no id is given)
    done as planned: those of the exercise the first of them is of, in order."""

    user_id: uuid.UUID
    count: int = 1
    workout_id: uuid.UUID | None = None
    source: str = "assistant"


@dataclass(frozen=True)
class UpdateSet:
    user_id: uuid.UUID
    set_id: uuid.UUID
    changes: dict[str, Any]


@dataclass(frozen=True)
class DeleteSet:
    user_id: uuid.UUID
    set_id: uuid.UUID


@dataclass(frozen=True)
class WorkoutEntry:
    client_id: str
    name: str | None = None
    status: str = "completed"
    started_at: datetime | None = None
    completed_at: datetime | None = None
    notes: str | None = None
    sets: tuple[SetEntry, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SyncWorkouts:
    """Offline batch: workouts with their sets, matched by client_id (a repeat updates, never duplicates)."""

    user_id: uuid.UUID
    workouts: tuple[WorkoutEntry, ...]
    source: str = "sync"


@dataclass(frozen=True)
class ImportWorkouts:
    """Finished workouts from another app's export, matched by client_id: a workout or set already
    stored (an earlier import of the same file) is left as it is, never duplicated nor changed."""

    user_id: uuid.UUID
    workouts: tuple[WorkoutEntry, ...]
    source: str = "import"


@dataclass(frozen=True)
class UndoLastLog:
    """Remove everything the user's latest log wrote (all three sets of "3 sets of 5"), or the batch named."""

    user_id: uuid.UUID
    batch_id: uuid.UUID | None = None


@dataclass(frozen=True)
class RepeatLastLog:
    user_id: uuid.UUID
    count: int = 1
    batch_id: uuid.UUID | None = None


@dataclass(frozen=True)
class CorrectLastLog:
    """Change every set the latest log wrote (or the batch named)."""

    user_id: uuid.UUID
    changes: dict[str, Any]
    batch_id: uuid.UUID | None = None


@dataclass(frozen=True)
class CreateLinkCode:
    user_id: uuid.UUID


@dataclass(frozen=True)
class LinkChannel:
    """Link a Telegram chat or a phone number (SMS, calls) using a code from the signed-in account."""

    code: str
    channel: str
    external_id: str


@dataclass(frozen=True)
class RoutineItemEntry:
    exercise: str
    target_sets: int | None = None
    target_reps: int | None = None
    target_weight: float | None = None
    unit: str | None = None
    rest_seconds: int | None = None
    superset_group: int | None = None
    target_rpe: float | None = None
    notes: str | None = None


@dataclass(frozen=True)
class CreateRoutine:
    user_id: uuid.UUID
    name: str
    notes: str | None = None
    is_public: bool = False
    items: tuple[RoutineItemEntry, ...] = ()


@dataclass(frozen=True)
class UpdateRoutine:
    user_id: uuid.UUID
    routine_id: uuid.UUID
    changes: dict[str, Any]
    items: tuple[RoutineItemEntry, ...] | None = None  # None: keep the items


@dataclass(frozen=True)
class DeleteRoutine:
    user_id: uuid.UUID
    routine_id: uuid.UUID


@dataclass(frozen=True)
class CloneRoutine:
    user_id: uuid.UUID
    routine_id: uuid.UUID


@dataclass(frozen=True)
class LogMetric:
    user_id: uuid.UUID
    metric: str
    value: float
    unit: str | None = None
    recorded_at: datetime | None = None
    source: str = "api"
    details: dict[str, float] | None = None


@dataclass(frozen=True)
class MetricEntry:
    metric: str
    value: float
    unit: str | None = None
    recorded_at: datetime | None = None
    details: dict[str, float] | None = None
    external_id: str | None = None  # a device's record id: stored once per source, a repeat updates
    origin: str | None = None  # the watch, phone or app within the source that measured it


@dataclass(frozen=True)
class LogMetrics:
    """Many readings at once: all stored, or none (every bad one reported); `lenient` (device sync):
    bad readings are skipped, the others stored."""

    user_id: uuid.UUID
    entries: tuple[MetricEntry, ...]
    source: str = "api"
    lenient: bool = False


@dataclass(frozen=True)
class LogMeasurements:
    """Body girths taken together (site -> value), in one unit, at one time."""

    user_id: uuid.UUID
    sites: dict[str, float]
    unit: str | None = None
    recorded_at: datetime | None = None
    source: str = "api"


@dataclass(frozen=True)
class CreateGoal:
    user_id: uuid.UUID
    kind: str
    target: float
    exercise: str | None = None
    unit: str | None = None
    weight: float | None = None
    direction: str | None = None
    period: str | None = None
    deadline: date | None = None
    name: str | None = None


@dataclass(frozen=True)
class UpdateGoal:
    user_id: uuid.UUID
    goal_id: uuid.UUID
    changes: dict[str, Any]


@dataclass(frozen=True)
class DeleteGoal:
    user_id: uuid.UUID
    goal_id: uuid.UUID


@dataclass(frozen=True)
class SavePlan:
    """Store a generated plan as one of the user's routines."""

    user_id: uuid.UUID
    name: str
    items: tuple[RoutineItemEntry, ...]


@dataclass(frozen=True)
class ConnectDevice:
    """Link (or link again) a provider: its tokens are sealed before they are stored."""

    user_id: uuid.UUID
    provider: str
    tokens: dict[str, Any] | None = None
    scopes: tuple[str, ...] = ()
    expires_at: datetime | None = None
    external_user_id: str | None = None


@dataclass(frozen=True)
class UpdateDeviceTokens:
    """Tokens refreshed: stored sealed, the connection marked connected again."""

    user_id: uuid.UUID
    provider: str
    tokens: dict[str, Any]
    expires_at: datetime | None = None


@dataclass(frozen=True)
class SetDeviceStatus:
    user_id: uuid.UUID
    provider: str
    status: str  # connected, reauth, disconnected


@dataclass(frozen=True)
class AdvanceDeviceCursor:
    """Where the next sync starts (a changes token, a time, a page): set once the data is stored."""

    user_id: uuid.UUID
    provider: str
    cursor: str | None


@dataclass(frozen=True)
class ForgetDeviceRecords:
    """Records the provider says were deleted there (a Health Connect deletion): gone here too.
    `aliases`: deleted records named by another id the provider knows them by (HealthKit UUIDs)."""

    user_id: uuid.UUID
    provider: str
    record_ids: tuple[str, ...]
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeepDeviceAliases:
    """(alias, record id) pairs: the provider's other id for records just stored (HealthKit UUIDs)."""

    user_id: uuid.UUID
    provider: str
    aliases: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class DisconnectDevice:
    """Unlink a provider; with `keep_data` False, what it synced goes too."""

    user_id: uuid.UUID
    provider: str
    keep_data: bool = True


@dataclass(frozen=True)
class StartDeviceSync:
    """A sync begins: its log, and the connection claimed for `lease_s` seconds (Conflict while
    another sync holds it); FinishDeviceSync frees it."""

    user_id: uuid.UUID
    provider: str
    trigger: str
    lease_s: float = 1800.0


@dataclass(frozen=True)
class FinishDeviceSync:
    log_id: uuid.UUID
    status: str  # ok, failed, reauth, full_read_needed
    fetched: int = 0
    stored: int = 0
    error: str | None = None


@dataclass(frozen=True)
class ProgramDayEntry:
    """Week `week`, day `day` of a program trains `routine_id`."""

    week: int
    day: int
    routine_id: uuid.UUID
    notes: str | None = None


@dataclass(frozen=True)
class CreateProgram:
    user_id: uuid.UUID
    name: str
    notes: str | None = None
    is_active: bool = False
    days: tuple[ProgramDayEntry, ...] = ()


@dataclass(frozen=True)
class UpdateProgram:
    user_id: uuid.UUID
    program_id: uuid.UUID
    changes: dict[str, Any]
    days: tuple[ProgramDayEntry, ...] | None = None  # None: keep the days


@dataclass(frozen=True)
class DeleteProgram:
    user_id: uuid.UUID
    program_id: uuid.UUID


@dataclass(frozen=True)
class FavoriteExercise:
    user_id: uuid.UUID
    exercise: str  # slug or id


@dataclass(frozen=True)
class UnfavoriteExercise:
    user_id: uuid.UUID
    exercise: str


# Trainers and clients (domain/coaching.py), roles (domain/roles.py).


@dataclass(frozen=True)
class InviteTrainer:
    """A lifter asks a trainer (by the trainer's email) to coach them, granting read access and,
    with `can_write_routines`, the writing of routines."""

    user_id: uuid.UUID
    trainer_email: str
    can_write_routines: bool = False


@dataclass(frozen=True)
class RequestClient:
    """A trainer asks a lifter (by email) to become their client; the lifter accepts or not."""

    trainer_id: uuid.UUID
    client_email: str


@dataclass(frozen=True)
class AcceptTrainer:
    """The lifter accepts a trainer's request, saying what it allows."""

    user_id: uuid.UUID
    grant_id: uuid.UUID
    can_write_routines: bool = False


@dataclass(frozen=True)
class AcceptClient:
    """The trainer accepts a lifter's invitation."""

    trainer_id: uuid.UUID
    grant_id: uuid.UUID


@dataclass(frozen=True)
class ChangeTrainerAccess:
    user_id: uuid.UUID
    grant_id: uuid.UUID
    can_write_routines: bool


@dataclass(frozen=True)
class EndTrainerGrant:
    """The lifter ends a grant (revokes access, withdraws an invitation or declines a request)."""

    user_id: uuid.UUID
    grant_id: uuid.UUID


@dataclass(frozen=True)
class DropClient:
    """The trainer ends their grant with a lifter (or declines an invitation, withdraws a request)."""

    trainer_id: uuid.UUID
    client_id: uuid.UUID


@dataclass(frozen=True)
class RecordTrainerRead:
    """A trainer is about to be shown a client's data: checked again and written to the client's audit log."""

    trainer_id: uuid.UUID
    client_id: uuid.UUID
    entity: str  # workouts, workout, records, metrics, routines
    entity_id: str | None = None


@dataclass(frozen=True)
class AssignRoutine:
    """A trainer writes a routine into a client's routines (the client must allow routine writes)."""

    trainer_id: uuid.UUID
    client_id: uuid.UUID
    routine: CreateRoutine


@dataclass(frozen=True)
class SetRole:
    admin_id: uuid.UUID | None  # None: from the command line (python -m assistant role)
    user_id: uuid.UUID
    role: str


# Sign in with an OpenID provider (domain/handlers/external_login.py).


@dataclass(frozen=True)
class BeginSignIn:
    """Keep a provider sign-in under way: its state (hashed), nonce and PKCE verifier, for `ttl_s`."""

    provider: str
    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str
    ttl_s: int


@dataclass(frozen=True)
class ClaimSignIn:
    """Spend a sign-in's state (once); answers what was kept with it."""

    provider: str
    state: str


@dataclass(frozen=True)
class SignInWith:
    """The provider vouched for this identity: sign in to its account, link it to the account of the
    same verified address, or make an account."""

    provider: str
    subject: str
    email: str | None
    email_verified: bool
    display_name: str | None = None
    device_name: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class AddMedia:
    """Keep a checked and cleaned file (already in the file store under `storage_key`) as the
    lifter's, linked to at most one of their workout, set or reading, within their quota."""

    user_id: uuid.UUID
    media_id: uuid.UUID
    kind: str
    content_type: str
    size_bytes: int
    width: int
    height: int
    storage_key: str
    quota_bytes: int
    duration_s: float | None = None
    note: str | None = None
    workout_id: uuid.UUID | None = None
    set_id: uuid.UUID | None = None
    measurement_id: uuid.UUID | None = None
    taken_at: datetime | None = None


@dataclass(frozen=True)
class DeleteMedia:
    user_id: uuid.UUID
    media_id: uuid.UUID


@dataclass(frozen=True)
class CreateWebhook:
    """Subscribe `url` to the lifter's events (`event_types`; none: all); `api_key_id`: made with that key."""

    user_id: uuid.UUID
    url: str
    event_types: tuple[str, ...] = ()
    name: str | None = None
    api_key_id: uuid.UUID | None = None
    most: int = 20  # webhooks one lifter may have


@dataclass(frozen=True)
class UpdateWebhook:
    """Change url, name, event_types or enabled (`enabled: True` also clears the failures counted)."""

    user_id: uuid.UUID
    webhook_id: uuid.UUID
    changes: dict[str, Any]
    api_key_id: uuid.UUID | None = None  # a key's caller changes only that key's webhooks


@dataclass(frozen=True)
class DeleteWebhook:
    user_id: uuid.UUID
    webhook_id: uuid.UUID
    api_key_id: uuid.UUID | None = None


@dataclass(frozen=True)
class RotateWebhookSecret:
    """A new signing secret; the old one still signs (a second `v1`) for `grace_hours`."""

    user_id: uuid.UUID
    webhook_id: uuid.UUID
    api_key_id: uuid.UUID | None = None
    grace_hours: float = 24.0


# Nutrition (domain/handlers/nutrition.py) ---------------------------------------------------------


@dataclass(frozen=True)
class FoodEntry:
    """A food eaten or to eat: a shipped food (`usda-<NDB>`) or one of the lifter's own (its id),
    and how much, in any unit its measures allow (g, oz, ml, cup, slice, serving, ...)."""

    food_id: str
    amount: float
    unit: str | None = None


@dataclass(frozen=True)
class LogFoods:
    """Foods eaten at one meal (left out: by the local time of `eaten_at`), on the lifter's local day
    of `eaten_at` (now when left out) unless `day` is given."""

    user_id: uuid.UUID
    entries: tuple[FoodEntry, ...]
    meal: str | None = None
    day: date | None = None
    eaten_at: datetime | None = None
    source: str = "api"


@dataclass(frozen=True)
class UpdateFoodLog:
    user_id: uuid.UUID
    log_id: uuid.UUID
    changes: dict[str, Any]  # amount, unit, meal, day, eaten_at, food_id


@dataclass(frozen=True)
class DeleteFoodLog:
    user_id: uuid.UUID
    log_id: uuid.UUID


@dataclass(frozen=True)
class DeleteFoodBatch:
    """Everything one log wrote (the assistant's "undo" after "had 2 eggs and toast")."""

    user_id: uuid.UUID
    batch_id: uuid.UUID


@dataclass(frozen=True)
class CreateCustomFood:
    user_id: uuid.UUID
    values: dict[str, Any]  # name, brand, energy_kcal, protein_g, carbs_g, fat_g, fibre_g, portions


@dataclass(frozen=True)
class UpdateCustomFood:
    user_id: uuid.UUID
    food_id: uuid.UUID
    changes: dict[str, Any]


@dataclass(frozen=True)
class DeleteCustomFood:
    user_id: uuid.UUID
    food_id: uuid.UUID


@dataclass(frozen=True)
class CreateSavedMeal:
    user_id: uuid.UUID
    name: str
    items: tuple[FoodEntry, ...]
    meal: str | None = None


@dataclass(frozen=True)
class UpdateSavedMeal:
    user_id: uuid.UUID
    meal_id: uuid.UUID
    changes: dict[str, Any]  # name, meal, items (a tuple of FoodEntry)


@dataclass(frozen=True)
class DeleteSavedMeal:
    user_id: uuid.UUID
    meal_id: uuid.UUID


@dataclass(frozen=True)
class LogSavedMeal:
    """A saved meal's foods logged as eaten (`servings` times each amount)."""

    user_id: uuid.UUID
    meal_id: uuid.UUID
    servings: float = 1.0
    meal: str | None = None
    day: date | None = None
    eaten_at: datetime | None = None
    source: str = "api"


# Web push and reminders (domain/handlers/push.py, domain/handlers/reminders.py) ------------------


@dataclass(frozen=True)
class SubscribePush:
    """A browser's PushSubscription (its endpoint and keys) for the lifter; the same endpoint again
    replaces its keys. `allow_http`: an http endpoint too (PUSH_ALLOW_PRIVATE: development, tests)."""

    user_id: uuid.UUID
    endpoint: str
    p256dh: str
    auth: str
    user_agent: str | None = None
    allow_http: bool = False


@dataclass(frozen=True)
class UnsubscribePush:
    """One of the lifter's subscriptions gone, named by its endpoint or its id."""

    user_id: uuid.UUID
    endpoint: str | None = None
    subscription_id: uuid.UUID | None = None


@dataclass(frozen=True)
class CreateReminder:
    """A reminder at local time `at` ("HH:MM") on `days` ("mon".."sun") by `channel` (push, email, sms)."""

    user_id: uuid.UUID
    at: str
    days: tuple[str, ...]
    channel: str
    message: str | None = None
    enabled: bool = True


@dataclass(frozen=True)
class UpdateReminder:
    user_id: uuid.UUID
    reminder_id: uuid.UUID
    changes: dict[str, Any]  # at, days, channel, message, enabled


@dataclass(frozen=True)
class DeleteReminder:
    user_id: uuid.UUID
    reminder_id: uuid.UUID
