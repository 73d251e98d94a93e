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
DONE, PLANNED = "#today li.done", "#today li.planned"


async def seed(api: httpx.AsyncClient) -> dict[str, Any]:
    """Three past workouts of bench and squat, body weight and sleep, a routine and a goal."""
    now = datetime.now(UTC)
    for days_ago, bench in ((12, 175), (8, 180), (4, 185)):
        start = now - timedelta(days=days_ago)
        sets = [
            {"exercise": "barbell-bench-press", "reps": 5, "weight": bench, "sets": 3},
            {"exercise": "barbell-back-squat", "reps": 5, "weight": bench + 50, "sets": 2},
        ]
        when = {"started_at": start.isoformat(), "completed_at": (start + timedelta(hours=1)).isoformat()}
        body = {"name": "Upper", "status": "completed", "sets": sets} | when
        assert (await api.post("/workouts", json=body)).status_code == 201
    readings = [
        {"metric": metric, "value": value + i * step, "recorded_at": (now - timedelta(days=6 - i)).isoformat()}
        for i in range(5)
        for metric, value, step in (("body_weight", 181.0, -0.4), ("sleep_hours", 6.5, 0.3))
    ]
    assert (await api.post("/metrics", json={"data": readings})).status_code == 201
    start = now - timedelta(days=2)  # one day of pull-ups at bodyweight: one point, in reps
    pulls = {"exercise": "pull-up", "reps": 8, "sets": 3}
    when = {"started_at": start.isoformat(), "completed_at": (start + timedelta(hours=1)).isoformat()}
    body = {"name": "Pull", "status": "completed", "sets": [pulls]} | when
    assert (await api.post("/workouts", json=body)).status_code == 201
    items = [{"exercise": "barbell-bench-press", "target_sets": 2, "target_reps": 5, "target_weight": 185}]
    routine: dict[str, Any] = (await api.post("/routines", json={"name": "Push day", "items": items})).json()
    goal = {"kind": "heaviest", "exercise": "barbell-bench-press", "target": 225, "unit": "lb"}
    assert (await api.post("/goals", json=goal)).status_code == 201
    return routine


NAMED_ROLES = {"button", "link", "textbox", "combobox", "checkbox", "radio", "slider", "spinbutton", "progressbar",
               "image", "img", "searchbox", "switch", "tab", "menuitem", "listbox"}  # fmt: skip


async def unnamed(page: Page) -> list[str]:
    """Controls a screen reader would announce without a name (Chromium's accessibility tree)."""
    tree = await page.call("Accessibility.getFullAXTree")
    found = []
    for node in tree["nodes"]:
        role = str(node.get("role", {}).get("value", ""))
        if role in NAMED_ROLES and not node.get("ignored") and not str(node.get("name", {}).get("value", "")).strip():
            found.append(role)
    return found


async def shoot(page: Page, folder: Path, name: str, scroll_to: str = "") -> None:
    assert await unnamed(page) == [], name  # every control on the page has a name a screen reader says
    for size, (width, height, mobile) in SIZES.items():
        await page.screenshot(folder / f"{name}-{size}.png", width, height, mobile, scroll_to)
    await page.call("Emulation.clearDeviceMetricsOverride")


async def open_page(page: Page, name: str) -> None:
    await page.js(f"location.hash = '#{name}'")
    section = f"document.getElementById('page-{name}')"
    await page.wait_for(f"{section}.dataset.ready === 'yes' && !{section}.hidden")


async def hold_space(page: Page, down: bool) -> None:
    kind = "keyDown" if down else "keyUp"
    await page.call("Input.dispatchKeyEvent", type=kind, key=" ", code="Space", windowsVirtualKeyCode=32)


