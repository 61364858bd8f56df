"""Writing the audit log. Every write service calls `audit_record`; sensitive views call
`audit_record_access`. Details carry identifiers and field names only, never free text."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from .middleware import current_request_id
from .models import AuditEvent, Outcome


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _object_ref(obj: Any) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, models.Model):
        ident = getattr(obj, "code", None) or obj.pk
        return obj._meta.label_lower, str(ident)
    return type(obj).__name__.lower(), str(obj)


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    case: Any = None,
    data: dict[str, Any] | None = None,
    outcome: str = Outcome.SUCCESS,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event. Raises if it cannot be written, so callers fail closed."""
    object_type, object_id = _object_ref(obj)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_role=getattr(actor, "role", "") if is_user else "",
        action=action,
        outcome=outcome,
        object_type=object_type,
        object_id=object_id,
        case_code=getattr(case, "code", None),
        data=data or {},
        request_id=getattr(request, "request_id", "") or current_request_id().replace("-", ""),
        ip_address=_client_ip(request),
    )


def audit_record_access(*, request: HttpRequest, action: str, obj: Any = None, case: Any = None) -> AuditEvent:
    """A read of a case file, plan, PDF or export."""
    return audit_record(actor=request.user, action=action, obj=obj, case=case, request=request)


def audit_changes(instance: models.Model, before: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """Field-level before/after for the audit details. Free-text fields are named, not copied."""
    changes: dict[str, Any] = {}
    for name in fields:
        new = getattr(instance, name, None)
        old = before.get(name)
        if old == new:
            continue
        field = instance._meta.get_field(name)
        if isinstance(field, models.TextField | models.CharField) and not getattr(field, "choices", None):
            changes[name] = "changed"
        else:
            changes[name] = {"from": _plain(old), "to": _plain(new)}
    return changes


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(getattr(value, "code", None) or value.pk)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
