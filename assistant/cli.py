"""`python -m assistant ...`: serve, migrate, parse, catalog import/seed."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence


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


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m assistant", description="Spotter: voice-first workout logger")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="text -> commands as JSON (executes nothing)")
    p.add_argument("text", nargs="?", help="the utterance, or the input file with --jsonl ('-' = stdin)")
    p.add_argument("--jsonl", action="store_true", help='read {"text", "context"} lines, write one result per line')
    p.set_defaults(func=_cmd_parse)
    return ap


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    sys.exit(args.func(args))
