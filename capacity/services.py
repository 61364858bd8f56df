"""Writes of the capacity app. Every write is atomic, validated and audited (ids and counts only)."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.models import Case, CaseStatus
from cocon.audit.services import audit_record

from .models import (
    LAPSE_AFTER_DAYS,
    CapacityDeclaration,
    CapacityPool,
    DeclarationRecipient,
    DeclarationStatus,
    DeclaredPlace,
    PlaceStatus,
)
from .selectors import WAITING, declaration_warnings, open_places

logger = logging.getLogger(__name__)

POOL_FIELDS = ["module", "region", "total_places"]
RECIPIENT_FIELDS = ["kind", "name", "region", "email", "active"]


# --- Configuration: pools and recipients ----------------------------------------------------------


@transaction.atomic
def capacity_pool_save(
    *, actor: Any, team: Any, fields: dict[str, Any], pool: CapacityPool | None = None
) -> CapacityPool:
    """Create or change a team's pool of places."""
    created = pool is None
    pool = pool or CapacityPool(team=team)
    for name in POOL_FIELDS:
        setattr(pool, name, fields.get(name))
    pool.full_clean()
    pool.save()
    audit_record(
        actor=actor,
        action="capacity.pool.created" if created else "capacity.pool.changed",
        obj=pool,
        data={"fields": POOL_FIELDS, "total_places": pool.total_places},
    )
    return pool


@transaction.atomic
def capacity_recipient_save(
    *, actor: Any, team: Any, fields: dict[str, Any], recipient: DeclarationRecipient | None = None
) -> DeclarationRecipient:
    """Add or change an address that receives the team's declarations."""
    created = recipient is None
    recipient = recipient or DeclarationRecipient(team=team)
    for name in RECIPIENT_FIELDS:
        if name in fields:
            setattr(recipient, name, fields[name])
    recipient.email = (recipient.email or "").strip().lower()
    recipient.full_clean()
    recipient.save()
    audit_record(
        actor=actor,
        action="capacity.recipient.created" if created else "capacity.recipient.changed",
        obj=recipient,
        data={"fields": [n for n in RECIPIENT_FIELDS if n in fields], "kind": recipient.kind},
    )
    return recipient


# --- Declaring ------------------------------------------------------------------------------------


def _clean_addresses(addresses: list[str]) -> list[str]:
    cleaned: list[str] = []
    for address in addresses:
        address = address.strip().lower()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                {"extra_emails": _("“%(address)s” is not a valid e-mail address.") % {"address": address}}
            ) from None
        if address not in cleaned:
            cleaned.append(address)
    return cleaned


@transaction.atomic
def capacity_declare(
    *,
    actor: Any,
    pool: CapacityPool,
    places: int,
    available_from: date,
    recipients: list[DeclarationRecipient],
    extra_emails: list[str] | None = None,
    source_case: Case | None = None,
    confirm_short_notice: bool = False,
    confirm_over_forecast: bool = False,
    today: date | None = None,
) -> CapacityDeclaration:
    """Declare `places` free places of `pool` from `available_from` and send them after commit.

    Refuses (ValidationError, nothing saved, nothing sent): a date in the past, no recipient, an invalid
    address, a pool or recipient of another team, and a shorter notice than 14 days or more places than
    the forecast shows free unless the coördinator confirmed that warning.
    """
    today = today or timezone.localdate()
    if pool.team_id != getattr(actor, "team_id", None):
        raise ValidationError(_("You can only declare places of your own team."))
    if available_from < today:
        raise ValidationError({"available_from": _("This date is in the past. Choose today or a later date.")})
    if any(r.team_id != pool.team_id or not r.active for r in recipients):
        raise ValidationError({"recipients": _("Choose recipients from your team's list.")})
    extra = _clean_addresses(extra_emails or [])
    sent_to = [{"kind": r.kind, "name": r.name, "email": r.email} for r in recipients]
    sent_to += [{"kind": "", "name": "", "email": e} for e in extra if e not in {r.email for r in recipients}]
    if not sent_to:
        raise ValidationError({"recipients": _("Choose at least one recipient.")})
    if source_case is not None and source_case.team_id != pool.team_id:
        raise ValidationError({"source_case": _("Choose a case of your own team.")})
    warnings = declaration_warnings(pool=pool, places=places, available_from=available_from, today=today)
    for warning in warnings:
        if warning.code == "short_notice" and not confirm_short_notice:
            raise ValidationError({"available_from": _("Confirm the shorter notice first.")})
        if warning.code == "over_forecast" and not confirm_over_forecast:
            raise ValidationError({"places": _("Confirm that you declare more places than the forecast shows free.")})
    free = next((w.free for w in warnings if w.code == "over_forecast"), None)
    declaration = CapacityDeclaration(
        pool=pool,
        declared_on=today,
        available_from=available_from,
        places=places,
        sent_to=sent_to,
        status=DeclarationStatus.PLANNED,
        forecast_free=free,
        short_notice_confirmed=any(w.code == "short_notice" for w in warnings),
        over_forecast_confirmed=free is not None,
        source_case=source_case,
        declared_by=actor,
    )
    declaration.full_clean()
    declaration.save()
    declaration.recipients.set(recipients)
    DeclaredPlace.objects.bulk_create([DeclaredPlace(declaration=declaration, number=n) for n in range(1, places + 1)])
    audit_record(
        actor=actor,
        action="capacity.declaration.created",
        obj=declaration,
        data={
            "places": places,
            "available_from": available_from.isoformat(),
            "recipients": len(sent_to),
            "warnings": [w.code for w in warnings],
        },
    )
    declaration_id = declaration.pk

    def _enqueue() -> None:
        from .tasks import send_declaration_task

        send_declaration_task.delay(declaration_id)

    # The request never waits on the broker, and a rolled-back declaration is never sent (DESIGN rule 6).
    transaction.on_commit(_enqueue, robust=True)
    return declaration


