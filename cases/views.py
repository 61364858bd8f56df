from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocon.accounts.models import Role
from cocon.accounts.stepup import require_step_up
from cocon.audit.models import Outcome
from cocon.audit.services import audit_record, audit_record_access

from . import services
from .contact_sections import (
    contact_section_forms,
    contact_section_summaries,
    contact_sections_save,
    contact_sections_valid,
)
from .forms import (
    AssignForm,
    CaseReferralForm,
    CaseSearchForm,
    ChildFormSet,
    ClosureForm,
    ContactEditForm,
    ContactForm,
    EvaluationForm,
    PersonForm,
    PhaseForm,
    ReferralDetailsForm,
    ReopenForm,
    RoleAgreementsTextForm,
    RoleLineForm,
    StartForm,
    StepForm,
)
from .models import (
    Case,
    CaseStatus,
    ContactType,
    GuidancePhase,
    PhaseAxis,
    Referral,
    SafetyWorkPhase,
)
from .panels import panels_for
from .selectors import (
    case_closures_shared,
    case_evaluations_shared,
    case_follow_ups,
    case_is_writable_by,
    case_list_for,
    case_overdue_items,
    case_persons_shared,
    case_phase_changes,
    case_recent_contacts,
    case_steps,
    cases_visible_to,
    consultants,
    duplicate_open_cases,
    get_case_for,
    step_progress,
    team_workers,
)
from .timeline import timeline_for

SEARCH_SESSION_KEY = "cases_search"


# --- helpers ---------------------------------------------------------------------------------------


def _read_only(request: HttpRequest, case: Case) -> HttpResponse:
    """403 with the reason: a closed case, or a role that reads but does not write. Audited as denied (H1)."""
    audit_record(
        actor=request.user,
        action="cases.case.write_denied",
        obj=case,
        case=case,
        outcome=Outcome.DENIED,
        request=request,
    )
    return render(request, "cases/read_only.html", {"case": case}, status=403)


def _writable_case(request: HttpRequest, case_code: Any) -> tuple[Case, HttpResponse | None]:
    case = get_case_for(request.user, case_code, request=request)
    if not case_is_writable_by(request.user, case):
        return case, _read_only(request, case)
    return case, None


def _coordinator_case(request: HttpRequest, case_code: Any) -> tuple[Case, HttpResponse | None]:
    case, denied = _writable_case(request, case_code)
    if denied is None and request.user.role != Role.COORDINATOR:
        audit_record(
            actor=request.user,
            action="cases.case.coordinator_denied",
            obj=case,
            case=case,
            outcome=Outcome.DENIED,
            request=request,
        )
        denied = render(request, "cases/coordinator_only.html", {"case": case}, status=403)
    return case, denied


def _form_errors_from(exc: ValidationError, form: Any) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _case_url(case: Case, anchor: str = "") -> str:
    return reverse("cases-detail", kwargs={"code": case.code}) + (f"#{anchor}" if anchor else "")


# --- dashboard & list ------------------------------------------------------------------------------


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    from .selectors_intensity import dashboard_context

    user = request.user
    today = timezone.localdate()
    open_cases = (
        case_list_for(user, scope="all", filters={"status": "open"}, sort="deadline", today=today)
        if user.role != Role.ADMIN
        else Case.objects.none()
    )
    cases = list(open_cases[:50])
    for case in cases:
        case.start_state_now = case.start_state(today)
    context: dict[str, Any] = {
        "open_cases": cases,
        "open_count": open_cases.count(),
        "today": today,
        "unassigned": [c for c in cases if c.lead_worker_id is None],
        "late_start": [c for c in cases if c.start_state_now in ("overdue", "late", "soon")],
        "overdue_evaluations": [c for c in cases if c.evaluation_overdue],
    }
    context.update(dashboard_context(user, cases, today))
    return render(request, "cases/dashboard.html", context)


def _list_params(request: HttpRequest) -> dict[str, Any]:
    get = request.GET
    default_scope = "team" if request.user.role in (Role.COORDINATOR, Role.SUPERVISOR) else "mine"
    scope = get.get("scope") if get.get("scope") in ("mine", "team", "all") else default_scope
    step = get.get("step", "")
    filters = {
        "status": get.get("status") if get.get("status") in ("open", "closed", "any") else "open",
        "phase": get.get("phase") if get.get("phase") in GuidancePhase.values else "",
        "safety_phase": get.get("safety_phase") if get.get("safety_phase") in SafetyWorkPhase.values else "",
        "step": step if step.isdigit() and 1 <= int(step) <= 14 else "",
        "overdue": get.get("overdue") == "1",
        "consultant": _uuid_or_blank(get.get("consultant", "")),
        "worker": _uuid_or_blank(get.get("worker", "")),
    }
    return {"scope": scope, "filters": filters, "sort": get.get("sort", "deadline")}


