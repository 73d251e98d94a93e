"""The workout store: SQLAlchemy 2.0 models (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NO_PASSWORD = "!signed-in-with-a-provider"  # no password matches it (argon2 refuses it as a hash)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and always read back zone-aware (SQLite forgets zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime, dict[str, Any]: JSON, list[str]: JSON}


def new_id() -> uuid.UUID:
    return uuid.uuid4()


class User(Base):
    __tablename__ = "users"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str | None] = mapped_column(String(100))
    unit_pref: Mapped[str] = mapped_column(String(2), default="lb")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    bar_weight: Mapped[float | None] = mapped_column(Float)  # in unit_pref
    birth_date: Mapped[date | None] = mapped_column(Date)
    height_cm: Mapped[float | None] = mapped_column(Float)
    sex: Mapped[str | None] = mapped_column(String(16))
    privacy: Mapped[str] = mapped_column(String(16), default="private")
    phone: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    email_verified_at: Mapped[datetime | None] = mapped_column()
    # Two-factor sign-in (TOTP): the secret Fernet-encrypted (domain/crypto.py), set up before it is
    # enabled; the last time step a code was accepted for, so that no code is taken twice.
    totp_secret_encrypted: Mapped[str | None] = mapped_column(String(255))
    totp_enabled_at: Mapped[datetime | None] = mapped_column()
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    # What the account may do beyond its own data (domain/roles.py): user, trainer or admin. A
    # server default only, so that inserts written for older revisions (tests) still work.
    role: Mapped[str] = mapped_column(String(16), server_default="user")
    # Daily nutrition targets ({"energy_kcal", "protein_g", "carbs_g", "fat_g", "fibre_g"}, each
    # optional): set with PATCH /me, read against each day's totals (domain/nutrition/days.py).
    nutrition_targets: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def has_password(self) -> bool:
        """False for an account made by signing in with a provider, until it sets a password."""
        return self.password_hash != NO_PASSWORD


class RefreshToken(Base):
    """One row per issued refresh token; a login is a family, rotated on every refresh. The family is
    the session: its id is the `sid` of the access tokens it issues (domain/handlers/sessions.py)."""

    __tablename__ = "refresh_tokens"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    family_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    device_name: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(64))  # the client's address when it was issued
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column(index=True)  # replicas poll recent revocations


class AccountToken(Base):
    """A link mailed to a user (verify the email address, reset the password): only its hash is kept,
    it expires, and it is spent by a conditional update, so it works once."""

    __tablename__ = "account_tokens"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))  # verify_email or reset_password
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(320))  # the address it was sent to
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()


class RecoveryCode(Base):
    """A one-time code that stands in for the authenticator app; only its hash is kept."""

    __tablename__ = "recovery_codes"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column()


class ApiKey(Base):
    __tablename__ = "api_keys"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list[str]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column()
    last_used_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()


class Exercise(Base):
    __tablename__ = "exercises"
    __table_args__ = (UniqueConstraint("owner_id", "slug", name="uq_exercises_owner_slug"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    slug: Mapped[str] = mapped_column(String(120), index=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(default=list)
    kind: Mapped[str] = mapped_column(String(20), default="other")
    category: Mapped[str | None] = mapped_column(String(40), index=True)
    equipment: Mapped[str | None] = mapped_column(String(40), index=True)
    level: Mapped[str | None] = mapped_column(String(20))
    mechanic: Mapped[str | None] = mapped_column(String(20))
    force: Mapped[str | None] = mapped_column(String(20))
    primary_muscles: Mapped[list[str]] = mapped_column(default=list)
    secondary_muscles: Mapped[list[str]] = mapped_column(default=list)
    instructions: Mapped[list[str]] = mapped_column(default=list)
    core: Mapped[bool] = mapped_column(Boolean, default=False)
    is_custom: Mapped[bool] = mapped_column(Boolean, default=False)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Workout(Base):
    __tablename__ = "workouts"
    __table_args__ = (
        UniqueConstraint("user_id", "client_id", name="uq_workouts_user_client"),
        Index("ix_workouts_user_status", "user_id", "status"),
        Index("ix_workouts_user_started", "user_id", "started_at"),
        Index("ix_workouts_user_updated", "user_id", "updated_at"),  # delta sync (domain/changes.py)
        # At most one workout in progress per user, whatever races the channels run.
        Index(
            "uq_workouts_one_active",
            "user_id",
            unique=True,
            sqlite_where=text("status = 'in_progress'"),
            postgresql_where=text("status = 'in_progress'"),
        ),
    )
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="in_progress")
    started_at: Mapped[datetime | None] = mapped_column()
    completed_at: Mapped[datetime | None] = mapped_column()
    notes: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(32), default="api")
    client_id: Mapped[str | None] = mapped_column(String(100))
    routine_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("routines.id", ondelete="SET NULL"))
    # The day of a program this workout trains (domain/handlers/programs.py: what comes next).
    program_day_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("program_days.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    sets: Mapped[list[WorkoutSet]] = relationship(
        back_populates="workout",
        order_by="WorkoutSet.position",
        cascade="all, delete-orphan",
        lazy="raise",
        passive_deletes=True,
    )


class WorkoutSet(Base):
    __tablename__ = "sets"
    __table_args__ = (
        # Only sets that carry a client_id (an offline client's) are in it: the same uniqueness as a
        # constraint over every set (NULLs never clash), one index entry fewer per set logged.
        Index(
            "uq_sets_user_client",
            "user_id",
            "client_id",
            unique=True,
            sqlite_where=text("client_id IS NOT NULL"),
            postgresql_where=text("client_id IS NOT NULL"),
        ),
        # One set per position (domain/handlers/sets.py: write_sets numbers them under the workout's lock).
        Index("uq_sets_workout_position", "workout_id", "position", unique=True),
        Index("ix_sets_user_exercise_done", "user_id", "exercise_id", "completed_at"),
        # A lifter's sets over a span of days (domain/analytics.py: summary, weekly load, calendar).
        Index("ix_sets_user_done", "user_id", "completed_at"),
        # What changed since a sync token (domain/changes.py).
        Index("ix_sets_user_updated", "user_id", "updated_at"),
    )
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    workout_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workouts.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    exercise_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exercises.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer)
    reps: Mapped[int | None] = mapped_column(Integer)
    weight: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(2))
    weight_kg: Mapped[float | None] = mapped_column(Float)
    rpe: Mapped[float | None] = mapped_column(Float)
    rir: Mapped[int | None] = mapped_column(Integer)
    set_type: Mapped[str] = mapped_column(String(16), default="normal")
    duration_s: Mapped[int | None] = mapped_column(Integer)
    distance_m: Mapped[float | None] = mapped_column(Float)
    bodyweight: Mapped[bool] = mapped_column(Boolean, default=False)
    added_weight: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    client_id: Mapped[str | None] = mapped_column(String(100))
    batch_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # the sets one command logged together
    # The plan for the set (a routine's, a cloned workout's, a client's); `completed` false: planned,
    # not done yet, and counted nowhere (records, analytics, summaries) until it is.
    target_reps: Mapped[int | None] = mapped_column(Integer)
    target_weight: Mapped[float | None] = mapped_column(Float)  # in `unit`
    target_rpe: Mapped[float | None] = mapped_column(Float)
    rest_s: Mapped[int | None] = mapped_column(Integer)
    completed: Mapped[bool] = mapped_column(Boolean, server_default=true())  # set by new_set (handlers/sets.py)
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)  # a planned set's: when it was planned
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    workout: Mapped[Workout] = relationship(back_populates="sets", lazy="raise")
    exercise: Mapped[Exercise] = relationship(lazy="raise")


class PersonalRecord(Base):
    """One entry of a lifter's record history on an exercise (domain/records.py): kept in the same
    transaction as every write of sets (domain/handlers/records.py); `is_current` marks the record
    standing now, one per kind (and load, for `reps`)."""

    __tablename__ = "personal_records"
    __table_args__ = (
        Index("ix_personal_records_user_exercise", "user_id", "exercise_id", "is_current"),
        Index("ix_personal_records_user_current", "user_id", "is_current"),
    )
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    exercise_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exercises.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[float] = mapped_column(Float)
    weight_kg: Mapped[float] = mapped_column(Float)
    reps: Mapped[int] = mapped_column(Integer)
    set_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sets.id", ondelete="CASCADE"), index=True)
    workout_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    achieved_at: Mapped[datetime] = mapped_column()
    is_current: Mapped[bool] = mapped_column(Boolean)


class Routine(Base):
    __tablename__ = "routines"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    items: Mapped[list[RoutineItem]] = relationship(
        back_populates="routine",
        order_by="RoutineItem.position",
        cascade="all, delete-orphan",
        lazy="raise",
        passive_deletes=True,
    )


class RoutineItem(Base):
    __tablename__ = "routine_items"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    routine_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("routines.id", ondelete="CASCADE"), index=True)
    exercise_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exercises.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer)
    target_sets: Mapped[int | None] = mapped_column(Integer)
    target_reps: Mapped[int | None] = mapped_column(Integer)
    target_weight: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(2))
    target_rpe: Mapped[float | None] = mapped_column(Float)
    rest_seconds: Mapped[int | None] = mapped_column(Integer)
    superset_group: Mapped[int | None] = mapped_column(Integer)  # items of one group are done in turns
    notes: Mapped[str | None] = mapped_column(Text)
    routine: Mapped[Routine] = relationship(back_populates="items", lazy="raise")
    exercise: Mapped[Exercise] = relationship(lazy="raise")


class Program(Base):
    """Routines in ordered days over weeks; the lifter follows one at a time (`is_active`)."""

    __tablename__ = "programs"
    __table_args__ = (
        Index(
            "uq_programs_one_active",
            "user_id",
            unique=True,
            sqlite_where=text("is_active"),
            postgresql_where=text("is_active"),
        ),
    )
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    days: Mapped[list[ProgramDay]] = relationship(
        back_populates="program",
        order_by="[ProgramDay.week, ProgramDay.day]",
        cascade="all, delete-orphan",
        lazy="raise",
        passive_deletes=True,
    )


class ProgramDay(Base):
    """One training day of a program: week `week`, day `day`, the routine trained that day (null
    once the routine is deleted: the day is then passed over)."""

    __tablename__ = "program_days"
    __table_args__ = (UniqueConstraint("program_id", "week", "day", name="uq_program_days_slot"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    program_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    week: Mapped[int] = mapped_column(Integer)
    day: Mapped[int] = mapped_column(Integer)
    routine_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("routines.id", ondelete="SET NULL"))
    notes: Mapped[str | None] = mapped_column(Text)
    program: Mapped[Program] = relationship(back_populates="days", lazy="raise")
    routine: Mapped[Routine | None] = relationship(lazy="raise")


class FavoriteExercise(Base):
    """An exercise a lifter marked as a favorite (GET /exercises?favorite=true)."""

    __tablename__ = "exercise_favorites"
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    exercise_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exercises.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("scope", "key", name="uq_idempotency_scope_key"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    scope: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(255))
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(500))
    body_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[str | None] = mapped_column(Text)
    content_type: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str | None] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class LinkCode(Base):
    """A one-time code that links a chat or phone number to the account that asked for it."""

    __tablename__ = "link_codes"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChannelAccount(Base):
    """A verified way to reach a user: a Telegram chat, a phone number for SMS and calls."""

    __tablename__ = "channel_accounts"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_channel_accounts_external"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    verified_at: Mapped[datetime] = mapped_column(default=utcnow)


class BodyMetric(Base):
    """A body or health reading, as entered (value and unit; domain/health.py lists the types, their
    units and ranges). `details` holds what one number cannot: sleep stages in minutes, the
    diastolic pressure of a blood pressure reading (whose `value` is the systolic)."""

    __tablename__ = "body_metrics"
    __table_args__ = (
        Index("ix_body_metrics_user_metric_time", "user_id", "metric", "recorded_at"),
        # A device's reading is stored once: its provider (`source`) and the provider's record id
        # (domain/handlers/metrics.py updates the row a repeat names).
        Index(
            "uq_body_metrics_user_source_external",
            "user_id",
            "source",
            "external_id",
            unique=True,
            sqlite_where=text("external_id IS NOT NULL"),
            postgresql_where=text("external_id IS NOT NULL"),
        ),
        Index("ix_body_metrics_user_created", "user_id", "created_at"),  # delta sync (domain/changes.py)
    )
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(String(32))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(16))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    source: Mapped[str] = mapped_column(String(32), default="api")
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    external_id: Mapped[str | None] = mapped_column(String(120))  # the provider's record id (device sync)
    # the device or app within the provider that measured it (a watch, a phone): one per day counts
    # for totals (domain/devices.py, "Two sources, one quantity")
    origin: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Goal(Base):
    """A lifter's goal (domain/goals.py says each kind and how progress is measured). `target` and
    `weight` are in `unit`; `achieved_at` is when the lifter's data first met it, kept by the write
    path (domain/handlers/goal_upkeep.py)."""

    __tablename__ = "goals"
    __table_args__ = (Index("ix_goals_user_created", "user_id", "created_at"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    name: Mapped[str | None] = mapped_column(String(200))
    exercise_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("exercises.id", ondelete="CASCADE"))
    target: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(8))
    weight: Mapped[float | None] = mapped_column(Float)  # reps goals: the load the reps are done at
    direction: Mapped[str | None] = mapped_column(String(4))  # body weight: down or up
    period: Mapped[str | None] = mapped_column(String(8))  # distance: session, week or month
    deadline: Mapped[date | None] = mapped_column(Date)
    achieved_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    exercise: Mapped[Exercise | None] = relationship(lazy="raise")


class DeviceConnection(Base):
    """A lifter's link to a device provider (domain/devices.py): its status, the OAuth tokens
    (encrypted, never stored in the clear), and where the last sync stopped (`cursor`: a changes
    token, a timestamp, a page)."""

    __tablename__ = "device_connections"
    __table_args__ = (UniqueConstraint("user_id", "provider", name="uq_device_connections_user_provider"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="connected")
    external_user_id: Mapped[str | None] = mapped_column(String(120), index=True)
    tokens: Mapped[str | None] = mapped_column(Text)  # Fernet ciphertext of the token JSON
    scopes: Mapped[list[str]] = mapped_column(default=list)
    expires_at: Mapped[datetime | None] = mapped_column()
    cursor: Mapped[str | None] = mapped_column(Text)
    last_sync_at: Mapped[datetime | None] = mapped_column()
    # One sync at a time per lifter and provider, in every process: the running sync's log id and
    # when its claim lapses (a sync whose worker died frees the connection then).
    sync_log_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    sync_lease_until: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class DeviceAlias(Base):
    """Another id a provider knows one of our stored records by: a HealthKit sample's UUID, for
    Apple Health's records, whose ids are made from what they are (channels/devices/apple_health.py).
    HealthKit names a deleted sample by its UUID alone; this is how the deletion finds the record."""

    __tablename__ = "device_aliases"
    __table_args__ = (UniqueConstraint("user_id", "provider", "alias", name="uq_device_aliases_user_provider_alias"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(32))
    alias: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(120))  # body_metrics.external_id, or a workout's record id
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SyncLog(Base):
    """One sync of a provider for a lifter: what it fetched, stored and why it stopped."""

    __tablename__ = "device_sync_logs"
    __table_args__ = (Index("ix_device_sync_logs_user_provider", "user_id", "provider", "started_at"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(32))
    trigger: Mapped[str] = mapped_column(String(16))  # push, manual, webhook, schedule, backfill
    status: Mapped[str] = mapped_column(String(16))  # ok, failed, reauth, full_read_needed
    fetched: Mapped[int] = mapped_column(Integer, default=0)
    stored: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()


class Job(Base):
    """Work that outlives a request (an import, an export), its state readable by every replica
    (domain/jobs.py says why it is kept here). `payload` is the job's large input (an uploaded
    file), dropped once the job has ended; `args` its small keyword arguments; `run_at` when a
    deferred job (a rest timer) is due, None for at once."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_user_created", "user_id", "created_at"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str | None] = mapped_column(String(200))
    args: Mapped[dict[str, Any]] = mapped_column(default=dict)
    payload: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    run_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Tombstone(Base):
    """A record that was deleted, kept so that delta sync (GET /sync) can tell clients to drop it.
    Written by the delete handlers in the deleting transaction (domain/changes.py: bury)."""

    __tablename__ = "tombstones"
    __table_args__ = (Index("ix_tombstones_user_deleted", "user_id", "deleted_at"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # workout, set, metric
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    deleted_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExternalIdentity(Base):
    """An account at an OpenID provider (Google, Apple) that signs in to a Spotter account: the
    provider's stable subject id, never the email address, names it (addresses change hands)."""

    __tablename__ = "external_identities"
    __table_args__ = (UniqueConstraint("provider", "subject", name="uq_external_identities_provider_subject"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320))  # as the provider last said it
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime] = mapped_column(default=utcnow)


class SignInState(Base):
    """A sign-in with a provider under way (domain/handlers/external_login.py): the state's hash, the
    nonce the ID token must carry and the PKCE verifier, kept for minutes and spent once."""

    __tablename__ = "sign_in_states"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    state_hash: Mapped[str] = mapped_column(String(64), unique=True)
    provider: Mapped[str] = mapped_column(String(16))
    nonce: Mapped[str] = mapped_column(String(128))
    code_verifier: Mapped[str] = mapped_column(String(128))
    redirect_uri: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None] = mapped_column()


