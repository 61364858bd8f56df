from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.account.signals import password_changed, password_reset, password_set
from allauth.core import context
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from cocon.audit.services import audit_record

from .models import User
from .security import end_sessions, mark_logged_in


@receiver(user_logged_in)
def _index_session(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        mark_logged_in(request, user)


@receiver(post_save, sender=Authenticator)
def _enrolment_counts_as_second_factor(sender: Any, instance: Authenticator, created: bool, **kwargs: Any) -> None:
    """Enrolling needs a valid code (TOTP) or a signed challenge (WebAuthn), which proves possession:
    the enrolling session has now done its second factor. Synchronous (allauth's `authenticator_added`
    only fires after the commit, when the session may already be saved)."""
    if not created or instance.type not in (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN):
        return
    request = context.request
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated or user.pk != instance.user_id:
        return  # created by somebody else (e.g. in the admin): no session of the owner to mark
    record_authentication(request, user, "mfa", type=instance.type, id=instance.pk, enrolled=True)
    audit_record(actor=user, action="accounts.mfa.enrolled", obj=user, data={"type": instance.type}, request=request)


@receiver(password_changed)
@receiver(password_set)
def _password_changed_ends_other_sessions(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    ended = end_sessions(user, keep=request.session.session_key if request is not None else None)
    audit_record(
        actor=user, action="accounts.password.changed", obj=user, data={"sessions_ended": ended}, request=request
    )


@receiver(password_reset)
def _password_reset_ends_all_sessions(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    ended = end_sessions(user)
    audit_record(
        actor=None, action="accounts.password.reset", obj=user, data={"sessions_ended": ended}, request=request
    )


@receiver(pre_save, sender=User)
def _remember_active_flag(sender: Any, instance: User, **kwargs: Any) -> None:
    if instance.pk is None:
        instance._was_active = instance.is_active  # type: ignore[attr-defined]
        return
    previous = User.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    instance._was_active = previous  # type: ignore[attr-defined]


@receiver(post_save, sender=User)
def _deactivation_ends_sessions(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    if not instance.is_active and getattr(instance, "_was_active", False):
        ended = end_sessions(instance)
        audit_record(actor=None, action="accounts.user.deactivated", obj=instance, data={"sessions_ended": ended})


@receiver(post_save, sender=LogEntry)
def _admin_action_is_audited(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    """Every change made in the Django admin (users, teams, organisations) is in the audit log too.
    The object's repr and change message are left out: they can hold names."""
    if not created:
        return
    verb = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}.get(instance.action_flag, "other")
    content_type = instance.content_type
    label = f"{content_type.app_label}.{content_type.model}" if content_type else "unknown"
    audit_record(
        actor=instance.user,
        action=f"admin.{label}.{verb}",
        data={"object_type": label, "object_id": str(instance.object_id or "")},
        request=context.request,
    )