async def sign_in(page: Page, server: str, email: str, shots: Path) -> None:
    await page.call("Page.navigate", url=server + "/")
    await page.wait_for("document.readyState === 'complete' && !!document.getElementById('email')")
    await shoot(page, shots, "signin")
    await page.js(f"document.getElementById('email').value = '{email}'")
    await page.js(f"document.getElementById('password').value = '{PASSWORD}'")
    await page.click("#login")
    await page.wait_for("!document.getElementById('app').hidden")
    # the keyboard's first stop is "Skip to content", then the header's Sign out, then the tabs
    stops = []
    for _ in range(3):
        await page.call("Input.dispatchKeyEvent", type="keyDown", key="Tab", code="Tab", windowsVirtualKeyCode=9)
        await page.call("Input.dispatchKeyEvent", type="keyUp", key="Tab", code="Tab", windowsVirtualKeyCode=9)
        stops.append(await page.js("document.activeElement.textContent.trim()"))
    assert stops == ["Skip to content", "Sign out", "Today"], stops
    await page.js("document.activeElement.blur()")


async def today_live(page: Page, api: httpx.AsyncClient, shots: Path) -> None:
    """Space held: the transcript, the set; a set logged elsewhere appears at once; Undo; a reload."""
    await hold_space(page, True)
    heard = await page.wait_for("document.getElementById('heard').textContent", within_s=40)
    await hold_space(page, False)
    assert "135" in heard
    spoken = await page.wait_for(f"document.querySelector('{DONE}') && document.querySelector('{DONE}').textContent")
    assert "Bench Press" in spoken and "10 reps" in spoken and "135" in spoken
    await page.wait_for("document.getElementById('today').dataset.live === 'on'")

    message = {"text": "back squat 225 for 5", "channel": "watch"}  # another client: the watch, through the assistant
    r = await api.post("/assistant/messages", json=message)
    assert r.status_code == 200, r.text
    await page.wait_for(f"document.querySelectorAll('{DONE}').length === 2", within_s=10)
    await page.wait_for("document.getElementById('announce').textContent.startsWith('Logged')")
    assert "Back Squat: 5 reps @ 225 lb" in await page.text("#announce")  # said to a screen reader
    await shoot(page, shots, "today")

    await page.click("#today li.done button.undo")  # the spoken bench set, the first
    await page.wait_for("document.querySelectorAll('#today li').length === 1")
    assert [s["exercise"] for s in (await api.get("/workouts/active")).json()["sets"]] == ["barbell-back-squat"]

    said = await page.count("#log p")
    assert said >= 2  # what was heard, and the reply
    await page.call("Page.reload")
    await page.wait_for("document.readyState === 'complete' && document.querySelectorAll('#today li').length === 1")
    assert await page.count("#log p") == said


async def history_and_records(page: Page, shots: Path) -> None:
    await open_page(page, "history")
    await page.wait_for("document.querySelectorAll('#week-workouts details').length >= 1")
    today = datetime.now(UTC).date()
    last_week = today - timedelta(days=today.weekday() + 7)
    await page.click("#week-prev")
    await page.wait_for(f"document.getElementById('week-workouts').dataset.week === '{last_week}'")
    assert await page.count("#week-workouts details") >= 1
    await page.js("document.querySelector('#week-workouts details').open = true")
    await page.wait_for("document.querySelectorAll('#week-workouts details li').length > 0")
    assert "Bench Press" in await page.text("#week-workouts details")
    await shoot(page, shots, "history")

    await open_page(page, "records")
    board = await page.text("#records tbody")
    assert "Barbell Bench Press" in board and "185 lb × 5" in board
    await shoot(page, shots, "records")


