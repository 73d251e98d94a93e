"""Exercise names as lifters say them and as speech-to-text writes them."""

from __future__ import annotations

import pytest

from domain.catalog import CatalogEntry, default_index
from intents import Parser
from tests.unit.intents.conftest import only


@pytest.mark.parametrize(
    ("said", "slug"),
    [
        ("bench", "barbell-bench-press"),
        ("flat bench", "barbell-bench-press"),
        ("BP", "barbell-bench-press"),
        ("benchpress", "barbell-bench-press"),
        ("bench press", "barbell-bench-press"),
        ("dead lift", "deadlift"),
        ("deadlifts", "deadlift"),
        ("RDLs", "romanian-deadlift"),
        ("stiff leg deadlift", "romanian-deadlift"),
        ("skullcrushers", "skull-crusher"),
        ("skull crushers", "skull-crusher"),
        ("pull ups", "pull-up"),
        ("pullups", "pull-up"),
        ("pull-ups", "pull-up"),
        ("chin-ups", "chin-up"),
        ("OHP", "overhead-press"),
        ("military press", "overhead-press"),
        ("push ups", "push-up"),
        ("press ups", "push-up"),
        ("lat pull downs", "lat-pulldown"),
        ("cable rows", "seated-cable-row"),
        ("hammer curls", "hammer-curl"),
        ("bicep curls", "dumbbell-curl"),
        ("incline db press", "incline-dumbbell-bench-press"),
        ("hip thrusts", "hip-thrust"),
        ("bulgarian split squats", "bulgarian-split-squat"),
        ("kb swings", "kettlebell-swing"),
        ("farmer's walk", "farmers-walk"),
        ("leg extensions", "leg-extension"),
        ("hamstring curls", "leg-curl"),
        ("tricep pushdowns", "tricep-pushdown"),
        ("face pulls", "face-pull"),
        ("cable crossovers", "cable-fly"),
        ("side laterals", "lateral-raise"),
        ("one arm dumbbell row", "dumbbell-row"),
        ("front squats", "front-squat"),
        ("power cleans", "power-clean"),
        ("sumo deadlifts", "sumo-deadlift"),
        ("goblet squats", "goblet-squat"),
    ],
)
def test_aliases_plurals_and_abbreviations(parser: Parser, said: str, slug: str) -> None:
    assert only(parser, f"{said} 3 sets of 8")["exercise"] == slug


@pytest.mark.parametrize(
    ("said", "slug"),
    [
        ("bech press", "barbell-bench-press"),
        ("squatt", "barbell-back-squat"),
        ("dedlift", "deadlift"),
        ("romanain deadlift", "romanian-deadlift"),
        ("skul crushers", "skull-crusher"),
        ("lat pulldwon", "lat-pulldown"),
        ("bulgarian split sqaut", "bulgarian-split-squat"),
        ("tricep pushdwons", "tricep-pushdown"),
    ],
)
def test_misspellings_resolve_with_lower_confidence(parser: Parser, said: str, slug: str) -> None:
    result = parser.parse(f"{said} 5 reps at 100")
    assert result.commands[0].exercise == slug  # type: ignore[union-attr]
    assert result.confidence < 0.97


@pytest.mark.parametrize("said", ["press", "row", "raises"])
def test_family_words_ask_which_one(parser: Parser, said: str) -> None:
    result = parser.parse(f"{said} 135 for 5").to_json_dict()
    assert result["commands"][0]["exercise"] is None
    assert result["clarification"]["missing"] == ["exercise"]
    assert len(result["clarification"]["options"]) >= 2


def test_custom_exercises_of_a_user_resolve(parser: Parser) -> None:
    context = {
        "custom_exercises": [
            {
                "slug": "zercher-squat-pause",
                "name": "Zercher Squat Pause",
                "aliases": ["zercher pause"],
                "kind": "barbell",
            }
        ]
    }
    assert only(parser, "zercher pause 3x5 at 185", context)["exercise"] == "zercher-squat-pause"
    assert only(parser, "zercher squat pause 135 for 5", context)["exercise"] == "zercher-squat-pause"


@pytest.mark.parametrize(
    ("said", "slug"),
    [
        ("air squats", "bodyweight-squat"),
        ("chest press machine", "leverage-chest-press"),
        ("machine shoulder press", "leverage-shoulder-press"),
        ("smith machine bench", "smith-machine-bench-press"),
        ("abductor machine", "thigh-abductor"),
        ("adductor machine", "adductor"),  # not its near-namesake
        ("dumbbell pullovers", "straight-arm-dumbbell-pullover"),
        ("ab wheel rollouts", "ab-roller"),
        ("reverse curls", "reverse-barbell-curl"),
        ("wrist curls", "palms-up-barbell-wrist-curl-over-a-bench"),
        ("nordic curls", "natural-glute-ham-raise"),
        ("reverse lunges", "dumbbell-rear-lunge"),
        ("cable kickbacks", "one-legged-cable-kickback"),
        ("sissy squats", "weighted-sissy-squat"),
    ],
)
def test_everyday_names_of_machines_and_accessories(parser: Parser, said: str, slug: str) -> None:
    assert only(parser, f"{said} 3 sets of 10")["exercise"] == slug


def test_catalog_beyond_the_core_resolves_to_its_own_slug(parser: Parser) -> None:
    assert only(parser, "box squat 3 sets of 5 at 225")["exercise"] == "box-squat"


def test_index_is_built_from_entries() -> None:
    index = default_index()
    assert index.exact("pull ups") == "pull-up"
    extra = type(index).build([CatalogEntry(slug="x-lift", name="X Lift", aliases=("xl",))])
    assert extra.exact("xl") == "x-lift" and extra.exact("pull ups") is None
