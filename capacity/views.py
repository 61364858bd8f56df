"""Capacity pages. The coördinator reads and writes their own team's capacity; the werkbegeleider reads.

Everyone else gets a 403 page; an object of another team is a 404.
"""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.models import Case
from cases.selectors import get_case_for
from cocon.audit.models import Outcome
from cocon.audit.services import audit_record, audit_record_access

from . import services
from .charts import forecast_chart, occupancy_chart
from .forms import AcknowledgeForm, DeclarationForm, PoolForm, RecipientForm
from .models import CapacityPool, DeclarationRecipient
from .pdf import declaration_filename, render_declaration_pdf
from .selectors import (
    DEFAULT_WEEKS,
    MAX_WEEKS,
    MIN_WEEKS,
    capacity_can_manage,
    capacity_team_for,
    declaration_due_for_team,
    declaration_for_team,
    declaration_warnings,
    linkable_cases,
    team_capacity,
    team_case_rows,
    team_dashboard,
    team_declarations,
    team_place_rows,
    team_recipients,
    waiting_list,
)


def _not_allowed(request: HttpRequest) -> HttpResponse:
    return render(request, "capacity/not_allowed.html", {}, status=403)


def _reader_team(request: HttpRequest) -> Any | None:
    return capacity_team_for(request.user)


def _manager_team(request: HttpRequest) -> Any | None:
    return request.user.team if capacity_can_manage(request.user) else None


