from __future__ import annotations

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone


@shared_task(ignore_result=True)
def heartbeat() -> None:
    """Record that the beat and a worker are alive; /health/ reads it."""
    cache.set("cocon:worker-heartbeat", timezone.now().isoformat(), timeout=None)
