"""The Celery app. Tasks are thin adapters over services; schedules are static (settings)."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocon.settings")

app = Celery("cocon")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["cocon"])
