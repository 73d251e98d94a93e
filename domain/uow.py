"""The unit of work: one transaction per command, committed by the handler."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker


class UnitOfWork:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], statements: async_sessionmaker[AsyncSession] | None = None
    ) -> None:
        """`statements`: sessions whose connections are in autocommit already (PostgreSQL's read
        sessions), for `autocommit()`; without them it switches this unit's own connection."""
        self._sessions = sessions
        self._statements = statements
        self._session: AsyncSession | None = None
        self._side: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside 'async with'")
        return self._session

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql': for the few commands with a faster form on one of them."""
        return self._sessions.kw["bind"].dialect.name

    @property
    def fresh(self) -> bool:
        """Nothing has run in this unit yet: its connection can still be put in autocommit."""
        return not self.session.in_transaction()

    async def autocommit(self) -> AsyncConnection:
        """This unit's connection with each statement its own transaction, for a command that is one
        statement (no BEGIN and COMMIT round trips). Only while the unit is `fresh`."""
        if not self.fresh:  # SQLAlchemy would only warn and run the statement in the open transaction
            raise RuntimeError("autocommit asked for after the unit of work began a transaction")
        if self._statements is None:
            return await self.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        if self._side is None:
            self._side = self._statements()
        return await self._side.connection()

    async def restart(self) -> None:
        """Give back the connections: what runs next starts afresh, in a transaction."""
        await self._close_side()
        await self.session.close()

    async def _close_side(self) -> None:
        if self._side is not None:
            side, self._side = self._side, None
            await side.close()

    async def __aenter__(self) -> UnitOfWork:
        self._session = self._sessions()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        session = self.session
        try:
            if exc_type is not None:
                await session.rollback()
        finally:
            await self._close_side()
            await session.close()
            self._session = None

    async def commit(self) -> None:
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()
