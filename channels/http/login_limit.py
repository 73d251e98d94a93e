"""Failed attempts per account: after LOGIN_FAILURE_LIMIT wrong passwords for one email in a window,
that email's logins are refused with 429 until the window ends, whatever address they come from;
likewise TWO_FACTOR_FAILURE_LIMIT wrong codes for one account (signing in, enabling or disabling
two-factor sign-in, renewing recovery codes) and wrong fresh proofs (a password or code given to
erase the account or change its password or address: a stolen session cannot guess its way
through), and MAIL_RATE_LIMIT account mails to one address.

The per-address limit on the auth routes does not stop a guesser spread over many addresses; these
do. Counted in the rate limits' counters (Redis when configured), keyed by a digest of the
normalised email (or the user id) so no address is stored.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from limits import RateLimitItem, parse

from channels.http.errors import ApiError
from channels.http.ratelimit import Counters
from domain.errors import Forbidden, Invalid
from domain.handlers.proof import ProofNeeded
from domain.security import digest


class Failures:
    """Attempts of one kind counted per account; `check` refuses with 429 once they are used up."""

    def __init__(self, counters: Counters, limit: str, kind: str, message: str, field: str, what: str) -> None:
        self.counters = counters
        self.item: RateLimitItem = parse(limit)
        self.kind, self.message, self.field, self.what = kind, message, field, what

    def _who(self, account: str) -> str:
        return f"{self.kind}:" + digest(account.strip().lower())[:32]

    async def check(self, account: str) -> None:
        """429 while this account has used up its attempts for the window."""
        if await self.counters.count(self.item, self._who(account)) >= self.item.amount:
            raise ApiError(
                429,
                self.message,
                [{"field": self.field, "message": f"limit is {self.item} {self.what}"}],
                headers={"Retry-After": str(self.item.get_expiry())},  # at most one window away
            )

    async def failed(self, account: str) -> None:
        await self.counters.hit(self.item, self._who(account))


class LoginFailures(Failures):
    def __init__(self, counters: Counters, limit: str) -> None:
        message = "Too many failed logins for this account; try again later"
        super().__init__(counters, limit, "login-failed", message, "email", "failed logins")


class CodeFailures(Failures):
    def __init__(self, counters: Counters, limit: str) -> None:
        message = "Too many wrong codes for this account; try again later"
        super().__init__(counters, limit, "2fa-failed", message, "code", "wrong codes")


class MailsSent(Failures):
    """Account mails per address: each mail sent counts, and past the limit none is sent."""

    def __init__(self, counters: Counters, limit: str) -> None:
        message = "Too many mails to this address; try again later"
        super().__init__(counters, limit, "mails", message, "email", "mails")

    async def take(self, account: str) -> bool:
        """Count one mail to this address: False once it has had its share (then none is sent)."""
        allowed, _, _ = await self.counters.hit(self.item, self._who(account))
        return allowed


async def counted(request: Request, user: str, command: object) -> Any:
    """Run a command that checks a code or a fresh proof, counting a wrong one against the account
    (a proof not given at all is no guess: not counted); 429 once the account has had its share."""
    failures: CodeFailures = request.app.state.code_failures
    await failures.check(user)
    try:
        return await request.app.state.spotter.bus.handle(command)
    except ProofNeeded:
        raise
    except (Invalid, Forbidden):
        await failures.failed(user)
        raise
