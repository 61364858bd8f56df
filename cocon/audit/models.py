from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    SUCCESS = "success", _("success")
    DENIED = "denied", _("denied")
    FAILURE = "failure", _("failure")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise PermissionError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class AuditEvent(models.Model):
    """One thing that happened: a write, a read of a case file, a denied attempt, a login.

    Append-only: the app never updates or deletes a row, and on PostgreSQL a trigger refuses it.
    Holds identifiers only — never a child's name or free text from the file.
    """

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_role = models.CharField(_("role"), max_length=20, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    case_code = models.UUIDField(_("case"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    request_id = models.CharField(_("request"), max_length=32, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case_code", "-created_at"], name="audit_case_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class AuditSealQuerySet(models.QuerySet["AuditSeal"]):
    def update(self, **kwargs: object) -> int:
        raise PermissionError("The audit chain is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit chain is append-only.")


class AuditSeal(models.Model):
    """One link of the hash chain over the audit log (SECURITY H2): tamper-evidence.

    Link `seq` seals one event: `row_hash` is the SHA-256 of the event's content and `chain_hash` is
    SHA-256(previous link's chain_hash + row_hash). Changing or deleting a sealed event, or a link,
    breaks every chain_hash from there on; `manage.py verify_audit_chain` names the first broken link.

    The links live beside the events, written by a sealing job (`seal_audit_chain`, every minute in
    beat), not by the insert itself: audit inserts stay one cheap INSERT without a global lock, bulk
    loads need no Python, and the event table itself stays strictly append-only (no UPDATE at all).
    """

    seq = models.BigIntegerField(_("link"), primary_key=True)
    event = models.OneToOneField(
        AuditEvent, verbose_name=_("audit event"), on_delete=models.PROTECT, related_name="seal"
    )
    row_hash = models.CharField(_("content hash"), max_length=64)
    chain_hash = models.CharField(_("chain hash"), max_length=64)
    sealed_at = models.DateTimeField(_("sealed at"), auto_now_add=True)

    objects = AuditSealQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"{self.seq}: {self.chain_hash[:12]}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise PermissionError("The audit chain is append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit chain is append-only.")
