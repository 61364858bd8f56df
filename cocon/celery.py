"""The Celery app. Tasks are thin adapters over services; schedules are static (settings)."""

from __future__ import annotations

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocon.settings")

app = Celery("cocon")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["cocon"])


def _ensure_filesystem_broker_folders() -> None:
    """kombu's filesystem transport (the embedded default) needs its folders before it starts."""
    if not str(app.conf.broker_url).startswith("filesystem://"):
        return
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


_ensure_filesystem_broker_folders()
