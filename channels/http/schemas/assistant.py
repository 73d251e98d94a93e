"""What the assistant and voice routes answer (contracts/commands.md): the parsed commands, what
each did, the reply, and a question when something was missing."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from channels.http.schemas import In
from intents.commands import AnyCommand, Clarification


class Result(BaseModel):
    """What one command did: `status` (ok, error, needs_clarification, not_supported, ...) and what
    its handler tells (the sets written, a record, an error's code and message)."""

    model_config = ConfigDict(extra="allow", json_schema_mode_override="validation")

    status: str
    intent: str | None = Field(default=None, description="the command's intent; absent for a clarification")


class ReplyOut(BaseModel):
    """A message handled by the assistant, as on any channel."""

    # documented as validated: a field with a default may be left out of an answer (a dry run's)
    model_config = ConfigDict(json_schema_mode_override="validation")

    reply: str | None = Field(description="what the assistant says (null for a dry run)")
    commands: list[AnyCommand]
    results: list[Result]
    clarification: Clarification | None


class VoiceOut(ReplyOut):
    """A recording heard, parsed and (unless a dry run) acted on."""

    transcript: str
    audio_s: float = Field(description="seconds of audio heard")
    dry_run: bool = Field(description="true when nothing was acted on (asked for, or nothing was said)")
    source: Literal["grammar", "llm"] | None = Field(default=None, description="dry runs: what parsed the words")
    confidence: float | None = Field(default=None, description="dry runs: how sure the parse is")
    elapsed_ms: float | None = Field(default=None, description="dry runs: parse time")


Encoding = Literal["auto", "wav", "mp3", "m4a", "ogg", "opus", "webm", "pcm_s16le", "pcm", "mulaw", "ulaw"]
# Standard base64 with its padding, at least one group (the server decodes with validate=True).
BASE64 = r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)$"


class AudioIn(In):
    """How to read an upload to POST /voice/process (multipart fields beside the `audio` file)."""

    encoding: Encoding = Field(default="auto", description="auto: a container (WAV, MP3, Ogg/WebM Opus, M4A)")
    sample_rate: int | None = Field(  # the range is checked by the route, against the settings, and named
        default=None,
        description="raw PCM or μ-law only: 16000 (μ-law 8000) if left out; AUDIO_MIN/MAX_SAMPLE_RATE",
        json_schema_extra={"minimum": 8000, "maximum": 48000},
    )
    dry_run: bool = Field(default=False, description="parse only; act on nothing")


class AudioJsonIn(AudioIn):
    """The same upload as JSON, the audio in base64."""

    audio_base64: str = Field(pattern=BASE64, description="the recording's bytes, base64")


def upload_body() -> dict[str, Any]:
    """The documented request body of POST /voice/process: a multipart upload or JSON."""
    form = AudioIn.model_json_schema()
    form["properties"] = {"audio": {"type": "string", "format": "binary"}, **form["properties"]}
    form["required"] = ["audio"]
    return {
        "required": True,
        "content": {
            "multipart/form-data": {"schema": form},
            "application/json": {"schema": AudioJsonIn.model_json_schema()},
        },
    }
