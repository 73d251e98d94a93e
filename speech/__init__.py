"""Audio -> text: decoding, voice activity detection, Whisper transcription, one shared model."""

from speech.errors import AudioFormatError, AudioTooLong, ModelUnavailable, SpeechError
from speech.service import SpeechService
from speech.transcriber import Transcriber, Transcript, WhisperTranscriber
from speech.vad import Segmenter, SpeechEnded, SpeechStarted, Vad, WebRtcVad

__all__ = [
    "AudioFormatError",
    "AudioTooLong",
    "ModelUnavailable",
    "Segmenter",
    "SpeechEnded",
    "SpeechError",
    "SpeechService",
    "SpeechStarted",
    "Transcriber",
    "Transcript",
    "Vad",
    "WebRtcVad",
    "WhisperTranscriber",
]