def _uuid_or_blank(value: str) -> str:
    import uuid

    try:
        return str(uuid.UUID(value))
    except (TypeError, ValueError):
        return ""


@require_http_methods(["GET", "POST"])
@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """The case list. A name search arrives by POST and is kept in the session, never in the URL."""
    if request.method == "POST":
        form = CaseSearchForm(request.POST)
        query = form.cleaned_data["q"].strip() if form.is_valid() else ""
        if query:
            request.session[SEARCH_SESSION_KEY] = query
        else:
            request.session.pop(SEARCH_SESSION_KEY, None)
        return redirect(reverse("cases-list") + ("?" + request.GET.urlencode() if request.GET else ""))
    params = _list_params(request)
    query = request.session.get(SEARCH_SESSION_KEY, "")
    today = timezone.localdate()
    cases = case_list_for(request.user, query=query, today=today, **params)
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    for case in page.object_list:
        case.start_state_now = case.start_state(today)
    visible = cases_visible_to(request.user)
    context = {
        "page": page,
        "params": params,
        "query": query,
        "search_form": CaseSearchForm(initial={"q": query}),
        "today": today,
        "guidance_phases": GuidancePhase.choices,
        "steps": range(1, 14),
        "workers": team_workers(request.user.team_id) if request.user.team_id else [],
        "consultants": consultants().filter(consulted_cases__in=visible).distinct(),
        "is_coordinator": request.user.role == Role.COORDINATOR,
    }
    return render(request, "cases/case_list.html", context)


# --- referral & assignment -------------------------------------------------------------------------


def _step_up_for_consultant(request: HttpRequest, case_form: CaseReferralForm) -> None:
    """Linking a consultant gives them the case (selectors.cases_visible_to): that write asks for a
    password or code from the last 5 minutes (B8); allauth keeps the POST and replays it afterwards."""
    if case_form.cleaned_data.get("consultant") and "consultant" in case_form.changed_data:
        require_step_up(request)


@require_http_methods(["GET", "POST"])
@login_required
def referral_new(request: HttpRequest) -> HttpResponse:
    """The coördinator registers a referral for their team."""
    if request.user.role != Role.COORDINATOR or request.user.team_id is None:
        return render(request, "cases/coordinator_only.html", {}, status=403)
    duplicates: list[Case] = []
    if request.method == "POST":
        case_form = CaseReferralForm(request.POST)
        referral_form = ReferralDetailsForm(request.POST)
        children = ChildFormSet(request.POST, prefix="children")
        if case_form.is_valid() and referral_form.is_valid() and children.is_valid():
            duplicates = duplicate_open_cases(request.user, children.children())
            if duplicates and not request.POST.get("confirm_duplicate"):
                messages.warning(request, _("A child in this referral already has an open case. Check it first."))
            else:
                case_fields = {name: case_form.cleaned_data[name] for name in case_form.Meta.fields}
                referral_fields = {name: referral_form.cleaned_data[name] for name in referral_form.Meta.fields}
                referral_fields["received_on"] = case_fields["referred_on"]
                _step_up_for_consultant(request, case_form)
                try:
                    case = services.case_register_referral(
                        actor=request.user,
                        team=request.user.team,
                        case_fields=case_fields,
                        referral_fields=referral_fields,
                        children=children.children(),
                    )
                except ValidationError as exc:
                    _form_errors_from(exc, case_form)
                else:
                    messages.success(request, _("Referral registered. Now assign a context worker."))
                    return redirect("cases-assign", case_code=case.code)
    else:
        case_form = CaseReferralForm()
        referral_form = ReferralDetailsForm()
        children = ChildFormSet(prefix="children")
    return render(
        request,
        "cases/referral_form.html",
        {"case_form": case_form, "referral_form": referral_form, "children": children, "duplicates": duplicates},
    )


