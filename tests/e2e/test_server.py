"""The real server over loopback: `python -m assistant serve` on an empty SQLite store."""

from __future__ import annotations

import httpx


def test_fresh_store_serves_the_lifter_journey(server: str) -> None:
    with httpx.Client(base_url=server + "/api/v1", timeout=10) as c:
        tokens = c.post("/auth/register", json={"email": "e2e@example.com", "password": "e2e-password"}).json()
        h = {"Authorization": f"Bearer {tokens['access_token']}"}
        parsed = c.post("/assistant/parse", json={"text": "squat two plates for five"}, headers=h).json()
        cmd = parsed["commands"][0]
        assert cmd["exercise"] == "barbell-back-squat" and cmd["weight"] == 225 and cmd["reps"] == 5
        w = c.post("/workouts/start", headers=h).json()
        logged = c.post(
            f"/workouts/{w['id']}/sets",
            json={"exercise": cmd["exercise"], "reps": cmd["reps"], "weight": cmd["weight"], "sets": 3},
            headers=h,
        )
        assert logged.status_code == 201 and len(logged.json()["data"]) == 3
        assert c.post(f"/workouts/{w['id']}/finish", headers=h).json()["status"] == "completed"
        assert c.get("/workouts", headers=h).json()["meta"]["total"] == 1
        assert "x-ratelimit-limit" in c.get("/me", headers=h).headers
