"""Telegram through its real protocol: updates posted to our webhook, Bot API calls to a loopback fake."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import app_client, make_settings, register
from tests.fakes.servers import serve
from tests.fakes.telegram import FakeTelegram

TOKEN, SECRET = "123456:TEST-TOKEN", "webhook-secret"
AUDIO = Path(__file__).resolve().parents[2] / "fixtures" / "audio"
ids = itertools.count(1000)


@pytest.fixture(scope="module")
def fake() -> Iterator[tuple[FakeTelegram, str]]:
    tg = FakeTelegram(TOKEN)
    with serve(tg.app()) as url:
        yield tg, url


@pytest.fixture(scope="module")
async def client(
    fake: tuple[FakeTelegram, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[httpx.AsyncClient]:
    db = tmp_path_factory.mktemp("tg") / "tg.db"
    settings = make_settings(
        f"sqlite+aiosqlite:///{db}", telegram_bot_token=TOKEN, telegram_webhook_secret=SECRET, telegram_api_url=fake[1]
    )
    async with app_client(settings) as c:
        yield c


def message(chat: int, text: str | None = None, voice: dict[str, Any] | None = None) -> dict[str, Any]:
    msg: dict[str, Any] = {
        "message_id": next(ids),
        "date": 1700000000,
        "chat": {"id": chat, "type": "private"},
        "from": {"id": chat, "is_bot": False, "first_name": "Lifter"},
    }
    if text is not None:
        msg["text"] = text
        if text.startswith("/"):  # Telegram marks a command with an entity
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    if voice is not None:
        msg["voice"] = voice
    return {"update_id": next(ids), "message": msg}


async def post(client: httpx.AsyncClient, update: dict[str, Any], secret: str = SECRET) -> httpx.Response:
    return await client.post(
        "/channels/telegram/webhook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}
    )


def last_to(tg: FakeTelegram, chat: int) -> dict[str, Any]:
    return [m for m in tg.sent() if int(m["chat_id"]) == chat][-1]


async def linked_chat(client: httpx.AsyncClient, tg: FakeTelegram) -> tuple[int, dict[str, str]]:
    lifter = await register(client)
    chat = random.randrange(10**8, 10**9)
    code = (await client.post("/me/link-codes", headers=lifter.headers)).json()["code"]
    assert (await post(client, message(chat, f"/start {code}"))).status_code == 200
    assert last_to(tg, chat)["text"].startswith("Linked!")
    return chat, lifter.headers


async def test_webhook_needs_the_secret(client: httpx.AsyncClient) -> None:
    assert (await post(client, message(1, "hi"), secret="wrong")).status_code == 403
    r = await client.post("/channels/telegram/webhook", json=message(1, "hi"))
    assert r.status_code == 403


async def test_start_unlinked_explains_linking(client: httpx.AsyncClient, fake: tuple[FakeTelegram, str]) -> None:
    await post(client, message(555, "/start"))
    assert "LINK" in last_to(fake[0], 555)["text"]
    await post(client, message(555, "bench 135 for 8"))
    assert "LINK" in last_to(fake[0], 555)["text"]


async def test_log_by_text_then_undo_with_the_button(client: httpx.AsyncClient, fake: tuple[FakeTelegram, str]) -> None:
    tg = fake[0]
    chat, headers = await linked_chat(client, tg)
    await post(client, message(chat, "bench 3x8 at 135"))
    sent = last_to(tg, chat)
    assert "135" in sent["text"]
    markup = json.loads(sent["reply_markup"]) if isinstance(sent["reply_markup"], str) else sent["reply_markup"]
    assert markup["inline_keyboard"][0][0]["callback_data"] == "undo"
    assert (await client.get("/workouts/active", headers=headers)).json()["set_count"] == 3
    callback = {
        "update_id": next(ids),
        "callback_query": {
            "id": "cb1",
            "chat_instance": "x",
            "data": "undo",
            "from": {"id": chat, "is_bot": False, "first_name": "L"},
            "message": {"message_id": 1, "date": 1700000000, "chat": {"id": chat, "type": "private"}},
        },
    }
    await post(client, callback)
    assert tg.sent("answerCallbackQuery")[-1]["callback_query_id"] == "cb1"
    assert last_to(tg, chat)["text"].startswith("Removed")
    assert (await client.get("/workouts/active", headers=headers)).json()["set_count"] == 0


async def test_voice_note_is_transcribed_and_logged(client: httpx.AsyncClient, fake: tuple[FakeTelegram, str]) -> None:
    tg = fake[0]
    chat, headers = await linked_chat(client, tg)
    tg.files["voice1"] = (AUDIO / "three_sets_of_ten_dips.ogg").read_bytes()
    voice = {
        "file_id": "voice1",
        "file_unique_id": "v1u",
        "duration": 2,
        "mime_type": "audio/ogg",
        "file_size": len(tg.files["voice1"]),
    }
    await post(client, message(chat, voice=voice))
    heard = last_to(tg, chat)["text"]
    assert "Dip 3×10" in heard
    if heard.startswith("Did you say"):  # Whisper doubted a word of it: a yes writes what was read back
        await post(client, message(chat, "yes"))
        assert "Dip 3×10" in last_to(tg, chat)["text"]
    assert (await client.get("/workouts/active", headers=headers)).json()["set_count"] == 3


async def test_today_prs_help_and_rest_notice(client: httpx.AsyncClient, fake: tuple[FakeTelegram, str]) -> None:
    tg = fake[0]
    chat, _ = await linked_chat(client, tg)
    await post(client, message(chat, "squat 225 for 5"))
    await post(client, message(chat, "/today"))
    assert last_to(tg, chat)["text"].startswith("Today: 1 set: ")
    await post(client, message(chat, "/prs"))
    assert "Your bests: Barbell Back Squat 225 lb × 5" in last_to(tg, chat)["text"]
    await post(client, message(chat, "/help"))
    assert "bench" in last_to(tg, chat)["text"]
    await post(client, message(chat, "rest 2 seconds"))
    assert last_to(tg, chat)["text"].startswith("Rest 0:02")
    for _ in range(80):  # up to 8 s on a busy machine
        if last_to(tg, chat)["text"] == "Rest's up. Next set!":
            break
        await asyncio.sleep(0.1)
    assert last_to(tg, chat)["text"] == "Rest's up. Next set!"


def test_long_polling_serves_the_same_bot(fake: tuple[FakeTelegram, str], tmp_path: Path) -> None:
    """`python -m assistant telegram` (Application.run_polling) answers, and stops cleanly on SIGTERM."""
    tg, url = fake
    tg.updates.append(message(777, "/help"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/poll.db",
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": url,
        "JWT_SECRET_FILE": str(tmp_path / "jwt_secret"),
        "LOG_LEVEL": "WARNING",
    }
    log = tmp_path / "bot.log"
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "telegram"], env=env, stderr=log.open("wb"))
    try:
        deadline = time.monotonic() + 60
        while not any(int(m["chat_id"]) == 777 for m in tg.sent()):
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        assert "bench" in last_to(tg, 777)["text"]
        assert "deleteWebhook" in [name for name, _ in tg.calls]  # polling and a webhook exclude each other
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0, log.read_text()


async def test_too_long_or_control_characters_get_a_short_answer_and_write_nothing(
    client: httpx.AsyncClient, fake: tuple[FakeTelegram, str]
) -> None:
    """MAX_MESSAGE_CHARS and the control-character rule of the REST bodies hold for Telegram text too."""
    tg = fake[0]
    chat, headers = await linked_chat(client, tg)
    await post(client, message(chat, "bench 135 for 8 " * 200))  # 3,200 characters
    assert "too long" in last_to(tg, chat)["text"] and "2000" in last_to(tg, chat)["text"]
    await post(client, message(chat, "bench 135 for 8\u0000"))
    assert "control characters" in last_to(tg, chat)["text"]
    assert (await client.get("/workouts/active", headers=headers)).status_code == 404


async def test_fields_telegram_adds_to_an_update_are_taken_in_stride(
    client: httpx.AsyncClient, fake: tuple[FakeTelegram, str]
) -> None:
    """The webhook's body is Telegram's, not ours: fields we do not know are not a 422."""
    tg = fake[0]
    chat, headers = await linked_chat(client, tg)
    update = message(chat, "bench 135 for 8")
    update["message"]["some_future_field"] = {"kind": "new"}
    update["business_connection_id"] = "abc"
    assert (await post(client, update)).status_code == 200
    assert "135" in last_to(tg, chat)["text"]
    assert (await client.get("/workouts/active", headers=headers)).json()["set_count"] == 1


async def test_an_edited_message_logs_nothing_twice(client: httpx.AsyncClient, fake: tuple[FakeTelegram, str]) -> None:
    tg = fake[0]
    chat, headers = await linked_chat(client, tg)
    sent = message(chat, "bench 135 for 8")
    await post(client, sent)
    edited = {"update_id": next(ids), "edited_message": {**sent["message"], "edit_date": 1700000100}}
    assert (await post(client, edited)).status_code == 200
    assert (await client.get("/workouts/active", headers=headers)).json()["set_count"] == 1


async def test_a_body_that_is_not_an_update_is_a_422(client: httpx.AsyncClient) -> None:
    for body in ({}, {"update_id": 1, "message": "text"}, {"update_id": 1, "message": {"chat": {"id": 1}}}):
        assert (await post(client, body)).status_code == 422
