from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import Body, Query, Request, WebSocket
from fastapi.exceptions import RequestValidationError
from pydantic import Field, ValidationError
from starlette.concurrency import run_in_threadpool

from assistant.executor import Turn, execute
from assistant.settings import Settings
from assistant.speech_setup import audio_limits
from assistant.understanding import context_for, understand
from assistant.voice import hear, voice_turn
from channels.http.deps import App, Writer
from channels.http.errors import ApiError
from channels.http.limits import MESSAGE, message_text
from channels.http.openapi import errors
from channels.http.routers import Router
from channels.http.schemas import Context, In
from channels.http.schemas.assistant import AudioIn, AudioJsonIn, ReplyOut, VoiceOut, upload_body
from channels.http.voice_session import VoiceSession
from speech import AudioFormatError, AudioTooLong
from speech.audio import AudioLimits, Samples, decode, from_mulaw, from_pcm16

router = Router(prefix="/voice", tags=["voice"])


@router.websocket("/stream")
async def stream(ws: WebSocket) -> None:
    """Binary audio frames in; vad, transcript, commands, reply and error events out (api.md)."""
    await VoiceSession(ws, ws.app.state.spotter, ws.app.state.voice_streams).run()


class CommandIn(In):
    text: str = Field(**MESSAGE)
    context: Context | None = None
    dry_run: bool = False


def _rate(value: int | None, encoding: str, limits: AudioLimits) -> int:
    """The declared sample rate, within the server's range (AUDIO_MIN/MAX_SAMPLE_RATE)."""
    rate = value if value is not None else (8000 if encoding in ("mulaw", "ulaw") else 16000)
    if not limits.min_rate <= rate <= limits.max_rate:
        message = f"an integer from {limits.min_rate} to {limits.max_rate} (Hz)"
        raise ApiError(422, f"sample_rate must be {message}", [{"field": "sample_rate", "message": message}])
    return rate


def _fields(model: type[AudioIn], values: Any, strict: bool) -> AudioIn:
    try:
        return model.model_validate(values, strict=strict)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from exc


async def _upload(request: Request, limit: int) -> tuple[bytes, AudioIn]:
    """The bytes of a multipart upload (field `audio`) or of a JSON body's `audio_base64`, and how to read them."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("audio")
        if upload is None or isinstance(upload, str):
            raise ApiError(
                422,
                "Send the audio in a multipart field named 'audio'",
                [{"field": "audio", "message": "required file"}],
            )
        fields = {k: v for k, v in form.items() if k != "audio"}
        return await upload.read(limit + 1), _fields(AudioIn, fields, strict=False)  # form fields are text
    try:
        body = await request.json()
    except ValueError as exc:
        raise ApiError(
            422,
            "Send multipart 'audio', or JSON with 'audio_base64'",
            [{"field": "audio_base64", "message": "missing or not base64"}],
        ) from exc
    given = _fields(AudioJsonIn, body, strict=True)
    assert isinstance(given, AudioJsonIn)
    return base64.b64decode(given.audio_base64, validate=True), given


def _samples(data: bytes, encoding: str, rate: int, limits: AudioLimits) -> Samples:
    """Decoded and resampled, each bound checked first (run in a worker thread: it is CPU work)."""
    if encoding in ("pcm_s16le", "pcm"):
        return from_pcm16(data, rate, limits)
    if encoding in ("mulaw", "ulaw"):
        return from_mulaw(data, rate, limits)
    return decode(data, limits)


async def _audio_from(request: Request, settings: Settings) -> tuple[Samples, bool]:
    """The upload's audio at 16 kHz, refused (422, 413) before decoding when it breaks a limit."""
    limit, limits = settings.max_audio_upload_bytes, audio_limits(settings)
    data, fields = await _upload(request, limit)
    encoding, rate = fields.encoding, _rate(fields.sample_rate, fields.encoding, limits)
    if len(data) > limit:
        raise ApiError(413, f"Audio is larger than {limit} bytes")
    if not data:
        raise ApiError(422, "The audio is empty", [{"field": "audio", "message": "empty"}])
    try:
        return await run_in_threadpool(_samples, data, encoding, rate, limits), fields.dry_run
    except AudioTooLong as exc:
        raise ApiError(
            413, f"Audio is longer than {limits.max_seconds:g} s", [{"field": "audio", "message": str(exc)}]
        ) from exc
    except AudioFormatError as exc:
        raise ApiError(422, f"Could not decode the audio: {exc}", [{"field": "audio", "message": "not audio"}]) from exc


@router.post(
    "/process",
    response_model=VoiceOut,
    response_model_exclude_unset=True,
    responses=errors(413),
    openapi_extra={"requestBody": upload_body()},
)
async def process(request: Request, who: Writer, spotter: App, dry_run: bool = Query(default=False)) -> dict[str, Any]:
    """An uploaded recording -> transcript -> commands, executed unless `dry_run=true`."""
    audio, asked_dry = await _audio_from(request, spotter.settings)
    if dry_run or asked_dry:
        heard = await hear(spotter, audio)
        parsed = await understand(spotter.reader, spotter.parser, spotter.llm, who.user_id, heard.text)
        out: dict[str, Any] = {"transcript": heard.text, "audio_s": round(heard.audio_s, 3)}
        return {**out, **parsed.to_json_dict(), "reply": None, "results": [], "dry_run": True}
    turn = await voice_turn(spotter, who.user_id, audio, "voice")
    out = {"transcript": turn.heard.text, "audio_s": round(turn.heard.audio_s, 3)}
    reply = turn.reply
    if reply is None:  # nothing was said
        empty = spotter.parser.parse("").to_json_dict()
        return {**out, **empty, "reply": None, "results": [], "dry_run": True}
    return {
        **out,
        "commands": reply.commands,
        "clarification": reply.clarification,
        "reply": reply.text,
        "results": reply.results,
        "dry_run": False,
    }


COMMAND_EXAMPLES = {
    "said": {"summary": "Words a watch heard", "value": {"text": "squat two plates for five"}},
    "dry": {
        "summary": "Parse only, with context",
        "value": {"text": "same again", "context": {"exercise": "dip"}, "dry_run": True},
    },
}


@router.post("/command", response_model=ReplyOut)
async def command(
    body: Annotated[CommandIn, Body(openapi_examples=COMMAND_EXAMPLES)], who: Writer, spotter: App
) -> dict[str, Any]:
    """Text as if spoken (a watch that transcribes on device), with optional context."""
    message_text(body.text, spotter.settings.max_message_chars)
    if not (body.dry_run or body.context):
        reply = await spotter.conversation.handle(who.user_id, body.text, "voice")
        return {
            "reply": reply.text,
            "commands": reply.commands,
            "results": reply.results,
            "clarification": reply.clarification,
        }
    context = {**(await context_for(spotter.reader, who.user_id)), **(body.context or {})}
    parsed = spotter.parser.parse(body.text, context)
    data = parsed.to_json_dict()
    if body.dry_run:
        return {"reply": None, "commands": data["commands"], "results": [], "clarification": data["clarification"]}
    outcome = await execute(
        Turn(spotter.bus, spotter.reader, spotter.index, who.user_id, "voice", generator=spotter.generator), parsed
    )
    return {
        "reply": outcome.reply,
        "commands": data["commands"],
        "results": outcome.results,
        "clarification": data["clarification"],
    }
