"""How much a voice socket may send: token buckets for messages, bytes and decoded audio seconds.

A socket is one long request, so the HTTP rate limit does not see what comes through it. A client
may send recorded audio faster than it was spoken, so each budget allows a burst of two seconds'
worth and refills at its rate; one that runs dry closes the socket (CLOSE_FLOOD) instead of letting
it take the event loop from everyone else.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from assistant.settings import Settings

CLOSE_FLOOD = 4429  # as HTTP's 429, in the application's range of close codes (4401, 4408 likewise)
BURST_S = 2.0


class Budget:
    """A token bucket: `rate` per second, at most `rate * burst_s` saved up."""

    def __init__(self, rate: float, burst_s: float = BURST_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.capacity, self.clock = rate, rate * burst_s, clock
        self.level, self.at = self.capacity, clock()

    def spend(self, amount: float) -> bool:
        """Take `amount`; False (and nothing taken) when the bucket does not hold it."""
        now = self.clock()
        self.level = min(self.capacity, self.level + (now - self.at) * self.rate)
        self.at = now
        if amount > self.level:
            return False
        self.level -= amount
        return True


@dataclass
class StreamBudget:
    """The three budgets of one socket, and what to tell the client when one runs dry."""

    messages: Budget
    bytes: Budget
    audio_s: Budget

    @classmethod
    def of(cls, settings: Settings) -> StreamBudget:
        return cls(
            Budget(settings.voice_max_frames_per_s),
            Budget(settings.voice_max_bytes_per_s),
            Budget(settings.voice_max_audio_speed),
        )

    def message(self, size: int) -> str | None:
        """None while within budget, else why not."""
        if not self.messages.spend(1):
            return f"More than {self.messages.rate:g} messages per second"
        if not self.bytes.spend(size):
            return f"More than {self.bytes.rate:g} bytes per second"
        return None

    def audio(self, seconds: float) -> str | None:
        if not self.audio_s.spend(seconds):
            return f"More than {self.audio_s.rate:g} seconds of audio per second"
        return None
