"""Multi-turn conversations through POST /assistant/messages, on every configured database."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest

from tests.conftest import Lifter


class Chat:
    def __init__(self, client: httpx.AsyncClient, lifter: Lifter, channel: str = "api") -> None:
        self.client, self.lifter, self.channel = client, lifter, channel

    async def say(self, text: str) -> dict[str, Any]:
        r = await self.client.post(
            "/assistant/messages", json={"text": text, "channel": self.channel}, headers=self.lifter.headers
        )
        assert r.status_code == 200, r.text
        return dict(r.json())

    async def sets(self) -> list[tuple[str, float | None, int | None]]:
        r = await self.client.get("/workouts/active", headers=self.lifter.headers)
        if r.status_code == 404:
            return []
        return [(s["exercise"], s["weight"], s["reps"]) for s in r.json()["sets"]]


@pytest.fixture
def chat(client: httpx.AsyncClient, lifter: Lifter) -> Chat:
    return Chat(client, lifter)


async def test_a_clarification_is_answered_in_the_next_turn(chat: Chat) -> None:
    asked = await chat.say("bench 135")
    assert asked["reply"] == "How many reps?" and await chat.sets() == []
    done = await chat.say("eight")
    assert "Bench Press 8 reps at 135" in done["reply"]
    assert await chat.sets() == [("barbell-bench-press", 135, 8)]


async def test_an_ambiguous_name_is_answered_with_the_lift(chat: Chat) -> None:
    asked = await chat.say("press 135 for 5")
    assert asked["clarification"]["missing"] == ["exercise"]
    await chat.say("overhead press")
    assert await chat.sets() == [("overhead-press", 135, 5)]


async def test_a_new_request_replaces_an_unanswered_question(chat: Chat) -> None:
    await chat.say("squat 225")
    await chat.say("deadlift 315 for 3")
    assert await chat.sets() == [("deadlift", 315, 3)]


async def test_undo_removes_all_three_sets_of_one_log(chat: Chat) -> None:
    await chat.say("squat 5 sets of 5 at 185")
    await chat.say("bench 3 sets of 8 at 135")
    assert len(await chat.sets()) == 8
    await chat.say("scratch that")
    assert await chat.sets() == [("barbell-back-squat", 185, 5)] * 5


async def test_correction_changes_every_set_of_the_last_log(chat: Chat) -> None:
    await chat.say("bench 3x8 at 135")
    fixed = await chat.say("make that 140")
    assert "140" in fixed["reply"]
    assert await chat.sets() == [("barbell-bench-press", 140, 8)] * 3
    await chat.say("actually it was 6 reps")
    assert await chat.sets() == [("barbell-bench-press", 140, 6)] * 3
    await chat.say("no, kilos")
    r = await chat.client.get("/workouts/active", headers=chat.lifter.headers)
    assert {s["unit"] for s in r.json()["sets"]} == {"kg"}


async def test_repeat_and_another_set(chat: Chat) -> None:
    await chat.say("deadlift 315 for 5")
    await chat.say("same again")
    await chat.say("two more sets")
    assert await chat.sets() == [("deadlift", 315, 5)] * 4
    await chat.say("another set of 3")
    assert (await chat.sets())[-1][0] == "deadlift"


async def test_cancel_needs_a_yes(chat: Chat) -> None:
    await chat.say("bench 135 for 10")
    asked = await chat.say("cancel the workout")
    assert "Say yes" in asked["reply"] and await chat.sets() == [("barbell-bench-press", 135, 10)]
    refused = await chat.say("no")
    assert "left it" in refused["reply"] and len(await chat.sets()) == 1
    await chat.say("cancel this workout")
    given = await chat.say("yes")
    assert given["reply"] == "Workout cancelled." and await chat.sets() == []
    assert (await chat.say("yes"))["reply"] != "Workout cancelled."  # a stray yes does nothing


async def test_rest_timer_reports_when_it_ends(app: Any, client: httpx.AsyncClient, lifter: Lifter) -> None:
    heard: list[tuple[str, str]] = []

    async def notifier(user_id: uuid.UUID, channel: str, text: str) -> None:
        heard.append((channel, text))

    app.state.spotter.conversation.on_notify("test-push", notifier)
    chat = Chat(client, lifter, channel="test-push")
    asked_at = asyncio.get_running_loop().time()
    started = await chat.say("rest 2 seconds")
    assert started["reply"].startswith("Rest 0:02") and heard == []
    for _ in range(80):  # up to 8 s on a busy machine
        if heard:
            break
        await asyncio.sleep(0.1)
    assert heard == [("test-push", "Rest's up. Next set!")]
    assert asyncio.get_running_loop().time() - asked_at >= 2.0


async def test_state_is_per_channel(client: httpx.AsyncClient, lifter: Lifter) -> None:
    sms, web = Chat(client, lifter, "sms"), Chat(client, lifter, "web")
    await sms.say("bench 135")
    answer = await web.say("eight")  # not an answer on another channel: a bare log with no lift
    assert answer["results"][0]["status"] == "needs_clarification"
    await sms.say("8")
    assert await sms.sets() == [("barbell-bench-press", 135, 8)]


async def test_a_heavier_set_is_announced_as_a_pr(chat: Chat) -> None:
    first = await chat.say("squat 225 for 5")
    assert "PR" not in first["reply"]  # nothing to beat yet
    lighter = await chat.say("squat 205 for 8")
    assert "PR" not in lighter["reply"]
    record = await chat.say("squat 235 for 5")
    assert record["reply"] == "New Barbell Back Squat PR: 235 lb × 5 (e1RM 274)."
    assert record["results"][0]["new_pr"] is True


async def test_pr_answers_read_the_records_the_api_shows(chat: Chat, client: httpx.AsyncClient) -> None:
    await chat.say("squat 225 for 5")
    await chat.say("squat 225 for 8")
    top = await chat.say("squat 275 for 1")
    assert top["reply"] == "New Barbell Back Squat PR: 275 lb × 1."
    assert (await chat.say("what's my squat PR"))["reply"] == "Barbell Back Squat best: 275 lb × 1 (e1RM 285 lb)."
    headers = chat.lifter.headers
    removed = await client.delete(f"/sets/{top['results'][0]['set_ids'][0]}", headers=headers)
    assert removed.status_code == 204
    assert (await chat.say("what's my squat PR"))["reply"] == "Barbell Back Squat best: 225 lb × 8 (e1RM 285 lb)."
    shown = (await client.get("/analytics/prs/barbell-back-squat", headers=headers)).json()["records"]
    assert (shown["heaviest"]["value"], shown["e1rm"]["value"]) == (225, 285.0)
    again = await chat.say("squat 235 for 1")  # beats what stands now, not the set that is gone
    assert again["reply"] == "New Barbell Back Squat PR: 235 lb × 1."


async def test_undo_does_not_reach_into_sets_the_conversation_never_wrote(chat: Chat) -> None:
    old = {
        "name": "Last month",
        "status": "completed",
        "startedAt": "2020-01-01T10:00:00Z",
        "completedAt": "2020-01-01T11:00:00Z",
        "sets": [{"exercise": "deadlift", "reps": 5, "weight": 315}],
    }
    r = await chat.client.post("/workouts", json=old, headers=chat.lifter.headers)
    assert r.status_code == 201
    for words in ("scratch that", "undo", "make that 10 reps", "same again"):
        refused = await chat.say(words)
        assert refused["reply"] == "Nothing I logged just now to change.", words
        assert refused["results"][0]["status"] == "error"
    kept = await chat.client.get(f"/workouts/{r.json()['id']}", headers=chat.lifter.headers)
    assert kept.json()["set_count"] == 1 and kept.json()["sets"][0]["reps"] == 5


async def test_undo_reaches_only_into_recent_batches_the_assistant_wrote(app: Any, chat: Chat) -> None:
    await chat.say("squat 225 for 5")
    key = f"{chat.lifter.id}:wrote"  # the lifter comes back three hours later: age what the assistant wrote
    state = await app.state.spotter.conversation.store.get(key)
    state.wrote = [{**w, "at": w["at"] - 3 * 3600} for w in state.wrote]
    await app.state.spotter.conversation.store.put(key, state)
    refused = await chat.say("scratch that")
    assert refused["reply"] == "Nothing I logged just now to change."
    assert await chat.sets() == [("barbell-back-squat", 225, 5)]


async def test_undo_twice_takes_back_the_last_two_logs_in_turn(chat: Chat) -> None:
    await chat.say("squat 225 for 5")
    await chat.say("bench 3 sets of 8 at 135")
    await chat.say("deadlift 315 for 3")
    await chat.say("undo")
    await chat.say("undo")
    assert await chat.sets() == [("barbell-back-squat", 225, 5)]


async def test_what_was_logged_on_one_channel_can_be_undone_on_another(chat: Chat) -> None:
    spoken = Chat(chat.client, chat.lifter, channel="voice")
    await chat.say("squat 225 for 5")
    await spoken.say("bench 135 for 8")
    await chat.say("same again")
    await chat.say("undo")
    await chat.say("undo")
    assert await chat.sets() == [("barbell-back-squat", 225, 5)]


@pytest.mark.parametrize(
    "question, answer, stored",
    [
        ("raise 25 for 15", "squat 365 for 12", ("barbell-back-squat", 365, 12)),
        ("raise 25 for 15", "deadlift 315 for 5", ("deadlift", 315, 5)),
        ("press 135 for 5", "bench 185 for 3", ("barbell-bench-press", 185, 3)),
        ("bench 135", "squat 225 for 5", ("barbell-back-squat", 225, 5)),
    ],
)
async def test_a_whole_command_said_while_a_question_waits_is_a_new_command(
    chat: Chat, question: str, answer: str, stored: tuple[str, float, int]
) -> None:
    asked = await chat.say(question)
    assert asked["results"][0]["status"] == "needs_clarification" and await chat.sets() == []
    await chat.say(answer)
    assert await chat.sets() == [stored]


@pytest.mark.parametrize("answer", ["deadlift sets 315", "squat 405", "bench at 225"])
async def test_a_lift_with_its_own_load_is_not_an_answer_to_which_lift(chat: Chat, answer: str) -> None:
    await chat.say("raise 25 for 15")
    reply = await chat.say(answer)
    assert reply["reply"] == "How many reps?"  # the new lift's own question, not the raise's 25 x 15
    assert await chat.sets() == []


@pytest.mark.parametrize(
    "question, answer, stored",
    [
        ("raise 25 for 15", "lateral raise", ("lateral-raise", 25, 15)),
        ("bench 135", "8", ("barbell-bench-press", 135, 8)),
        ("bench 135", "eight reps", ("barbell-bench-press", 135, 8)),
        ("squat 225", "5 at RPE 8", ("barbell-back-squat", 225, 5)),
    ],
)
async def test_an_answer_fills_what_was_asked(chat: Chat, question: str, answer: str, stored: tuple) -> None:
    await chat.say(question)
    await chat.say(answer)
    assert await chat.sets() == [stored]


async def test_loads_said_against_the_set_before(chat: Chat) -> None:
    await chat.say("squat 225 for 5")
    await chat.say("add 10 pounds")
    await chat.say("another set at 245")
    await chat.say("drop 40 for 8")
    assert await chat.sets() == [
        ("barbell-back-squat", 225, 5),
        ("barbell-back-squat", 235, 5),
        ("barbell-back-squat", 245, 5),
        ("barbell-back-squat", 205, 8),
    ]


async def test_a_set_said_in_pieces_is_logged_once(chat: Chat) -> None:
    done = await chat.say("Deadlift. 405. 1 rep.")
    assert "How many" not in done["reply"]
    assert await chat.sets() == [("deadlift", 405, 1)]


async def test_what_did_i_do_today_sums_up_the_workout(chat: Chat) -> None:
    assert (await chat.say("what did I do today?"))["reply"] == "Nothing logged yet."
    await chat.say("squat 225 for 5, 3 sets")
    await chat.say("bench 135 for 8")
    reply = (await chat.say("how many sets have I done today?"))["reply"]
    assert reply.startswith("Today: 4 sets:") and "3×5 at 225 lb" in reply and "8 reps at 135 lb" in reply


async def test_what_are_my_prs_lists_the_best_lifts(chat: Chat) -> None:
    assert (await chat.say("what are my PRs?"))["reply"] == "No PRs yet: log some sets first."
    await chat.say("squat 225 for 5")
    await chat.say("deadlift 315 for 3")
    await chat.say("squat 245 for 2")
    reply = (await chat.say("what are my PRs?"))["reply"]
    assert reply == "Your bests: Barbell Deadlift 315 lb × 3, Barbell Back Squat 245 lb × 2."


@pytest.mark.parametrize(
    "words",
    [
        "Rode 2,000 meters in 8 minutes.",
        "10k in 52 minutes.",
        "3 miles in 24 minutes",
        "2 sets of 3 on flurbles at 225 lbs.",
        "did some wobblers 3 by 8",
        "grombler 100 for 12",
        "12 minutes",  # longer than a rest: something done, not a timer
    ],
)
async def test_words_with_their_own_data_do_not_take_the_current_lift(chat: Chat, words: str) -> None:
    await chat.say("barbell curl 60 for 10")
    asked = await chat.say(words)
    assert asked["results"][0]["status"] == "needs_clarification" and asked["reply"].startswith("Which ")
    assert await chat.sets() == [("barbell-curl", 60, 10)]


async def test_the_lift_asked_for_completes_the_words_before(chat: Chat) -> None:
    await chat.say("barbell curl 60 for 10")
    await chat.say("10k in 52 minutes")
    await chat.say("running")
    r = await chat.client.get("/workouts/active", headers=chat.lifter.headers)
    last = r.json()["sets"][-1]
    assert (last["exercise"], last["distance_m"], last["duration_s"]) == ("running", 10000, 3120)


@pytest.mark.parametrize("words", ["another set of 8", "same weight for 6", "8 more reps", "one more at 65"])
async def test_words_that_need_the_current_lift_take_it(chat: Chat, words: str) -> None:
    await chat.say("barbell curl 60 for 10")
    await chat.say(words)
    sets = await chat.sets()
    assert len(sets) == 2 and sets[1][0] == "barbell-curl"


@pytest.mark.parametrize("words", ["actually that was 10 reps", "make that 140", "no, 12 reps"])
async def test_reps_or_a_load_do_not_fit_a_run(chat: Chat, words: str) -> None:
    await chat.say("ran 5k in 25 minutes")
    asked = await chat.say(words)
    assert asked["results"][0]["status"] == "needs_clarification"
    r = await chat.client.get("/workouts/active", headers=chat.lifter.headers)
    (run,) = r.json()["sets"]
    assert (run["exercise"], run["reps"], run["weight"], run["distance_m"]) == ("running", None, None, 5000)


@pytest.mark.parametrize("plan", ["add bench press to my workout", "bench next", "let's do bench press next"])
async def test_a_planned_lift_is_what_the_next_sets_are_of(chat: Chat, plan: str) -> None:
    await chat.say("squat 225 for 5")
    planned = await chat.say(plan)
    assert planned["results"][0]["status"] == "ok" and len(await chat.sets()) == 1
    await chat.say("8 at 135")
    await chat.say("another set of 6")
    assert await chat.sets() == [
        ("barbell-back-squat", 225, 5),
        ("barbell-bench-press", 135, 8),
        ("barbell-bench-press", 135, 6),
    ]


async def test_an_ambiguous_plan_waits_for_its_lift(chat: Chat) -> None:
    asked = await chat.say("let's do rows next")
    assert asked["results"][0]["status"] == "needs_clarification"
    await chat.say("barbell row")
    await chat.say("8 at 135")
    assert await chat.sets() == [("barbell-row", 135, 8)]


@pytest.mark.parametrize(
    "words", ["2 more deadlift", "another set of deadlift", "one more of deadlifts", "same weight on rows for 8"]
)
async def test_the_set_before_carries_only_to_its_own_lift(chat: Chat, words: str) -> None:
    await chat.say("sumo deadlift 140 kg for 6")
    await chat.say(words)
    assert [s for s in await chat.sets() if s[0] != "sumo-deadlift"] == []  # asked, nothing of the sumo's numbers
