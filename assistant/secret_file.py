"""The signing secret of an install started without JWT_SECRET: random, made once, kept on disk.

A development server (`make run`) needs no configuration, yet a secret written in the code would let
anyone forge a token for it. The first start writes 48 random bytes (URL-safe) to a file only its
owner may read; later starts, and workers starting together, read the same one. The file appears
whole or not at all: it is written under a temporary name and linked into place, and a process that
loses the race reads the winner's.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

MIN_LENGTH = 32


def load_or_create_secret(path: str | os.PathLike[str]) -> str:
    target = Path(path)
    found = _read(target)
    if found:
        return found
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_urlsafe(48) + "\n")
        with contextlib.suppress(FileExistsError):  # another process made it first: theirs is used
            os.link(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    found = _read(target)
    if not found:
        raise RuntimeError(f"{target} does not hold a secret of {MIN_LENGTH}+ characters")
    return found


def _read(path: Path) -> str | None:
    try:
        value = path.read_text().strip()
    except FileNotFoundError:
        return None
    return value if len(value) >= MIN_LENGTH else None