class TrainerGrant(Base):
    """A lifter (`user_id`) and a trainer: one row per pair (domain/coaching.py). `status`: invited
    (the lifter asked, the trainer has to accept), requested (the other way round), active, ended.
    While active the trainer reads the lifter's training; `can_write_routines` lets them assign routines."""

    __tablename__ = "trainer_grants"
    __table_args__ = (UniqueConstraint("user_id", "trainer_id", name="uq_trainer_grants_pair"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    trainer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    can_write_routines: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column()
    ended_at: Mapped[datetime | None] = mapped_column()


class MediaFile(Base):
    """A progress photo or form-check video (domain/media.py): the file itself lives in the file store
    under `storage_key`; this row says what it is, how big, and what it belongs to. A link to a
    workout, set or reading whose record is deleted is cleared, and the file kept."""

    __tablename__ = "media"
    __table_args__ = (Index("ix_media_user_created", "user_id", "created_at"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))  # photo, video
    content_type: Mapped[str] = mapped_column(String(32))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    duration_s: Mapped[float | None] = mapped_column(Float)  # videos
    storage_key: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    workout_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("workouts.id", ondelete="SET NULL"), index=True)
    set_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("sets.id", ondelete="SET NULL"), index=True)
    measurement_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("body_metrics.id", ondelete="SET NULL"), index=True
    )
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Webhook(Base):
    """A lifter's outgoing webhook (domain/webhooks.py): where their events are POSTed, which ones
    (`event_types`, empty: all), and the signing secret, encrypted (the lifter sees it once). One made
    with an API key belongs to that key (`api_key_id`): that key manages only its own, and revoking the
    key removes them. After `consecutive_failures` reaches the limit it is disabled until a PATCH."""

    __tablename__ = "webhooks"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    api_key_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    name: Mapped[str | None] = mapped_column(String(200))
    event_types: Mapped[list[str]] = mapped_column(default=list)
    secret: Mapped[str] = mapped_column(Text)  # Fernet ciphertext
    previous_secret: Mapped[str | None] = mapped_column(Text)  # still signs until previous_secret_until
    previous_secret_until: Mapped[datetime | None] = mapped_column()
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(String(200))
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_delivery_at: Mapped[datetime | None] = mapped_column()
    last_success_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# Nutrition -----------------------------------------------------------------------------------------