def _form_errors_from(exc: ValidationError, form: Any) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_http_methods(["GET"])
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Places, occupancy, planned endings, waiting list, forecast, declarations and the dashboard."""
    team = _reader_team(request)
    if team is None:
        return _not_allowed(request)
    today = timezone.localdate()
    try:
        weeks = int(request.GET.get("weeks", DEFAULT_WEEKS))
    except ValueError:
        weeks = DEFAULT_WEEKS
    weeks = max(MIN_WEEKS, min(MAX_WEEKS, weeks))
    # The team's cases and declared places are read once and feed the forecast, the dashboard and the prompt.
    case_rows, place_rows = team_case_rows(team), team_place_rows(team)
    capacity = team_capacity(team, today=today, weeks=weeks, case_rows=case_rows, place_rows=place_rows)
    dashboard = team_dashboard(team, today=today, capacity=capacity.total.total, place_rows=place_rows)
    can_manage = capacity_can_manage(request.user)
    declarations = list(team_declarations(team)[:20])
    context = {
        "team": team,
        "today": today,
        "capacity": capacity,
        "weeks": weeks,
        "week_choices": range(MIN_WEEKS, MAX_WEEKS + 1),
        "forecast_chart": forecast_chart(capacity),
        "dashboard": dashboard,
        "occupancy_chart": occupancy_chart(dashboard),
        "due": declaration_due_for_team(team, today, case_rows=case_rows),
        "waiting": waiting_list(team, today=today),
        "declarations": declarations,
        "open_place_count": capacity.total.open_declared,
        "linkable": linkable_cases(team) if can_manage else [],
        "can_manage": can_manage,
        "recipients": list(team_recipients(team).order_by("-active", "kind", "name")),
    }
    return render(request, "capacity/overview.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def declare(request: HttpRequest) -> HttpResponse:
    """Declare free places. Shorter notice or more than the forecast shows: a confirmation step first."""
    team = _manager_team(request)
    if team is None:
        return _not_allowed(request)
    today = timezone.localdate()
    warnings: list[Any] = []
    if request.method == "POST":
        form = DeclarationForm(request.POST, team=team)
        if form.is_valid():
            data = form.cleaned_data
            warnings = declaration_warnings(
                pool=data["pool"], places=data["places"], available_from=data["available_from"], today=today
            )
            confirmed = request.POST.get("confirm") == "1"
            if warnings and not confirmed:
                return render(
                    request,
                    "capacity/declare_confirm.html",
                    {"form": form, "warnings": warnings, "data": data, "team": team},
                )
            try:
                declaration = services.capacity_declare(
                    actor=request.user,
                    pool=data["pool"],
                    places=data["places"],
                    available_from=data["available_from"],
                    recipients=list(data["recipients"]),
                    extra_emails=data["extra_emails"],
                    source_case=data.get("source_case"),
                    confirm_short_notice=confirmed,
                    confirm_over_forecast=confirmed,
                    today=today,
                )
            except ValidationError as exc:
                _form_errors_from(exc, form)
            else:
                messages.success(request, _("Declaration saved. The e-mail with the PDF is being sent."))
                return redirect("capacity-declaration", code=declaration.code)
    else:
        initial: dict[str, Any] = {}
        source = request.GET.get("source", "")
        if source:
            # A link from the "place frees up" prompt names the case; anything unknown is ignored.
            with contextlib.suppress(ValueError):
                initial["source_case"] = (
                    Case.objects.filter(team=team, code=uuid.UUID(source)).values_list("pk", flat=True).first()
                )
        form = DeclarationForm(team=team, initial=initial)
    has_pools = CapacityPool.objects.filter(team=team).exists()
    return render(request, "capacity/declare.html", {"form": form, "team": team, "has_pools": has_pools})


@require_http_methods(["GET"])
@login_required
def declaration_detail(request: HttpRequest, code: Any) -> HttpResponse:
    team = _reader_team(request)
    if team is None:
        return _not_allowed(request)
    declaration = declaration_for_team(team, code)
    if declaration is None:
        raise Http404
    can_manage = capacity_can_manage(request.user)
    return render(
        request,
        "capacity/declaration_detail.html",
        {
            "declaration": declaration,
            "places": list(declaration.place_rows.all()),
            "can_manage": can_manage,
            "ack_form": AcknowledgeForm(declaration=declaration) if can_manage else None,
            "team": team,
        },
    )


@require_http_methods(["GET"])
@login_required
def declaration_pdf(request: HttpRequest, code: Any) -> HttpResponse:
    team = _reader_team(request)
    if team is None:
        return _not_allowed(request)
    declaration = declaration_for_team(team, code)
    if declaration is None:
        raise Http404
    audit_record_access(request=request, action="capacity.declaration.pdf_viewed", obj=declaration)
    response = HttpResponse(render_declaration_pdf(declaration), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{declaration_filename(declaration)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@login_required
def declaration_acknowledge(request: HttpRequest, code: Any) -> HttpResponse:
    team = _manager_team(request)
    if team is None:
        return _not_allowed(request)
    declaration = declaration_for_team(team, code)
    if declaration is None:
        raise Http404
    form = AcknowledgeForm(request.POST, declaration=declaration)
    if form.is_valid():
        try:
            services.capacity_acknowledge(
                actor=request.user, declaration=declaration, on=form.cleaned_data["acknowledged_on"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Receipt recorded."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("capacity-declaration", code=declaration.code)


@require_POST
@login_required
def declaration_withdraw(request: HttpRequest, code: Any) -> HttpResponse:
    team = _manager_team(request)
    if team is None:
        return _not_allowed(request)
    declaration = declaration_for_team(team, code)
    if declaration is None:
        raise Http404
    try:
        services.capacity_withdraw(actor=request.user, declaration=declaration)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Declaration withdrawn. Its open places have lapsed."))
    return redirect("capacity-declaration", code=declaration.code)


@require_POST
@login_required
def fill_place(request: HttpRequest, case_code: Any) -> HttpResponse:
    """Link a referred or started case of the team to the oldest open declared place."""
    case = get_case_for(request.user, case_code, request=request)
    team = _manager_team(request)
    if team is None or case.team_id != team.pk:
        audit_record(
            actor=request.user, action="capacity.place.fill_denied", outcome=Outcome.DENIED, case=case, request=request
        )
        return _not_allowed(request)
    try:
        place = services.capacity_fill_place(actor=request.user, case=case)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(reference)s now fills place %(number)s of the declaration of %(day)s.")
            % {
                "reference": case.reference,
                "number": place.number,
                "day": place.declaration.declared_on.strftime("%d/%m/%Y"),
            },
        )
    return redirect("capacity-overview")


def _pool_form_page(request: HttpRequest, pool: CapacityPool | None) -> HttpResponse:
    team = _manager_team(request)
    if team is None:
        return _not_allowed(request)
    if pool is not None and pool.team_id != team.pk:
        raise Http404
    form = PoolForm(request.POST or None, instance=pool)
    if request.method == "POST" and form.is_valid():
        try:
            services.capacity_pool_save(actor=request.user, team=team, fields=form.cleaned_data, pool=pool)
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            messages.success(request, _("Places saved."))
            return redirect("capacity-overview")
    return render(request, "capacity/pool_form.html", {"form": form, "pool": pool, "team": team})


@require_http_methods(["GET", "POST"])
@login_required
def pool_new(request: HttpRequest) -> HttpResponse:
    return _pool_form_page(request, None)


@require_http_methods(["GET", "POST"])
@login_required
def pool_edit(request: HttpRequest, code: Any) -> HttpResponse:
    team = _manager_team(request)
    if team is None:
        return _not_allowed(request)
    pool = CapacityPool.objects.filter(team=team, code=code).first()
    if pool is None:
        raise Http404
    return _pool_form_page(request, pool)


@require_http_methods(["GET", "POST"])
@login_required
def recipients(request: HttpRequest) -> HttpResponse:
    """The recipient list of the team, and a form to add one."""
    team = _manager_team(request)
    if team is None:
        return _not_allowed(request)
    form = RecipientForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        try:
            services.capacity_recipient_save(actor=request.user, team=team, fields=form.cleaned_data)
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            messages.success(request, _("Recipient added."))
            return redirect("capacity-recipients")
    return render(
        request,
        "capacity/recipients.html",
        {"form": form, "team": team, "recipients": list(team_recipients(team).order_by("-active", "kind", "name"))},
    )


@require_http_methods(["GET", "POST"])
@login_required
def recipient_edit(request: HttpRequest, code: Any) -> HttpResponse:
    team = _manager_team(request)
    if team is None:
        return _not_allowed(request)
    recipient = DeclarationRecipient.objects.filter(team=team, code=code).first()
    if recipient is None:
        raise Http404
    form = RecipientForm(request.POST or None, instance=recipient, team=team)
    if request.method == "POST" and form.is_valid():
        try:
            services.capacity_recipient_save(
                actor=request.user, team=team, fields=form.cleaned_data, recipient=recipient
            )
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            messages.success(request, _("Recipient saved."))
            return redirect("capacity-recipients")
    return render(request, "capacity/recipient_form.html", {"form": form, "recipient": recipient, "team": team})
