"""Authorization matrix rows of the safetyplans app (see tests/authz.py).

Reads: workers, supervisor, coordinator and the linked consultant. Writes: workers, supervisor and
coordinator; the consultant gets 403 — except bottom lines, which the consultant sets.
"""

from __future__ import annotations

from tests.authz import (
    CASE_READ,
    CASE_WRITE,
    FORBIDDEN,
    GET_NOT_ALLOWED,
    NOT_ALLOWED,
    OK,
    POST_NOT_ALLOWED,
    Row,
    expect,
)

from .factories import (
    AgreementFactory,
    BottomLineFactory,
    ChildConversationFactory,
    CompetenceAnalysisFactory,
    DangerStatementFactory,
    IncidentFactory,
    MappingFactory,
    MappingItemFactory,
    RiskAssessmentFactory,
    SafetyGoalFactory,
    SafetyPlanFactory,
    WordsAndPicturesFactory,
    drawing_for,
)

POST_ONLY_GET = expect(NOT_ALLOWED, anon=NOT_ALLOWED, inactive_user=NOT_ALLOWED)
BOTTOM_LINE_CREATE = expect("404", worker=OK, co_worker=OK, supervisor=OK, coordinator=OK, consultant_shared=OK)
assert FORBIDDEN and GET_NOT_ALLOWED  # imported for readers of this table


def case_kw(case):
    return {"case_code": case.code}


def map_kw(case):
    return {"case_code": case.code, "map_code": MappingFactory(case=case).code}


def item_kw(case):
    item = MappingItemFactory(mapping=MappingFactory(case=case))
    return {"case_code": case.code, "map_code": item.mapping.code, "item_code": item.code}


def statement_kw(case):
    return {"case_code": case.code, "code": DangerStatementFactory(case=case).code}


def goal_kw(case):
    return {"case_code": case.code, "code": SafetyGoalFactory(case=case).code}


def bottom_line_kw(case):
    return {"case_code": case.code, "code": BottomLineFactory(case=case).code}


def conversation_kw(case):
    return {"case_code": case.code, "code": ChildConversationFactory(case=case).code}


def drawing_kw(case):
    return {"case_code": case.code, "code": drawing_for(case).code}


def story_kw(case):
    return {"case_code": case.code, "code": WordsAndPicturesFactory(case=case).code}


def competence_kw(case):
    return {"case_code": case.code, "code": CompetenceAnalysisFactory(case=case).code}


def risk_kw(case):
    return {"case_code": case.code, "code": RiskAssessmentFactory(case=case).code}


def plan_kw(case):
    return {"case_code": case.code, "code": SafetyPlanFactory(case=case).code}


def agreement_kw(case):
    agreement = AgreementFactory(plan=SafetyPlanFactory(case=case))
    return {"case_code": case.code, "code": agreement.plan.code, "agreement_code": agreement.code}


def check_kw(case):
    return {"case_code": case.code, "agreement_code": AgreementFactory(plan=SafetyPlanFactory(case=case)).code}


def pdf_kw(case):
    return {**plan_kw(case), "document": "family"}


def sheet_kw(case):
    agreement = AgreementFactory(plan=SafetyPlanFactory(case=case))
    return {"case_code": case.code, "code": agreement.plan.code, "person_code": agreement.monitor_network.code}


def signature_kw(case):
    from django.core.files.base import ContentFile

    from safetyplans.models import PlanSignOff, PlanStatus

    from .factories import png_bytes

    plan = SafetyPlanFactory(case=case, status=PlanStatus.FINAL)
    sign_off = PlanSignOff(plan=plan, signer_role="parent", name="Sarah", signed_on="2025-04-09")
    sign_off.scan.save("scan.png", ContentFile(png_bytes()), save=False)
    sign_off.scan_content_type = "image/png"
    sign_off.save()
    return {"case_code": case.code, "code": plan.code, "sign_off_code": sign_off.code}


def incident_kw(case):
    return {"case_code": case.code, "code": IncidentFactory(case=case).code}


