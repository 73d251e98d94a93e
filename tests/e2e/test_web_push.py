"""Notifications and reminders on the web page, in headless Chromium: the service worker registers
at /sw.js for the whole app, and a reminder is added, paused and deleted on the settings page (what
the page sends is what the API stores). Subscribing to push itself needs the browser's own push
service (on the internet), so tests/integration/http/test_push.py covers it against a fake one."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

from tests.e2e.browser import CHROMIUM, chromium
from tests.e2e.test_web_app import PASSWORD, open_page, shoot, sign_in
from tests.e2e.test_web_page import microphone

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make install adds it)")


async def test_reminders_on_the_settings_page(server: str, tmp_path: Path) -> None:
    email = f"push-{uuid.uuid4().hex[:8]}@example.com"
    async with httpx.AsyncClient(base_url=server + "/api/v1", timeout=30) as api:
        tokens = (await api.post("/auth/register", json={"email": email, "password": PASSWORD})).json()
        api.headers["Authorization"] = f"Bearer {tokens['access_token']}"
        async with chromium(microphone(tmp_path)) as page:
            await sign_in(page, server, email, tmp_path)
            scope = await page.js("navigator.serviceWorker.register('/sw.js', {scope: '/'}).then((r) => r.scope)")
            assert scope == server + "/"
            await open_page(page, "settings")
            await page.wait_for("document.querySelectorAll('#reminder-days input').length === 7")
            await page.js("document.getElementById('reminder-at').value = '06:15'")
            await page.js(
                "document.querySelectorAll('#reminder-days input').forEach((i) => { i.checked = i.value === 'sat'; })"
            )
            await page.js("document.getElementById('reminder-channel').value = 'email'")
            await page.js("document.getElementById('reminder-message').value = 'Long run first'")
            await page.js("document.getElementById('reminder-form').requestSubmit()")
            await page.wait_for("document.getElementById('reminder-status').textContent === 'Reminder saved.'")
            await page.wait_for("document.querySelectorAll('#reminders li').length === 1")
            (stored,) = (await api.get("/reminders")).json()
            assert (stored["at"], stored["days"], stored["channel"]) == ("06:15", ["sat"], "email")
            assert stored["message"] == "Long run first" and stored["enabled"]
            await shoot(page, tmp_path, "reminders")
            await page.click("#reminders li button")  # Pause
            await page.wait_for("document.querySelector('#reminders li').textContent.includes('(paused)')")
            assert (await api.get("/reminders")).json()[0]["enabled"] is False
            await page.click("#reminders li button:last-of-type")  # Delete
            await page.wait_for("document.querySelectorAll('#reminders li').length === 0")
            assert (await api.get("/reminders")).json() == []
