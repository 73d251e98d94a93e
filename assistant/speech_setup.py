"""Choosing the speech adapters: the model files, the domain prompt, the shared service."""

from __future__ import annotations

from pathlib import Path

from assistant.settings import Settings
from domain.catalog import AliasIndex
from speech import SpeechService, WhisperTranscriber, model_files
from speech.audio import AudioLimits
from speech.prompting import build_prompt
from speech.tts import load_speaker


def spoken_names(index: AliasIndex) -> list[str]:
    """How lifters name the core lifts (first alias), which is what the prompt should prime."""
    return [(e.aliases[0] if e.aliases else e.name) for e in index.entries.values() if e.core]


def model_dir(settings: Settings) -> Path:
    return model_files.resolve(settings.whisper_model, Path(settings.model_cache_dir))


def prompt_for(settings: Settings, index: AliasIndex) -> str:
    return build_prompt(spoken_names(index)) if settings.whisper_prompt else ""


def make_transcriber(settings: Settings, index: AliasIndex) -> WhisperTranscriber:
    return WhisperTranscriber(model_dir(settings), prompt=prompt_for(settings, index), threads=settings.whisper_threads)


def make_speech(settings: Settings, index: AliasIndex) -> SpeechService:
    return SpeechService(lambda: make_transcriber(settings, index), lambda: load_speaker(settings.tts_voice))


def audio_limits(settings: Settings) -> AudioLimits:
    """The sample rates accepted and the decoded seconds one upload or voice note may hold."""
    return AudioLimits(settings.audio_min_sample_rate, settings.audio_max_sample_rate, settings.max_audio_s)
