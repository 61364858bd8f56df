"""Pages of the Signs of Safety mapping. Thin: the case gate → form → service → redirect."""

from __future__ import annotations

from typing import Any, NoReturn

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.selectors import case_is_writable_by, get_case_for
from cocon.accounts.models import Role
from cocon.audit.models import Outcome
from cocon.audit.services import audit_record, audit_record_access

from . import selectors, services
from .forms import (
    BottomLineForm,
    CompetenceAnalysisForm,
    CompetenceItemForm,
    ConversationForm,
    DrawingForm,
    GoalForm,
    MappingForm,
    MappingItemForm,
    RiskItemForm,
    RiskOverallForm,
    RiskStartForm,
    ScalingRoundForm,
    ScoreFormSet,
    SkillGoalForm,
    StatementForm,
    StatusForm,
    StoryApproveForm,
    StoryForm,
    StoryPageForm,
    StoryShareForm,
)
from .models import (
    BottomLine,
    ChildConversation,
    CompetenceAnalysis,
    CompetenceItemType,
    DangerStatement,
    Drawing,
    Mapping,
    MappingItem,
    RiskAssessment,
    SafetyGoal,
    StatementStatus,
    WordsAndPictures,
)


def _case(request: HttpRequest, case_code: Any, *, write: bool = False) -> Any:
    case = get_case_for(request.user, case_code, request=request)
    if write and not case_is_writable_by(request.user, case):
        _denied(request, case, "safetyplans.case.write_denied")
    return case


def _denied(request: HttpRequest, case: Any, action: str) -> NoReturn:
    """A refused attempt on a case the user may see: audited as denied (H1), then a 403."""
    audit_record(actor=request.user, action=action, obj=case, case=case, outcome=Outcome.DENIED, request=request)
    raise PermissionDenied


def _may_set_bottom_lines(user: Any, case: Any) -> bool:
    """Bottom lines are the consultant's: they may create them although they cannot edit the case."""
    if case_is_writable_by(user, case):
        return True
    return user.role == Role.CONSULTANT and case.consultant_id == user.pk and not case.is_closed


def _ctx(request: HttpRequest, case: Any, **extra: Any) -> dict[str, Any]:
    return {
        "case": case,
        "can_write": case_is_writable_by(request.user, case),
        "can_set_bottom_lines": _may_set_bottom_lines(request.user, case),
        **extra,
    }


def _url(name: str, case: Any, **kwargs: Any) -> str:
    return reverse(name, kwargs={"case_code": case.code, **kwargs})


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _errors_to_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _locked(request: HttpRequest, case: Any, obj: Any, back: str) -> HttpResponse:
    """An edit of an established version: refused, with the way forward (a new version)."""
    return render(
        request,
        "safetyplans/locked.html",
        _ctx(request, case, obj=obj, back=back, message=services.FINAL_LOCKED_MESSAGE),
        status=409,
    )


def _save_draft(
    request: HttpRequest,
    case: Any,
    form: Any,
    obj: Any,
    update: Any,
    target: dict[str, Any],
    *,
    title: str,
    back: str,
    lock_check: bool = True,
) -> HttpResponse | None:
    """Run one optimistic-locking save of a versioned draft; None means "show the form again".

    `update` is the service, called with the actor, the version the form was loaded at, the form's plain
    fields and `target` (the record and any related values). A stale version shows the conflict page with
    the user's text kept; a record that became final in the meantime shows the locked page; other
    validation errors land on the form.
    """
    try:
        update(actor=request.user, expected_version=form.expected_version(), fields=form.plain_fields(), **target)
    except services.StaleVersion as stale:
        return _conflict(request, case, form, stale.current, title, "")
    except ValidationError as error:
        if lock_check:
            obj.refresh_from_db()
            if not obj.is_editable:
                return _locked(request, case, obj, back)
        _apply_errors(form, error)
        return None
    messages.success(request, _("Saved."))
    return redirect(back)


def _save_form(request: HttpRequest, form: Any, save: Any, *, message: Any, then: Any) -> HttpResponse | None:
    """Run the service behind a valid form; None means "show the form again".

    On success: the message, then a redirect to `then`. Either may be a function of what save()
    returned (the new record). A refusal (ValidationError) lands on the form.
    """
    try:
        result = save()
    except ValidationError as error:
        _apply_errors(form, error)
        return None
    messages.success(request, message(result) if callable(message) else message)
    return redirect(then(result) if callable(then) else then)


def _saved_display(obj: Any, name: str) -> Any:
    """A saved value as the person reads it: the Dutch label of a choice, never its code."""
    from django.core.exceptions import FieldDoesNotExist

    value = getattr(obj, name)
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return value
    return dict(field.flatchoices).get(value, value) if field.choices else value


