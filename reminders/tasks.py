"""Thin Celery adapters. The sweep is idempotent, so a redelivered or doubled task does no harm."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .services import DIGEST_CATCH_UP_HOURS, reminders_send_digests, reminders_sweep


@shared_task(
    ignore_result=True,
    acks_late=True,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
)
def reminders_sweep_task() -> None:
    reminders_sweep()
    # The 07:00 digest is published once; if Redis or the worker was down then, the sweeps of the morning
    # send it (idempotent per user per day, so normally this finds nothing to do).
    if timezone.localtime().hour in DIGEST_CATCH_UP_HOURS:
        reminders_send_digests()


@shared_task(
    ignore_result=True,
    acks_late=True,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
)
def reminders_digest_task() -> None:
    reminders_send_digests()