# The consultant (and a supervisor standing in) reviews the plan; the workers and the coordinator may not.
REVIEW_POST = expect(
    "404", worker=FORBIDDEN, co_worker=FORBIDDEN, supervisor=OK, coordinator=FORBIDDEN, consultant_shared=OK
)


def read(name, kwargs=case_kw):
    return Row(name, kwargs=kwargs, get=CASE_READ, post=POST_NOT_ALLOWED)


def form(name, kwargs=case_kw):
    return Row(name, kwargs=kwargs, get=CASE_WRITE, post=CASE_WRITE)


def action(name, kwargs):
    return Row(name, kwargs=kwargs, get=POST_ONLY_GET, post=CASE_WRITE)


ROWS = [
    read("safety-overview"),
    read("safety-map-list"),
    form("safety-map-create"),
    read("safety-map-compare"),
    read("safety-map-detail", map_kw),
    read("safety-map-pdf", map_kw),
    action("safety-map-item-add", map_kw),
    action("safety-map-item-delete", item_kw),
    form("safety-statement-create"),
    read("safety-statement-detail", statement_kw),
    form("safety-statement-edit", statement_kw),
    action("safety-statement-status", statement_kw),
    action("safety-statement-new-version", statement_kw),
    form("safety-goal-create", statement_kw),
    read("safety-goal-detail", goal_kw),
    form("safety-goal-edit", goal_kw),
    action("safety-goal-status", goal_kw),
    action("safety-goal-new-version", goal_kw),
    Row("safety-bottom-line-create", kwargs=case_kw, get=BOTTOM_LINE_CREATE, post=BOTTOM_LINE_CREATE),
    read("safety-bottom-line-detail", bottom_line_kw),
    form("safety-bottom-line-edit", bottom_line_kw),
    action("safety-bottom-line-status", bottom_line_kw),
    action("safety-bottom-line-new-version", bottom_line_kw),
    read("safety-scaling"),
    form("safety-scaling-create"),
    read("safety-child-list"),
    form("safety-child-create"),
    read("safety-child-detail", conversation_kw),
    form("safety-child-edit", conversation_kw),
    action("safety-drawing-upload", conversation_kw),
    read("safety-drawing-download", drawing_kw),
    form("safety-story-create"),
    read("safety-story-detail", story_kw),
    form("safety-story-edit", story_kw),
    action("safety-story-page-add", story_kw),
    action("safety-story-status", story_kw),
    read("safety-story-pdf", story_kw),
    read("safety-competence-list"),
    form("safety-competence-create"),
    Row("safety-competence-detail", kwargs=competence_kw, get=CASE_READ, post=CASE_WRITE),
    action("safety-competence-item-add", competence_kw),
    action("safety-skill-goal-create", competence_kw),
    read("safety-risk-list"),
    form("safety-risk-create"),
    Row("safety-risk-detail", kwargs=risk_kw, get=CASE_READ, post=CASE_WRITE),
    read("safety-plan-list"),
    form("safety-plan-create"),
    read("safety-plan-compare"),
    read("safety-plan-detail", plan_kw),
    form("safety-plan-edit", plan_kw),
    form("safety-agreement-create", plan_kw),
    form("safety-agreement-edit", agreement_kw),
    form("safety-agreement-delete", agreement_kw),
    form("safety-plan-from-solutions", plan_kw),
    action("safety-plan-submit", plan_kw),
    Row("safety-plan-review", kwargs=plan_kw, get=CASE_READ, post=REVIEW_POST),
    form("safety-plan-check", plan_kw),
    form("safety-plan-finalise", plan_kw),
    form("safety-plan-sign", plan_kw),
    form("safety-plan-child-version", plan_kw),
    form("safety-plan-new-version", plan_kw),
    action("safety-plan-status", plan_kw),
    read("safety-plan-pdf", pdf_kw),
    read("safety-plan-sheet-pdf", sheet_kw),
    read("safety-plan-signature-download", signature_kw),
    read("safety-monitoring"),
    form("safety-check-create", check_kw),
    form("safety-incident-create"),
    action("safety-incident-close", incident_kw),
]
