"""The limits a file is checked against, and what checking and cleaning it gives."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_pixels: int = 40_000_000  # MEDIA_MAX_PIXELS: width x height of a photo
    max_side: int = 4096  # MEDIA_MAX_SIDE: photos are scaled down to this longest side (0: kept)
    max_video_s: float = 60.0  # MEDIA_MAX_VIDEO_S
    jpeg_quality: int = 88


@dataclass(frozen=True)
class Cleaned:
    """A file re-written without its metadata, ready for the store (`path` is a temporary file)."""

    kind: str  # photo, video
    content_type: str
    extension: str
    path: str
    size_bytes: int
    width: int
    height: int
    duration_s: float | None = None
