from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cocon.audit.services import audit_record_access

from .models import OPEN_STATUSES
from .panels import panels_for
from .selectors import case_is_writable_by, cases_visible_to, get_case_for


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    open_cases = (
        cases_visible_to(request.user)
        .filter(status__in=OPEN_STATUSES)
        .select_related("team", "lead_worker")
        .order_by("referred_on")
    )
    return render(request, "cases/dashboard.html", {"open_cases": open_cases[:50], "open_count": open_cases.count()})


@require_GET
@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    cases = cases_visible_to(request.user).select_related("team", "lead_worker").order_by("-referred_on", "reference")
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    return render(request, "cases/case_list.html", {"page": page})


@require_GET
@login_required
def case_detail(request: HttpRequest, code: str) -> HttpResponse:
    case = get_case_for(request.user, code, request=request)
    audit_record_access(request=request, action="cases.case.viewed", obj=case, case=case)
    context = {
        "case": case,
        "can_write": case_is_writable_by(request.user, case),
        "persons": case.persons.all(),
        "summary_panels": panels_for(request, case, "summary"),
        "main_panels": panels_for(request, case, "main"),
    }
    return render(request, "cases/case_detail.html", context)
