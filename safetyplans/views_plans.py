"""Pages of the safety plan (issue 8): the case gate → form → service → redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocon.audit.services import audit_record_access
from network.selectors import proposed_solutions_for_case

from . import selectors, services
from .forms_plans import (
    AgreementForm,
    CheckForm,
    ChildVersionForm,
    DecisionForm,
    FinaliseForm,
    IncidentForm,
    NewVersionForm,
    PlanForm,
    PlanReviewForm,
    SignOffForm,
    SolutionsForm,
)
from .models import Agreement, Incident, PlanStatus, SafetyPlan
from .views import _apply_errors, _case, _ctx, _denied, _errors_to_messages, _save_draft, _save_form, _url


def _plan(case: Any, code: Any) -> SafetyPlan:
    return selectors.get_in_case(SafetyPlan, case, code, related=("supersedes",))


def _detail(case: Any, plan: SafetyPlan) -> str:
    return _url("safety-plan-detail", case, code=plan.code)


def _form_page(request: HttpRequest, case: Any, form: Any, title: str, cancel: str, status: int = 200) -> HttpResponse:
    return render(
        request,
        "safetyplans/form.html",
        _ctx(request, case, form=form, title=title, cancel_url=cancel, section="plans"),
        status=status,
    )


# --- list, detail, the draft ----------------------------------------------------------------------------------


@require_GET
@login_required
def plan_list(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    audit_record_access(request=request, action="safetyplans.plans.viewed", obj=case, case=case)
    plans = list(selectors.plans_for(case))
    context = _ctx(
        request,
        case,
        plans=plans,
        current=selectors.current_plan(case),
        open_incidents=list(selectors.open_bottom_line_incidents(case)),
        section="plans",
    )
    return render(request, "safetyplans/plans/list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def plan_create(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    initial = {
        "danger_statements": list(selectors.final_statements(case)),
        "goals": list(selectors.final_goals(case)),
        "bottom_lines": list(selectors.final_bottom_lines(case)),
    }
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.plan_form.viewed", obj=case, case=case)
    form = PlanForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = _save_form(
            request,
            form,
            lambda: services.plan_create(
                case=case, actor=request.user, fields=form.plain_fields(), m2m=form.m2m_fields()
            ),
            message=_("The draft plan was made. Now add the agreements."),
            then=lambda plan: _detail(case, plan),
        )
        if response is not None:
            return response
    return _form_page(request, case, form, _("New safety plan"), _url("safety-plan-list", case))


@require_GET
@login_required
def plan_detail(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code)
    plan = _plan(case, code)
    audit_record_access(request=request, action="safetyplans.plan.viewed", obj=plan, case=case)
    agreements = selectors.plan_agreements(plan, with_comments=False)
    general_comments = selectors.plan_comments(plan, agreements)  # all comments in one read
    context = _ctx(
        request,
        case,
        plan=plan,
        agreements=agreements,
        general_comments=general_comments,
        has_comments=bool(general_comments) or any(a.review_comments for a in agreements),
        reviews=list(plan.reviews.all()),
        sign_offs=list(plan.sign_offs.select_related("person")),
        network_people=_network_people(agreements),
        may_review=services.may_review(request.user, case),
        is_coordinator=request.user.role == "coordinator",
        versions=[p for p in selectors.plans_for(case) if p.lineage == plan.lineage],
        section="plans",
    )
    return render(request, "safetyplans/plans/detail.html", context)


def _network_people(agreements: list[Agreement]) -> list[Any]:
    """Everyone with a part in the agreements: each gets a personal agreement sheet."""
    people: dict[int, Any] = {}
    for agreement in agreements:
        for person in [*agreement.responsible.all(), agreement.monitor_network]:
            if person is not None:
                people.setdefault(person.pk, person)
    return sorted(people.values(), key=lambda p: p.first_name)


@require_http_methods(["GET", "POST"])
@login_required
def plan_edit(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    plan = _plan(case, code)
    back = _detail(case, plan)
    if not plan.is_editable:
        messages.error(request, services.plans.DEFINITIVE_LOCKED if plan.is_definitive else services.plans.NOT_EDITABLE)
        return redirect(back)
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.plan.viewed", obj=plan, case=case)
    title = _("Change the plan")
    form = PlanForm(request.POST or None, instance=plan, case=case)
    if request.method == "POST" and form.is_valid():
        response = _save_draft(
            request,
            case,
            form,
            plan,
            services.plan_update,
            {"plan": plan, "m2m": form.m2m_fields()},
            title=title,
            back=back,
            lock_check=False,
        )
        if response is not None:
            return response
    return _form_page(request, case, form, title, back)


@require_http_methods(["GET", "POST"])
@login_required
def agreement_create(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    plan = _plan(case, code)
    back = _detail(case, plan)
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.agreement_form.viewed", obj=plan, case=case)
    form = AgreementForm(request.POST or None, case=case, initial={"monitor_professional": case.lead_worker_id})
    if request.method == "POST" and form.is_valid():
        response = _save_form(
            request,
            form,
            lambda: services.agreement_create(
                plan=plan, actor=request.user, fields=form.plain_fields(), responsible=form.responsible()
            ),
            message=_("The agreement was added."),
            then=back + "#agreements",
        )
        if response is not None:
            return response
    return _form_page(request, case, form, _("New agreement"), back)


@require_http_methods(["GET", "POST"])
@login_required
def agreement_edit(request: HttpRequest, case_code: Any, code: Any, agreement_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    plan = _plan(case, code)
    agreement = selectors.get_in_case(Agreement, plan, agreement_code, via="plan")
    back = _detail(case, plan)
    title = _("Change agreement A%(number)s") % {"number": agreement.number}
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.agreement.viewed", obj=agreement, case=case)
    form = AgreementForm(request.POST or None, instance=agreement, case=case)
    if request.method == "POST" and form.is_valid():
        response = _save_draft(
            request,
            case,
            form,
            agreement,
            services.agreement_update,
            {"agreement": agreement, "responsible": form.responsible()},
            title=title,
            back=back + "#agreements",
            lock_check=False,
        )
        if response is not None:
            return response
    return _form_page(request, case, form, title, back)


@require_http_methods(["GET", "POST"])
@login_required
def agreement_delete(request: HttpRequest, case_code: Any, code: Any, agreement_code: Any) -> HttpResponse:
    """Delete an agreement of a draft after a confirm step; never from a version under review or definitive."""
    case = _case(request, case_code, write=True)
    plan = _plan(case, code)
    agreement = selectors.get_in_case(Agreement, plan, agreement_code, via="plan")
    back = _detail(case, plan)
    refusal = services.agreement_delete_refusal(plan)
    if refusal:
        context = _ctx(request, case, obj=plan, back=back, message=refusal, section="plans")
        return render(request, "safetyplans/locked.html", context, status=403)
    error = ""
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            error = _("Confirm the deletion with the button below.")
        else:
            try:
                renumbered = services.agreement_delete(
                    agreement=agreement, actor=request.user, expected_version=version
                )
            except ValidationError as problem:
                error = " ".join(problem.messages)
            else:
                message = _("Agreement A%(number)s was deleted.") % {"number": agreement.number}
                if renumbered:
                    message += " " + _("The agreements after it were renumbered.")
                messages.success(request, message)
                return redirect(back + "#agreements")
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.agreement.viewed", obj=agreement, case=case)
    later = list(plan.agreements.filter(number__gt=agreement.number).values_list("number", flat=True))
    context = _ctx(
        request,
        case,
        plan=plan,
        agreement=agreement,
        comments=list(agreement.comments.all()),
        later=later,
        error=error,
        back=back,
        section="plans",
    )
    return render(request, "safetyplans/plans/agreement_delete.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def plan_from_solutions(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    plan = _plan(case, code)
    back = _detail(case, plan)
    solutions = [s for s in proposed_solutions_for_case(case) if s.decision != "rejected"]
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.plan_solutions_form.viewed", obj=plan, case=case)
    form = SolutionsForm(request.POST or None, solutions=solutions)
    if request.method == "POST" and form.is_valid():
        response = _save_form(
            request,
            form,
            lambda: services.agreements_from_solutions(plan=plan, actor=request.user, solutions=form.chosen()),
            message=lambda created: (
                _("%(count)s draft agreements were made. Complete the frequency and the monitors of each.")
                % {"count": len(created)}
            ),
            then=back + "#agreements",
        )
        if response is not None:
            return response
    return _form_page(request, case, form, _("Agreements from the network's proposals"), back)


# --- workflow ---------------------------------------------------------------------------------------------


@require_POST
@login_required
def plan_submit(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    plan = _plan(case, code)
    try:
        services.plan_submit(plan=plan, actor=request.user)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("The plan was submitted to the consultant for review."))
    return redirect(_detail(case, plan))


@require_http_methods(["GET", "POST"])
@login_required
def plan_review(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    """The consultant approves or asks for changes, with a comment per agreement (step 10)."""
    case = _case(request, case_code)
    plan = _plan(case, code)
    allowed = services.may_review(request.user, case)
    if request.method == "POST" and not allowed:
        _denied(request, case, "safetyplans.plan.review_denied")
    agreements = selectors.plan_agreements(plan)
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.plan_review.viewed", obj=plan, case=case)
    form = DecisionForm(request.POST or None, agreements=agreements)
    if request.method == "POST" and form.is_valid():
        response = _save_form(
            request,
            form,
            lambda: services.plan_consultant_decide(
                plan=plan,
                actor=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                comments=form.comments(),
                general_comment=form.cleaned_data["general"],
            ),
            message=_("Your review was recorded."),
            then=_detail(case, plan),
        )
        if response is not None:
            return response
    rows = [(agreement, form[f"a_{agreement.code}"]) for agreement in agreements]
    context = _ctx(
        request,
        case,
        plan=plan,
        form=form,
        rows=rows,
        may_review=allowed and plan.status == PlanStatus.IN_REVIEW,
        section="plans",
    )
    return render(request, "safetyplans/plans/review.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def plan_check(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    """The worker records the check with the youth judge or GV (step 10)."""
    case = _case(request, case_code, write=True)
    plan = _plan(case, code)
    back = _detail(case, plan)
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.plan_check_form.viewed", obj=plan, case=case)
    form = PlanReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        response = _save_form(
            request,
            form,
            lambda: services.plan_review_record(plan=plan, actor=request.user, fields=form.cleaned_data),
            message=_("The check was recorded."),
            then=back,
        )
        if response is not None:
            return response
    return _form_page(request, case, form, _("Check with the youth judge or GV"), back)


@require_http_methods(["GET", "POST"])
@login_required
def plan_finalise(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    plan = _plan(case, code)
    back = _detail(case, plan)
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.plan_finalise_form.viewed", obj=plan, case=case)
    form = FinaliseForm(request.POST or None, plan=plan, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        response = _save_form(
            request,
            form,
            lambda: services.plan_finalise(
                plan=plan,
                actor=request.user,
                on=form.cleaned_data["on"],
                override_reason=form.cleaned_data.get("override_reason", ""),
            ),
            message=_("The plan is definitive."),
            then=back,
        )
        if response is not None:
            return response
    return _form_page(request, case, form, _("Make the plan definitive"), back)


@require_http_methods(["GET", "POST"])
@login_required
def plan_sign(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    plan = _plan(case, code)
    back = _detail(case, plan)
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.plan_sign_form.viewed", obj=plan, case=case)
    form = SignOffForm(
        request.POST or None, request.FILES or None, case=case, initial={"signed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = _save_form(
            request,
            form,
            lambda: services.sign_off_add(
                plan=plan,
                actor=request.user,
                fields={
                    "signer_role": data["signer_role"],
                    "person": data["person"],
                    "name": (data["name"] or "").strip(),
                    "signed_on": data["signed_on"],
                    "method": data["method"],
                },
                scan=data.get("scan"),
            ),
            message=_("The signature was recorded."),
            then=back + "#sign-offs",
        )
        if response is not None:
            return response
    return _form_page(request, case, form, _("Record a signature"), back)


@require_http_methods(["GET", "POST"])
@login_required
def plan_child_version(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    """The day the child-friendly version was discussed with the children (the plan page posts here)."""
    case = _case(request, case_code, write=True)
    plan = _plan(case, code)
    back = _detail(case, plan)
    initial = {"on": plan.child_version_shared_on or timezone.localdate()}
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.plan_child_version_form.viewed", obj=plan, case=case)
    form = ChildVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = _save_form(
            request,
            form,
            lambda: services.plan_child_version_shared(plan=plan, actor=request.user, on=form.cleaned_data["on"]),
            message=_("Recorded: the child-friendly version was discussed with the children."),
            then=back + "#child-version",
        )
        if response is not None:
            return response
    return _form_page(request, case, form, _("Child-friendly version discussed with the children"), back)


@require_http_methods(["GET", "POST"])
@login_required
def plan_new_version(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    plan = _plan(case, code)
    back = _detail(case, plan)
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.plan_new_version_form.viewed", obj=plan, case=case)
    form = NewVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = _save_form(
            request,
            form,
            lambda: services.plan_new_version(
                plan=plan,
                actor=request.user,
                major=form.cleaned_data["major"],
                change_note=form.cleaned_data["change_note"],
            ),
            message=lambda new: _("Version %(label)s was made as a draft.") % {"label": new.label},
            then=lambda new: _detail(case, new),
        )
        if response is not None:
            return response
    return _form_page(request, case, form, _("New version of the plan"), back)


@require_POST
@login_required
def plan_status(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    plan = _plan(case, code)
    try:
        services.plan_set_status(plan=plan, actor=request.user, status=request.POST.get("status", ""))
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("The status was changed."))
    return redirect(_detail(case, plan))


@require_GET
@login_required
def plan_compare(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    plans = list(selectors.plans_for(case))
    by_code = {str(p.code): p for p in plans}
    first, second = by_code.get(request.GET.get("a", "")), by_code.get(request.GET.get("b", ""))
    if (request.GET.get("a") and first is None) or (request.GET.get("b") and second is None):
        raise Http404
    if first is None and second is None and plans:
        second = plans[0]
        first = second.supersedes or (plans[1] if len(plans) > 1 else second)
    comparison = selectors.compare_plans(first, second) if first and second else None
    if comparison:
        audit_record_access(request=request, action="safetyplans.plan.compared", obj=second, case=case)
    else:
        audit_record_access(request=request, action="safetyplans.plan_compare.viewed", obj=case, case=case)
    context = _ctx(request, case, plans=plans, first=first, second=second, comparison=comparison, section="plans")
    return render(request, "safetyplans/plans/compare.html", context)


# --- monitoring (step 12) --------------------------------------------------------------------------------


@require_GET
@login_required
def monitoring(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    audit_record_access(request=request, action="safetyplans.monitoring.viewed", obj=case, case=case)
    today = timezone.localdate()
    context = _ctx(
        request,
        case,
        plan=selectors.current_plan(case),
        due=selectors.agreement_checks_due(case, today),
        log=selectors.monitoring_log(case),
        incidents=selectors.incidents_for(case),
        open_incidents=list(selectors.open_bottom_line_incidents(case)),
        section="monitoring",
    )
    return render(request, "safetyplans/plans/monitoring.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def check_create(request: HttpRequest, case_code: Any, agreement_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    agreement = selectors.get_in_case(Agreement, case, agreement_code, via="plan__case", related=("plan",))
    back = _url("safety-monitoring", case)
    initial = {"checked_on": timezone.localdate(), "on_behalf_of": agreement.monitor_network_id}
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.check_form.viewed", obj=agreement, case=case)
    form = CheckForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = _save_form(
            request,
            form,
            lambda: services.check_record(agreement=agreement, actor=request.user, fields=form.plain_fields()),
            message=_("The check was recorded in the monitoring log."),
            then=back,
        )
        if response is not None:
            return response
    title = _("Check of agreement A%(number)s (version %(label)s)") % {
        "number": agreement.number,
        "label": agreement.plan.label,
    }
    return _form_page(request, case, form, title, back)


@require_http_methods(["GET", "POST"])
@login_required
def incident_create(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    plan = selectors.current_plan(case)
    agreements = plan.agreements.order_by("number") if plan else Agreement.objects.none()
    back = _url("safety-monitoring", case)
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.incident_form.viewed", obj=case, case=case)
    form = IncidentForm(
        request.POST or None, case=case, agreements=agreements, initial={"occurred_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        fields = form.plain_fields()
        fields["plan"] = plan
        try:
            incident = services.incident_record(
                case=case, actor=request.user, fields=fields, agreements=list(form.cleaned_data["agreements"])
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if incident.bottom_line_breached:
                messages.warning(
                    request,
                    _("A bottom line was breached: inform the supervisor, the coordinator and the consultant today."),
                )
            else:
                messages.success(request, _("The incident was recorded."))
            return redirect(back)
    return _form_page(request, case, form, _("Record an incident"), back)


@require_POST
@login_required
def incident_close(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    incident = selectors.get_in_case(Incident, case, code)
    try:
        services.incident_close_escalation(incident=incident, actor=request.user)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("The escalation was marked as handled."))
    return redirect(_url("safety-monitoring", case))


# --- printed documents (WeasyPrint through pdf.py) ----------------------------------------------------


CHILD_SYMBOLS = ["\u2605", "\u2665", "\u2600", "\u260e", "\u273f", "\u263a", "\u2602", "\u266b"]


def _who_to_call(agreements: list[Agreement]) -> list[str]:
    seen: list[str] = []
    for agreement in agreements:
        for line in agreement.who_to_call.splitlines():
            line = line.strip(" ·-\t")
            if line and line not in seen:
                seen.append(line)
    return seen


def _plan_extra(case: Any, plan: SafetyPlan, agreements: list[Agreement]) -> dict[str, Any]:
    from .models import SafetyPlan as Plan

    questions = [
        (Plan._meta.get_field(name).verbose_name, getattr(plan, name))
        for name in ("safe_home_points", "needs_more_safety", "family_measures", "family_strengths_used", "change_now")
    ]
    signers = [str(p) for p in selectors.case_parents(case)]
    signers += [str(p) for p in _network_people(agreements) if str(p) not in signers]
    for user in (case.lead_worker, case.consultant):
        if user is not None:
            signers.append(user.get_full_name() or user.email)
    return {
        "statements": list(plan.danger_statements.all()),
        "goals": list(plan.goals.all()),
        "bottom_lines": list(plan.bottom_lines.all()),
        "questions": questions,
        "who_to_call": _who_to_call(agreements),
        "signers": signers,
        # One friendly symbol per agreement on the child's plan (the font has them; no pictures to fetch).
        "child_items": [
            (CHILD_SYMBOLS[i % len(CHILD_SYMBOLS)], a.child_text)
            for i, a in enumerate(a for a in agreements if a.child_text.strip())
        ],
    }


def _stored_path(case: Any, plan: SafetyPlan, name: str) -> Any:
    from pathlib import Path

    from django.conf import settings

    return Path(settings.MEDIA_ROOT) / "cases" / str(case.code) / "plans" / f"{plan.code}-{name}.pdf"


def _pdf_bytes(case: Any, plan: SafetyPlan, name: str, render_fn: Any) -> bytes:
    """A definitive version is rendered once and served from storage afterwards; a draft every time."""
    if not plan.is_definitive or not plan.fingerprint:
        return render_fn()
    path = _stored_path(case, plan, name)
    if path.exists():
        return path.read_bytes()
    data = render_fn()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)  # atomic: a concurrent reader never sees half a file
    return data


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def plan_pdf(request: HttpRequest, case_code: Any, code: Any, document: str) -> HttpResponse:
    from .pdf import PLAN_DOCUMENTS, render_plan_pdf

    case = _case(request, case_code)
    if document not in PLAN_DOCUMENTS:
        raise Http404
    plan = _plan(case, code)
    audit_record_access(request=request, action=f"safetyplans.plan.printed_{document}", obj=plan, case=case)
    printed_on = plan.finalised_on if plan.is_definitive and plan.finalised_on else timezone.localdate()

    def render_fn() -> bytes:
        # Loaded only to render: a definitive version's stored PDF is served without reading its agreements.
        agreements = selectors.plan_agreements(plan)
        return render_plan_pdf(
            plan,
            agreements,
            document=document,
            printed_on=printed_on,
            extra=_plan_extra(case, plan, agreements),
        )

    data = _pdf_bytes(case, plan, document, render_fn)
    prefix = "veiligheidsplan" if document == "family" else "mijn-veiligheidsplan"
    return _pdf_response(data, f"{prefix}-v{plan.label}.pdf")


@require_GET
@login_required
def member_sheet_pdf(request: HttpRequest, case_code: Any, code: Any, person_code: Any) -> HttpResponse:
    from cases.models import Person

    from .pdf import render_plan_pdf

    case = _case(request, case_code)
    plan = _plan(case, code)
    person = selectors.get_in_case(Person, case, person_code)
    audit_record_access(request=request, action="safetyplans.plan.printed_sheet", obj=plan, case=case)
    printed_on = plan.finalised_on if plan.is_definitive and plan.finalised_on else timezone.localdate()

    def render_fn() -> bytes:
        mine = [
            a
            for a in selectors.plan_agreements(plan)
            if a.monitor_network_id == person.pk or any(p.pk == person.pk for p in a.responsible.all())
        ]
        return render_plan_pdf(plan, mine, document="sheet", printed_on=printed_on, person=person)

    data = _pdf_bytes(case, plan, f"sheet-{person.code}", render_fn)
    return _pdf_response(data, f"afspraken-v{plan.label}-{slugify(person.first_name)}.pdf")


@require_GET
@login_required
def sign_off_scan(request: HttpRequest, case_code: Any, code: Any, sign_off_code: Any) -> HttpResponse:
    """Only through here: access-checked, as an attachment, never sniffed or run as a page."""
    from django.http import FileResponse

    from .models import PlanSignOff

    case = _case(request, case_code)
    plan = _plan(case, code)
    sign_off = selectors.get_in_case(PlanSignOff, plan, sign_off_code, via="plan")
    if not sign_off.scan:
        raise Http404
    try:
        handle = sign_off.scan.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit_record_access(request=request, action="safetyplans.plan.signature_downloaded", obj=sign_off, case=case)
    extension = "png" if sign_off.scan_content_type == "image/png" else "jpg"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"handtekening-{sign_off.code}.{extension}",
        content_type=sign_off.scan_content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
