"""Device sync as the jobs see it (assistant/device_jobs.py: `DeviceService`), built from the
settings once per process: by the app's lifespan and by `python -m assistant worker`, which loads
`attach` by name (the assistant never imports channels)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from channels.devices import apple_import, registry
from channels.devices.sync import DeviceSync, Outcome, Report


class Devices:
    def __init__(self, sync: DeviceSync) -> None:
        self.sync = sync

    @property
    def clouds(self) -> list[str]:
        """The providers read by schedule (phone stores push)."""
        return list(self.sync.clouds)

    async def pull(self, user_id: uuid.UUID, provider: str, trigger: str, record_id: str | None = None) -> Outcome:
        return await self.sync.pull(user_id, provider, trigger, record_id)

    async def import_export(self, user_id: uuid.UUID, path: Path, report: Report) -> dict[str, Any]:
        return await apple_import.import_export(self.sync, user_id, path, report)


def attach(spotter: Any) -> DeviceSync:
    """Device sync for this process, kept on the spotter (`spotter.devices`)."""
    sync = DeviceSync(spotter, registry.clouds(spotter.settings), registry.base_urls(spotter.settings))
    spotter.devices = Devices(sync)
    return sync
