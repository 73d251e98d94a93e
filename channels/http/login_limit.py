"""Failed logins per account: after LOGIN_FAILURE_LIMIT wrong passwords for one email in a window,
that email's logins are refused with 429 until the window ends, whatever address they come from.

The per-address limit on the auth routes does not stop a guesser spread over many addresses; this
one does. Counted in the rate limits' counters (Redis when configured), keyed by a digest of the
normalised email so no address is stored.
"""

from __future__ import annotations

from limits import RateLimitItem, parse

from channels.http.errors import ApiError
from channels.http.ratelimit import Counters
from domain.security import digest


class LoginFailures:
    def __init__(self, counters: Counters, limit: str) -> None:
        self.counters = counters
        self.item: RateLimitItem = parse(limit)

    @staticmethod
    def _who(email: str) -> str:
        return "login-failed:" + digest(email.strip().lower())[:32]

    async def check(self, email: str) -> None:
        """429 while this email has used up its failures for the window."""
        if await self.counters.count(self.item, self._who(email)) >= self.item.amount:
            raise ApiError(
                429,
                "Too many failed logins for this account; try again later",
                [{"field": "email", "message": f"limit is {self.item} failed logins"}],
                headers={"Retry-After": str(self.item.get_expiry())},  # at most one window away
            )

    async def failed(self, email: str) -> None:
        await self.counters.hit(self.item, self._who(email))