# A food log keeps what was eaten as it was said (amount and unit), the grams that came to, and the
# energy and macros of those grams, worked out when it was logged: a day's totals are a sum of
# columns, and changing or deleting a food later does not rewrite what was eaten. `day` is the
# lifter's local day of the meal (their time zone when it was logged), so a day's read is one
# indexed range (domain/nutrition/days.py).


class CustomFood(Base):
    """A food of the lifter's own (a protein bar, a recipe), per 100 g like the shipped table."""

    __tablename__ = "custom_foods"
    __table_args__ = (Index("ix_custom_foods_user_created", "user_id", "created_at"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    brand: Mapped[str | None] = mapped_column(String(100))
    energy_kcal: Mapped[float] = mapped_column(Float)
    protein_g: Mapped[float] = mapped_column(Float, default=0.0)
    carbs_g: Mapped[float] = mapped_column(Float, default=0.0)
    fat_g: Mapped[float] = mapped_column(Float, default=0.0)
    fibre_g: Mapped[float] = mapped_column(Float, default=0.0)
    portions: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"amount", "measure", "grams"}]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class FoodLog(Base):
    """One food eaten: the amount said, its grams, and their nutrients (not per 100 g)."""

    __tablename__ = "food_logs"
    __table_args__ = (
        Index("ix_food_logs_user_day", "user_id", "day"),
        Index("ix_food_logs_user_batch", "user_id", "batch_id"),
    )
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    meal: Mapped[str] = mapped_column(String(16))  # breakfast, lunch, dinner, snack
    eaten_at: Mapped[datetime] = mapped_column(default=utcnow)
    food_id: Mapped[str] = mapped_column(String(64))  # usda-NDB, or a custom food's id
    food_name: Mapped[str] = mapped_column(String(200))
    amount: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(40))
    grams: Mapped[float] = mapped_column(Float)
    energy_kcal: Mapped[float] = mapped_column(Float)
    protein_g: Mapped[float] = mapped_column(Float)
    carbs_g: Mapped[float] = mapped_column(Float)
    fat_g: Mapped[float] = mapped_column(Float)
    fibre_g: Mapped[float] = mapped_column(Float)
    batch_id: Mapped[uuid.UUID] = mapped_column(Uuid, default=new_id)  # the foods logged together
    source: Mapped[str] = mapped_column(String(32), default="api")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class WebhookDelivery(Base):
    """One try of sending one event to one webhook: the answer's status code, or the error, and how long it took."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_webhook_created", "webhook_id", "created_at"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    webhook_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    event_id: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(40))
    attempt: Mapped[int] = mapped_column(Integer)
    ok: Mapped[bool] = mapped_column(Boolean)
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(500))
    latency_ms: Mapped[float] = mapped_column(Float)
    job_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SavedMeal(Base):
    """Foods eaten together often ("my usual breakfast"), logged again in one go."""

    __tablename__ = "saved_meals"
    __table_args__ = (Index("ix_saved_meals_user_created", "user_id", "created_at"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    meal: Mapped[str | None] = mapped_column(String(16))  # the meal it is usually eaten at
    items: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"food_id", "amount", "unit"}]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# Web push and reminders (issue 20) -----------------------------------------------------------------


class PushSubscription(Base):
    """One browser's Web Push subscription (its PushSubscription JSON): where its push service takes
    messages (`endpoint`) and the keys they are encrypted to. A browser subscribing again replaces its
    keys; the push service answering 404 or 410 (gone) removes it (assistant/push)."""

    __tablename__ = "push_subscriptions"
    __table_args__ = (UniqueConstraint("user_id", "endpoint", name="uq_push_subscriptions_user_endpoint"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(2000))
    p256dh: Mapped[str] = mapped_column(String(128))  # the browser's P-256 public key, base64url
    auth: Mapped[str] = mapped_column(String(64))  # the 16-byte auth secret, base64url
    user_agent: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sent_at: Mapped[datetime | None] = mapped_column()


class Reminder(Base):
    """A workout reminder at a local time (`at`, "HH:MM" in the lifter's time zone) on some days of
    the week (`days`: "mon".."sun"), by push, email or SMS. `fired_on` is the local day it last went
    out: the scheduler claims a day by moving it forward in one statement, so that a reminder goes
    out once a day however many schedulers look (domain/reminders.py)."""

    __tablename__ = "reminders"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    at: Mapped[str] = mapped_column(String(5))
    days: Mapped[list[str]] = mapped_column(default=list)
    channel: Mapped[str] = mapped_column(String(8))
    message: Mapped[str | None] = mapped_column(String(200))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    fired_on: Mapped[date | None] = mapped_column(Date)
    last_fired_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
