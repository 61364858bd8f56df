from __future__ import annotations

from django.urls import path

from . import views

# Included under cases/<uuid:case_code>/network/ (cocon/urls.py).
urlpatterns = [
    path("", views.network_home, name="network-home"),
    path("members/new/", views.member_create, name="network-member-create"),
    path("members/<uuid:member_code>/edit/", views.member_edit, name="network-member-edit"),
    path("genogram/", views.genogram, name="network-genogram"),
    path("genogram/print/", views.genogram_print, name="network-genogram-print"),
    path("genogram/relations/new/", views.relation_create, name="network-relation-create"),
    path("genogram/relations/<uuid:relation_code>/delete/", views.relation_delete, name="network-relation-delete"),
    path("genogram/persons/new/", views.genogram_person_create, name="network-person-create"),
    path("circle/", views.circle, name="network-circle"),
    path("circle/print/", views.circle_print, name="network-circle-print"),
    path("analysis/", views.analysis, name="network-analysis"),
    path("jim/", views.jim, name="network-jim"),
    path("jim/<uuid:search_code>/", views.jim_search_edit, name="network-jim-search-edit"),
    path("jim/<uuid:search_code>/candidates/new/", views.jim_candidate_create, name="network-jim-candidate-create"),
    path("jim/candidates/<uuid:candidate_code>/", views.jim_candidate_edit, name="network-jim-candidate-edit"),
    path("jim/<uuid:search_code>/designate/", views.jim_designate, name="network-jim-designate"),
    path("meetings/", views.meetings, name="network-meetings"),
    path("meetings/new/", views.meeting_create, name="network-meeting-create"),
    path("meetings/<uuid:meeting_code>/", views.meeting_detail, name="network-meeting"),
    path("meetings/<uuid:meeting_code>/edit/", views.meeting_edit, name="network-meeting-edit"),
    path("meetings/<uuid:meeting_code>/solutions/", views.solution_create, name="network-solution-create"),
    path("solutions/<uuid:solution_code>/", views.solution_decide, name="network-solution-decide"),
    path("meetings/<uuid:meeting_code>/invitation/", views.meeting_invitation, name="network-meeting-invitation"),
    path("meetings/<uuid:meeting_code>/summary/", views.meeting_summary, name="network-meeting-summary"),
]
