from __future__ import annotations

import base64
import binascii
from typing import Any

from fastapi import Query, Request, WebSocket

from assistant.executor import Turn, execute
from assistant.understanding import context_for, understand
from assistant.voice import hear, take_turn
from channels.http.deps import App, Writer
from channels.http.errors import ApiError
from channels.http.limits import message_text
from channels.http.routers import Router
from channels.http.schemas import In
from channels.http.voice_session import VoiceSession
from speech import AudioFormatError
from speech.audio import decode, from_mulaw, from_pcm16

router = Router(prefix="/voice", tags=["voice"])


@router.websocket("/stream")
async def stream(ws: WebSocket) -> None:
    """Binary audio frames in; vad, transcript, commands, reply and error events out (api.md)."""
    await VoiceSession(ws, ws.app.state.spotter, ws.app.state.voice_streams).run()


class CommandIn(In):
    text: str
    context: dict[str, Any] | None = None
    dry_run: bool = False


async def _audio_from(request: Request, limit: int) -> tuple[Any, bool]:
    """The audio of a multipart upload (field `audio`) or a JSON body with `audio_base64`."""
    ctype = request.headers.get("content-type", "")
    dry_run = request.query_params.get("dry_run", "false").lower() in ("1", "true", "yes")
    if ctype.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("audio")
        if upload is None or isinstance(upload, str):
            raise ApiError(
                422,
                "Send the audio in a multipart field named 'audio'",
                [{"field": "audio", "message": "required file"}],
            )
        data = await upload.read(limit + 1)
        dry_run = dry_run or str(form.get("dry_run", "")).lower() in ("1", "true", "yes")
        encoding, rate = str(form.get("encoding") or "auto"), int(str(form.get("sample_rate") or 16000))
    else:
        try:
            body = await request.json()
            data = base64.b64decode(body["audio_base64"], validate=True)
        except (ValueError, KeyError, TypeError, binascii.Error) as exc:
            raise ApiError(
                422,
                "Send multipart 'audio', or JSON with 'audio_base64'",
                [{"field": "audio_base64", "message": "missing or not base64"}],
            ) from exc
        dry_run = dry_run or bool(body.get("dry_run"))
        encoding, rate = str(body.get("encoding") or "auto"), int(body.get("sample_rate") or 16000)
    if len(data) > limit:
        raise ApiError(413, f"Audio is larger than {limit} bytes")
    if not data:
        raise ApiError(422, "The audio is empty", [{"field": "audio", "message": "empty"}])
    try:
        if encoding in ("pcm_s16le", "pcm"):
            return from_pcm16(data, rate), dry_run
        if encoding in ("mulaw", "ulaw"):
            return from_mulaw(data, rate if rate != 16000 else 8000), dry_run
        return decode(data), dry_run
    except (AudioFormatError, ValueError) as exc:
        raise ApiError(422, f"Could not decode the audio: {exc}", [{"field": "audio", "message": "not audio"}]) from exc


@router.post("/process")
async def process(request: Request, who: Writer, spotter: App, dry_run: bool = Query(default=False)) -> dict[str, Any]:
    """An uploaded recording -> transcript -> commands, executed unless `dry_run=true`."""
    audio, asked_dry = await _audio_from(request, spotter.settings.max_audio_upload_bytes)
    heard = await hear(spotter, audio)
    out: dict[str, Any] = {"transcript": heard.text, "audio_s": round(heard.audio_s, 3)}
    if dry_run or asked_dry or not heard.text:
        parsed = await understand(spotter.reader, spotter.parser, spotter.llm, who.user_id, heard.text)
        return {**out, **parsed.to_json_dict(), "reply": None, "results": [], "dry_run": True}
    reply = (await take_turn(spotter, who.user_id, heard, "voice")).reply
    assert reply is not None
    return {
        **out,
        "commands": reply.commands,
        "clarification": reply.clarification,
        "reply": reply.text,
        "results": reply.results,
        "dry_run": False,
    }


@router.post("/command")
async def command(body: CommandIn, who: Writer, spotter: App) -> dict[str, Any]:
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
    outcome = await execute(Turn(spotter.bus, spotter.reader, spotter.index, who.user_id, "voice"), parsed)
    return {
        "reply": outcome.reply,
        "commands": data["commands"],
        "results": outcome.results,
        "clarification": data["clarification"],
    }
