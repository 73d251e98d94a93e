"""Twilio SMS through its real protocol: form posts signed with X-Twilio-Signature, TwiML answers."""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET

import httpx
from twilio.request_validator import RequestValidator

from tests.conftest import TWILIO_TOKEN, Lifter

URL = "http://test/api/v1/channels/twilio/sms"


def phone() -> str:
    return f"+1555{random.randrange(10**6, 10**7)}"


async def text(client: httpx.AsyncClient, sender: str, body: str, sign: bool = True) -> httpx.Response:
    params = {"From": sender, "To": "+15550000000", "Body": body, "MessageSid": "SM" + "0" * 32}
    headers = {"X-Twilio-Signature": RequestValidator(TWILIO_TOKEN).compute_signature(URL, params)} if sign else {}
    return await client.post("/channels/twilio/sms", data=params, headers=headers)


def said(response: httpx.Response) -> str:
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    return ET.fromstring(response.text).findtext("Message") or ""


async def test_unsigned_or_forged_requests_are_refused(client: httpx.AsyncClient) -> None:
    assert (await text(client, phone(), "bench 135 for 8", sign=False)).status_code == 403
    params = {"From": phone(), "Body": "bench 135 for 8"}
    forged = RequestValidator("someone-elses-token").compute_signature(URL, params)
    r = await client.post("/channels/twilio/sms", data=params, headers={"X-Twilio-Signature": forged})
    assert r.status_code == 403 and r.json()["error"]["code"] == "FORBIDDEN"


async def test_unknown_numbers_are_told_how_to_link(client: httpx.AsyncClient) -> None:
    assert "LINK" in said(await text(client, phone(), "squat 225 for 5"))


async def test_link_then_log_by_text(client: httpx.AsyncClient, lifter: Lifter) -> None:
    number = phone()
    code = (await client.post("/me/link-codes", headers=lifter.headers)).json()["code"]
    assert said(await text(client, number, "123 not a code")).startswith("Hi!")
    assert said(await text(client, number, f"LINK {code}")).startswith("Linked!")
    assert "didn't work" in said(await text(client, number, f"link {code}"))  # one use only
    reply = said(await text(client, number, "squat 2 plates for 5"))
    assert "225" in reply and "Workout started" in reply
    assert said(await text(client, number, "bench 135")) == "How many reps?"
    assert "135" in said(await text(client, number, "8"))
    sets = (await client.get("/workouts/active", headers=lifter.headers)).json()["sets"]
    assert [(s["exercise"], s["weight"], s["reps"]) for s in sets] == [
        ("barbell-back-squat", 225, 5),
        ("barbell-bench-press", 135, 8),
    ]


async def test_too_long_or_control_characters_get_a_short_answer_and_write_nothing(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    """MAX_MESSAGE_CHARS and the control-character rule of the REST bodies hold for SMS text too
    (a long text was cut at 1,000 characters and acted on)."""
    number = phone()
    code = (await client.post("/me/link-codes", headers=lifter.headers)).json()["code"]
    assert said(await text(client, number, f"LINK {code}")).startswith("Linked!")
    reply = said(await text(client, number, "squat 225 for 5. " * 150))  # 2,550 characters
    assert "too long" in reply and "2000" in reply
    assert "control characters" in said(await text(client, number, "squat 225 for 5\u0007"))
    assert (await client.get("/workouts/active", headers=lifter.headers)).status_code == 404


async def test_fields_twilio_adds_to_a_message_are_taken_in_stride(client: httpx.AsyncClient) -> None:
    """The webhook's form is Twilio's, not ours: fields we do not know are not a 422."""
    params = {"From": phone(), "Body": "squat 225 for 5", "NumMedia": "0", "SomeNewTwilioField": "x"}
    sig = RequestValidator(TWILIO_TOKEN).compute_signature(URL, params)
    r = await client.post("/channels/twilio/sms", data=params, headers={"X-Twilio-Signature": sig})
    assert "LINK" in said(r)
