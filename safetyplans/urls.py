"""Mounted at cases/<uuid:case_code>/safety/ (cocon/urls.py)."""

from __future__ import annotations

from django.urls import path

from . import views, views_plans

urlpatterns = [
    path("", views.overview, name="safety-overview"),
    # the map
    path("maps/", views.map_list, name="safety-map-list"),
    path("maps/new/", views.map_create, name="safety-map-create"),
    path("maps/compare/", views.map_compare, name="safety-map-compare"),
    path("maps/<uuid:map_code>/", views.map_detail, name="safety-map-detail"),
    path("maps/<uuid:map_code>/pdf/", views.map_pdf, name="safety-map-pdf"),
    path("maps/<uuid:map_code>/items/", views.map_item_add, name="safety-map-item-add"),
    path("maps/<uuid:map_code>/items/<uuid:item_code>/delete/", views.map_item_delete, name="safety-map-item-delete"),
    # danger statements
    path("statements/new/", views.statement_create, name="safety-statement-create"),
    path("statements/<uuid:code>/", views.statement_detail, name="safety-statement-detail"),
    path("statements/<uuid:code>/edit/", views.statement_edit, name="safety-statement-edit"),
    path("statements/<uuid:code>/status/", views.statement_status, name="safety-statement-status"),
    path("statements/<uuid:code>/new-version/", views.statement_new_version, name="safety-statement-new-version"),
    path("statements/<uuid:code>/goals/new/", views.goal_create, name="safety-goal-create"),
    # safety goals
    path("goals/<uuid:code>/", views.goal_detail, name="safety-goal-detail"),
    path("goals/<uuid:code>/edit/", views.goal_edit, name="safety-goal-edit"),
    path("goals/<uuid:code>/status/", views.goal_status, name="safety-goal-status"),
    path("goals/<uuid:code>/new-version/", views.goal_new_version, name="safety-goal-new-version"),
    # bottom lines
    path("bottom-lines/new/", views.bottom_line_create, name="safety-bottom-line-create"),
    path("bottom-lines/<uuid:code>/", views.bottom_line_detail, name="safety-bottom-line-detail"),
    path("bottom-lines/<uuid:code>/edit/", views.bottom_line_edit, name="safety-bottom-line-edit"),
    path("bottom-lines/<uuid:code>/status/", views.bottom_line_status, name="safety-bottom-line-status"),
    path("bottom-lines/<uuid:code>/new-version/", views.bottom_line_new_version, name="safety-bottom-line-new-version"),
    # scaling
    path("scaling/", views.scaling, name="safety-scaling"),
    path("scaling/new/", views.scaling_create, name="safety-scaling-create"),
    # the child's voice
    path("child/", views.child_list, name="safety-child-list"),
    path("child/new/", views.conversation_create, name="safety-child-create"),
    path("child/<uuid:code>/", views.conversation_detail, name="safety-child-detail"),
    path("child/<uuid:code>/edit/", views.conversation_edit, name="safety-child-edit"),
    path("child/<uuid:code>/drawings/", views.drawing_upload, name="safety-drawing-upload"),
    path("drawings/<uuid:code>/download/", views.drawing_download, name="safety-drawing-download"),
    # Words & Pictures
    path("words-pictures/new/", views.story_create, name="safety-story-create"),
    path("words-pictures/<uuid:code>/", views.story_detail, name="safety-story-detail"),
    path("words-pictures/<uuid:code>/edit/", views.story_edit, name="safety-story-edit"),
    path("words-pictures/<uuid:code>/pages/", views.story_page_add, name="safety-story-page-add"),
    path("words-pictures/<uuid:code>/status/", views.story_status, name="safety-story-status"),
    path("words-pictures/<uuid:code>/pdf/", views.story_pdf, name="safety-story-pdf"),
    # IPT competence analysis
    path("competence/", views.competence_list, name="safety-competence-list"),
    path("competence/new/", views.competence_create, name="safety-competence-create"),
    path("competence/<uuid:code>/", views.competence_detail, name="safety-competence-detail"),
    path("competence/<uuid:code>/items/", views.competence_item_add, name="safety-competence-item-add"),
    path("competence/<uuid:code>/skill-goals/", views.skill_goal_create, name="safety-skill-goal-create"),
    # the safety plan (issue 8)
    path("plans/", views_plans.plan_list, name="safety-plan-list"),
    path("plans/new/", views_plans.plan_create, name="safety-plan-create"),
    path("plans/compare/", views_plans.plan_compare, name="safety-plan-compare"),
    path("plans/<uuid:code>/", views_plans.plan_detail, name="safety-plan-detail"),
    path("plans/<uuid:code>/edit/", views_plans.plan_edit, name="safety-plan-edit"),
    path("plans/<uuid:code>/agreements/new/", views_plans.agreement_create, name="safety-agreement-create"),
    path(
        "plans/<uuid:code>/agreements/<uuid:agreement_code>/edit/",
        views_plans.agreement_edit,
        name="safety-agreement-edit",
    ),
    path(
        "plans/<uuid:code>/agreements/<uuid:agreement_code>/delete/",
        views_plans.agreement_delete,
        name="safety-agreement-delete",
    ),
    path("plans/<uuid:code>/from-proposals/", views_plans.plan_from_solutions, name="safety-plan-from-solutions"),
    path("plans/<uuid:code>/submit/", views_plans.plan_submit, name="safety-plan-submit"),
    path("plans/<uuid:code>/review/", views_plans.plan_review, name="safety-plan-review"),
    path("plans/<uuid:code>/check/", views_plans.plan_check, name="safety-plan-check"),
    path("plans/<uuid:code>/definitive/", views_plans.plan_finalise, name="safety-plan-finalise"),
    path("plans/<uuid:code>/sign/", views_plans.plan_sign, name="safety-plan-sign"),
    path(
        "plans/<uuid:code>/signatures/<uuid:sign_off_code>/download/",
        views_plans.sign_off_scan,
        name="safety-plan-signature-download",
    ),
    path("plans/<uuid:code>/child-version/", views_plans.plan_child_version, name="safety-plan-child-version"),
    path("plans/<uuid:code>/new-version/", views_plans.plan_new_version, name="safety-plan-new-version"),
    path("plans/<uuid:code>/status/", views_plans.plan_status, name="safety-plan-status"),
    path("plans/<uuid:code>/print/<str:document>/", views_plans.plan_pdf, name="safety-plan-pdf"),
    path(
        "plans/<uuid:code>/print/sheet/<uuid:person_code>/", views_plans.member_sheet_pdf, name="safety-plan-sheet-pdf"
    ),
    # monitoring (step 12)
    path("monitoring/", views_plans.monitoring, name="safety-monitoring"),
    path("monitoring/agreements/<uuid:agreement_code>/check/", views_plans.check_create, name="safety-check-create"),
    path("monitoring/incidents/new/", views_plans.incident_create, name="safety-incident-create"),
    path("monitoring/incidents/<uuid:code>/close/", views_plans.incident_close, name="safety-incident-close"),
    # risk dialogue
    path("risk/", views.risk_list, name="safety-risk-list"),
    path("risk/new/", views.risk_create, name="safety-risk-create"),
    path("risk/<uuid:code>/", views.risk_detail, name="safety-risk-detail"),
]
