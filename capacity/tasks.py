"""Thin Celery adapters: take ids, call one service."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from .services import (
    capacity_lapse_unfilled_places,
    capacity_send_declaration,
    capacity_send_due_declarations,
    capacity_send_withdrawal,
)


@shared_task(
    name="capacity.tasks.send_declaration",
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=60,
    retry_jitter=True,
    max_retries=8,
)
def send_declaration_task(declaration_id: int) -> bool:
    return capacity_send_declaration(declaration_id=declaration_id)


@shared_task(
    name="capacity.tasks.send_withdrawal",
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=60,
    retry_jitter=True,
    max_retries=8,
)
def send_withdrawal_task(declaration_id: int) -> bool:
    return capacity_send_withdrawal(declaration_id=declaration_id)


@shared_task(name="capacity.tasks.daily")
def capacity_daily_task() -> dict[str, int]:
    """Daily: send planned declarations whose day has come; places unfilled 7 days after they became
    available lapse."""
    return {"sent": capacity_send_due_declarations(), "lapsed": capacity_lapse_unfilled_places()}