def _email_texts(declaration: CapacityDeclaration) -> tuple[str, str]:
    context = {"declaration": declaration, "pool": declaration.pool, "coordinator": declaration.declared_by}
    subject = render_to_string("capacity/email/declaration_subject.txt", context).strip()
    body = render_to_string("capacity/email/declaration_body.txt", context)
    return " ".join(subject.split()), body


def capacity_send_declaration(*, declaration_id: int) -> bool:
    """Send a planned declaration by e-mail with its PDF. Idempotent: a sent declaration is not sent again.

    The row is locked while sending, so that two workers that got the same task do not both send it.
    """
    from .pdf import declaration_filename, render_declaration_pdf

    with transaction.atomic():
        declaration = (
            # of=self: PostgreSQL cannot lock the nullable side of the outer join to declared_by.
            CapacityDeclaration.objects.select_for_update(of=("self",))
            .select_related("pool__team", "declared_by")
            .filter(pk=declaration_id)
            .first()
        )
        if declaration is None or declaration.status != DeclarationStatus.PLANNED:
            return False
        addresses = [entry["email"] for entry in declaration.sent_to if entry.get("email")]
        if not addresses:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = _email_texts(declaration)
            pdf = render_declaration_pdf(declaration)
            filename = declaration_filename(declaration)
        reply_to = [declaration.declared_by.email] if declaration.declared_by and declaration.declared_by.email else []
        message = EmailMessage(subject=subject, body=body, to=addresses, reply_to=reply_to)
        message.attach(filename, pdf, "application/pdf")
        message.send()
        declaration.status = DeclarationStatus.SENT
        declaration.sent_at = timezone.now()
        declaration.save(update_fields=["status", "sent_at"])
        audit_record(
            actor=None,
            action="capacity.declaration.sent",
            obj=declaration,
            data={"recipients": len(addresses), "places": declaration.places},
        )
    return True


def capacity_send_due_declarations(*, today: date | None = None) -> int:
    """Send every planned declaration whose day has come: a declaration planned ahead (demo: 29/08), or
    one whose mail did not leave (broker down at commit time). Idempotent; returns how many were sent."""
    today = today or timezone.localdate()
    ids = list(
        CapacityDeclaration.objects.filter(status=DeclarationStatus.PLANNED, declared_on__lte=today).values_list(
            "pk", flat=True
        )
    )
    return sum(1 for pk in ids if capacity_send_declaration(declaration_id=pk))


@transaction.atomic
def capacity_acknowledge(*, actor: Any, declaration: CapacityDeclaration, on: date) -> CapacityDeclaration:
    """Record that the recipients confirmed receipt."""
    if declaration.status not in (DeclarationStatus.SENT, DeclarationStatus.ACKNOWLEDGED):
        raise ValidationError(_("Only a sent declaration can be confirmed as received."))
    if on < declaration.declared_on or on > timezone.localdate():
        raise ValidationError(_("The date of receipt lies between the declaration and today."))
    declaration.status = DeclarationStatus.ACKNOWLEDGED
    declaration.acknowledged_on = on
    declaration.save(update_fields=["status", "acknowledged_on"])
    audit_record(actor=actor, action="capacity.declaration.acknowledged", obj=declaration, data={"on": on.isoformat()})
    return declaration


@transaction.atomic
def capacity_withdraw(*, actor: Any, declaration: CapacityDeclaration, today: date | None = None) -> int:
    """Withdraw a declaration: its open places lapse today, filled places stay filled. When the
    declaration had been sent, the recipients are told after commit. Returns how many places lapsed."""
    today = today or timezone.localdate()
    declaration = CapacityDeclaration.objects.select_for_update().get(pk=declaration.pk)
    if declaration.status in (DeclarationStatus.WITHDRAWN, DeclarationStatus.FILLED):
        raise ValidationError(_("This declaration can no longer be withdrawn."))
    was_sent = declaration.sent_at is not None
    lapsed = declaration.place_rows.filter(status=PlaceStatus.DECLARED).update(
        status=PlaceStatus.LAPSED, lapsed_on=today, updated_at=timezone.now()
    )
    declaration.status = DeclarationStatus.WITHDRAWN
    declaration.save(update_fields=["status"])
    audit_record(actor=actor, action="capacity.declaration.withdrawn", obj=declaration, data={"places_lapsed": lapsed})
    if was_sent:
        declaration_id = declaration.pk

        def _enqueue() -> None:
            from .tasks import send_withdrawal_task

            send_withdrawal_task.delay(declaration_id)

        transaction.on_commit(_enqueue, robust=True)
    return lapsed