@require_http_methods(["GET", "POST"])
@login_required
def referral_edit(request: HttpRequest, case_code: Any) -> HttpResponse:
    case, denied = _coordinator_case(request, case_code)
    if denied:
        return denied
    referral = Referral.objects.filter(case=case).first() or Referral(case=case, received_on=case.referred_on)
    if request.method == "POST":
        case_form = CaseReferralForm(request.POST, instance=case)
        referral_form = ReferralDetailsForm(request.POST, instance=referral)
        if case_form.is_valid() and referral_form.is_valid():
            _step_up_for_consultant(request, case_form)
            try:
                services.case_update_referral(
                    actor=request.user,
                    case=case,
                    case_fields={n: case_form.cleaned_data[n] for n in case_form.Meta.fields},
                    referral_fields={n: referral_form.cleaned_data[n] for n in referral_form.Meta.fields},
                )
            except ValidationError as exc:
                _form_errors_from(exc, case_form)
            else:
                messages.success(request, _("Referral saved."))
                return redirect(_case_url(case))
    else:
        audit_record_access(request=request, action="cases.referral.viewed", obj=case, case=case)
        case_form = CaseReferralForm(instance=case)
        referral_form = ReferralDetailsForm(instance=referral)
    return render(
        request,
        "cases/referral_form.html",
        {"case": case, "case_form": case_form, "referral_form": referral_form, "children": None, "duplicates": []},
    )


