"""Every page of the web app in one headless Chromium session: sign in, hold space and speak a set
(a fake microphone plays a recording), see a set logged elsewhere appear live, undo, each chart,
start a routine and check a set off, goals, connect a device, settings, the chat after a reload;
a screenshot of each page at phone and desktop sizes (SCREENSHOT_DIR, else a temporary folder)."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.browser import CHROMIUM, Page, chromium
from tests.e2e.test_web_page import microphone

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make install adds it)")
SIZES = {"phone": (390, 844, True), "desktop": (1280, 800, False)}
PASSWORD = "web-app-password-1"


async def seed(api: httpx.AsyncClient) -> dict[str, Any]:
    """Two weeks of bench and squat, body weight and sleep, a routine and a goal."""
    now = datetime.now(UTC)
    for days_ago, bench in ((12, 175), (8, 180), (4, 185)):
        start = now - timedelta(days=days_ago)
        sets = [
            {"exercise": "barbell-bench-press", "reps": 5, "weight": bench, "sets": 3},
            {"exercise": "barbell-back-squat", "reps": 5, "weight": bench + 50, "sets": 2},
        ]
        body = {"status": "completed", "started_at": start.isoformat(), "completed_at": (start + timedelta(hours=1)).isoformat()}
        assert (await api.post("/workouts", json=body | {"name": "Upper", "sets": sets})).status_code == 201
    readings = [
        {"metric": m, "value": v + i * d, "recorded_at": (now - timedelta(days=6 - i)).isoformat()}
        for i in range(5)
        for m, v, d in (("body_weight", 181.0, -0.4), ("sleep_hours", 6.5, 0.3))
    ]
    assert (await api.post("/metrics", json={"data": readings})).status_code == 201
    items = [{"exercise": "barbell-bench-press", "target_sets": 2, "target_reps": 5, "target_weight": 185}]
    routine = (await api.post("/routines", json={"name": "Push day", "items": items})).json()
    goal = {"kind": "heaviest", "exercise": "barbell-bench-press", "target": 225, "unit": "lb"}
    assert (await api.post("/goals", json=goal)).status_code == 201
    return routine


async def shoot(page: Page, folder: Path, name: str) -> None:
    for size, (width, height, mobile) in SIZES.items():
        await page.screenshot(folder / f"{name}-{size}.png", width, height, mobile)
    await page.call("Emulation.clearDeviceMetricsOverride")


async def open_page(page: Page, name: str) -> None:
    await page.js(f"location.hash = '#{name}'")
    await page.wait_for(f"document.getElementById('page-{name}').dataset.ready === 'yes' && !document.getElementById('page-{name}').hidden")


async def hold_space(page: Page, down: bool) -> None:
    kind = "keyDown" if down else "keyUp"
    await page.call("Input.dispatchKeyEvent", type=kind, key=" ", code="Space", windowsVirtualKeyCode=32)


async def test_every_page_of_the_web_app(server: str, tmp_path: Path) -> None:
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path / "screenshots")
    email = f"app-{uuid.uuid4().hex[:8]}@example.com"
    async with httpx.AsyncClient(base_url=server + "/api/v1", timeout=30) as api:
        tokens = (await api.post("/auth/register", json={"email": email, "password": PASSWORD})).json()
        api.headers["Authorization"] = f"Bearer {tokens['access_token']}"
        routine = await seed(api)

        async with chromium(microphone(tmp_path)) as page:
            # sign in through the form
            await page.call("Page.navigate", url=server + "/")
            await page.wait_for("document.readyState === 'complete' && !!document.getElementById('email')")
            await shoot(page, shots, "signin")
            await page.js(f"document.getElementById('email').value = '{email}'")
            await page.js(f"document.getElementById('password').value = '{PASSWORD}'")
            await page.js("document.getElementById('login').click()")
            await page.wait_for("!document.getElementById('app').hidden")

            # hold space and speak: the transcript, then the set in today's workout, followed live
            await hold_space(page, True)
            heard = await page.wait_for("document.getElementById('heard').textContent", within_s=40)
            await hold_space(page, False)
            assert "135" in heard
            spoken = await page.wait_for("[...document.querySelectorAll('#today li.done')].map((li) => li.textContent).join('|')")
            assert "Bench Press" in spoken and "10 reps" in spoken and "135" in spoken
            await page.wait_for("document.getElementById('today').dataset.live === 'on'")

            # a set logged elsewhere (the watch, another app) appears at once, and is announced
            active = (await api.get("/workouts/active")).json()
            logged = {"exercise": "barbell-back-squat", "reps": 5, "weight": 225}
            assert (await api.post(f"/workouts/{active['id']}/sets", json=logged)).status_code == 201
            await page.wait_for("document.querySelectorAll('#today li.done').length === 2", within_s=10)
            assert "Squat" in await page.wait_for("document.getElementById('announce').textContent.includes('Squat') && document.getElementById('announce').textContent")
            await shoot(page, shots, "today")

            # undo the spoken set: gone from the page and from the store
            await page.js("[...document.querySelectorAll('#today li')].find((li) => li.textContent.includes('Bench')).querySelector('button.undo').click()")
            await page.wait_for("document.querySelectorAll('#today li').length === 1")
            left = (await api.get("/workouts/active")).json()["sets"]
            assert [s["exercise"] for s in left] == ["barbell-back-squat"]

            # the chat is kept across a reload
            said = await page.js("document.querySelectorAll('#log p').length")
            assert said >= 2
            await page.call("Page.reload")
            await page.wait_for("document.readyState === 'complete' && document.querySelectorAll('#today li').length === 1")
            assert await page.js("document.querySelectorAll('#log p').length") == said

            await open_page(page, "history")
            await page.wait_for("document.querySelectorAll('#week-workouts details').length >= 1")
            today = datetime.now(UTC).date()
            last_week = today - timedelta(days=today.weekday() + 7)
            await page.js("document.getElementById('week-prev').click()")
            await page.wait_for(f"document.getElementById('week-workouts').dataset.week === '{last_week}'")
            assert await page.js("document.querySelectorAll('#week-workouts details').length") >= 1
            await page.js("document.querySelector('#week-workouts details').open = true")
            assert "Bench Press" in await page.wait_for("document.querySelector('#week-workouts details li') && document.querySelector('#week-workouts details').textContent")
            await shoot(page, shots, "history")

            await open_page(page, "records")
            board = await page.wait_for("document.querySelector('#records tbody').textContent")
            assert "Barbell Bench Press" in board and "185 lb × 5" in board
            await shoot(page, shots, "records")

            # each chart: dated axes, the unit, a point per day
            await open_page(page, "charts")
            await page.js("const lift = document.getElementById('lift'); lift.value = 'barbell-bench-press';"
                          " lift.dispatchEvent(new Event('change', {bubbles: true}))")
            for measure, label in (("top", "Top set"), ("e1rm", "e1RM"), ("volume", "Volume")):
                await page.js(f"document.querySelector('input[name=measure][value={measure}]').click()")
                await page.wait_for(f"document.getElementById('chart').getAttribute('aria-label').includes('{label} in lb, 3 points')")
                assert await page.js("document.querySelector('#chart .unit').textContent") == f"{label} (lb)"
                assert await page.js("document.querySelectorAll('#chart circle').length") == 3
                assert await page.js("document.querySelectorAll('#chart .tick.date').length") >= 3
            for chart, unit in (("weight-chart", "(lb)"), ("sleep-chart", "(h)")):
                await page.wait_for(f"document.querySelectorAll('#{chart} circle').length === 5")
                assert unit in await page.js(f"document.querySelector('#{chart} .unit').textContent")
            await page.js("document.querySelector('input[name=measure][value=e1rm]').click()")
            await shoot(page, shots, "charts")

            # finish today's workout, start the routine, check its first set off
            await open_page(page, "today")
            await page.js("document.getElementById('finish').click()")
            await page.wait_for("document.querySelectorAll('#today li').length === 0")
            await open_page(page, "routines")
            await page.wait_for("document.querySelectorAll('#routines li.card').length === 1")
            await shoot(page, shots, "routines")
            await page.js(f"document.querySelector('#routines button[aria-label=\"Start {routine['name']}\"]').click()")
            await page.wait_for("location.hash === '#today' && document.querySelectorAll('#today li.planned').length === 2")
            await page.js("document.querySelector('#today li.planned button.check').click()")
            await page.wait_for("document.querySelectorAll('#today li.planned').length === 1 && document.querySelectorAll('#today li.done').length === 1")
            plan = (await api.get("/workouts/active")).json()["sets"]
            assert [s["completed"] for s in plan] == [True, False] and plan[0]["reps"] == 5

            await open_page(page, "goals")
            await page.wait_for("document.querySelectorAll('#goals progress').length === 1")
            assert await page.js("document.querySelector('#goals progress').value") > 80  # 185 of 225
            await shoot(page, shots, "goals")

            # connect a device; the phone pushes a record; its last sync shows
            await open_page(page, "devices")
            await page.js("document.querySelector('button[aria-label=\"Connect Health Connect (Android)\"]').click()")
            await page.wait_for("document.querySelector('[data-provider=health-connect]').dataset.status === 'connected'")
            push = {"changes_token": None, "next_changes_token": "t1",
                    "records": [{"id": "s1", "type": "Steps", "start_time": datetime.now(UTC).isoformat(), "value": 4200}]}
            assert (await api.post("/devices/health-connect/records", json=push)).status_code == 200
            synced = "(document.querySelector('[data-provider=health-connect] .synced') || {textContent: ''}).textContent"
            assert "1 stored" in await page.wait_for(f"{synced}.includes('stored') && {synced}", within_s=10)
            await shoot(page, shots, "devices")

            await open_page(page, "settings")
            await page.js("document.querySelector('input[name=unit][value=kg]').click()")
            await page.js("document.getElementById('settings-form').requestSubmit()")
            await page.wait_for("document.getElementById('settings-status').textContent === 'Saved.'")
            assert (await api.get("/me")).json()["unit_pref"] == "kg"
            assert await page.js("document.getElementById('twofa-link').getAttribute('href')") == "/account#two-factor"
            await shoot(page, shots, "settings")

            await page.call("Page.navigate", url=server + "/account#two-factor")
            await page.wait_for("document.readyState === 'complete' && !document.getElementById('twofa-start').hidden")
            await page.js("document.getElementById('twofa-start').click()")
            await page.wait_for("!!document.querySelector('#twofa-qr svg')")
            await shoot(page, shots, "account")
