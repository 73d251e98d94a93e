"""Real photo and video files made in the tests: a JPEG carrying EXIF GPS and an orientation, a PNG
with a text chunk, short MP4 (H.264) and WebM (VP8) videos, an MP4 carrying a recording place."""

from __future__ import annotations

import io

import av
import numpy as np
from PIL import Image, PngImagePlugin

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_gps(width: int = 64, height: int = 32, orientation: int = 6) -> bytes:
    """A JPEG whose EXIF says where it was taken (Paris) and that it is turned (6: 90° clockwise)."""
    image = Image.new("RGB", (width, height), (200, 40, 40))
    image.paste((40, 40, 200), (0, 0, width // 2, height))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"  # camera make
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90, comment=b"shot at home")
    return out.getvalue()


def png(width: int = 40, height: int = 30) -> bytes:
    """A PNG with a text chunk (metadata that must not survive)."""
    image = Image.new("RGBA", (width, height), (10, 200, 10, 128))
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "48.8577,2.2950")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def video(fmt: str = "mp4", seconds: float = 1.0, fps: int = 8, place: str | None = None, turned: int = 0) -> bytes:
    """A small video: H.264 in MP4 or VP8 in WebM, 64x48, `seconds` long; `place`: a recording place
    (ISO 6709); `turned`: the display rotation a phone filming upright writes (90)."""
    codec = {"mp4": "libx264", "webm": "libvpx"}[fmt]
    out = io.BytesIO()
    with av.open(out, "w", format=fmt) as container:
        if place:
            container.metadata["location"] = place
        stream = container.add_stream(codec, rate=fps)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        if turned:
            stream.set_display_rotation(turned)
        for i in range(round(seconds * fps)):
            pixels = np.full((48, 64, 3), (i * 25) % 255, np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: int(len(data) * keep)]
