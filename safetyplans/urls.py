"""Mounted at cases/<uuid:case_code>/safety/ (cocon/urls.py)."""

from __future__ import annotations

from django.urls import path

from . import views

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
    # risk dialogue
    path("risk/", views.risk_list, name="safety-risk-list"),
    path("risk/new/", views.risk_create, name="safety-risk-create"),
    path("risk/<uuid:code>/", views.risk_detail, name="safety-risk-detail"),
]
