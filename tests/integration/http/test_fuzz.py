"""Property-based API testing (schemathesis) over the app's own OpenAPI document, as a signed-in user.

Every operation of the document, with requests generated from it (valid and invalid), against the
app in-process (ASGI, its lifespan started by schemathesis) on the suite's store (SQLite, and
PostgreSQL when TEST_DATABASE_URL is set; Redis when TEST_REDIS_URL is set). All of schemathesis'
checks run on every answer: no server error, only declared status codes and content types, answers
that match their schema, invalid requests refused, valid ones accepted, 405s that name the methods.

Left out, and why:
- the channel webhooks (/api/v1/channels/...): Twilio and Telegram sign them; a generated request
  can only be refused at the signature (their suites test them with real signatures);
- the WebSocket routes (/voice/stream, the Twilio media socket): not in an OpenAPI document.

A few operations check what no schema can say (the exercise a set names is in the catalog, a key's
expiry is in the future, a metric's unit and range depend on the metric, a goal's on its kind, the
bytes are audio): for those alone a 422 to a schema-valid request is accepted (BUSINESS_RULES), all
other checks stay.

Bounded in time: CI (CI set) runs FUZZ_EXAMPLES_CI examples per operation (about two minutes per
store on two cores), a developer's run FUZZ_EXAMPLES; FUZZ_EXAMPLES in the environment overrides.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from channels.http.app import create_app
from tests.conftest import REDIS_URL, make_settings
from tests.fakes.smtp import FakeSmtp

FUZZ_EXAMPLES_CI, FUZZ_EXAMPLES = 4, 6  # 158 operations: about 630 cases per store in CI (its time budget)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or (FUZZ_EXAMPLES_CI if os.environ.get("CI") else FUZZ_EXAMPLES))
BUSINESS_RULES = {
    "POST /api/v1/workouts/{workout_id}/sets": "the exercise must be in the catalog or the lifter's own",
    "POST /api/v1/workouts": "each set's exercise must be in the catalog or the lifter's own",
    "POST /api/v1/workouts/batch": "each set's exercise must be in the catalog or the lifter's own",
    "POST /api/v1/routines": "each item's exercise must be in the catalog or the lifter's own",
    "PATCH /api/v1/routines/{routine_id}": "each item's exercise must be in the catalog or the lifter's own",
    "PATCH /api/v1/sets/{set_id}": "the exercise must be in the catalog; a load must fit the lift's range in kg",
    "POST /api/v1/metrics": "a metric's unit and range depend on the metric",
    "POST /api/v1/metrics/batch": "a metric's unit and range depend on the metric",
    "GET /api/v1/metrics": "a series (bucket) needs a type, and at most 400 days or weeks from `from` to `to`",
    "POST /api/v1/body-measurements": "a girth is 10 to 300 cm (about 4 to 118 in)",
    "POST /api/v1/goals": "the exercise must be the catalog's or the lifter's own; units and ranges depend on the kind",
    "PATCH /api/v1/goals/{goal_id}": "units and ranges depend on the goal's kind",
    "POST /api/v1/me/api-keys": "an expiry must be in the future",
    "POST /api/v1/voice/process": "the bytes must decode as audio",
    "POST /api/v1/import": "the file must be a Strong or Hevy CSV export",
    "POST /api/v1/media": "the bytes must decode as a photo or video (415 when they are neither)",
    "POST /api/v1/devices/apple-health/records": "a sample's unit depends on its type (HealthKit's unit strings)",
    "POST /api/v1/devices/apple-health/export": "the file must be a zip or XML (an Apple Health export)",
    "PATCH /api/v1/workouts/{workout_id}": "a live workout keeps its start; the end comes after the start",
    "POST /api/v1/programs": "each day's routine must be the lifter's own or a public one",
    "PATCH /api/v1/programs/{program_id}": "each day's routine must be the lifter's own or a public one",
    "POST /api/v1/workouts/{workout_id}/finish": "the end comes after the start and not in the future",
    "POST /api/v1/exercises": "a name must hold a letter or a digit (its slug is made from them)",
    "POST /api/v1/auth/2fa/enable": "the code must be the one the authenticator app shows now",
    "POST /api/v1/auth/verify-email": "the token must be one the server mailed, unused and unexpired",
    "POST /api/v1/auth/password-reset": "the token must be one the server mailed, unused and unexpired",
    "POST /api/v1/workouts/generate": "focus and muscles must name muscle groups, avoid_exercises catalog lifts",
    "POST /api/v1/webhooks": "the URL must parse, with a host, a port other than 0 and no credentials",
    "PATCH /api/v1/webhooks/{webhook_id}": "the URL must parse, with a host, a port other than 0 and no credentials",
    "POST /api/v1/foods": "100 g holds at most 100 g of macros and 900 kcal, whatever `per_grams` the values are for",
    "PATCH /api/v1/foods/{food_id}": "100 g holds at most 100 g of macros and 900 kcal",
    "GET /api/v1/nutrition/logs": "give `day`, or `from` and `to`, not both",
    "POST /api/v1/nutrition/logs": "each food must be the table's or the lifter's own, and have the measure said",
    "PATCH /api/v1/nutrition/logs/{log_id}": "the food must be the table's or the lifter's own, with the measure said",
    "POST /api/v1/nutrition/meals": "each food must be the table's or the lifter's own, and have the measure said",
    "PATCH /api/v1/nutrition/meals/{meal_id}": "each food must be the table's or the lifter's own, with its measure",
    "POST /api/v1/nutrition/meals/{meal_id}/log": "the meal's foods must still be there, within a day's limits",
    "POST /api/v1/push/subscriptions": "an https endpoint; keys a browser makes (a 65-byte P-256 point, 16 bytes)",
    "POST /api/v1/reminders": "sms needs the lifter's phone linked",
    "PATCH /api/v1/reminders/{reminder_id}": "sms needs the lifter's phone linked",
}


@pytest.fixture(scope="module")
def smtp() -> Iterator[FakeSmtp]:
    server = FakeSmtp().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def fuzz_schema(database_url: str, smtp: FakeSmtp) -> Iterator[Any]:
    """The app's document, loaded from the app (schemathesis starts and ends its lifespan); mail is
    on, sent to a real SMTP server on loopback."""
    mail = {
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp.port,
        "smtp_tls": "none",
        "mail_from": "no-reply@spotter.example",
        "public_base_url": "https://spotter.example",
    }
    app = create_app(make_settings(database_url, redis_url=REDIS_URL, **mail))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    yield schema.exclude(path_regex="^/api/v1/channels/")


@pytest.fixture(scope="module")
def signed_in(fuzz_schema: Any) -> dict[str, str]:
    """A lifter of the fuzzer's own, registered through the app."""
    register = fuzz_schema["/api/v1/auth/register"]["POST"]
    body = {"email": f"fuzz-{uuid.uuid4().hex[:12]}@example.com", "password": "correct horse battery"}
    answer = register.Case(body=body, media_type="application/json").call()
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


