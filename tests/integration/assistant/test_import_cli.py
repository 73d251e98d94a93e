"""`python -m assistant import FILE --user EMAIL`: the import job run in a process of its own, with a
progress bar on stderr and the summary on stdout; a second run changes nothing; clear errors."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from assistant.bootstrap import bootstrap
from domain import commands as c
from tests.conftest import make_settings
from tests.fakes.exports import all_sets, hevy_csv, history

ROOT = Path(__file__).resolve().parents[3]


def run(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ENV": "test",
        "DATABASE_URL": database_url,
        "JWT_SECRET": "cli-test-secret-" + "x" * 32,
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "assistant", "import", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


async def test_the_cli_imports_a_file_with_a_progress_bar(database_url: str, tmp_path: Path) -> None:
    email = f"cli-{uuid.uuid4().hex[:10]}@example.com"
    spotter = await bootstrap(make_settings(database_url))
    try:
        await spotter.bus.handle(c.Register(email=email, password="correct horse battery", unit_pref="kg"))
    finally:
        await spotter.aclose()
    sessions = history(0.06, seed=4)
    export = tmp_path / "workouts.csv"
    export.write_text(hevy_csv(sessions, "lb"))

    done = await asyncio.to_thread(run, database_url, str(export), "--user", email.upper())
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["format"], summary["workouts_imported"]) == ("hevy", len(sessions))
    assert summary["sets_imported"] == all_sets(sessions)
    assert "100%" in done.stderr  # the bar got to the end

    again = json.loads((await asyncio.to_thread(run, database_url, str(export), "--user", email)).stdout)
    assert (again["sets_imported"], again["sets_already_imported"]) == (0, all_sets(sessions))


async def test_the_cli_says_what_is_wrong(database_url: str, tmp_path: Path) -> None:
    export = tmp_path / "workouts.csv"
    export.write_text(hevy_csv(history(0.02)))
    nobody = await asyncio.to_thread(run, database_url, str(export), "--user", "nobody@example.com")
    assert nobody.returncode == 2 and "no account" in nobody.stderr
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\neggs\n")
    wrong = await asyncio.to_thread(run, database_url, str(notes), "--user", "nobody@example.com")
    assert wrong.returncode == 2 and "Not a Strong or Hevy CSV export" in wrong.stderr
    missing = await asyncio.to_thread(run, database_url, str(tmp_path / "gone.csv"), "--user", "a@b.co")
    assert missing.returncode == 2 and "no such file" in missing.stderr
