"""Every job function, in one place: a job is enqueued by its name here."""

from __future__ import annotations

from assistant import device_jobs, reminders, rest_timer
from assistant.importing import job as importing
from assistant.jobs.context import JobSpec
from assistant.push import job as push
from assistant.push.sender import DELIVER_PUSH
from assistant.webhooks import job as webhooks
from assistant.webhooks.sender import DELIVER

IMPORT_WORKOUTS = "import_workouts"

JOBS: dict[str, JobSpec] = {
    IMPORT_WORKOUTS: JobSpec(importing.run),
    DELIVER: JobSpec(webhooks.deliver, retries=webhooks.retries),
    DELIVER_PUSH: JobSpec(push.deliver, retries=push.retries),
    reminders.SEND_REMINDER: JobSpec(reminders.send_reminder, retries=push.retries),
    device_jobs.SYNC_DEVICE: JobSpec(device_jobs.sync_device),
    rest_timer.REST_END: JobSpec(rest_timer.end),
    device_jobs.IMPORT_APPLE_HEALTH: JobSpec(device_jobs.import_apple_health, max_tries=device_jobs.IMPORT_TRIES),
}