def capacity_send_withdrawal(*, declaration_id: int) -> bool:
    """Tell the recipients of a sent declaration that it was withdrawn (no attachment, no personal data)."""
    declaration = (
        CapacityDeclaration.objects.select_related("pool__team", "declared_by")
        .filter(pk=declaration_id, status=DeclarationStatus.WITHDRAWN)
        .first()
    )
    if declaration is None:
        return False
    addresses = [entry["email"] for entry in declaration.sent_to if entry.get("email")]
    if not addresses:
        return False
    context = {"declaration": declaration, "pool": declaration.pool, "coordinator": declaration.declared_by}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("capacity/email/withdrawal_subject.txt", context).split())
        body = render_to_string("capacity/email/withdrawal_body.txt", context)
    reply_to = [declaration.declared_by.email] if declaration.declared_by and declaration.declared_by.email else []
    EmailMessage(subject=subject, body=body, to=addresses, reply_to=reply_to).send()
    audit_record(
        actor=None, action="capacity.declaration.withdrawal_sent", obj=declaration, data={"recipients": len(addresses)}
    )
    return True


# --- Places: filled and lapsed --------------------------------------------------------------------


def _refresh_declaration_status(declaration: CapacityDeclaration) -> None:
    if declaration.status == DeclarationStatus.WITHDRAWN:
        return
    if not declaration.place_rows.exclude(status=PlaceStatus.FILLED).exists():
        declaration.status = DeclarationStatus.FILLED
        declaration.save(update_fields=["status"])


@transaction.atomic
def capacity_fill_place(
    *, actor: Any, case: Case, place: DeclaredPlace | None = None, today: date | None = None
) -> DeclaredPlace:
    """A new referral starts on a declared place: the oldest open place of the case's team, or `place`.

    The case must be referred, waiting or started, of the same team, and not yet linked to a place.
    """
    today = today or timezone.localdate()
    if case.status not in (*WAITING, CaseStatus.ACTIVE):
        raise ValidationError(_("Only a referred or started case can fill a free place."))
    if DeclaredPlace.objects.filter(filled_by_case=case).exists():
        raise ValidationError(_("This case already fills a declared place."))
    candidates = open_places(case.team).select_for_update(of=("self",))
    if place is not None:
        candidates = candidates.filter(pk=place.pk)
    place = candidates.first()
    if place is None:
        raise ValidationError(_("There is no open declared place in this team."))
    place.status = PlaceStatus.FILLED
    place.filled_by_case = case
    place.filled_on = case.started_on or today
    place.full_clean()
    place.save(update_fields=["status", "filled_by_case", "filled_on", "updated_at"])
    _refresh_declaration_status(place.declaration)
    audit_record(
        actor=actor,
        action="capacity.place.filled",
        obj=place,
        case=case,
        data={"declaration": str(place.declaration.code), "place": place.number, "automatic": actor is None},
    )
    return place


def capacity_match_started_case(*, case: Case) -> DeclaredPlace | None:
    """The automatic matcher: a case of the team that started after it was referred on or after a
    declaration fills the oldest open place of that declaration's team. Does nothing otherwise."""
    if not case.started_on or case.status not in (*WAITING, CaseStatus.ACTIVE):
        return None
    candidate = open_places(case.team_id).filter(declaration__declared_on__lte=case.referred_on).first()
    if candidate is None or DeclaredPlace.objects.filter(filled_by_case=case).exists():
        return None
    try:
        return capacity_fill_place(actor=None, case=case, place=candidate)
    except ValidationError:
        logger.info("capacity: case %s not matched to a place", case.pk)
        return None


@transaction.atomic
def capacity_lapse_unfilled_places(*, today: date | None = None) -> int:
    """Places nobody filled 7 days after they became available become `lapsed`. Idempotent; returns how many.

    Meant for the daily sweep (the reminders app calls it, or the `lapse_places_task`).
    """
    today = today or timezone.localdate()
    limit = today - timedelta(days=LAPSE_AFTER_DAYS + 1)
    places = list(
        DeclaredPlace.objects.select_for_update()
        .filter(status=PlaceStatus.DECLARED, declaration__available_from__lte=limit)
        .exclude(declaration__status=DeclarationStatus.WITHDRAWN)
        .select_related("declaration")
    )
    for place in places:
        place.status = PlaceStatus.LAPSED
        place.lapsed_on = today
        place.save(update_fields=["status", "lapsed_on", "updated_at"])
    by_declaration: dict[int, list[int]] = {}
    for place in places:
        by_declaration.setdefault(place.declaration_id, []).append(place.number)
    for place in places:
        numbers = by_declaration.pop(place.declaration_id, None)
        if numbers:
            audit_record(actor=None, action="capacity.place.lapsed", obj=place.declaration, data={"places": numbers})
    return len(places)
