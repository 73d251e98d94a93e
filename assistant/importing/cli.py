"""`python -m assistant import FILE --user EMAIL`: the import job run here, with a progress bar."""

from __future__ import annotations

from typing import Any

from tqdm import tqdm

from assistant import importing
from assistant.bootstrap import bootstrap
from assistant.importing import job
from assistant.jobs.context import JobContext
from assistant.settings import Settings
from domain.lookups import user_by_email
from domain.validation import check_timezone

STEPS = 1000  # the bar counts thousandths of the job


async def import_file(
    settings: Settings, data: bytes, email: str, timezone: str | None = None, unit: str | None = None
) -> dict[str, Any]:
    """The job's summary; LookupError when no account has `email`, Invalid when the file is no export."""
    found, text, _ = importing.sniff(data)
    if timezone:
        check_timezone(timezone)
    spotter = await bootstrap(settings)
    try:
        async with spotter.reader() as uow:
            user = await user_by_email(uow, email)
        if user is None:
            raise LookupError(f"no account with the email {email!r}")
        with tqdm(
            total=STEPS, unit="‰", desc=f"importing {found}", bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed}"
        ) as bar:

            async def sink(progress: float, message: str) -> None:
                bar.set_description(message[:60])
                bar.update(max(0, round(progress * STEPS) - bar.n))

            ctx = JobContext(spotter, user.id, {"timezone": timezone, "unit": unit}, text, sink=sink, every_s=0.1)
            summary = await job.run(ctx)
            await sink(1.0, "done")
        return summary
    finally:
        await spotter.aclose()
