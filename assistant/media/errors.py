"""What can be wrong with an uploaded file; the HTTP channel maps each to its status."""

from __future__ import annotations


class MediaError(Exception):
    """An upload that is not kept. `status`: the HTTP answer it deserves."""

    status = 422

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Unsupported(MediaError):
    """Not a photo or video of a kind taken (judged by its bytes, never by its name): 415."""

    status = 415


class Broken(MediaError):
    """Looks like a kind taken but does not decode (truncated, corrupt): 422."""

    status = 422


class OverLimit(MediaError):
    """Decodes, but is bigger than allowed (pixels, seconds): 413."""

    status = 413
