"""The speech layer's errors."""

from __future__ import annotations


class SpeechError(Exception):
    code = "SPEECH_ERROR"


class AudioFormatError(SpeechError):
    """Bytes that are not audio in the declared encoding."""

    code = "BAD_AUDIO"


class AudioTooLong(AudioFormatError):
    """More decoded audio than the limit allows (found before the rest is decoded or resampled)."""

    code = "AUDIO_TOO_LONG"


class ModelUnavailable(SpeechError):
    """The speech-to-text model is not installed or does not verify."""

    code = "MODEL_UNAVAILABLE"