async def charts(page: Page, shots: Path) -> None:
    """Each chart: dated axes, the unit, a point per day."""
    await open_page(page, "charts")
    await page.js(
        "const lift = document.getElementById('lift'); lift.value = 'barbell-bench-press';"
        " lift.dispatchEvent(new Event('change', {bubbles: true}))"
    )
    for measure, label in (("top", "Top set"), ("e1rm", "e1RM"), ("volume", "Volume")):
        await page.click(f"input[name=measure][value={measure}]")
        await page.wait_for(f"document.getElementById('chart').ariaLabel.includes('{label} in lb, 3 points')")
        assert await page.text("#chart .unit") == f"{label} (lb)"
        assert await page.count("#chart circle") == 3
        assert await page.count("#chart .tick.date") >= 3
    for chart, unit in (("weight-chart", "(lb)"), ("sleep-chart", "(h)")):
        await page.wait_for(f"document.querySelectorAll('#{chart} circle').length === 5")
        assert unit in await page.text(f"#{chart} .unit")
    await shoot(page, shots, "charts")
    await shoot(page, shots, "charts-body", scroll_to="#page-charts h3")

    await page.click("input[name=measure][value=top]")
    await page.js("document.getElementById('lift-search').value = 'pull-up'")
    await page.js("document.getElementById('lift-search').dispatchEvent(new Event('change'))")
    pulls = "Pull-Up: Most reps in a set in reps, 1 point"
    await page.wait_for(f"document.getElementById('chart').ariaLabel.startsWith('{pulls}')")
    assert await page.count("#chart circle") == 1  # one day: still axes, a date and the unit
    assert await page.count("#chart .tick.date") >= 2 and await page.text("#chart .unit") == "Most reps in a set (reps)"
    await page.click("input[name=measure][value=volume]")
    await page.wait_for("document.getElementById('chart').ariaLabel.includes('Total reps in reps, 1 point')")
    assert "latest 24 reps" in await page.js("document.getElementById('chart').ariaLabel")
    await page.js("window.scrollTo(0, 0)")
    await shoot(page, shots, "charts-pullups")


async def routine_and_goals(page: Page, api: httpx.AsyncClient, routine: dict[str, Any], shots: Path) -> None:
    """Finish today's workout, start the routine, check its first set off (and undo that); the goal's progress."""
    await open_page(page, "today")
    await page.click("#finish")
    await page.wait_for("document.querySelectorAll('#today li').length === 0")
    await open_page(page, "routines")
    await page.wait_for("document.querySelectorAll('#routines li.card').length === 1")
    await shoot(page, shots, "routines")
    await page.click(f"#routines button[aria-label='Start {routine['name']}']")
    await page.wait_for(f"location.hash === '#today' && document.querySelectorAll('{PLANNED}').length === 2")
    await page.click(f"{PLANNED} button.check")
    await page.wait_for(f"document.querySelectorAll('{PLANNED}').length === 1")
    assert await page.count(DONE) == 1
    await shoot(page, shots, "routine-started")
    plan = (await api.get("/workouts/active")).json()["sets"]
    assert [s["completed"] for s in plan] == [True, False] and plan[0]["reps"] == 5
    await page.click(f"{DONE} button.undo")  # a planned set undone goes back to its plan
    await page.wait_for(f"document.querySelectorAll('{PLANNED}').length === 2")
    assert [s["completed"] for s in (await api.get("/workouts/active")).json()["sets"]] == [False, False]

    await open_page(page, "goals")
    await page.wait_for("document.querySelectorAll('#goals progress').length === 1")
    assert await page.js("document.querySelector('#goals progress').value") > 80  # 185 of 225 lb
    await shoot(page, shots, "goals")