def _conflict(request: HttpRequest, case: Any, form: Any, current: Any, title: str, action: str) -> HttpResponse:
    """Someone saved first: show their version and keep this person's text in the form (409)."""
    # Read the saved values before binding: validating a ModelForm writes the input onto its instance.
    current_values = [
        (field.label, _saved_display(current, name))
        for name, field in form.fields.items()
        if name != "version" and isinstance(getattr(current, name, None), str) and getattr(current, name)
    ]
    data = request.POST.copy()
    data["version"] = str(current.version)
    if "danger_statement" in form.fields:
        data["danger_statement"] = str(current.danger_statement_id)  # fixed by the URL, not posted
    form = type(form)(
        data, instance=type(current).objects.get(pk=current.pk), case=case, **getattr(form, "_extra_kwargs", {})
    )
    form.is_valid()
    return render(
        request,
        "safetyplans/conflict.html",
        _ctx(request, case, form=form, current=current, current_values=current_values, title=title, action=action),
        status=409,
    )


# --- overview: danger statements, goals, bottom lines --------------------------------------------------


@require_GET
@login_required
def overview(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    audit_record_access(request=request, action="safetyplans.overview.viewed", obj=case, case=case)
    series = selectors.statement_series(case)
    active = selectors.active_statement_count_in(series)
    context = _ctx(
        request,
        case,
        statements=series,
        bottom_lines=selectors.bottom_line_series(case),
        too_many=active > services.ACTIVE_STATEMENT_LIMIT,
        active_count=active,
        chart=selectors.scaling_chart(case),
        section="statements",
    )
    return render(request, "safetyplans/overview.html", context)


# --- the map -------------------------------------------------------------------------------------------


@require_GET
@login_required
def map_list(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    audit_record_access(request=request, action="safetyplans.maps.viewed", obj=case, case=case)
    maps = list(selectors.maps_for(case))
    return render(request, "safetyplans/map_list.html", _ctx(request, case, maps=maps, section="map"))


@require_http_methods(["GET", "POST"])
@login_required
def map_create(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.map_form.viewed", obj=case, case=case)
    form = MappingForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        response = _save_form(
            request,
            form,
            lambda: services.mapping_create(
                case=case,
                actor=request.user,
                fields=form.plain_fields(),
                participants=form.cleaned_data["participants"],
                copy_from=form.cleaned_data.get("copy_from"),
            ),
            message=_("The map was made. Add what everyone said."),
            then=lambda mapping: _url("safety-map-detail", case, map_code=mapping.code),
        )
        if response is not None:
            return response
    return render(
        request, "safetyplans/form.html", _ctx(request, case, form=form, title=_("New safety map"), section="map")
    )


@require_GET
@login_required
def map_detail(request: HttpRequest, case_code: Any, map_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    mapping = selectors.get_in_case(Mapping, case, map_code)
    audit_record_access(request=request, action="safetyplans.map.viewed", obj=mapping, case=case)
    item_form = MappingItemForm(case=case, initial={"said_on": mapping.date})
    context = _ctx(
        request,
        case,
        mapping=mapping,
        columns=selectors.map_columns(mapping),
        item_form=item_form,
        other_maps=[m for m in selectors.maps_for(case) if m.pk != mapping.pk],
        section="map",
    )
    return render(request, "safetyplans/map_detail.html", context)


@require_GET
@login_required
def map_pdf(request: HttpRequest, case_code: Any, map_code: Any) -> HttpResponse:
    from .pdf import render_map_pdf

    case = _case(request, case_code)
    mapping = selectors.get_in_case(Mapping, case, map_code, related=("case",))
    audit_record_access(request=request, action="safetyplans.map.printed", obj=mapping, case=case)
    response = HttpResponse(render_map_pdf(mapping, selectors.map_columns(mapping)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="veiligheidskaart-{mapping.date:%Y-%m-%d}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def map_item_add(request: HttpRequest, case_code: Any, map_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    mapping = selectors.get_in_case(Mapping, case, map_code)
    form = MappingItemForm(request.POST, case=case)
    if form.is_valid():
        response = _save_form(
            request,
            form,
            lambda: services.mapping_item_add(
                mapping=mapping, actor=request.user, fields=form.plain_fields(), children=form.cleaned_data["children"]
            ),
            message=_("Added to the map."),
            then=_url("safety-map-detail", case, map_code=mapping.code) + "#add-item",
        )
        if response is not None:
            return response
    context = _ctx(
        request,
        case,
        mapping=mapping,
        columns=selectors.map_columns(mapping),
        item_form=form,
        other_maps=[m for m in selectors.maps_for(case) if m.pk != mapping.pk],
        section="map",
    )
    return render(request, "safetyplans/map_detail.html", context)


@require_POST
@login_required
def map_item_delete(request: HttpRequest, case_code: Any, map_code: Any, item_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    mapping = selectors.get_in_case(Mapping, case, map_code)
    item = selectors.get_in_case(MappingItem, mapping, item_code, via="mapping")
    services.mapping_item_delete(item=item, actor=request.user)
    messages.success(request, _("Removed from the map."))
    return redirect(_url("safety-map-detail", case, map_code=mapping.code))


@require_GET
@login_required
def map_compare(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    maps = list(selectors.maps_for(case))
    by_code = {str(m.code): m for m in maps}
    first = by_code.get(request.GET.get("a", ""))
    second = by_code.get(request.GET.get("b", ""))
    if first is None and len(maps) >= 2:
        first, second = maps[1], maps[0]  # the two most recent, oldest left
    rows = selectors.compare_maps(first, second) if first and second else []
    if first and second:
        audit_record_access(request=request, action="safetyplans.map.compared", obj=case, case=case)
    else:
        audit_record_access(request=request, action="safetyplans.map_compare.viewed", obj=case, case=case)
    return render(
        request,
        "safetyplans/map_compare.html",
        _ctx(request, case, maps=maps, first=first, second=second, rows=rows, section="map"),
    )


# --- danger statements -------------------------------------------------------------------------------------


def _statement_form_response(request, case, form, title, action_url, *, status=200):
    return render(
        request,
        "safetyplans/statement_form.html",
        _ctx(request, case, form=form, title=title, action=action_url, section="statements"),
        status=status,
    )


def _compose_preview(form: StatementForm) -> dict[str, Any]:
    """The "make the sentence" button: the parts as typed plus the composed text; nothing is saved.

    Returned as `initial` for an unbound form, so the page shows no "required" errors yet.
    """
    data = form.data
    initial: dict[str, Any] = {}
    for name, field in form.fields.items():
        initial[name] = (
            data.getlist(name)
            if hasattr(field, "queryset") and field.widget.allow_multiple_selected
            else data.get(name, "")
        )
    initial["statement_text"] = services.compose_statement_text(
        who_is_worried=data.get("who_is_worried", ""),
        worrying_behaviour=data.get("worrying_behaviour", ""),
        impact_on_child=data.get("impact_on_child", ""),
        if_nothing_changes=data.get("if_nothing_changes", ""),
    )
    return initial


@require_http_methods(["GET", "POST"])
@login_required
def statement_create(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.statement_form.viewed", obj=case, case=case)
    form = StatementForm(request.POST or None, case=case)
    title = _("New danger statement")
    if request.method == "POST":
        if "compose" in request.POST:
            form = StatementForm(initial=_compose_preview(form), case=case)
            return render(
                request,
                "safetyplans/statement_form.html",
                _ctx(request, case, form=form, title=title, composed=True, section="statements"),
            )
        if form.is_valid():
            try:
                statement = services.statement_create(
                    case=case,
                    actor=request.user,
                    fields=form.plain_fields(),
                    m2m=form.m2m_fields(),
                    status=form.cleaned_data.get("start_status") or StatementStatus.PROVISIONAL,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The danger statement was saved. Now pair it with a safety goal."))
                count = services.active_statement_count(case)
                if count > services.ACTIVE_STATEMENT_LIMIT:
                    messages.warning(request, services.TOO_MANY_STATEMENTS % {"count": count})
                return redirect(_url("safety-statement-detail", case, code=statement.code))
    return _statement_form_response(request, case, form, title, "")


@require_GET
@login_required
def statement_detail(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code)
    statement = selectors.get_in_case(DangerStatement, case, code)
    audit_record_access(request=request, action="safetyplans.statement.viewed", obj=statement, case=case)
    versions = selectors.history(statement)
    lineages = {v.pk for v in versions}
    goals = [g for g in SafetyGoal.objects.filter(case=case, danger_statement__in=lineages).order_by("created_at")]
    goal_series = selectors._series(goals)
    context = _ctx(
        request,
        case,
        statement=statement,
        versions=versions,
        goals=goal_series,
        status_form=StatusForm(),
        section="statements",
    )
    return render(request, "safetyplans/statement_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def statement_edit(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    statement = selectors.get_in_case(DangerStatement, case, code)
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.statement.viewed", obj=statement, case=case)
    back = _url("safety-statement-detail", case, code=statement.code)
    if not statement.is_editable:
        return _locked(request, case, statement, back)
    title = _("Change danger statement")
    form = StatementForm(request.POST or None, instance=statement, case=case)
    if request.method == "POST":
        if "compose" in request.POST:
            form = StatementForm(initial=_compose_preview(form), instance=statement, case=case)
            return render(
                request,
                "safetyplans/statement_form.html",
                _ctx(request, case, form=form, title=title, composed=True, section="statements"),
            )
        if form.is_valid():
            response = _save_draft(
                request,
                case,
                form,
                statement,
                services.statement_update,
                {"statement": statement, "m2m": form.m2m_fields()},
                title=title,
                back=back,
            )
            if response is not None:
                return response
    return _statement_form_response(request, case, form, title, "")


def _status_change(request, case, obj, service, kwarg, back):
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect(back)
    try:
        service(**{kwarg: obj}, actor=request.user, status=form.cleaned_data["status"], on=form.cleaned_data["on"])
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("The status was changed."))
    return redirect(back)


def _new_version(request, case, obj, service, kwarg, edit_name):
    try:
        new = service(**{kwarg: obj}, actor=request.user)
    except ValidationError as error:
        _errors_to_messages(request, error)
        return None
    messages.success(
        request,
        _("Version %(number)s was made as a draft. The earlier version stays unchanged.") % {"number": new.number},
    )
    return redirect(_url(edit_name, case, code=new.code))


def _status_view(model: Any, service: Any, kwarg: str, detail_name: str) -> Any:
    """The POST that changes the status of a danger statement, goal or bottom line, then back to its page."""

    @require_POST
    @login_required
    def view(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
        case = _case(request, case_code, write=True)
        obj = selectors.get_in_case(model, case, code)
        back = _url(detail_name, case, code=obj.code)
        return _status_change(request, case, obj, service, kwarg, back)

    return view


def _new_version_view(model: Any, service: Any, kwarg: str, edit_name: str, detail_name: str) -> Any:
    """The POST that makes a new draft version and opens it for editing; on refusal back to the detail page."""

    @require_POST
    @login_required
    def view(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
        case = _case(request, case_code, write=True)
        obj = selectors.get_in_case(model, case, code)
        response = _new_version(request, case, obj, service, kwarg, edit_name)
        return response or redirect(_url(detail_name, case, code=obj.code))

    return view


statement_status = _status_view(DangerStatement, services.statement_set_status, "statement", "safety-statement-detail")
statement_new_version = _new_version_view(
    DangerStatement, services.statement_new_version, "statement", "safety-statement-edit", "safety-statement-detail"
)


# --- safety goals --------------------------------------------------------------------------------------------


def _goal_form_response(request, case, form, title, statement, *, status=200):
    goal = form.instance if form.instance.pk else None
    return render(
        request,
        "safetyplans/goal_form.html",
        _ctx(request, case, form=form, title=title, statement=statement, goal=goal, section="statements"),
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def goal_create(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    statement = selectors.get_in_case(DangerStatement, case, code)
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.goal_form.viewed", obj=statement, case=case)
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None:
        data["danger_statement"] = str(statement.pk)
    form = GoalForm(data, case=case, initial={"danger_statement": statement.pk})
    if data is not None and form.is_valid():
        fields = form.plain_fields()
        try:
            goal = services.goal_create(case=case, actor=request.user, fields=fields)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            missing = goal.smart_missing()
            if missing:
                messages.warning(request, _("Saved. The SMART check still misses something: see below."))
            else:
                messages.success(request, _("The safety goal was saved."))
            return redirect(_url("safety-goal-detail", case, code=goal.code))
    return _goal_form_response(request, case, form, _("New safety goal"), statement)


@require_GET
@login_required
def goal_detail(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code)
    goal = selectors.get_in_case(SafetyGoal, case, code, related=("danger_statement",))
    audit_record_access(request=request, action="safetyplans.goal.viewed", obj=goal, case=case)
    context = _ctx(
        request,
        case,
        goal=goal,
        versions=selectors.history(goal),
        missing=goal.smart_missing(),
        status_form=StatusForm(),
        chart=selectors.scaling_chart(case, goal=goal),
        section="statements",
    )
    return render(request, "safetyplans/goal_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def goal_edit(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    goal = selectors.get_in_case(SafetyGoal, case, code, related=("danger_statement",))
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.goal.viewed", obj=goal, case=case)
    back = _url("safety-goal-detail", case, code=goal.code)
    if not goal.is_editable:
        return _locked(request, case, goal, back)
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None:
        data["danger_statement"] = str(goal.danger_statement_id)
    form = GoalForm(data, instance=goal, case=case)
    title = _("Change safety goal")
    if data is not None and form.is_valid():
        response = _save_draft(
            request,
            case,
            form,
            goal,
            services.goal_update,
            {"goal": goal},
            title=title,
            back=back,
        )
        if response is not None:
            return response
    return _goal_form_response(request, case, form, title, goal.danger_statement)


goal_status = _status_view(SafetyGoal, services.goal_set_status, "goal", "safety-goal-detail")
goal_new_version = _new_version_view(
    SafetyGoal, services.goal_new_version, "goal", "safety-goal-edit", "safety-goal-detail"
)


# --- bottom lines ---------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def bottom_line_create(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    if not _may_set_bottom_lines(request.user, case):
        _denied(request, case, "safetyplans.bottom_line.write_denied")
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.bottom_line_form.viewed", obj=case, case=case)
    form = BottomLineForm(request.POST or None, case=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        response = _save_form(
            request,
            form,
            lambda: services.bottom_line_create(
                case=case, actor=request.user, fields=form.plain_fields(), m2m=form.m2m_fields()
            ),
            message=_("The bottom line was saved."),
            then=lambda line: _url("safety-bottom-line-detail", case, code=line.code),
        )
        if response is not None:
            return response
    return render(
        request,
        "safetyplans/form.html",
        _ctx(request, case, form=form, title=_("New bottom line"), section="statements"),
    )


@require_GET
@login_required
def bottom_line_detail(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code)
    line = selectors.get_in_case(BottomLine, case, code)
    audit_record_access(request=request, action="safetyplans.bottom_line.viewed", obj=line, case=case)
    context = _ctx(
        request, case, line=line, versions=selectors.history(line), status_form=StatusForm(), section="statements"
    )
    return render(request, "safetyplans/bottom_line_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def bottom_line_edit(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    line = selectors.get_in_case(BottomLine, case, code)
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.bottom_line.viewed", obj=line, case=case)
    back = _url("safety-bottom-line-detail", case, code=line.code)
    if not line.is_editable:
        return _locked(request, case, line, back)
    form = BottomLineForm(request.POST or None, instance=line, case=case, user=request.user)
    form._extra_kwargs = {"user": request.user}
    title = _("Change bottom line")
    if request.method == "POST" and form.is_valid():
        response = _save_draft(
            request,
            case,
            form,
            line,
            services.bottom_line_update,
            {"line": line, "m2m": form.m2m_fields()},
            title=title,
            back=back,
        )
        if response is not None:
            return response
    return render(request, "safetyplans/form.html", _ctx(request, case, form=form, title=title, section="statements"))


bottom_line_status = _status_view(BottomLine, services.bottom_line_set_status, "line", "safety-bottom-line-detail")
bottom_line_new_version = _new_version_view(
    BottomLine, services.bottom_line_new_version, "line", "safety-bottom-line-edit", "safety-bottom-line-detail"
)


# --- scaling ---------------------------------------------------------------------------------------------------


@require_GET
@login_required
def scaling(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    audit_record_access(request=request, action="safetyplans.scaling.viewed", obj=case, case=case)
    scores = list(case.scaling_scores.select_related("person", "goal").order_by("-date", "voice", "pk")[:200])
    goal_charts = selectors.goal_charts(case)
    context = _ctx(
        request,
        case,
        chart=selectors.scaling_chart(case),
        goal_charts=goal_charts,
        scores=scores,
        section="scaling",
    )
    return render(request, "safetyplans/scaling.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def scaling_create(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.scaling_form.viewed", obj=case, case=case)
    form = ScalingRoundForm(request.POST or None, case=case)
    formset = ScoreFormSet(request.POST or None, form_kwargs={"case": case}, prefix="s")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [
            {
                "person": f.cleaned_data.get("person"),
                "scorer_name": (f.cleaned_data.get("scorer_name") or "").strip(),
                "voice": f.cleaned_data["voice"],
                "score": f.cleaned_data["score"],
                "why_not_lower": f.cleaned_data.get("why_not_lower", ""),
                "one_point_higher": f.cleaned_data.get("one_point_higher", ""),
            }
            for f in formset.forms
            if f.is_filled()
        ]
        response = _save_form(
            request,
            form,
            lambda: services.scaling_record(
                case=case,
                actor=request.user,
                on=form.cleaned_data["date"],
                scale_type=form.cleaned_data["scale_type"],
                goal=form.cleaned_data.get("goal"),
                rows=rows,
            ),
            message=_("%(count)s scores were saved.") % {"count": len(rows)},
            then=_url("safety-scaling", case),
        )
        if response is not None:
            return response
    return render(
        request,
        "safetyplans/scaling_form.html",
        _ctx(request, case, form=form, formset=formset, section="scaling"),
    )


# --- the child's voice ----------------------------------------------------------------------------------------


@require_GET
@login_required
def child_list(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    audit_record_access(request=request, action="safetyplans.child_work.viewed", obj=case, case=case)
    context = _ctx(
        request,
        case,
        conversations=list(selectors.conversations_for(case)),
        stories=list(selectors.stories_for(case)),
        section="child",
    )
    return render(request, "safetyplans/child_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def conversation_create(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.child_conversation_form.viewed", obj=case, case=case)
    form = ConversationForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        response = _save_form(
            request,
            form,
            lambda: services.conversation_create(case=case, actor=request.user, fields=form.plain_fields()),
            message=_("The conversation was saved. You can add drawings now."),
            then=lambda conversation: _url("safety-child-detail", case, code=conversation.code),
        )
        if response is not None:
            return response
    return render(
        request,
        "safetyplans/form.html",
        _ctx(request, case, form=form, title=_("New child conversation"), section="child"),
    )


@require_GET
@login_required
def conversation_detail(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code)
    conversation = selectors.get_in_case(ChildConversation, case, code, related=("child",))
    audit_record_access(request=request, action="safetyplans.child_conversation.viewed", obj=conversation, case=case)
    context = _ctx(
        request,
        case,
        conversation=conversation,
        drawings=list(conversation.drawings.all()),
        drawing_form=DrawingForm(),
        section="child",
    )
    return render(request, "safetyplans/conversation_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def conversation_edit(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    conversation = selectors.get_in_case(ChildConversation, case, code)
    if request.method == "GET":
        audit_record_access(
            request=request, action="safetyplans.child_conversation.viewed", obj=conversation, case=case
        )
    form = ConversationForm(request.POST or None, instance=conversation, case=case)
    if request.method == "POST" and form.is_valid():
        response = _save_form(
            request,
            form,
            lambda: services.conversation_update(
                conversation=conversation, actor=request.user, fields=form.plain_fields()
            ),
            message=_("Saved."),
            then=_url("safety-child-detail", case, code=conversation.code),
        )
        if response is not None:
            return response
    return render(
        request,
        "safetyplans/form.html",
        _ctx(request, case, form=form, title=_("Change child conversation"), section="child"),
    )


@require_POST
@login_required
def drawing_upload(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    conversation = selectors.get_in_case(ChildConversation, case, code, related=("child",))
    form = DrawingForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.drawing_add(
                case=case,
                actor=request.user,
                upload=form.cleaned_data["file"],
                conversation=conversation,
                house=form.cleaned_data["house"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The drawing was added."))
            return redirect(_url("safety-child-detail", case, code=conversation.code))
    context = _ctx(
        request,
        case,
        conversation=conversation,
        drawings=list(conversation.drawings.all()),
        drawing_form=form,
        section="child",
    )
    return render(request, "safetyplans/conversation_detail.html", context)


@require_GET
@login_required
def drawing_download(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    """Only through here: access-checked, as an attachment, never sniffed or run as a page."""
    case = _case(request, case_code)
    drawing = selectors.get_in_case(Drawing, case, code)
    try:
        handle = drawing.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit_record_access(request=request, action="safetyplans.drawing.downloaded", obj=drawing, case=case)
    extension = "png" if drawing.content_type == "image/png" else "jpg"
    response = FileResponse(
        handle, as_attachment=True, filename=f"tekening-{drawing.code}.{extension}", content_type=drawing.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Words & Pictures -------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def story_create(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.words_pictures_form.viewed", obj=case, case=case)
    form = StoryForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        response = _save_form(
            request,
            form,
            lambda: services.story_create(
                case=case, actor=request.user, fields=form.plain_fields(), children=form.cleaned_data["children"]
            ),
            message=_("The story was saved as a draft."),
            then=lambda story: _url("safety-story-detail", case, code=story.code),
        )
        if response is not None:
            return response
    context = _ctx(
        request,
        case,
        form=form,
        title=_("New Words & Pictures story"),
        reminders=selectors.not_to_share_reminders(case),
        section="child",
    )
    return render(request, "safetyplans/form.html", context)


def _story_context(request, case, story, **extra):
    story = selectors.story_with_pages(story)
    return _ctx(
        request,
        case,
        story=story,
        pages=list(story.pages.all()),
        page_form=extra.pop("page_form", StoryPageForm()),
        approve_form=StoryApproveForm(case=case),
        share_form=StoryShareForm(case=case),
        reminders=selectors.not_to_share_reminders(case),
        versions=list(WordsAndPictures.objects.filter(lineage=story.lineage, case=case).order_by("number")),
        section="child",
        **extra,
    )


@require_GET
@login_required
def story_detail(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code)
    story = selectors.get_in_case(WordsAndPictures, case, code)
    audit_record_access(request=request, action="safetyplans.words_pictures.viewed", obj=story, case=case)
    return render(request, "safetyplans/story_detail.html", _story_context(request, case, story))


@require_http_methods(["GET", "POST"])
@login_required
def story_edit(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    story = selectors.get_in_case(WordsAndPictures, case, code)
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.words_pictures.viewed", obj=story, case=case)
    back = _url("safety-story-detail", case, code=story.code)
    if not story.is_editable:
        return _locked(request, case, story, back)
    form = StoryForm(request.POST or None, instance=story, case=case)
    title = _("Change the story")
    if request.method == "POST" and form.is_valid():
        response = _save_draft(
            request,
            case,
            form,
            story,
            services.story_update,
            {"story": story, "children": form.cleaned_data["children"]},
            title=title,
            back=back,
        )
        if response is not None:
            return response
    return render(request, "safetyplans/form.html", _ctx(request, case, form=form, title=title, section="child"))


@require_POST
@login_required
def story_page_add(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    story = selectors.get_in_case(WordsAndPictures, case, code)
    form = StoryPageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.story_add_page(
                story=story, actor=request.user, text=form.cleaned_data["text"], upload=form.cleaned_data["picture"]
            )
        except ValidationError as error:
            form.add_error("picture" if form.cleaned_data.get("picture") else None, error)
        else:
            messages.success(request, _("The page was added."))
            return redirect(_url("safety-story-detail", case, code=story.code) + "#pages")
    return render(request, "safetyplans/story_detail.html", _story_context(request, case, story, page_form=form))


@require_POST
@login_required
def story_status(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    story = selectors.get_in_case(WordsAndPictures, case, code)
    back = _url("safety-story-detail", case, code=story.code)
    step = request.POST.get("step")
    try:
        if step == "discussed":
            services.story_mark_discussed(story=story, actor=request.user)
        elif step == "approve":
            form = StoryApproveForm(request.POST, case=case)
            if not form.is_valid():
                messages.error(request, _("Say which parent(s) approved the story, and when."))
                return redirect(back)
            services.story_approve(
                story=story,
                actor=request.user,
                approved_by=list(form.cleaned_data["approved_by"]),
                on=form.cleaned_data["on"],
            )
        elif step == "share":
            form = StoryShareForm(request.POST, case=case)
            if not form.is_valid():
                messages.error(request, _("Give the date the story was shared."))
                return redirect(back)
            services.story_share(
                story=story, actor=request.user, on=form.cleaned_data["on"], present=list(form.cleaned_data["present"])
            )
        elif step == "new_version":
            new = services.story_new_version(story=story, actor=request.user)
            messages.success(
                request,
                _("Version %(number)s was made as a draft. The earlier version stays unchanged.")
                % {"number": new.number},
            )
            return redirect(_url("safety-story-detail", case, code=new.code))
        else:
            messages.error(request, _("Choose a valid status."))
            return redirect(back)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("The status was changed."))
    return redirect(back)


@require_GET
@login_required
def story_pdf(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    from .pdf import render_story_pdf

    case = _case(request, case_code)
    story = selectors.story_with_pages(selectors.get_in_case(WordsAndPictures, case, code))
    audit_record_access(request=request, action="safetyplans.words_pictures.printed", obj=story, case=case)
    pdf = render_story_pdf(story)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="woord-en-beeld-{story.code}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- IPT competence analysis -----------------------------------------------------------------------------------


@require_GET
@login_required
def competence_list(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    audit_record_access(request=request, action="safetyplans.competences.viewed", obj=case, case=case)
    analyses = list(case.competence_analyses.select_related("person").prefetch_related("items", "skill_goals"))
    skill_goals = list(case.skill_goals.select_related("person", "linked_safety_goal", "network_support"))
    return render(
        request,
        "safetyplans/competence_list.html",
        _ctx(request, case, analyses=analyses, skill_goals=skill_goals, section="competence"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def competence_create(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.competence_form.viewed", obj=case, case=case)
    form = CompetenceAnalysisForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        response = _save_form(
            request,
            form,
            lambda: services.competence_analysis_create(
                case=case, actor=request.user, fields=form.plain_fields(), made_with=form.cleaned_data["made_with"]
            ),
            message=_("The competence analysis was saved. Add tasks, skills and factors."),
            then=lambda analysis: _url("safety-competence-detail", case, code=analysis.code),
        )
        if response is not None:
            return response
    return render(
        request,
        "safetyplans/form.html",
        _ctx(request, case, form=form, title=_("New competence analysis"), section="competence"),
    )


def _competence_context(request, case, analysis, **extra):
    items = list(analysis.items.all())
    grouped = {key: [i for i in items if i.type == key] for key, _label in CompetenceItemType.choices}
    task_weight = sum(i.weight for i in items if i.type in ("task", "stressor_env", "stressor_internal"))
    skill_weight = sum(i.weight for i in items if i.type in ("skill", "protective_personal", "protective_env"))
    return _ctx(
        request,
        case,
        analysis=analysis,
        grouped=[(key, label, grouped[key]) for key, label in CompetenceItemType.choices],
        task_weight=task_weight,
        skill_weight=skill_weight,
        item_form=extra.pop("item_form", CompetenceItemForm()),
        edit_form=extra.pop("edit_form", CompetenceAnalysisForm(instance=analysis, case=case)),
        skill_form=extra.pop("skill_form", SkillGoalForm(case=case, initial={"person": analysis.person_id})),
        skill_goals=list(analysis.skill_goals.select_related("linked_safety_goal", "network_support")),
        section="competence",
        **extra,
    )


@require_http_methods(["GET", "POST"])
@login_required
def competence_detail(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=request.method == "POST")
    analysis = selectors.get_in_case(CompetenceAnalysis, case, code, related=("person",))
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.competence.viewed", obj=analysis, case=case)
        return render(request, "safetyplans/competence_detail.html", _competence_context(request, case, analysis))
    form = CompetenceAnalysisForm(request.POST, instance=analysis, case=case)
    if form.is_valid():
        response = _save_draft(
            request,
            case,
            form,
            analysis,
            services.competence_analysis_update,
            {"analysis": analysis, "made_with": form.cleaned_data["made_with"]},
            title=_("Change competence analysis"),
            back=_url("safety-competence-detail", case, code=analysis.code),
            lock_check=False,
        )
        if response is not None:
            return response
    return render(
        request, "safetyplans/competence_detail.html", _competence_context(request, case, analysis, edit_form=form)
    )


@require_POST
@login_required
def competence_item_add(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    analysis = selectors.get_in_case(CompetenceAnalysis, case, code, related=("person",))
    form = CompetenceItemForm(request.POST)
    if form.is_valid():
        services.competence_item_add(analysis=analysis, actor=request.user, fields=form.cleaned_data)
        messages.success(request, _("Added."))
        return redirect(_url("safety-competence-detail", case, code=analysis.code) + "#items")
    return render(
        request, "safetyplans/competence_detail.html", _competence_context(request, case, analysis, item_form=form)
    )


@require_POST
@login_required
def skill_goal_create(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    analysis = selectors.get_in_case(CompetenceAnalysis, case, code, related=("person",))
    form = SkillGoalForm(request.POST, case=case)
    if form.is_valid():
        response = _save_form(
            request,
            form,
            lambda: services.skill_goal_create(
                case=case, actor=request.user, fields={**form.plain_fields(), "analysis": analysis}
            ),
            message=_("The skill goal was saved."),
            then=_url("safety-competence-detail", case, code=analysis.code) + "#skill-goals",
        )
        if response is not None:
            return response
    return render(
        request, "safetyplans/competence_detail.html", _competence_context(request, case, analysis, skill_form=form)
    )


# --- risk dialogue ------------------------------------------------------------------------------------------------


@require_GET
@login_required
def risk_list(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code)
    audit_record_access(request=request, action="safetyplans.risk_dialogues.viewed", obj=case, case=case)
    dialogues = list(case.risk_dialogues.prefetch_related("discussed_with"))
    return render(request, "safetyplans/risk_list.html", _ctx(request, case, dialogues=dialogues, section="risk"))


@require_http_methods(["GET", "POST"])
@login_required
def risk_create(request: HttpRequest, case_code: Any) -> HttpResponse:
    case = _case(request, case_code, write=True)
    if request.method == "GET":
        audit_record_access(request=request, action="safetyplans.risk_dialogue_form.viewed", obj=case, case=case)
    form = RiskStartForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        assessment = services.risk_dialogue_start(
            case=case,
            actor=request.user,
            fields=form.plain_fields(),
            discussed_with=form.cleaned_data["discussed_with"],
        )
        messages.success(request, _("The conversation was started with the list of risk factors."))
        return redirect(_url("safety-risk-detail", case, code=assessment.code))
    return render(
        request, "safetyplans/form.html", _ctx(request, case, form=form, title=_("New risk dialogue"), section="risk")
    )


@require_http_methods(["GET", "POST"])
@login_required
def risk_detail(request: HttpRequest, case_code: Any, code: Any) -> HttpResponse:
    case = _case(request, case_code, write=request.method == "POST")
    assessment = selectors.get_in_case(RiskAssessment, case, code)
    items = list(assessment.items.all())
    data = request.POST if request.method == "POST" else None
    overall = RiskOverallForm(data, instance=assessment, prefix="overall")
    item_forms = [(item, RiskItemForm(data, instance=item, prefix=f"i{item.pk}")) for item in items]
    if data is not None:
        if overall.is_valid() and all(f.is_valid() for _item, f in item_forms):
            services.risk_dialogue_update(
                assessment=assessment,
                actor=request.user,
                fields=overall.cleaned_data,
                items=[(item, f.cleaned_data) for item, f in item_forms if f.has_changed()],
            )
            messages.success(request, _("Saved."))
            return redirect(_url("safety-risk-detail", case, code=assessment.code))
    else:
        audit_record_access(request=request, action="safetyplans.risk_dialogue.viewed", obj=assessment, case=case)
    return render(
        request,
        "safetyplans/risk_detail.html",
        _ctx(request, case, assessment=assessment, overall=overall, item_forms=item_forms, section="risk"),
    )
