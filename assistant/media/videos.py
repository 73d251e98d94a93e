"""Videos: read with PyAV (FFmpeg), their length capped, and remuxed into a clean file.

Nothing is re-encoded (that would take minutes on a CPU): the video and audio packets are copied
into a new MP4 (faststart, so it plays while it downloads) or WebM, without the container's and
streams' metadata (a phone's recording place, its model) and without data tracks (a camera's GPS
track). Copying reads every packet, so a file cut short is found: packets that end well before the
length the header claims, or no frame that decodes. A header claiming more than MEDIA_MAX_VIDEO_S
is refused before anything is copied; a file without that claim is stopped as soon as it passes it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from typing import Any, BinaryIO

import av

from assistant.media.errors import Broken, OverLimit, Unsupported
from assistant.media.kinds import Cleaned, Limits

DEMUXERS = {"mp4": "mov", "matroska": "matroska"}  # a family is read by its demuxer only
WEBM_CODECS = {"vp8", "vp9", "av1", "opus", "vorbis"}
MP4_CODECS = {"h264", "hevc", "mpeg4", "av1", "vp9", "vp8", "aac", "mp3", "opus", "alac", "ac3", "eac3"}
SHORT_BY = 0.1  # packets may end this fraction of the claimed length early (plus SHORT_SLACK_S)
SHORT_SLACK_S = 0.25


def clean_video(source: BinaryIO, family: str, limits: Limits, workdir: str | None = None) -> Cleaned:
    """The video remuxed without metadata (blocking: run it in a thread)."""
    source.seek(0)
    try:
        container = av.open(source, mode="r", format=DEMUXERS[family])
    except (av.FFmpegError, OSError, ValueError) as exc:
        raise Broken(f"The video does not open as {family.upper()}: {exc}") from exc
    with container:
        video = next(iter(container.streams.video), None)
        if video is None:
            raise Broken("The file has no video track")
        claimed = container.duration / 1_000_000 if container.duration else None
        if claimed is not None and claimed > limits.max_video_s:
            raise OverLimit(_too_long(claimed, limits))
        audio = list(container.streams.audio)
        target = _target(family, video.codec_context.name, {s.codec_context.name for s in audio})
        codecs = WEBM_CODECS if target == "webm" else MP4_CODECS
        kept = [video] + [s for s in audio if s.codec_context.name in codecs]  # other audio is left out
        fd, path = tempfile.mkstemp(suffix="." + target, dir=workdir)
        os.close(fd)
        try:
            length, width, height = _remux(container, video, kept, target, path, limits)
            if claimed is not None and length < claimed * (1 - SHORT_BY) - SHORT_SLACK_S:
                raise Broken(f"The video is cut short: {length:.1f} s of the {claimed:.1f} s its header claims")
            size = os.path.getsize(path)
        except BaseException:
            os.unlink(path)
            raise
    content_type = "video/webm" if target == "webm" else "video/mp4"
    return Cleaned("video", content_type, target, path, size, width, height, round(max(length, 0.0), 3))


def _target(family: str, video: str, audio: set[str]) -> str:
    """WebM for a Matroska file whose video WebM carries (and whose audio it does, if any can), else
    MP4; a video codec neither takes is refused (an audio track that does not fit is left out)."""
    if family == "matroska" and video in WEBM_CODECS and (not audio or audio & WEBM_CODECS):
        return "webm"
    if video not in MP4_CODECS:
        raise Unsupported(f"The video codec {video} is not taken (H.264, HEVC, MPEG-4, VP8/9, AV1 are)")
    return "mp4"


def _remux(
    container: Any, video: Any, kept: list[Any], target: str, path: str, limits: Limits
) -> tuple[float, int, int]:
    """Copy the kept streams' packets into `path`; (seconds of video, width, height) once a frame decoded."""
    options = {"movflags": "+faststart"} if target == "mp4" else {}
    ends, decoded, width, height = 0.0, False, 0, 0
    try:
        with av.open(path, mode="w", format=target, options=options) as out:
            streams = {s.index: out.add_stream_from_template(s) for s in kept}
            for packet in container.demux(kept):
                if packet.dts is None:  # a demuxer's flush packet
                    continue
                if packet.stream.index == video.index:
                    if not decoded:
                        decoded, width, height = _first_frame(packet.decode(), decoded, width, height)
                    if packet.pts is not None and packet.time_base is not None:
                        ends = max(ends, float((packet.pts + (packet.duration or 0)) * packet.time_base))
                    if ends > limits.max_video_s + SHORT_SLACK_S:
                        raise OverLimit(_too_long(ends, limits))
                packet.stream = streams[packet.stream.index]
                out.mux(packet)
    except (av.FFmpegError, OSError, ValueError) as exc:
        raise Broken(f"The video does not read to its end: {exc}") from exc
    if not decoded:  # a decoder that holds frames back gives them up when flushed
        with contextlib.suppress(av.FFmpegError):
            decoded, width, height = _first_frame(video.codec_context.decode(None), decoded, width, height)
    if not decoded:
        raise Broken("No frame of the video decodes")
    start = float(video.start_time * video.time_base) if video.start_time and video.time_base else 0.0
    return ends - start, width, height


def _first_frame(frames: Any, decoded: bool, width: int, height: int) -> tuple[bool, int, int]:
    """(decoded, width, height) as shown: a phone's portrait video is stored turned (its rotation)."""
    for frame in frames:
        turned = int(getattr(frame, "rotation", 0) or 0) % 180 != 0
        return True, frame.height if turned else frame.width, frame.width if turned else frame.height
    return decoded, width, height


def _too_long(seconds: float, limits: Limits) -> str:
    return f"The video is {seconds:.1f} s long; at most {limits.max_video_s:g} s are taken (MEDIA_MAX_VIDEO_S)"