async def devices(page: Page, api: httpx.AsyncClient, shots: Path) -> None:
    """Connect the phone store; the phone pushes a record; the page shows the sync."""
    await open_page(page, "devices")
    await page.click("button[aria-label='Connect Health Connect (Android)']")
    await page.wait_for("document.querySelector('[data-provider=health-connect]').dataset.status === 'connected'")
    steps = {"id": "s1", "type": "Steps", "start_time": datetime.now(UTC).isoformat(), "value": 4200}
    push = {"changes_token": None, "next_changes_token": "t1", "records": [steps]}
    assert (await api.post("/devices/health-connect/records", json=push)).status_code == 200
    synced = "document.querySelector('[data-provider=health-connect] .synced')"
    await page.wait_for(f"{synced} && {synced}.textContent.includes('stored')", within_s=10)
    assert "1 stored" in await page.text("[data-provider=health-connect] .synced")

    # a cloud, through its consent page: first Deny (back here, told why, nothing connected), then
    # Connect again, the provider's Allow, back on this page, synced
    oura = "document.querySelector('[data-provider=oura]')"
    await page.click("button[aria-label='Connect Oura']")
    await page.wait_for("!!document.getElementById('deny')")  # the fake Oura's authorize page
    await page.click("#deny")
    await page.wait_for("location.pathname === '/' && location.hash === '#devices'")
    await page.wait_for("document.getElementById('devices-status').textContent.startsWith('Not connected')")
    assert "Access was not granted" in await page.text("#devices-status")
    assert await page.js("document.getElementById('devices-status').className") == "error"
    assert await page.js("location.search") == ""
    await page.wait_for(f"{oura} && {oura}.dataset.status !== 'connected'")
    assert [d["status"] for d in (await api.get("/devices")).json()["data"] if d["provider"] == "oura"] != ["connected"]
    await page.click("button[aria-label='Connect Oura']")
    await page.wait_for("!!document.getElementById('allow')")
    assert "Let Spotter read your data?" in await page.text("h1")
    await page.click("#allow")
    await page.wait_for("location.pathname === '/' && location.hash === '#devices'")
    await page.wait_for(f"{oura} && {oura}.dataset.status === 'connected'")
    assert "Oura connected" in await page.text("#devices-status")
    assert await page.js("location.search") == ""  # said once: a reload does not say it again
    synced = f"{oura}.querySelector('.synced')"
    await page.wait_for(f"{synced} && {synced}.textContent.includes('(ok, ')", within_s=20)  # the backfill, done
    assert "just now" in await page.text("[data-provider=oura] .synced")
    await shoot(page, shots, "devices")


async def settings(page: Page, api: httpx.AsyncClient, server: str, shots: Path) -> None:
    await open_page(page, "settings")
    await page.click("input[name=unit][value=kg]")
    await page.js("document.getElementById('settings-form').requestSubmit()")
    await page.wait_for("document.getElementById('settings-status').textContent === 'Saved.'")
    assert (await api.get("/me")).json()["unit_pref"] == "kg"
    assert await page.js("document.getElementById('twofa-link').getAttribute('href')") == "/account#two-factor"
    await shoot(page, shots, "settings")

    await page.call("Page.navigate", url=server + "/account#two-factor")
    await page.wait_for("document.readyState === 'complete' && !document.getElementById('twofa-start').hidden")
    await page.click("#twofa-start")
    await page.wait_for("!!document.querySelector('#twofa-qr svg')")
    await shoot(page, shots, "account")


async def sign_out(page: Page, server: str) -> None:
    """Signing out forgets the tokens and the chat kept in this browser."""
    await page.call("Page.navigate", url=server + "/#today")
    await page.wait_for("document.readyState === 'complete' && document.querySelectorAll('#log p').length > 0")
    await page.click("#signout")
    await page.wait_for("!document.getElementById('signin').hidden")
    assert await page.js("Object.keys(localStorage).filter((k) => k.startsWith('spotter.'))") == []
    assert await page.count("#log p") == 0


async def test_every_page_of_the_web_app(server: str, tmp_path: Path) -> None:
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path / "screenshots")
    email = f"app-{uuid.uuid4().hex[:8]}@example.com"
    async with httpx.AsyncClient(base_url=server + "/api/v1", timeout=30) as api:
        tokens = (await api.post("/auth/register", json={"email": email, "password": PASSWORD})).json()
        api.headers["Authorization"] = f"Bearer {tokens['access_token']}"
        routine = await seed(api)
        async with chromium(microphone(tmp_path)) as page:
            await sign_in(page, server, email, shots)
            await today_live(page, api, shots)
            await history_and_records(page, shots)
            await charts(page, shots)
            await routine_and_goals(page, api, routine, shots)
            await devices(page, api, shots)
            await settings(page, api, server, shots)
            await sign_out(page, server)