SPEC = create_app(make_settings("sqlite+aiosqlite://")).openapi()  # the document needs no store
TOKEN_ONLY = {  # operations that take a sign-in token and no API key
    f"{method.upper()} {path}"
    for path, ops in SPEC["paths"].items()
    for method, op in ops.items()
    if op.get("security") == [{"bearerAuth": []}]
}


def operations() -> list[str]:
    """Every operation of the document but the channel webhooks."""
    return [
        f"{method.upper()} {path}"
        for path, ops in SPEC["paths"].items()
        for method in ops
        if not path.startswith("/api/v1/channels/")
    ]


@pytest.mark.parametrize("label", operations())
def test_the_api_answers_as_its_document_says(label: str, fuzz_schema: Any, signed_in: dict[str, str]) -> None:
    method, path = label.split(" ", 1)
    operation = fuzz_schema[path][method]
    excluded = [positive_data_acceptance] if label in BUSINESS_RULES else []
    valid, invalid = (operation.as_strategy(generation_mode=mode) for mode in GenerationMode)

    @given(case=valid | invalid)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case: Any) -> None:
        # A token-only operation's one required header is Authorization: a case that left it out, which
        # the sign-in then fills, is not a request the server should refuse. The sign-in goes into such
        # a case, so the checks judge it as sent (given as headers too: the caller's own credentials).
        headers = {**signed_in, **(case.headers or {})}
        if label in TOKEN_ONLY:
            case.headers = headers
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    answers_as_documented()
