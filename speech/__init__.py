"""Audio -> text: decoding, voice activity detection and transcription (see the speech issue)."""
