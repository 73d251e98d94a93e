"""The real Whisper base model from the PyPI packages, on real audio fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.settings import Settings
from assistant.speech_setup import make_transcriber
from domain.catalog import default_index
from intents import Parser
from speech import ModelUnavailable, WhisperTranscriber, model_files
from speech.audio import decode, from_mulaw
from speech.vad import trim

AUDIO = Path(__file__).resolve().parents[2] / "fixtures" / "audio"


@pytest.fixture(scope="session")
def transcriber(tmp_path_factory: pytest.TempPathFactory) -> WhisperTranscriber:
    cache = Path("var/models")  # shared with `make run`, assembled once per machine
    return make_transcriber(Settings(model_cache_dir=str(cache)), default_index())


@pytest.mark.parametrize(
    ("name", "want"),
    [
        ("bench_135_for_10.wav", {"exercise": "barbell-bench-press", "weight": 135, "reps": 10}),
        ("squat_two_plates_for_five.wav", {"exercise": "barbell-back-squat", "weight": 225, "reps": 5}),
        ("three_sets_of_ten_dips.webm", {"exercise": "dip", "sets": 3, "reps": 10}),
        ("bench_135_for_10.mp3", {"exercise": "barbell-bench-press", "weight": 135, "reps": 10}),
    ],
)
def test_spoken_sets_become_commands(transcriber: WhisperTranscriber, name: str, want: dict[str, object]) -> None:
    heard = transcriber.transcribe(trim(decode(AUDIO / name)))
    cmd = Parser().parse(heard.text).to_json_dict()["commands"][0]
    assert {k: cmd.get(k) for k in want} == want, heard.text


def test_phone_audio_mulaw(transcriber: WhisperTranscriber) -> None:
    heard = transcriber.transcribe(trim(from_mulaw((AUDIO / "start_a_workout.ulaw").read_bytes())))
    assert Parser().parse(heard.text).to_json_dict()["commands"][0]["intent"] == "start_workout", heard.text


def test_noise_and_silence_give_no_words(transcriber: WhisperTranscriber) -> None:
    assert transcriber.transcribe(decode(AUDIO / "room_noise.wav")).text == ""
    assert transcriber.transcribe(decode(AUDIO / "room_noise.wav")[:800]).empty


def test_model_is_assembled_once_and_verified(tmp_path: Path) -> None:
    target = model_files.resolve("base", tmp_path)
    assert (target / "model.bin").is_file() and (target / "SHA256").read_text().strip() == model_files.BASE[0].sha256
    assert model_files.resolve("base", tmp_path) == target  # reused, not rebuilt
    (target / "SHA256").write_text("tampered\n")
    assert model_files.resolve("base", tmp_path) == target  # re-assembled and re-verified
    assert (target / "SHA256").read_text().strip() == model_files.BASE[0].sha256


def test_bad_models_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable):
        model_files.resolve("gigantic-v9", tmp_path)
    empty = tmp_path / "not-a-model"
    empty.mkdir()
    with pytest.raises(ModelUnavailable):
        model_files.resolve(str(empty), tmp_path)
    bad = model_files.SplitModel("base", model_files.BASE[0].parts, "0" * 64)
    with pytest.raises(ModelUnavailable):
        model_files._assemble(bad, tmp_path / "whisper-bad")
    assert not (tmp_path / "whisper-bad").exists()


def test_a_local_model_directory_is_used_as_is(tmp_path: Path) -> None:
    source = model_files.resolve("base", Path("var/models"))
    local = tmp_path / "my-model"
    shutil.copytree(source, local)
    assert model_files.resolve(str(local), tmp_path / "cache") == local
