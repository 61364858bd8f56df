"""Thin Celery adapters. The sweep is idempotent, so a redelivered or doubled task does no harm."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from .services import reminders_send_digests, reminders_sweep


@shared_task(
    ignore_result=True,
    acks_late=True,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
)
def reminders_sweep_task() -> None:
    reminders_sweep()


@shared_task(
    ignore_result=True,
    acks_late=True,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
)
def reminders_digest_task() -> None:
    reminders_send_digests()
