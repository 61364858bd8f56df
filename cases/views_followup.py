"""Follow-up help ("vervolghulp", DOMAIN §5.23): decided with everyone involved before the case closes.

Everyone who sees the case reads it; the case's writers add, change and remove it; a closed case is
read-only. Kept apart from `views.py` so the closure work and the rest of the case pages change apart.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocon.audit.services import audit_record_access

from . import services
from .forms import FollowUpHelpForm
from .models import Case, FollowUpHelp
from .selectors import case_follow_ups, case_is_writable_by, get_case_for
from .views import _form_errors_from, _writable_case


def _follow_up_or_404(case: Case, code: Any) -> FollowUpHelp:
    follow_up = case.follow_up_helps.filter(code=code).first()
    if follow_up is None:
        raise Http404
    return follow_up


@require_GET
@login_required
def follow_up_list(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = get_case_for(request.user, case_code, request=request)
    audit_record_access(request=request, action="cases.follow_up.viewed", obj=case, case=case)
    closure = case.closures.filter(reopened_on__isnull=True).first()
    context = {
        "case": case,
        "follow_ups": case_follow_ups(case),
        "can_write": case_is_writable_by(request.user, case),
        "closure": closure,
    }
    return render(request, "cases/follow_up.html", context)


def _follow_up_form(request: HttpRequest, case: Case, follow_up: FollowUpHelp | None) -> HttpResponse:
    if request.method == "GET":
        audit_record_access(request=request, action="cases.follow_up_form.viewed", obj=follow_up or case, case=case)
    form = FollowUpHelpForm(request.POST or None, instance=follow_up, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_save(
                actor=request.user,
                case=case,
                fields={n: form.cleaned_data[n] for n in services.FOLLOW_UP_FIELDS},
                follow_up=follow_up,
            )
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            messages.success(request, _("Follow-up help saved."))
            return redirect("cases-follow-up", case_code=case.code)
    title = _("Change follow-up help") if follow_up else _("Add follow-up help")
    return render(
        request, "cases/follow_up_form.html", {"case": case, "form": form, "title": title, "follow_up": follow_up}
    )


@require_http_methods(["GET", "POST"])
@login_required
def follow_up_new(request: HttpRequest, case_code: Any) -> HttpResponse:
    case, denied = _writable_case(request, case_code)
    if denied:
        return denied
    return _follow_up_form(request, case, None)


@require_http_methods(["GET", "POST"])
@login_required
def follow_up_edit(request: HttpRequest, case_code: Any, follow_up_code: Any) -> HttpResponse:
    case, denied = _writable_case(request, case_code)
    if denied:
        return denied
    return _follow_up_form(request, case, _follow_up_or_404(case, follow_up_code))


@require_POST
@login_required
def follow_up_delete(request: HttpRequest, case_code: Any, follow_up_code: Any) -> HttpResponse:
    case, denied = _writable_case(request, case_code)
    if denied:
        return denied
    follow_up = _follow_up_or_404(case, follow_up_code)
    services.follow_up_delete(actor=request.user, follow_up=follow_up)
    messages.success(request, _("Follow-up help removed."))
    return redirect("cases-follow-up", case_code=case.code)