@require_http_methods(["GET", "POST"])
@login_required
def assign(request: HttpRequest, case_code: Any) -> HttpResponse:
    case, denied = _coordinator_case(request, case_code)
    if denied:
        return denied
    if request.method == "POST":
        form = AssignForm(request.POST, case=case)
        if form.is_valid():
            try:
                services.case_assign(
                    actor=request.user,
                    case=case,
                    lead_worker=form.cleaned_data["lead_worker"],
                    co_worker=form.cleaned_data["co_worker"],
                )
            except ValidationError as exc:
                _form_errors_from(exc, form)
            else:
                messages.success(request, _("Context worker assigned."))
                return redirect(_case_url(case))
    else:
        audit_record_access(request=request, action="cases.assignment.viewed", obj=case, case=case)
        form = AssignForm(case=case, initial={"lead_worker": case.lead_worker, "co_worker": case.co_worker})
    return render(request, "cases/assign.html", {"case": case, "form": form, "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
@login_required
def start(request: HttpRequest, case_code: Any) -> HttpResponse:
    case, denied = _writable_case(request, case_code)
    if denied:
        return denied
    if request.method == "POST":
        form = StartForm(request.POST, case=case)
        if form.is_valid():
            try:
                services.case_start(actor=request.user, case=case, started_on=form.cleaned_data["started_on"])
            except ValidationError as exc:
                _form_errors_from(exc, form)
            else:
                messages.success(request, _("Start of the guidance recorded."))
                return redirect(_case_url(case))
    else:
        audit_record_access(request=request, action="cases.start_form.viewed", obj=case, case=case)
        form = StartForm(case=case, initial={"started_on": case.started_on or timezone.localdate()})
    return render(request, "cases/simple_form.html", {"case": case, "form": form, "title": _("Record the start")})


# --- case page -------------------------------------------------------------------------------------


@require_GET
@login_required
def case_detail(request: HttpRequest, code: Any) -> HttpResponse:
    """The case page: what a worker needs at a glance, the trajectory, the newest contacts and the household.

    The panels of other apps, the lists further down and the timeline come as sections (`case_section`) that
    the page fetches as soon as it is shown, so that no request reads more than its own part of the case and
    the number of queries does not grow with what the case holds.
    """
    from .selectors_intensity import case_intensity

    case = get_case_for(request.user, code, request=request, related=("referral", "team__intensity_profile"))
    audit_record_access(request=request, action="cases.case.viewed", obj=case, case=case)
    today = timezone.localdate()
    steps = case_steps(case)
    persons = case_persons_shared(case)
    closures = case_closures_shared(case) if case.is_closed else []
    context = {
        "case": case,
        "today": today,
        "start_state": case.start_state(today),
        "can_write": case_is_writable_by(request.user, case),
        "is_coordinator": request.user.role == Role.COORDINATOR and request.user.team_id == case.team_id,
        "may_reopen": case.status == CaseStatus.CLOSED and _may_reopen(request.user, case),
        "persons": persons,
        "children": [p for p in persons if p.is_child or p.is_index_child],
        "household": [p for p in persons if p.is_household and not (p.is_child or p.is_index_child)],
        "others": [p for p in persons if not p.is_household and p.family_role],
        "steps": steps,
        "current_step": next((s for s in steps if s.is_current), None),
        "progress": step_progress(steps),
        "overdue": case_overdue_items(case, today=today),
        "referral": _referral_of(case),
        "closure": closures[0] if closures else None,
        "recent_contacts": case_recent_contacts(case),
        "intensity": case_intensity(case, today=today),
        "sections": {
            name: {"url": reverse("cases-section", kwargs={"code": case.code, "section": name}), "title": title}
            for name, title in CASE_SECTIONS.items()
        },
    }
    return render(request, "cases/case_detail.html", context)


# The parts of the case page that load on their own: what they show, and the title of their fallback page.
CASE_SECTIONS = {
    "summary": gettext_lazy("Safety plan and JIM"),
    "details": gettext_lazy("Agreements, evaluations and network"),
    "timeline": gettext_lazy("What happened"),
}


@require_GET
@login_required
def case_section(request: HttpRequest, code: Any, section: str) -> HttpResponse:
    """One section of the case page, fetched by the page with htmx; without JavaScript a page of its own.

    Each section is a read of the case file of its own, so it is audited like the page (SECURITY H1).
    """
    if section not in CASE_SECTIONS:
        raise Http404
    case = get_case_for(request.user, code, request=request)
    audit_record_access(request=request, action=f"cases.case.{section}.viewed", obj=case, case=case)
    context: dict[str, Any] = {"case": case, "today": timezone.localdate(), "section": section}
    if section == "summary":
        context["panels"] = panels_for(request, case, "summary")
    elif section == "details":
        context |= {
            "can_write": case_is_writable_by(request.user, case),
            "role_lines": list(case.role_lines.all()),
            "evaluations": case_evaluations_shared(case)[:8],
            "follow_ups": case_follow_ups(case),
            "panels": panels_for(request, case, "main"),
        }
    else:
        context["timeline"] = timeline_for(case, limit=60)
    template = f"cases/sections/{section}.html"
    if request.htmx:
        return render(request, template, context)
    return render(
        request,
        "cases/case_section_page.html",
        {**context, "section_template": template, "title": CASE_SECTIONS[section]},
    )


def _referral_of(case: Case) -> Referral | None:
    try:
        return case.referral
    except Referral.DoesNotExist:
        return None


# --- household -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def person_new(request: HttpRequest, case_code: Any) -> HttpResponse:
    case, denied = _writable_case(request, case_code)
    if denied:
        return denied
    if request.method == "GET":
        audit_record_access(request=request, action="cases.person_form.viewed", obj=case, case=case)
    form = PersonForm(request.POST or None, initial={"is_household": True})
    if request.method == "POST" and form.is_valid():
        try:
            services.person_create(
                actor=request.user, case=case, fields={n: form.cleaned_data[n] for n in form.Meta.fields}
            )
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            messages.success(request, _("Person added."))
            return redirect(_case_url(case, "household"))
    return render(request, "cases/simple_form.html", {"case": case, "form": form, "title": _("Add a person")})


@require_http_methods(["GET", "POST"])
@login_required
def person_edit(request: HttpRequest, case_code: Any, person_code: Any) -> HttpResponse:
    case, denied = _writable_case(request, case_code)
    if denied:
        return denied
    person = case.persons.filter(code=person_code).first()
    if person is None:
        raise Http404
    if request.method == "GET":
        audit_record_access(request=request, action="cases.person.viewed", obj=person, case=case)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                actor=request.user, person=person, fields={n: form.cleaned_data[n] for n in form.Meta.fields}
            )
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            messages.success(request, _("Person saved."))
            return redirect(_case_url(case, "household"))
    return render(request, "cases/simple_form.html", {"case": case, "form": form, "title": str(person)})


# --- trajectory ------------------------------------------------------------------------------------


def _step_or_404(case: Case, number: int) -> Any:
    step = case.steps.filter(number=number).first()
    if step is None:
        raise Http404
    return step


@require_http_methods(["GET", "POST"])
@login_required
def step_edit(request: HttpRequest, case_code: Any, number: int) -> HttpResponse:
    case, denied = _writable_case(request, case_code)
    if denied:
        return denied
    step = _step_or_404(case, number)
    if request.method == "GET":
        audit_record_access(request=request, action="cases.step.viewed", obj=step, case=case)
    form = StepForm(request.POST or None, instance=step)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_update(
                actor=request.user,
                step=step,
                status=form.cleaned_data["status"],
                started_on=form.cleaned_data["started_on"],
                completed_on=form.cleaned_data["completed_on"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            messages.success(request, _("Step %(number)s saved.") % {"number": step.number})
            return redirect(_case_url(case, "steps"))
    return render(request, "cases/step_form.html", {"case": case, "step": step, "form": form})


@require_POST
@login_required
def step_confirm(request: HttpRequest, case_code: Any, number: int) -> HttpResponse:
    """One click on "suggestie: klaar": the step is done, dated by its evidence when known."""
    from datetime import date

    from .trajectory import step_evidence

    case, denied = _writable_case(request, case_code)
    if denied:
        return denied
    step = _step_or_404(case, number)
    evidence = step_evidence(case, number)
    services.step_confirm_done(
        actor=request.user, step=step, completed_on=evidence if isinstance(evidence, date) else None
    )
    messages.success(request, _("Step %(number)s marked as done.") % {"number": step.number})
    return redirect(_case_url(case, "steps"))


@require_POST
@login_required
def step_revisit(request: HttpRequest, case_code: Any, number: int) -> HttpResponse:
    case, denied = _writable_case(request, case_code)
    if denied:
        return denied
    step = _step_or_404(case, number)
    try:
        services.step_revisit(actor=request.user, step=step)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Step %(number)s taken up again.") % {"number": step.number})
    return redirect(_case_url(case, "steps"))


# --- phases & role agreements -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def phases(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = get_case_for(request.user, case_code, request=request)
    can_write = case_is_writable_by(request.user, case)
    forms = {axis: PhaseForm(axis=axis, case=case) for axis in PhaseAxis.values}
    if request.method == "POST":
        if not can_write:
            return _read_only(request, case)
        axis = request.POST.get("axis") if request.POST.get("axis") in PhaseAxis.values else PhaseAxis.GUIDANCE
        form = PhaseForm(request.POST, axis=axis, case=case)
        forms[axis] = form
        if form.is_valid():
            try:
                services.phase_change(
                    actor=request.user,
                    case=case,
                    axis=axis,
                    to_phase=form.cleaned_data["to_phase"],
                    changed_on=form.cleaned_data["changed_on"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                _form_errors_from(exc, form)
            else:
                messages.success(request, _("Phase changed."))
                return redirect("cases-phases", case_code=case.code)
    else:
        audit_record_access(request=request, action="cases.phases.viewed", obj=case, case=case)
    return render(
        request,
        "cases/phases.html",
        {
            "case": case,
            "can_write": can_write,
            "guidance_form": forms[PhaseAxis.GUIDANCE],
            "safety_form": forms[PhaseAxis.SAFETY],
            "changes": case_phase_changes(case),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def roles(request: HttpRequest, case_code: Any) -> HttpResponse:
    """Role agreements consultant – context worker: visible to both, written by the case's staff."""
    case = get_case_for(request.user, case_code, request=request)
    can_write = case_is_writable_by(request.user, case)
    text_form = RoleAgreementsTextForm(initial={"role_agreements": case.role_agreements})
    line_form = RoleLineForm()
    if request.method == "POST":
        if not can_write:
            return _read_only(request, case)
        if request.POST.get("action") == "text":
            text_form = RoleAgreementsTextForm(request.POST)
            if text_form.is_valid():
                services.role_agreements_update(
                    actor=request.user, case=case, text=text_form.cleaned_data["role_agreements"]
                )
                messages.success(request, _("Role agreements saved."))
                return redirect("cases-roles", case_code=case.code)
        else:
            line_form = RoleLineForm(request.POST)
            if line_form.is_valid():
                services.role_line_create(
                    actor=request.user,
                    case=case,
                    fields={n: line_form.cleaned_data[n] for n in line_form.Meta.fields},
                )
                messages.success(request, _("Agreement added."))
                return redirect("cases-roles", case_code=case.code)
    else:
        audit_record_access(request=request, action="cases.role_agreements.viewed", obj=case, case=case)
    return render(
        request,
        "cases/roles.html",
        {
            "case": case,
            "can_write": can_write,
            "text_form": text_form,
            "line_form": line_form,
            "lines": case.role_lines.all(),
        },
    )


@require_POST
@login_required
def role_delete(request: HttpRequest, case_code: Any, line_code: Any) -> HttpResponse:
    case, denied = _writable_case(request, case_code)
    if denied:
        return denied
    line = case.role_lines.filter(code=line_code).first()
    if line is None:
        raise Http404
    services.role_line_delete(actor=request.user, line=line)
    messages.success(request, _("Agreement removed."))
    return redirect("cases-roles", case_code=case.code)


# --- evaluations -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def evaluation_new(request: HttpRequest, case_code: Any) -> HttpResponse:
    case, denied = _writable_case(request, case_code)
    if denied:
        return denied
    return _evaluation_form(request, case, None)


@require_http_methods(["GET", "POST"])
@login_required
def evaluation_edit(request: HttpRequest, case_code: Any, evaluation_code: Any) -> HttpResponse:
    case = get_case_for(request.user, case_code, request=request)
    evaluation = case.evaluations.filter(code=evaluation_code).first()
    if evaluation is None:
        raise Http404
    if not case_is_writable_by(request.user, case):
        if request.method == "POST":
            return _read_only(request, case)
        audit_record_access(request=request, action="cases.evaluation.viewed", obj=evaluation, case=case)
        return render(request, "cases/evaluation_detail.html", {"case": case, "evaluation": evaluation})
    return _evaluation_form(request, case, evaluation)


def _evaluation_form(request: HttpRequest, case: Case, evaluation: Any) -> HttpResponse:
    if request.method == "GET":
        if evaluation is None:
            audit_record_access(request=request, action="cases.evaluation_form.viewed", obj=case, case=case)
        else:
            audit_record_access(request=request, action="cases.evaluation.viewed", obj=evaluation, case=case)
    form = EvaluationForm(request.POST or None, instance=evaluation, case=case)
    if request.method == "POST" and form.is_valid():
        fields = {n: form.cleaned_data[n] for n in services.EVALUATION_FIELDS}
        try:
            services.evaluation_save(
                actor=request.user,
                case=case,
                fields=fields,
                participants=list(form.cleaned_data["participants"]),
                evaluation=evaluation,
            )
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            messages.success(request, _("Evaluation saved."))
            return redirect(_case_url(case, "evaluations"))
    title = _("Evaluation") if evaluation else _("New evaluation")
    return render(request, "cases/simple_form.html", {"case": case, "form": form, "title": title})


# --- closure ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def close(request: HttpRequest, case_code: Any) -> HttpResponse:
    case, denied = _writable_case(request, case_code)
    if denied:
        return denied
    follow_ups = case_follow_ups(case)
    if request.method == "GET":
        audit_record_access(request=request, action="cases.close_form.viewed", obj=case, case=case)
    form = ClosureForm(request.POST or None, case=case, follow_ups=follow_ups)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(
                actor=request.user, case=case, fields={n: form.cleaned_data[n] for n in services.CLOSURE_FIELDS}
            )
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            messages.success(request, _("Case closed. It is now read-only."))
            return redirect(_case_url(case))
    return render(request, "cases/close.html", {"case": case, "form": form, "follow_ups": follow_ups})


def _may_reopen(user: Any, case: Case) -> bool:
    if user.role in (Role.COORDINATOR, Role.SUPERVISOR):
        return user.team_id == case.team_id
    return user.role == Role.CONTEXT_WORKER and user.pk in (case.lead_worker_id, case.co_worker_id)


@require_http_methods(["GET", "POST"])
@login_required
def reopen(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = get_case_for(request.user, case_code, request=request)
    if not _may_reopen(request.user, case):
        return _read_only(request, case)
    if case.status != CaseStatus.CLOSED:
        messages.info(request, _("This case is not closed."))
        return redirect(_case_url(case))
    if request.method == "GET":
        audit_record_access(request=request, action="cases.reopen_form.viewed", obj=case, case=case)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.case_reopen(actor=request.user, case=case, reason=form.cleaned_data["reason"])
        messages.success(request, _("Case reopened."))
        return redirect(_case_url(case))
    return render(request, "cases/simple_form.html", {"case": case, "form": form, "title": _("Reopen the case")})


# --- contacts & intensity --------------------------------------------------------------------------


QUICK_DURATIONS = (30, 45, 60, 90, 120)


def _contact_defaults(case: Case) -> dict[str, Any]:
    """Today, a visit of 60 minutes that just ended, a home visit, the people of the last contact."""
    import uuid
    from datetime import timedelta

    now = timezone.localtime()
    start = now - timedelta(minutes=60)
    start = start.replace(minute=start.minute - start.minute % 5, second=0, microsecond=0)
    last = case.contacts.order_by("-date", "-start_time").first()
    return {
        "type": ContactType.HOME_VISIT,
        "date": start.date(),
        "start_time": start.time(),
        "duration_minutes": 60,
        "participants": list(last.participants.all()) if last else [],
        "idempotency_key": uuid.uuid4(),
    }


def _contact_response(request: HttpRequest, case: Case) -> HttpResponse:
    url = _case_url(case, "contacts")
    if request.headers.get("X-Cocon-Offline") == "1":
        # The offline-safe form (static/js/cases.js) posts with fetch: tell it where to go.
        return HttpResponse(status=204, headers={"X-Cocon-Location": url})
    return redirect(url)


@require_http_methods(["GET", "POST"])
@login_required
def contact_new(request: HttpRequest, case_code: Any) -> HttpResponse:
    """Log a contact on one phone screen. A second POST with the same key returns the first result."""
    case, denied = _writable_case(request, case_code)
    if denied:
        return denied
    overlaps: list[Any] = []
    # Sections other apps add to the form (the agreements looked at): validated and saved with it.
    sections = contact_section_forms(case, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        form = ContactForm(request.POST, case=case)
        key = request.POST.get("idempotency_key")
        existing = (
            case.contacts.filter(idempotency_key=key, author=request.user).first()
            if _uuid_or_blank(key or "")
            else None
        )
        if existing is not None:
            return _contact_response(request, case)
        sections_ok = contact_sections_valid(sections)
        if form.is_valid() and sections_ok:
            data = form.cleaned_data
            overlaps = services.contact_overlaps(
                author=request.user,
                date_=data["date"],
                start_time=data["start_time"],
                duration_minutes=data["duration_minutes"],
            )
            if overlaps and not data.get("confirm_overlap"):
                form.add_error(
                    None, _("You already logged a contact at this time. Check it, or tick the box to save anyway.")
                )
            else:
                try:
                    with transaction.atomic():
                        contact, created = services.contact_log(
                            actor=request.user,
                            case=case,
                            fields={n: data[n] for n in services.CONTACT_FIELDS},
                            participants=list(data["participants"]),
                            idempotency_key=data["idempotency_key"],
                        )
                        # Only a new contact: a resend with the same key saves nothing twice.
                        warnings = (
                            contact_sections_save(sections, contact=contact, actor=request.user) if created else []
                        )
                except ValidationError as exc:
                    _form_errors_from(exc, form)
                else:
                    if created:
                        messages.success(request, _("Contact saved."))
                    for warning in warnings:
                        messages.warning(request, warning)
                    return _contact_response(request, case)
    else:
        audit_record_access(request=request, action="cases.contact_form.viewed", obj=case, case=case)
        form = ContactForm(case=case, initial=_contact_defaults(case))
    return render(
        request,
        "cases/contact_form.html",
        {
            "case": case,
            "form": form,
            "overlaps": overlaps,
            "title": _("Log a contact"),
            "editing": False,
            "quick_durations": QUICK_DURATIONS,
            "sections": sections,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def contact_edit(request: HttpRequest, case_code: Any, contact_code: Any) -> HttpResponse:
    """The author corrects a contact; after 7 days only with a reason."""
    case = get_case_for(request.user, case_code, request=request)
    contact = case.contacts.select_related("author").filter(code=contact_code).first()
    if contact is None:
        raise Http404
    if not case_is_writable_by(request.user, case) or contact.author_id != request.user.pk:
        if request.method == "POST":
            return _read_only(request, case)
        audit_record_access(request=request, action="cases.contact.viewed", obj=contact, case=case)
        contact.section_lines = contact_section_summaries([contact]).get(contact.pk, [])
        return render(request, "cases/contact_detail.html", {"case": case, "contact": contact})
    needs_reason = services.contact_edit_needs_reason(contact)
    overlaps: list[Any] = []
    if request.method == "POST":
        form = ContactEditForm(request.POST, instance=contact, case=case, needs_reason=needs_reason)
        if form.is_valid():
            data = form.cleaned_data
            overlaps = services.contact_overlaps(
                author=request.user,
                date_=data["date"],
                start_time=data["start_time"],
                duration_minutes=data["duration_minutes"],
                exclude_pk=contact.pk,
            )
            if overlaps and not data.get("confirm_overlap"):
                form.add_error(
                    None, _("You already logged a contact at this time. Check it, or tick the box to save anyway.")
                )
            else:
                try:
                    services.contact_update(
                        actor=request.user,
                        contact=contact,
                        fields={n: data[n] for n in services.CONTACT_FIELDS},
                        participants=list(data["participants"]),
                        reason=data.get("reason", ""),
                    )
                except ValidationError as exc:
                    _form_errors_from(exc, form)
                else:
                    messages.success(request, _("Contact saved."))
                    return redirect(_case_url(case, "contacts"))
    else:
        audit_record_access(request=request, action="cases.contact.viewed", obj=contact, case=case)
        form = ContactEditForm(instance=contact, case=case, needs_reason=needs_reason)
    return render(
        request,
        "cases/contact_form.html",
        {
            "case": case,
            "form": form,
            "overlaps": overlaps,
            "title": _("Correct a contact"),
            "editing": True,
            "quick_durations": QUICK_DURATIONS,
            "section_lines": contact_section_summaries([contact]).get(contact.pk, []),
        },
    )


@require_GET
@login_required
def contact_list(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = get_case_for(request.user, case_code, request=request)
    audit_record_access(request=request, action="cases.contacts.viewed", obj=case, case=case)
    contacts = case.contacts.select_related("author").prefetch_related("participants")
    page = Paginator(contacts, 30).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    lines = contact_section_summaries(page.object_list)
    for contact in page.object_list:
        contact.section_lines = lines.get(contact.pk, [])
    return render(
        request,
        "cases/contact_list.html",
        {"case": case, "page": page, "can_write": case_is_writable_by(request.user, case)},
    )


def _week_param(request: HttpRequest) -> Any:
    from datetime import date

    from .selectors_intensity import monday

    try:
        return monday(date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        return monday(timezone.localdate())


@require_GET
@login_required
def my_week(request: HttpRequest) -> HttpResponse:
    """A context worker's week across all their cases."""
    from datetime import timedelta

    from .selectors_intensity import worker_week

    if request.user.role != Role.CONTEXT_WORKER:
        return (
            redirect("cases-intensity-team")
            if request.user.role in (Role.COORDINATOR, Role.SUPERVISOR)
            else render(request, "cases/coordinator_only.html", {}, status=403)
        )
    week = _week_param(request)
    data = worker_week(request.user, week=week)
    audit_record_access(request=request, action="cases.week.viewed")
    return render(
        request,
        "cases/my_week.html",
        {
            "week": data,
            "previous": week - timedelta(weeks=1),
            "next": week + timedelta(weeks=1),
        },
    )


@require_GET
@login_required
def team_intensity_view(request: HttpRequest) -> HttpResponse:
    """Coördinator and werkbegeleider: all workers of the team against the targets."""
    from datetime import timedelta

    from .selectors_intensity import team_intensity

    if request.user.role not in (Role.COORDINATOR, Role.SUPERVISOR) or request.user.team_id is None:
        return render(request, "cases/coordinator_only.html", {}, status=403)
    week = _week_param(request)
    rows = team_intensity(request.user, week=week, today=timezone.localdate())
    audit_record_access(request=request, action="cases.intensity.viewed")
    return render(
        request,
        "cases/team_intensity.html",
        {
            "rows": rows,
            "week": week,
            "week_end": week + timedelta(days=6),
            "iso_week": week.isocalendar()[1],
            "previous": week - timedelta(weeks=1),
            "next": week + timedelta(weeks=1),
        },
    )


CSV_DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> str:
    """A cell a spreadsheet will never run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    if text.startswith(CSV_DANGEROUS_PREFIXES):
        return "'" + text
    return text


@require_GET
@login_required
def contacts_export(request: HttpRequest) -> HttpResponse:
    """Contacts of a period for the funder's registration: date, duration, type, case number. No names,
    no free text. Audited as an export."""
    import csv

    from .forms import ExportForm
    from .models import Contact

    if request.user.role not in (Role.COORDINATOR, Role.SUPERVISOR) or request.user.team_id is None:
        return render(request, "cases/coordinator_only.html", {}, status=403)
    form = ExportForm(request.GET or None)
    if not request.GET or not form.is_valid():
        return render(request, "cases/export.html", {"form": form})
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    require_step_up(request)  # a bulk export: password or code from the last 5 minutes (B8)
    rows = list(
        Contact.objects.filter(case__in=cases_visible_to(request.user), date__gte=start, date__lte=end)
        .order_by("date", "start_time")
        .values_list("date", "start_time", "duration_minutes", "type", "case__reference")
    )
    audit_record(
        actor=request.user,
        action="cases.contacts.exported",
        data={"from": start.isoformat(), "to": end.isoformat(), "rows": len(rows)},
        request=request,
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="contacten-{start:%Y%m%d}-{end:%Y%m%d}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["datum", "beginuur", "duur_minuten", "soort", "dossiernummer"])
    for day, start_time, minutes, kind, reference in rows:
        writer.writerow(
            [
                csv_safe(day.isoformat()),
                csv_safe(start_time.strftime("%H:%M")),
                minutes,
                csv_safe(kind),
                csv_safe(reference),
            ]
        )
    return response
