"""Coordinator pages of the audit app: who viewed or changed a case, and the GDPR person export.

Both are case-scoped: the case gate (settings.COCON_CASE_GATE, i.e. cases.selectors.get_case_for)
decides visibility first (404), then only the coördinator of the case's team may continue (403).
"""

from __future__ import annotations

import json
from typing import Any

from allauth.account.adapter import get_adapter
from allauth.core.exceptions import ReauthenticationRequired
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .models import AuditEvent, Outcome
from .privacy import export_person
from .services import audit_record, audit_record_access

READ_VERBS = ("viewed", "exported", "printed", "downloaded", "pdf", "read")
KIND_LABELS = {"read": _("Viewed"), "write": _("Changed"), "denied": _("Refused")}


def _case_for(request: HttpRequest, case_code: Any) -> Any:
    return import_string(settings.COCON_CASE_GATE)(request.user, case_code, request=request)


def _require_team_coordinator(request: HttpRequest, case: Any, action: str) -> None:
    user = request.user
    if user.role != "coordinator" or user.team_id != case.team_id:
        audit_record(actor=user, action=action, case=case, outcome=Outcome.DENIED, request=request)
        raise PermissionDenied


def event_kind(event: AuditEvent) -> str:
    if event.outcome != Outcome.SUCCESS:
        return "denied"
    verb = event.action.rsplit(".", 1)[-1]
    return "read" if verb.startswith(READ_VERBS) else "write"


@require_GET
@login_required
def case_audit_log(request: HttpRequest, case_code: Any) -> HttpResponse:
    """ "Wie heeft dit dossier bekeken of gewijzigd": every audit event about this case, newest first."""
    case = _case_for(request, case_code)
    _require_team_coordinator(request, case, "audit.case_log.denied")
    audit_record_access(request=request, action="audit.case_log.viewed", obj=case, case=case)
    events = (
        AuditEvent.objects.filter(Q(case_code=case.code) | Q(data__code=str(case.code)))
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for event in page:
        event.kind = event_kind(event)
        event.kind_label = KIND_LABELS[event.kind]
    return render(request, "audit/case_log.html", {"case": case, "page": page})


@require_GET
@login_required
def person_export(request: HttpRequest, case_code: Any, person_code: Any) -> HttpResponse:
    """Everything Cocon holds on one person, as a JSON download (AVG art. 15). Step-up: the
    coördinator re-enters their password (or second factor) if they did not in the last 5 minutes."""
    case = _case_for(request, case_code)
    _require_team_coordinator(request, case, "privacy.person.export_denied")
    person = case.persons.filter(code=person_code).first()
    if person is None:
        raise Http404
    if get_adapter(request).is_reauthentication_required(app="cocon.audit"):
        raise ReauthenticationRequired  # allauth's middleware sends the user to re-authenticate and back
    audit_record_access(request=request, action="privacy.person.exported", obj=person, case=case)
    body = json.dumps(export_person(person), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cocon-person-{person.code}.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
