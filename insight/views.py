"""Insight dashboards: thin views over `insight.selectors`.

Only coördinators and werkbegeleiders of a team read them (403 for every other role, as on the capacity
pages); the figures and the case lists behind them only count cases the gate lets the viewer see.
"""

from __future__ import annotations

import csv
import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cocon.accounts.models import User
from cocon.accounts.stepup import require_step_up
from cocon.audit.services import audit_record_access

from . import selectors

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _reader(request: HttpRequest) -> None:
    if not selectors.may_read_insight(request.user):
        raise PermissionDenied


def safe_cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@require_http_methods(["GET"])
@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    _reader(request)
    data = selectors.caseload(request.user, today=timezone.localdate())
    return render(request, "insight/caseload.html", {"tab": "caseload", **data, "tables": [data["table"]]})


@require_http_methods(["GET"])
@login_required
def fidelity(request: HttpRequest) -> HttpResponse:
    _reader(request)
    data = selectors.fidelity(request.user, today=timezone.localdate())
    return render(request, "insight/fidelity.html", {"tab": "fidelity", **data, "tables": [data["table"]]})


@require_http_methods(["GET"])
@login_required
def flow(request: HttpRequest) -> HttpResponse:
    _reader(request)
    data = selectors.flow(request.user, today=timezone.localdate())
    return render(request, "insight/flow.html", {"tab": "flow", **data})


def _tables(request: HttpRequest) -> dict[str, selectors.Table]:
    today = timezone.localdate()
    return {
        "caseload": lambda: selectors.caseload(request.user, today=today)["table"],
        "fidelity": lambda: selectors.fidelity(request.user, today=today)["table"],
        "flow-start": lambda: selectors.flow(request.user, today=today)["start"],
        "flow-phases": lambda: selectors.flow(request.user, today=today)["phases"],
        "flow-outcomes": lambda: selectors.flow(request.user, today=today)["outcomes"],
        "flow-follow-up": lambda: selectors.flow(request.user, today=today)["follow_up"],
    }


@require_http_methods(["GET"])
@login_required
def export_csv(request: HttpRequest, table: str) -> HttpResponse:
    _reader(request)
    makers = _tables(request)
    if table not in makers:
        raise Http404
    require_step_up(request)  # a bulk export: password or code from the last 5 minutes (B8)
    data = makers[table]()
    audit_record_access(request=request, action=f"insight.{table}.exported", obj=request.user.team)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inzicht-{table}-{timezone.localdate():%Y%m%d}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow([safe_cell(h) for h in data.headers])
    for row in data.plain_rows():
        writer.writerow([safe_cell(c) for c in row])
    return response


@require_http_methods(["GET"])
@login_required
def case_list(request: HttpRequest, measure: str) -> HttpResponse:
    """The cases behind a figure: only open cases of the team that the viewer may see."""
    _reader(request)
    today = timezone.localdate()
    state = "missing" if request.GET.get("state") == "missing" else "met"
    if measure == "under-target":
        ids = selectors.under_target_ids(request.user, today=today)
        qs = selectors.team_cases(request.user).filter(pk__in=ids)
        title = _("Cases under the weekly target two weeks in a row")
    elif measure == "open":
        qs = selectors.cases_for_measure(request.user, "open", state="met", today=today)
        title = _("Open cases")
    elif measure in selectors.MEASURES:
        qs = selectors.cases_for_measure(request.user, measure, state=state, today=today)
        label = selectors.MEASURES[measure]
        title = (_("Open cases without: %(measure)s") if state == "missing" else _("Open cases with: %(measure)s")) % {
            "measure": label
        }
    else:
        raise Http404
    worker = None
    if request.GET.get("worker"):
        try:
            code = uuid.UUID(request.GET["worker"])
        except ValueError:
            raise Http404 from None
        worker = User.objects.filter(code=code, team_id=request.user.team_id).first()
        if worker is None:
            raise Http404
        qs = qs.filter(lead_worker=worker)
    cases = list(qs.select_related("lead_worker", "co_worker").order_by("reference")[:500])
    return render(
        request,
        "insight/case_list.html",
        {
            "tab": "",
            "cases": cases,
            "title": title,
            "worker": worker,
            "measure": measure,
            "state": state,
            "has_states": measure in selectors.MEASURES,
        },
    )
