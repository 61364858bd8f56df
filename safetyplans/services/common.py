"""Optimistic locking and versioning shared by every versioned record of this app."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import EDITABLE_STATUSES, StatementStatus


class StaleVersion(Exception):
    """Someone else saved this draft after the form was opened. Carries the record as it is now."""

    def __init__(self, current: models.Model) -> None:
        super().__init__("stale version")
        self.current = current


FINAL_LOCKED_MESSAGE = _(
    "This version is established and can no longer be changed. Make a new version: the old one stays in the history."
)


def locked_update(
    obj: models.Model,
    *,
    actor: Any,
    expected_version: int,
    fields: dict[str, Any],
    statuses: tuple[str, ...] | None = EDITABLE_STATUSES,
) -> models.Model:
    """Write `fields` only if nobody saved since `expected_version` — checked and written in one UPDATE.

    The filtered UPDATE is the lock: of two concurrent saves with the same counter, the database lets
    exactly one match the row. A record that became final meanwhile is refused, never overwritten.
    """
    model = type(obj)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    queryset = model.objects.filter(pk=obj.pk, version=expected_version)
    if statuses is not None:
        queryset = queryset.filter(status__in=statuses)
    stamp = {"updated_at": timezone.now()}
    if hasattr(obj, "updated_by_id"):
        stamp["updated_by"] = actor
    updated = queryset.update(**fields, **stamp, version=F("version") + 1)
    if updated != 1:
        current = model.objects.get(pk=obj.pk)
        if statuses is not None and current.status not in statuses:
            raise ValidationError(FINAL_LOCKED_MESSAGE)
        raise StaleVersion(current)
    obj.refresh_from_db()
    return obj


def ensure_editable(obj: Any) -> None:
    if obj.status not in EDITABLE_STATUSES:
        raise ValidationError(FINAL_LOCKED_MESSAGE)


def copy_as_new_version(
    obj: models.Model, *, actor: Any, copy_fields: list[str], m2m_fields: list[str]
) -> models.Model:
    """A new draft version of `obj` (same lineage, number + 1, `supersedes` = obj). `obj` is not touched."""
    model = type(obj)
    if obj.status in (StatementStatus.DRAFT, StatementStatus.SUPERSEDED):
        raise ValidationError(_("Only a provisional or established version can get a new version."))
    if model.objects.filter(supersedes=obj).exists():
        raise ValidationError(_("A newer version of this record already exists."))
    latest = model.objects.filter(lineage=obj.lineage).order_by("-number").values_list("number", flat=True).first()
    new = model(
        case=obj.case,
        lineage=obj.lineage,
        number=(latest or obj.number) + 1,
        status=StatementStatus.DRAFT,
        supersedes=obj,
        created_by=actor,
        updated_by=actor,
        **{name: getattr(obj, name) for name in copy_fields},
    )
    new.full_clean()
    new.save()
    for name in m2m_fields:
        getattr(new, name).set(getattr(obj, name).all())
    return new


def retire_predecessor(obj: Any) -> None:
    """When a newer version takes effect, the one it replaces becomes `superseded` (history stays)."""
    previous = obj.supersedes
    if previous is not None and previous.status != StatementStatus.SUPERSEDED:
        type(obj).objects.filter(pk=previous.pk).update(
            status=StatementStatus.SUPERSEDED, updated_at=timezone.now(), version=F("version") + 1
        )
