"""Streaming decode of containers (Opus in Ogg or WebM) as bytes arrive over a socket.

PyAV reads from a pipe on its own thread, so a container is decoded once, incrementally, however
long the stream lasts; decoded 16 kHz samples are handed back through a callback.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable

import av
import numpy as np

from speech.audio import LIMITS, RATE, AudioLimits, Samples


class ContainerStream:
    """Each decoded frame's rate is checked before it is resampled: a header may claim any rate."""

    def __init__(
        self,
        on_samples: Callable[[Samples], None],
        on_error: Callable[[Exception], None],
        container: str | None = None,
        limits: AudioLimits = LIMITS,
    ) -> None:
        self._on_samples, self._on_error = on_samples, on_error
        self._format, self._limits = container, limits
        read_fd, write_fd = os.pipe()
        self._reader = os.fdopen(read_fd, "rb", buffering=0)
        self._writer = os.fdopen(write_fd, "wb", buffering=0)
        self._thread = threading.Thread(target=self._run, name="audio-decode", daemon=True)
        self._closed = False
        self.failed = False

    def start(self) -> None:
        self._thread.start()

    def write(self, data: bytes) -> None:
        """Blocking (the pipe holds 64 KiB): call from a worker thread."""
        if self._closed or self.failed:
            return
        try:
            self._writer.write(data)
        except (BrokenPipeError, ValueError):
            self.failed = True

    def close(self, timeout: float = 10.0) -> None:
        """End of input: the decoder drains what is left, then its thread ends."""
        if not self._closed:
            self._closed = True
            with contextlib.suppress(OSError):
                self._writer.close()
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            with av.open(self._reader, mode="r", format=self._format) as container:
                resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
                for frame in container.decode(audio=0):
                    self._limits.check_rate(frame.sample_rate)
                    for out in resampler.resample(frame):
                        self._on_samples(np.ascontiguousarray(out.to_ndarray()[0], dtype=np.float32))
                for out in resampler.resample(None):
                    self._on_samples(np.ascontiguousarray(out.to_ndarray()[0], dtype=np.float32))
        except Exception as exc:  # any decoder failure ends this stream with an error event
            self.failed = True
            self._on_error(exc)
        finally:
            self._reader.close()


class PcmStream:
    """Raw PCM s16le (or G.711 μ-law) at any rate -> 16 kHz, with one resampler for the whole stream."""

    def __init__(self, rate: int, mulaw: bool = False, limits: AudioLimits = LIMITS) -> None:
        limits.check_rate(rate)
        self.rate, self.mulaw = rate, mulaw
        self._carry = b""
        self._resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE) if rate != RATE else None

    def feed(self, data: bytes) -> Samples:
        from speech.audio import mulaw_to_pcm16, pcm16_to_float

        pcm = mulaw_to_pcm16(data) if self.mulaw else self._carry + data
        if not self.mulaw:
            usable = len(pcm) - len(pcm) % 2
            pcm, self._carry = pcm[:usable], pcm[usable:]
        samples = pcm16_to_float(pcm)
        if self._resampler is None or samples.size == 0:
            return samples
        frame = av.AudioFrame.from_ndarray(samples[None, :], format="flt", layout="mono")
        frame.sample_rate = self.rate
        parts = [f.to_ndarray()[0] for f in self._resampler.resample(frame)]
        return np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, dtype=np.float32)
