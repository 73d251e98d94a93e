"""Progress photos and form-check videos: checked by content, cleaned of metadata, stored, linked."""

from assistant.media.errors import Broken, MediaError, OverLimit, Unsupported
from assistant.media.kinds import Cleaned, Limits
from assistant.media.library import MediaLibrary, NewMedia
from assistant.media.links import Signer
from assistant.media.stores import Download, Files, LocalFiles, Missing, S3Files, make_files

__all__ = [
    "Broken",
    "Cleaned",
    "Download",
    "Files",
    "Limits",
    "LocalFiles",
    "MediaError",
    "MediaLibrary",
    "Missing",
    "NewMedia",
    "OverLimit",
    "S3Files",
    "Signer",
    "Unsupported",
    "make_files",
]
