"""What an upload is, from its first bytes (its name and the client's content type are not asked).

A match here only says which decoder to try (assistant/media/photos.py, videos.py); the decoder has
the last word: a file that starts like a JPEG and does not decode as one is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from assistant.media.errors import Unsupported

HEAD_BYTES = 32
# ISO base media brands that are still images (HEIF, AVIF), not video.
IMAGE_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis"}
QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}  # old QuickTime files start so
TAKEN = "JPEG, PNG or WebP photos; MP4, QuickTime or WebM videos"


@dataclass(frozen=True)
class Sniffed:
    kind: str  # photo, video
    family: str  # jpeg, png, webp; mp4, matroska


def sniff(source: BinaryIO) -> Sniffed:
    """The kind and family of the file's first bytes (the stream is put back at its start)."""
    source.seek(0)
    head = source.read(HEAD_BYTES)
    source.seek(0)
    found = family_of(head)
    if found is None:
        raise Unsupported(f"The file is not a photo or video this server takes ({TAKEN})")
    return found


def family_of(head: bytes) -> Sniffed | None:
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("photo", "jpeg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("photo", "png")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("photo", "webp")
    if head[4:8] == b"ftyp":
        if head[8:12] in IMAGE_BRANDS:
            raise Unsupported(f"HEIF and AVIF photos are not taken: send {TAKEN}")
        return Sniffed("video", "mp4")
    if head[4:8] in QUICKTIME_ATOMS:
        return Sniffed("video", "mp4")
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # EBML: Matroska, WebM
        return Sniffed("video", "matroska")
    return None
