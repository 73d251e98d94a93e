"""Photos: decoded with Pillow and written anew, so nothing but pixels leaves the upload.

EXIF (GPS position, camera, times), XMP, comments and text chunks are dropped by building the saved
file from the pixels alone; the EXIF orientation is applied to the pixels first, so the photo still
stands the right way up. The size is checked from the header before any pixel is decoded
(MEDIA_MAX_PIXELS: a small file may claim a huge image), and a large photo is scaled down to
MEDIA_MAX_SIDE. A file that does not decode whole (truncated, corrupt) is refused.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

from assistant.media.errors import Broken, OverLimit
from assistant.media.kinds import Cleaned, Limits

FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
CONTENT_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp"}


def clean_photo(source: BinaryIO, family: str, limits: Limits, workdir: str | None = None) -> Cleaned:
    """The photo re-encoded in its own format, without metadata (blocking: run it in a thread)."""
    source.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source, formats=[FORMATS[family]]) as image:
                width, height = image.size
                if width * height > limits.max_pixels:
                    most = f"at most {limits.max_pixels} are taken (MEDIA_MAX_PIXELS)"
                    raise OverLimit(f"The photo is {width}x{height} pixels; {most}")
                if family == "jpeg" and limits.max_side and max(width, height) >= 2 * limits.max_side:
                    image.draft("RGB", (limits.max_side, limits.max_side))  # decoded at 1/2..1/8 scale: faster
                image.load()
                pixels = _upright(image, limits.max_side)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError) as exc:
        raise Broken(f"The photo does not decode ({FORMATS[family]}): {exc}") from exc
    except Image.DecompressionBombWarning as exc:
        raise OverLimit(f"The photo is too large to decode: {exc}") from exc
    fd, path = tempfile.mkstemp(suffix="." + EXTENSIONS[family], dir=workdir)
    try:
        with os.fdopen(fd, "wb") as out:
            _save(pixels, family, out, limits)
        size = os.path.getsize(path)
    except BaseException:
        os.unlink(path)
        raise
    return Cleaned("photo", CONTENT_TYPES[family], EXTENSIONS[family], path, size, pixels.width, pixels.height)


def _upright(image: Image.Image, max_side: int) -> Image.Image:
    """The pixels turned as the EXIF orientation says, scaled down to `max_side`, in a mode that can be
    saved, with no metadata left on them."""
    turned = ImageOps.exif_transpose(image) or image
    if turned.mode == "P":
        turned = turned.convert("RGBA" if "transparency" in turned.info else "RGB")
    elif turned.mode not in ("RGB", "RGBA", "L", "LA"):
        turned = turned.convert("RGBA" if "A" in turned.mode else "RGB")
    pixels = turned.copy() if turned is image else turned
    if max_side and max(pixels.size) > max_side:
        pixels.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    pixels.info = {}  # EXIF, XMP, ICC, comments and text chunks stay behind
    return pixels


def _save(pixels: Image.Image, family: str, out: BinaryIO, limits: Limits) -> None:
    if family == "jpeg":
        flat = pixels.convert("RGB") if pixels.mode not in ("RGB", "L") else pixels
        flat.save(out, "JPEG", quality=limits.jpeg_quality, optimize=True)
    elif family == "png":
        pixels.save(out, "PNG", compress_level=6)
    else:
        pixels.save(out, "WEBP", quality=limits.jpeg_quality, method=4)
