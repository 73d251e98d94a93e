"""Cleaning uploads without the HTTP layer: what survives of a photo's or video's metadata, how a
file cut short is found, and the signed links' verdicts."""

from __future__ import annotations

import io
import os
import uuid

import av
import pytest
from PIL import Image

from assistant.media import Broken, Cleaned, Limits, OverLimit, Signer, Unsupported
from assistant.media.library import clean
from assistant.media.sniff import family_of
from tests.media_files import jpeg_with_gps, truncated, video


def cleaned(data: bytes) -> tuple[Cleaned, bytes]:
    result = clean(io.BytesIO(data), Limits(), None)
    with open(result.path, "rb") as f:
        out = f.read()
    os.unlink(result.path)
    return result, out


def test_the_first_bytes_decide_the_decoder() -> None:
    families = [family_of(data[:32]) for data in (jpeg_with_gps(), video("mp4"), video("webm"))]
    assert [f.family if f else None for f in families] == ["jpeg", "mp4", "matroska"]
    assert family_of(b"GIF89a" + b"\x00" * 26) is None
    with pytest.raises(Unsupported, match="HEIF"):
        family_of(b"\x00\x00\x00\x18ftypavif" + b"\x00" * 20)
    with pytest.raises(Unsupported):
        clean(io.BytesIO(b"%PDF-1.7\n" * 4), Limits(), None)


def test_a_photo_keeps_nothing_but_upright_pixels() -> None:
    info, out = cleaned(jpeg_with_gps(64, 32, orientation=6))
    image = Image.open(io.BytesIO(out))
    assert image.size == (32, 64) and not image.getexif() and "exif" not in image.info
    assert image.getpixel((16, 5))[2] > 150  # the blue left half is now on top (turned 90° clockwise)
    assert info.content_type == "image/jpeg"


def test_a_palette_png_with_transparency_keeps_it() -> None:
    image = Image.new("P", (8, 8), 1)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", transparency=1)
    _, out = cleaned(buffer.getvalue())
    back = Image.open(io.BytesIO(out))
    assert back.mode == "RGBA" and back.getpixel((0, 0))[3] == 0


def test_a_video_loses_its_recording_place_and_keeps_its_length() -> None:
    info, out = cleaned(video("mp4", 2.0, place="+48.8577+002.2950/"))
    with av.open(io.BytesIO(out)) as container:
        assert not any("location" in k for k in container.metadata)
        assert container.duration == pytest.approx(2_000_000, rel=0.1)
    assert info.duration_s == pytest.approx(2.0, abs=0.2)
    assert b"48.8577" not in out


def test_a_portrait_phone_video_stays_upright() -> None:
    info, out = cleaned(video("mp4", 1.0, turned=90))
    assert (info.width, info.height) == (48, 64)  # as shown, not as stored
    with av.open(io.BytesIO(out)) as container:
        assert next(container.decode(video=0)).rotation == 90  # the display matrix is copied


def test_a_video_cut_short_or_too_long_is_refused() -> None:
    with pytest.raises(Broken, match="cut short"):
        clean(io.BytesIO(truncated(video("webm", 3.0), 0.6)), Limits(), None)
    with pytest.raises(Broken):
        clean(io.BytesIO(truncated(video("mp4", 1.0), 0.8)), Limits(), None)
    with pytest.raises(OverLimit, match="MEDIA_MAX_VIDEO_S"):
        clean(io.BytesIO(video("webm", 2.0)), Limits(max_video_s=1.0), None)


def test_a_signed_link_is_checked_for_forgery_then_expiry() -> None:
    signer, media_id = Signer("s" * 40, ttl_s=300), uuid.uuid4()
    expires, signature = signer.link(media_id, now=1_000_000)
    assert expires == 1_000_300
    assert signer.check(media_id, expires, signature, now=1_000_299) == "ok"
    assert signer.check(media_id, expires, signature, now=1_000_301) == "expired"
    assert signer.check(media_id, expires + 1, signature, now=1_000_000) == "forged"
    assert signer.check(uuid.uuid4(), expires, signature, now=1_000_000) == "forged"
    assert Signer("t" * 40, 300).check(media_id, expires, signature, now=1_000_000) == "forged"
    assert signer.check(media_id, expires, "é" * 22, now=1_000_000) == "forged"
