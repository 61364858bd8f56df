"""Thin views: case gate → form → service → redirect. Every page that shows the network reads a case file
and records that read; every write needs write access to the case (a consultant reads, never writes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.models import Case
from cases.selectors import case_is_writable_by, get_case_for
from cocon.audit.models import Outcome
from cocon.audit.services import audit_record, audit_record_access

from . import selectors, services
from .diagrams import genogram_layout, genogram_people, safety_circle_layout
from .forms import (
    GenogramPersonForm,
    JimCandidateForm,
    JimCandidateUpdateForm,
    JimDesignationForm,
    JimSearchForm,
    MeetingForm,
    MemberForm,
    NetworkAnalysisForm,
    RelationshipForm,
    SolutionDecisionForm,
    SolutionForm,
    apply_validation_error,
)
from .models import Relationship


def _case(request: HttpRequest, case_code: Any, *, write: bool = False) -> Case:
    case = get_case_for(request.user, case_code, request=request)
    if write and not case_is_writable_by(request.user, case):
        audit_record(
            actor=request.user,
            action="network.case.write_denied",
            obj=case,
            case=case,
            outcome=Outcome.DENIED,
            request=request,
        )
        raise PermissionDenied
    return case


def _ctx(request: HttpRequest, case: Case, **extra: Any) -> dict[str, Any]:
    return {"case": case, "can_write": case_is_writable_by(request.user, case), **extra}


def _jim_overview_ensured(request: HttpRequest, case: Case) -> list[selectors.ChildJim]:
    """The JIM overview, after making sure every child has its search.

    The JIM search starts on the case's first day; visiting the network is the moment we make sure. It is the
    system's doing: a reader (consultant) who triggers it is not recorded as its author. The overview already
    shows which child has no search, so the (writing) service only runs when one is missing."""
    overview = selectors.jim_overview(case)
    if case.started_on and not case.is_closed and any(item.search is None for item in overview):
        actor = request.user if case_is_writable_by(request.user, case) else None
        if services.jim_searches_ensure(case, actor=actor):
            overview = selectors.jim_overview(case)
    return overview


# --- Overview and members -----------------------------------------------------------------------


@require_GET
@login_required
def network_home(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    jim = _jim_overview_ensured(request, case)
    audit_record_access(request=request, action="network.network.viewed", obj=case, case=case)
    members = list(selectors.network_members_for_case(case))
    return render(
        request,
        "network/home.html",
        _ctx(
            request,
            case,
            members=members,
            children=[item.child for item in jim],
            jim=jim,
            meetings=list(selectors.meetings_for_case(case)),
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def member_create(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    if request.method == "GET":
        audit_record_access(request=request, action="network.member_form.viewed", obj=case, case=case)
    form = MemberForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.network_member_create(
                actor=request.user,
                case=case,
                person=form.cleaned_data.get("existing_person"),
                person_fields=form.person_fields(),
                member_fields=form.member_fields(),
                supports=list(form.cleaned_data.get("supports") or []),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("%(name)s was added to the network.") % {"name": member.person})
            return redirect("network-home", case_code=case.code)
    return render(request, "network/member_form.html", _ctx(request, case, form=form, member=None))


@require_http_methods(["GET", "POST"])
@login_required
def member_edit(request: HttpRequest, case_code: Any, member_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    member = selectors.member_for_case(case, member_code)
    if request.method == "GET":
        audit_record_access(request=request, action="network.member.viewed", obj=member, case=case)
    form = MemberForm(request.POST or None, case=case, member=member)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.network_member_update(
                actor=request.user,
                member=member,
                version=form.cleaned_data.get("version") or 0,
                person_fields=form.person_fields(),
                member_fields=form.member_fields(),
                supports=list(form.cleaned_data.get("supports") or []),
            )
        except services.StaleVersionError:
            form.add_error(
                None,
                _(
                    "Someone else saved this network member while you were editing. Your input is kept below; "
                    "open the member again to see their changes."
                ),
            )
            status = 409
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The network member was saved."))
            return redirect("network-home", case_code=case.code)
    return render(request, "network/member_form.html", _ctx(request, case, form=form, member=member), status=status)


# --- Genogram -----------------------------------------------------------------------------------


def _genogram(case: Case) -> tuple[Any, list[Relationship]]:
    relations = list(selectors.relationships_for_case(case))
    persons = genogram_people(list(selectors.genogram_persons(case)), relations)
    return genogram_layout(persons, relations, timezone.localdate()), relations


@require_GET
@login_required
def genogram(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    audit_record_access(request=request, action="network.genogram.viewed", obj=case, case=case)
    drawing, relations = _genogram(case)
    return render(
        request,
        "network/genogram.html",
        _ctx(
            request,
            case,
            drawing=drawing,
            relations=relations,
            relation_form=RelationshipForm(case=case),
            person_form=GenogramPersonForm(),
        ),
    )


@require_GET
@login_required
def genogram_print(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    audit_record_access(request=request, action="network.genogram.printed", obj=case, case=case)
    drawing, relations = _genogram(case)
    return render(request, "network/genogram_print.html", _ctx(request, case, drawing=drawing, relations=relations))


@require_http_methods(["GET", "POST"])
@login_required
def relation_create(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    if request.method == "GET":
        audit_record_access(request=request, action="network.relationship_form.viewed", obj=case, case=case)
    form = RelationshipForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.relationship_create(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The relation was added to the genogram."))
            return redirect("network-genogram", case_code=case.code)
    return render(request, "network/relation_form.html", _ctx(request, case, form=form))


@require_POST
@login_required
def relation_delete(request: HttpRequest, case_code: Any, relation_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    relation = get_object_or_404(Relationship, case=case, code=relation_code)
    services.relationship_delete(actor=request.user, relationship=relation)
    messages.success(request, _("The relation was removed."))
    return redirect("network-genogram", case_code=case.code)


@require_http_methods(["GET", "POST"])
@login_required
def genogram_person_create(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    if request.method == "GET":
        audit_record_access(request=request, action="network.genogram_person_form.viewed", obj=case, case=case)
    form = GenogramPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.genogram_person_create(actor=request.user, case=case, fields=form.fields_for_service())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The person was added to the genogram."))
            return redirect("network-genogram", case_code=case.code)
    return render(request, "network/person_form.html", _ctx(request, case, form=form))


# --- Safety circle and analysis -----------------------------------------------------------------


def _circle(case: Case) -> Any:
    members = list(selectors.network_members_for_case(case))
    return safety_circle_layout(members, selectors.case_children(case), selectors.current_jim_member_ids(case))


@require_GET
@login_required
def circle(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    audit_record_access(request=request, action="network.circle.viewed", obj=case, case=case)
    return render(request, "network/circle.html", _ctx(request, case, drawing=_circle(case)))


@require_GET
@login_required
def circle_print(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    audit_record_access(request=request, action="network.circle.printed", obj=case, case=case)
    return render(request, "network/circle_print.html", _ctx(request, case, drawing=_circle(case)))


@require_http_methods(["GET", "POST"])
@login_required
def analysis(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=request.method == "POST")
    form = NetworkAnalysisForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.network_analysis_create(actor=request.user, case=case, fields=form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The network analysis was saved."))
            return redirect("network-analysis", case_code=case.code)
    if request.method == "GET":
        audit_record_access(request=request, action="network.analysis.viewed", obj=case, case=case)
    return render(
        request,
        "network/analysis.html",
        _ctx(
            request,
            case,
            view=selectors.network_analysis_for(case),
            analyses=list(selectors.analyses_for_case(case)),
            form=form,
        ),
    )


# --- JIM ----------------------------------------------------------------------------------------


@require_GET
@login_required
def jim(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    overview = _jim_overview_ensured(request, case)
    audit_record_access(request=request, action="network.jim.viewed", obj=case, case=case)
    from .models import jim_overdue_days

    return render(
        request,
        "network/jim.html",
        _ctx(
            request,
            case,
            overview=overview,
            presences=selectors.jim_presence_for_case(case),
            overdue_days=jim_overdue_days(),
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def jim_search_edit(request: HttpRequest, case_code: Any, search_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    search = selectors.search_for_case(case, search_code)
    initial = {"chooser": search.chooser, "status": search.status}
    if request.method == "GET":
        audit_record_access(request=request, action="network.jim_search.viewed", obj=search, case=case)
    form = JimSearchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.jim_search_update(actor=request.user, search=search, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The JIM search was updated."))
            return redirect("network-jim", case_code=case.code)
    return render(request, "network/jim_search_form.html", _ctx(request, case, form=form, search=search))


@require_http_methods(["GET", "POST"])
@login_required
def jim_candidate_create(request: HttpRequest, case_code: Any, search_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    search = selectors.search_for_case(case, search_code)
    if request.method == "GET":
        audit_record_access(request=request, action="network.jim_candidate_form.viewed", obj=search, case=case)
    form = JimCandidateForm(request.POST or None, case=case, initial={"named_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.jim_candidate_add(
                actor=request.user,
                search=search,
                member=d["member"],
                named_by=d.get("named_by"),
                named_on=d["named_on"],
                note=d.get("note", ""),
                professional_confirmed=d.get("confirm_professional", False),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The candidate was added."))
            return redirect("network-jim", case_code=case.code)
    return render(request, "network/jim_candidate_form.html", _ctx(request, case, form=form, search=search))


@require_http_methods(["GET", "POST"])
@login_required
def jim_candidate_edit(request: HttpRequest, case_code: Any, candidate_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    candidate = selectors.candidate_for_case(case, candidate_code)
    if request.method == "GET":
        audit_record_access(request=request, action="network.jim_candidate.viewed", obj=candidate, case=case)
    form = JimCandidateUpdateForm(request.POST or None, instance=candidate)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.jim_candidate_update(
                actor=request.user,
                candidate=candidate,
                status=d["status"],
                asked_on=d.get("asked_on"),
                answered_on=d.get("answered_on"),
                note=d.get("note", ""),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The candidate was updated."))
            return redirect("network-jim", case_code=case.code)
    return render(
        request,
        "network/jim_candidate_edit.html",
        _ctx(request, case, form=form, candidate=candidate, search=candidate.search),
    )


@require_http_methods(["GET", "POST"])
@login_required
def jim_designate(request: HttpRequest, case_code: Any, search_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    search = selectors.search_for_case(case, search_code)
    initial: dict[str, Any] = {"designated_on": timezone.localdate()}
    agreed = search.candidates.filter(status="agreed").select_related("member").first()
    if agreed:
        initial["member"] = agreed.member.code
    if request.method == "GET":
        audit_record_access(request=request, action="network.jim_designation_form.viewed", obj=search, case=case)
    form = JimDesignationForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.jim_designate(
                actor=request.user,
                search=search,
                member=d["member"],
                designated_on=d["designated_on"],
                parents_consent=d.get("parents_consent", False),
                parents_consent_on=d.get("parents_consent_on"),
                parents_consent_note=d.get("parents_consent_note", ""),
                jim_consent=d.get("jim_consent", False),
                jim_consent_on=d.get("jim_consent_on"),
                jim_agreement=d.get("jim_agreement", ""),
                also_drm_trusted_person=d.get("also_drm_trusted_person", False),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("%(jim)s is now the JIM of %(child)s.")
                % {"jim": d["member"].person, "child": search.child.first_name},
            )
            return redirect("network-jim", case_code=case.code)
    return render(request, "network/jim_designate.html", _ctx(request, case, form=form, search=search))


# --- Meetings -----------------------------------------------------------------------------------


@require_GET
@login_required
def meetings(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    audit_record_access(request=request, action="network.meetings.viewed", obj=case, case=case)
    return render(
        request, "network/meetings.html", _ctx(request, case, meetings=list(selectors.meetings_for_case(case)))
    )


def _meeting_form(request: HttpRequest, case: Case, meeting: Any = None) -> MeetingForm:
    attendances = {a.person_id: a for a in meeting.attendances.all()} if meeting else {}
    initial: dict[str, Any] = {
        "facilitator": request.user.pk if request.user.pk in (case.lead_worker_id, case.co_worker_id) else None
    }
    if meeting:
        initial = {
            k: getattr(meeting, k)
            for k in (
                "purpose",
                "status",
                "date",
                "start_time",
                "end_time",
                "location",
                "agenda",
                "child_participation",
                "worries",
                "strengths",
                "decisions",
                "minutes",
                "next_meeting",
                "version",
            )
        }
        initial["facilitator"] = meeting.facilitator_id
        initial["child_voice_by"] = meeting.child_voice_by.code if meeting.child_voice_by else None
    return MeetingForm(
        request.POST or None,
        case=case,
        jim_member_ids=selectors.current_jim_member_ids(case),
        attendances=attendances,
        initial=initial,
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_create(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    if request.method == "GET":
        audit_record_access(request=request, action="network.meeting_form.viewed", obj=case, case=case)
    form = _meeting_form(request, case)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=request.user, case=case, fields=form.meeting_fields(), attendances=form.attendance_inputs()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The network meeting was saved."))
            return redirect("network-meeting", case_code=case.code, meeting_code=meeting.code)
    return render(request, "network/meeting_form.html", _ctx(request, case, form=form, meeting=None))


@require_http_methods(["GET", "POST"])
@login_required
def meeting_edit(request: HttpRequest, case_code: Any, meeting_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    meeting = selectors.meeting_for_case(case, meeting_code)
    if request.method == "GET":
        audit_record_access(request=request, action="network.meeting.viewed", obj=meeting, case=case)
    form = _meeting_form(request, case, meeting)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                actor=request.user,
                meeting=meeting,
                version=form.cleaned_data.get("version") or 0,
                fields=form.meeting_fields(),
                attendances=form.attendance_inputs(),
            )
        except services.StaleVersionError:
            form.add_error(
                None,
                _(
                    "Someone else saved this meeting while you were editing. Your input is kept below; "
                    "open the meeting again to see their changes."
                ),
            )
            status = 409
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The network meeting was saved."))
            return redirect("network-meeting", case_code=case.code, meeting_code=meeting.code)
    return render(request, "network/meeting_form.html", _ctx(request, case, form=form, meeting=meeting), status=status)


def _meeting_page(request: HttpRequest, case: Case, meeting: Any, solution_form: SolutionForm) -> HttpResponse:
    return render(
        request,
        "network/meeting_detail.html",
        _ctx(
            request,
            case,
            meeting=meeting,
            solutions=list(selectors.meeting_solutions(meeting)),
            solution_form=solution_form,
            missing_jims=selectors.jims_missing_from_meeting(meeting),
        ),
    )


@require_GET
@login_required
def meeting_detail(request: HttpRequest, case_code: Any, meeting_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    meeting = selectors.meeting_for_case(case, meeting_code)
    audit_record_access(request=request, action="network.meeting.viewed", obj=meeting, case=case)
    return _meeting_page(request, case, meeting, SolutionForm(case=case))


@require_POST
@login_required
def solution_create(request: HttpRequest, case_code: Any, meeting_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    meeting = selectors.meeting_for_case(case, meeting_code)
    form = SolutionForm(request.POST, case=case)
    if form.is_valid():
        try:
            services.proposed_solution_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The proposal was added."))
            return redirect(reverse("network-meeting", kwargs={"case_code": case.code, "meeting_code": meeting.code}))
    return _meeting_page(request, case, meeting, form)


@require_http_methods(["GET", "POST"])
@login_required
def solution_decide(request: HttpRequest, case_code: Any, solution_code: Any) -> HttpResponse:
    """Step 9: the proposals of the network meetings are discussed; record what became of one."""
    case = _case(request, case_code, write=True)
    solution = selectors.solution_for_case(case, solution_code)
    if request.method == "GET":
        audit_record_access(request=request, action="network.solution.viewed", obj=solution, case=case)
    form = SolutionDecisionForm(
        request.POST or None, initial={"decision": solution.decision, "reason": solution.reason}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.proposed_solution_decide(actor=request.user, solution=solution, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The decision was saved."))
            return redirect("network-meeting", case_code=case.code, meeting_code=solution.meeting.code)
    return render(request, "network/solution_decide.html", _ctx(request, case, form=form, solution=solution))


@require_GET
@login_required
def meeting_invitation(request: HttpRequest, case_code: Any, meeting_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    meeting = selectors.meeting_for_case(case, meeting_code)
    audit_record_access(request=request, action="network.meeting.invitation_printed", obj=meeting, case=case)
    return render(request, "network/meeting_invitation.html", _ctx(request, case, meeting=meeting))


@require_GET
@login_required
def meeting_summary(request: HttpRequest, case_code: Any, meeting_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    meeting = selectors.meeting_for_case(case, meeting_code)
    audit_record_access(request=request, action="network.meeting.summary_printed", obj=meeting, case=case)
    return render(
        request,
        "network/meeting_summary.html",
        _ctx(request, case, meeting=meeting, solutions=list(selectors.meeting_solutions(meeting))),
    )
